// Requests and small hooks the sales screens share: pipelines, stage moves, record names.
import { useEffect, useState } from 'react';
import { ApiError, get, request, type Page } from '../../api/client';
import type { Opportunity, Pipeline, Stage } from './salesTypes';

export async function listPipelines(signal?: AbortSignal): Promise<Pipeline[]> {
  return (await get<Page<Pipeline>>('/api/v1/pipelines', undefined, signal)).items;
}

// Moves an opportunity to a stage, guarded by the version the screen showed (412 when stale).
export async function moveStage(opportunity: Pick<Opportunity, 'id' | 'version'>, stageId: string,
                                lostReason?: string): Promise<Opportunity> {
  const json: Record<string, string> = { stageId };
  if (lostReason) json.lostReason = lostReason;
  const response = await request<Opportunity>(`/api/v1/opportunities/${opportunity.id}/stage`, {
    method: 'POST', json, ifMatch: opportunity.version,
  });
  return response.data;
}

export function isConflict(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 412 || error.status === 409);
}

export function stageOf(pipeline: Pipeline | undefined, stageId: string | null | undefined): Stage | undefined {
  return pipeline?.stages.find((s) => s.id === stageId);
}

export function stageKind(stage: Stage | undefined): 'open' | 'won' | 'lost' {
  return stage?.kind ?? 'open';
}

// Names of companies and contacts by id, fetched once per page load and shared by every screen.
type Kind = 'companies' | 'contacts';
const names = new Map<string, Promise<string | null>>();

function fetchName(kind: Kind, id: string): Promise<string | null> {
  const key = `${kind}/${id}`;
  let found = names.get(key);
  if (!found) {
    found = get<{ name?: string; displayName?: string }>(`/api/v1/${kind}/${id}`)
      .then((record) => record.displayName ?? record.name ?? null)
      .catch(() => {
        names.delete(key);
        return null;
      });
    names.set(key, found);
  }
  return found;
}

// Remembers a name the screen already knows (a record it just created or picked).
export function rememberName(kind: Kind, id: string, name: string): void {
  names.set(`${kind}/${id}`, Promise.resolve(name));
}

export function useRecordNames(kind: Kind, ids: (string | null | undefined)[]): Record<string, string> {
  const wanted = Array.from(new Set(ids.filter((id): id is string => !!id))).sort();
  const key = wanted.join(',');
  const [known, setKnown] = useState<Record<string, string>>({});
  useEffect(() => {
    let live = true;
    const missing = key ? key.split(',') : [];
    // At most six at a time, so a full board does not flood the server.
    const queue = [...missing];
    const worker = async () => {
      for (let id = queue.shift(); id; id = queue.shift()) {
        const name = await fetchName(kind, id);
        if (!live) return;
        if (name !== null) setKnown((k) => (k[id!] === name ? k : { ...k, [id!]: name }));
      }
    };
    void Promise.all(Array.from({ length: Math.min(6, queue.length) }, worker));
    return () => { live = false; };
  }, [kind, key]);
  return known;
}

// The search box's hits for one kind (companies or contacts), for pickers.
export interface Hit {
  id: string;
  title: string;
  snippet?: string;
}

export async function searchKind(kind: 'company' | 'contact', q: string, signal?: AbortSignal): Promise<Hit[]> {
  const result = await get<{ items: { kind: string; id: string; title: string; snippet: string }[] }>(
    '/api/v1/search', { q, kind, limit: 30 }, signal);
  return result.items.filter((hit) => hit.kind === kind).map((hit) => ({ id: hit.id, title: hit.title, snippet: hit.snippet }));
}

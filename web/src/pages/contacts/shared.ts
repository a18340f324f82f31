// Shapes and helpers shared by the contact and company screens.
import { useEffect, useRef } from 'react';
import { get, type Page } from '../../api/client';
import type { Money, RecordBase } from '../../api/types';

export const lifecycleStages = ['subscriber', 'lead', 'mql', 'sql', 'opportunity', 'customer', 'evangelist', 'other'] as const;
export const leadStatuses = ['new', 'attempted', 'connected', 'open_deal', 'nurturing', 'bad_timing', 'unqualified'] as const;
export const socialNetworks = ['linkedin', 'twitter', 'facebook', 'instagram', 'mastodon', 'youtube', 'tiktok', 'github', 'website', 'other'] as const;
export const sizeBands = ['1-10', '11-50', '51-200', '201-1000', '1000+'] as const;
export const relationshipKinds = ['knows', 'colleague', 'reports_to', 'referred', 'influences', 'family', 'friend', 'follows', 'other'] as const;
export const channels = ['meeting', 'call', 'email', 'linkedin', 'twitter', 'facebook', 'instagram', 'whatsapp', 'sms',
  'chat', 'review', 'forum', 'event', 'web', 'note', 'other'] as const;

export type CustomValue = string | number | boolean | null;

export interface ContactEmail { address: string; primary?: boolean; label?: string | null }
export interface ContactPhone { number: string; primary?: boolean; label?: string | null }
export interface SocialProfile { network: string; handle: string; url?: string | null }

export interface Contact extends RecordBase {
  displayName: string;
  firstName?: string | null;
  lastName?: string | null;
  emails: ContactEmail[];
  phones: ContactPhone[];
  title?: string | null;
  companyId?: string | null;
  ownerId?: string | null;
  country?: string | null;
  city?: string | null;
  lifecycleStage: string;
  leadStatus?: string | null;
  socialProfiles: SocialProfile[];
  tags: string[];
  customFields?: Record<string, CustomValue>;
}

export interface Company extends RecordBase {
  name: string;
  domain?: string | null;
  industry?: string | null;
  sizeBand?: string | null;
  segment?: string | null;
  country?: string | null;
  city?: string | null;
  tags: string[];
  ownerId?: string | null;
  customFields?: Record<string, CustomValue>;
}

export interface CustomField extends RecordBase {
  object: 'contact' | 'company' | 'opportunity';
  key: string;
  label?: string;
  type: 'text' | 'number' | 'date' | 'boolean' | 'enum' | 'url';
  options?: string[];
  position?: number;
}

export interface Relationship extends RecordBase {
  fromContactId: string;
  toContactId: string;
  kind: string;
  directed?: boolean;
  strength?: number;
  since?: string | null;
  source?: string | null;
  note?: string | null;
}

export interface Participant { type?: 'contact' | 'user'; id: string; role?: string | null }

export interface Interaction extends RecordBase {
  channel: string;
  direction: string;
  occurredAt: string;
  durationSec?: number | null;
  subject?: string | null;
  body?: string | null;
  outcome?: string | null;
  summary?: string;
  participants: Participant[];
  companyId?: string | null;
  opportunityId?: string | null;
}

export interface Note extends RecordBase {
  body: string;
  recordType: string;
  recordId: string;
}

export interface Task extends RecordBase {
  title: string;
  description?: string | null;
  dueAt?: string | null;
  assigneeId?: string | null;
  status: 'open' | 'done' | 'cancelled';
  priority: 'low' | 'normal' | 'high' | 'urgent';
  linkedRecord?: { type: string; id: string } | null;
  completedAt?: string | null;
}

export interface TimelineItem {
  kind: string;
  recordId: string;
  occurredAt: string;
  channel?: string | null;
  direction?: string | null;
  actor?: { type: 'user' | 'contact'; id: string } | null;
  summary: string;
  // The facts the summary words, for the reader's language (see timelineText.ts).
  detail?: Record<string, unknown> | null;
}

export interface Opportunity extends RecordBase {
  name: string;
  pipelineId: string;
  stageId: string;
  amount?: Money | null;
  expectedCloseDate?: string | null;
  companyId?: string | null;
  ownerId?: string | null;
  status: 'open' | 'won' | 'lost';
  rotting?: boolean;
}

// Two contacts made one (GET /api/v1/contacts/{id}/merges): mergedId was folded into survivorId.
export interface ContactMerge {
  id: string;
  survivorId: string;
  mergedId: string;
  source: 'api' | 'identify' | 'alias';
  status: 'merged' | 'undone';
  reason?: string | null;
  mergedAt: string;
  mergedBy?: string | null;
  undoneAt?: string | null;
  undoneBy?: string | null;
  moved: Partial<Record<MovedKind, number>> & {
    added?: { emails?: string[]; phones?: string[]; socialProfiles?: [string, string][]; tags?: string[];
              fields?: Record<string, unknown> };
  };
}

// What a merge moves, in the order a summary lists it.
export const movedKinds = ['interactions', 'notes', 'tasks', 'documents', 'opportunities', 'relationships', 'events',
  'identities'] as const;
export type MovedKind = typeof movedKinds[number];

export interface Pipeline { id: string; name: string; stages: { id: string; name: string }[] }

export interface SearchHit {
  kind: 'contact' | 'company' | 'interaction';
  id: string;
  title: string;
  snippet: string;
  highlights?: { text: string; match: boolean }[];
}

// A small cache of record names (company and contact names on lists, graphs and links).
// Missing or hidden records resolve to null.
const nameCache = new Map<string, Promise<string | null>>();

export function recordName(kind: 'company' | 'contact', id: string): Promise<string | null> {
  const key = `${kind}:${id}`;
  let hit = nameCache.get(key);
  if (!hit) {
    const path = kind === 'company' ? `/api/v1/companies/${id}` : `/api/v1/contacts/${id}`;
    hit = get<Company | Contact>(path)
      .then((r) => ('name' in r ? r.name : r.displayName) || null)
      .catch(() => { nameCache.delete(key); return null; });
    nameCache.set(key, hit);
  }
  return hit;
}

export function rememberName(kind: 'company' | 'contact', id: string, name: string): void {
  nameCache.set(`${kind}:${id}`, Promise.resolve(name));
}

export function forgetName(kind: 'company' | 'contact', id: string): void {
  nameCache.delete(`${kind}:${id}`);
}

// Custom field definitions per object, loaded once per page visit.
const fieldCache = new Map<string, Promise<CustomField[]>>();

export function customFields(object: 'contact' | 'company'): Promise<CustomField[]> {
  let hit = fieldCache.get(object);
  if (!hit) {
    hit = get<Page<CustomField>>('/api/v1/custom-fields', { object })
      .then((page) => [...page.items].sort((a, b) => (a.position ?? 0) - (b.position ?? 0)))
      .catch(() => { fieldCache.delete(object); return []; });
    fieldCache.set(object, hit);
    // Definitions change in settings: keep them for a minute only.
    setTimeout(() => fieldCache.delete(object), 60_000);
  }
  return hit;
}

// "a, b ,c" -> ["a", "b", "c"], without duplicates.
export function splitTags(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const tag = part.trim();
    if (tag) seen.add(tag);
  }
  return [...seen];
}

// Runs jobs at most `width` at a time.
export async function pool<T, R>(items: T[], width: number, job: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await job(items[index], index);
    }
  });
  await Promise.all(workers);
  return results;
}

// An absolute link for a social profile: its URL when it has one, else one built from the handle.
export function profileUrl(profile: SocialProfile): string | null {
  if (profile.url && /^https?:\/\//i.test(profile.url)) return profile.url;
  const handle = profile.handle.replace(/^@/, '');
  switch (profile.network) {
    case 'linkedin': return `https://www.linkedin.com/in/${encodeURIComponent(handle)}`;
    case 'twitter': return `https://x.com/${encodeURIComponent(handle)}`;
    case 'facebook': return `https://www.facebook.com/${encodeURIComponent(handle)}`;
    case 'instagram': return `https://www.instagram.com/${encodeURIComponent(handle)}`;
    case 'youtube': return `https://www.youtube.com/@${encodeURIComponent(handle)}`;
    case 'tiktok': return `https://www.tiktok.com/@${encodeURIComponent(handle)}`;
    case 'github': return `https://github.com/${encodeURIComponent(handle)}`;
    case 'website': return /^[\w.-]+\.[a-z]{2,}/i.test(handle) ? `https://${handle}` : null;
    default: return null;
  }
}

// A datetime-local value (local time, minutes) for now, and back to an ISO instant.
export function localNow(): string {
  const d = new Date();
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

// Pushes a debounced text into the address when the text (not the address) changed.
export function useSettledParam(value: string, current: string, push: (value: string) => void): void {
  const last = useRef(value);
  useEffect(() => {
    if (value === last.current) return;
    last.current = value;
    if (value !== current) push(value);
  }, [value, current, push]);
}

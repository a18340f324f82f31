// Pipelines and their stages: name, scope (segment, size band, campaign) and the ordered stages
// with probability, rot days and kind. Removing a stage that holds opportunities asks where they go
// (PATCH "moveOpportunities": {removed stage id: target stage id}).
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, del, get, newIdempotencyKey, post, request } from '../../api/client';
import type { RecordBase } from '../../api/types';
import { useSignedIn } from '../../auth/session';
import { SelectField, TextArea, TextField } from '../../components/Field';
import { EmptyState, ErrorBanner, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { useAsync } from '../../lib/useAsync';
import { AdminOnlyNotice, ConfirmDialog, Flash, SectionHeader, asApiError, useFlash } from './shared';

export type StageKind = 'open' | 'won' | 'lost';
export interface Stage {
  id: string;
  name: string;
  probability: number;
  rotDays?: number | null;
  kind: StageKind;
}
export interface Pipeline extends RecordBase {
  name: string;
  description?: string | null;
  stages: Stage[];
  segment?: string | null;
  sizeBand?: string | null;
  campaignId?: string | null;
}

const sizeBands = ['1-10', '11-50', '51-200', '201-1000', '1000+'];
const kinds: StageKind[] = ['open', 'won', 'lost'];

interface DraftStage {
  key: string;
  id?: string;
  name: string;
  probability: string;
  rotDays: string;
  kind: StageKind;
}

let draftCounter = 0;
function draftKey() { draftCounter += 1; return `new-${draftCounter}`; }

function toDraft(stage: Stage): DraftStage {
  return {
    key: stage.id, id: stage.id, name: stage.name, probability: String(stage.probability),
    rotDays: stage.rotDays ? String(stage.rotDays) : '', kind: stage.kind,
  };
}

function stagePayload(s: DraftStage) {
  const probability = Number(s.probability);
  return {
    ...(s.id ? { id: s.id } : {}),
    name: s.name.trim(),
    probability: s.probability.trim() === '' || Number.isNaN(probability) ? 0 : Math.round(probability),
    rotDays: s.rotDays.trim() === '' ? null : Math.round(Number(s.rotDays)),
    kind: s.kind,
  };
}

export default function PipelinesSettings() {
  const { t } = useI18n();
  const { isAdmin, role } = useSignedIn();
  const { pipelineId } = useParams();
  const navigate = useNavigate();
  const [showDeleted, setShowDeleted] = useState(false);
  const list = useAsync((signal) => get<{ items: Pipeline[] }>('/api/v1/pipelines', undefined, signal), []);
  const deleted = useAsync((signal) => (showDeleted
    ? get<{ items: Pipeline[] }>('/api/v1/pipelines', { deleted: true }, signal)
    : Promise.resolve({ items: [] as Pipeline[] })), [showDeleted]);
  const [flash, setFlash] = useFlash();
  const [restoreError, setRestoreError] = useState<unknown>(null);

  const pipelines = list.data?.items ?? [];
  const selected = pipelineId === 'new' ? undefined : pipelines.find((p) => p.id === pipelineId) ?? pipelines[0];

  const restore = async (p: Pipeline) => {
    setRestoreError(null);
    try {
      await request(`/api/v1/pipelines/${p.id}/restore`, { method: 'POST', ifMatch: p.version });
      list.reload();
      deleted.reload();
      setFlash(t('settings.pipelines.restored', { name: p.name }));
      navigate(`/settings/pipelines/${p.id}`);
    } catch (failure) {
      setRestoreError(failure);
    }
  };

  return (
    <section aria-labelledby="settings-pipelines">
      <SectionHeader id="settings-pipelines" title={t('settings.pipelines.title')} intro={t('settings.pipelines.intro')}
        actions={isAdmin && <Link className="button primary" to="/settings/pipelines/new">{t('settings.pipelines.new')}</Link>} />
      {!isAdmin && <AdminOnlyNotice role={role} what={t('settings.pipelines.what')} />}
      <Flash message={flash} />
      {list.error ? <ErrorBanner error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : (
        <div className="settings-split">
          <div>
            <nav aria-label={t('settings.pipelines.listLabel')} className="card pipeline-list">
              {pipelines.length === 0 && <p className="muted">{t('settings.pipelines.none')}</p>}
              <ul>
                {pipelines.map((p) => (
                  <li key={p.id}>
                    <Link to={`/settings/pipelines/${p.id}`} aria-current={selected?.id === p.id && pipelineId !== 'new' ? 'page' : undefined}>
                      <strong>{p.name}</strong>
                      <span className="muted small">{t('settings.pipelines.stageCount', { count: p.stages.length })}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
            {isAdmin && (
              <div className="card">
                <label className="checkbox">
                  <input type="checkbox" checked={showDeleted} onChange={(e) => setShowDeleted(e.target.checked)} />
                  {t('settings.pipelines.showDeleted')}
                </label>
                <ErrorBanner error={restoreError} />
                {showDeleted && (deleted.data?.items.filter((p) => p.deletedAt).length ?? 0) === 0 && !deleted.loading &&
                  <p className="muted small">{t('settings.pipelines.noneDeleted')}</p>}
                <ul className="plain-list">
                  {deleted.data?.items.filter((p) => p.deletedAt).map((p) => (
                    <li key={p.id} className="row">
                      <span>{p.name}</span>
                      <button type="button" onClick={() => void restore(p)}
                        aria-label={t('settings.pipelines.restoreNamed', { name: p.name })}>{t('common.restore')}</button>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </div>
          <div>
            {pipelineId === 'new' ? (
              isAdmin ? <PipelineEditor key="new" readOnly={false}
                onSaved={(p) => { list.reload(); setFlash(t('settings.pipelines.created', { name: p.name })); navigate(`/settings/pipelines/${p.id}`); }}
                onDeleted={() => undefined} />
                : <AdminOnlyNotice role={role} what={t('settings.pipelines.what')} />
            ) : selected ? (
              <PipelineEditor key={`${selected.id}-${selected.version}`} pipeline={selected} readOnly={!isAdmin}
                onSaved={() => { list.reload(); setFlash(t('common.saved')); }}
                onDeleted={(p) => { list.reload(); deleted.reload(); setFlash(t('settings.pipelines.deleted', { name: p.name })); navigate('/settings/pipelines'); }} />
            ) : (
              <EmptyState message={t('settings.pipelines.empty')}
                action={isAdmin ? <Link className="button primary" to="/settings/pipelines/new">{t('settings.pipelines.new')}</Link> : undefined} />
            )}
          </div>
        </div>
      )}
    </section>
  );
}

function PipelineEditor({ pipeline, readOnly, onSaved, onDeleted }: {
  pipeline?: Pipeline; readOnly: boolean; onSaved: (p: Pipeline) => void; onDeleted: (p: Pipeline) => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(pipeline?.name ?? '');
  const [description, setDescription] = useState(pipeline?.description ?? '');
  const [segment, setSegment] = useState(pipeline?.segment ?? '');
  const [sizeBand, setSizeBand] = useState(pipeline?.sizeBand ?? '');
  const [campaignId, setCampaignId] = useState(pipeline?.campaignId ?? '');
  const [stages, setStages] = useState<DraftStage[]>(() => pipeline ? pipeline.stages.map(toDraft) : [
    { key: draftKey(), name: t('settings.pipelines.defaultStage.new'), probability: '10', rotDays: '14', kind: 'open' },
    { key: draftKey(), name: t('settings.pipelines.defaultStage.proposal'), probability: '50', rotDays: '21', kind: 'open' },
    { key: draftKey(), name: t('settings.pipelines.defaultStage.won'), probability: '100', rotDays: '', kind: 'won' },
    { key: draftKey(), name: t('settings.pipelines.defaultStage.lost'), probability: '0', rotDays: '', kind: 'lost' },
  ]);
  const [removed, setRemoved] = useState<{ stage: DraftStage; moveTo: string }[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const focusAfter = useRef<string | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement | null>());
  const idempotency = useMemo(() => newIdempotencyKey(), []);

  // Opportunities per stage (from the board), so a removal can ask where they go.
  const counts = useAsync(async (signal) => {
    if (!pipeline) return new Map<string, number>();
    const board = await get<{ columns: { stage: Stage; count: number }[] }>(
      `/api/v1/pipelines/${pipeline.id}/board`, { limit: 1 }, signal);
    return new Map(board.columns.map((c) => [c.stage.id, c.count]));
  }, [pipeline?.id]);

  useEffect(() => {
    if (focusAfter.current) {
      const target = buttons.current.get(focusAfter.current) ??
        document.querySelector<HTMLElement>(`[data-focus-key="${focusAfter.current}"]`);
      target?.focus();
      focusAfter.current = null;
    }
  });

  const update = (key: string, change: Partial<DraftStage>) =>
    setStages((list) => list.map((s) => (s.key === key ? { ...s, ...change } : s)));

  const move = (index: number, delta: number, direction: 'up' | 'down') => {
    const target = index + delta;
    if (target < 0 || target >= stages.length) return;
    const next = [...stages];
    const [item] = next.splice(index, 1);
    next.splice(target, 0, item);
    setStages(next);
    // Keep focus on the same button, or the other one when this one reaches the end.
    const atEnd = (direction === 'up' && target === 0) || (direction === 'down' && target === next.length - 1);
    focusAfter.current = `${item.key}:${atEnd ? (direction === 'up' ? 'down' : 'up') : direction}`;
  };

  const removeStage = (stage: DraftStage) => {
    setStages((list) => list.filter((s) => s.key !== stage.key));
    if (stage.id) setRemoved((list) => [...list, { stage, moveTo: '' }]);
  };

  const undoRemove = (key: string) => {
    const entry = removed.find((r) => r.stage.key === key);
    if (!entry) return;
    setRemoved((list) => list.filter((r) => r.stage.key !== key));
    setStages((list) => [...list, entry.stage]);
  };

  const addStage = () => {
    const stage: DraftStage = { key: draftKey(), name: '', probability: '0', rotDays: '', kind: 'open' };
    // New open stages go before the first closed (won/lost) stage.
    setStages((list) => {
      const closed = list.findIndex((s) => s.kind !== 'open');
      const next = [...list];
      next.splice(closed < 0 ? list.length : closed, 0, stage);
      return next;
    });
    focusAfter.current = `${stage.key}:name`;
  };

  const holding = (id?: string) => (id ? counts.data?.get(id) ?? 0 : 0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const missing = removed.find((r) => holding(r.stage.id) > 0 && !r.moveTo);
    if (missing) {
      setError(new ApiError(422, 'invalid', t('settings.pipelines.chooseTarget', { name: missing.stage.name }), 'invalid_argument',
        [{ field: `moveOpportunities.${missing.stage.id}`, message: t('settings.pipelines.chooseTargetShort') }]));
      return;
    }
    const body: Record<string, unknown> = {
      name: name.trim(),
      description: description.trim() || null,
      segment: segment.trim() || null,
      sizeBand: sizeBand || null,
      campaignId: campaignId.trim() || null,
      stages: stages.map(stagePayload),
    };
    const moves: Record<string, string> = {};
    for (const r of removed) if (r.stage.id && r.moveTo) moves[r.stage.id] = r.moveTo;
    setBusy(true);
    try {
      let saved: Pipeline;
      if (pipeline) {
        if (Object.keys(moves).length) body.moveOpportunities = moves;
        saved = (await request<Pipeline>(`/api/v1/pipelines/${pipeline.id}`, { method: 'PATCH', json: body, ifMatch: pipeline.version })).data;
      } else {
        saved = await post<Pipeline>('/api/v1/pipelines', body, { idempotencyKey: idempotency });
      }
      onSaved(saved);
    } catch (failure) {
      setError(asApiError(failure));
      counts.reload();
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!pipeline) return;
    setConfirmDelete(false);
    try {
      await del(`/api/v1/pipelines/${pipeline.id}`, pipeline.version);
      onDeleted(pipeline);
    } catch (failure) {
      setError(asApiError(failure));
    }
  };

  const exact = (field: string) => error?.fieldErrors.find((e) => e.field === field)?.message;
  const placed = (field: string) => /^(name|description|segment|sizeBand|campaignId|stages|moveOpportunities(\..+)?|stages\[\d+\](\.(name|id|probability|rotDays|kind))?)$/.test(field);
  const unplaced = error && (error.fieldErrors.length === 0 || error.fieldErrors.some((e) => !placed(e.field)));
  const titleId = `pipeline-editor-${pipeline?.id ?? 'new'}`;

  return (
    <form className="card pipeline-editor" onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h2 id={titleId}>{pipeline ? t('settings.pipelines.editTitle', { name: pipeline.name }) : t('settings.pipelines.newTitle')}</h2>
      <fieldset disabled={readOnly || busy}>
        <legend className="visually-hidden">{t('settings.pipelines.details')}</legend>
        {unplaced && <ErrorBanner error={error} />}
        {error && !unplaced && <p className="banner banner-error" role="alert">{t('error.fields')}</p>}
        <div className="form-grid">
          <TextField label={t('settings.pipelines.name')} value={name} required maxLength={200}
            onChange={(e) => setName(e.target.value)} error={exact('name')} />
          <TextField label={t('settings.pipelines.segment')} value={segment} maxLength={100}
            onChange={(e) => setSegment(e.target.value)} error={exact('segment')} hint={t('settings.pipelines.scopeHint')} />
          <SelectField label={t('settings.pipelines.sizeBand')} value={sizeBand} onChange={(e) => setSizeBand(e.target.value)}
            error={exact('sizeBand')}
            options={[{ value: '', label: t('settings.pipelines.anySize') }, ...sizeBands.map((b) => ({ value: b, label: t('settings.pipelines.employees', { band: b }) }))]} />
          <TextField label={t('settings.pipelines.campaign')} value={campaignId} maxLength={100}
            onChange={(e) => setCampaignId(e.target.value)} error={exact('campaignId')} />
        </div>
        <TextArea label={t('settings.pipelines.description')} value={description} maxLength={2000} rows={2}
          onChange={(e) => setDescription(e.target.value)} error={exact('description')} />

        <h3>{t('settings.pipelines.stages')}</h3>
        <p className="muted small">{t('settings.pipelines.stagesHint')}</p>
        {exact('stages') && <p className="field-error" role="alert">{exact('stages')}</p>}
        <ol className="stage-list">
          {stages.map((stage, index) => {
            const at = `stages[${index}]`;
            const label = stage.name || t('settings.pipelines.unnamedStage', { n: index + 1 });
            const count = holding(stage.id);
            return (
              <li key={stage.key} className="stage-row" data-stage={stage.id ?? ''}>
                <span className="stage-index" aria-hidden="true">{index + 1}</span>
                <div className="stage-fields">
                  <TextField label={t('settings.pipelines.stageName')} value={stage.name} maxLength={100} required
                    onChange={(e) => update(stage.key, { name: e.target.value })}
                    error={exact(`${at}.name`) ?? exact(`${at}.id`) ?? exact(at)}
                    data-focus-key={`${stage.key}:name`}
                    hint={stage.id ? t('settings.pipelines.stageId', { id: stage.id }) : t('settings.pipelines.stageNew')} />
                  <TextField label={t('settings.pipelines.probability')} type="number" min={0} max={100} step={1}
                    inputMode="numeric" value={stage.probability}
                    onChange={(e) => update(stage.key, { probability: e.target.value })} error={exact(`${at}.probability`)} />
                  <TextField label={t('settings.pipelines.rotDays')} type="number" min={1} max={3650} step={1}
                    inputMode="numeric" value={stage.rotDays} placeholder={t('settings.pipelines.rotNever')}
                    onChange={(e) => update(stage.key, { rotDays: e.target.value })} error={exact(`${at}.rotDays`)} />
                  <SelectField label={t('settings.pipelines.kind')} value={stage.kind}
                    onChange={(e) => update(stage.key, { kind: e.target.value as StageKind })} error={exact(`${at}.kind`)}
                    options={kinds.map((k) => ({ value: k, label: t(`settings.pipelines.kind.${k}`) }))} />
                </div>
                <div className="stage-actions">
                  {count > 0 && <span className="chip">{t('settings.pipelines.holds', { count })}</span>}
                  <button type="button" ref={(el) => { buttons.current.set(`${stage.key}:up`, el); }}
                    disabled={index === 0} onClick={() => move(index, -1, 'up')}
                    aria-label={t('settings.pipelines.moveUp', { name: label })} title={t('settings.pipelines.moveUp', { name: label })}>↑</button>
                  <button type="button" ref={(el) => { buttons.current.set(`${stage.key}:down`, el); }}
                    disabled={index === stages.length - 1} onClick={() => move(index, 1, 'down')}
                    aria-label={t('settings.pipelines.moveDown', { name: label })} title={t('settings.pipelines.moveDown', { name: label })}>↓</button>
                  <button type="button" className="danger" disabled={stages.length <= 1} onClick={() => removeStage(stage)}
                    aria-label={t('settings.pipelines.removeStage', { name: label })}>{t('common.remove')}</button>
                </div>
              </li>
            );
          })}
        </ol>
        <button type="button" onClick={addStage}>{t('settings.pipelines.addStage')}</button>

        {removed.length > 0 && (
          <div className="removed-stages">
            <h3>{t('settings.pipelines.removedTitle')}</h3>
            <ul className="plain-list">
              {removed.map((r) => {
                const count = holding(r.stage.id);
                const targets = stages.filter((s) => s.id && s.kind === r.stage.kind);
                return (
                  <li key={r.stage.key} className="removed-stage">
                    <span><s>{r.stage.name}</s> {count > 0
                      ? t('settings.pipelines.removedHolds', { count })
                      : t('settings.pipelines.removedEmpty')}</span>
                    {count > 0 && (
                      <SelectField label={t('settings.pipelines.moveTo', { name: r.stage.name })} value={r.moveTo}
                        error={exact(`moveOpportunities.${r.stage.id}`) ?? (exact('moveOpportunities')?.includes(r.stage.id ?? '\u0000') ? exact('moveOpportunities') : undefined)}
                        hint={t('settings.pipelines.sameKind')}
                        onChange={(e) => { setRemoved((list) => list.map((x) => (x.stage.key === r.stage.key ? { ...x, moveTo: e.target.value } : x))); setError(null); }}
                        options={[{ value: '', label: t('settings.pipelines.chooseStage') }, ...targets.map((s) => ({ value: s.id!, label: s.name }))]} />
                    )}
                    <button type="button" onClick={() => undoRemove(r.stage.key)}
                      aria-label={t('settings.pipelines.undoRemove', { name: r.stage.name })}>{t('settings.pipelines.undo')}</button>
                  </li>
                );
              })}
            </ul>
          </div>
        )}

        <div className="form-actions">
          {pipeline && <button type="button" className="danger" onClick={() => setConfirmDelete(true)}>{t('settings.pipelines.delete')}</button>}
          <span className="spacer" />
          {pipeline && <button type="button" onClick={() => { setStages(pipeline.stages.map(toDraft)); setRemoved([]); setError(null);
            setName(pipeline.name); setDescription(pipeline.description ?? ''); setSegment(pipeline.segment ?? '');
            setSizeBand(pipeline.sizeBand ?? ''); setCampaignId(pipeline.campaignId ?? ''); }}>{t('settings.common.discard')}</button>}
          <button type="submit" className="primary">{busy ? t('common.saving') : pipeline ? t('settings.pipelines.save') : t('settings.pipelines.create')}</button>
        </div>
      </fieldset>
      {pipeline && (
        <ConfirmDialog open={confirmDelete} danger title={t('settings.pipelines.deleteTitle', { name: pipeline.name })}
          body={t('settings.pipelines.deleteBody')} confirmLabel={t('common.delete')}
          onConfirm={() => void remove()} onCancel={() => setConfirmDelete(false)} />
      )}
    </form>
  );
}

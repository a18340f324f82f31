// The audit log: who did what, when, from where, newest first. Filters live in the address so a
// view can be shared; each entry's changes open as plain text (never HTML).
import { Fragment, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { get, type Page } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { useCursorPages, Pager } from '../../components/Pager';
import { SelectField, TextField } from '../../components/Field';
import { EmptyState, ErrorBanner, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { useAsync } from '../../lib/useAsync';
import type { ApiKey } from './KeysSettings';
import { AdminOnlyNotice, SectionHeader } from './shared';

export interface AuditEntry {
  id: string;
  occurredAt: string;
  actorType: 'user' | 'api_key' | 'system';
  actorId?: string | null;
  keyId?: string | null;
  ip?: string | null;
  requestId?: string | null;
  action: string;
  recordType?: string | null;
  recordId?: string | null;
  changes?: unknown;
}

export const auditActions = ['create', 'update', 'delete', 'restore', 'merge', 'unmerge', 'login', 'login_failed', 'logout',
  'key_create', 'key_revoke', 'export', 'erase', 'consent', 'password'];

function text(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  if (typeof value === 'string') return JSON.stringify(value);
  return JSON.stringify(value);
}

// The changes as lines of text: "field: before → after" for updates, the record for creates.
export function describeChanges(changes: unknown): string {
  if (changes === null || changes === undefined) return '';
  if (typeof changes !== 'object' || Array.isArray(changes)) return JSON.stringify(changes, null, 2);
  const entries = Object.entries(changes as Record<string, unknown>);
  const isDiff = entries.length > 0 && entries.every(([, v]) => Array.isArray(v) && v.length === 2);
  if (isDiff) return entries.map(([k, v]) => `${k}: ${text((v as unknown[])[0])} → ${text((v as unknown[])[1])}`).join('\n');
  return JSON.stringify(changes, null, 2);
}

function recordPath(type?: string | null, id?: string | null): string | undefined {
  if (!type || !id) return undefined;
  switch (type) {
    case 'contact': return `/contacts/${id}`;
    case 'company': return `/companies/${id}`;
    case 'opportunity': return `/opportunities/${id}`;
    case 'interaction': return `/interactions/${id}`;
    case 'pipeline': return `/settings/pipelines/${id}`;
    case 'user': return '/settings/users';
    case 'team': return '/settings/teams';
    case 'custom_field': return '/settings/custom-fields';
    case 'api_key': return '/settings/keys';
    case 'exchange_rate': return '/settings/exchange-rates';
    case 'workspace': return '/settings/workspace';
    default: return undefined;
  }
}

// Local calendar day -> the instant it starts (or the next one starts, for "to").
function dayToIso(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y, m - 1, d + (end ? 1 : 0)).toISOString();
}

export default function AuditLogSettings() {
  const { t, locale } = useI18n();
  const { isAdmin, role, users, userName } = useSignedIn();
  const [params, setParams] = useSearchParams();
  const filters = {
    actorId: params.get('actorId') ?? '', action: params.get('action') ?? '', recordId: params.get('recordId') ?? '',
    from: params.get('from') ?? '', to: params.get('to') ?? '',
  };
  const [draft, setDraft] = useState(filters);
  const pages = useCursorPages();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const key = JSON.stringify(filters);

  const log = useAsync((signal) => (isAdmin ? get<Page<AuditEntry>>('/api/v1/audit', {
    actorId: filters.actorId, action: filters.action, recordId: filters.recordId.trim(),
    from: dayToIso(filters.from, false), to: dayToIso(filters.to, true), cursor: pages.cursor, limit: 50,
  }, signal) : Promise.resolve({ items: [], nextCursor: null })), [key, pages.cursor, isAdmin]);
  const keys = useAsync((signal) => (isAdmin ? get<{ items: ApiKey[] }>('/api/v1/keys', undefined, signal)
    : Promise.resolve({ items: [] as ApiKey[] })), [isAdmin]);
  const keyName = (id?: string | null) => keys.data?.items.find((k) => k.id === id)?.name;

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(draft)) if (v.trim()) next.set(k, v.trim());
    setParams(next);
    pages.reset();
  };
  const clear = () => {
    setDraft({ actorId: '', action: '', recordId: '', from: '', to: '' });
    setParams(new URLSearchParams());
    pages.reset();
  };
  const toggle = (id: string) => setOpen((set) => {
    const next = new Set(set);
    if (next.has(id)) next.delete(id); else next.add(id);
    return next;
  });

  const actor = (e: AuditEntry) => {
    if (e.actorType === 'system') return t('settings.audit.system');
    const person = e.actorId ? userName(e.actorId) : undefined;
    const known = person && person !== '—' ? person : e.actorId ?? undefined;
    if (e.actorType === 'api_key') {
      const name = keyName(e.keyId);
      return known ? t('settings.audit.viaKey', { name: known, key: name ?? e.keyId ?? '?' })
        : t('settings.audit.keyOnly', { key: name ?? e.keyId ?? '?' });
    }
    return known ?? t('common.unknown');
  };

  const actionLabel = (a: string) => {
    const label = t(`settings.audit.action.${a}`);
    return label.startsWith('settings.audit.action.') ? a : label;
  };
  const recordTypeLabel = (type: string) => {
    const label = t(`settings.audit.type.${type}`);
    return label.startsWith('settings.audit.type.') ? type : label;
  };

  if (!isAdmin) {
    return (
      <section aria-labelledby="settings-audit">
        <SectionHeader id="settings-audit" title={t('settings.audit.title')} intro={t('settings.audit.intro')} />
        <AdminOnlyNotice role={role} what={t('settings.audit.what')} />
      </section>
    );
  }

  const items = log.data?.items ?? [];
  return (
    <section aria-labelledby="settings-audit">
      <SectionHeader id="settings-audit" title={t('settings.audit.title')} intro={t('settings.audit.intro')} />
      <form className="card audit-filters" onSubmit={apply} aria-label={t('settings.audit.filters')}>
        <div className="toolbar">
          <SelectField label={t('settings.audit.actor')} value={draft.actorId} onChange={(e) => setDraft({ ...draft, actorId: e.target.value })}
            options={[{ value: '', label: t('settings.audit.anyone') }, ...users.map((u) => ({ value: u.id, label: u.name || u.email })),
              ...(draft.actorId && !users.some((u) => u.id === draft.actorId) ? [{ value: draft.actorId, label: draft.actorId }] : [])]} />
          <SelectField label={t('settings.audit.action')} value={draft.action} onChange={(e) => setDraft({ ...draft, action: e.target.value })}
            options={[{ value: '', label: t('settings.audit.anyAction') }, ...auditActions.map((a) => ({ value: a, label: actionLabel(a) }))]} />
          <TextField label={t('settings.audit.recordId')} value={draft.recordId} spellCheck={false} autoComplete="off"
            onChange={(e) => setDraft({ ...draft, recordId: e.target.value })} />
          <TextField label={t('settings.audit.from')} type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          <TextField label={t('settings.audit.to')} type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          <div className="row">
            <button type="submit" className="primary">{t('common.apply')}</button>
            <button type="button" onClick={clear}>{t('common.clear')}</button>
          </div>
        </div>
      </form>
      {log.error ? <ErrorBanner error={log.error} onRetry={log.reload} /> : null}
      {log.loading && !log.data ? <Loading /> : items.length === 0 ? (
        <EmptyState message={t('settings.audit.empty')} />
      ) : (
        <>
          <div className="table-wrap" aria-busy={log.loading}>
            <table className="audit-table">
              <caption className="visually-hidden">{t('settings.audit.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('settings.audit.when')}</th>
                  <th scope="col">{t('settings.audit.who')}</th>
                  <th scope="col">{t('settings.audit.action')}</th>
                  <th scope="col">{t('settings.audit.record')}</th>
                  <th scope="col">{t('settings.audit.origin')}</th>
                  <th scope="col">{t('settings.audit.changes')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => {
                  const expanded = open.has(e.id);
                  const detail = describeChanges(e.changes);
                  const path = recordPath(e.recordType, e.recordId);
                  return (
                    <Fragment key={e.id}>
                      <tr className={`audit-row action-${e.action}`}>
                        <td><time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt, locale)}</time></td>
                        <td>{actor(e)}</td>
                        <td><span className="chip">{actionLabel(e.action)}</span></td>
                        <td>
                          {e.recordType ? <>{recordTypeLabel(e.recordType)} </> : null}
                          {e.recordId && (path ? <Link to={path}><code>{e.recordId}</code></Link> : <code>{e.recordId}</code>)}
                          {e.recordId && (
                            <button type="button" className="link-button small"
                              onClick={() => { const next = { ...filters, recordId: e.recordId! }; setDraft(next); setParams(new URLSearchParams(Object.entries(next).filter(([, v]) => v))); pages.reset(); }}
                              aria-label={t('settings.audit.historyOf', { id: e.recordId })}>{t('settings.audit.history')}</button>
                          )}
                          {!e.recordType && !e.recordId && <span className="muted">—</span>}
                        </td>
                        <td>
                          {e.ip ? <span>{t('settings.audit.ip', { ip: e.ip })}</span> : null}
                          {e.keyId ? <small className="block muted">{t('settings.audit.key', { key: keyName(e.keyId) ?? e.keyId })}</small> : null}
                          {!e.ip && !e.keyId && <span className="muted">—</span>}
                        </td>
                        <td>
                          {detail ? (
                            <button type="button" aria-expanded={expanded} aria-controls={`audit-${e.id}`} onClick={() => toggle(e.id)}>
                              {expanded ? t('settings.audit.hide') : t('settings.audit.show')}
                            </button>
                          ) : <span className="muted">—</span>}
                        </td>
                      </tr>
                      {expanded && detail && (
                        <tr className="audit-detail">
                          <td colSpan={6} id={`audit-${e.id}`}>
                            <pre>{detail}</pre>
                            {e.requestId && <p className="small muted">{t('settings.audit.requestId', { id: e.requestId })}</p>}
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager pages={pages} nextCursor={log.data?.nextCursor} />
        </>
      )}
    </section>
  );
}

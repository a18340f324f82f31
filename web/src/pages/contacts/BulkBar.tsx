// Bulk changes on the selected contacts: add or remove a tag, change the owner. Each contact is
// changed with its own If-Match; a stale version is re-read and tried once more; failures are
// reported per contact.
import { useId, useState, type FormEvent } from 'react';
import { ApiError, get, patch } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { describeError } from '../../components/States';
import { useI18n } from '../../i18n';
import { pool, splitTags, type Contact } from './shared';

type Action = 'addTag' | 'removeTag' | 'owner';

interface Failure { name: string; message: string }

function changeFor(action: Action, contact: Contact, value: string): Record<string, unknown> | null {
  if (action === 'owner') return contact.ownerId === (value || null) ? null : { ownerId: value || null };
  const tags = splitTags(value);
  if (action === 'addTag') {
    const missing = tags.filter((tag) => !contact.tags.some((x) => x.toLowerCase() === tag.toLowerCase()));
    return missing.length ? { tags: [...contact.tags, ...missing] } : null;
  }
  const lower = new Set(tags.map((x) => x.toLowerCase()));
  const kept = contact.tags.filter((x) => !lower.has(x.toLowerCase()));
  return kept.length === contact.tags.length ? null : { tags: kept };
}

export function BulkBar({ selected, onDone, onClear }: {
  selected: Contact[];
  onDone: (changed: Record<string, Contact>) => void;
  onClear: () => void;
}) {
  const { t } = useI18n();
  const { users } = useSignedIn();
  const id = useId();
  const [action, setAction] = useState<Action>('addTag');
  const [tag, setTag] = useState('');
  const [owner, setOwner] = useState('');
  const [running, setRunning] = useState<{ done: number; total: number } | null>(null);
  const [report, setReport] = useState<{ ok: number; unchanged: number; failures: Failure[] } | null>(null);
  const [missing, setMissing] = useState(false);

  const apply = async (event: FormEvent) => {
    event.preventDefault();
    const value = action === 'owner' ? owner : tag;
    if (action !== 'owner' && splitTags(tag).length === 0) { setMissing(true); return; }
    setMissing(false);
    setReport(null);
    const total = selected.length;
    let done = 0;
    setRunning({ done, total });
    const changed: Record<string, Contact> = {};
    const failures: Failure[] = [];
    let ok = 0;
    let unchanged = 0;
    await pool(selected, 4, async (contact) => {
      let current = contact;
      for (let attempt = 0; attempt < 2; attempt++) {
        const body = changeFor(action, current, value);
        if (!body) { unchanged++; break; }
        try {
          changed[current.id] = await patch<Contact>(`/api/v1/contacts/${current.id}`, body, current.version);
          ok++;
          break;
        } catch (error) {
          if (attempt === 0 && error instanceof ApiError && error.status === 412) {
            try {
              current = await get<Contact>(`/api/v1/contacts/${current.id}`);
              continue;
            } catch (again) {
              failures.push({ name: contact.displayName, message: describeError(again, t) });
              break;
            }
          }
          const detail = error instanceof ApiError && error.fieldErrors.length
            ? error.fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; ')
            : describeError(error, t);
          failures.push({ name: contact.displayName, message: detail });
          break;
        }
      }
      done++;
      setRunning({ done, total });
    });
    setRunning(null);
    setReport({ ok, unchanged, failures });
    onDone(changed);
  };

  return (
    <div className="ct-bulk" role="region" aria-label={t('contacts.bulk.region')}>
      <form className="toolbar" onSubmit={apply}>
        <strong className="ct-bulk-count">{t('common.selected', { count: selected.length })}</strong>
        <div className="field">
          <label htmlFor={`${id}-action`}>{t('contacts.bulk.action')}</label>
          <select id={`${id}-action`} value={action} onChange={(e) => { setAction(e.target.value as Action); setReport(null); }}>
            <option value="addTag">{t('contacts.bulk.addTag')}</option>
            <option value="removeTag">{t('contacts.bulk.removeTag')}</option>
            <option value="owner">{t('contacts.bulk.owner')}</option>
          </select>
        </div>
        {action === 'owner' ? (
          <div className="field">
            <label htmlFor={`${id}-owner`}>{t('contacts.bulk.newOwner')}</label>
            <select id={`${id}-owner`} value={owner} onChange={(e) => setOwner(e.target.value)}>
              <option value="">{t('contacts.noOwner')}</option>
              {users.map((u) => <option key={u.id} value={u.id}>{u.name || u.email}</option>)}
            </select>
          </div>
        ) : (
          <div className={`field${missing ? ' field-invalid' : ''}`}>
            <label htmlFor={`${id}-tag`}>{t('contacts.bulk.tag')}</label>
            <input id={`${id}-tag`} value={tag} onChange={(e) => setTag(e.target.value)}
              aria-invalid={missing || undefined} aria-describedby={missing ? `${id}-tag-error` : undefined} />
            {missing && <small className="field-error" id={`${id}-tag-error`} role="alert">{t('contacts.bulk.tagMissing')}</small>}
          </div>
        )}
        <button type="submit" className="primary" disabled={!!running || selected.length === 0}>
          {running ? t('contacts.bulk.progress', { done: running.done, total: running.total }) : t('common.apply')}
        </button>
        <button type="button" className="link-button" onClick={onClear}>{t('contacts.bulk.clear')}</button>
      </form>
      {running && <progress max={running.total} value={running.done} aria-label={t('contacts.bulk.progressLabel')} />}
      {report && (
        <div className={`banner ${report.failures.length ? 'banner-warn' : 'banner-ok'}`} role="status">
          <p>{t('contacts.bulk.report', { ok: report.ok, unchanged: report.unchanged, failed: report.failures.length })}</p>
          {report.failures.length > 0 && (
            <ul>{report.failures.map((f, i) => <li key={i}><strong>{f.name}</strong>: {f.message}</li>)}</ul>
          )}
        </div>
      )}
    </div>
  );
}

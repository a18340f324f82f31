// Merging two contacts that are one person, and undoing it: the "Merge with…" dialog, the Merges
// card of a contact's page and the confirmation before an undo. The server does the moving
// (POST /api/v1/merges, POST /api/v1/merges/{id}/undo); these screens say what will happen first.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, get, post } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { TextArea } from '../../components/Field';
import { describeError } from '../../components/States';
import { useI18n, type I18n } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { FormErrors } from './FormErrors';
import { Modal } from './Modal';
import { RecordPicker, type Picked } from './RecordPicker';
import { forgetName, movedKinds, type Contact, type ContactMerge } from './shared';

type T = I18n['t'];

// A failed merge or undo, in words. A 409 here is not an edit conflict (what describeError says)
// but a merge the server refuses: a contact deleted, a merge undone already or overtaken.
function failureText(error: unknown, t: T, action: 'merge' | 'undo', merged: string): string {
  if (error instanceof ApiError && error.status === 409) {
    return action === 'merge' ? t('contacts.merge.conflict') : t('contacts.merges.undoConflict', { merged });
  }
  if (error instanceof ApiError && error.status === 404) return t('contacts.merge.gone');
  return describeError(error, t);
}

function FailureBanner({ error, action, merged }: { error: unknown; action: 'merge' | 'undo'; merged: string }) {
  const { t } = useI18n();
  const detail = error instanceof ApiError && [404, 409].includes(error.status) && error.message ? error.message : '';
  return (
    <div className="banner banner-error" role="alert">
      <p>{failureText(error, t, action, merged)}</p>
      {detail && <p className="small">{t('error.detail', { detail })}</p>}
    </div>
  );
}

// The other contact of a merge, deleted ones included (the merged one is, until an undo):
// undefined while loading, null when it is gone or hidden.
export interface ContactSummary { name: string; deleted: boolean; emails: string[]; phones: number }

export function useContactSummary(id: string | undefined, refresh = 0): ContactSummary | null | undefined {
  const { t } = useI18n();
  const [summary, setSummary] = useState<ContactSummary | null | undefined>(undefined);
  const unnamed = t('contacts.unnamed');
  useEffect(() => {
    setSummary(undefined);
    if (!id) return;
    const controller = new AbortController();
    get<Contact>(`/api/v1/contacts/${id}`, { includeDeleted: true }, controller.signal).then(
      (c) => setSummary({ name: c.displayName || unnamed, deleted: !!c.deletedAt, emails: c.emails.map((e) => e.address),
        phones: c.phones.length }),
      () => { if (!controller.signal.aborted) setSummary(null); });
    return () => controller.abort();
  }, [id, refresh, unnamed]);
  return summary;
}

// "2 conversations, 1 note and 3 tracked events", or '' when nothing of the kind moved.
function listed(parts: string[], locale: string): string {
  return parts.length ? new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(parts) : '';
}

export function movedSummary(merge: ContactMerge, t: T, locale: string): { moved: string; added: string } {
  const moved = movedKinds.filter((k) => (merge.moved[k] ?? 0) > 0)
    .map((k) => t(`contacts.merges.count.${k}`, { count: merge.moved[k] ?? 0 }));
  const added = merge.moved.added ?? {};
  const counts: [string, number][] = [
    ['emails', added.emails?.length ?? 0], ['phones', added.phones?.length ?? 0],
    ['socialProfiles', added.socialProfiles?.length ?? 0], ['tags', added.tags?.length ?? 0],
    ['fields', Object.keys(added.fields ?? {}).length],
  ];
  return {
    moved: listed(moved, locale),
    added: listed(counts.filter(([, n]) => n > 0).map(([k, n]) => t(`contacts.merges.added.${k}`, { count: n })), locale),
  };
}

function Side({ name, detail, stays, current, checked, onPick, group }: {
  name: string; detail: string; stays: boolean; current: boolean; checked: boolean; onPick: () => void; group: string;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className={`ct-merge-side${stays ? ' ct-merge-stays' : ' ct-merge-goes'}`}>
      <label className="ct-merge-pick">
        <input type="radio" name={group} checked={checked} onChange={onPick} aria-describedby={`${id}-d ${id}-s`} />
        <strong className="ct-merge-name">{name}</strong>
      </label>
      <p className="small muted ct-merge-detail" id={`${id}-d`}>
        {current && <>{t('contacts.merge.current')} · </>}{detail}
      </p>
      <span id={`${id}-s`} className={`badge ${stays ? 'badge-ok' : 'badge-danger'}`}>
        {stays ? t('contacts.merge.stays') : t('contacts.merge.goes')}
      </span>
    </div>
  );
}

// The "Merge with…" dialog: the other contact, which one stays, a reason, and what will happen.
export function MergeDialog({ contact, onClose, onMerged }: {
  contact: Contact;
  onClose: () => void;
  onMerged: (merge: ContactMerge, names: { survivor: string; merged: string }) => void;
}) {
  const { t } = useI18n();
  const group = useId();
  const [other, setOther] = useState<Picked | null>(null);
  const [keepThis, setKeepThis] = useState(true);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const details = useContactSummary(other?.id);
  const api = error instanceof ApiError ? error : null;
  const thisName = contact.displayName || t('contacts.unnamed');
  const otherName = other ? details?.name ?? other.name : '';
  const survivor = keepThis ? thisName : otherName;
  const merged = keepThis ? otherName : thisName;
  // The picker holds the other contact: its field is mergedId while this one stays, else survivorId.
  const otherField = keepThis ? 'mergedId' : 'survivorId';

  const describe = (emails: string[], phones: number) => [
    emails.length ? emails.join(', ') : t('contacts.merge.noEmail'),
    ...(phones ? [t('contacts.merges.added.phones', { count: phones })] : []),
  ].join(' · ');

  const pick = (value: Picked | null) => {
    setOther(value);
    setError(null);
    if (value) setMissing(false);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!other) { setMissing(true); return; }
    setBusy(true);
    setError(null);
    try {
      const body = { survivorId: keepThis ? contact.id : other.id, mergedId: keepThis ? other.id : contact.id,
        reason: reason.trim() || undefined };
      const merge = await post<ContactMerge>('/api/v1/merges', body);
      forgetName('contact', merge.mergedId);
      forgetName('contact', merge.survivorId);
      onMerged(merge, { survivor, merged });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <Modal title={t('contacts.merge.title', { name: thisName })} onClose={onClose} wide>
      <form onSubmit={submit} noValidate className="ct-merge-form">
        <p className="muted">{t('contacts.merge.intro')}</p>
        {api && api.fieldErrors.length > 0 ? <FormErrors error={error} shown={[otherField, 'reason']} />
          : error !== null && <FailureBanner error={error} action="merge" merged={merged} />}
        <RecordPicker kind="contact" label={t('contacts.merge.other')} value={other} onChange={pick} exclude={[contact.id]}
          error={missing ? t('contacts.merge.pickFirst') : api?.forField(otherField)} />
        {other && (
          <>
            <fieldset className="ct-fieldset ct-merge-choice">
              <legend>{t('contacts.merge.whichStays')}</legend>
              <div className="ct-merge-pair">
                <Side name={thisName} current detail={describe(contact.emails.map((e) => e.address), contact.phones.length)}
                  stays={keepThis} checked={keepThis} onPick={() => setKeepThis(true)} group={group} />
                <span className="ct-merge-arrow" aria-hidden="true">{keepThis ? '←' : '→'}</span>
                <Side name={otherName} current={false} detail={details ? describe(details.emails, details.phones) : '…'}
                  stays={!keepThis} checked={!keepThis} onPick={() => setKeepThis(false)} group={group} />
              </div>
            </fieldset>
            <div className="ct-merge-explain" aria-live="polite">
              <p><strong>{t('contacts.merge.explain', { merged, survivor })}</strong></p>
              <p className="small">{t('contacts.merge.explainFields', { merged, survivor })}</p>
            </div>
          </>
        )}
        <TextArea label={t('contacts.merge.reason')} hint={t('contacts.merge.reasonHint')} value={reason} rows={2}
          error={api?.forField('reason')} onChange={(e) => setReason(e.target.value)} />
        <div className="form-actions">
          <button type="button" onClick={onClose}>{t('common.cancel')}</button>
          <button type="submit" className="primary" disabled={busy}>{busy ? t('contacts.merge.merging') : t('contacts.merge.submit')}</button>
        </div>
      </form>
    </Modal>
  );
}

// Asks before an undo, and says what comes back where.
export function UndoMergeDialog({ merge, survivor, merged, onClose, onUndone }: {
  merge: ContactMerge; survivor: string; merged: string; onClose: () => void; onUndone: (merge: ContactMerge) => void;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const undo = async () => {
    setBusy(true);
    setError(null);
    try {
      const undone = await post<ContactMerge>(`/api/v1/merges/${merge.id}/undo`, {});
      forgetName('contact', merge.mergedId);
      forgetName('contact', merge.survivorId);
      onUndone(undone);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return (
    <Modal title={t('contacts.merges.undoTitle')} onClose={onClose}>
      <p>{t('contacts.merges.undoExplain', { merged, survivor })}</p>
      {error !== null && <FailureBanner error={error} action="undo" merged={merged} />}
      <div className="form-actions">
        <button type="button" onClick={onClose}>{t('common.cancel')}</button>
        <button type="button" className="primary" disabled={busy} autoFocus onClick={() => void undo()}>
          {busy ? t('contacts.merges.undoing') : t('contacts.merges.undoSubmit')}</button>
      </div>
    </Modal>
  );
}

// The other contact of a merge as a link (to its page, which shows deleted contacts too), or
// words when it is gone or hidden.
function OtherContact({ id, summary }: { id: string; summary: ContactSummary | null | undefined }) {
  const { t } = useI18n();
  if (summary === undefined) return <span>…</span>;
  if (summary === null) return <span className="muted">{t('contacts.merges.hidden')}</span>;
  return (
    <>
      <Link to={`/contacts/${id}`}>{summary.name}</Link>
      {summary.deleted && <> <span className="badge badge-warn">{t('contacts.merges.deletedBadge')}</span></>}
    </>
  );
}

function MergeItem({ merge, contactId, contactName, canWrite, refresh, onUndo }: {
  merge: ContactMerge; contactId: string; contactName: string; canWrite: boolean; refresh: number;
  onUndo: (merge: ContactMerge, names: { survivor: string; merged: string }) => void;
}) {
  const { t, locale } = useI18n();
  const { userName } = useSignedIn();
  const survived = merge.survivorId === contactId;
  const otherId = survived ? merge.mergedId : merge.survivorId;
  const other = useContactSummary(otherId, refresh);
  const otherName = other?.name ?? t('contacts.merges.otherContact');
  const names = survived ? { survivor: contactName, merged: otherName } : { survivor: otherName, merged: contactName };
  const { moved, added } = movedSummary(merge, t, locale);
  const source = merge.source === 'api'
    ? (merge.mergedBy ? t('contacts.merges.source.api', { name: userName(merge.mergedBy) }) : t('contacts.merges.source.apiKey'))
    : t(`contacts.merges.source.${merge.source}`);
  return (
    <li data-merge-id={merge.id}>
      <div className="row ct-merge-head">
        <span>{survived ? t('contacts.merges.absorbed') : t('contacts.merges.into')}{' '}
          <OtherContact id={otherId} summary={other} /></span>
        <span className="spacer" />
        <span className={`badge ${merge.status === 'merged' ? 'badge-ok' : 'badge-warn'}`}>{t(`contacts.merges.status.${merge.status}`)}</span>
      </div>
      <div className="small muted">
        <time dateTime={merge.mergedAt}>{formatDateTime(merge.mergedAt, locale)}</time>{' · '}{source}
        {merge.undoneAt && <>{' · '}{merge.undoneBy
          ? t('contacts.merges.undoneBy', { date: formatDateTime(merge.undoneAt, locale), name: userName(merge.undoneBy) })
          : t('contacts.merges.undoneOn', { date: formatDateTime(merge.undoneAt, locale) })}</>}
      </div>
      {merge.reason && <p className="small ct-merge-reason">{t('contacts.merges.reason', { reason: merge.reason })}</p>}
      <p className="small">
        {moved ? t('contacts.merges.moved', { list: moved }) : t('contacts.merges.nothingMoved')}
        {added && <> {t('contacts.merges.added', { list: added })}</>}
      </p>
      {canWrite && merge.status === 'merged' && (
        <button type="button" className="small" onClick={() => onUndo(merge, names)}
          aria-label={t('contacts.merges.undoNamed', { name: otherName })}>{t('contacts.merges.undo')}</button>
      )}
    </li>
  );
}

// A contact's merges, newest first, as survivor or as the merged one; hidden when there are none.
export function MergesCard({ contactId, contactName, merges, canWrite, refresh, onUndo }: {
  contactId: string; contactName: string; merges: ContactMerge[]; canWrite: boolean; refresh: number;
  onUndo: (merge: ContactMerge, names: { survivor: string; merged: string }) => void;
}) {
  const { t } = useI18n();
  const headingId = useId();
  if (merges.length === 0) return null;
  return (
    <section className="card ct-merges" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('contacts.merges.title')}</h2>
      <ul className="ct-merge-list" aria-label={t('contacts.merges.listLabel', { name: contactName })}>
        {merges.map((m) => (
          <MergeItem key={m.id} merge={m} contactId={contactId} contactName={contactName} canWrite={canWrite}
            refresh={refresh} onUndo={onUndo} />
        ))}
      </ul>
    </section>
  );
}

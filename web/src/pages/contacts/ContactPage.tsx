// A contact's 360° page: profile, timeline with inline logging, relationships, opportunities,
// tasks, documents, merges and (later) scores; edit, delete, restore, merge and undo a merge.
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { ApiError, get, request } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { ErrorPage } from '../../components/ErrorPage';
import { ErrorBanner, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { useAsync } from '../../lib/useAsync';
import { DocumentsPanel } from '../sales/DocumentsPanel';
import { ContactForm } from './ContactForm';
import { CustomFieldFacts } from './CustomFieldInputs';
import { LogInteraction } from './LogInteraction';
import { MergeDialog, MergesCard, UndoMergeDialog, useContactSummary } from './Merges';
import { DeleteDialog, Modal } from './Modal';
import { OpportunitiesPanel, ScoresCard, TasksPanel } from './RecordPanels';
import { Relationships } from './Relationships';
import { Timeline } from './Timeline';
import { customFields, forgetName, profileUrl, recordName, type Contact, type ContactMerge, type CustomField } from './shared';
import { usePageTitle } from '../../lib/usePageTitle';
import './contacts.css';

function CompanyLink({ id }: { id: string }) {
  const { t } = useI18n();
  const [name, setName] = useState<string | null | undefined>(undefined);
  useEffect(() => { void recordName('company', id).then(setName); }, [id]);
  if (name === null) return <span className="muted">{t('contacts.hiddenCompany')}</span>;
  return <Link to={`/companies/${id}`}>{name ?? '…'}</Link>;
}

interface MergeNames { survivor: string; merged: string }

// What the page says after a merge: kept in the history entry's state, so it survives the move to
// the survivor's page (which may be another contact's).
interface MergedState { merged?: { merge: ContactMerge; names: MergeNames } }

// The banner of a deleted contact that was merged into another: where it went, and the undo.
function MergedIntoBanner({ merge, date, canWrite, onUndo }: {
  merge: ContactMerge; date: string; canWrite: boolean; onUndo: (survivor: string) => void;
}) {
  const { t } = useI18n();
  const survivor = useContactSummary(merge.survivorId);
  const name = survivor?.name ?? t('contacts.merges.otherContact');
  return (
    <div className="banner banner-warn" role="status">
      <p>{t('contacts.merges.mergedInto', { name, date })}{' '}
        {survivor && <Link to={`/contacts/${merge.survivorId}`}>{t('contacts.merges.open', { name })}</Link>}{' '}
        {canWrite && <button type="button" onClick={() => onUndo(name)}>{t('contacts.merges.undoMerge')}</button>}</p>
    </div>
  );
}

export default function ContactPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const { userName, canWrite } = useSignedIn();
  const here = useLocation();
  const navigate = useNavigate();
  const loaded = useAsync((signal) => get<Contact>(`/api/v1/contacts/${id}`, { includeDeleted: true }, signal), [id]);
  // Bumped by a merge or an undo: every panel of the page loads again (records changed hands).
  const [generation, setGeneration] = useState(0);
  const merges = useAsync((signal) => get<{ items: ContactMerge[] }>(`/api/v1/contacts/${id}/merges`, undefined, signal)
    .then((page) => page.items), [id, generation]);
  const [merging, setMerging] = useState(false);
  const [undoing, setUndoing] = useState<{ merge: ContactMerge; names: MergeNames } | null>(null);
  const [backAgain, setBackAgain] = useState<{ id: string; name: string } | null>(null);
  const [fields, setFields] = useState<CustomField[]>([]);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [refresh, setRefresh] = useState(0);
  const [notice, setNotice] = useState('');

  useEffect(() => { void customFields('contact').then(setFields); }, []);
  useEffect(() => {
    setEditing(false); setDeleting(false); setNotice(''); setActionError(null); setMerging(false); setUndoing(null); setBackAgain(null);
  }, [id]);

  const contact = loaded.data;
  usePageTitle(contact ? contact.displayName || t('contacts.unnamed') : undefined);

  if (loaded.error) {
    const missing = loaded.error instanceof ApiError && loaded.error.status === 404;
    return <ErrorPage error={loaded.error} onRetry={missing ? undefined : loaded.reload} />;
  }
  if (!contact || (loaded.loading && contact.id !== id)) return <Loading />;

  const isDeleted = !!contact.deletedAt;
  const writable = canWrite && !isDeleted;
  // This contact's merges (the previous contact's list stays in `merges` until the new one arrives).
  const mergeList = (merges.data ?? []).filter((m) => m.survivorId === contact.id || m.mergedId === contact.id);
  const justMerged = (here.state as MergedState | null)?.merged;
  const mergeNotice = justMerged && justMerged.merge.survivorId === contact.id ? justMerged : null;
  // The undo is offered while the merge is still in force (not undone since, from the card or elsewhere).
  const undoable = !!mergeNotice && mergeList.find((m) => m.id === mergeNotice.merge.id)?.status === 'merged';
  // A deleted contact that is deleted because it was merged: undoing the merge, not a restore, brings it back.
  const mergedInto = isDeleted ? mergeList.find((m) => m.mergedId === contact.id && m.status === 'merged') : undefined;

  const afterMerge = (merge: ContactMerge, names: MergeNames) => {
    setMerging(false);
    setNotice('');
    setBackAgain(null);
    const state: MergedState = { merged: { merge, names } };
    if (merge.survivorId === contact.id) {
      navigate(here.pathname, { replace: true, state });
      loaded.reload();
      setGeneration((g) => g + 1);
    } else {
      navigate(`/contacts/${merge.survivorId}`, { state });
    }
  };

  const afterUndo = (merge: ContactMerge, names: MergeNames) => {
    setUndoing(null);
    if (mergeNotice) navigate(here.pathname, { replace: true, state: null });
    const cameBack = merge.mergedId === contact.id;
    setNotice(cameBack ? t('contacts.merges.undoneHere') : t('contacts.merges.undone', { name: names.merged }));
    setBackAgain(cameBack ? null : { id: merge.mergedId, name: names.merged });
    loaded.reload();
    setGeneration((g) => g + 1);
  };

  const remove = async () => {
    await request(`/api/v1/contacts/${contact.id}`, { method: 'DELETE', ifMatch: contact.version });
    forgetName('contact', contact.id);
    setDeleting(false);
    setNotice(t('contacts.deleted'));
    loaded.setData(await get<Contact>(`/api/v1/contacts/${contact.id}`, { includeDeleted: true }));
  };

  const restore = async () => {
    setActionError(null);
    try {
      const { data } = await request<Contact>(`/api/v1/contacts/${contact.id}/restore`, { method: 'POST', ifMatch: contact.version });
      loaded.setData(data);
      setNotice(t('contacts.restored'));
    } catch (failure) {
      setActionError(failure);
    }
  };

  const primaryEmail = contact.emails.find((e) => e.primary) ?? contact.emails[0];
  const location = [contact.city, contact.country].filter(Boolean).join(', ');

  return (
    <article className="ct-page" aria-labelledby="contact-title">
      <p className="ct-crumbs small"><Link to="/contacts">{t('contacts.list.title')}</Link></p>
      <header className="page-header">
        <div>
          <h1 id="contact-title">{contact.displayName || t('contacts.unnamed')}</h1>
          <p className="muted ct-subtitle">
            {contact.title}
            {contact.title && contact.companyId && ` ${t('contacts.at')} `}
            {contact.companyId && <CompanyLink id={contact.companyId} />}
          </p>
        </div>
        <span className={`ct-stage ct-stage-${contact.lifecycleStage}`}>{t(`contacts.stage.${contact.lifecycleStage}`)}</span>
        <div className="actions">
          {primaryEmail && <a className="button" href={`mailto:${primaryEmail.address}`}>{t('contacts.sendEmail')}</a>}
          {writable && <button type="button" onClick={() => setEditing(true)}>{t('common.edit')}</button>}
          {writable && <button type="button" onClick={() => setMerging(true)}>{t('contacts.merge.action')}</button>}
          {writable && <button type="button" className="danger" onClick={() => setDeleting(true)}>{t('common.delete')}</button>}
        </div>
      </header>

      {mergedInto && (
        <MergedIntoBanner merge={mergedInto} date={formatDateTime(mergedInto.mergedAt, locale)} canWrite={canWrite}
          onUndo={(survivor) => setUndoing({ merge: mergedInto, names: { survivor, merged: contact.displayName || t('contacts.unnamed') } })} />
      )}
      {isDeleted && !mergedInto && (
        <div className="banner banner-warn" role="status">
          <p>{t('contacts.isDeleted', { date: formatDateTime(contact.deletedAt, locale) })}{' '}
            {canWrite && <button type="button" onClick={() => void restore()}>{t('common.restore')}</button>}</p>
        </div>
      )}
      {notice && !isDeleted && (
        <div className="banner banner-ok" role="status">
          <p>{notice}{backAgain && <>{' '}<Link to={`/contacts/${backAgain.id}`}>{t('contacts.merges.open', { name: backAgain.name })}</Link></>}</p>
        </div>
      )}
      {mergeNotice && !notice && (
        <div className="banner banner-ok" role="status">
          <p>{t('contacts.merge.done', { ...mergeNotice.names })}{' '}
            {canWrite && undoable && (
              <button type="button" onClick={() => setUndoing(mergeNotice)}
                aria-label={t('contacts.merge.undoNamed', { ...mergeNotice.names })}>{t('contacts.merge.undo')}</button>
            )}</p>
        </div>
      )}
      {actionError !== null && <ErrorBanner error={actionError} />}

      <div className="columns ct-columns" key={generation}>
        <div className="ct-side">
          <section className="card" aria-labelledby="ct-profile">
            <h2 id="ct-profile">{t('contacts.profile')}</h2>
            <dl className="facts">
              <dt>{t('contacts.field.emails')}</dt>
              <dd>{contact.emails.length ? (
                <ul className="ct-plain">{contact.emails.map((e) => (
                  <li key={e.address}><a href={`mailto:${e.address}`}>{e.address}</a>
                    {e.label && <span className="muted small"> ({e.label})</span>}
                    {e.primary && contact.emails.length > 1 && <span className="badge badge-ok ct-primary">{t('contacts.field.primary')}</span>}
                  </li>))}</ul>
              ) : <span className="muted">—</span>}</dd>
              <dt>{t('contacts.field.phones')}</dt>
              <dd>{contact.phones.length ? (
                <ul className="ct-plain">{contact.phones.map((p) => (
                  <li key={p.number}><a href={`tel:${p.number}`}>{p.number}</a>
                    {p.label && <span className="muted small"> ({p.label})</span>}</li>))}</ul>
              ) : <span className="muted">—</span>}</dd>
              <dt>{t('contacts.field.company')}</dt>
              <dd>{contact.companyId ? <CompanyLink id={contact.companyId} /> : <span className="muted">—</span>}</dd>
              <dt>{t('common.owner')}</dt><dd>{userName(contact.ownerId)}</dd>
              <dt>{t('contacts.field.lifecycleStage')}</dt><dd>{t(`contacts.stage.${contact.lifecycleStage}`)}</dd>
              <dt>{t('contacts.field.leadStatus')}</dt>
              <dd>{contact.leadStatus ? t(`contacts.leadStatus.${contact.leadStatus}`) : <span className="muted">—</span>}</dd>
              <dt>{t('contacts.field.location')}</dt><dd>{location || <span className="muted">—</span>}</dd>
              <dt>{t('common.tags')}</dt>
              <dd>{contact.tags.length ? contact.tags.map((tag) => (
                <Link key={tag} className="chip" to={`/contacts?tag=${encodeURIComponent(tag)}`}>{tag}</Link>
              )) : <span className="muted">—</span>}</dd>
              <dt>{t('contacts.field.socialProfiles')}</dt>
              <dd>{contact.socialProfiles.length ? (
                <ul className="ct-plain">{contact.socialProfiles.map((s, i) => {
                  const url = profileUrl(s);
                  const label = `${t(`contacts.network.${s.network}`)}: ${s.handle || url}`;
                  return <li key={i}>{url
                    ? <a href={url} rel="noopener noreferrer" target="_blank">{label}</a>
                    : label}</li>;
                })}</ul>
              ) : <span className="muted">—</span>}</dd>
              <CustomFieldFacts fields={fields} values={contact.customFields} />
              <dt>{t('common.created')}</dt><dd>{formatDateTime(contact.createdAt, locale)}</dd>
              <dt>{t('common.updated')}</dt><dd>{formatDateTime(contact.updatedAt, locale)}</dd>
            </dl>
          </section>
          <MergesCard contactId={contact.id} contactName={contact.displayName || t('contacts.unnamed')} merges={mergeList}
            canWrite={canWrite} refresh={generation} onUndo={(merge, names) => setUndoing({ merge, names })} />
          {merges.error !== undefined && <ErrorBanner error={merges.error} onRetry={merges.reload} />}
          <ScoresCard />
          <OpportunitiesPanel filter={{ contactId: contact.id }} />
          <TasksPanel recordType="contact" recordId={contact.id} canWrite={writable} onChanged={() => setRefresh((r) => r + 1)} />
          <DocumentsPanel recordType="contact" recordId={contact.id} />
        </div>
        <div className="ct-main">
          {writable && (
            <LogInteraction subject={{ type: 'contact', id: contact.id, companyId: contact.companyId }}
              onLogged={() => setRefresh((r) => r + 1)} />
          )}
          {isDeleted ? (
            <p className="ct-deleted-history">{t('contacts.deletedHistory')}</p>
          ) : (
            <>
              <Timeline subject="contact" id={contact.id} refresh={refresh} canWrite={writable} />
              <Relationships contactId={contact.id} name={contact.displayName} canWrite={writable} />
            </>
          )}
        </div>
      </div>

      {editing && (
        <Modal title={t('contacts.edit', { name: contact.displayName })} onClose={() => setEditing(false)} wide>
          <ContactForm contact={contact} onCancel={() => setEditing(false)}
            onSaved={(saved) => { loaded.setData(saved); setEditing(false); setNotice(t('common.saved')); }}
            onConflict={(latest) => loaded.setData(latest)} />
        </Modal>
      )}
      {merging && <MergeDialog contact={contact} onClose={() => setMerging(false)} onMerged={afterMerge} />}
      {undoing && (
        <UndoMergeDialog merge={undoing.merge} survivor={undoing.names.survivor} merged={undoing.names.merged}
          onClose={() => setUndoing(null)} onUndone={(merge) => afterUndo(merge, undoing.names)} />
      )}
      {deleting && <DeleteDialog name={contact.displayName} onConfirm={remove} onClose={() => setDeleting(false)} />}
    </article>
  );
}

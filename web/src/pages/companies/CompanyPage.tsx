// A company's page: details, its people, timeline with inline logging, opportunities, tasks and
// documents; edit, delete and restore.
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, get, request, type Page } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { ErrorPage } from '../../components/ErrorPage';
import { ErrorBanner, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../i18n/format';
import { useAsync } from '../../lib/useAsync';
import { DocumentsPanel } from '../sales/DocumentsPanel';
import { ContactForm } from '../contacts/ContactForm';
import { CustomFieldFacts } from '../contacts/CustomFieldInputs';
import { LogInteraction } from '../contacts/LogInteraction';
import { DeleteDialog, Modal } from '../contacts/Modal';
import { OpportunitiesPanel, ScoresCard, TasksPanel } from '../contacts/RecordPanels';
import { Timeline } from '../contacts/Timeline';
import { customFields, forgetName, type Company, type Contact, type CustomField } from '../contacts/shared';
import { CompanyForm } from './CompanyForm';
import { usePageTitle } from '../../lib/usePageTitle';
import '../contacts/contacts.css';

function People({ company, canWrite }: { company: Company; canWrite: boolean }) {
  const { t } = useI18n();
  const { userName } = useSignedIn();
  const navigate = useNavigate();
  const [people, setPeople] = useState<Contact[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);

  const load = async (after: string | null) => {
    try {
      const page = await get<Page<Contact>>('/api/v1/contacts', { companyId: company.id, sort: 'name', limit: 50, cursor: after ?? undefined });
      setPeople((current) => (after && current ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (failure) { setError(failure); }
  };
  useEffect(() => { setPeople(null); void load(null); /* eslint-disable-next-line react-hooks/exhaustive-deps */ }, [company.id]);

  return (
    <section className="card ct-people-card" aria-labelledby="co-people">
      <div className="ct-card-head">
        <h2 id="co-people">{t('companies.people')}{people && people.length > 0 && <span className="muted"> ({people.length}{cursor ? '+' : ''})</span>}</h2>
        {canWrite && <button type="button" onClick={() => setAdding(true)}>{t('companies.addPerson')}</button>}
      </div>
      {error !== null && <ErrorBanner error={error} />}
      {!people && !error && <Loading />}
      {people && people.length === 0 && <p className="muted">{t('companies.noPeople')}</p>}
      {people && people.length > 0 && (
        <ul className="ct-person-list">
          {people.map((p) => (
            <li key={p.id}>
              <Link to={`/contacts/${p.id}`}><strong>{p.displayName}</strong></Link>
              {p.title && <span className="muted"> · {p.title}</span>}
              <div className="small muted">
                {t(`contacts.stage.${p.lifecycleStage}`)} · {userName(p.ownerId)}
                {p.emails[0] && <> · <a href={`mailto:${p.emails[0].address}`}>{p.emails[0].address}</a></>}
              </div>
            </li>
          ))}
        </ul>
      )}
      {cursor && <button type="button" onClick={() => void load(cursor)}>{t('contacts.timeline.more')}</button>}
      {adding && (
        <Modal title={t('companies.addPersonTo', { name: company.name })} onClose={() => setAdding(false)} wide>
          <ContactForm presetCompany={{ id: company.id, name: company.name }} onCancel={() => setAdding(false)}
            onSaved={(c) => { setAdding(false); navigate(`/contacts/${c.id}`); }} />
        </Modal>
      )}
    </section>
  );
}

// The company's log form needs its people as participants.
function CompanyLog({ company, onLogged }: { company: Company; onLogged: () => void }) {
  const [people, setPeople] = useState<Contact[] | null>(null);
  useEffect(() => {
    get<Page<Contact>>('/api/v1/contacts', { companyId: company.id, sort: 'name', limit: 100 })
      .then((page) => setPeople(page.items), () => setPeople([]));
  }, [company.id]);
  if (!people) return null;
  return <LogInteraction subject={{ type: 'company', id: company.id, people }} onLogged={onLogged} />;
}

export default function CompanyPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const { userName, canWrite } = useSignedIn();
  const loaded = useAsync((signal) => get<Company>(`/api/v1/companies/${id}`, { includeDeleted: true }, signal), [id]);
  const [fields, setFields] = useState<CustomField[]>([]);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [notice, setNotice] = useState('');
  const [actionError, setActionError] = useState<unknown>(null);
  const [refresh, setRefresh] = useState(0);

  useEffect(() => { void customFields('company').then(setFields); }, []);
  useEffect(() => { setEditing(false); setDeleting(false); setNotice(''); setActionError(null); }, [id]);
  const company = loaded.data;
  usePageTitle(company?.name);

  if (loaded.error) {
    const missing = loaded.error instanceof ApiError && loaded.error.status === 404;
    return <ErrorPage error={loaded.error} onRetry={missing ? undefined : loaded.reload} />;
  }
  if (!company || (loaded.loading && company.id !== id)) return <Loading />;
  const isDeleted = !!company.deletedAt;
  const writable = canWrite && !isDeleted;

  const remove = async () => {
    await request(`/api/v1/companies/${company.id}`, { method: 'DELETE', ifMatch: company.version });
    forgetName('company', company.id);
    setDeleting(false);
    setNotice(t('companies.deleted'));
    loaded.setData(await get<Company>(`/api/v1/companies/${company.id}`, { includeDeleted: true }));
  };
  const restore = async () => {
    setActionError(null);
    try {
      const { data } = await request<Company>(`/api/v1/companies/${company.id}/restore`, { method: 'POST', ifMatch: company.version });
      loaded.setData(data);
      setNotice(t('companies.restored'));
    } catch (failure) { setActionError(failure); }
  };

  return (
    <article className="ct-page" aria-labelledby="company-title">
      <p className="ct-crumbs small"><Link to="/companies">{t('companies.list.title')}</Link></p>
      <header className="page-header">
        <div>
          <h1 id="company-title">{company.name}</h1>
          <p className="muted ct-subtitle">{[company.industry, company.segment].filter(Boolean).join(' · ')}</p>
        </div>
        <div className="actions">
          {writable && <button type="button" onClick={() => setEditing(true)}>{t('common.edit')}</button>}
          {writable && <button type="button" className="danger" onClick={() => setDeleting(true)}>{t('common.delete')}</button>}
        </div>
      </header>
      {isDeleted && (
        <div className="banner banner-warn" role="status">
          <p>{t('companies.isDeleted', { date: formatDateTime(company.deletedAt, locale) })}{' '}
            {canWrite && <button type="button" onClick={() => void restore()}>{t('common.restore')}</button>}</p>
        </div>
      )}
      {notice && !isDeleted && <div className="banner banner-ok" role="status"><p>{notice}</p></div>}
      {actionError !== null && <ErrorBanner error={actionError} />}

      <div className="columns ct-columns">
        <div className="ct-side">
          <section className="card" aria-labelledby="co-details">
            <h2 id="co-details">{t('companies.details')}</h2>
            <dl className="facts">
              <dt>{t('companies.field.domain')}</dt>
              <dd>{company.domain ? <a href={`https://${company.domain}`} rel="noopener noreferrer" target="_blank">{company.domain}</a> : <span className="muted">—</span>}</dd>
              <dt>{t('companies.field.industry')}</dt><dd>{company.industry || <span className="muted">—</span>}</dd>
              <dt>{t('companies.field.sizeBand')}</dt><dd>{company.sizeBand ? t('companies.size', { band: company.sizeBand }) : <span className="muted">—</span>}</dd>
              <dt>{t('companies.field.segment')}</dt><dd>{company.segment || <span className="muted">—</span>}</dd>
              <dt>{t('contacts.field.location')}</dt><dd>{[company.city, company.country].filter(Boolean).join(', ') || <span className="muted">—</span>}</dd>
              <dt>{t('common.owner')}</dt><dd>{userName(company.ownerId)}</dd>
              <dt>{t('common.tags')}</dt>
              <dd>{company.tags.length ? company.tags.map((tag) => (
                <Link key={tag} className="chip" to={`/companies?tag=${encodeURIComponent(tag)}`}>{tag}</Link>
              )) : <span className="muted">—</span>}</dd>
              <CustomFieldFacts fields={fields} values={company.customFields} />
              <dt>{t('common.created')}</dt><dd>{formatDateTime(company.createdAt, locale)}</dd>
              <dt>{t('common.updated')}</dt><dd>{formatDateTime(company.updatedAt, locale)}</dd>
            </dl>
          </section>
          <People company={company} canWrite={writable} />
          <OpportunitiesPanel filter={{ companyId: company.id }} />
          <TasksPanel recordType="company" recordId={company.id} canWrite={writable} onChanged={() => setRefresh((r) => r + 1)} />
          <DocumentsPanel recordType="company" recordId={company.id} />
          <ScoresCard />
        </div>
        <div className="ct-main">
          {writable && <CompanyLog company={company} onLogged={() => setRefresh((r) => r + 1)} />}
          <Timeline subject="company" id={company.id} refresh={refresh} canWrite={writable} />
        </div>
      </div>

      {editing && (
        <Modal title={t('companies.edit', { name: company.name })} onClose={() => setEditing(false)} wide>
          <CompanyForm company={company} onCancel={() => setEditing(false)}
            onSaved={(saved) => { loaded.setData(saved); setEditing(false); setNotice(t('common.saved')); }}
            onConflict={(latest) => loaded.setData(latest)} />
        </Modal>
      )}
      {deleting && <DeleteDialog name={company.name} onConfirm={remove} onClose={() => setDeleting(false)} />}
    </article>
  );
}

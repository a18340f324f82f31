// The contacts list, the first screen after sign-in: type-ahead search, filters, sortable columns,
// cursor pages, row selection with bulk tag and owner changes, and the create form.
// Kept light (no charts, graphs or Markdown) so that the first rows show quickly.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { get, request, type Page } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { Pager, useCursorPages } from '../../components/Pager';
import { EmptyState, ErrorBanner, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { useDebounced } from '../../lib/useAsync';
import { BulkBar } from './BulkBar';
import { ContactForm } from './ContactForm';
import { Modal } from './Modal';
import { RecordPicker } from './RecordPicker';
import { lifecycleStages, pool, recordName, useSettledParam, type Contact, type SearchHit } from './shared';
import { usePageTitle } from '../../lib/usePageTitle';
import './contacts.css';

type Sort = 'name' | '-name' | 'createdAt' | '-createdAt' | 'updatedAt' | '-updatedAt';
const sorts: Sort[] = ['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'];

interface Row {
  id: string;
  contact?: Contact;        // absent while a search hit is being completed
  hit?: SearchHit;
}

function useCompanyNames(ids: string[]): Record<string, string | null> {
  const [names, setNames] = useState<Record<string, string | null>>({});
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    if (!key) return;
    let live = true;
    const wanted = key.split(',');
    void pool(wanted, 6, async (id) => {
      const name = await recordName('company', id);
      if (live) setNames((n) => (n[id] === name ? n : { ...n, [id]: name }));
    });
    return () => { live = false; };
  }, [key]);
  return names;
}

export default function ContactsList() {
  const { t, locale } = useI18n();
  const { users, user, userName, canWrite } = useSignedIn();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const pages = useCursorPages();
  const q = params.get('q') ?? '';
  const tag = params.get('tag') ?? '';
  const owner = params.get('owner') ?? '';
  const stage = params.get('stage') ?? '';
  const companyId = params.get('company') ?? '';
  const companyName = params.get('companyName') ?? '';
  const deleted = params.get('deleted') === '1';
  usePageTitle(deleted ? t('contacts.list.deletedTitle') : t('contacts.list.title'));
  const sortParam = params.get('sort') as Sort | null;
  const sort: Sort = sortParam && sorts.includes(sortParam) ? sortParam : 'name';

  const [text, setText] = useState(q);
  const [tagText, setTagText] = useState(tag);
  const settledText = useDebounced(text.trim(), 200);
  const settledTag = useDebounced(tagText.trim(), 300);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [creating, setCreating] = useState(false);
  const [restored, setRestored] = useState<Contact | null>(null);
  const [restoreError, setRestoreError] = useState<unknown>(null);

  const restore = async (contact: Contact) => {
    setRestoreError(null);
    try {
      const { data } = await request<Contact>(`/api/v1/contacts/${contact.id}/restore`, { method: 'POST', ifMatch: contact.version });
      setRows((current) => current && current.filter((row) => row.id !== contact.id));
      setRestored(data);
    } catch (failure) {
      setRestoreError(failure);
    }
  };

  const update = useCallback((changes: Record<string, string>) => {
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [k, v] of Object.entries(changes)) {
        if (v) next.set(k, v); else next.delete(k);
      }
      return next;
    }, { replace: true });
  }, [setParams]);

  // Typing settles into the address (so back and reload keep the search).
  useSettledParam(settledText, q, useCallback((v: string) => update({ q: v }), [update]));
  useSettledParam(settledTag, tag, useCallback((v: string) => update({ tag: v }), [update]));
  // The address changed from outside (back, a tag link): show its search in the box.
  useEffect(() => { setText((current) => (current.trim() === q ? current : q)); }, [q]);
  useEffect(() => { setTagText((current) => (current.trim() === tag ? current : tag)); }, [tag]);
  const { reset } = pages;
  useEffect(() => { reset(); }, [q, tag, owner, stage, companyId, sort, deleted, reset]);
  useEffect(() => { setSelected(new Set()); }, [q, tag, owner, stage, companyId, sort, deleted, pages.cursor]);

  const ownerId = owner === 'me' ? user.id : owner;

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setLoading(true);
    setError(null);
    const filters = { tag, ownerId, lifecycleStage: stage, companyId, deleted: deleted || undefined };
    const load = async () => {
      if (q && !deleted) {
        // Search: accent- and case-insensitive, ranked; the hits are completed into rows.
        const result = await get<{ items: SearchHit[] }>('/api/v1/search', { q, kind: 'contact', limit: 50 }, signal);
        const hits = result.items.filter((h) => h.kind === 'contact');
        if (signal.aborted) return;
        setRows(hits.map((hit) => ({ id: hit.id, hit })));
        setNextCursor(null);
        setLoading(false);
        await pool(hits, 6, async (hit) => {
          if (signal.aborted) return;
          const contact = await get<Contact>(`/api/v1/contacts/${hit.id}`, undefined, signal).catch(() => undefined);
          if (signal.aborted) return;
          setRows((current) => current && current.map((row) => (row.id === hit.id ? { ...row, contact } : row)));
        });
        return;
      }
      const page = await get<Page<Contact>>('/api/v1/contacts', { ...filters, sort, limit: 50, cursor: pages.cursor }, signal);
      if (signal.aborted) return;
      setRows(page.items.map((contact) => ({ id: contact.id, contact })));
      setNextCursor(page.nextCursor);
      setLoading(false);
    };
    load().catch((failure) => {
      if (signal.aborted) return;
      setError(failure);
      setLoading(false);
    });
    return () => controller.abort();
  }, [q, tag, ownerId, stage, companyId, sort, deleted, pages.cursor, generation]);

  // In search mode the filters apply to the matches once each is completed.
  const visible = useMemo(() => {
    if (!rows) return null;
    if (!q || deleted) return rows;
    return rows.filter(({ contact }) => !contact || (
      (!tag || contact.tags.some((x) => x.toLowerCase() === tag.toLowerCase())) &&
      (!ownerId || contact.ownerId === ownerId) &&
      (!stage || contact.lifecycleStage === stage) &&
      (!companyId || contact.companyId === companyId)));
  }, [rows, q, deleted, tag, ownerId, stage, companyId]);

  const companyNames = useCompanyNames((visible ?? []).map((r) => r.contact?.companyId).filter((x): x is string => !!x));
  const contacts = (visible ?? []).map((r) => r.contact).filter((c): c is Contact => !!c);
  const filtered = !!(q || tag || owner || stage || companyId);

  const toggle = (id: string) => setSelected((s) => {
    const next = new Set(s);
    if (next.has(id)) next.delete(id); else next.add(id);
    return next;
  });
  const allSelected = contacts.length > 0 && contacts.every((c) => selected.has(c.id));
  const toggleAll = () => setSelected(allSelected ? new Set() : new Set(contacts.map((c) => c.id)));

  const sortHeader = (column: 'name' | 'createdAt' | 'updatedAt', label: string, className?: string) => {
    const active = sort === column || sort === `-${column}`;
    const descending = sort === `-${column}`;
    const searching = !!q && !deleted;
    return (
      <th scope="col" className={className}
        aria-sort={active && !searching ? (descending ? 'descending' : 'ascending') : undefined}>
        {searching ? label : (
          <button type="button" className="sort" onClick={() => update({ sort: active && !descending ? `-${column}` : column })}
            title={t('contacts.list.sortBy', { column: label })}>
            {label} <span aria-hidden="true">{active ? (descending ? '▼' : '▲') : '↕'}</span>
          </button>
        )}
      </th>
    );
  };

  const clearFilters = () => {
    setText('');
    setTagText('');
    update({ q: '', tag: '', owner: '', stage: '', company: '', companyName: '' });
  };

  return (
    <section aria-labelledby="contacts-title" className="ct-list">
      <div className="page-header">
        <h1 id="contacts-title">{deleted ? t('contacts.list.deletedTitle') : t('contacts.list.title')}</h1>
        <div className="actions">
          <button type="button" className="link-button" onClick={() => update({ deleted: deleted ? '' : '1' })}>
            {deleted ? t('contacts.list.showLive') : t('contacts.list.showDeleted')}
          </button>
          {canWrite && <button type="button" className="primary" onClick={() => setCreating(true)}>{t('contacts.new')}</button>}
        </div>
      </div>

      <form className="toolbar ct-filters" role="search" aria-label={t('contacts.list.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field ct-search">
          <label htmlFor="ct-list-search">{t('contacts.list.search')}</label>
          <input id="ct-list-search" type="search" value={text} autoComplete="off" disabled={deleted}
            placeholder={t('contacts.list.searchPlaceholder')} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="ct-list-tag">{t('contacts.list.tag')}</label>
          <input id="ct-list-tag" type="text" value={tagText} size={12} onChange={(e) => setTagText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="ct-list-owner">{t('common.owner')}</label>
          <select id="ct-list-owner" value={owner} onChange={(e) => update({ owner: e.target.value })}>
            <option value="">{t('common.all')}</option>
            <option value="me">{t('contacts.list.mine')}</option>
            {users.map((u) => <option key={u.id} value={u.id}>{u.name || u.email}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ct-list-stage">{t('contacts.field.lifecycleStage')}</label>
          <select id="ct-list-stage" value={stage} onChange={(e) => update({ stage: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {lifecycleStages.map((s) => <option key={s} value={s}>{t(`contacts.stage.${s}`)}</option>)}
          </select>
        </div>
        <RecordPicker kind="company" label={t('contacts.field.company')}
          value={companyId ? { id: companyId, name: companyName || companyId } : null}
          onChange={(v) => update({ company: v?.id ?? '', companyName: v?.name ?? '' })} />
        {filtered && <button type="button" className="link-button ct-clear" onClick={clearFilters}>{t('contacts.list.clearFilters')}</button>}
      </form>

      {canWrite && selected.size > 0 && !deleted && (
        <BulkBar selected={contacts.filter((c) => selected.has(c.id))}
          onDone={(changed) => {
            setRows((current) => current && current.map((row) => (changed[row.id] ? { ...row, contact: changed[row.id] } : row)));
          }}
          onClear={() => setSelected(new Set())} />
      )}

      {error !== null && <ErrorBanner error={error} onRetry={() => setGeneration((g) => g + 1)} />}
      {restoreError !== null && <ErrorBanner error={restoreError} />}
      {restored && deleted && (
        <div className="banner banner-ok" role="status">
          <p>{t('contacts.restored')} <Link to={`/contacts/${restored.id}`}>{restored.displayName}</Link></p>
        </div>
      )}
      {loading && !rows && <Loading label={t('contacts.list.loading')} />}
      {visible && visible.length === 0 && !loading && !error && (
        filtered || deleted ? (
          <EmptyState message={deleted ? t('contacts.list.noDeleted') : q ? t('contacts.list.noMatch', { q }) : t('contacts.list.noFiltered')}
            action={filtered ? <button type="button" onClick={clearFilters}>{t('contacts.list.clearFilters')}</button> : undefined} />
        ) : (
          <EmptyState message={t('contacts.list.empty')}
            action={canWrite ? <button type="button" className="primary" onClick={() => setCreating(true)}>{t('contacts.list.emptyAction')}</button> : undefined} />
        )
      )}
      {visible && visible.length > 0 && (
        <>
          <p className="muted small ct-count" aria-live="polite">
            {q && !deleted ? t('contacts.list.matches', { count: visible.length }) : t('contacts.list.pageOf', { count: visible.length, page: pages.page })}
            {loading && <span className="ct-refreshing"> · {t('common.loading')}</span>}
          </p>
          <div className="table-wrap">
            <table className="ct-table" aria-labelledby="contacts-title" aria-busy={loading}>
              <thead>
                <tr>
                  {canWrite && !deleted && (
                    <th scope="col" className="ct-check">
                      <input type="checkbox" checked={allSelected} onChange={toggleAll} aria-label={t('contacts.list.selectAll')} />
                    </th>
                  )}
                  {sortHeader('name', t('common.name'))}
                  <th scope="col" className="ct-company">{t('contacts.field.company')}</th>
                  <th scope="col" className="ct-hide-narrow">{t('contacts.field.email')}</th>
                  <th scope="col" className="ct-hide-narrow">{t('contacts.field.phone')}</th>
                  <th scope="col">{t('common.owner')}</th>
                  <th scope="col">{t('contacts.field.lifecycleStage')}</th>
                  <th scope="col" className="ct-hide-narrow">{t('common.tags')}</th>
                  {sortHeader('updatedAt', t('common.updated'), 'ct-hide-narrow')}
                  {sortHeader('createdAt', t('common.created'), 'ct-hide-mid')}
                  {deleted && canWrite && <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>}
                </tr>
              </thead>
              <tbody>
                {visible.map(({ id, contact, hit }) => {
                  const email = contact?.emails.find((e) => e.primary) ?? contact?.emails[0];
                  const phone = contact?.phones.find((p) => p.primary) ?? contact?.phones[0];
                  const name = contact?.displayName || hit?.title || t('contacts.unnamed');
                  return (
                    <tr key={id} className={selected.has(id) ? 'ct-selected' : undefined} data-contact-id={id}>
                      {canWrite && !deleted && (
                        <td className="ct-check">
                          <input type="checkbox" checked={selected.has(id)} disabled={!contact} onChange={() => toggle(id)}
                            aria-label={t('contacts.list.select', { name })} />
                        </td>
                      )}
                      <td className="ct-name">
                        <Link to={`/contacts/${id}`}>{name}</Link>
                        {contact?.title && <div className="muted small">{contact.title}</div>}
                        {hit && hit.snippet && hit.snippet !== hit.title && (
                          <div className="muted small ct-snippet">
                            {hit.highlights?.length
                              ? hit.highlights.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))
                              : hit.snippet}
                          </div>
                        )}
                      </td>
                      <td className="ct-company">
                        {contact?.companyId ? (
                          <Link to={`/companies/${contact.companyId}`}>
                            {companyNames[contact.companyId] ?? (companyNames[contact.companyId] === null ? t('contacts.hiddenCompany') : '…')}
                          </Link>
                        ) : contact && <span className="muted">—</span>}
                      </td>
                      <td className="ct-hide-narrow ct-ellipsis">{email ? <a href={`mailto:${email.address}`}>{email.address}</a> : contact && <span className="muted">—</span>}</td>
                      <td className="ct-hide-narrow ct-nowrap">{phone ? <a href={`tel:${phone.number}`}>{phone.number}</a> : contact && <span className="muted">—</span>}</td>
                      <td>{contact ? userName(contact.ownerId) : ''}</td>
                      <td>{contact && <span className={`ct-stage ct-stage-${contact.lifecycleStage}`}>{t(`contacts.stage.${contact.lifecycleStage}`)}</span>}</td>
                      <td className="ct-hide-narrow">
                        {contact?.tags.map((x) => (
                          <button type="button" key={x} className="chip ct-chip-button" onClick={() => { setTagText(x); update({ tag: x }); }}
                            title={t('contacts.list.filterByTag', { tag: x })}>{x}</button>
                        ))}
                      </td>
                      <td className="ct-hide-narrow ct-nowrap">{contact ? formatDate(contact.updatedAt, locale) : ''}</td>
                      <td className="ct-hide-mid ct-nowrap">{contact ? formatDate(contact.createdAt, locale) : ''}</td>
                      {deleted && canWrite && (
                        <td>{contact && (
                          <button type="button" onClick={() => void restore(contact)}
                            aria-label={t('contacts.restoreNamed', { name })}>{t('common.restore')}</button>
                        )}</td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {q && !deleted ? (
            visible.length >= 50 && <p className="muted small">{t('contacts.list.refine')}</p>
          ) : (
            <Pager pages={pages} nextCursor={nextCursor} />
          )}
        </>
      )}

      {creating && (
        <Modal title={t('contacts.new')} onClose={() => setCreating(false)} wide>
          <ContactForm onCancel={() => setCreating(false)}
            onSaved={(contact) => { setCreating(false); navigate(`/contacts/${contact.id}`); }} />
        </Modal>
      )}
    </section>
  );
}

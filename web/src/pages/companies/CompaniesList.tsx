// The companies list: search, filters (tag, owner, segment, size), sortable columns, cursor pages,
// the create form and the deleted ones to restore.
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { get, request, type Page } from '../../api/client';
import { useSignedIn } from '../../auth/session';
import { Pager, useCursorPages } from '../../components/Pager';
import { EmptyState, ErrorBanner, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDate } from '../../i18n/format';
import { useDebounced } from '../../lib/useAsync';
import { Modal } from '../contacts/Modal';
import { pool, sizeBands, useSettledParam, type Company, type SearchHit } from '../contacts/shared';
import { CompanyForm } from './CompanyForm';
import { usePageTitle } from '../../lib/usePageTitle';
import '../contacts/contacts.css';

type Sort = 'name' | '-name' | 'createdAt' | '-createdAt' | 'updatedAt' | '-updatedAt';
const sorts: Sort[] = ['name', '-name', 'createdAt', '-createdAt', 'updatedAt', '-updatedAt'];

interface Row { id: string; company?: Company; hit?: SearchHit }

export default function CompaniesList() {
  const { t, locale } = useI18n();
  const { users, user, userName, canWrite } = useSignedIn();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const pages = useCursorPages();
  const q = params.get('q') ?? '';
  const tag = params.get('tag') ?? '';
  const owner = params.get('owner') ?? '';
  const segment = params.get('segment') ?? '';
  const size = params.get('size') ?? '';
  const deleted = params.get('deleted') === '1';
  usePageTitle(deleted ? t('companies.list.deletedTitle') : t('companies.list.title'));
  const sortParam = params.get('sort') as Sort | null;
  const sort: Sort = sortParam && sorts.includes(sortParam) ? sortParam : 'name';
  const [text, setText] = useState(q);
  const [tagText, setTagText] = useState(tag);
  const [segmentText, setSegmentText] = useState(segment);
  const settledText = useDebounced(text.trim(), 200);
  const settledTag = useDebounced(tagText.trim(), 300);
  const settledSegment = useDebounced(segmentText.trim(), 300);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const [creating, setCreating] = useState(false);
  const [restoreError, setRestoreError] = useState<unknown>(null);

  const update = useCallback((changes: Record<string, string>) => {
    setParams((current) => {
      const next = new URLSearchParams(current);
      for (const [k, v] of Object.entries(changes)) { if (v) next.set(k, v); else next.delete(k); }
      return next;
    }, { replace: true });
  }, [setParams]);

  useSettledParam(settledText, q, useCallback((v: string) => update({ q: v }), [update]));
  useSettledParam(settledTag, tag, useCallback((v: string) => update({ tag: v }), [update]));
  useSettledParam(settledSegment, segment, useCallback((v: string) => update({ segment: v }), [update]));
  useEffect(() => { setText((current) => (current.trim() === q ? current : q)); }, [q]);
  useEffect(() => { setTagText((current) => (current.trim() === tag ? current : tag)); }, [tag]);
  useEffect(() => { setSegmentText((current) => (current.trim() === segment ? current : segment)); }, [segment]);
  const { reset } = pages;
  useEffect(() => { reset(); }, [q, tag, owner, segment, size, sort, deleted, reset]);
  const ownerId = owner === 'me' ? user.id : owner;

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    setLoading(true);
    setError(null);
    const load = async () => {
      if (q && !deleted) {
        const result = await get<{ items: SearchHit[] }>('/api/v1/search', { q, kind: 'company', limit: 50 }, signal);
        const hits = result.items.filter((h) => h.kind === 'company');
        if (signal.aborted) return;
        setRows(hits.map((hit) => ({ id: hit.id, hit })));
        setNextCursor(null);
        setLoading(false);
        await pool(hits, 6, async (hit) => {
          const company = await get<Company>(`/api/v1/companies/${hit.id}`, undefined, signal).catch(() => undefined);
          if (!signal.aborted) setRows((current) => current && current.map((row) => (row.id === hit.id ? { ...row, company } : row)));
        });
        return;
      }
      const page = await get<Page<Company>>('/api/v1/companies', {
        tag, ownerId, segment, sizeBand: size, deleted: deleted || undefined, sort, limit: 50, cursor: pages.cursor,
      }, signal);
      if (signal.aborted) return;
      setRows(page.items.map((company) => ({ id: company.id, company })));
      setNextCursor(page.nextCursor);
      setLoading(false);
    };
    load().catch((failure) => { if (!signal.aborted) { setError(failure); setLoading(false); } });
    return () => controller.abort();
  }, [q, tag, ownerId, segment, size, sort, deleted, pages.cursor, generation]);

  const visible = (rows ?? []).filter(({ company }) => !q || deleted || !company || (
    (!tag || company.tags.some((x) => x.toLowerCase() === tag.toLowerCase())) &&
    (!ownerId || company.ownerId === ownerId) && (!segment || company.segment === segment) && (!size || company.sizeBand === size)));
  const filtered = !!(q || tag || owner || segment || size);
  const searching = !!q && !deleted;

  const clearFilters = () => {
    setText(''); setTagText(''); setSegmentText('');
    update({ q: '', tag: '', owner: '', segment: '', size: '' });
  };

  const restore = async (company: Company) => {
    setRestoreError(null);
    try {
      await request(`/api/v1/companies/${company.id}/restore`, { method: 'POST', ifMatch: company.version });
      setRows((current) => current && current.filter((r) => r.id !== company.id));
    } catch (failure) { setRestoreError(failure); }
  };

  const sortHeader = (column: 'name' | 'createdAt' | 'updatedAt', label: string, className?: string) => {
    const active = sort === column || sort === `-${column}`;
    const descending = sort === `-${column}`;
    return (
      <th scope="col" className={className} aria-sort={active && !searching ? (descending ? 'descending' : 'ascending') : undefined}>
        {searching ? label : (
          <button type="button" className="sort" onClick={() => update({ sort: active && !descending ? `-${column}` : column })}
            title={t('contacts.list.sortBy', { column: label })}>
            {label} <span aria-hidden="true">{active ? (descending ? '▼' : '▲') : '↕'}</span>
          </button>
        )}
      </th>
    );
  };

  return (
    <section aria-labelledby="companies-title" className="ct-list">
      <div className="page-header">
        <h1 id="companies-title">{deleted ? t('companies.list.deletedTitle') : t('companies.list.title')}</h1>
        <div className="actions">
          <button type="button" className="link-button" onClick={() => update({ deleted: deleted ? '' : '1' })}>
            {deleted ? t('companies.list.showLive') : t('companies.list.showDeleted')}
          </button>
          {canWrite && <button type="button" className="primary" onClick={() => setCreating(true)}>{t('companies.new')}</button>}
        </div>
      </div>
      <form className="toolbar ct-filters" role="search" aria-label={t('companies.list.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field ct-search">
          <label htmlFor="co-list-search">{t('companies.list.search')}</label>
          <input id="co-list-search" type="search" value={text} autoComplete="off" disabled={deleted}
            placeholder={t('companies.list.searchPlaceholder')} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="co-list-tag">{t('contacts.list.tag')}</label>
          <input id="co-list-tag" value={tagText} size={12} onChange={(e) => setTagText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="co-list-owner">{t('common.owner')}</label>
          <select id="co-list-owner" value={owner} onChange={(e) => update({ owner: e.target.value })}>
            <option value="">{t('common.all')}</option>
            <option value="me">{t('contacts.list.mine')}</option>
            {users.map((u) => <option key={u.id} value={u.id}>{u.name || u.email}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="co-list-segment">{t('companies.field.segment')}</label>
          <input id="co-list-segment" value={segmentText} size={12} onChange={(e) => setSegmentText(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="co-list-size">{t('companies.field.sizeBand')}</label>
          <select id="co-list-size" value={size} onChange={(e) => update({ size: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {sizeBands.map((b) => <option key={b} value={b}>{t('companies.size', { band: b })}</option>)}
          </select>
        </div>
        {filtered && <button type="button" className="link-button ct-clear" onClick={clearFilters}>{t('contacts.list.clearFilters')}</button>}
      </form>

      {error !== null && <ErrorBanner error={error} onRetry={() => setGeneration((g) => g + 1)} />}
      {restoreError !== null && <ErrorBanner error={restoreError} />}
      {loading && !rows && <Loading label={t('companies.list.loading')} />}
      {rows && visible.length === 0 && !loading && !error && (
        filtered || deleted ? (
          <EmptyState message={deleted ? t('companies.list.noDeleted') : t('companies.list.noMatch')}
            action={filtered ? <button type="button" onClick={clearFilters}>{t('contacts.list.clearFilters')}</button> : undefined} />
        ) : (
          <EmptyState message={t('companies.list.empty')}
            action={canWrite ? <button type="button" className="primary" onClick={() => setCreating(true)}>{t('companies.list.emptyAction')}</button> : undefined} />
        )
      )}
      {visible.length > 0 && (
        <>
          <div className="table-wrap">
            <table aria-labelledby="companies-title" aria-busy={loading}>
              <thead>
                <tr>
                  {sortHeader('name', t('common.name'))}
                  <th scope="col">{t('companies.field.domain')}</th>
                  <th scope="col" className="ct-hide-narrow">{t('companies.field.industry')}</th>
                  <th scope="col">{t('companies.field.sizeBand')}</th>
                  <th scope="col" className="ct-hide-narrow">{t('companies.field.segment')}</th>
                  <th scope="col" className="ct-hide-narrow">{t('contacts.field.location')}</th>
                  <th scope="col">{t('common.owner')}</th>
                  <th scope="col" className="ct-hide-narrow">{t('common.tags')}</th>
                  {sortHeader('updatedAt', t('common.updated'), 'ct-hide-mid')}
                  {deleted && canWrite && <th scope="col"><span className="visually-hidden">{t('common.actions')}</span></th>}
                </tr>
              </thead>
              <tbody>
                {visible.map(({ id, company, hit }) => (
                  <tr key={id}>
                    <td className="ct-name"><Link to={`/companies/${id}`}>{company?.name ?? hit?.title}</Link></td>
                    <td className="ct-ellipsis">{company?.domain
                      ? <a href={`https://${company.domain}`} rel="noopener noreferrer" target="_blank">{company.domain}</a>
                      : <span className="muted">—</span>}</td>
                    <td className="ct-hide-narrow">{company?.industry ?? ''}</td>
                    <td className="ct-nowrap">{company?.sizeBand ? t('companies.size', { band: company.sizeBand }) : ''}</td>
                    <td className="ct-hide-narrow">{company?.segment ?? ''}</td>
                    <td className="ct-hide-narrow">{[company?.city, company?.country].filter(Boolean).join(', ')}</td>
                    <td>{company ? userName(company.ownerId) : ''}</td>
                    <td className="ct-hide-narrow">{company?.tags.map((x) => (
                      <button type="button" key={x} className="chip ct-chip-button" onClick={() => { setTagText(x); update({ tag: x }); }}
                        title={t('contacts.list.filterByTag', { tag: x })}>{x}</button>
                    ))}</td>
                    <td className="ct-hide-mid ct-nowrap">{company ? formatDate(company.updatedAt, locale) : ''}</td>
                    {deleted && canWrite && <td>{company && (
                      <button type="button" onClick={() => void restore(company)}
                        aria-label={t('contacts.restoreNamed', { name: company.name })}>{t('common.restore')}</button>
                    )}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {searching ? (visible.length >= 50 && <p className="muted small">{t('contacts.list.refine')}</p>)
            : <Pager pages={pages} nextCursor={nextCursor} />}
        </>
      )}
      {creating && (
        <Modal title={t('companies.new')} onClose={() => setCreating(false)} wide>
          <CompanyForm onCancel={() => setCreating(false)} onSaved={(c) => { setCreating(false); navigate(`/companies/${c.id}`); }} />
        </Modal>
      )}
    </section>
  );
}

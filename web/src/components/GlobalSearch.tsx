// The header's type-ahead search across contacts, companies and conversations. Matched words
// come back as flagged parts and are rendered as text (<mark>), never as HTML.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { get } from '../api/client';
import { useI18n } from '../i18n';
import { useDebounced } from '../lib/useAsync';

export interface SearchHit {
  kind: 'contact' | 'company' | 'interaction';
  id: string;
  title: string;
  snippet: string;
  highlights?: { text: string; match: boolean }[];
}

export function hitPath(hit: SearchHit): string {
  if (hit.kind === 'contact') return `/contacts/${hit.id}`;
  if (hit.kind === 'company') return `/companies/${hit.id}`;
  return `/interactions/${hit.id}`;
}

export function Highlighted({ hit }: { hit: SearchHit }) {
  if (!hit.highlights?.length) return <>{hit.snippet}</>;
  return <>{hit.highlights.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>))}</>;
}

export function GlobalSearch() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const settled = useDebounced(query.trim(), 150);
  const listId = useId();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!settled) { setHits([]); return; }
    const controller = new AbortController();
    get<{ items: SearchHit[] }>('/api/v1/search', { q: settled, limit: 8 }, controller.signal)
      .then((result) => { setHits(result.items); setActive(-1); setOpen(true); })
      .catch(() => undefined);
    return () => controller.abort();
  }, [settled]);

  useEffect(() => {
    const close = (event: MouseEvent) => { if (!box.current?.contains(event.target as Node)) setOpen(false); };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, []);

  const go = (hit: SearchHit) => {
    setOpen(false);
    setQuery('');
    navigate(hitPath(hit));
  };

  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') { event.preventDefault(); setOpen(true); setActive((a) => Math.min(hits.length - 1, a + 1)); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); setActive((a) => Math.max(0, a - 1)); }
    else if (event.key === 'Enter' && hits[Math.max(0, active)]) { event.preventDefault(); go(hits[Math.max(0, active)]); }
    else if (event.key === 'Escape') setOpen(false);
  };

  return (
    <div className="global-search" ref={box}>
      <label htmlFor={`${listId}-input`} className="visually-hidden">{t('nav.search')}</label>
      <input id={`${listId}-input`} type="search" role="combobox" aria-expanded={open} aria-controls={listId}
        aria-autocomplete="list" aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
        placeholder={t('nav.searchPlaceholder')} value={query} autoComplete="off"
        onChange={(e) => setQuery(e.target.value)} onFocus={() => hits.length && setOpen(true)} onKeyDown={onKey} />
      {open && settled && (
        <ul id={listId} role="listbox" className="search-results">
          {hits.length === 0 && <li className="muted" role="option" aria-selected={false}>{t('nav.noResults', { q: settled })}</li>}
          {hits.map((hit, i) => (
            <li key={`${hit.kind}-${hit.id}`} id={`${listId}-${i}`} role="option" aria-selected={i === active}
              className={i === active ? 'active' : undefined} onMouseDown={(e) => { e.preventDefault(); go(hit); }}>
              <span className={`kind kind-${hit.kind}`}>{t(`nav.kind.${hit.kind}`)}</span>
              <strong>{hit.title}</strong>
              <span className="snippet"><Highlighted hit={hit} /></span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

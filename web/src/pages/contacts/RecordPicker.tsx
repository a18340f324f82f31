// A type-ahead picker for a contact or a company, backed by the search API (accent-insensitive,
// the last word a prefix). Keyboard: arrows move, Enter picks, Escape closes.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { get } from '../../api/client';
import { useI18n } from '../../i18n';
import { useDebounced } from '../../lib/useAsync';
import type { SearchHit } from './shared';

export interface Picked { id: string; name: string }

export function RecordPicker({ kind, label, value, onChange, error, exclude = [], placeholder }: {
  kind: 'contact' | 'company';
  label: string;
  value: Picked | null;
  onChange: (value: Picked | null) => void;
  error?: string;
  exclude?: string[];
  placeholder?: string;
}) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState('');
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [searching, setSearching] = useState(false);
  const settled = useDebounced(text.trim(), 150);
  const box = useRef<HTMLDivElement>(null);
  const excluded = exclude.join(',');

  useEffect(() => {
    if (!settled) { setHits([]); return; }
    const controller = new AbortController();
    setSearching(true);
    get<{ items: SearchHit[] }>('/api/v1/search', { q: settled, kind, limit: 30 }, controller.signal)
      .then((result) => {
        const skip = new Set(excluded ? excluded.split(',') : []);
        setHits(result.items.filter((h) => h.kind === kind && !skip.has(h.id)).slice(0, 10));
        setActive(0);
        setOpen(true);
        setSearching(false);
      })
      .catch(() => { if (!controller.signal.aborted) setSearching(false); });
    return () => controller.abort();
  }, [settled, kind, excluded]);

  useEffect(() => {
    const close = (event: MouseEvent) => { if (!box.current?.contains(event.target as Node)) setOpen(false); };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, []);

  const pick = (hit: SearchHit) => {
    onChange({ id: hit.id, name: hit.title });
    setText('');
    setHits([]);
    setOpen(false);
  };

  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') { event.preventDefault(); setOpen(true); setActive((a) => Math.min(hits.length - 1, a + 1)); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); setActive((a) => Math.max(0, a - 1)); }
    else if (event.key === 'Enter') { if (open && hits[active]) { event.preventDefault(); pick(hits[active]); } }
    else if (event.key === 'Escape') { if (open) { event.stopPropagation(); event.preventDefault(); setOpen(false); } }
  };

  const inputId = `${id}-input`;
  return (
    <div className={`field ct-picker${error ? ' field-invalid' : ''}`} ref={box}>
      <label htmlFor={inputId}>{label}</label>
      {value ? (
        <div className="ct-picked">
          <span className="chip">{value.name}</span>
          <button type="button" className="link-button" onClick={() => onChange(null)}
            aria-label={t('contacts.picker.clear', { name: value.name })}>{t('common.clear')}</button>
        </div>
      ) : (
        <div className="ct-picker-box">
          <input id={inputId} type="search" role="combobox" aria-expanded={open} aria-controls={`${id}-list`}
            aria-autocomplete="list" autoComplete="off" value={text}
            aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}
            aria-activedescendant={open && hits[active] ? `${id}-${active}` : undefined}
            placeholder={placeholder ?? t(kind === 'company' ? 'contacts.picker.company' : 'contacts.picker.contact')}
            onChange={(e) => setText(e.target.value)} onKeyDown={onKey} onFocus={() => hits.length && setOpen(true)} />
          {open && settled && (
            <ul id={`${id}-list`} role="listbox" className="search-results" aria-label={label}>
              {hits.length === 0 && !searching && (
                <li className="muted" role="option" aria-selected={false}>{t('contacts.picker.none', { q: settled })}</li>
              )}
              {hits.map((hit, i) => (
                <li key={hit.id} id={`${id}-${i}`} role="option" aria-selected={i === active}
                  className={i === active ? 'active' : undefined}
                  onMouseDown={(e) => { e.preventDefault(); pick(hit); }}>
                  <strong>{hit.title}</strong>
                  {hit.snippet && hit.snippet !== hit.title && <span className="snippet">{hit.snippet}</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {error && <small className="field-error" id={`${id}-error`} role="alert">{error}</small>}
    </div>
  );
}

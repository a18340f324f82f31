// Picks a company or contact by typing part of its name (the global search), keyboard first:
// arrows move through the hits, Enter picks, Escape closes.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useI18n } from '../../i18n';
import { useDebounced } from '../../lib/useAsync';
import { searchKind, type Hit } from './salesApi';

export interface Picked {
  id: string;
  name: string;
}

export function RecordPicker({ kind, label, value, onChange, error, exclude = [], suggestions = [], hideLabel }: {
  kind: 'company' | 'contact';
  label: string;
  value: Picked | null;
  onChange: (value: Picked | null) => void;
  error?: string;
  exclude?: string[];
  suggestions?: Hit[];          // shown before anything is typed (e.g. the company's contacts)
  hideLabel?: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<Hit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [searching, setSearching] = useState(false);
  const settled = useDebounced(query.trim(), 180);
  const box = useRef<HTMLDivElement>(null);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!settled) { setHits([]); return; }
    const controller = new AbortController();
    setSearching(true);
    searchKind(kind, settled, controller.signal)
      .then((found) => { setHits(found); setActive(found.length ? 0 : -1); setSearching(false); })
      .catch(() => { if (!controller.signal.aborted) setSearching(false); });
    return () => controller.abort();
  }, [settled, kind]);

  useEffect(() => {
    const close = (event: MouseEvent) => { if (!box.current?.contains(event.target as Node)) setOpen(false); };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, []);

  const shown = (settled ? hits : suggestions).filter((h) => !exclude.includes(h.id));

  const pick = (hit: Hit) => {
    onChange({ id: hit.id, name: hit.title });
    setQuery('');
    setOpen(false);
  };

  const onKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') { event.preventDefault(); setOpen(true); setActive((a) => Math.min(shown.length - 1, a + 1)); }
    else if (event.key === 'ArrowUp') { event.preventDefault(); setActive((a) => Math.max(0, a - 1)); }
    else if (event.key === 'Enter') {
      if (open && shown[Math.max(0, active)]) { event.preventDefault(); pick(shown[Math.max(0, active)]); }
    } else if (event.key === 'Escape' && open) { event.preventDefault(); event.stopPropagation(); setOpen(false); }
  };

  const listId = `${id}-list`;
  return (
    <div className={`field picker${error ? ' field-invalid' : ''}`} ref={box}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : undefined}>{label}</label>
      {value ? (
        <div className="picked">
          <span id={id} tabIndex={-1}>{value.name || '…'}</span>
          <button type="button" className="link-button" aria-label={t('sales.picker.changeLabel', { label, name: value.name })}
            onClick={() => { onChange(null); setTimeout(() => input.current?.focus(), 0); }}>{t('sales.picker.change')}</button>
        </div>
      ) : (
        <>
          <input ref={input} id={id} type="search" role="combobox" autoComplete="off"
            aria-expanded={open && shown.length > 0} aria-controls={listId} aria-autocomplete="list"
            aria-activedescendant={open && active >= 0 && shown[active] ? `${id}-${active}` : undefined}
            aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined}
            placeholder={t(kind === 'company' ? 'sales.picker.companyPlaceholder' : 'sales.picker.contactPlaceholder')}
            value={query} onChange={(e) => { setQuery(e.target.value); setOpen(true); }}
            onFocus={() => setOpen(true)} onKeyDown={onKey} />
          {open && (shown.length > 0 || (settled && !searching)) && (
            <ul id={listId} role="listbox" className="suggestions" aria-label={label}>
              {shown.length === 0 && <li className="muted small" role="option" aria-selected={false}>{t('sales.picker.none', { q: settled })}</li>}
              {shown.map((hit, i) => (
                <li key={hit.id} id={`${id}-${i}`} role="option" aria-selected={i === active}>
                  <button type="button" tabIndex={-1} className={i === active ? 'active' : undefined}
                    onMouseDown={(e) => { e.preventDefault(); pick(hit); }}>
                    {hit.title}{hit.snippet && hit.snippet !== hit.title ? <span className="muted small"> · {hit.snippet}</span> : null}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {error && <small className="field-error" id={`${id}-error`} role="alert">{error}</small>}
    </div>
  );
}

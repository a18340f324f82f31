// Cursor pagination: the server gives the next cursor; the pager remembers the ones before.
import { useCallback, useState } from 'react';
import { useI18n } from '../i18n';

export interface CursorPages {
  cursor: string | undefined;
  page: number;
  next: (cursor: string) => void;
  previous: () => void;
  reset: () => void;
}

export function useCursorPages(): CursorPages {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  return {
    cursor: stack[stack.length - 1],
    page: stack.length,
    next: useCallback((cursor: string) => setStack((s) => [...s, cursor]), []),
    previous: useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []),
    reset: useCallback(() => setStack([undefined]), []),
  };
}

export function Pager({ pages, nextCursor }: { pages: CursorPages; nextCursor: string | null | undefined }) {
  const { t } = useI18n();
  return (
    <nav className="pager" aria-label="pagination">
      <button type="button" onClick={pages.previous} disabled={pages.page <= 1}>{t('common.previous')}</button>
      <span>{t('common.page', { n: pages.page })}</span>
      <button type="button" onClick={() => nextCursor && pages.next(nextCursor)} disabled={!nextCursor}>{t('common.next')}</button>
    </nav>
  );
}

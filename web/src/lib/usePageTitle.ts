// The window's title names the screen (WCAG 2.4.2, and what a screen reader announces first):
// "<screen> · Tertulia", back to "Tertulia" when the screen goes.
import { useEffect } from 'react';

export function usePageTitle(title: string | null | undefined) {
  useEffect(() => {
    if (!title) return undefined;
    document.title = `${title} · Tertulia`;
    return () => { document.title = 'Tertulia'; };
  }, [title]);
}

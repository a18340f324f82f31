// The i18n layer: every text on screen is a key looked up in the Spanish or English catalogue.
// The browser language picks the first locale; the header's switch changes it and is remembered.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { catalogues, type Language } from './catalogues';

export type { Language } from './catalogues';
export const languages: Language[] = ['es', 'en'];
const storageKey = 'tertulia.language';

export type Params = Record<string, string | number>;

export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'es' || base === 'en') return base;
  }
  return 'en';
}

function initialLanguage(): Language {
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved === 'es' || saved === 'en') return saved;
  } catch {
    // storage disabled: fall back to the browser's languages
  }
  return pickLanguage(typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language]);
}

// Looks a key up and fills {placeholders}. A `count` param picks `key.one` / `key.other`
// by the language's plural rules. A missing key shows itself, so it is noticed, not hidden.
export function translate(language: Language, key: string, params?: Params): string {
  const catalogue = catalogues[language];
  let text: string | undefined;
  if (params && typeof params.count === 'number') {
    const form = new Intl.PluralRules(language).select(params.count);
    text = catalogue[`${key}.${form}`] ?? catalogue[`${key}.other`];
  }
  text ??= catalogue[key] ?? catalogues.en[key];
  if (text === undefined) return key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole);
}

// The locale Intl formats with: the UI language plus the browser's region when it matches
// (es-MX keeps Mexican number formats while the text is Spanish).
export function localeFor(language: Language): string {
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages ?? [];
  return preferred.find((tag) => tag.toLowerCase().startsWith(`${language}-`)) ??
         (language === 'es' ? 'es-ES' : 'en-GB');
}

export interface I18n {
  language: Language;
  locale: string;
  setLanguage: (language: Language) => void;
  t: (key: string, params?: Params) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children, language: fixed }: { children: ReactNode; language?: Language }) {
  const [language, setState] = useState<Language>(fixed ?? initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    setState(next);
    try { localStorage.setItem(storageKey, next); } catch { /* not remembered */ }
  }, []);
  const value = useMemo<I18n>(() => {
    document.documentElement.lang = language;
    return {
      language, locale: localeFor(language), setLanguage,
      t: (key, params) => translate(language, key, params),
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}

// Catalogues, one file per area and language. Each area's Spanish and English files must hold
// the same keys: src/i18n/catalogues.test.ts checks it.
import enCommon from './en/common';
import esCommon from './es/common';
import enContacts from './en/contacts';
import esContacts from './es/contacts';
import enSales from './en/sales';
import esSales from './es/sales';
import enSettings from './en/settings';
import esSettings from './es/settings';
import enWork from './en/work';
import esWork from './es/work';

export type Language = 'es' | 'en';
export type Catalogue = Record<string, string>;

export const areas: Record<string, Record<Language, Catalogue>> = {
  common: { en: enCommon, es: esCommon },
  contacts: { en: enContacts, es: esContacts },
  sales: { en: enSales, es: esSales },
  settings: { en: enSettings, es: esSettings },
  work: { en: enWork, es: esWork },
};

function merge(language: Language): Catalogue {
  return Object.assign({}, ...Object.values(areas).map((area) => area[language]));
}

export const catalogues: Record<Language, Catalogue> = { en: merge('en'), es: merge('es') };

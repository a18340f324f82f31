// Every text exists in both languages, and placeholders agree, so switching language never shows
// a raw key or loses a value.
import { describe, expect, it } from 'vitest';
import { areas, catalogues } from './catalogues';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('catalogues', () => {
  for (const [area, { en, es }] of Object.entries(areas)) {
    it(`${area}: Spanish and English hold the same keys`, () => {
      expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    });

    it(`${area}: every text is filled in and uses the same placeholders in both`, () => {
      for (const key of Object.keys(en)) {
        expect(en[key].trim(), `en ${key}`).not.toBe('');
        expect(es[key]?.trim(), `es ${key}`).not.toBe('');
        expect(placeholders(es[key] ?? ''), key).toEqual(placeholders(en[key]));
      }
    });
  }

  it('no key is defined by two areas', () => {
    const seen = new Map<string, string>();
    for (const [area, { en }] of Object.entries(areas)) {
      for (const key of Object.keys(en)) {
        expect(seen.get(key), `${key} in ${area} and ${seen.get(key)}`).toBeUndefined();
        seen.set(key, area);
      }
    }
  });

  it('plural keys come with their .other form', () => {
    for (const key of Object.keys(catalogues.en)) {
      if (key.endsWith('.one')) expect(catalogues.en[key.replace(/\.one$/, '.other')], key).toBeDefined();
    }
  });
});

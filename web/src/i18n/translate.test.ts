import { describe, expect, it } from 'vitest';
import { pickLanguage, translate } from './index';

describe('translate', () => {
  it('fills placeholders and picks plural forms by the language rules', () => {
    expect(translate('en', 'common.selected', { count: 1 })).toBe('1 selected');
    expect(translate('es', 'common.selected', { count: 3 })).toBe('3 seleccionados');
    expect(translate('es', 'nav.noResults', { q: 'muñoz' })).toBe('Nada coincide con «muñoz».');
  });

  it('shows a missing key as itself, so it is noticed', () => {
    expect(translate('en', 'no.such.key')).toBe('no.such.key');
  });

  it('leaves an unknown placeholder visible', () => {
    expect(translate('en', 'common.page', {})).toBe('Page {n}');
  });
});

describe('pickLanguage', () => {
  it('takes the first supported browser language', () => {
    expect(pickLanguage(['fr-FR', 'es-MX', 'en'])).toBe('es');
    expect(pickLanguage(['en-US', 'es'])).toBe('en');
    expect(pickLanguage(['de', 'fr'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });
});

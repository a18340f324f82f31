// What a merge moved, in words, in both languages: only the kinds that moved, plural forms right.
import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n';
import { movedSummary } from './Merges';
import type { ContactMerge } from './shared';

const merge: ContactMerge = {
  id: 'm1', survivorId: 'a', mergedId: 'b', source: 'api', status: 'merged', mergedAt: '2026-11-30T10:00:00Z',
  moved: {
    interactions: 2, notes: 1, tasks: 0, documents: 0, opportunities: 0, relationships: 0, events: 3, identities: 0,
    added: { emails: ['bego@example.com'], phones: [], socialProfiles: [['linkedin', 'bego']], tags: [], fields: {} },
  },
};

describe('movedSummary', () => {
  it('lists what moved and what was added, in English', () => {
    const t = (key: string, params?: Record<string, string | number>) => translate('en', key, params);
    expect(movedSummary(merge, t, 'en-GB')).toEqual({
      moved: '2 interactions, 1 note and 3 tracked events',
      added: '1 e-mail address and 1 social profile',
    });
  });

  it('in Spanish', () => {
    const t = (key: string, params?: Record<string, string | number>) => translate('es', key, params);
    expect(movedSummary(merge, t, 'es-ES')).toEqual({
      moved: '2 conversaciones, 1 nota y 3 eventos registrados',
      added: '1 dirección de correo y 1 perfil social',
    });
  });

  it('says nothing when nothing moved', () => {
    const t = (key: string, params?: Record<string, string | number>) => translate('en', key, params);
    expect(movedSummary({ ...merge, moved: {} }, t, 'en-GB')).toEqual({ moved: '', added: '' });
  });
});

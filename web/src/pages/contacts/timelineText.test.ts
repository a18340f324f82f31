import { describe, expect, it } from 'vitest';
import { translate, type Language } from '../../i18n';
import type { TimelineItem } from './shared';
import { timelineText } from './timelineText';

const words = (language: Language, item: Partial<TimelineItem>) =>
  timelineText({ recordId: 'r', occurredAt: '2026-11-20T10:00:00.000Z', summary: 'server summary', kind: 'task', ...item },
    (key, params) => translate(language, key, params), language === 'es' ? 'es-ES' : 'en-GB');

describe('timelineText', () => {
  it('words a task from its facts in either language', () => {
    const open = { kind: 'task', detail: { title: 'Llamar a Ana', status: 'open', dueAt: '2026-12-03T09:00:00.000Z' } };
    expect(words('es', open)).toBe('Llamar a Ana (vence el 3 dic 2026)');
    expect(words('en', open)).toBe('Llamar a Ana (due 3 Dec 2026)');
    expect(words('es', { kind: 'task', detail: { title: 'Enviar oferta', status: 'done', dueAt: null } }))
      .toBe('Enviar oferta (hecha)');
    expect(words('es', { kind: 'task', detail: { title: 'Sin fecha', status: 'open', dueAt: null } })).toBe('Sin fecha');
  });

  it('words stage moves and openings', () => {
    expect(words('es', { kind: 'stage_change', detail: { opportunity: 'Renovación', from: null, to: 'Nuevo' } }))
      .toBe('Renovación: abierta en Nuevo');
    expect(words('en', { kind: 'stage_change', detail: { opportunity: 'Renewal', from: 'New', to: 'Won' } }))
      .toBe('Renewal: New → Won');
  });

  it('words merges with what moved, listed in the language', () => {
    const merge = { kind: 'merge', detail: { action: 'merged', contact: 'Ana Muñoz', moved: { interactions: 2, notes: 1, tasks: 0, events: 0 } } };
    expect(words('es', merge)).toBe('Fusionado con Ana Muñoz: 2 conversaciones y 1 nota');
    expect(words('en', merge)).toBe('Merged with Ana Muñoz: 2 interactions and 1 note');
    expect(words('es', { kind: 'merge', detail: { action: 'undone', contact: 'Ana Muñoz', moved: {} } }))
      .toBe('Se deshizo la fusión con Ana Muñoz');
  });

  it('words tracked events, with the Segment spec events by name', () => {
    expect(words('es', { kind: 'event', detail: { type: 'page', title: 'Precios', url: 'https://x.es/precios' } }))
      .toBe('Vio Precios (https://x.es/precios)');
    expect(words('es', { kind: 'event', detail: { type: 'page' } })).toBe('Vio una página');
    expect(words('es', { kind: 'event', detail: { type: 'track', event: 'Page Dwell', seconds: 1250, url: '/precios' } }))
      .toBe('Pasó 1250 s en /precios');
    expect(words('es', { kind: 'event', detail: { type: 'track', event: 'Order Completed', properties: 'total: 12.5' } }))
      .toBe('Completó un pedido (total: 12.5)');
    expect(words('en', { kind: 'event', detail: { type: 'track', event: 'Signed Up' } })).toBe('Signed Up');
    expect(words('es', { kind: 'event', detail: { type: 'identify', as: 'u-7' } })).toBe('Se identificó como u-7');
  });

  it('shows the server summary for conversations, old entries and unknown facts', () => {
    expect(words('es', { kind: 'interaction', channel: 'call' })).toBe('server summary');
    expect(words('es', { kind: 'task', detail: null })).toBe('server summary');
    expect(words('es', { kind: 'event', detail: { type: 'something new' } })).toBe('server summary');
  });
});

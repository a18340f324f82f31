// A timeline item in the reader's language, worded from the facts the server sends in `detail`:
// a task's title, status and due time, a stage move, a merge, a tracked event. Items without
// them (conversations and notes, whose summary is the people's own text, and entries written
// before the server kept detail) show the server's summary as it is.
import type { I18n } from '../../i18n';
import { formatDate, formatNumber } from '../../i18n/format';
import { movedKinds, type TimelineItem } from './shared';

type T = I18n['t'];
type Facts = Record<string, unknown>;

// The Segment spec's e-commerce and e-mail events that have words of their own.
const segmentEvents: Record<string, string> = {
  'Product Viewed': 'productViewed',
  'Product Added': 'productAdded',
  'Product Removed': 'productRemoved',
  'Checkout Started': 'checkoutStarted',
  'Order Completed': 'orderCompleted',
  'Email Opened': 'emailOpened',
  'Email Link Clicked': 'emailLinkClicked',
};

function fact(facts: Facts, key: string): string {
  const value = facts[key];
  return typeof value === 'string' ? value : '';
}

function listed(parts: string[], locale: string): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(parts);
}

function taskText(facts: Facts, t: T, locale: string): string {
  const title = fact(facts, 'title');
  const status = fact(facts, 'status');
  if (status === 'done' || status === 'cancelled') return t(`contacts.timeline.task.${status}`, { title });
  const due = fact(facts, 'dueAt');
  return due ? t('contacts.timeline.task.due', { title, date: formatDate(due, locale) }) : title;
}

function stageText(facts: Facts, t: T): string {
  const opportunity = fact(facts, 'opportunity');
  const from = fact(facts, 'from');
  const to = fact(facts, 'to');
  return from ? t('contacts.timeline.stage.moved', { opportunity, from, to })
    : t('contacts.timeline.stage.opened', { opportunity, to });
}

function mergeText(facts: Facts, t: T, locale: string): string {
  const moved = (typeof facts.moved === 'object' && facts.moved !== null ? facts.moved : {}) as Record<string, unknown>;
  const count = (kind: string) => (typeof moved[kind] === 'number' ? moved[kind] as number : 0);
  const parts = movedKinds.filter((k) => count(k) > 0).map((k) => t(`contacts.merges.count.${k}`, { count: count(k) }));
  const action = fact(facts, 'action') === 'undone' ? 'undone' : 'merged';
  const name = fact(facts, 'contact');
  return parts.length ? t(`contacts.timeline.merge.${action}Moved`, { name, list: listed(parts, locale) })
    : t(`contacts.timeline.merge.${action}`, { name });
}

// "Pricing (https://example.com/pricing)", the title or the address alone, or "a page".
function pageText(facts: Facts, t: T): string {
  const title = fact(facts, 'title');
  const url = fact(facts, 'url');
  if (!title) return url || t('contacts.timeline.event.aPage');
  return url ? `${title} (${url})` : title;
}

function trackText(facts: Facts, t: T, locale: string): string {
  const event = fact(facts, 'event');
  if (event === 'Page Dwell') {
    const seconds = typeof facts.seconds === 'number' ? facts.seconds : 0;
    return t('contacts.timeline.event.dwell', { seconds: formatNumber(seconds, locale), page: pageText(facts, t) });
  }
  const known = segmentEvents[event];
  const name = known ? t(`contacts.timeline.event.segment.${known}`) : event;
  const properties = fact(facts, 'properties');
  return properties ? `${name} (${properties})` : name;
}

function eventText(facts: Facts, t: T, locale: string): string | null {
  switch (fact(facts, 'type')) {
    case 'page': return t('contacts.timeline.event.page', { page: pageText(facts, t) });
    case 'screen': return t('contacts.timeline.event.screen', { name: fact(facts, 'name') });
    case 'track': return trackText(facts, t, locale);
    case 'identify': return t('contacts.timeline.event.identify', { id: fact(facts, 'as') });
    case 'group': return t('contacts.timeline.event.group', { name: fact(facts, 'name') });
    case 'alias': return t('contacts.timeline.event.alias', { name: fact(facts, 'name') });
    default: return null;
  }
}

export function timelineText(item: TimelineItem, t: T, locale: string): string {
  const facts = item.detail;
  if (!facts) return item.summary;
  switch (item.kind) {
    case 'task': return taskText(facts, t, locale);
    case 'stage_change': return stageText(facts, t);
    case 'merge': return mergeText(facts, t, locale);
    case 'event': return eventText(facts, t, locale) ?? item.summary;
    default: return item.summary;
  }
}

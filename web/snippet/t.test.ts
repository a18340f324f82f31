// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { boot, retryAfterMs, VERSION, type Message, type Tertulia } from './t';

const T0 = new Date('2026-03-01T10:00:00.000Z').getTime();
const HOST = 'https://crm.example.com';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Body {
  batch: Message[];
  writeKey: string;
  sentAt: string;
}

let ctrl: AbortController;
let fetchMock: Mock;
let beaconMock: Mock;
let statuses: Array<number | Error | [number, Record<string, string>]>;

function response(status: number, headers: Record<string, string> = {}) {
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: { get: (k: string) => headers[k] ?? null },
    json: async () => ({ success: status === 200 }),
  };
}

function setHidden(hidden: boolean) {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  Object.defineProperty(document, 'visibilityState', {
    configurable: true,
    get: () => (hidden ? 'hidden' : 'visible'),
  });
}

function setReferrer(referrer: string) {
  Object.defineProperty(document, 'referrer', { configurable: true, get: () => referrer });
}

function setDnt(nav: string | null, win: string | null = null) {
  Object.defineProperty(navigator, 'doNotTrack', { configurable: true, get: () => nav });
  (window as unknown as { doNotTrack: string | null }).doNotTrack = win;
}

/** The snippet's own <script> tag, as a site embeds it. */
function addScript(attrs: Record<string, string> = {}) {
  const s = document.createElement('script');
  s.setAttribute('src', `${HOST}/t.js`);
  s.setAttribute('data-write-key', 'wk_test');
  s.async = true;
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
  document.head.appendChild(s);
  return s;
}

function start(): Tertulia {
  ctrl = new AbortController();
  return boot(ctrl.signal);
}

/** Simulates a reload: listeners gone, window.tertulia gone, storage and cookies kept. */
function reload(): Tertulia {
  ctrl.abort();
  vi.clearAllTimers();
  delete (window as { tertulia?: unknown }).tertulia;
  return start();
}

const bodies = (): Body[] => fetchMock.mock.calls.map((c) => JSON.parse((c[1] as RequestInit).body as string));
const sent = (): Message[] => bodies().flatMap((b) => b.batch);

async function beaconBodies(): Promise<Body[]> {
  const out: Body[] = [];
  for (const [, blob] of beaconMock.mock.calls as [string, Blob][]) out.push(JSON.parse(await blob.text()));
  return out;
}

function clearCookies() {
  for (const c of document.cookie.split('; ')) {
    const name = c.split('=')[0];
    if (name) document.cookie = `${name}=; Max-Age=0; Path=/`;
  }
}

const cookie = (name: string) =>
  document.cookie
    .split('; ')
    .find((c) => c.startsWith(name + '='))
    ?.slice(name.length + 1) ?? null;

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  localStorage.clear();
  sessionStorage.clear();
  clearCookies();
  document.head.innerHTML = '';
  document.title = 'Tertulia test';
  delete (window as { tertulia?: unknown }).tertulia;
  history.replaceState(null, '', '/');
  setHidden(false);
  setReferrer('');
  setDnt(null);
  statuses = [];
  fetchMock = vi.fn(async () => {
    const s = statuses.length > 1 ? statuses.shift()! : (statuses[0] ?? 200);
    if (s instanceof Error) throw s;
    return Array.isArray(s) ? response(s[0], s[1]) : response(s);
  });
  vi.stubGlobal('fetch', fetchMock);
  beaconMock = vi.fn(() => true);
  Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: beaconMock });
});

afterEach(() => {
  ctrl?.abort();
  vi.clearAllTimers();
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('auto page view', () => {
  it('is sent on load with page, campaign, referrer and library context', async () => {
    history.replaceState(
      null,
      '',
      '/pricing?utm_source=newsletter&utm_medium=email&utm_campaign=spring&utm_term=crm&utm_content=hero&x=1#plans',
    );
    setReferrer('https://www.google.com/');
    document.title = 'Pricing';
    addScript();
    start();
    expect(fetchMock).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2000);

    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe(`${HOST}/v1/batch`);
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('omit');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('text/plain');

    const [body] = bodies();
    expect(body.writeKey).toBe('wk_test');
    expect(body.batch).toHaveLength(1);
    const m = body.batch[0];
    expect(m.type).toBe('page');
    expect(m.messageId).toMatch(UUID);
    expect(m.anonymousId).toMatch(UUID);
    expect(m.userId).toBeUndefined();
    expect(m.timestamp).toBe(new Date(T0).toISOString());
    const search = '?utm_source=newsletter&utm_medium=email&utm_campaign=spring&utm_term=crm&utm_content=hero&x=1';
    const page = {
      path: '/pricing',
      referrer: 'https://www.google.com/',
      search,
      title: 'Pricing',
      url: `${location.origin}/pricing${search}`,
    };
    expect(m.context.page).toEqual(page);
    expect(m.context.campaign).toEqual({
      source: 'newsletter',
      medium: 'email',
      name: 'spring',
      term: 'crm',
      content: 'hero',
    });
    expect(m.context.library).toEqual({ name: 'tertulia.js', version: VERSION });
    expect(m.context.userAgent).toBe(navigator.userAgent);
    expect(m.context.locale).toBe(navigator.language);
    expect(m.properties).toMatchObject(page);
  });

  it('is not sent with data-auto-page="false"', async () => {
    addScript({ 'data-auto-page': 'false' });
    start();
    await vi.advanceTimersByTimeAsync(10000);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('page(name, properties) sends a named page view', async () => {
    addScript({ 'data-auto-page': 'false' });
    const t = start();
    t.page('Docs', { section: 'api' });
    t.page({ only: 'props' });
    await vi.advanceTimersByTimeAsync(2000);
    const [a, b] = sent();
    expect(a.name).toBe('Docs');
    expect(a.properties).toMatchObject({ section: 'api', path: '/' });
    expect(b.name).toBeUndefined();
    expect(b.properties).toMatchObject({ only: 'props' });
  });

  it('remembers the campaign for the session so later pages carry it', async () => {
    history.replaceState(null, '', '/?utm_source=ads&utm_campaign=launch');
    addScript();
    start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(JSON.parse(sessionStorage.getItem('tertulia_campaign')!)).toEqual({ source: 'ads', name: 'launch' });

    history.replaceState(null, '', '/features');
    reload();
    await vi.advanceTimersByTimeAsync(2000);
    const later = sent().filter((m) => m.type === 'page')[1];
    expect((later.context.page as { path: string }).path).toBe('/features');
    expect(later.context.campaign).toEqual({ source: 'ads', name: 'launch' });
  });

  it('derives the API host from a script path prefix and honours window.tertulia config', async () => {
    const s = addScript();
    s.setAttribute('src', 'https://example.org/crm/t.js?v=3');
    start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(fetchMock.mock.calls[0][0]).toBe('https://example.org/crm/v1/batch');

    document.head.innerHTML = '';
    (window as unknown as { tertulia: unknown }).tertulia = { writeKey: 'wk_cfg', host: 'https://api.example.net/' };
    ctrl.abort();
    start();
    await vi.advanceTimersByTimeAsync(2000);
    const [url, init] = fetchMock.mock.calls[1] as [string, RequestInit];
    expect(url).toBe('https://api.example.net/v1/batch');
    expect(JSON.parse(init.body as string).writeKey).toBe('wk_cfg');
  });
});

describe('identity', () => {
  it('persists the anonymousId in a cookie and localStorage', async () => {
    const set = vi.spyOn(Document.prototype, 'cookie', 'set');
    addScript();
    const t = start();
    await vi.advanceTimersByTimeAsync(2000);
    const aid = sent()[0].anonymousId!;
    expect(t.anonymousId()).toBe(aid);
    expect(cookie('tertulia_aid')).toBe(aid);
    expect(localStorage.getItem('tertulia_aid')).toBe(aid);
    const written = set.mock.calls.map((c) => String(c[0])).find((c) => c.startsWith('tertulia_aid='))!;
    expect(written).toContain('Max-Age=31536000');
    expect(written).toContain('Path=/');
    expect(written).toContain('SameSite=Lax');
  });

  it('restores the anonymousId from the cookie alone and from localStorage alone', async () => {
    addScript();
    start();
    await vi.advanceTimersByTimeAsync(2000);
    const aid = sent()[0].anonymousId!;

    localStorage.removeItem('tertulia_aid');
    reload();
    expect(localStorage.getItem('tertulia_aid')).toBe(aid);

    clearCookies();
    reload();
    expect(cookie('tertulia_aid')).toBe(aid);
    await vi.advanceTimersByTimeAsync(2000);
    expect(new Set(sent().map((m) => m.anonymousId))).toEqual(new Set([aid]));
  });

  it('identify sets userId on later messages, across reloads; reset forgets it', async () => {
    addScript({ 'data-auto-page': 'false' });
    const t = start();
    t.track('Before');
    t.identify('user-42', { email: 'ana@example.com' });
    t.track('After', { n: 1 });
    await vi.advanceTimersByTimeAsync(2000);
    const [before, ident, after] = sent();
    expect(before.userId).toBeUndefined();
    expect(ident).toMatchObject({ type: 'identify', userId: 'user-42', traits: { email: 'ana@example.com' } });
    expect(after).toMatchObject({ type: 'track', event: 'After', userId: 'user-42', properties: { n: 1 } });
    expect(localStorage.getItem('tertulia_uid')).toBe('user-42');

    const t2 = reload();
    expect(t2.userId()).toBe('user-42');
    t2.track('Later');
    const aid = t2.anonymousId();
    t2.reset();
    t2.track('Anonymous again');
    await vi.advanceTimersByTimeAsync(2000);
    const [later, anon] = sent().slice(3);
    expect(later.userId).toBe('user-42');
    expect(anon.userId).toBeUndefined();
    expect(anon.anonymousId).not.toBe(aid);
    expect(localStorage.getItem('tertulia_uid')).toBeNull();
  });
});

describe('batching', () => {
  it('flushes every 2 s, with sentAt set at send time', async () => {
    addScript({ 'data-auto-page': 'false' });
    const t = start();
    t.track('A');
    await vi.advanceTimersByTimeAsync(500);
    t.track('B');
    t.track('C');
    await vi.advanceTimersByTimeAsync(1499);
    expect(fetchMock).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [body] = bodies();
    expect(body.batch.map((m) => m.event)).toEqual(['A', 'B', 'C']);
    expect(body.sentAt).toBe(new Date(T0 + 2000).toISOString());
    expect(body.batch[0].timestamp).toBe(new Date(T0).toISOString());
    expect(body.batch[1].timestamp).toBe(new Date(T0 + 500).toISOString());
    expect(new Set(body.batch.map((m) => m.messageId)).size).toBe(3);
    expect(localStorage.getItem('tertulia_q.' + sessionStorage.getItem('tertulia_tab'))).toBeNull();
  });

  it('flushes at once at 20 messages', async () => {
    addScript({ 'data-auto-page': 'false' });
    const t = start();
    for (let i = 0; i < 25; i++) t.track('E' + i);
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(bodies()[0].batch).toHaveLength(20);
    await vi.advanceTimersByTimeAsync(2000);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(bodies()[1].batch.map((m) => m.event)).toEqual(['E20', 'E21', 'E22', 'E23', 'E24']);
  });
});

describe('retries', () => {
  it('retries a 500 and a network error with exponential backoff', async () => {
    statuses = [500, new TypeError('Failed to fetch'), 500, 200];
    addScript();
    start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(999);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1); // +1 s
    expect(fetchMock).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1999);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1); // +2 s
    expect(fetchMock).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(4000); // +4 s
    expect(fetchMock).toHaveBeenCalledTimes(4);
    const ids = bodies().map((b) => b.batch[0].messageId);
    expect(new Set(ids).size).toBe(1);
    const sentAts = bodies().map((b) => b.sentAt);
    expect(new Set(sentAts).size).toBe(4);
    await vi.advanceTimersByTimeAsync(60000);
    expect(fetchMock).toHaveBeenCalledTimes(4);
  });

  it('gives up after 5 tries', async () => {
    statuses = [503];
    addScript();
    start();
    await vi.advanceTimersByTimeAsync(2000 + 1000 + 2000 + 4000 + 8000);
    expect(fetchMock).toHaveBeenCalledTimes(5);
    await vi.advanceTimersByTimeAsync(120000);
    expect(fetchMock).toHaveBeenCalledTimes(5);
    expect(localStorage.getItem('tertulia_q.' + sessionStorage.getItem('tertulia_tab'))).toBeNull();
  });

  it('honours Retry-After on 429', async () => {
    statuses = [[429, { 'Retry-After': '7' }], 200];
    addScript();
    start();
    await vi.advanceTimersByTimeAsync(2000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(6999);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('does not send new batches before a backoff ends', async () => {
    statuses = [500, 200];
    addScript({ 'data-auto-page': 'false' });
    const t = start();
    t.track('A');
    await vi.advanceTimersByTimeAsync(2000);
    for (let i = 0; i < 20; i++) t.track('B' + i);
    await vi.advanceTimersByTimeAsync(999);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(fetchMock).toHaveBeenCalledTimes(2); // the retry takes the head of the queue
    expect(bodies()[1].batch.map((m) => m.event)).toEqual(['A', ...Array.from({ length: 19 }, (_, i) => 'B' + i)]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(fetchMock).toHaveBeenCalledTimes(3);
    expect(bodies()[2].batch.map((m) => m.event)).toEqual(['B19']);
  });

  it.each([400, 401])('never retries %i', async (status) => {
    statuses = [status, 200];
    addScript({ 'data-auto-page': 'false' });
    const t = start();
    t.track('Bad');
    await vi.advanceTimersByTimeAsync(60000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(localStorage.getItem('tertulia_q.' + sessionStorage.getItem('tertulia_tab'))).toBeNull();
    t.track('Next');
    await vi.advanceTimersByTimeAsync(2000);
    // a 401 means the write key is wrong: this page stops sending
    expect(fetchMock).toHaveBeenCalledTimes(status === 401 ? 1 : 2);
  });

  it('parses Retry-After seconds and dates', () => {
    expect(retryAfterMs('120')).toBe(120000);
    expect(retryAfterMs(null)).toBe(0);
    expect(retryAfterMs('Wed, 01 Jan 2025 00:00:10 GMT', Date.UTC(2025, 0, 1))).toBe(10000);
    expect(retryAfterMs('garbage')).toBe(0);
  });
});

describe('persisted queue', () => {
  it('survives a reload when sending failed', async () => {
    statuses = [new TypeError('offline')];
    addScript({ 'data-auto-page': 'false' });
    const t = start();
    t.track('Kept', { k: 1 });
    const stored = JSON.parse(localStorage.getItem('tertulia_q.' + sessionStorage.getItem('tertulia_tab'))!);
    expect(stored.q.map((m: Message) => m.event)).toEqual(['Kept']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const id = sent()[0].messageId;

    statuses = [200];
    reload();
    await vi.advanceTimersByTimeAsync(0);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    expect(bodies()[1].batch.map((m) => m.messageId)).toEqual([id]);
    expect(localStorage.getItem('tertulia_q.' + sessionStorage.getItem('tertulia_tab'))).toBeNull();
  });

  it("adopts a closed tab's queue but not a live tab's", async () => {
    const msg = (event: string): Message => ({
      type: 'track',
      event,
      messageId: event,
      anonymousId: 'x',
      timestamp: new Date(T0 - 60000).toISOString(),
      context: {},
    });
    localStorage.setItem('tertulia_q.old-tab', JSON.stringify({ t: T0 - 60000, q: [msg('Orphan')] }));
    localStorage.setItem('tertulia_q.live-tab', JSON.stringify({ t: T0 - 1000, q: [msg('Live')] }));
    addScript({ 'data-auto-page': 'false' });
    start();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent().map((m) => m.event)).toEqual(['Orphan']);
    expect(localStorage.getItem('tertulia_q.old-tab')).toBeNull();
    expect(localStorage.getItem('tertulia_q.live-tab')).not.toBeNull();
  });
});

describe('time on page', () => {
  it('excludes hidden time and is sent by sendBeacon on visibilitychange and pagehide', async () => {
    addScript();
    start();
    await vi.advanceTimersByTimeAsync(3000); // page view sent by fetch at 2 s
    expect(sent()).toHaveLength(1);
    const pageViewId = (sent()[0].properties as { pageViewId: string }).pageViewId;

    setHidden(true);
    document.dispatchEvent(new Event('visibilitychange'));
    expect(beaconMock).toHaveBeenCalledTimes(1);
    const [url, blob] = beaconMock.mock.calls[0] as [string, Blob];
    expect(url).toBe(`${HOST}/v1/batch`);
    expect(blob.type).toBe('text/plain');

    await vi.advanceTimersByTimeAsync(60000); // hidden: not counted
    setHidden(false);
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(4500);
    window.dispatchEvent(new Event('pagehide'));
    setHidden(true);
    document.dispatchEvent(new Event('visibilitychange')); // follows pagehide: nothing new to report
    expect(beaconMock).toHaveBeenCalledTimes(2);

    const beacons = await beaconBodies();
    expect(beacons[0].writeKey).toBe('wk_test');
    expect(beacons[0].sentAt).toBe(new Date(T0 + 3000).toISOString());
    const dwell = beacons.flatMap((b) => b.batch);
    expect(dwell.map((m) => [m.event, (m.properties as { dwellMs: number }).dwellMs])).toEqual([
      ['Page Dwell', 3000],
      ['Page Dwell', 4500],
    ]);
    expect(dwell[0].properties).toEqual({
      path: '/',
      url: `${location.origin}/`,
      title: 'Tertulia test',
      dwellMs: 3000,
      pageViewId,
    });
    expect(fetchMock).toHaveBeenCalledTimes(1); // nothing left for the timer
    await vi.advanceTimersByTimeAsync(10000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('starts counting only when a page loaded in the background becomes visible', async () => {
    setHidden(true);
    addScript();
    start();
    await vi.advanceTimersByTimeAsync(5000);
    setHidden(false);
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(1200);
    window.dispatchEvent(new Event('pagehide'));
    const [body] = await beaconBodies();
    expect(body.batch.find((m) => m.event === 'Page Dwell')!.properties).toMatchObject({ dwellMs: 1200 });
  });

  it('beacons queued messages too, and falls back to fetch keepalive', async () => {
    beaconMock.mockReturnValue(false);
    addScript();
    start();
    await vi.advanceTimersByTimeAsync(1000);
    window.dispatchEvent(new Event('pagehide'));
    expect(beaconMock).toHaveBeenCalledTimes(1);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const init = fetchMock.mock.calls[0][1] as RequestInit;
    expect(init.keepalive).toBe(true);
    expect(sent().map((m) => m.event ?? m.type)).toEqual(['page', 'Page Dwell']);
    await vi.advanceTimersByTimeAsync(10000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('closes the previous view when a single-page app calls page()', async () => {
    addScript();
    const t = start();
    await vi.advanceTimersByTimeAsync(2500);
    history.pushState(null, '', '/next');
    t.page();
    await vi.advanceTimersByTimeAsync(2000);
    const [, dwell, next] = sent();
    expect(dwell).toMatchObject({ event: 'Page Dwell', properties: { path: '/', dwellMs: 2500 } });
    expect(next).toMatchObject({ type: 'page', properties: { path: '/next' } });
  });
});

describe('privacy', () => {
  it.each([
    ['navigator.doNotTrack', '1', null],
    ['window.doNotTrack', null, '1'],
  ])('sends nothing and stores nothing under Do-Not-Track (%s)', async (_, nav, win) => {
    setDnt(nav, win);
    addScript();
    const t = start();
    t.identify('u1');
    t.track('X');
    t.consent(true);
    await vi.advanceTimersByTimeAsync(10000);
    window.dispatchEvent(new Event('pagehide'));
    expect(fetchMock).not.toHaveBeenCalled();
    expect(beaconMock).not.toHaveBeenCalled();
    expect(document.cookie).toBe('');
    expect(localStorage.length).toBe(0);
  });

  it('with data-require-consent="true" sends and stores nothing until consent(true)', async () => {
    history.replaceState(null, '', '/?utm_source=x');
    addScript({ 'data-require-consent': 'true' });
    const t = start();
    t.track('Early');
    await vi.advanceTimersByTimeAsync(10000);
    window.dispatchEvent(new Event('pagehide'));
    expect(fetchMock).not.toHaveBeenCalled();
    expect(beaconMock).not.toHaveBeenCalled();
    expect(document.cookie).toBe('');
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
    expect(t.anonymousId()).toBeNull();

    t.consent(true);
    expect(cookie('tertulia_aid')).toMatch(UUID);
    expect(localStorage.getItem('tertulia_consent')).toBe('1');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent().map((m) => m.event ?? m.type)).toEqual(['page', 'Early', 'Page Dwell']);
    expect(new Set(sent().map((m) => m.anonymousId))).toEqual(new Set([t.anonymousId()]));

    // consent is remembered
    const t2 = reload();
    expect(t2.anonymousId()).toBe(t.anonymousId());
  });

  it('consent(false) clears the ids and stops sending, also after a reload', async () => {
    addScript();
    const t = start();
    t.identify('u7');
    await vi.advanceTimersByTimeAsync(2000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    t.track('Queued, then withdrawn');
    t.consent(false);
    expect(cookie('tertulia_aid')).toBeNull();
    expect(localStorage.getItem('tertulia_aid')).toBeNull();
    expect(localStorage.getItem('tertulia_uid')).toBeNull();
    expect(t.anonymousId()).toBeNull();
    t.track('After');
    await vi.advanceTimersByTimeAsync(10000);
    window.dispatchEvent(new Event('pagehide'));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(beaconMock).not.toHaveBeenCalled();

    reload();
    await vi.advanceTimersByTimeAsync(10000);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(document.cookie).toBe('');
  });
});

describe('pre-load queue', () => {
  it('replays calls made to the stub before load, then sends the page view', async () => {
    // The stub from README.md, as pasted into a page.
    const w = window as unknown as { tertulia: unknown[] & Record<string, (...a: unknown[]) => void> };
    w.tertulia = w.tertulia || ([] as unknown as typeof w.tertulia);
    for (const m of ['page', 'track', 'identify', 'reset', 'consent']) {
      w.tertulia[m] =
        w.tertulia[m] ||
        function (...args: unknown[]) {
          w.tertulia.push([m, ...args]);
        };
    }
    const earlyTrack = w.tertulia.track;
    w.tertulia.identify('u9', { plan: 'pro' });
    w.tertulia.track('Signed Up', { plan: 'pro' });

    addScript();
    const t = start();
    expect(window.tertulia).toBe(t);
    earlyTrack('Via stub after load'); // a reference kept to a stub method still works
    await vi.advanceTimersByTimeAsync(2000);
    const msgs = sent();
    expect(msgs.map((m) => m.event ?? m.type)).toEqual(['identify', 'Signed Up', 'page', 'Via stub after load']);
    expect(msgs.every((m) => m.userId === 'u9')).toBe(true);
  });

  it('does not start twice', () => {
    addScript();
    const t = start();
    expect(boot()).toBe(t);
  });
});

declare global {
  interface Window {
    tertulia?: unknown;
  }
}

/*
 * tertulia.js — Tertulia's browser tracking snippet.
 *
 * Plain TypeScript with no dependencies; built by snippet.vite.config.ts into the classic
 * (non-module) script dist/t.js, which the server serves as GET /t.js. It speaks the Segment
 * HTTP tracking API: POST {host}/v1/batch with {"batch": [...], "writeKey": "...", "sentAt": "..."}.
 * See README.md in this directory for the embed tag and what is sent.
 */

export const VERSION = '0.1.0';

type Dict = Record<string, unknown>;

export interface Message {
  type: 'page' | 'track' | 'identify';
  messageId: string;
  anonymousId?: string;
  userId?: string;
  timestamp: string;
  context: Dict;
  name?: string;
  event?: string;
  properties?: Dict;
  traits?: Dict;
}

export interface Tertulia {
  page(name?: string | Dict, properties?: Dict): void;
  track(event: string, properties?: Dict): void;
  identify(userId?: string | number | Dict | null, traits?: Dict): void;
  reset(): void;
  consent(granted: boolean): void;
  /** Sends whatever is queued now, without waiting for the 2 s timer. */
  flush(): void;
  anonymousId(): string | null;
  userId(): string | null;
  /** Accepts `[method, ...args]`, so a pre-load stub keeps working after load. */
  push(call: unknown[]): void;
  loaded: true;
  version: string;
}

/** What may be in `window.tertulia` before the script runs: a config object or a queue stub. */
interface Preload {
  writeKey?: string;
  host?: string;
  autoPage?: boolean;
  requireConsent?: boolean;
  q?: unknown[][];
  loaded?: boolean;
}

const AID = 'tertulia_aid';
const UID = 'tertulia_uid';
const CONSENT = 'tertulia_consent';
const QUEUE = 'tertulia_q.';
const TAB = 'tertulia_tab';
const CAMPAIGN = 'tertulia_campaign';

const FLUSH_MS = 2000;
const FLUSH_AT = 20;
const MAX_TRIES = 5;
const BACKOFF_MS = 1000;
const MAX_QUEUE = 500;
const MAX_HELD = 100;
/** A queue persisted by another tab that has not written it for this long is adopted. */
const ORPHAN_MS = 30000;
const YEAR_S = 31536000;

const UTM: Record<string, string> = {
  source: 'source',
  medium: 'medium',
  campaign: 'name',
  term: 'term',
  content: 'content',
};

export function uuid(): string {
  const c = globalThis.crypto;
  if (c && c.randomUUID) return c.randomUUID();
  // crypto.randomUUID only exists in secure contexts; getRandomValues exists everywhere.
  const b = new Uint8Array(16);
  if (c && c.getRandomValues) c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = (Math.random() * 256) | 0;
  b[6] = (b[6] & 15) | 64;
  b[8] = (b[8] & 63) | 128;
  const h = Array.from(b, (x) => (x + 256).toString(16).slice(1)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function storage(kind: 'localStorage' | 'sessionStorage'): Storage | null {
  try {
    return window[kind];
  } catch {
    return null; // blocked storage (sandboxed iframe, some privacy modes) throws on access
  }
}

function get(s: Storage | null, key: string): string | null {
  try {
    return s ? s.getItem(key) : null;
  } catch {
    return null;
  }
}

function put(s: Storage | null, key: string, value: string | null): void {
  try {
    if (!s) return;
    if (value == null) s.removeItem(key);
    else s.setItem(key, value);
  } catch {
    /* full or blocked: tracking goes on without persistence */
  }
}

function getCookie(name: string): string | null {
  try {
    const m = document.cookie.match(new RegExp('(?:^|; )' + name + '=([^;]*)'));
    return m ? decodeURIComponent(m[1]) : null;
  } catch {
    return null;
  }
}

function setCookie(name: string, value: string | null): void {
  try {
    document.cookie =
      name + '=' + (value ? encodeURIComponent(value) : '') +
      '; Max-Age=' + (value ? YEAR_S : 0) +
      '; Path=/; SameSite=Lax' + (location.protocol === 'https:' ? '; Secure' : '');
  } catch {
    /* cookies disabled */
  }
}

/** Milliseconds to wait from a Retry-After header (delay-seconds or HTTP-date); 0 if absent. */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number {
  if (!header) return 0;
  const s = Number(header);
  if (s >= 0) return s * 1000;
  const d = Date.parse(header);
  return d > now ? d - now : 0;
}

/** Data attribute or config flag: absent → fallback; "false"/"0"/"no" → false; otherwise true. */
function flag(v: unknown, fallback: boolean): boolean {
  if (v == null) return fallback;
  return !(v === false || /^(false|0|no)$/i.test(String(v)));
}

function findScript(): HTMLScriptElement | null {
  const cur = document.currentScript as HTMLScriptElement | null;
  if (cur && cur.src) return cur;
  const all = document.querySelectorAll<HTMLScriptElement>('script[data-write-key],script[src$="/t.js"]');
  return all[all.length - 1] || null;
}

function utm(): Dict | null {
  let c: Dict | null = null;
  try {
    const p = new URLSearchParams(location.search);
    for (const k in UTM) {
      const v = p.get('utm_' + k);
      if (v) (c = c || {})[UTM[k]] = v;
    }
  } catch {
    /* no URLSearchParams */
  }
  return c;
}

function pageInfo() {
  return {
    path: location.pathname,
    referrer: document.referrer,
    search: location.search,
    title: document.title,
    url: location.href.split('#')[0],
  };
}

/**
 * Starts the tracker and installs it as `window.tertulia`, replaying calls queued by a stub.
 * `signal` removes the listeners when aborted (tests use it to start afresh).
 */
export function boot(signal?: AbortSignal): Tertulia {
  const w = window as unknown as { tertulia?: Preload | unknown[] | Tertulia; doNotTrack?: string };
  const pre = (w.tertulia || {}) as Preload;
  if (pre.loaded) return pre as unknown as Tertulia;

  const script = findScript();
  const attr = (name: string) => (script ? script.getAttribute('data-' + name) : null);
  const writeKey = pre.writeKey || attr('write-key') || '';
  let host = pre.host || attr('host') || '';
  if (!host && script && script.src) {
    // The API lives next to the script: https://crm.example.com/t.js → https://crm.example.com
    const u = new URL(script.src, location.href);
    host = u.origin + u.pathname.replace(/\/[^/]*$/, '');
  }
  host = (host || location.origin).replace(/\/+$/, '');
  const endpoint = host + '/v1/batch';
  const autoPage = flag(pre.autoPage ?? attr('auto-page'), true);
  const requireConsent = flag(pre.requireConsent ?? attr('require-consent'), false);

  const nav = navigator as Navigator & { doNotTrack?: string };
  const dnt = nav.doNotTrack === '1' || nav.doNotTrack === 'yes' || w.doNotTrack === '1';
  if (!writeKey) console.warn('tertulia: no write key (data-write-key); nothing will be sent');
  const off = dnt || !writeKey;

  const local = storage('localStorage');
  const session = storage('sessionStorage');
  let choice = get(local, CONSENT); // '1' granted, '0' refused, null not asked
  let allowed = false; // may send, and set cookies/storage
  let aid: string | null = null;
  let uid: string | null = null;
  let campaign: Dict | null = null;
  let queue: Message[] = [];
  let held: Message[] = []; // built before consent; sent if consent(true) comes
  let busy: Message[] | null = null; // batch in flight
  let timer: ReturnType<typeof setTimeout> | undefined;
  let tries = 0;
  let retryAt = 0;
  let blocked = false; // 401: the write key is wrong, stop sending from this page
  let tab: string | null = null;

  const queueKey = () => {
    if (!tab) {
      tab = get(session, TAB);
      if (!tab) put(session, TAB, (tab = uuid()));
    }
    return QUEUE + tab;
  };

  const save = () =>
    put(local, queueKey(), queue.length ? JSON.stringify({ t: Date.now(), q: queue }) : null);

  /** Reads this tab's persisted queue (it survives reloads) and adopts other tabs' orphans. */
  const restoreQueue = () => {
    const mine = queueKey();
    const seen: Record<string, 1> = {};
    for (const m of queue) seen[m.messageId] = 1;
    try {
      for (let i = local ? local.length : 0; i--; ) {
        const k = local!.key(i);
        if (!k || k.indexOf(QUEUE) !== 0) continue;
        let v: { t: number; q: Message[] } | null = null;
        try {
          v = JSON.parse(local!.getItem(k) || 'null');
        } catch {
          /* corrupt: dropped below */
        }
        if (v && Array.isArray(v.q) && k !== mine && Date.now() - v.t < ORPHAN_MS) continue;
        if (v && Array.isArray(v.q))
          for (const m of v.q) if (m && m.messageId && !seen[m.messageId]) queue.push(m), (seen[m.messageId] = 1);
        if (k !== mine) put(local, k, null);
      }
    } catch {
      /* storage unavailable */
    }
    queue.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
    queue = queue.slice(-MAX_QUEUE);
  };

  /** Establishes ids and session campaign once sending is allowed (consent given or not needed). */
  const allow = () => {
    allowed = true;
    aid = getCookie(AID) || get(local, AID) || uuid();
    setCookie(AID, aid);
    put(local, AID, aid);
    if (uid) put(local, UID, uid);
    else uid = get(local, UID);
    if (campaign) put(session, CAMPAIGN, JSON.stringify(campaign));
    restoreQueue();
    for (const m of held) enqueue(m);
    held = [];
    save();
    if (queue.length) schedule(0, true);
  };

  const currentCampaign = (): Dict | null => {
    const c = utm();
    if (c) {
      campaign = c;
      if (allowed) put(session, CAMPAIGN, JSON.stringify(c));
    } else if (!campaign) {
      try {
        campaign = JSON.parse(get(session, CAMPAIGN) || 'null');
      } catch {
        campaign = null;
      }
    }
    return campaign;
  };

  const context = (): Dict => {
    const c: Dict = {
      page: pageInfo(),
      userAgent: navigator.userAgent,
      locale: navigator.language,
      library: { name: 'tertulia.js', version: VERSION },
    };
    const camp = currentCampaign();
    if (camp) c.campaign = camp;
    try {
      c.timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    } catch {
      /* no Intl */
    }
    return c;
  };

  const payload = (batch: Message[]) =>
    JSON.stringify({ batch, writeKey, sentAt: new Date().toISOString() });

  const post = (body: string, keepalive: boolean) =>
    fetch(endpoint, {
      method: 'POST',
      body,
      keepalive,
      credentials: 'omit',
      // text/plain keeps it a CORS "simple request": no preflight. The body is JSON.
      headers: { 'Content-Type': 'text/plain' },
    });

  const schedule = (ms: number, replace?: boolean) => {
    if (replace) clearTimeout(timer), (timer = undefined);
    if (timer === undefined)
      timer = setTimeout(() => {
        timer = undefined;
        flush();
      }, ms);
  };

  const remove = (sent: Message[]) => {
    queue = queue.filter((m) => sent.indexOf(m) < 0);
    save();
  };

  const flush = async (): Promise<void> => {
    if (busy || !allowed || blocked || !queue.length) return;
    if (Date.now() < retryAt) return schedule(retryAt - Date.now());
    clearTimeout(timer);
    timer = undefined;
    const batch = (busy = queue.slice(0, FLUSH_AT));
    let status = 0;
    let wait = 0;
    try {
      const r = await post(payload(batch), false);
      status = r.status;
      wait = retryAfterMs(r.headers && r.headers.get('Retry-After'));
    } catch {
      status = 0; // network error, CORS failure, offline
    }
    busy = null;
    if (!allowed) return; // consent withdrawn meanwhile: the queue is gone
    const retryable = !status || status >= 500 || status === 429 || status === 408;
    if (retryable && ++tries < MAX_TRIES) {
      retryAt = Date.now() + Math.max(wait, BACKOFF_MS * 2 ** (tries - 1));
      return schedule(retryAt - Date.now(), true);
    }
    // Delivered (2xx), rejected (400, 401, other 4xx: retrying cannot help) or out of tries.
    tries = 0;
    retryAt = 0;
    if (status === 401) blocked = true;
    remove(batch);
    if (queue.length) schedule(queue.length >= FLUSH_AT ? 0 : FLUSH_MS, queue.length >= FLUSH_AT);
  };

  /** The page is going away (or may be): hand everything not in flight to sendBeacon. */
  const beacon = () => {
    if (!allowed || blocked) return;
    const pending = queue.filter((m) => !busy || busy.indexOf(m) < 0);
    const sent: Message[] = [];
    for (let i = 0; i < pending.length; i += FLUSH_AT) {
      const batch = pending.slice(i, i + FLUSH_AT);
      const body = payload(batch);
      let ok = false;
      try {
        ok = navigator.sendBeacon(endpoint, new Blob([body], { type: 'text/plain' }));
      } catch {
        /* no sendBeacon */
      }
      if (ok) sent.push(...batch);
      else
        try {
          post(body, true).then((r) => r.ok && remove(batch), () => {});
        } catch {
          /* no fetch either: stays queued for the next page */
        }
    }
    if (sent.length) remove(sent);
  };

  const enqueue = (m: Message) => {
    m.anonymousId = aid!;
    if (!m.userId && uid) m.userId = uid;
    queue.push(m);
    if (queue.length > MAX_QUEUE) queue.shift();
    save();
    const waiting = queue.length - (busy ? busy.length : 0);
    if (waiting >= FLUSH_AT) flush();
    else schedule(FLUSH_MS);
  };

  const send = (m: Partial<Message>) => {
    if (off || choice === '0') return;
    const msg = { ...m, messageId: uuid(), timestamp: new Date().toISOString(), context: context() } as Message;
    if (uid) msg.userId = uid;
    if (allowed) enqueue(msg);
    else if (held.length < MAX_HELD) held.push(msg);
  };

  // ---- time on page -------------------------------------------------------------------------
  let view: { id: string; path: string; url: string; title: string; ms: number; since: number | null } | null =
    null;
  const pause = () => {
    if (view && view.since != null) view.ms += Date.now() - view.since;
    if (view) view.since = null;
  };
  const resume = () => {
    if (view && view.since == null && !document.hidden) view.since = Date.now();
  };
  /** Sends the visible time accumulated since the last report, if any. */
  const dwell = () => {
    pause();
    if (view && view.ms > 0) {
      const { path, url, title, ms, id } = view;
      view.ms = 0;
      send({ type: 'track', event: 'Page Dwell', properties: { path, url, title, dwellMs: ms, pageViewId: id } });
    }
  };
  const hide = () => {
    dwell();
    beacon();
  };

  // ---- public API ---------------------------------------------------------------------------
  const api: Tertulia = {
    page(name, properties) {
      if (name && typeof name === 'object') (properties = name), (name = undefined);
      dwell(); // a single-page app moved on: close the previous view
      const info = pageInfo();
      const id = uuid();
      view = { id, path: info.path, url: info.url, title: info.title, ms: 0, since: null };
      resume();
      const m: Partial<Message> = { type: 'page', properties: { ...info, ...properties, pageViewId: id } };
      if (name != null) m.name = String(name);
      send(m);
    },
    track(event, properties) {
      if (!event) return;
      send({ type: 'track', event: String(event), properties: { ...properties } });
    },
    identify(userId, traits) {
      if (userId && typeof userId === 'object') (traits = userId), (userId = null);
      if (userId != null && userId !== '') {
        uid = String(userId);
        if (allowed) put(local, UID, uid);
      }
      send({ type: 'identify', traits: { ...traits } });
    },
    reset() {
      uid = null;
      put(local, UID, null);
      if (allowed) {
        aid = uuid();
        setCookie(AID, aid);
        put(local, AID, aid);
      }
    },
    consent(granted) {
      if (off) return;
      put(local, CONSENT, (choice = granted ? '1' : '0'));
      if (granted) {
        if (!allowed) allow();
        return;
      }
      allowed = false;
      aid = uid = null;
      queue = held = [];
      clearTimeout(timer);
      timer = undefined;
      setCookie(AID, null);
      put(local, AID, null);
      put(local, UID, null);
      save();
      put(session, CAMPAIGN, null);
      put(session, TAB, null);
    },
    flush() {
      void flush();
    },
    anonymousId: () => aid,
    userId: () => uid,
    push(call) {
      const [method, ...args] = call as [keyof Tertulia, ...unknown[]];
      const fn = api[method];
      if (typeof fn === 'function' && method !== 'push') (fn as (...a: unknown[]) => void)(...args);
    },
    loaded: true,
    version: VERSION,
  };

  const opts = { signal } as AddEventListenerOptions;
  document.addEventListener(
    'visibilitychange',
    () => (document.visibilityState === 'hidden' ? hide() : resume()),
    opts,
  );
  window.addEventListener('pagehide', hide, opts);
  window.addEventListener('pageshow', resume, opts);

  if (!off && (choice === '1' || (choice !== '0' && !requireConsent))) allow();

  w.tertulia = api;
  const calls: unknown[] = Array.isArray(pre) ? pre : Array.isArray(pre.q) ? pre.q : [];
  for (const c of calls) if (Array.isArray(c)) api.push(c);
  if (autoPage) api.page();
  return api;
}

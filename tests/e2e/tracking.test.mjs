// The Segment-compatible tracking API through real clients and raw HTTP: Segment's own
// analytics-node library, write-key authentication, CORS, deduplication, clock-skew correction,
// per-message refusals counted in /metrics, every limit, identity resolution (identify adopts the
// anonymous visitor's history; the e-mail trait matches an existing contact; refused tracking
// keeps no identity) and the events API with its visibility rules.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Analytics } from '@segment/analytics-node';
import { startServer, api, createKey, addUser as addUserCli, ok, track } from './lib/server.mjs';

async function timelineOf(server, contactId) {
  return (await ok(await api(server, `/api/v1/contacts/${contactId}/timeline?limit=100`))).items;
}

async function contactByEmail(server, email) {
  const found = await ok(await api(server, `/api/v1/contacts?email=${encodeURIComponent(email)}`));
  assert.equal(found.items.length, 1, `one contact with ${email}: ${JSON.stringify(found.items)}`);
  return found.items[0];
}

describe('real client: @segment/analytics-node', () => {
  let server;
  let writeKey;
  before(async () => {
    server = await startServer();
    writeKey = createKey(server.db, ['--kind', 'write', '--source', 'backend']);
  });
  after(async () => { await server.cleanup(); });

  test('identify, track, page, group and alias reach the right contact timeline', async () => {
    const analytics = new Analytics({ writeKey, host: server.url, flushAt: 20, flushInterval: 200, maxRetries: 2 });
    const failures = [];
    analytics.on('error', (error) => failures.push(error));
    analytics.page({ anonymousId: 'anon-segment-1', name: 'Pricing', properties: { title: 'Precios', url: 'https://shop.example/precios' } });
    analytics.identify({ anonymousId: 'anon-segment-1', userId: 'cust-7', traits: { email: 'lucia.ferrer@example.com', firstName: 'Lucía', lastName: 'Ferrer', title: 'Head of Ops' } });
    analytics.track({ userId: 'cust-7', event: 'Order Completed', properties: { total: 129.9, currency: 'EUR', orderId: 'A-1001' } });
    analytics.page({ userId: 'cust-7', name: 'Thanks', properties: { title: 'Gracias', url: 'https://shop.example/gracias' } });
    analytics.group({ userId: 'cust-7', groupId: 'acme-es', traits: { name: 'Acme España', website: 'https://www.acme.es/', industry: 'Retail' } });
    analytics.alias({ userId: 'cust-7', previousId: 'legacy-99' });
    analytics.track({ userId: 'legacy-99', event: 'Email Opened', properties: { subject: 'Novedades' } });
    await analytics.closeAndFlush({ timeout: 10_000 });
    assert.deepEqual(failures, []);

    const contact = await contactByEmail(server, 'lucia.ferrer@example.com');
    assert.equal(contact.firstName, 'Lucía');
    assert.equal(contact.title, 'Head of Ops');
    const summaries = (await timelineOf(server, contact.id)).filter((i) => i.kind === 'event').map((i) => i.summary);
    for (const expected of [/^Viewed Precios \(https:\/\/shop\.example\/precios\)$/, /^Identified as cust-7$/,
      /^Completed an order \(.*total: 129\.9.*\)$/, /^Viewed Gracias/, /^Joined the group acme-es$/,
      /^Known before as legacy-99$/, /^Opened an e-mail/]) {
      assert.ok(summaries.some((s) => expected.test(s)), `${expected} in ${JSON.stringify(summaries)}`);
    }
    // The facts each summary words, for the app to word in the reader's language.
    const details = (await timelineOf(server, contact.id)).filter((i) => i.kind === 'event').map((i) => i.detail);
    for (const expected of [
      { type: 'page', title: 'Precios', url: 'https://shop.example/precios' }, { type: 'identify', as: 'cust-7' },
      { type: 'group', name: 'acme-es' }, { type: 'alias', name: 'legacy-99' },
      { type: 'track', event: 'Email Opened', properties: 'subject: Novedades' }]) {
      assert.ok(details.some((d) => JSON.stringify(d) === JSON.stringify(expected)), `${JSON.stringify(expected)} in ${JSON.stringify(details)}`);
    }
    const company = await ok(await api(server, `/api/v1/companies/${contact.companyId}`));
    assert.deepEqual([company.name, company.domain, company.industry], ['Acme España', 'acme.es', 'Retail']);
    const events = await ok(await api(server, `/api/v1/events?contactId=${contact.id}`));
    assert.equal(events.items.length, 7);
    const order = events.items.find((e) => e.name === 'Order Completed');
    assert.equal(order.properties.orderId, 'A-1001');
    assert.equal(order.context.library.name, '@segment/analytics-node');
  });
});

describe('the tracking API over HTTP', () => {
  let server;
  let writeKey;
  let adminKey;
  before(async () => {
    server = await startServer();
    adminKey = server.key;
    writeKey = createKey(server.db, ['--kind', 'write', '--source', 'website']);
  });
  after(async () => { await server.cleanup(); });

  test('the write key goes as Basic user or in the body; anything else is 401', async () => {
    const message = { anonymousId: 'a-auth', name: 'Home' };
    assert.deepEqual(await ok(await track(server, '/v1/page', message, { key: writeKey })), { success: true });
    assert.deepEqual(await ok(await track(server, '/v1/page', { ...message, writeKey })), { success: true });
    assert.equal((await track(server, '/v1/page', message)).status, 401);
    assert.equal((await track(server, '/v1/page', message, { key: 'ttw_not-a-key' })).status, 401);
    assert.equal((await track(server, '/v1/page', message, { key: adminKey })).status, 401, 'an API key is not a write key');
    const onCrm = await api(server, '/api/v1/contacts', { key: writeKey });
    assert.equal(onCrm.status, 401, 'a write key can do nothing else');
    const keys = await ok(await api(server, '/api/v1/keys'));
    const id = keys.items.find((k) => k.kind === 'write').id;
    const revocable = createKey(server.db, ['--kind', 'write', '--source', 'old-site']);
    const revId = (await ok(await api(server, '/api/v1/keys'))).items.find((k) => k.kind === 'write' && k.id !== id).id;
    assert.equal((await track(server, '/v1/page', message, { key: revocable })).status, 200);
    await ok(await api(server, `/api/v1/keys/${revId}`, { method: 'DELETE' }), 200);
    assert.equal((await track(server, '/v1/page', message, { key: revocable })).status, 401, 'a revoked key');
  });

  test('browsers may post from any origin: CORS preflight and headers', async () => {
    const preflight = await fetch(`${server.url}/v1/batch`, {
      method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-methods'), /POST/);
    const posted = await track(server, '/v1/track', { userId: 'u', event: 'x', writeKey }, { headers: { 'content-type': 'text/plain' } });
    assert.equal(posted.status, 200, posted.text);
    assert.equal(posted.headers.get('access-control-allow-origin'), '*');
    assert.match(posted.headers.get('access-control-expose-headers'), /Retry-After/);
  });

  test('a repeated messageId is acknowledged and stored once; the client clock skew is corrected', async () => {
    const message = { userId: 'dup-user', event: 'Signed Up', messageId: 'msg-dup-1', timestamp: '2026-01-01T10:00:00Z', sentAt: '2026-01-01T10:00:05Z' };
    for (let i = 0; i < 3; i++) await ok(await track(server, '/v1/track', message, { key: writeKey }));
    const batch = { batch: [{ ...message, type: 'track' }, { ...message, type: 'track' }] };
    await ok(await track(server, '/v1/batch', batch, { key: writeKey }));
    const events = (await ok(await api(server, '/api/v1/events?type=track&limit=500'))).items.filter((e) => e.messageId === 'msg-dup-1');
    assert.equal(events.length, 1);
    // The client's clock ran behind: it sent 5 s after the event, and the server received it now.
    const received = Date.parse(events[0].receivedAt);
    assert.equal(Date.parse(events[0].occurredAt), received - 5000);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /tertulia_tracking_duplicates_total [1-9]/);
  });

  test('a bad message in a batch is refused alone, counted in /metrics by reason', async () => {
    const batch = { batch: [
      { type: 'track', userId: 'b1', event: 'Product Viewed', messageId: 'batch-ok-1' },
      { type: 'track', event: 'No ids', messageId: 'batch-bad-1' },
      { type: 'track', userId: 42, event: 'Wrong type', messageId: 'batch-bad-2' },
      { type: 'teleport', userId: 'b1', messageId: 'batch-bad-3' },
      { type: 'page', anonymousId: 'b-anon', messageId: 'batch-ok-2', properties: { title: 'Ok' } },
    ] };
    assert.deepEqual(await ok(await track(server, '/v1/batch', batch, { key: writeKey })), { success: true });
    const kept = (await ok(await api(server, '/api/v1/events?limit=500'))).items.map((e) => e.messageId);
    assert.ok(kept.includes('batch-ok-1') && kept.includes('batch-ok-2'));
    assert.ok(!kept.some((id) => id.startsWith('batch-bad')));
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /tertulia_tracking_rejected_total\{reason="missing_id"\} [1-9]/);
    assert.match(metrics, /tertulia_tracking_rejected_total\{reason="wrong_type"\} [2-9]/);
  });

  test('bad input: every limit, missing ids, wrong types, invalid UTF-8, deep nesting, not JSON', async () => {
    const field = async (path, body, options = {}) => {
      const res = await track(server, path, body, { key: writeKey, ...options });
      assert.equal(res.status, 400, `${path} ${JSON.stringify(body)?.slice(0, 80)}: ${res.text}`);
      return res.data;
    };
    assert.equal((await field('/v1/track', { event: 'x' })).errors[0].field, 'userId');
    assert.equal((await field('/v1/track', { userId: 'u' })).errors[0].field, 'event');
    assert.equal((await field('/v1/identify', { userId: 'u', traits: 'tall' })).errors[0].field, 'traits');
    assert.equal((await field('/v1/group', { userId: 'u' })).errors[0].field, 'groupId');
    assert.equal((await field('/v1/alias', { userId: 'u' })).errors[0].field, 'previousId');
    assert.equal((await field('/v1/page', { anonymousId: 'a', timestamp: 'ayer' })).errors[0].field, 'timestamp');
    assert.match((await field('/v1/track', null, { raw: '{"userId": "u", "event": ' })).detail, /not valid JSON/);
    assert.match((await field('/v1/track', null, { raw: Buffer.from('{"userId":"u\xff","event":"x"}', 'latin1') })).detail, /not valid JSON/);
    const deep = `{"userId":"u","event":"x","properties":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`;
    assert.match((await field('/v1/track', null, { raw: deep })).detail, /nested deeper/);
    const big = { userId: 'u', event: 'x', properties: { text: 'a'.repeat(33 * 1024) } };
    assert.match((await field('/v1/track', big)).detail, /at most 32768 bytes/);
    const many = { batch: Array.from({ length: 2501 }, (_, i) => ({ type: 'page', anonymousId: `m${i}` })) };
    assert.equal((await field('/v1/batch', many)).errors[0].field, 'batch');
    const heavy = { batch: Array.from({ length: 20 }, (_, i) => ({ type: 'track', userId: 'u', event: 'x', properties: { pad: 'p'.repeat(30 * 1024) }, messageId: `h${i}` })) };
    assert.match((await field('/v1/batch', heavy)).detail, /at most 512000 bytes/);
    assert.equal((await field('/v1/batch', { messages: [] })).errors[0].field, 'batch');
    const huge = await track(server, '/v1/batch', null, { key: writeKey, raw: 'x'.repeat(2 * 1024 * 1024) });
    assert.equal(huge.status, 413);
  });
});

describe('identity resolution', () => {
  let server;
  let writeKey;
  before(async () => {
    server = await startServer();
    writeKey = createKey(server.db, ['--kind', 'write', '--source', 'website']);
  });
  after(async () => { await server.cleanup(); });
  const send = (path, body) => track(server, path, body, { key: writeKey }).then((r) => ok(r));

  test("identify gives the contact the anonymous visitor's earlier history", async () => {
    await send('/v1/page', { anonymousId: 'visitor-9', properties: { title: 'Catálogo', url: 'https://shop.example/catalogo' } });
    await send('/v1/track', { anonymousId: 'visitor-9', event: 'Product Added', properties: { name: 'Silla Oslo' } });
    const before = await ok(await api(server, '/api/v1/events?limit=50'));
    assert.ok(before.items.every((e) => e.contactId === null), 'anonymous until identified');
    await send('/v1/identify', { anonymousId: 'visitor-9', userId: 'u-900', traits: { name: 'Marta Solís', email: 'marta@example.com' } });
    const contact = await contactByEmail(server, 'marta@example.com');
    assert.equal(contact.lastName, 'Solís');
    const summaries = (await timelineOf(server, contact.id)).map((i) => i.summary);
    assert.ok(summaries.includes('Viewed Catálogo (https://shop.example/catalogo)'), JSON.stringify(summaries));
    assert.ok(summaries.some((s) => s.startsWith('Added a product to the cart (name: Silla Oslo')), JSON.stringify(summaries));
    // Later calls with only the userId land on the same contact.
    await send('/v1/track', { userId: 'u-900', event: 'Checkout Started' });
    assert.ok((await timelineOf(server, contact.id)).some((i) => i.summary === 'Started checkout'));
  });

  test('group ties the contact to the company of the groupId, or of its domain', async () => {
    const existing = await ok(await api(server, '/api/v1/companies', { method: 'POST', json: { name: 'Bodegas Rioja', domain: 'bodegasrioja.es' } }), 201);
    await send('/v1/identify', { userId: 'u-rioja', traits: { email: 'compras@bodegasrioja.es', firstName: 'Pilar' } });
    await send('/v1/group', { userId: 'u-rioja', groupId: 'acct-881', traits: { name: 'Rioja (CRM name differs)', website: 'http://bodegasrioja.es/contacto' } });
    const pilar = await contactByEmail(server, 'compras@bodegasrioja.es');
    assert.equal(pilar.companyId, existing.id, 'matched by domain, not duplicated');
    await send('/v1/identify', { userId: 'u-rioja-2', traits: { email: 'ventas@bodegasrioja.es' } });
    await send('/v1/group', { userId: 'u-rioja-2', groupId: 'acct-881' });
    assert.equal((await contactByEmail(server, 'ventas@bodegasrioja.es')).companyId, existing.id, 'the groupId is remembered');
    const companies = await ok(await api(server, '/api/v1/companies?limit=100'));
    assert.equal(companies.items.filter((c) => /Rioja/.test(c.name)).length, 1);
  });

  test('traits fill the custom fields of contacts whose key they carry, when the type fits', async () => {
    await ok(await api(server, '/api/v1/custom-fields', { method: 'POST', json: { object: 'contact', key: 'plan', label: 'Plan', type: 'enum', options: ['free', 'pro'] } }), 201);
    await ok(await api(server, '/api/v1/custom-fields', { method: 'POST', json: { object: 'contact', key: 'seats', label: 'Seats', type: 'number' } }), 201);
    await send('/v1/identify', { userId: 'u-plan', traits: { email: 'plan@example.com', plan: 'pro', seats: 12, favouriteColour: 'green' } });
    const contact = await contactByEmail(server, 'plan@example.com');
    assert.deepEqual(contact.customFields, { plan: 'pro', seats: 12 });
    await send('/v1/identify', { userId: 'u-plan', traits: { plan: 'platinum', seats: 15 } });
    assert.deepEqual((await contactByEmail(server, 'plan@example.com')).customFields, { plan: 'pro', seats: 15 }, 'a value the field refuses is dropped alone');
  });

  test('the e-mail trait matches an existing contact instead of creating another', async () => {
    const existing = await ok(await api(server, '/api/v1/contacts', { method: 'POST', json: { firstName: 'Jorge', emails: [{ address: 'jorge@example.com' }] } }), 201);
    await send('/v1/identify', { userId: 'u-jorge', traits: { email: 'JORGE@example.com', title: 'CFO', phone: 'not a phone' } });
    const contact = await contactByEmail(server, 'jorge@example.com');
    assert.equal(contact.id, existing.id);
    assert.equal(contact.title, 'CFO', 'a bad trait (the phone) does not lose the good ones');
  });

  test('an identify whose traits change nothing leaves the contact untouched', async () => {
    const traits = { email: 'rutina@example.com', firstName: 'Ana', lastName: 'Ruiz' };
    await send('/v1/identify', { userId: 'u-rutina', traits });
    const first = await contactByEmail(server, 'rutina@example.com');
    await send('/v1/identify', { userId: 'u-rutina', traits: { ...traits, email: 'RUTINA@example.com' } });
    const again = await contactByEmail(server, 'rutina@example.com');
    assert.equal(again.version, first.version, 'the same traits: no new version');
    assert.equal(again.updatedAt, first.updatedAt);
    const identifies = (await ok(await api(server, `/api/v1/events?contactId=${first.id}&type=identify&limit=50`))).items;
    assert.equal(identifies.length, 2, 'both identify calls are still stored');
    await send('/v1/identify', { userId: 'u-rutina', traits: { ...traits, title: 'CTO' } });
    const changed = await contactByEmail(server, 'rutina@example.com');
    assert.equal(changed.title, 'CTO');
    assert.ok(changed.version > first.version, 'a new trait is a new version');
  });

  test('a contact who refused tracking keeps no identified events', async () => {
    await send('/v1/identify', { userId: 'u-private', traits: { email: 'privada@example.com', firstName: 'Inés' } });
    const contact = await contactByEmail(server, 'privada@example.com');
    await ok(await api(server, `/api/v1/contacts/${contact.id}/consent/tracking`, { method: 'PUT', json: { status: 'denied', source: 'cookie banner', legalBasis: 'consent' } }));
    const countBefore = (await timelineOf(server, contact.id)).length;
    await send('/v1/track', { userId: 'u-private', event: 'Product Viewed', messageId: 'private-1', context: { ip: '203.0.113.9' } });
    assert.equal((await timelineOf(server, contact.id)).length, countBefore);
    const stored = (await ok(await api(server, '/api/v1/events?type=track&limit=500'))).items.find((e) => e.messageId === 'private-1');
    assert.ok(stored, 'the event is kept for counts');
    assert.equal(stored.userId, null);
    assert.equal(stored.contactId, null);
    assert.equal(stored.context.ip, undefined);
  });

  // The writer keeps what it learnt about identities and consent from one transaction to the
  // next; a change made through the API in between must win over what it remembers.
  test('what the writer remembers gives way to consent changes and merges made through the API', async () => {
    await send('/v1/identify', { userId: 'u-recall-a', traits: { email: 'recuerda-a@example.com' } });
    await send('/v1/identify', { userId: 'u-recall-b', traits: { email: 'recuerda-b@example.com' } });
    await send('/v1/track', { userId: 'u-recall-a', event: 'Product Viewed', messageId: 'recall-1' });
    await send('/v1/track', { userId: 'u-recall-b', event: 'Product Viewed', messageId: 'recall-2' });
    await send('/v1/track', { userId: 'u-recall-new', event: 'Product Viewed', messageId: 'recall-3' });
    const a = await contactByEmail(server, 'recuerda-a@example.com');
    const b = await contactByEmail(server, 'recuerda-b@example.com');
    const byMessage = async (id) => (await ok(await api(server, '/api/v1/events?limit=500'))).items.find((e) => e.messageId === id);
    assert.equal((await byMessage('recall-1')).contactId, a.id, 'remembered: not refused');
    assert.equal((await byMessage('recall-3')).contactId, null, 'remembered: no such user yet');

    await ok(await api(server, `/api/v1/contacts/${a.id}/consent/tracking`, { method: 'PUT', json: { status: 'denied', source: 'preferences', legalBasis: 'consent' } }));
    await send('/v1/track', { userId: 'u-recall-a', event: 'Product Viewed', messageId: 'recall-4' });
    assert.equal((await byMessage('recall-4')).contactId, null, 'the refusal made through the API holds at once');

    const merge = await ok(await api(server, '/api/v1/merges', { method: 'POST', json: { survivorId: b.id, mergedId: a.id, reason: 'test' } }), 201);
    await send('/v1/track', { userId: 'u-recall-a', event: 'Product Viewed', messageId: 'recall-5' });
    assert.equal((await byMessage('recall-5')).contactId, null, 'the refusal moved to the survivor with the merge');
    await ok(await api(server, `/api/v1/merges/${merge.id}/undo`, { method: 'POST', json: {} }));
    await send('/v1/track', { userId: 'u-recall-b', event: 'Product Viewed', messageId: 'recall-6' });
    assert.equal((await byMessage('recall-6')).contactId, b.id, 'undone: b is trackable again');

    const c = await ok(await api(server, '/api/v1/contacts', { method: 'POST', json: { firstName: 'Nuevo', emails: [{ address: 'recuerda-c@example.com' }] } }), 201);
    await send('/v1/identify', { userId: 'u-recall-new', traits: { email: 'recuerda-c@example.com' } });
    await send('/v1/track', { userId: 'u-recall-new', event: 'Product Viewed', messageId: 'recall-7' });
    assert.equal((await byMessage('recall-7')).contactId, c.id, 'the contact made through the API owns the e-mail');
  });
});

describe('sessions', () => {
  let server;
  let writeKey;
  before(async () => {
    server = await startServer();
    writeKey = createKey(server.db, ['--kind', 'write', '--source', 'website']);
  });
  after(async () => { await server.cleanup(); });

  test('visits split on 30 minutes of silence, with pages, dwell, campaign, cart and conversion', async () => {
    const at = (minutes) => new Date(Date.parse('2026-09-01T09:00:00Z') + minutes * 60_000).toISOString();
    const context = { campaign: { name: 'otono', source: 'newsletter', medium: 'email' }, page: { referrer: 'https://news.example/' } };
    const batch = [
      { type: 'page', anonymousId: 'v-77', timestamp: at(0), context, properties: { url: 'https://shop.example/', title: 'Inicio', pageViewId: 'pv-1' } },
      { type: 'track', anonymousId: 'v-77', timestamp: at(3), event: 'Page Dwell', properties: { pageViewId: 'pv-1', dwellMs: 95000 } },
      { type: 'page', anonymousId: 'v-77', timestamp: at(4), properties: { url: 'https://shop.example/silla', title: 'Silla' } },
      { type: 'track', anonymousId: 'v-77', timestamp: at(5), event: 'Product Added', properties: { name: 'Silla' } },
      { type: 'track', anonymousId: 'v-77', timestamp: at(6), event: 'Product Added', properties: { name: 'Mesa' } },
      { type: 'track', anonymousId: 'v-77', timestamp: at(7), event: 'Product Removed', properties: { name: 'Mesa' } },
      { type: 'track', anonymousId: 'v-77', timestamp: at(9), event: 'Order Completed', properties: { revenue: 89 } },
      { type: 'page', anonymousId: 'v-77', timestamp: at(60), properties: { url: 'https://shop.example/blog', title: 'Blog' } },
    ];
    await ok(await track(server, '/v1/batch', { batch }, { key: writeKey }));
    const visits = (await ok(await api(server, '/api/v1/sessions?anonymousId=v-77'))).items;
    assert.equal(visits.length, 2);
    const [later, first] = visits;
    const events = (await ok(await api(server, '/api/v1/events?type=track&limit=100'))).items;
    const dwell = events.find((e) => e.name === 'Page Dwell');
    assert.equal(dwell.summary, 'Spent 95 s on a page');
    assert.deepEqual(dwell.detail, { type: 'track', event: 'Page Dwell', seconds: 95 }, 'the facts, as on timelines');
    assert.deepEqual(events.find((e) => e.name === 'Order Completed').detail,
      { type: 'track', event: 'Order Completed', properties: 'revenue: 89' });
    assert.equal(later.entryPage, 'https://shop.example/blog');
    assert.equal(later.converted, false);
    assert.equal(first.entryPage, 'https://shop.example/');
    assert.equal(first.exitPage, 'https://shop.example/silla');
    assert.equal(first.durationMs, 9 * 60_000);
    assert.deepEqual(first.pages.map((p) => [p.title, p.dwellMs]), [['Inicio', 95000], ['Silla', 60000]]);
    assert.deepEqual(first.campaign, { name: 'otono', source: 'newsletter', medium: 'email' });
    assert.equal(first.referrer, 'https://news.example/');
    assert.deepEqual([first.cartAdds, first.cartRemoves, first.orders, first.converted], [2, 1, 1, true]);
    // Once identified, the visits are the contact's.
    await ok(await track(server, '/v1/identify', { anonymousId: 'v-77', userId: 'u-77', traits: { email: 'v77@example.com' } }, { key: writeKey }));
    const contact = await contactByEmail(server, 'v77@example.com');
    assert.equal((await ok(await api(server, `/api/v1/sessions?contactId=${contact.id}`))).items.length, 2);
    assert.equal((await ok(await api(server, '/api/v1/sessions?userId=u-77'))).items.length, 2);
    const none = await api(server, '/api/v1/sessions');
    assert.equal(none.status, 400);
  });
});

describe('the events API', () => {
  let server;
  let writeKey;
  before(async () => {
    server = await startServer();
    writeKey = createKey(server.db, ['--kind', 'write', '--source', 'website']);
  });
  after(async () => { await server.cleanup(); });

  test('filters by contact, type and time, pages with a cursor, and counts by day and type', async () => {
    const batch = [];
    for (let day = 1; day <= 3; day++) {
      for (let i = 0; i < 4; i++) {
        batch.push({ type: i % 2 ? 'page' : 'track', event: 'Product Viewed', userId: 'stats-user', messageId: `s-${day}-${i}`, timestamp: `2026-10-0${day}T1${i}:00:00Z` });
      }
    }
    await ok(await track(server, '/v1/batch', { batch }, { key: writeKey }));
    const page1 = await ok(await api(server, '/api/v1/events?limit=5'));
    assert.equal(page1.items.length, 5);
    const page2 = await ok(await api(server, `/api/v1/events?limit=5&cursor=${page1.nextCursor}`));
    const page3 = await ok(await api(server, `/api/v1/events?limit=5&cursor=${page2.nextCursor}`));
    const all = [...page1.items, ...page2.items, ...page3.items].map((e) => e.messageId);
    assert.equal(new Set(all).size, 12);
    assert.equal(page3.nextCursor, null);
    const day2 = await ok(await api(server, '/api/v1/events?from=2026-10-02T00:00:00Z&to=2026-10-03T00:00:00Z&type=page'));
    assert.deepEqual(day2.items.map((e) => e.messageId).sort(), ['s-2-1', 's-2-3']);
    const stats = await ok(await api(server, '/api/v1/events/stats?from=2026-10-01T00:00:00Z&to=2026-10-04T00:00:00Z'));
    assert.deepEqual(stats.items, [
      { day: '2026-10-01', type: 'page', count: 2 }, { day: '2026-10-01', type: 'track', count: 2 },
      { day: '2026-10-02', type: 'page', count: 2 }, { day: '2026-10-02', type: 'track', count: 2 },
      { day: '2026-10-03', type: 'page', count: 2 }, { day: '2026-10-03', type: 'track', count: 2 }]);
    assert.equal((await api(server, '/api/v1/events?type=teleport')).status, 400);
  });

  test("a rep reads only the events of contacts they may open", async () => {
    await ok(await api(server, '/api/v1/workspace', { method: 'PATCH', json: { visibility: 'team' }, headers: { 'if-match': `"${(await api(server, '/api/v1/workspace')).data.version}"` } }));
    addUserCli(server.db, 'rep1@example.com', 'rep');
    addUserCli(server.db, 'rep2@example.com', 'rep');
    const rep1 = createKey(server.db, ['--kind', 'api', '--scope', 'write', '--name', 'r1', '--user', 'rep1@example.com']);
    const rep2 = createKey(server.db, ['--kind', 'api', '--scope', 'write', '--name', 'r2', '--user', 'rep2@example.com']);
    const users = (await ok(await api(server, '/api/v1/users'))).items;
    const rep1Id = users.find((u) => u.email === 'rep1@example.com').id;
    const mine = await ok(await api(server, '/api/v1/contacts', { method: 'POST', key: rep1, json: { firstName: 'Solo', emails: [{ address: 'solo@example.com' }], ownerId: rep1Id } }), 201);
    await ok(await track(server, '/v1/identify', { userId: 'solo-1', traits: { email: 'solo@example.com' } }, { key: writeKey }));
    assert.equal((await ok(await api(server, `/api/v1/events?contactId=${mine.id}`, { key: rep1 }))).items.length, 1);
    assert.equal((await api(server, `/api/v1/events?contactId=${mine.id}`, { key: rep2 })).status, 404);
    const everything = await api(server, '/api/v1/events', { key: rep2 });
    assert.equal(everything.status, 400);
    assert.equal(everything.data.errors[0].field, 'contactId');
    assert.equal((await api(server, '/api/v1/events/stats', { key: rep2 })).status, 400);
  });
});

// Contact merges through the HTTP API and the tracking API: a merge moves everything about the
// merged contact to the survivor (records, documents, opportunities, relationships, tracked
// events with their ids, consent), is audited, shows on the timeline and is recorded as an
// event; its undo puts every record back exactly as it was, including events that arrived since
// through the merged contact's ids. identify (an e-mail of two contacts) and alias (two known
// users) merge automatically, and those merges undo the same way.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, createKey, ok, track } from './lib/server.mjs';

const post = (server, path, json) => api(server, path, { method: 'POST', json });
const get = async (server, path) => ok(await api(server, path));
const created = async (server, path, json) => ok(await post(server, path, json), 201);
async function send(server, key, path, body) {
  const res = await track(server, path, body, { key });
  assert.equal(res.status, 200, res.text);
}

// A record without what every change bumps.
function stable(record) {
  const { version, updatedAt, deletedAt, ...rest } = record;
  return rest;
}
const ids = (items) => items.map((i) => i.id).sort();

describe('merging two contacts and undoing it', () => {
  let server;
  let key;
  const s = {};  // the scene
  before(async () => {
    server = await startServer();
    key = createKey(server.db, ['--kind', 'write', '--source', 'web']);
    s.company = await created(server, '/api/v1/companies', { name: 'Conservas Ortiz' });
    s.a = await created(server, '/api/v1/contacts', {
      firstName: 'Begoña', lastName: 'Ortiz', emails: ['begona@ortiz.example'], tags: ['cliente'],
    });
    s.b = await created(server, '/api/v1/contacts', {
      firstName: 'Bego', lastName: 'Ortiz', emails: ['bego.ortiz@gmail.example'], phones: ['+34 944 000 111'],
      title: 'Directora de compras', companyId: s.company.id, tags: ['feria-2026', 'cliente'],
      socialProfiles: [{ network: 'linkedin', handle: 'begoortiz' }],
    });
    s.c = await created(server, '/api/v1/contacts', { firstName: 'Iker', lastName: 'Salaberria' });
    s.call = await created(server, '/api/v1/interactions', {
      channel: 'call', direction: 'outbound', occurredAt: '2026-11-02T09:00:00Z', subject: 'Pedido de Navidad',
      participants: [{ type: 'contact', id: s.b.id, role: 'attendee' }],
    });
    s.meeting = await created(server, '/api/v1/interactions', {
      channel: 'meeting', direction: 'internal', occurredAt: '2026-11-03T09:00:00Z', subject: 'Visita a fábrica',
      participants: [{ type: 'contact', id: s.a.id }, { type: 'contact', id: s.b.id, role: 'host' }, { type: 'contact', id: s.c.id }],
    });
    s.note = await created(server, '/api/v1/notes', { body: 'Prefiere llamadas por la mañana', recordType: 'contact', recordId: s.b.id });
    s.task = await created(server, '/api/v1/tasks', { title: 'Enviar muestras', linkedRecord: { type: 'contact', id: s.b.id } });
    s.knows = await created(server, '/api/v1/relationships', { fromContactId: s.b.id, toContactId: s.c.id, kind: 'colleague' });
    s.self = await created(server, '/api/v1/relationships', { fromContactId: s.a.id, toContactId: s.b.id, kind: 'knows' });
    const pipeline = await created(server, '/api/v1/pipelines', { name: 'Ventas', stages: [{ name: 'Lead' }, { name: 'Won', kind: 'won', probability: 100 }] });
    s.deal = await created(server, '/api/v1/opportunities', {
      name: 'Lotes de Navidad', pipelineId: pipeline.id, amount: { value: 250000, currency: 'EUR' },
      contacts: [{ contactId: s.b.id, role: 'decision_maker' }],
    });
    const file = new FormData();
    file.append('recordType', 'contact');
    file.append('recordId', s.b.id);
    file.append('file', new Blob(['condiciones']), 'condiciones.txt');
    s.doc = await ok(await api(server, '/api/v1/documents', { method: 'POST', body: file }), 201);
    await ok(await api(server, `/api/v1/contacts/${s.b.id}/consent/email_marketing`, { method: 'PUT', json: { status: 'granted', legalBasis: 'consent' } }));
    // B is also a known web visitor: identified by e-mail, with page views.
    await send(server, key, '/v1/identify', { userId: 'web-bego', anonymousId: 'anon-bego', traits: { email: 'bego.ortiz@gmail.example' }, messageId: 'm-id-1' });
    await send(server, key, '/v1/page', { userId: 'web-bego', name: 'Catálogo', properties: { title: 'Catálogo', url: 'https://ortiz.example/catalogo' }, messageId: 'm-page-1' });
    await send(server, key, '/v1/track', { anonymousId: 'anon-bego', event: 'Product Added', properties: { sku: 'BON-1' }, messageId: 'm-cart-1' });
    s.before = {};
    for (const who of ['a', 'b', 'c']) s.before[who] = await get(server, `/api/v1/contacts/${s[who].id}`);
    s.before.call = await get(server, `/api/v1/interactions/${s.call.id}`);
    s.before.meeting = await get(server, `/api/v1/interactions/${s.meeting.id}`);
    s.before.deal = await get(server, `/api/v1/opportunities/${s.deal.id}`);
    s.before.bEvents = ids((await get(server, `/api/v1/events?contactId=${s.b.id}`)).items.map((e) => ({ id: e.messageId })));
    assert.equal(s.before.bEvents.length, 3);
  });
  after(async () => { await server.cleanup(); });

  test('bad merges are refused, naming the field', async () => {
    const empty = await post(server, '/api/v1/merges', {});
    assert.equal(empty.status, 400, empty.text);
    assert.deepEqual(empty.data.errors.map((e) => e.field).sort(), ['mergedId', 'survivorId']);
    const same = await post(server, '/api/v1/merges', { survivorId: s.a.id, mergedId: s.a.id });
    assert.equal(same.status, 400);
    assert.equal(same.data.errors[0].field, 'mergedId');
    const unknown = await post(server, '/api/v1/merges', { survivorId: s.a.id, mergedId: '01JUNKJUNKJUNKJUNKJUNKJUNK' });
    assert.equal(unknown.status, 404, unknown.text);
    const extra = await post(server, '/api/v1/merges', { survivorId: s.a.id, mergedId: s.b.id, winner: 'a' });
    assert.equal(extra.status, 400);
    assert.equal(extra.data.errors[0].field, 'winner');
  });

  test('a merge gives the survivor everything about the other contact', async () => {
    const merge = await created(server, '/api/v1/merges', { survivorId: s.a.id, mergedId: s.b.id, reason: 'La misma persona, dos correos' });
    s.merge = merge;
    assert.equal(merge.status, 'merged');
    assert.equal(merge.source, 'api');
    assert.deepEqual(
      { i: merge.moved.interactions, n: merge.moved.notes, t: merge.moved.tasks, d: merge.moved.documents, o: merge.moved.opportunities, r: merge.moved.relationships, e: merge.moved.events, ids: merge.moved.identities },
      { i: 2, n: 1, t: 1, d: 1, o: 1, r: 1, e: 3, ids: 2 });

    const a = await get(server, `/api/v1/contacts/${s.a.id}`);
    assert.deepEqual(a.emails.map((e) => e.address), ['begona@ortiz.example', 'bego.ortiz@gmail.example']);
    assert.equal(a.title, 'Directora de compras');
    assert.equal(a.companyId, s.company.id);
    assert.deepEqual(a.tags, ['cliente', 'feria-2026']);
    assert.deepEqual(a.socialProfiles.map((p) => p.handle), ['begoortiz']);
    assert.equal((await api(server, `/api/v1/contacts/${s.b.id}`)).status, 404, 'the merged contact is deleted');

    const call = await get(server, `/api/v1/interactions/${s.call.id}`);
    assert.deepEqual(call.participants.map((p) => p.id), [s.a.id]);
    const meeting = await get(server, `/api/v1/interactions/${s.meeting.id}`);
    assert.deepEqual(meeting.participants.map((p) => p.id), [s.a.id, s.c.id], 'no one takes part twice');
    assert.equal((await get(server, `/api/v1/notes/${s.note.id}`)).recordId ?? (await get(server, `/api/v1/notes/${s.note.id}`)).record?.id, s.a.id);
    assert.equal((await get(server, `/api/v1/tasks/${s.task.id}`)).linkedRecord.id, s.a.id);
    assert.equal((await get(server, `/api/v1/relationships/${s.knows.id}`)).fromContactId, s.a.id);
    assert.equal((await api(server, `/api/v1/relationships/${s.self.id}`)).status, 404, 'a tie to oneself is deleted');
    assert.deepEqual((await get(server, `/api/v1/opportunities/${s.deal.id}`)).contacts, [{ contactId: s.a.id, role: 'decision_maker' }]);
    assert.equal((await get(server, `/api/v1/documents/${s.doc.id}`)).recordId ?? (await get(server, `/api/v1/documents/${s.doc.id}`)).record?.id, s.a.id);
    const consent = (await get(server, `/api/v1/contacts/${s.a.id}/consent`)).items.find((c) => c.purpose === 'email_marketing');
    assert.equal(consent.status, 'granted');

    const events = (await get(server, `/api/v1/events?contactId=${s.a.id}`)).items;
    assert.ok(events.some((e) => e.event === 'Contact Merged' || e.name === 'Contact Merged'), 'the merge is an event');
    for (const id of s.before.bEvents) assert.ok(events.some((e) => e.messageId === id), `${id} moved`);
    const timeline = (await get(server, `/api/v1/contacts/${s.a.id}/timeline?limit=100`)).items;
    const mergeItem = timeline.find((i) => i.kind === 'merge');
    assert.match(mergeItem.summary, /^Merged with Bego Ortiz: 2 interactions, 1 note, 1 task, 1 document, 1 opportunity, 1 relationship, 3 events$/);
    assert.deepEqual(mergeItem.detail, {
      action: 'merged', contactId: s.b.id, contact: 'Bego Ortiz',
      moved: { interactions: 2, notes: 1, tasks: 1, documents: 1, opportunities: 1, relationships: 1, events: 3 },
    });
    for (const subject of ['Pedido de Navidad', 'Prefiere llamadas', 'Enviar muestras']) {
      assert.ok(timeline.some((i) => i.summary.includes(subject)), `${subject} on the survivor's timeline`);
    }
    assert.ok(timeline.some((i) => i.kind === 'event' && /Catálogo/.test(i.summary)));
    const audit = (await get(server, `/api/v1/audit?recordId=${s.b.id}`)).items;
    assert.ok(audit.some((e) => e.action === 'merge'), 'the merge is audited');
    assert.deepEqual((await get(server, `/api/v1/contacts/${s.a.id}/merges`)).items.map((m) => m.id), [merge.id]);
    assert.deepEqual((await get(server, `/api/v1/merges/${merge.id}`)).survivorId, s.a.id);
  });

  test("the merged contact's tracking ids now resolve to the survivor", async () => {
    await send(server, key, '/v1/page', { userId: 'web-bego', name: 'Ofertas', properties: { title: 'Ofertas', url: 'https://ortiz.example/ofertas' }, messageId: 'm-page-after' });
    const events = (await get(server, `/api/v1/events?contactId=${s.a.id}`)).items;
    assert.ok(events.some((e) => e.messageId === 'm-page-after'));
  });

  test('undo puts every record back exactly as it was', async () => {
    const undone = await ok(await post(server, `/api/v1/merges/${s.merge.id}/undo`, {}));
    assert.equal(undone.status, 'undone');
    assert.ok(undone.undoneAt);
    for (const who of ['a', 'b', 'c']) {
      assert.deepEqual(stable(await get(server, `/api/v1/contacts/${s[who].id}`)), stable(s.before[who]), `contact ${who}`);
    }
    assert.deepEqual(stable(await get(server, `/api/v1/interactions/${s.call.id}`)), stable(s.before.call));
    assert.deepEqual(stable(await get(server, `/api/v1/interactions/${s.meeting.id}`)), stable(s.before.meeting));
    assert.deepEqual(stable(await get(server, `/api/v1/opportunities/${s.deal.id}`)).contacts, s.before.deal.contacts);
    assert.equal((await get(server, `/api/v1/tasks/${s.task.id}`)).linkedRecord.id, s.b.id);
    assert.equal((await get(server, `/api/v1/relationships/${s.knows.id}`)).fromContactId, s.b.id);
    assert.equal((await get(server, `/api/v1/relationships/${s.self.id}`)).toContactId, s.b.id, 'the tie between them is back');
    const bEvents = (await get(server, `/api/v1/events?contactId=${s.b.id}`)).items.map((e) => e.messageId);
    for (const id of [...s.before.bEvents, 'm-page-after']) assert.ok(bEvents.includes(id), `${id} is back with B`);
    const aEvents = (await get(server, `/api/v1/events?contactId=${s.a.id}`)).items.map((e) => e.name ?? e.event);
    assert.deepEqual(aEvents.filter((n) => !/^Contact Merge/.test(n)), [], 'A keeps only the merge records');
    const consents = (await get(server, `/api/v1/contacts/${s.a.id}/consent`)).items.find((c) => c.purpose === 'email_marketing');
    assert.equal(consents.status, 'unknown');
    const bTimeline = (await get(server, `/api/v1/contacts/${s.b.id}/timeline?limit=100`)).items;
    assert.ok(bTimeline.some((i) => i.kind === 'event' && /Ofertas/.test(i.summary)));
    assert.ok(bTimeline.some((i) => i.kind === 'merge' && /^Undid the merge with/.test(i.summary)));
    assert.ok(bTimeline.some((i) => i.kind === 'merge' && i.detail.action === 'undone' && i.detail.contactId === s.b.id));
    assert.ok(!(await get(server, `/api/v1/contacts/${s.a.id}/timeline?limit=100`)).items.some((i) => /Pedido de Navidad/.test(i.summary)));
    // The ids are B's again.
    await send(server, key, '/v1/track', { userId: 'web-bego', event: 'Order Completed', properties: { total: 42 }, messageId: 'm-order-after' });
    assert.ok((await get(server, `/api/v1/events?contactId=${s.b.id}`)).items.some((e) => e.messageId === 'm-order-after'));
    const again = await post(server, `/api/v1/merges/${s.merge.id}/undo`, {});
    assert.equal(again.status, 409, again.text);
    const audit = (await get(server, `/api/v1/audit?recordId=${s.a.id}`)).items;
    assert.ok(audit.some((e) => e.action === 'unmerge'));
  });

  test('a merge whose survivor was merged on since is undone in reverse order', async () => {
    const x = await created(server, '/api/v1/contacts', { firstName: 'Xabier', emails: ['x@one.example'] });
    const y = await created(server, '/api/v1/contacts', { firstName: 'Xabi', emails: ['x@two.example'] });
    const z = await created(server, '/api/v1/contacts', { firstName: 'Xabier', lastName: 'Arana', emails: ['x@three.example'] });
    const first = await created(server, '/api/v1/merges', { survivorId: x.id, mergedId: y.id });
    const second = await created(server, '/api/v1/merges', { survivorId: z.id, mergedId: x.id });
    const refused = await post(server, `/api/v1/merges/${first.id}/undo`, {});
    assert.equal(refused.status, 409, refused.text);
    assert.match(refused.data.detail, new RegExp(second.id));
    await ok(await post(server, `/api/v1/merges/${second.id}/undo`, {}));
    await ok(await post(server, `/api/v1/merges/${first.id}/undo`, {}));
    for (const [who, email] of [[x, 'x@one.example'], [y, 'x@two.example'], [z, 'x@three.example']]) {
      assert.deepEqual((await get(server, `/api/v1/contacts/${who.id}`)).emails.map((e) => e.address), [email]);
    }
  });

  test('a deleted contact cannot be merged', async () => {
    const gone = await created(server, '/api/v1/contacts', { firstName: 'Borrado' });
    assert.equal((await api(server, `/api/v1/contacts/${gone.id}`, { method: 'DELETE' })).status, 204);
    const res = await post(server, '/api/v1/merges', { survivorId: s.c.id, mergedId: gone.id });
    assert.equal(res.status, 409, res.text);
  });
});

describe('the tracking API merges known people', () => {
  let server;
  let key;
  before(async () => {
    server = await startServer();
    key = createKey(server.db, ['--kind', 'write', '--source', 'app']);
  });
  after(async () => { await server.cleanup(); });

  test('identify with the e-mail of another contact merges the two, the older surviving', async () => {
    await send(server, key, '/v1/identify', { userId: 'u-100', traits: { email: 'maite@example.com', firstName: 'Maite' }, messageId: 'i-1' });
    const crm = await created(server, '/api/v1/contacts', { firstName: 'Maite', lastName: 'Urrutia', emails: ['maite.urrutia@work.example'] });
    await send(server, key, '/v1/track', { userId: 'u-100', event: 'Signed Up', messageId: 't-1' });
    await send(server, key, '/v1/identify', { userId: 'u-100', traits: { email: 'maite.urrutia@work.example' }, messageId: 'i-2' });
    const found = (await get(server, '/api/v1/contacts?email=maite.urrutia%40work.example')).items;
    assert.equal(found.length, 1);
    const survivor = found[0];
    assert.notEqual(survivor.id, crm.id, 'the older contact (made by the first identify) survives');
    assert.deepEqual(survivor.emails.map((e) => e.address).sort(), ['maite.urrutia@work.example', 'maite@example.com']);
    const merges = (await get(server, `/api/v1/contacts/${survivor.id}/merges`)).items;
    assert.equal(merges.length, 1);
    assert.equal(merges[0].source, 'identify');
    assert.equal(merges[0].mergedId, crm.id);
    const undone = await ok(await post(server, `/api/v1/merges/${merges[0].id}/undo`, {}));
    assert.equal(undone.status, 'undone');
    assert.equal((await get(server, `/api/v1/contacts/${crm.id}`)).lastName, 'Urrutia');
  });

  test('alias between two known users merges them', async () => {
    await send(server, key, '/v1/identify', { userId: 'old-7', traits: { email: 'jon@old.example', firstName: 'Jon' }, messageId: 'a-1' });
    await send(server, key, '/v1/identify', { userId: 'new-7', traits: { email: 'jon@new.example', firstName: 'Jon' }, messageId: 'a-2' });
    await send(server, key, '/v1/page', { userId: 'new-7', name: 'Home', messageId: 'a-3' });
    await send(server, key, '/v1/alias', { userId: 'new-7', previousId: 'old-7', messageId: 'a-4' });
    const contact = (await get(server, '/api/v1/contacts?email=jon%40old.example')).items[0];
    assert.deepEqual(contact.emails.map((e) => e.address).sort(), ['jon@new.example', 'jon@old.example']);
    const merges = (await get(server, `/api/v1/contacts/${contact.id}/merges`)).items;
    assert.equal(merges[0].source, 'alias');
    const events = (await get(server, `/api/v1/events?contactId=${contact.id}`)).items.map((e) => e.messageId);
    for (const id of ['a-1', 'a-2', 'a-3', 'a-4']) assert.ok(events.includes(id), `${id} is the survivor's`);
  });

  test('a shared browser is not a merge: the anonymousId alone does not tie two people', async () => {
    await send(server, key, '/v1/identify', { userId: 'ana-1', anonymousId: 'shared-pc', traits: { email: 'ana@example.com' }, messageId: 's-1' });
    await send(server, key, '/v1/identify', { userId: 'luis-1', anonymousId: 'shared-pc', traits: { email: 'luis@example.com' }, messageId: 's-2' });
    await send(server, key, '/v1/identify', { anonymousId: 'shared-pc', userId: 'ana-2', traits: { email: 'ana@example.com' }, messageId: 's-3' });
    const ana = (await get(server, '/api/v1/contacts?email=ana%40example.com')).items;
    const luis = (await get(server, '/api/v1/contacts?email=luis%40example.com')).items;
    assert.equal(ana.length, 1);
    assert.equal(luis.length, 1);
    assert.notEqual(ana[0].id, luis[0].id);
    assert.deepEqual((await get(server, `/api/v1/contacts/${ana[0].id}/merges`)).items, []);
  });
});

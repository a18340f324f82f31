// The CRM core through HTTP: records, validation, concurrency, idempotency, soft delete,
// timelines, search, custom fields and lists.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { startServer, api, ok, tempDir, runCli } from './lib/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server.cleanup(); });

const post = (path, json, headers = {}) => api(server, path, { method: 'POST', json, headers });
const patch = (path, json, headers = {}) => api(server, path, { method: 'PATCH', json, headers });
const del = (path, headers = {}) => api(server, path, { method: 'DELETE', headers });
const get = (path) => api(server, path);

async function created(path, json) {
  const res = await post(path, json);
  assert.equal(res.status, 201, `${path}: ${res.text}`);
  return res.data;
}

describe('contacts', () => {
  let company;
  let owner;
  before(async () => {
    owner = await created('/api/v1/users', { email: 'carmen@example.com', name: 'Carmen Vidal', role: 'rep' });
    company = await created('/api/v1/companies', { name: 'Acme Ibérica', domain: 'https://www.acme.es', country: 'ES', sizeBand: '51-200' });
  });

  test('create, read, update, delete and restore', async () => {
    const res = await post('/api/v1/contacts', {
      firstName: 'José', lastName: 'Muñoz', emails: ['Jose.Munoz@Acme.es'], phones: ['911 23 45 67'],
      companyId: company.id, ownerId: owner.id, title: 'CTO', tags: ['vip', ' vip '],
      socialProfiles: [{ network: 'linkedin', handle: '@JoseMunoz', url: 'https://www.linkedin.com/in/josemunoz' }],
    });
    assert.equal(res.status, 201, res.text);
    const contact = res.data;
    assert.equal(res.headers.get('location'), `/api/v1/contacts/${contact.id}`);
    assert.equal(res.headers.get('etag'), '"1"');
    assert.equal(contact.displayName, 'José Muñoz');
    assert.deepEqual(contact.emails, [{ address: 'jose.munoz@acme.es', primary: true, label: null }]);
    assert.equal(contact.phones[0].number, '+34911234567', 'E.164 with the company country');
    assert.deepEqual(contact.tags, ['vip']);
    assert.equal(contact.socialProfiles[0].handle, 'josemunoz');
    assert.equal(contact.lifecycleStage, 'lead');

    const read = await get(`/api/v1/contacts/${contact.id}`);
    assert.equal(read.status, 200);
    assert.deepEqual(read.data, contact);

    const changed = await patch(`/api/v1/contacts/${contact.id}`, { title: 'CEO', lifecycleStage: 'customer', city: null }, { 'if-match': '"1"' });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.data.title, 'CEO');
    assert.equal(changed.data.lifecycleStage, 'customer');
    assert.equal(changed.data.version, 2);
    assert.equal(changed.data.lastName, 'Muñoz', 'fields not sent are kept');

    assert.equal((await del(`/api/v1/contacts/${contact.id}`)).status, 204);
    assert.equal((await get(`/api/v1/contacts/${contact.id}`)).status, 404);
    const deleted = await get(`/api/v1/contacts/${contact.id}?includeDeleted=true`);
    assert.ok(deleted.data.deletedAt);
    const trash = await get('/api/v1/contacts?deleted=true');
    assert.ok(trash.data.items.some((c) => c.id === contact.id));
    assert.ok(!(await get('/api/v1/contacts')).data.items.some((c) => c.id === contact.id));
    assert.equal((await patch(`/api/v1/contacts/${contact.id}`, { title: 'x' })).status, 404);

    const restored = await post(`/api/v1/contacts/${contact.id}/restore`);
    assert.equal(restored.status, 200);
    assert.equal(restored.data.deletedAt, null);
    assert.equal((await get(`/api/v1/contacts/${contact.id}`)).status, 200);
    assert.equal((await post(`/api/v1/contacts/${contact.id}/restore`)).status, 412);
  });

  test('every bad field is named in one response', async () => {
    const res = await post('/api/v1/contacts', {
      firstName: 'x'.repeat(101), emails: ['not-an-email', 'ok@acme.es'], phones: ['call me'],
      country: 'España', lifecycleStage: 'king', ownerId: '01JD3Q5Z4XKQ8W2N6M9R0T7V5B',
      socialProfiles: [{ network: 'myspace', handle: 'x' }, { network: 'twitter', handle: 'ok', url: 'javascript:alert(1)' }],
      customFields: { shoeSize: 42 }, favouriteColour: 'blue',
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    const fields = res.data.errors.map((e) => e.field).sort();
    assert.deepEqual(fields, [
      'country', 'customFields.shoeSize', 'emails[0].address', 'favouriteColour', 'firstName',
      'lifecycleStage', 'ownerId', 'phones[0].number', 'socialProfiles[0].network', 'socialProfiles[1].url',
    ].sort());
    for (const error of res.data.errors) assert.ok(error.message.length > 0);
  });

  test('a stale If-Match gets 412 and the contact stays as it was', async () => {
    const contact = await created('/api/v1/contacts', { firstName: 'Ana', lastName: 'Rubio' });
    assert.equal((await patch(`/api/v1/contacts/${contact.id}`, { title: 'First' }, { 'if-match': '"1"' })).status, 200);
    const stale = await patch(`/api/v1/contacts/${contact.id}`, { title: 'Lost' }, { 'if-match': '"1"' });
    assert.equal(stale.status, 412);
    assert.equal(stale.data.code, 'failed_precondition');
    const now = await get(`/api/v1/contacts/${contact.id}`);
    assert.equal(now.data.title, 'First');
    assert.equal(now.data.version, 2);
    assert.equal((await del(`/api/v1/contacts/${contact.id}`, { 'if-match': '"1"' })).status, 412);
    assert.equal((await patch(`/api/v1/contacts/${contact.id}`, { title: 'x' }, { 'if-match': 'nonsense' })).status, 400);
  });

  test('an Idempotency-Key makes a retried create safe', async () => {
    const body = { firstName: 'Idem', emails: ['idem@acme.es'] };
    const first = await post('/api/v1/contacts', body, { 'idempotency-key': 'create-idem-1' });
    const again = await post('/api/v1/contacts', body, { 'idempotency-key': 'create-idem-1' });
    assert.equal(first.status, 201);
    assert.equal(again.status, 201);
    assert.deepEqual(again.data, first.data);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    const found = await get('/api/v1/contacts?email=idem@acme.es');
    assert.equal(found.data.items.length, 1);
    const misuse = await post('/api/v1/contacts', { firstName: 'Other' }, { 'idempotency-key': 'create-idem-1' });
    assert.equal(misuse.status, 400);
    assert.equal(misuse.data.errors[0].field, 'Idempotency-Key');
  });

  test('lookups by e-mail and social handle', async () => {
    const contact = await created('/api/v1/contacts', {
      firstName: 'Lucía', emails: ['lucia@norte.es'],
      socialProfiles: [{ network: 'twitter', handle: 'LuciaNorte' }],
    });
    const byEmail = await get('/api/v1/contacts?email=LUCIA@norte.es');
    assert.deepEqual(byEmail.data.items.map((c) => c.id), [contact.id]);
    const bySocial = await get('/api/v1/contacts?social=twitter:@lucianorte');
    assert.deepEqual(bySocial.data.items.map((c) => c.id), [contact.id]);
    assert.equal((await get('/api/v1/contacts?social=myspace:x')).status, 400);
    assert.equal((await get('/api/v1/contacts?email=nope')).status, 400);
  });

  test('batch creation gives one result per contact', async () => {
    const res = await post('/api/v1/contacts/batch', {
      contacts: [
        { firstName: 'Batch', lastName: 'Uno', emails: ['uno@batch.es'] },
        { firstName: 'Batch', emails: ['broken'] },
        { firstName: 'Batch', lastName: 'Tres', companyId: company.id, phones: ['600 11 22 33'] },
      ],
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.data.created, 2);
    assert.equal(res.data.failed, 1);
    assert.deepEqual(res.data.results.map((r) => r.status), [201, 400, 201]);
    assert.equal(res.data.results[1].errors[0].field, 'emails[0].address');
    const third = await get(`/api/v1/contacts/${res.data.results[2].id}`);
    assert.equal(third.data.phones[0].number, '+34600112233');
    assert.equal(res.data.results[2].version, 1);
    const tooMany = await post('/api/v1/contacts/batch', { contacts: Array.from({ length: 1001 }, () => ({ firstName: 'x' })) });
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.data.errors[0].field, 'contacts');
  });
});

describe('timelines', () => {
  let contact;
  let company;
  before(async () => {
    company = await created('/api/v1/companies', { name: 'Timeline SA', country: 'MX' });
    contact = await created('/api/v1/contacts', { firstName: 'Tina', lastName: 'Línea', companyId: company.id });
  });

  test('every channel lands on the contact and company timelines, newest first, paginated', async () => {
    const channels = ['call', 'email', 'meeting', 'linkedin', 'twitter', 'review', 'whatsapp'];
    for (let i = 0; i < channels.length; i++) {
      await created('/api/v1/interactions', {
        channel: channels[i], direction: 'inbound', occurredAt: `2026-03-0${i + 1}T10:00:00Z`,
        subject: `Asunto ${channels[i]}`, participants: [{ type: 'contact', id: contact.id }],
      });
    }
    await created('/api/v1/notes', { body: 'Prefiere **WhatsApp**', recordType: 'contact', recordId: contact.id });
    await created('/api/v1/tasks', { title: 'Llamar a Tina', dueAt: '2027-01-10T09:00:00Z', linkedRecord: { type: 'contact', id: contact.id } });

    const seen = [];
    let cursor = '';
    let pages = 0;
    do {
      const page = await get(`/api/v1/contacts/${contact.id}/timeline?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.status, 200, page.text);
      seen.push(...page.data.items);
      cursor = page.data.nextCursor ?? '';
      pages++;
    } while (cursor && pages < 10);
    assert.equal(pages, 3);
    assert.equal(seen.length, 9);
    const times = seen.map((item) => item.occurredAt);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
    assert.deepEqual(new Set(seen.map((i) => i.kind)), new Set(['interaction', 'note', 'task']));
    const interactions = seen.filter((i) => i.kind === 'interaction');
    assert.deepEqual(interactions.map((i) => i.channel), [...channels].reverse());
    assert.equal(interactions[0].actor.type, 'contact');
    assert.equal(interactions[0].summary, 'Asunto whatsapp');
    assert.equal(interactions[0].detail, null, "a conversation's summary is its own text");
    // A task says what it is as facts too, for the app to word in the reader's language.
    const task = seen.find((i) => i.kind === 'task');
    assert.equal(task.summary, 'Llamar a Tina (due 2027-01-10)');
    assert.deepEqual(task.detail, { title: 'Llamar a Tina', status: 'open', dueAt: '2027-01-10T09:00:00.000Z' });

    const companyTimeline = await get(`/api/v1/companies/${company.id}/timeline?limit=50`);
    assert.equal(companyTimeline.data.items.filter((i) => i.kind === 'interaction').length, 7,
      'the interactions took the company of their contact');
  });

  test('editing and deleting an interaction updates the timelines', async () => {
    const call = await created('/api/v1/interactions', {
      channel: 'call', occurredAt: '2026-04-01T10:00:00Z', subject: 'Antes', participants: [{ type: 'contact', id: contact.id }],
    });
    await patch(`/api/v1/interactions/${call.id}`, { subject: 'Después', occurredAt: '2026-04-02T10:00:00Z' });
    let items = (await get(`/api/v1/contacts/${contact.id}/timeline?limit=100`)).data.items.filter((i) => i.recordId === call.id);
    assert.equal(items.length, 1);
    assert.equal(items[0].summary, 'Después');
    assert.equal(items[0].occurredAt, '2026-04-02T10:00:00.000Z');
    await del(`/api/v1/interactions/${call.id}`);
    items = (await get(`/api/v1/contacts/${contact.id}/timeline?limit=100`)).data.items.filter((i) => i.recordId === call.id);
    assert.equal(items.length, 0);
    await post(`/api/v1/interactions/${call.id}/restore`);
    items = (await get(`/api/v1/contacts/${contact.id}/timeline?limit=100`)).data.items.filter((i) => i.recordId === call.id);
    assert.equal(items.length, 1);
  });

  test('a task done gets completedAt; a timeline of an unknown contact is 404', async () => {
    const task = await created('/api/v1/tasks', { title: 'Enviar propuesta', linkedRecord: { type: 'company', id: company.id } });
    assert.equal(task.status, 'open');
    const done = await patch(`/api/v1/tasks/${task.id}`, { status: 'done' });
    assert.equal(done.data.status, 'done');
    assert.ok(done.data.completedAt);
    assert.equal((await get('/api/v1/contacts/01JD3Q5Z4XKQ8W2N6M9R0T7V5B/timeline')).status, 404);
    const bad = await post('/api/v1/interactions', { channel: 'telepathy', participants: [] });
    assert.deepEqual(bad.data.errors.map((e) => e.field).sort(), ['channel', 'participants']);
  });
});

describe('relationships', () => {
  test('ties between contacts, listed per contact, without duplicates', async () => {
    const ana = await created('/api/v1/contacts', { firstName: 'Ana', lastName: 'Red' });
    const luis = await created('/api/v1/contacts', { firstName: 'Luis', lastName: 'Red' });
    const tie = await created('/api/v1/relationships', { fromContactId: ana.id, toContactId: luis.id, kind: 'reports_to', strength: 0.8, since: '2024-03-01' });
    assert.equal(tie.directed, true);
    const friends = await created('/api/v1/relationships', { fromContactId: ana.id, toContactId: luis.id, kind: 'friend' });
    assert.equal(friends.directed, false);
    const twice = await post('/api/v1/relationships', { fromContactId: luis.id, toContactId: ana.id, kind: 'friend' });
    assert.equal(twice.status, 409, 'an undirected tie exists both ways');
    const self = await post('/api/v1/relationships', { fromContactId: ana.id, toContactId: ana.id, strength: 2 });
    assert.deepEqual(self.data.errors.map((e) => e.field).sort(), ['strength', 'toContactId']);
    const list = await get(`/api/v1/contacts/${luis.id}/relationships`);
    assert.deepEqual(new Set(list.data.items.map((r) => r.kind)), new Set(['reports_to', 'friend']));
  });
});

describe('search', () => {
  before(async () => {
    await created('/api/v1/contacts', { firstName: 'José', lastName: 'Peñalver Ibáñez', emails: ['jpenalver@sur.es'] });
    await created('/api/v1/companies', { name: 'Cervecería Ñandú', domain: 'nandu.mx' });
  });

  test('is accent- and case-insensitive, ranked, with the matched snippet', async () => {
    const res = await get('/api/v1/search?q=penalver');
    assert.equal(res.status, 200);
    const hit = res.data.items.find((i) => i.title === 'José Peñalver Ibáñez');
    assert.ok(hit, res.text);
    assert.equal(hit.kind, 'contact');
    assert.ok(hit.highlights.some((h) => h.match && /Peñalver/i.test(h.text)), JSON.stringify(hit.highlights));
    for (const q of ['JOSE PENALVER', 'ibanez', 'josé peñalver', 'ÑANDU', 'cerveceria']) {
      const found = await get(`/api/v1/search?q=${encodeURIComponent(q)}`);
      assert.ok(found.data.items.length > 0, `no result for ${q}`);
    }
  });

  test('prefixes match as you type', async () => {
    const res = await get('/api/v1/search?q=Peña');
    assert.ok(res.data.items.some((i) => i.title.includes('Peñalver')));
    const company = await get('/api/v1/search?q=cerve');
    assert.equal(company.data.items[0].kind, 'company');
  });

  test('kind keeps only contacts, companies or interactions', async () => {
    await created('/api/v1/companies', { name: 'Peñalver Hermanos' });
    const contacts = await get('/api/v1/search?q=penalver&kind=contact');
    assert.deepEqual(contacts.data.items.map((i) => i.kind), ['contact']);
    const companies = await get('/api/v1/search?q=penalver&kind=company');
    assert.deepEqual(companies.data.items.map((i) => i.title), ['Peñalver Hermanos']);
    const bad = await get('/api/v1/search?q=penalver&kind=deal');
    assert.equal(bad.status, 400);
    assert.equal(bad.data.errors[0].field, 'kind');
  });

  test('finds interactions; deleted records drop out and come back on restore', async () => {
    const contact = await created('/api/v1/contacts', { firstName: 'Zoe', lastName: 'Quintanilla' });
    const call = await created('/api/v1/interactions', { channel: 'call', subject: 'Renovación anticipada', participants: [{ type: 'contact', id: contact.id }] });
    let res = await get('/api/v1/search?q=renovacion');
    assert.ok(res.data.items.some((i) => i.id === call.id && i.kind === 'interaction'));
    await del(`/api/v1/contacts/${contact.id}`);
    res = await get('/api/v1/search?q=quintanilla');
    assert.ok(!res.data.items.some((i) => i.id === contact.id));
    await post(`/api/v1/contacts/${contact.id}/restore`);
    res = await get('/api/v1/search?q=quintanilla');
    assert.ok(res.data.items.some((i) => i.id === contact.id));
  });

  test('refuses an empty query and treats operators as words', async () => {
    assert.equal((await get('/api/v1/search')).status, 400);
    const res = await get(`/api/v1/search?q=${encodeURIComponent('" OR 1=1 -- NEAR(')}`);
    assert.equal(res.status, 200);
  });
});

describe('custom fields', () => {
  test('values are checked against the definitions', async () => {
    const field = await created('/api/v1/custom-fields', { object: 'contact', key: 'region', label: 'Región', type: 'enum', options: ['Norte', 'Sur'] });
    await created('/api/v1/custom-fields', { object: 'contact', key: 'budget', label: 'Presupuesto', type: 'number' });
    await created('/api/v1/custom-fields', { object: 'contact', key: 'renewal', type: 'date' });
    assert.equal((await post('/api/v1/custom-fields', { object: 'contact', key: 'region', type: 'text' })).status, 409);
    const badDef = await post('/api/v1/custom-fields', { object: 'planet', key: 'Bad Key', type: 'enum' });
    assert.deepEqual(badDef.data.errors.map((e) => e.field).sort(), ['key', 'object', 'options']);

    const ok = await created('/api/v1/contacts', { firstName: 'Campo', customFields: { region: 'Norte', budget: 1500, renewal: '2027-01-31' } });
    assert.deepEqual(ok.customFields, { budget: 1500, region: 'Norte', renewal: '2027-01-31' });
    const bad = await post('/api/v1/contacts', { firstName: 'Campo', customFields: { region: 'Este', budget: 'lots', renewal: '31/01/2027', colour: 'red' } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.data.errors.map((e) => e.field).sort(),
      ['customFields.budget', 'customFields.colour', 'customFields.region', 'customFields.renewal']);

    const filtered = await get('/api/v1/contacts?custom.region=Norte');
    assert.deepEqual(filtered.data.items.map((c) => c.id), [ok.id]);
    const cleared = await patch(`/api/v1/contacts/${ok.id}`, { customFields: { budget: null } });
    assert.deepEqual(Object.keys(cleared.data.customFields).sort(), ['region', 'renewal']);

    const changeType = await patch(`/api/v1/custom-fields/${field.id}`, { type: 'text' });
    assert.equal(changeType.status, 400);
    const more = await patch(`/api/v1/custom-fields/${field.id}`, { options: ['Norte', 'Sur', 'Este'] });
    assert.equal(more.status, 200);
    const list = await get('/api/v1/custom-fields?object=contact');
    assert.ok(list.data.items.some((f) => f.key === 'region' && f.options.includes('Este')));
  });
});

describe('lists', () => {
  test('filter, sort and page through contacts without gaps or repeats', async () => {
    const rep = await created('/api/v1/users', { email: 'lister@example.com', name: 'Lister', role: 'rep' });
    const names = ['Zamora', 'Álvarez', 'Ortega', 'Benítez', 'Núñez', 'Castro', 'Ibáñez'];
    for (const last of names) {
      await created('/api/v1/contacts', { firstName: 'Lista', lastName: last, ownerId: rep.id, tags: ['lista'], lifecycleStage: 'mql' });
    }
    const all = [];
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const page = await get(`/api/v1/contacts?ownerId=${rep.id}&sort=name&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.status, 200, page.text);
      all.push(...page.data.items);
      cursor = page.data.nextCursor;
      if (!cursor) break;
    }
    assert.deepEqual(all.map((c) => c.lastName), ['Álvarez', 'Benítez', 'Castro', 'Ibáñez', 'Núñez', 'Ortega', 'Zamora'],
      'accent-aware name order');
    const desc = await get(`/api/v1/contacts?tag=lista&sort=-name&limit=2`);
    assert.deepEqual(desc.data.items.map((c) => c.lastName), ['Zamora', 'Ortega']);
    const byStage = await get('/api/v1/contacts?lifecycleStage=mql&limit=100');
    assert.equal(byStage.data.items.length, 7);
    const recent = await get(`/api/v1/contacts?updatedFrom=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}&limit=500`);
    assert.ok(recent.data.items.length >= 7);
    assert.equal((await get('/api/v1/contacts?sort=shoeSize')).status, 400);
    assert.equal((await get('/api/v1/contacts?limit=0')).status, 400);
    assert.equal((await get('/api/v1/contacts?cursor=garbage!')).status, 400);
    assert.equal((await get('/api/v1/contacts?lifecycleStage=king')).status, 400);
  });
});

describe('timeline entries written before they carried detail', () => {
  test('upgrading fills in the detail of tasks and stage moves from their records', async () => {
    const dir = tempDir();
    const servers = [];
    try {
      const old = await startServer({ dir });
      servers.push(old);
      const call = (path, json) => api(old, path, { method: 'POST', json });
      await ok(await call('/api/v1/pipelines', { name: 'Ventas', stages: [{ name: 'Lead' }, { name: 'Propuesta' }] }), 201);
      const contact = await ok(await call('/api/v1/contacts', { firstName: 'Inés' }), 201);
      await ok(await call('/api/v1/tasks', {
        title: 'Llamar a Inés', dueAt: '2027-02-01T08:30:00Z', linkedRecord: { type: 'contact', id: contact.id },
      }), 201);
      const deal = await ok(await call('/api/v1/opportunities', { name: 'Licencias 2027', contacts: [{ contactId: contact.id }] }), 201);
      await ok(await call(`/api/v1/opportunities/${deal.id}/stage`, { stageId: 'propuesta' }));
      // A merge that stands and one undone, each with something that moved.
      for (const [name, undo] of [['Inés Roca', false], ['Ines R.', true]]) {
        const twin = await ok(await call('/api/v1/contacts', { firstName: name, emails: [{ address: `${undo ? 'b' : 'a'}@roca.example` }] }), 201);
        await ok(await call('/api/v1/notes', { recordType: 'contact', recordId: twin.id, body: `Nota de ${name}` }), 201);
        const merge = await ok(await call('/api/v1/merges', { survivorId: contact.id, mergedId: twin.id }), 201);
        if (undo) await ok(await call(`/api/v1/merges/${merge.id}/undo`, {}));
      }
      const timeline = async (server) => (await ok(await api(server, `/api/v1/contacts/${contact.id}/timeline?limit=50`))).items;
      const written = await timeline(old);
      assert.equal(written.filter((i) => i.kind === 'merge').length, 3, 'a merge, a merge and its undo');
      await old.stop();
      // The schema as it was before migration 12: no detail column.
      execFileSync('sqlite3', [old.db, 'ALTER TABLE timeline_entry DROP COLUMN detail; DELETE FROM schema_migrations WHERE version = 12;']);
      // The upgrade says which migration it is applying: on a large database it takes a while.
      const migrated = runCli(['migrate', '--db', old.db]);
      assert.equal(migrated.status, 0, migrated.stderr);
      assert.match(migrated.stdout, /^applying schema version 12: timeline entries with their detail\n.*migrated from schema version 11 to 12\n$/s);

      const upgraded = await startServer({ dir, db: old.db });
      servers.push(upgraded);
      const items = (await ok(await api(upgraded, `/api/v1/contacts/${contact.id}/timeline?limit=50`))).items;
      assert.deepEqual(items.find((i) => i.kind === 'task').detail,
        { title: 'Llamar a Inés', status: 'open', dueAt: '2027-02-01T08:30:00.000Z' });
      assert.deepEqual(items.filter((i) => i.kind === 'stage_change').map((i) => i.detail), [
        { opportunityId: deal.id, opportunity: 'Licencias 2027', from: 'Lead', to: 'Propuesta' },
        { opportunityId: deal.id, opportunity: 'Licencias 2027', from: null, to: 'Lead' },
      ]);
      // Every entry has the detail it was written with (merges: the other contact and what moved).
      const facts = (entries) => entries.map((i) => [i.kind, i.recordId, i.detail]);
      assert.deepEqual(facts(items), facts(written));
      assert.ok(items.some((i) => i.kind === 'merge' && i.detail.action === 'undone' && i.detail.moved.notes === 1));
    } finally {
      for (const server of servers) await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

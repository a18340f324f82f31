// Security through HTTP: every documented route is checked for credentials (401), role (403) and
// visibility (404) from the OpenAPI document itself, so that a new route cannot skip the rules.
// Then sessions, CSRF, brute force, hostile input, the audit log, consent, export and erasure.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { startServer, api, createKey } from './lib/server.mjs';
import { openSocket, readUntilClose } from './lib/raw.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const FAKE_ID = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

// Signs in with a one-time password, changes it, and returns a session: {cookie, csrf, user}.
async function signIn(server, email, oneTimePassword, newPassword = 'a-long-enough-secret') {
  const login = await api(server, '/api/v1/session', {
    method: 'POST', key: null, json: { email, password: oneTimePassword },
  });
  assert.equal(login.status, 201, login.text);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const session = { cookie, csrf: login.data.csrfToken, user: login.data.user };
  if (login.data.mustChangePassword) {
    const changed = await as(server, session, '/api/v1/session/password', {
      method: 'PUT', json: { currentPassword: oneTimePassword, newPassword },
    });
    assert.equal(changed.status, 204, changed.text);
  }
  return session;
}

// A request in a browser session: the cookie, and the CSRF token on unsafe methods.
function as(server, session, path, options = {}) {
  const headers = { cookie: session.cookie, ...(options.headers ?? {}) };
  if ((options.method ?? 'GET') !== 'GET' && !('x-csrf-token' in headers)) {
    headers['x-csrf-token'] = session.csrf;
  }
  return api(server, path, { ...options, headers });
}

async function addUser(server, email, role) {
  const res = await api(server, '/api/v1/users', { method: 'POST', json: { email, name: email.split('@')[0], role } });
  assert.equal(res.status, 201, res.text);
  assert.match(res.data.oneTimePassword, /^[a-z0-9]{5}(-[a-z0-9]{5}){3}$/);
  return res.data;
}

async function created(server, path, json) {
  const res = await api(server, path, { method: 'POST', json });
  assert.equal(res.status, 201, `${path}: ${res.text}`);
  return res.data;
}

describe('access rules of every documented route', () => {
  let server;
  let doc;
  let viewer;
  let repA;
  let repB;
  let manager;
  const owned = {};  // collection path -> id of a record only rep B (and their manager) may see

  before(async () => {
    server = await startServer();
    doc = (await api(server, '/api/openapi.json', { key: null })).data;
    const users = {};
    for (const [name, role] of [['viewer', 'viewer'], ['repa', 'rep'], ['repb', 'rep'], ['boss', 'manager']]) {
      users[name] = await addUser(server, `${name}@example.com`, role);
    }
    const team = await created(server, '/api/v1/teams', {
      name: 'North', managerId: users.boss.id, memberIds: [users.repb.id],
    });
    assert.deepEqual(team.memberIds, [users.repb.id]);
    const mode = await api(server, '/api/v1/workspace', { method: 'PATCH', json: { visibility: 'team' } });
    assert.equal(mode.status, 200, mode.text);
    viewer = await signIn(server, 'viewer@example.com', users.viewer.oneTimePassword);
    repA = await signIn(server, 'repa@example.com', users.repa.oneTimePassword);
    repB = await signIn(server, 'repb@example.com', users.repb.oneTimePassword);
    manager = await signIn(server, 'boss@example.com', users.boss.oneTimePassword);

    const company = await created(server, '/api/v1/companies', { name: 'Zumárraga Hidráulica', ownerId: users.repb.id });
    const contact = await created(server, '/api/v1/contacts', {
      firstName: 'Itziar', lastName: 'Zubizarreta', emails: ['itziar@zumarraga.example'], ownerId: users.repb.id, companyId: company.id,
    });
    const other = await created(server, '/api/v1/contacts', { firstName: 'Koldo', lastName: 'Zubiri', ownerId: users.repb.id });
    owned['/api/v1/companies'] = company.id;
    owned['/api/v1/contacts'] = contact.id;
    owned['/api/v1/relationships'] = (await created(server, '/api/v1/relationships', {
      fromContactId: contact.id, toContactId: other.id, kind: 'colleague',
    })).id;
    owned['/api/v1/interactions'] = (await created(server, '/api/v1/interactions', {
      channel: 'call', direction: 'outbound', occurredAt: '2026-11-20T10:00:00Z', subject: 'Presupuesto bombas',
      participants: [{ type: 'contact', id: contact.id }],
    })).id;
    owned['/api/v1/tasks'] = (await created(server, '/api/v1/tasks', {
      title: 'Llamar a Itziar', linkedRecord: { type: 'contact', id: contact.id }, assigneeId: users.repb.id,
    })).id;
    const pipeline = await created(server, '/api/v1/pipelines', { name: 'Norte', stages: [{ name: 'Lead' }, { name: 'Won', kind: 'won', probability: 100 }] });
    owned['/api/v1/opportunities'] = (await created(server, '/api/v1/opportunities', {
      name: 'Bombas Zumárraga', pipelineId: pipeline.id, ownerId: users.repb.id, companyId: company.id,
      amount: { value: 100000, currency: 'EUR' }, contacts: [{ contactId: contact.id }],
    })).id;
    const file = new FormData();
    file.append('recordType', 'contact');
    file.append('recordId', contact.id);
    file.append('file', new Blob(['ficha de Itziar']), 'ficha.txt');
    const attached = await api(server, '/api/v1/documents', { method: 'POST', body: file });
    assert.equal(attached.status, 201, attached.text);
    owned['/api/v1/documents'] = attached.data.id;
    const twin = await created(server, '/api/v1/contacts', { firstName: 'Itziar', lastName: 'Z.', ownerId: users.repb.id });
    const twin2 = await created(server, '/api/v1/contacts', { firstName: 'Itziar', lastName: 'Zubi', ownerId: users.repb.id });
    owned['/api/v1/merges'] = (await created(server, '/api/v1/merges', { survivorId: twin.id, mergedId: twin2.id })).id;
    owned['/api/v1/notes'] = (await created(server, '/api/v1/notes', {
      body: 'Prefiere el euskera', recordType: 'contact', recordId: contact.id,
    })).id;
  });
  after(async () => { await server.cleanup(); });

  // The operations of the document with their access class.
  function operations() {
    const out = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters') continue;
        assert.ok(op['x-tertulia-access'], `${method} ${path} has no x-tertulia-access`);
        out.push({ path, method: method.toUpperCase(), access: op['x-tertulia-access'], id: op.operationId });
      }
    }
    return out;
  }

  // Bodies for the operations that validate theirs before looking the record up.
  const bodies = { setConsent: { status: 'granted', legalBasis: 'consent' }, moveStage: { stageId: 'won' } };
  // Operations whose rights are checked before their body is read (multipart uploads).

  // The record a path's {id} stands for in the visibility test, or a made-up id.
  function concrete(path, ids = {}) {
    const collection = Object.keys(ids).find((c) => path.startsWith(`${c}/{id}`));
    const id = collection ? ids[collection] : FAKE_ID;
    return path.replace('{id}', id).replace('{purpose}', 'tracking');
  }

  test('the document classifies every operation', () => {
    const ops = operations();
    assert.ok(ops.length > 60, `only ${ops.length} operations`);
    const classes = new Set(ops.map((o) => o.access));
    assert.deepEqual([...classes].sort(), ['admin', 'public', 'read', 'self', 'tracking', 'write']);
  });

  test('without credentials every non-public route answers 401', async () => {
    for (const op of operations()) {
      const res = await api(server, concrete(op.path), { method: op.method, key: null, json: op.method === 'GET' ? undefined : {} });
      if (op.access === 'public') {
        assert.notEqual(res.status, 401, `${op.method} ${op.path} is public`);
      } else {
        assert.equal(res.status, 401, `${op.method} ${op.path}: ${res.text}`);
        assert.match(res.headers.get('www-authenticate') ?? '', /Bearer/);
      }
    }
  });

  test('a viewer gets 403 on every write and admin route', async () => {
    for (const op of operations().filter((o) => o.access === 'write' || o.access === 'admin')) {
      const res = await as(server, viewer, concrete(op.path), { method: op.method, json: op.method === 'GET' ? undefined : (bodies[op.id] ?? {}) });
      assert.equal(res.status, 403, `${op.method} ${op.path}: ${res.text}`);
    }
  });

  test('a rep gets 403 on every admin route', async () => {
    for (const op of operations().filter((o) => o.access === 'admin')) {
      const res = await as(server, repA, concrete(op.path), { method: op.method, json: op.method === 'GET' ? undefined : (bodies[op.id] ?? {}) });
      assert.equal(res.status, 403, `${op.method} ${op.path}: ${res.text}`);
    }
  });

  test("a rep gets 404 on another team's records, on every route about one record", async () => {
    const shared = ['/api/v1/users/{id}', '/api/v1/custom-fields/{id}', '/api/v1/teams/{id}', '/api/v1/keys/{id}', '/api/v1/pipelines/{id}'];
    let checked = 0;
    for (const op of operations().filter((o) => o.path.includes('{id}'))) {
      if (shared.some((s) => op.path.startsWith(s))) continue;  // workspace settings: no owner
      const collection = Object.keys(owned).find((c) => op.path.startsWith(`${c}/{id}`));
      assert.ok(collection, `${op.method} ${op.path} is about a record, but the test has none of its kind`);
      if (op.access === 'admin') continue;  // refused by role first (tested above)
      const path = concrete(op.path, owned);
      const res = await as(server, repA, path, { method: op.method, json: op.method === 'GET' ? undefined : (bodies[op.id] ?? {}) });
      assert.equal(res.status, 404, `${op.method} ${path}: ${res.text}`);
      // ...which their owner and the owner's manager do see.
      if (op.method === 'GET') {
        for (const who of [repB, manager]) {
          const seen = await as(server, who, path);
          assert.equal(seen.status, 200, `${op.method} ${path} for ${who.user.email}: ${seen.text}`);
        }
      }
      checked += 1;
    }
    assert.ok(checked >= 25, `only ${checked} operations checked`);
  });

  test('lists and search do not leak what a rep cannot open', async () => {
    for (const collection of ['/api/v1/contacts', '/api/v1/companies', '/api/v1/interactions', '/api/v1/tasks', '/api/v1/notes', '/api/v1/relationships', '/api/v1/opportunities']) {
      const mine = await as(server, repA, collection);
      assert.equal(mine.status, 200, mine.text);
      assert.equal(mine.data.items.length, 0, `${collection} shows ${mine.text}`);
      const theirs = await as(server, repB, collection);
      assert.ok(theirs.data.items.some((r) => r.id === owned[collection]), `${collection} for rep B`);
    }
    for (const q of ['zubizarreta', 'zumarraga', 'presupuesto', 'itz']) {
      const hidden = await as(server, repA, `/api/v1/search?q=${q}`);
      assert.equal(hidden.status, 200);
      assert.deepEqual(hidden.data.items, [], `search ${q} leaks ${hidden.text}`);
      const seen = await as(server, manager, `/api/v1/search?q=${q}`);
      assert.ok(seen.data.items.length > 0, `the manager finds ${q}`);
    }
  });

  test('a rep cannot give a record to someone outside their sight, and keeps what they create', async () => {
    const refused = await as(server, repA, '/api/v1/contacts', {
      method: 'POST', json: { firstName: 'Ane', ownerId: repB.user.id },
    });
    assert.equal(refused.status, 400, refused.text);
    assert.ok(refused.data.errors.some((e) => e.field === 'ownerId'), refused.text);
    const mine = await as(server, repA, '/api/v1/contacts', { method: 'POST', json: { firstName: 'Ane', ownerId: repA.user.id } });
    assert.equal(mine.status, 201, mine.text);
    const call = await as(server, repA, '/api/v1/interactions', {
      method: 'POST', json: { channel: 'call', direction: 'outbound', occurredAt: '2026-11-21T09:00:00Z', participants: [{ type: 'contact', id: mine.data.id }] },
    });
    assert.equal(call.status, 201, call.text);
    assert.equal(call.data.createdBy, repA.user.id);
    const timeline = await as(server, repA, `/api/v1/contacts/${mine.data.id}/timeline`);
    assert.equal(timeline.data.items.length, 1);
    assert.equal((await as(server, repB, `/api/v1/contacts/${mine.data.id}`)).status, 404);
  });
});

describe('first-run setup', () => {
  test('a workspace without users takes one admin from the setup call, then closes it for good', async () => {
    const server = await startServer({ auth: false });
    try {
      assert.deepEqual((await api(server, '/api/v1/setup', { key: null })).data, { needed: true });
      const bad = await api(server, '/api/v1/setup', { method: 'POST', key: null, json: { name: '', email: 'marta@example.com', password: '1234567890' } });
      assert.equal(bad.status, 400, bad.text);
      assert.deepEqual(bad.data.errors.map((e) => e.field).sort(), ['name']);
      const weak = await api(server, '/api/v1/setup', { method: 'POST', key: null, json: { name: 'Marta', email: 'marta@example.com', password: '1234567890' } });
      assert.equal(weak.status, 400, weak.text);
      assert.equal(weak.data.errors[0].field, 'password');
      const done = await api(server, '/api/v1/setup', { method: 'POST', key: null, json: { name: 'Marta', email: 'marta@example.com', password: 'una clave bastante larga' } });
      assert.equal(done.status, 201, done.text);
      assert.equal(done.data.user.role, 'admin');
      assert.equal(done.data.mustChangePassword, false);
      const cookie = done.headers.get('set-cookie').split(';')[0];
      const me = await api(server, '/api/v1/session', { key: null, headers: { cookie } });
      assert.equal(me.data.user.email, 'marta@example.com');
      assert.deepEqual((await api(server, '/api/v1/setup', { key: null })).data, { needed: false });
      const again = await api(server, '/api/v1/setup', { method: 'POST', key: null, json: { name: 'Eve', email: 'eve@example.com', password: 'una clave bastante larga' } });
      assert.equal(again.status, 409, again.text);
      const users = await api(server, '/api/v1/users', { key: null, headers: { cookie } });
      assert.deepEqual(users.data.items.map((u) => u.email), ['marta@example.com']);
    } finally {
      await server.cleanup();
    }
  });
});

describe('sessions, CSRF and brute force', () => {
  let server;
  let password;
  before(async () => {
    server = await startServer({ args: ['--set', 'auth.session_idle=2s', '--set', 'auth.max_failures_per_ip=12'] });
    password = (await addUser(server, 'ana@example.com', 'rep')).oneTimePassword;
  });
  after(async () => { await server.cleanup(); });

  test('the session cookie is HttpOnly and SameSite=Lax, and a one-time password must change first', async () => {
    const login = await api(server, '/api/v1/session', { method: 'POST', key: null, json: { email: 'ANA@example.com', password } });
    assert.equal(login.status, 201, login.text);
    const cookie = login.headers.get('set-cookie');
    assert.match(cookie, /^tertulia_session=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    assert.equal(login.data.mustChangePassword, true);
    const session = { cookie: cookie.split(';')[0], csrf: login.data.csrfToken };
    const blocked = await as(server, session, '/api/v1/contacts');
    assert.equal(blocked.status, 403);
    assert.match(blocked.data.detail, /one-time password/);
    const weak = await as(server, session, '/api/v1/session/password', { method: 'PUT', json: { currentPassword: password, newPassword: '1234567890' } });
    assert.equal(weak.status, 400);
    assert.equal(weak.data.errors[0].field, 'newPassword');
    const changed = await as(server, session, '/api/v1/session/password', { method: 'PUT', json: { currentPassword: password, newPassword: 'una clave bastante larga' } });
    assert.equal(changed.status, 204, changed.text);
    assert.equal((await as(server, session, '/api/v1/contacts')).status, 200);
    password = 'una clave bastante larga';
  });

  test('unsafe methods need the CSRF token of the session', async () => {
    const session = await signIn(server, 'ana@example.com', password);
    const json = { firstName: 'Forged' };
    assert.equal((await as(server, session, '/api/v1/contacts', { method: 'POST', json, headers: { 'x-csrf-token': '' } })).status, 403);
    assert.equal((await as(server, session, '/api/v1/contacts', { method: 'POST', json, headers: { 'x-csrf-token': 'x'.repeat(43) } })).status, 403);
    const forged = await api(server, '/api/v1/contacts', { method: 'POST', json, headers: { cookie: session.cookie } });
    assert.equal(forged.status, 403);
    assert.match(forged.data.detail, /X-CSRF-Token/);
    assert.equal((await as(server, session, '/api/v1/contacts', { method: 'POST', json })).status, 201);
    const list = await as(server, session, '/api/v1/contacts');
    assert.equal(list.data.items.filter((c) => c.firstName === 'Forged').length, 1);
  });

  test('logout ends the session, and an idle session expires', async () => {
    const session = await signIn(server, 'ana@example.com', password);
    assert.equal((await as(server, session, '/api/v1/session', { method: 'DELETE' })).status, 204);
    assert.equal((await as(server, session, '/api/v1/contacts')).status, 401);
    const idle = await signIn(server, 'ana@example.com', password);
    assert.equal((await as(server, idle, '/api/v1/session')).status, 200);
    await sleep(2200);
    assert.equal((await as(server, idle, '/api/v1/session')).status, 401);
  });

  test('repeated wrong passwords get 429 per account, then per address', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i += 1) {
      const res = await api(server, '/api/v1/session', { method: 'POST', key: null, json: { email: 'ana@example.com', password: `guess-${i}` } });
      statuses.push(res.status);
      if (res.status === 429) assert.ok(Number(res.headers.get('retry-after')) > 0);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429]);
    // Even the right password waits: the account is locked for the window.
    const right = await api(server, '/api/v1/session', { method: 'POST', key: null, json: { email: 'ana@example.com', password } });
    assert.equal(right.status, 429);
    // Spraying other accounts from the same address hits the address limit (12 here).
    const spray = [];
    for (let i = 0; i < 8; i += 1) {
      const res = await api(server, '/api/v1/session', { method: 'POST', key: null, json: { email: `nobody${i}@example.com`, password: 'x' } });
      spray.push(res.status);
    }
    // 5 failures above and 7 here make 12: the 8th attempt waits.
    assert.deepEqual(spray, [401, 401, 401, 401, 401, 401, 401, 429]);
  });

  test('API keys: shown once, scoped, revocable, with their last use', async () => {
    const created = await api(server, '/api/v1/keys', { method: 'POST', json: { name: 'reports', scope: 'read', personal: false } });
    assert.equal(created.status, 201, created.text);
    const { secret, id } = created.data;
    assert.match(secret, /^tta_/);
    assert.equal(created.data.prefix, secret.slice(0, 10));
    const listed = await api(server, '/api/v1/keys');
    const row = listed.data.items.find((k) => k.id === id);
    assert.ok(row && !('secret' in row));
    assert.equal((await api(server, '/api/v1/contacts', { key: secret })).status, 200);
    const write = await api(server, '/api/v1/contacts', { method: 'POST', key: secret, json: { firstName: 'X' } });
    assert.equal(write.status, 403);
    assert.match(write.data.detail, /scope read/);
    const used = (await api(server, '/api/v1/keys')).data.items.find((k) => k.id === id);
    assert.ok(used.lastUsedAt, 'last use recorded');
    assert.equal((await api(server, `/api/v1/keys/${id}`, { method: 'DELETE' })).status, 200);
    assert.equal((await api(server, '/api/v1/contacts', { key: secret })).status, 401);
    assert.equal((await api(server, '/api/v1/contacts', { key: 'tta_not-a-key' })).status, 401);
    const writeKey = await api(server, '/api/v1/keys', { method: 'POST', json: { kind: 'write', name: 'web', source: 'website' } });
    assert.equal(writeKey.status, 201, writeKey.text);
    assert.match(writeKey.data.secret, /^ttw_/);
    assert.equal((await api(server, '/api/v1/contacts', { key: writeKey.data.secret })).status, 401);
  });
});

// Strings that break naive SQL, HTML and templates; each must come back exactly as sent.
const HOSTILE = [
  "Robert'); DROP TABLE contact;--",
  '" OR "1"="1',
  "' UNION SELECT password_hash FROM app_user --",
  '<script>alert(document.cookie)</script>',
  '<img src=x onerror=alert(1)>',
  '{{7*7}} ${7*7} <%= 7*7 %>',
  '../../../../etc/passwd',
  'NEAR(a b) OR "* AND title:x',
];

describe('hostile input', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server.cleanup(); });

  test('SQL injection and XSS payloads are stored and returned inert in every text field', async () => {
    for (const payload of HOSTILE) {
      const company = await created(server, '/api/v1/companies', { name: payload, industry: payload, segment: payload, city: payload });
      const contact = await created(server, '/api/v1/contacts', {
        firstName: payload, lastName: payload, title: payload, city: payload, leadStatus: undefined, companyId: company.id,
      });
      const note = await created(server, '/api/v1/notes', { body: payload, recordType: 'contact', recordId: contact.id });
      const call = await created(server, '/api/v1/interactions', {
        channel: 'call', direction: 'inbound', occurredAt: '2026-11-01T10:00:00Z', subject: payload, body: payload, outcome: payload,
        participants: [{ type: 'contact', id: contact.id }],
      });
      const task = await created(server, '/api/v1/tasks', { title: payload, linkedRecord: { type: 'contact', id: contact.id } });
      const read = await api(server, `/api/v1/contacts/${contact.id}`);
      assert.match(read.headers.get('content-type'), /^application\/json/);
      for (const field of ['firstName', 'lastName', 'title', 'city']) assert.equal(read.data[field], payload, field);
      assert.equal((await api(server, `/api/v1/companies/${company.id}`)).data.name, payload);
      assert.equal((await api(server, `/api/v1/notes/${note.id}`)).data.body, payload);
      assert.equal((await api(server, `/api/v1/interactions/${call.id}`)).data.body, payload);
      assert.equal((await api(server, `/api/v1/tasks/${task.id}`)).data.title, payload);
      const search = await api(server, `/api/v1/search?q=${encodeURIComponent(payload)}`);
      assert.equal(search.status, 200, `search ${payload}: ${search.text}`);
      const filtered = await api(server, `/api/v1/contacts?tag=${encodeURIComponent(payload)}&sort=name`);
      assert.equal(filtered.status, 200);
    }
    const all = await api(server, '/api/v1/contacts?limit=500');
    assert.equal(all.data.items.length, HOSTILE.length, 'the contact table is intact');
  });

  test('oversized fields are refused naming the field; oversized bodies get 413', async () => {
    const long = await api(server, '/api/v1/contacts', { method: 'POST', json: { firstName: 'x'.repeat(5000) } });
    assert.equal(long.status, 400);
    assert.equal(long.data.errors[0].field, 'firstName');
    const huge = await api(server, '/api/v1/notes', { method: 'POST', json: { body: 'x'.repeat(2 * 1024 * 1024), recordType: 'contact', recordId: FAKE_ID } });
    assert.equal(huge.status, 413, huge.text);
  });

  test('path traversal never reaches outside the web root', async () => {
    for (const path of ['/../../etc/passwd', '/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/static/..%5c..%5cetc/passwd']) {
      const socket = await openSocket(server.port);
      const reply = readUntilClose(socket);
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      const text = (await reply).toString();
      assert.match(text, /^HTTP\/1\.1 (400|404)/, `${path}: ${text.slice(0, 80)}`);
      assert.doesNotMatch(text, /root:x:0:0/);
    }
  });

  test('every response carries the security headers', async () => {
    for (const path of ['/healthz', '/api/v1/contacts', '/nothing-here']) {
      const res = await api(server, path);
      assert.match(res.headers.get('content-security-policy'), /default-src 'self'.*frame-ancestors 'none'/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
    }
  });
});

describe('audit log, consent, export and erasure', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server.cleanup(); });

  test('each kind of change is audited, with who, when, where and the fields before and after', async () => {
    const user = await addUser(server, 'eva@example.com', 'manager');
    const session = await signIn(server, 'eva@example.com', user.oneTimePassword);
    await api(server, '/api/v1/session', { method: 'POST', key: null, json: { email: 'eva@example.com', password: 'wrong password' } });
    const contact = (await as(server, session, '/api/v1/contacts', { method: 'POST', json: { firstName: 'Lucía', city: 'Soria' } })).data;
    assert.equal((await as(server, session, `/api/v1/contacts/${contact.id}`, { method: 'PATCH', json: { city: 'Teruel' } })).status, 200);
    assert.equal((await as(server, session, `/api/v1/contacts/${contact.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await as(server, session, `/api/v1/contacts/${contact.id}/restore`, { method: 'POST' })).status, 200);
    assert.equal((await as(server, session, `/api/v1/contacts/${contact.id}/consent/email_marketing`, { method: 'PUT', json: { status: 'granted', legalBasis: 'consent', source: 'web form' } })).status, 200);
    assert.equal((await as(server, session, `/api/v1/contacts/${contact.id}/export`)).status, 200);
    const key = (await as(server, session, '/api/v1/keys', { method: 'POST', json: { name: 'mine', scope: 'read' } })).data;
    assert.equal((await as(server, session, `/api/v1/keys/${key.id}`, { method: 'DELETE' })).status, 200);
    assert.equal((await as(server, session, '/api/v1/session', { method: 'DELETE' })).status, 204);

    const history = await api(server, `/api/v1/audit?recordId=${contact.id}`);
    assert.deepEqual(history.data.items.map((e) => e.action).reverse(), ['create', 'update', 'delete', 'restore', 'consent', 'export']);
    const update = history.data.items.find((e) => e.action === 'update');
    assert.deepEqual(update.changes, { city: ['Soria', 'Teruel'] });
    assert.equal(update.actorType, 'user');
    assert.equal(update.actorId, user.id);
    assert.equal(update.ip, '127.0.0.1');
    assert.ok(update.requestId && update.occurredAt);
    for (const action of ['login', 'login_failed', 'logout', 'key_create', 'key_revoke', 'password']) {
      const entries = await api(server, `/api/v1/audit?action=${action}`);
      assert.ok(entries.data.items.some((e) => e.actorId === user.id || e.recordId === user.id), `no ${action} entry: ${entries.text}`);
    }
    // The owner can read the history of their record, but not the whole log; nobody can edit it.
    const eva = await signIn(server, 'eva@example.com', 'a-long-enough-secret', 'another-long-secret');
    assert.equal((await as(server, eva, `/api/v1/audit?recordId=${contact.id}`)).status, 200);
    assert.equal((await as(server, eva, '/api/v1/audit')).status, 403);
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      assert.equal((await api(server, '/api/v1/audit', { method, json: {} })).status, 405);
    }
  });

  test('consent is per purpose with status, source, time and legal basis', async () => {
    const contact = await created(server, '/api/v1/contacts', { firstName: 'Pau' });
    const none = await api(server, `/api/v1/contacts/${contact.id}/consent`);
    assert.deepEqual(none.data.items.map((c) => [c.purpose, c.status]), [
      ['email_marketing', 'unknown'], ['phone', 'unknown'], ['tracking', 'unknown'], ['profiling', 'unknown']]);
    const noBasis = await api(server, `/api/v1/contacts/${contact.id}/consent/tracking`, { method: 'PUT', json: { status: 'denied' } });
    assert.equal(noBasis.status, 400);
    assert.equal(noBasis.data.errors[0].field, 'legalBasis');
    const bad = await api(server, `/api/v1/contacts/${contact.id}/consent/spam`, { method: 'PUT', json: { status: 'granted', legalBasis: 'consent' } });
    assert.equal(bad.status, 400);
    const denied = await api(server, `/api/v1/contacts/${contact.id}/consent/tracking`, {
      method: 'PUT', json: { status: 'denied', legalBasis: 'consent', source: 'cookie banner' },
    });
    assert.equal(denied.status, 200, denied.text);
    assert.equal(denied.data.status, 'denied');
    assert.ok(denied.data.recordedAt);
    const now = await api(server, `/api/v1/contacts/${contact.id}/consent`);
    assert.equal(now.data.items.find((c) => c.purpose === 'tracking').source, 'cookie banner');
  });

  test('export holds everything about the person; erase leaves nothing of them in the database files', async () => {
    const email = 'eulalia.quintanilla@erase-me.example';
    const company = await created(server, '/api/v1/companies', { name: 'Conservas Ribera' });
    const person = await created(server, '/api/v1/contacts', {
      firstName: 'Eulalia', lastName: 'Quintanilla', emails: [email], phones: ['+34 600 111 222'],
      tags: ['quintanilla-vip'], companyId: company.id, socialProfiles: [{ network: 'twitter', handle: 'eulaliaq' }],
    });
    const friend = await created(server, '/api/v1/contacts', { firstName: 'Roque', lastName: 'Amigo' });
    await api(server, `/api/v1/contacts/${person.id}`, { method: 'PATCH', json: { title: 'Directora Quintanilla' } });
    const call = await created(server, '/api/v1/interactions', {
      channel: 'call', direction: 'outbound', occurredAt: '2026-10-01T09:00:00Z', subject: 'Llamada con Eulalia Quintanilla',
      body: `Escribir a ${email}`, participants: [{ type: 'contact', id: person.id }, { type: 'contact', id: friend.id }], companyId: company.id,
    });
    await created(server, '/api/v1/notes', { body: 'Quintanilla prefiere las mañanas', recordType: 'contact', recordId: person.id });
    await created(server, '/api/v1/tasks', { title: 'Enviar oferta a Quintanilla', linkedRecord: { type: 'contact', id: person.id } });
    await created(server, '/api/v1/relationships', { fromContactId: person.id, toContactId: friend.id, kind: 'friend' });
    await api(server, `/api/v1/contacts/${person.id}/consent/email_marketing`, { method: 'PUT', json: { status: 'granted', legalBasis: 'consent' } });
    const form = new FormData();
    form.append('recordType', 'contact');
    form.append('recordId', person.id);
    form.append('file', new Blob([`Contrato de ${email}`], { type: 'text/plain' }), 'contrato-quintanilla.txt');
    const uploaded = await api(server, '/api/v1/documents', { method: 'POST', body: form });
    assert.equal(uploaded.status, 201, uploaded.text);
    // Tracked events: an anonymous visit, then identify (which adopts it) and a purchase.
    const writeKey = createKey(server.db, ['--kind', 'write', '--source', 'web']);
    const tracked = await fetch(`${server.url}/v1/batch`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ writeKey, batch: [
        { type: 'page', anonymousId: 'anon-eulalia', properties: { title: 'Quintanilla landing' } },
        { type: 'identify', anonymousId: 'anon-eulalia', userId: 'eulalia-7', traits: { email } },
        { type: 'track', userId: 'eulalia-7', event: 'Order Completed', properties: { note: 'quintanilla-order' } }] }),
    });
    assert.equal(tracked.status, 200, await tracked.text());
    const batch = await api(server, '/api/v1/contacts/batch', { method: 'POST', json: { contacts: [{ firstName: 'Otra' }] }, headers: { 'idempotency-key': 'k1' } });
    assert.equal(batch.status, 200);

    const exported = await api(server, `/api/v1/contacts/${person.id}/export`);
    assert.equal(exported.status, 200, exported.text);
    assert.match(exported.headers.get('content-disposition'), /attachment/);
    const data = exported.data;
    assert.equal(data.contact.emails[0].address, email);
    assert.equal(data.interactions.length, 1);
    assert.equal(data.notes.length, 1);
    assert.equal(data.tasks.length, 1);
    assert.equal(data.relationships.length, 1);
    assert.equal(data.consent.length, 1);
    assert.deepEqual(data.events.map((e) => e.type), ['page', 'identify', 'track']);
    assert.equal(data.events[2].message.properties.note, 'quintanilla-order');
    for (const key of ['mentions', 'scores']) assert.deepEqual(data[key], []);
    assert.deepEqual(data.documents.map((d) => d.fileName), ['contrato-quintanilla.txt']);
    const actions = data.audit.map((e) => `${e.recordType}:${e.action}`);
    for (const expected of ['contact:create', 'contact:update', 'contact:consent', 'interaction:create', 'note:create', 'task:create', 'relationship:create']) {
      assert.ok(actions.includes(expected), `export lacks ${expected}: ${actions}`);
    }

    const erased = await api(server, `/api/v1/contacts/${person.id}/erase`, { method: 'POST' });
    assert.equal(erased.status, 200, erased.text);
    assert.deepEqual(erased.data, { erased: true, interactions: 1, notes: 1, tasks: 1, relationships: 1, documents: 1, events: 3 });
    assert.deepEqual((await api(server, '/api/v1/events?limit=500')).data.items.filter((e) => /eulalia/.test(JSON.stringify(e))), []);
    assert.equal((await api(server, `/api/v1/documents/${uploaded.data.id}/content`)).status, 404);
    assert.equal((await api(server, `/api/v1/contacts/${person.id}`)).status, 404);
    assert.equal((await api(server, `/api/v1/interactions/${call.id}`)).status, 404);
    assert.deepEqual((await api(server, '/api/v1/search?q=quintanilla')).data.items, []);
    assert.deepEqual((await api(server, `/api/v1/contacts?email=${encodeURIComponent(email)}`)).data.items, []);
    assert.deepEqual((await api(server, `/api/v1/companies/${company.id}/timeline`)).data.items, []);
    assert.equal((await api(server, `/api/v1/contacts/${friend.id}`)).status, 200, 'other people stay');
    const trail = await api(server, `/api/v1/audit?recordId=${person.id}`);
    assert.equal(trail.data.items[0].action, 'erase');
    assert.ok(trail.data.items.slice(1).every((e) => JSON.stringify(e.changes) === '{"redacted":true}' || e.changes === null), trail.text);
    assert.doesNotMatch(trail.text, /Quintanilla|Eulalia|erase-me/);

    // The database files, write-ahead log included, and the file store, as bytes: nothing of
    // the person.
    const dir = dirname(server.db);
    const files = readdirSync(dir).filter((f) => f.startsWith(basename(server.db)))
      .concat(readdirSync(join(dir, 'files'), { recursive: true }).map((f) => join('files', f)))
      .filter((f) => !f.startsWith('files') || f.split('/').length === 4);
    assert.ok(files.length >= 1);
    for (const file of files) {
      const bytes = readFileSync(join(dir, file));
      for (const needle of [email, 'Quintanilla', 'quintanilla', 'Eulalia', 'eulalia', '600 111 222', 'eulaliaq', 'eulalia-7', 'anon-eulalia']) {
        assert.equal(bytes.indexOf(Buffer.from(needle)), -1, `${file} still holds "${needle}"`);
      }
    }
    const refused = await api(server, `/api/v1/contacts/${friend.id}/erase`, { method: 'POST', key: null });
    assert.equal(refused.status, 401);
  });
});

describe('HTTPS', () => {
  test('serve --tls-cert --tls-key speaks TLS, with HSTS and Secure cookies', async () => {
    const { execFileSync } = await import('node:child_process');
    const https = await import('node:https');
    const { tempDir } = await import('./lib/server.mjs');
    const dir = tempDir();
    const cert = join(dir, 'cert.pem');
    const keyFile = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', cert,
      '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const server = await startServer({ dir, args: ['--tls-cert', cert, '--tls-key', keyFile] });
    try {
      assert.match(server.url, /^https:/);
      const ca = readFileSync(cert);
      const request = (path, options = {}, body) => new Promise((resolve, reject) => {
        const req = https.request(`${server.url}${path}`, { ca, ...options }, (res) => {
          let text = '';
          res.on('data', (c) => { text += c; });
          res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text }));
        });
        req.on('error', reject);
        req.end(body);
      });
      const health = await request('/healthz');
      assert.equal(health.status, 200);
      assert.match(health.headers['strict-transport-security'], /max-age=\d+/);
      const user = JSON.parse((await request('/api/v1/users', {
        method: 'POST', headers: { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' },
      }, JSON.stringify({ email: 'tls@example.com', name: 'TLS', role: 'rep' }))).text);
      const login = await request('/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' } },
        JSON.stringify({ email: 'tls@example.com', password: user.oneTimePassword }));
      assert.equal(login.status, 201, login.text);
      assert.match(login.headers['set-cookie'][0], /; Secure$/);
      // Plain HTTP on the TLS port gets nowhere.
      await assert.rejects(fetch(server.url.replace('https:', 'http:') + '/healthz'));
    } finally {
      await server.cleanup();
    }
  });
});

describe('operator commands', () => {
  test('user ensure-admin, user add, user reset-password and key create', async () => {
    const { runCli, tempDir } = await import('./lib/server.mjs');
    const db = join(tempDir(), 'ops.db');
    const first = runCli(['user', 'ensure-admin', '--db', db]);
    assert.equal(first.status, 0, first.stderr);
    const otp = first.stdout.match(/Sign in as admin@tertulia\.local with the one-time password (\S+)/)[1];
    const again = runCli(['user', 'ensure-admin', '--db', db]);
    assert.equal(again.stdout, '', 'the admin is not recreated while its one-time password stands');
    const added = runCli(['user', 'add', '--db', db, '--email', 'ops@example.com', '--role', 'manager']);
    assert.equal(added.status, 0, added.stderr);
    assert.match(added.stdout, /^[a-z0-9-]{23}\n$/, 'the password alone on stdout');
    const badRole = runCli(['user', 'add', '--db', db, '--email', 'x@example.com', '--role', 'boss']);
    assert.equal(badRole.status, 2);
    assert.match(badRole.stderr, /--role/);
    const taken = runCli(['user', 'add', '--db', db, '--email', 'ops@example.com']);
    assert.equal(taken.status, 1);
    assert.equal(runCli(['key', 'create', '--db', db, '--kind', 'api', '--name', 'x']).status, 2);
    assert.equal(runCli(['key', 'create', '--db', db, '--kind', 'write']).status, 2);
    const write = runCli(['key', 'create', '--db', db, '--kind', 'write', '--source', 'website']);
    assert.match(write.stdout, /^ttw_[A-Za-z0-9_-]{43}\n$/);
    const reset = runCli(['user', 'reset-password', '--db', db, '--email', 'ops@example.com']);
    assert.equal(reset.status, 0, reset.stderr);
    const server = await startServer({ db, dir: dirname(db) });
    try {
      const session = await signIn(server, 'admin@tertulia.local', otp);
      assert.equal(session.user.role, 'admin');
      const opsLogin = await api(server, '/api/v1/session', { method: 'POST', key: null, json: { email: 'ops@example.com', password: reset.stdout.trim() } });
      assert.equal(opsLogin.status, 201, 'the reset password works');
      const oldLogin = await api(server, '/api/v1/session', { method: 'POST', key: null, json: { email: 'ops@example.com', password: added.stdout.trim() } });
      assert.equal(oldLogin.status, 401, 'the first one does not');
    } finally {
      await server.cleanup();
    }
  });
});

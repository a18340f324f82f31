// Real traffic replayed through the tracking API: the first three hours of the REES46 store log
// (17,434 events of 4,504 users) as page and track calls. Sessions (30 minutes of inactivity end
// one), cart adds and purchases per user must equal what the sqlite3 command line computes from
// the raw CSV, independently of Tertulia.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, createKey } from './lib/server.mjs';

const DATA_DIRS = [process.env.TERTULIA_DATA_DIR, join(process.env.TERTULIA_SOURCE_DIR, '..', 'shared', 'data'), '/work/shared/data'];
const FILE = join('ecommerce-events', 'rees46_2019-Oct_first17434.csv');
const DATA = DATA_DIRS.find((d) => d && existsSync(join(d, FILE)));
if (!DATA) throw new Error(`the REES46 data set is in none of ${DATA_DIRS.filter(Boolean).join(', ')}`);
const CSV = join(DATA, FILE);

// event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session
function rows() {
  return readFileSync(CSV, 'utf8').trim().split('\n').slice(1).map((line, i) => {
    const [time, type, productId, categoryId, categoryCode, brand, price, userId, session] = line.split(',');
    return { n: i + 1, time, type, productId, categoryId, categoryCode, brand, price: Number(price), userId, session };
  });
}

function toMessage(row) {
  const common = { userId: row.userId, messageId: `rees46-${row.n}`, timestamp: `${row.time.slice(0, 10)}T${row.time.slice(11, 19)}Z` };
  const product = { product_id: row.productId, category: row.categoryCode || undefined, brand: row.brand || undefined, price: row.price };
  if (row.type === 'view') {
    return { ...common, type: 'page', name: 'Product', properties: { ...product, url: `https://shop.example/p/${row.productId}`, title: row.brand || 'Product' } };
  }
  if (row.type === 'cart') return { ...common, type: 'track', event: 'Product Added', properties: product };
  return { ...common, type: 'track', event: 'Order Completed', properties: { ...product, revenue: row.price, currency: 'USD' } };
}

// Per user: sessions, cart adds and purchases, by sqlite3 on the CSV.
function expectedByUser() {
  // Dot commands must start their line.
  const sql = [
    `.import --csv ${CSV} rees46`,
    `WITH t AS (SELECT user_id, event_type, unixepoch(substr(event_time, 1, 19)) AS ts FROM rees46),
     g AS (SELECT user_id, event_type, ts - lag(ts) OVER (PARTITION BY user_id ORDER BY ts) AS gap FROM t)
     SELECT user_id, sum(gap IS NULL OR gap > 1800), sum(event_type = 'cart'), sum(event_type = 'purchase'), count(*)
     FROM g GROUP BY user_id;`,
  ].join('\n');
  const out = execFileSync('sqlite3', ['-csv', ':memory:'], { input: sql, encoding: 'utf8' });
  const byUser = new Map();
  for (const line of out.trim().split('\n')) {
    const [user, sessions, carts, purchases, events] = line.split(',').map((v, i) => (i ? Number(v) : v));
    byUser.set(user, { sessions, carts, purchases, events });
  }
  return byUser;
}

let server;
let writeKey;
before(async () => {
  server = await startServer();
  writeKey = createKey(server.db, ['--kind', 'write', '--source', 'rees46-replay']);
});
after(async () => { await server.cleanup(); });

test('the REES46 log replayed: sessions, cart adds and purchases per user equal the CSV', async () => {
  const messages = rows().map(toMessage);
  assert.equal(messages.length, 17434);
  const batches = [];
  for (let i = 0; i < messages.length; i += 500) batches.push(messages.slice(i, i + 500));
  const auth = `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;
  const send = async (batch) => {
    const res = await fetch(`${server.url}/v1/batch`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ batch }) });
    assert.equal(res.status, 200, await res.text());
  };
  for (let i = 0; i < batches.length; i += 2) await Promise.all(batches.slice(i, i + 2).map(send));

  const stats = (await api(server, '/api/v1/events/stats')).data.items;
  const count = (type) => stats.filter((s) => s.type === type).reduce((sum, s) => sum + s.count, 0);
  assert.equal(count('page'), 17055);
  assert.equal(count('track'), 379);

  const expected = expectedByUser();
  assert.equal(expected.size, 4504, "users in the log (the data set README rounds it to 4,505)");
  // The 60 busiest users, and every 25th of the rest: ~240 people checked one by one.
  const users = [...expected.entries()].sort((a, b) => b[1].events - a[1].events || a[0].localeCompare(b[0]));
  const sample = [...users.slice(0, 60), ...users.slice(60).filter((_, i) => i % 25 === 0)];
  let sessions = 0;
  for (const [user, want] of sample) {
    const res = await api(server, `/api/v1/sessions?userId=${user}`);
    assert.equal(res.status, 200, res.text);
    const got = res.data.items;
    const sum = (field) => got.reduce((total, s) => total + s[field], 0);
    assert.deepEqual({ sessions: got.length, carts: sum('cartAdds'), purchases: sum('orders') },
      { sessions: want.sessions, carts: want.carts, purchases: want.purchases }, `user ${user}`);
    assert.equal(got.filter((s) => s.converted).length, got.filter((s) => s.orders > 0).length);
    sessions += got.length;
  }
  assert.ok(sessions > sample.length, 'some users came back after half an hour');
  // A visit's pages carry their URLs and dwell until the next touch.
  const busiest = (await api(server, `/api/v1/sessions?userId=${users[0][0]}`)).data.items.at(-1);
  assert.match(busiest.entryPage, /^https:\/\/shop\.example\/p\/\d+$/);
  assert.ok(busiest.pages.slice(0, -1).every((p) => p.dwellMs >= 0));
});

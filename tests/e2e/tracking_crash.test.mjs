// Crash safety of the tracking API: the server is killed with SIGKILL in the middle of sustained
// batch ingestion. After a restart on the same database, every messageId that was acknowledged
// with 200 is stored exactly once, and clients retrying everything (acknowledged or not, as
// Segment's libraries do after a lost response) leave exactly one row per messageId.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { startServer, createKey, tempDir } from './lib/server.mjs';

const SENDERS = 4;
const BATCH = 50;
const INGEST_MS = 2_000;

const dir = tempDir('tertulia-crash-');
const servers = [];
after(async () => {
  for (const server of servers) await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

function message(id, sender) {
  return {
    type: 'track',
    messageId: id,
    anonymousId: `crash-visitor-${sender}`,
    event: 'Crash Test Event',
    properties: { sender, pad: 'x'.repeat(64) },
    timestamp: new Date().toISOString(),
  };
}

function postBatch(server, writeKey, batch) {
  return fetch(`${server.url}/v1/batch`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`,
    },
    body: JSON.stringify({ batch, sentAt: new Date().toISOString() }),
  });
}

// The stored events, read straight from the database: messageId -> number of rows.
function storedCounts(db) {
  const result = spawnSync('sqlite3', ['-batch', db, 'SELECT message_id, count(*) FROM event GROUP BY 1'],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  assert.equal(result.status, 0, result.stderr);
  const counts = new Map();
  for (const line of result.stdout.split('\n')) {
    if (!line) continue;
    const cut = line.lastIndexOf('|');
    counts.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return counts;
}

test('acknowledged events survive SIGKILL and retries store each message once', { timeout: 60_000 }, async () => {
  const first = await startServer({ dir });
  servers.push(first);
  const writeKey = createKey(first.db, ['--kind', 'write', '--source', 'crash-test']);

  // Every message each sender ever built, in order, and those answered 200.
  const sent = [];
  const acked = new Set();
  const statuses = new Map();
  let inFlight = 0;
  let killed = false;

  async function sender(n) {
    for (let b = 0; !killed; b++) {
      const batch = [];
      for (let i = 0; i < BATCH; i++) batch.push(message(`crash-${n}-${b}-${i}`, n));
      sent.push(...batch);
      inFlight++;
      let response;
      let text;
      try {
        response = await postBatch(first, writeKey, batch);
        text = await response.text();
      } catch (error) {
        // The connection died with the server: these messages were not acknowledged.
        if (!killed) throw error;
        continue;
      } finally {
        inFlight--;
      }
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status === 200) {
        assert.deepEqual(JSON.parse(text), { success: true });
        for (const m of batch) acked.add(m.messageId);
      } else {
        assert.equal(response.status, 429, text); // only a full queue may refuse a valid batch
      }
    }
  }

  const loops = Array.from({ length: SENDERS }, (_, n) => sender(n));
  await new Promise((resolve) => setTimeout(resolve, INGEST_MS));
  const inFlightAtKill = inFlight;
  // The batches in flight may all have been answered by the time the kill lands; one more, sent
  // as it lands, is never answered, so some messages are certainly left unacknowledged.
  const last = Array.from({ length: BATCH }, (_, i) => message(`crash-last-${i}`, 0));
  sent.push(...last);
  const lastAnswer = postBatch(first, writeKey, last).then((response) => response.status, () => null);
  killed = true;
  first.child.kill('SIGKILL');
  const { signal } = await first.exited;
  await Promise.all(loops);
  if ((await lastAnswer) === 200) for (const m of last) acked.add(m.messageId);
  assert.equal(signal, 'SIGKILL');
  assert.ok(inFlightAtKill > 0, 'the kill lands while requests are in flight');
  assert.ok(acked.size >= BATCH, `some batches were acknowledged before the kill (${JSON.stringify([...statuses])})`);
  const unacked = sent.filter((m) => !acked.has(m.messageId));
  assert.ok(unacked.length > 0, 'some messages were never acknowledged');

  // After the crash: every acknowledged message is there exactly once, nothing unknown is.
  const second = await startServer({ dir, auth: false });
  servers.push(second);
  const afterCrash = storedCounts(second.db);
  const sentIds = new Set(sent.map((m) => m.messageId));
  for (const id of acked) assert.equal(afterCrash.get(id), 1, `acknowledged ${id} is stored once`);
  for (const [id, count] of afterCrash) {
    assert.ok(sentIds.has(id), `${id} was sent`);
    assert.equal(count, 1, `${id} is stored once`);
  }

  // Clients retry everything, acknowledged or not, in batches as large as the API allows.
  const RETRY_BATCH = 500;
  const retries = [];
  for (let i = 0; i < sent.length; i += RETRY_BATCH) retries.push(sent.slice(i, i + RETRY_BATCH));
  const retryLoops = Array.from({ length: SENDERS }, async () => {
    for (let batch = retries.shift(); batch; batch = retries.shift()) {
      for (;;) {
        const response = await postBatch(second, writeKey, batch);
        const text = await response.text();
        if (response.status === 429) { // the writer's queue is full: back off, as clients do
          await new Promise((resolve) => setTimeout(resolve, 50));
          continue;
        }
        assert.equal(response.status, 200, text);
        break;
      }
    }
  });
  await Promise.all(retryLoops);

  const afterRetry = storedCounts(second.db);
  assert.equal(afterRetry.size, sentIds.size, 'every message sent is stored');
  for (const id of sentIds) assert.equal(afterRetry.get(id), 1, `${id} is stored exactly once`);
  const duplicates = spawnSync('sqlite3', ['-batch', second.db,
    'SELECT message_id, count(*) FROM event GROUP BY workspace_id, message_id HAVING count(*) > 1'],
  { encoding: 'utf8' });
  assert.equal(duplicates.status, 0, duplicates.stderr);
  assert.equal(duplicates.stdout, '', 'no messageId is stored twice');
  console.log(`sent ${sent.length}, acknowledged ${acked.size} before SIGKILL, ` +
    `${afterCrash.size} stored after the crash, ${inFlightAtKill} requests in flight at the kill`);
});

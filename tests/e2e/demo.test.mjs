// `tertulia demo` end to end: a realistic, deterministic workspace, served over HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { runCli, startServer, api, tempDir } from './lib/server.mjs';

const sql = (db, query) => execFileSync('sqlite3', [db, query], { encoding: 'utf8' }).trim();

test('the demo is deterministic, realistic and refuses to load twice', async () => {
  const dir = tempDir();
  const first = join(dir, 'a.db');
  const second = join(dir, 'b.db');
  const args = ['--contacts', '300', '--seed', '7', '--anchor', '2026-06-30'];
  const run = runCli(['demo', '--db', first, ...args]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /Demo workspace loaded in [\d.]+ s: 300 contacts, 30 companies, 8 users/);
  assert.match(run.stderr, /contacts\s+100%/, 'a progress report');
  // The index builds at the end report each index, and the search index its merge and copy.
  assert.match(run.stderr, /indexes\s+100%\s+(\d+)\/\1\s+[\d.]+ s\n/, 'a few long steps show their time, not 0/s');
  assert.match(run.stderr, /search index\s+100%\s+2\/2\s/);
  // One stage after the other (regression: the generating thread announced a stage while the
  // writing thread still reported the one before, and the lines came interleaved).
  const stages = run.stderr.split('\n').map((line) => line.match(/^([a-z][a-z ]*?)\s+\d+%/)?.[1]).filter(Boolean);
  const blocks = stages.filter((stage, i) => stage !== stages[i - 1]);
  assert.deepEqual(blocks, [...new Set(blocks)], `stages in blocks: ${blocks.join(', ')}`);
  assert.deepEqual(blocks.slice(0, 2), ['companies', 'contacts']);
  assert.equal(runCli(['demo', '--db', second, ...args]).status, 0);

  // Same seed and anchor: the same data, ids included.
  const fingerprint = (db) => sql(db, `SELECT group_concat(id || first_name || last_name || emails, ',') FROM (SELECT * FROM contact ORDER BY id)`);
  assert.equal(fingerprint(first), fingerprint(second));
  const interactions = (db) => sql(db, 'SELECT group_concat(id || channel || occurred_at, \',\') FROM (SELECT * FROM interaction ORDER BY id)');
  assert.equal(interactions(first), interactions(second));

  // Spanish and English names, several industries and channels, all within 18 months of the anchor.
  assert.ok(Number(sql(first, "SELECT COUNT(*) FROM contact WHERE country IN ('ES','MX','AR','CO','CL','PE')")) > 100);
  assert.ok(Number(sql(first, "SELECT COUNT(*) FROM contact WHERE country IN ('US','GB','IE')")) > 20);
  assert.ok(Number(sql(first, 'SELECT COUNT(DISTINCT industry) FROM company')) >= 8);
  assert.ok(Number(sql(first, 'SELECT COUNT(DISTINCT channel) FROM interaction')) >= 12);
  const [minT, maxT] = sql(first, 'SELECT MIN(occurred_at), MAX(occurred_at) FROM interaction').split('|').map(Number);
  assert.ok(maxT <= Date.parse('2026-07-01T00:00:00Z'));
  assert.ok(minT >= Date.parse('2026-07-01T00:00:00Z') - 549 * 86400e3);
  // Phones in E.164, colleagues tied inside companies, and a few well-connected people.
  assert.equal(sql(first, "SELECT COUNT(*) FROM contact WHERE phones NOT LIKE '%\"+%'"), '0');
  assert.ok(Number(sql(first, "SELECT COUNT(*) FROM relationship WHERE kind = 'colleague'")) > 100);
  const hub = Number(sql(first, "SELECT MAX(n) FROM (SELECT to_contact_id, COUNT(*) n FROM relationship WHERE kind = 'follows' GROUP BY 1)"));
  assert.ok(hub >= 5, `best-connected person has ${hub} followers`);
  // Indexes rebuilt after the bulk load.
  assert.equal(sql(first, 'SELECT COUNT(*) FROM deferred_index'), '0');
  assert.ok(sql(first, "SELECT name FROM sqlite_master WHERE name = 'contact_by_name'"));

  const again = runCli(['demo', '--db', first, ...args]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already has 300 contacts; add --force/);
  assert.equal(runCli(['demo', '--db', first, '--contacts', '5']).status, 2, 'too few contacts is a usage error');

  const server = await startServer({ dir, db: first });
  try {
    const contacts = await api(server, '/api/v1/contacts?limit=5&sort=name');
    assert.equal(contacts.data.items.length, 5);
    const someone = contacts.data.items[0];
    const found = await api(server, `/api/v1/search?q=${encodeURIComponent(someone.lastName)}`);
    assert.ok(found.data.items.some((i) => i.id === someone.id));
    const users = await api(server, '/api/v1/users');
    assert.equal(users.data.items.length, 8);
    // Three pipelines with opportunities spread over them; reports work out of the box.
    const pipelines = (await api(server, '/api/v1/pipelines')).data.items;
    assert.deepEqual(pipelines.map((p) => p.name).sort(), ['New business', 'Renewals', 'Trade fairs and events']);
    for (const pipeline of pipelines) {
      const report = await api(server, `/api/v1/reports/pipeline?pipelineId=${pipeline.id}`);
      assert.equal(report.status, 200, report.text);
      assert.ok(report.data.totals.count > 0, pipeline.name);
      assert.ok(report.data.rows.filter((r) => r.count > 0).length >= 3, `${pipeline.name} spreads over stages`);
      const board = await api(server, `/api/v1/pipelines/${pipeline.id}/board`);
      assert.equal(board.status, 200);
    }
    // Stage changes read on timelines as the service writes them: with the stage's name
    // (regression: the demo wrote the stage's key, "opened in lead").
    const stageNames = new Set(pipelines.flatMap((p) => p.stages.map((s) => s.name)));
    const opened = sql(first, "SELECT summary FROM timeline_entry WHERE kind = 'stage_change' AND summary LIKE '%: opened in %'").split('\n');
    assert.ok(opened.length > 10);
    for (const summary of opened) assert.ok(stageNames.has(summary.split(': opened in ')[1]), summary);
    // ...and carry the same facts as the service's, for the app to word in the reader's language.
    assert.equal(sql(first, "SELECT count(*) FROM timeline_entry WHERE kind IN ('stage_change', 'task') AND detail IS NULL"), '0');
    const openedDetail = JSON.parse(sql(first, "SELECT detail FROM timeline_entry WHERE kind = 'stage_change' AND summary LIKE '%: opened in %' LIMIT 1"));
    assert.equal(openedDetail.from, null);
    assert.ok(stageNames.has(openedDetail.to), JSON.stringify(openedDetail));
    assert.ok(sql(first, "SELECT name FROM sqlite_master WHERE name = 'opportunity_by_stage'"), 'sales indexes rebuilt');
    const busiest = sql(first, "SELECT subject_id FROM timeline_entry GROUP BY subject_id ORDER BY COUNT(*) DESC LIMIT 1");
    const timeline = await api(server, `/api/v1/contacts/${busiest}/timeline?limit=50`);
    if (timeline.status === 200) assert.ok(timeline.data.items.length > 0);
  } finally {
    await server.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the demo loads opportunities after its pipelines (regression: it waited forever on its own writer)', () => {
  const dir = tempDir();
  try {
    const db = join(dir, 'o.db');
    const run = runCli(['demo', '--db', db, '--contacts', '10', '--opportunities', '5001']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /5,001 opportunities in 3 pipelines/);
    assert.equal(sql(db, 'SELECT count(*) FROM opportunity'), '5001');
    assert.equal(runCli(['demo', '--db', join(dir, 'x.db'), '--opportunities', '0']).status, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

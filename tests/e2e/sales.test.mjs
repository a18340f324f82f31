// The sales process through HTTP: pipelines, opportunities moving from yes to yes with their
// history, won/lost rules, multi-currency reports, the board, stage edits; and the Maven sample
// imported and checked against figures computed independently with sqlite3 on the raw CSV.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { startServer, api, runCli, tempDir, ok } from './lib/server.mjs';

// The shared data sets sit next to the checkout (../shared/data); TERTULIA_DATA_DIR overrides.
const DATA_DIRS = [process.env.TERTULIA_DATA_DIR, join(process.env.TERTULIA_SOURCE_DIR, '..', 'shared', 'data'), '/work/shared/data'];
const DATA = DATA_DIRS.find((d) => d && existsSync(join(d, 'crm-sales-opportunities', 'sales_pipeline.csv')));
if (!DATA) throw new Error(`the Maven data set is in none of ${DATA_DIRS.filter(Boolean).join(', ')}`);
const MAVEN = join(DATA, 'crm-sales-opportunities');

describe('pipelines and opportunities', () => {
  let server;
  let pipeline;
  let contact;
  let company;
  const post = (path, json, headers) => api(server, path, { method: 'POST', json, headers });
  const get = (path) => api(server, path);

  before(async () => {
    server = await startServer();
    company = await ok(await post('/api/v1/companies', { name: 'Bodegas Arlanza', sizeBand: '51-200' }), 201);
    contact = await ok(await post('/api/v1/contacts', { firstName: 'Nuria', lastName: 'Arlanza', companyId: company.id }), 201);
  });
  after(async () => { await server.cleanup(); });

  test('a pipeline is an ordered list of stages, validated', async () => {
    const missing = await post('/api/v1/pipelines', { name: 'Nothing' });
    assert.equal(missing.status, 400);
    assert.equal(missing.data.errors[0].field, 'stages');
    const noOpen = await post('/api/v1/pipelines', { name: 'Closed', stages: [{ name: 'Won', kind: 'won', probability: 100 }] });
    assert.equal(noOpen.status, 400);
    const twice = await post('/api/v1/pipelines', { name: 'Twice', stages: [{ id: 'a', name: 'A' }, { id: 'a', name: 'B' }] });
    assert.deepEqual(twice.data.errors.map((e) => e.field), ['stages[1].id']);
    const badProbability = await post('/api/v1/pipelines', { name: 'P', stages: [{ name: 'A', probability: 120 }] });
    assert.equal(badProbability.data.errors[0].field, 'stages[0].probability');
    pipeline = await ok(await post('/api/v1/pipelines', {
      name: 'New business',
      stages: [
        { name: 'Lead', probability: 10, rotDays: 30 },
        { name: 'Propuesta enviada', probability: 50 },
        { name: 'Won', kind: 'won', probability: 100 },
        { name: 'Lost', kind: 'lost', probability: 0 },
      ],
    }), 201);
    assert.deepEqual(pipeline.stages.map((s) => s.id), ['lead', 'propuesta-enviada', 'won', 'lost']);
  });

  test('an opportunity defaults to the only pipeline and its first open stage, and moves from yes to yes', async () => {
    const created = await ok(await post('/api/v1/opportunities', {
      name: 'Arlanza: 40 barricas', amount: { value: 1250000, currency: 'EUR' }, expectedCloseDate: '2027-01-15',
      companyId: company.id, contacts: [{ contactId: contact.id, role: 'champion' }],
    }), 201);
    assert.equal(created.pipelineId, pipeline.id);
    assert.equal(created.stageId, 'lead');
    assert.equal(created.status, 'open');
    assert.equal(created.rotting, undefined);
    const read = await ok(await get(`/api/v1/opportunities/${created.id}`));
    assert.equal(read.rotting, false);

    const moved = await ok(await post(`/api/v1/opportunities/${created.id}/stage`, { stageId: 'propuesta-enviada' }, { 'if-match': '"1"' }));
    assert.equal(moved.stageId, 'propuesta-enviada');
    const stale = await post(`/api/v1/opportunities/${created.id}/stage`, { stageId: 'lead' }, { 'if-match': '"1"' });
    assert.equal(stale.status, 412);
    const unknown = await post(`/api/v1/opportunities/${created.id}/stage`, { stageId: 'nowhere' });
    assert.equal(unknown.data.errors[0].field, 'stageId');

    const noReason = await post(`/api/v1/opportunities/${created.id}/stage`, { stageId: 'lost' });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.data.errors[0].field, 'lostReason');
    const lost = await ok(await post(`/api/v1/opportunities/${created.id}/stage`, { stageId: 'lost', lostReason: 'Precio' }));
    assert.equal(lost.status, 'lost');
    assert.ok(lost.closedAt);
    const won = await ok(await post(`/api/v1/opportunities/${created.id}/stage`, { stageId: 'won' }));
    assert.equal(won.status, 'won');
    assert.equal(won.lostReason, null);

    const history = await ok(await get(`/api/v1/opportunities/${created.id}/history`));
    assert.deepEqual(history.items.map((c) => [c.fromStageId, c.toStageId]), [
      [null, 'lead'], ['lead', 'propuesta-enviada'], ['propuesta-enviada', 'lost'], ['lost', 'won']]);
    for (const subject of [`/api/v1/contacts/${contact.id}`, `/api/v1/companies/${company.id}`]) {
      const timeline = await ok(await get(`${subject}/timeline`));
      const stages = timeline.items.filter((i) => i.kind === 'stage_change');
      assert.equal(stages.length, 4, `${subject}: ${JSON.stringify(timeline.items)}`);
      assert.match(stages[0].summary, /Propuesta enviada → Lost|Lost → Won/);
      const opened = stages.find((i) => i.detail.from === null);
      assert.deepEqual(opened.detail, { opportunityId: created.id, opportunity: created.name, from: null, to: 'Lead' });
      assert.equal(opened.summary, `${created.name}: opened in Lead`);
      assert.ok(stages.some((i) => i.detail.from === 'Propuesta enviada' && i.detail.to === 'Lost'), JSON.stringify(stages));
    }
    const audit = await ok(await get(`/api/v1/audit?recordId=${created.id}`));
    assert.ok(audit.items.filter((e) => e.action === 'update' && e.changes.stageId).length >= 3);
  });

  test('reports convert every currency into the workspace currency, and refuse a missing rate', async () => {
    const board0 = await ok(await get(`/api/v1/pipelines/${pipeline.id}/board`));
    assert.equal(board0.currency, 'EUR');
    await ok(await post('/api/v1/opportunities', { name: 'USD deal', amount: { value: 200000, currency: 'USD' }, stageId: 'propuesta-enviada', expectedCloseDate: '2027-02-10' }), 201);
    await ok(await post('/api/v1/opportunities', { name: 'EUR deal', amount: { value: 300000, currency: 'EUR' }, expectedCloseDate: '2027-02-20' }), 201);
    const missing = await get(`/api/v1/reports/pipeline?pipelineId=${pipeline.id}`);
    assert.equal(missing.status, 409);
    assert.match(missing.data.detail, /USD/);
    await ok(await api(server, '/api/v1/exchange-rates/USD', { method: 'PUT', json: { rate: 0.9 } }));
    const report = await ok(await get(`/api/v1/reports/pipeline?pipelineId=${pipeline.id}`));
    assert.equal(report.currency, 'EUR');
    const byStage = Object.fromEntries(report.rows.map((r) => [r.stageId, r]));
    assert.deepEqual([byStage.lead.count, byStage.lead.amount, byStage.lead.weighted], [1, 300000, 30000]);
    assert.deepEqual([byStage['propuesta-enviada'].count, byStage['propuesta-enviada'].amount, byStage['propuesta-enviada'].weighted], [1, 180000, 90000]);
    assert.deepEqual([byStage.won.count, byStage.won.amount], [1, 1250000]);
    assert.deepEqual(report.totals, { count: 3, amount: 1730000, weighted: 1370000 });

    const forecast = await ok(await get(`/api/v1/reports/forecast?pipelineId=${pipeline.id}`));
    const feb = forecast.months.find((m) => m.month === '2027-02');
    assert.deepEqual([feb.weighted, feb.openCount], [90000 + 30000, 2]);
    assert.ok(forecast.months.some((m) => m.won === 1250000));

    const conversion = await ok(await get(`/api/v1/reports/conversion?pipelineId=${pipeline.id}`));
    assert.equal(conversion.won, 1);
    assert.equal(conversion.winRate, 1);
    assert.equal(conversion.avgDealSize, 1250000);

    const board = await ok(await get(`/api/v1/pipelines/${pipeline.id}/board?limit=10`));
    assert.deepEqual(board.columns.map((c) => [c.stage.id, c.count, c.total]), [
      ['lead', 1, 300000], ['propuesta-enviada', 1, 180000], ['won', 1, 1250000], ['lost', 0, 0]]);
    assert.equal(board.columns[0].items[0].name, 'EUR deal');
    assert.equal((await get(`/api/v1/reports/pipeline?pipelineId=${pipeline.id}&groupBy=colour`)).status, 400);
    assert.equal((await get('/api/v1/reports/pipeline')).status, 400);
  });

  test('filters and groupings of the reports', async () => {
    const user = await ok(await post('/api/v1/users', { email: 'marta@example.com', name: 'Marta', role: 'rep' }), 201);
    await ok(await post('/api/v1/opportunities', { name: 'Marta deal', ownerId: user.id, segment: 'horeca', campaignId: 'fitur-2027', amount: { value: 50000, currency: 'EUR' } }), 201);
    const mine = await ok(await get(`/api/v1/reports/pipeline?pipelineId=${pipeline.id}&ownerId=${user.id}`));
    assert.deepEqual(mine.totals, { count: 1, amount: 50000, weighted: 5000 });
    const team = await ok(await post('/api/v1/teams', { name: 'Horeca', memberIds: [user.id] }), 201);
    const byTeam = await ok(await get(`/api/v1/reports/pipeline?pipelineId=${pipeline.id}&teamId=${team.id}`));
    assert.deepEqual(byTeam.totals, mine.totals);
    assert.equal((await get(`/api/v1/reports/pipeline?pipelineId=${pipeline.id}&teamId=nope`)).data.errors[0].field, 'teamId');
    for (const [param, value] of [['segment', 'horeca'], ['campaignId', 'fitur-2027']]) {
      const filtered = await ok(await get(`/api/v1/reports/pipeline?pipelineId=${pipeline.id}&${param}=${value}`));
      assert.equal(filtered.totals.count, 1, param);
    }
    const grouped = await ok(await get(`/api/v1/reports/pipeline?pipelineId=${pipeline.id}&groupBy=owner`));
    assert.ok(grouped.rows.some((r) => r.group === user.id && r.count === 1));
    assert.ok(grouped.rows.some((r) => r.group === '' && r.count >= 1));
    const size = await ok(await get(`/api/v1/reports/pipeline?pipelineId=${pipeline.id}&groupBy=size`));
    assert.ok(size.rows.some((r) => r.group === '51-200' && r.stageId === 'won'));
    const future = await ok(await get(`/api/v1/reports/pipeline?pipelineId=${pipeline.id}&from=2030-01-01T00:00:00Z`));
    assert.equal(future.totals.count, 0);
    // The running totals follow deletes, restores and changes of amount, owner and currency.
    const all = await ok(await get(`/api/v1/reports/pipeline?pipelineId=${pipeline.id}`));
    const scanned = await ok(await get(`/api/v1/reports/pipeline?pipelineId=${pipeline.id}&from=2000-01-01T00:00:00Z`));
    assert.deepEqual(all.totals, scanned.totals, 'totals and a full scan agree');
    const deal = (await ok(await get(`/api/v1/opportunities?ownerId=${user.id}`))).items[0];
    assert.equal((await api(server, `/api/v1/opportunities/${deal.id}`, { method: 'DELETE' })).status, 204);
    const without = await ok(await get(`/api/v1/reports/pipeline?pipelineId=${pipeline.id}`));
    assert.equal(without.totals.count, all.totals.count - 1);
    await ok(await post(`/api/v1/opportunities/${deal.id}/restore`, {}));
    await ok(await api(server, `/api/v1/opportunities/${deal.id}`, { method: 'PATCH', json: { amount: { value: 70000, currency: 'USD' }, ownerId: null } }));
    const changed = await ok(await get(`/api/v1/reports/pipeline?pipelineId=${pipeline.id}`));
    const rescanned = await ok(await get(`/api/v1/reports/pipeline?pipelineId=${pipeline.id}&from=2000-01-01T00:00:00Z`));
    assert.deepEqual(changed.totals, rescanned.totals);
    assert.equal(changed.totals.amount, all.totals.amount - 50000 + 63000);
    assert.equal((await ok(await get(`/api/v1/reports/pipeline?pipelineId=${pipeline.id}&ownerId=${user.id}`))).totals.count, 0);
  });

  test('stages are renamed, reordered and added; removing one that holds opportunities needs a target', async () => {
    const current = await ok(await get(`/api/v1/pipelines/${pipeline.id}`));
    const renamed = current.stages.map((s) => (s.id === 'lead' ? { ...s, name: 'Primer contacto' } : s));
    const reordered = [renamed[1], renamed[0], { name: 'Negociación', probability: 70 }, renamed[2], renamed[3]];
    const updated = await ok(await api(server, `/api/v1/pipelines/${pipeline.id}`, { method: 'PATCH', json: { stages: reordered } }));
    assert.deepEqual(updated.stages.map((s) => s.id), ['propuesta-enviada', 'lead', 'negociacion', 'won', 'lost']);
    const without = updated.stages.filter((s) => s.id !== 'lead');
    const refused = await api(server, `/api/v1/pipelines/${pipeline.id}`, { method: 'PATCH', json: { stages: without } });
    assert.equal(refused.status, 400);
    assert.equal(refused.data.errors[0].field, 'moveOpportunities');
    const wrongKind = await api(server, `/api/v1/pipelines/${pipeline.id}`, { method: 'PATCH', json: { stages: without, moveOpportunities: { lead: 'won' } } });
    assert.equal(wrongKind.status, 400);
    const moved = await api(server, `/api/v1/pipelines/${pipeline.id}`, { method: 'PATCH', json: { stages: without, moveOpportunities: { lead: 'negociacion' } } });
    assert.equal(moved.status, 200, moved.text);
    const inLead = await ok(await get(`/api/v1/opportunities?pipelineId=${pipeline.id}&stageId=lead`));
    assert.equal(inLead.items.length, 0);
    const inNegotiation = await ok(await get(`/api/v1/opportunities?pipelineId=${pipeline.id}&stageId=negociacion`));
    assert.equal(inNegotiation.items.length, 2);
    const history = await ok(await get(`/api/v1/opportunities/${inNegotiation.items[0].id}/history`));
    assert.deepEqual(history.items.at(-1).fromStageId, 'lead');
  });

  test('an unknown pipeline and a bad currency are named together', async () => {
    const bad = await post('/api/v1/opportunities', { name: 'X', pipelineId: 'nope', amount: { value: 1, currency: 'XXX1' } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.data.errors.map((e) => e.field).sort(), ['amount.currency', 'pipelineId']);
  });
});

// Runs SQL over the raw CSV files with the sqlite3 command line: the independent computation.
function sql(query) {
  const out = execFileSync('sqlite3', [':memory:', '-cmd', '.mode csv',
    '-cmd', `.import ${join(MAVEN, 'sales_pipeline.csv')} s`,
    '-cmd', `.import ${join(MAVEN, 'products.csv')} p`, query], { encoding: 'utf8' });
  return out.trim().split('\n').map((line) => line.split(','));
}

describe('conversation log of an opportunity', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server.cleanup(); });
  const post = (path, json) => api(server, path, { method: 'POST', json });
  const get = (path) => api(server, path);

  test("an opportunity's conversation log lists the interactions logged against it", async () => {
    await ok(await post('/api/v1/pipelines', { name: 'Ventas', stages: [{ name: 'Lead' }, { name: 'Won', kind: 'won', probability: 100 }] }), 201);
    const company = await ok(await post('/api/v1/companies', { name: 'Bodegas Arlanza' }), 201);
    const contact = await ok(await post('/api/v1/contacts', { firstName: 'Nuria', companyId: company.id }), 201);
    const deal = await ok(await post('/api/v1/opportunities', { name: 'Arlanza: barricas 2027', companyId: company.id }), 201);
    const other = await ok(await post('/api/v1/opportunities', { name: 'Arlanza: depósitos', companyId: company.id }), 201);
    const log = (opportunityId, subject) => post('/api/v1/interactions', {
      channel: 'call', direction: 'outbound', occurredAt: '2026-11-02T10:00:00Z', subject,
      participants: [{ type: 'contact', id: contact.id }], companyId: company.id, opportunityId,
    });
    await ok(await log(deal.id, 'Precio de las barricas'), 201);
    await ok(await log(other.id, 'Depósitos de acero'), 201);
    await ok(await log(undefined, 'Saludo'), 201);
    const listed = await ok(await get(`/api/v1/interactions?opportunityId=${deal.id}`));
    assert.deepEqual(listed.items.map((i) => i.subject), ['Precio de las barricas']);
    assert.equal(listed.items[0].opportunityId, deal.id);
  });

});

describe('the Maven sample', () => {
  let server;
  let pipelineId;
  let output;
  before(async () => {
    const dir = tempDir();
    const db = join(dir, 'maven.db');
    const imported = runCli(['import', 'maven', MAVEN, '--db', db]);
    assert.equal(imported.status, 0, imported.stderr);
    output = imported;
    server = await startServer({ dir, db });
    await ok(await api(server, '/api/v1/workspace', { method: 'PATCH', json: { currency: 'USD' } }));
    pipelineId = (await ok(await api(server, '/api/v1/pipelines'))).items.find((p) => p.name === 'Maven sales').id;
  });
  after(async () => { await server.cleanup(); });

  test('imports everything and reports the GTXPro rows instead of failing', () => {
    assert.match(output.stdout, /Imported 41 users in 6 teams, 85 companies and 8800 opportunities/);
    const quirks = output.stderr.split('\n').filter((l) => l.includes('"GTXPro" is not in products.csv'));
    assert.equal(quirks.length, Number(sql("SELECT count(*) FROM s WHERE product = 'GTXPro'")[0][0]));
    assert.match(quirks[0], /^warning: sales_pipeline\.csv:\d+: /);
  });

  test('the pipeline report equals the figures computed from the CSV', async () => {
    const expected = sql(`SELECT lower(deal_stage), count(*), sum(CASE WHEN close_value <> ''
        THEN CAST(close_value AS INTEGER) * 100
        ELSE coalesce((SELECT CAST(sales_price AS INTEGER) * 100 FROM p WHERE p.product = s.product), 0) END)
      FROM s GROUP BY 1 ORDER BY 1`);
    const report = await ok(await api(server, `/api/v1/reports/pipeline?pipelineId=${pipelineId}`));
    assert.equal(report.currency, 'USD');
    const got = report.rows.map((r) => [r.stageId, String(r.count), String(r.amount)]).sort();
    assert.deepEqual(got, expected);
  });

  test('win rate and average days to close equal the CSV', async () => {
    const [[rate, days]] = sql(`SELECT sum(deal_stage = 'Won') * 1.0 / sum(deal_stage IN ('Won', 'Lost')),
        avg(julianday(close_date) - julianday(engage_date)) FROM s WHERE deal_stage IN ('Won', 'Lost')
        AND (deal_stage = 'Lost' OR 1)`);
    const [[wonDays]] = sql("SELECT avg(julianday(close_date) - julianday(engage_date)) FROM s WHERE deal_stage = 'Won'");
    const conversion = await ok(await api(server, `/api/v1/reports/conversion?pipelineId=${pipelineId}`));
    assert.ok(Math.abs(conversion.winRate - Number(rate)) < 1e-9, `${conversion.winRate} vs ${rate}`);
    assert.ok(conversion.winRate > 0.62 && conversion.winRate < 0.64);
    assert.ok(Math.abs(conversion.avgCycleDays - Number(wonDays)) < 1e-6, `${conversion.avgCycleDays} vs ${wonDays}`);
    assert.ok(Number(days) > 0);
    const engaging = conversion.stages.find((s) => s.stageId === 'engaging');
    assert.equal(engaging.reached, Number(sql("SELECT count(*) FROM s WHERE deal_stage <> 'Prospecting'")[0][0]));
  });

  test('open deals engaged years ago are rotting', async () => {
    const stale = await ok(await api(server, `/api/v1/opportunities?pipelineId=${pipelineId}&stageId=engaging&limit=5`));
    assert.equal(stale.items.length, 5);
    assert.ok(stale.items.every((o) => o.rotting === true));
    const won = await ok(await api(server, `/api/v1/opportunities?pipelineId=${pipelineId}&status=won&limit=5`));
    assert.ok(won.items.every((o) => o.rotting === false));
  });
});

describe('documents', () => {
  let server;
  let opportunity;
  const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  before(async () => {
    server = await startServer({ args: ['--set', 'documents.max_bytes=64KiB'] });
    await ok(await api(server, '/api/v1/pipelines', { method: 'POST', json: { name: 'P', stages: [{ name: 'Open' }, { name: 'Won', kind: 'won' }] } }), 201);
    opportunity = await ok(await api(server, '/api/v1/opportunities', { method: 'POST', json: { name: 'Con ficheros', amount: { value: 100, currency: 'EUR' } } }), 201);
  });
  after(async () => { await server.cleanup(); });

  function form(fields, bytes, name) {
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) data.append(k, v);
    if (bytes) data.append('file', new Blob([bytes]), name);
    return data;
  }
  const upload = (body) => api(server, '/api/v1/documents', { method: 'POST', body });

  test('upload, list, download with its name and sniffed type, ranges, soft delete and restore', async () => {
    const res = await upload(form({ recordType: 'opportunity', recordId: opportunity.id }, PNG, '../../etc/passwd\u0007.txt'));
    assert.equal(res.status, 201, res.text);
    const doc = res.data;
    assert.equal(doc.fileName, 'passwd.txt', 'no directories, no control characters');
    assert.equal(doc.contentType, 'image/png', 'typed by its bytes, not its name');
    assert.equal(doc.size, PNG.length);
    assert.match(doc.sha256, /^[0-9a-f]{64}$/);
    const stored = join(server.dir, 'files', doc.sha256.slice(0, 2), doc.sha256.slice(2, 4), doc.sha256);
    assert.deepEqual(readFileSync(stored), PNG, 'kept under its sha256');
    const again = await ok(await upload(form({ recordType: 'opportunity', recordId: opportunity.id }, PNG, 'copia.png')), 201);
    assert.equal(again.sha256, doc.sha256, 'the same bytes are stored once');

    const list = await ok(await api(server, `/api/v1/documents?recordType=opportunity&recordId=${opportunity.id}`));
    assert.deepEqual(list.items.map((d) => d.fileName), ['copia.png', 'passwd.txt']);

    const download = await fetch(`${server.url}/api/v1/documents/${doc.id}/content`, { headers: { authorization: `Bearer ${server.key}` } });
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'image/png');
    assert.equal(download.headers.get('content-disposition'), 'attachment; filename="passwd.txt"; filename*=UTF-8\'\'passwd.txt');
    assert.equal(download.headers.get('accept-ranges'), 'bytes');
    assert.deepEqual(Buffer.from(await download.arrayBuffer()), PNG);
    const part = await fetch(`${server.url}/api/v1/documents/${doc.id}/content`, { headers: { authorization: `Bearer ${server.key}`, range: 'bytes=1-3' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 1-3/${PNG.length}`);
    assert.equal(Buffer.from(await part.arrayBuffer()).toString('latin1'), 'PNG');
    const tail = await fetch(`${server.url}/api/v1/documents/${doc.id}/content`, { headers: { authorization: `Bearer ${server.key}`, range: 'bytes=-4' } });
    assert.deepEqual(Buffer.from(await tail.arrayBuffer()), PNG.subarray(PNG.length - 4));
    const outside = await api(server, `/api/v1/documents/${doc.id}/content`, { headers: { range: 'bytes=999-' } });
    assert.equal(outside.status, 416);

    assert.equal((await api(server, `/api/v1/documents/${doc.id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await api(server, `/api/v1/documents/${doc.id}/content`)).status, 404);
    assert.equal((await ok(await api(server, `/api/v1/documents?recordType=opportunity&recordId=${opportunity.id}`))).items.length, 1);
    await ok(await api(server, `/api/v1/documents/${doc.id}/restore`, { method: 'POST' }));
    assert.equal((await api(server, `/api/v1/documents/${doc.id}/content`)).status, 200);
  });

  test('names with accents survive; bad uploads are refused naming the field', async () => {
    const named = await ok(await upload(form({ recordType: 'opportunity', recordId: opportunity.id }, '%PDF-1.4\n%âãÏÓ\n', 'Oferta Año 2027 <v2>.pdf')), 201);
    assert.equal(named.fileName, 'Oferta Año 2027 _v2_.pdf');
    assert.equal(named.contentType, 'application/pdf');
    const download = await api(server, `/api/v1/documents/${named.id}/content`);
    assert.match(download.headers.get('content-disposition'), /filename\*=UTF-8''Oferta%20A%C3%B1o%202027%20_v2_\.pdf/);
    const noFile = await upload(form({ recordType: 'opportunity', recordId: opportunity.id }));
    assert.equal(noFile.status, 400);
    assert.equal(noFile.data.errors[0].field, 'file');
    const badRecord = await upload(form({ recordType: 'contact', recordId: opportunity.id }, 'x', 'x.txt'));
    assert.equal(badRecord.status, 400);
    assert.equal(badRecord.data.errors[0].field, 'recordId');
    const badType = await upload(form({ recordType: 'interaction', recordId: opportunity.id }, 'x', 'x.txt'));
    assert.equal(badType.data.errors[0].field, 'recordType');
    const json = await api(server, '/api/v1/documents', { method: 'POST', json: { file: 'x' } });
    assert.equal(json.status, 400);
    assert.equal(json.data.errors[0].field, 'Content-Type');
  });

  test('a file over the limit gets 413, before the body is read when its size is declared', async () => {
    const big = Buffer.alloc(70 * 1024, 7);
    const res = await upload(form({ recordType: 'opportunity', recordId: opportunity.id }, big, 'big.bin'));
    assert.equal(res.status, 413, res.text);
    const huge = await fetch(`${server.url}/api/v1/documents`, {
      method: 'POST', headers: { authorization: `Bearer ${server.key}`, 'content-type': 'multipart/form-data; boundary=x' },
      body: Buffer.alloc(512 * 1024, 1),
    });
    assert.equal(huge.status, 413);
  });
});

// The sales screens in Chromium against the real server: dragging a card between stages (the
// column totals follow), a version conflict on the board, a document uploaded and downloaded byte
// for byte, an opportunity marked lost with its history, and the reports' charts and CSV export
// (in English with commas; in Spanish with semicolons and decimal commas, formulas made inert).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { api, assertNoPageErrors, launchBrowser, newPage, screenshot, signIn, startAppServer,
         userWithPassword } from './lib/browser.mjs';

let server;
let browser;
let user;

const eur = (minor) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }).format(minor / 100);

async function ok(response, status = 200) {
  assert.equal(response.status, status, response.text);
  return response.data;
}

const post = (path, json, headers) => api(server, path, { method: 'POST', json, headers });

async function newPipeline(name, negotiation = 'Negotiation') {
  return ok(await post('/api/v1/pipelines', {
    name,
    stages: [
      { id: 'lead', name: 'Lead', probability: 10, rotDays: 30 },
      { id: 'proposal', name: 'Proposal', probability: 50 },
      { id: 'negotiation', name: negotiation, probability: 80 },
      { id: 'won', name: 'Won', kind: 'won', probability: 100 },
      { id: 'lost', name: 'Lost', kind: 'lost', probability: 0 },
    ],
  }), 201);
}

async function newOpportunity(pipeline, name, minor, extra = {}) {
  return ok(await post('/api/v1/opportunities', {
    name, pipelineId: pipeline.id, amount: { value: minor, currency: 'EUR' }, ownerId: user.id, ...extra,
  }), 201);
}

// A column of the board: its count and its total as shown.
function column(page, stageId) {
  const section = page.locator(`[data-stage-id="${stageId}"]`);
  return {
    section,
    count: section.getByTestId('column-count'),
    total: section.getByTestId('column-total'),
    card: (id) => section.locator(`[data-opportunity-id="${id}"]`),
  };
}

async function signedInPage() {
  const page = await newPage(browser);
  await signIn(page, server, user);
  return page;
}

// RFC 4180 CSV (quoted cells, doubled quotes, CRLF) into rows of cells.
function parseCsv(text, delimiter = ',') {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else if (c !== '\r') cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

before(async () => {
  server = await startAppServer({ args: ['--set', 'documents.max_bytes=1MiB'] });
  browser = await launchBrowser();
  user = await userWithPassword(server, 'vendedora@example.com', 'manager');
});

after(async () => {
  await browser?.close();
  await server?.cleanup();
});

test('dragging a card to the next stage moves it and both columns update their count and total', async () => {
  const pipeline = await newPipeline('Hostelería');
  const company = await ok(await post('/api/v1/companies', { name: 'Bodegas Arlanza' }), 201);
  const moving = await newOpportunity(pipeline, 'Arlanza: 40 barricas', 1250000, { companyId: company.id, expectedCloseDate: '2027-03-15' });
  await newOpportunity(pipeline, 'Casa Pepe: menú', 300000);
  await newOpportunity(pipeline, 'Hotel Sol: minibar', 450000, { stageId: 'proposal' });

  const page = await signedInPage();
  await page.goto(`${server.url}/pipeline/${pipeline.id}`);
  const lead = column(page, 'lead');
  const proposal = column(page, 'proposal');
  await lead.card(moving.id).waitFor();
  assert.equal(await lead.count.textContent(), '2');
  assert.equal(await lead.total.textContent(), eur(1550000));
  assert.equal(await proposal.count.textContent(), '1');
  assert.equal(await proposal.total.textContent(), eur(450000));
  await lead.card(moving.id).getByText('Bodegas Arlanza').waitFor();
  await lead.card(moving.id).getByText('0 days in stage').waitFor();
  await screenshot(page, 'sales-board-before-drag');

  await lead.card(moving.id).dragTo(proposal.section);
  await proposal.card(moving.id).waitFor();
  await page.getByRole('status').filter({ hasText: '“Arlanza: 40 barricas” moved to Proposal.' }).waitFor();
  await page.waitForFunction(() => document.querySelector('[data-stage-id="lead"] [data-testid="column-count"]')?.textContent === '1');
  assert.equal(await lead.count.textContent(), '1');
  assert.equal(await lead.total.textContent(), eur(300000));
  assert.equal(await proposal.count.textContent(), '2');
  assert.equal(await proposal.total.textContent(), eur(1700000));
  assert.equal(await proposal.section.getByTestId('column-weighted').textContent(), eur(850000));
  const stored = await ok(await api(server, `/api/v1/opportunities/${moving.id}`));
  assert.equal(stored.stageId, 'proposal');
  await screenshot(page, 'sales-board-after-drag');

  // Without a mouse: the card's "Move to" menu.
  await proposal.card(moving.id).getByLabel('Move “Arlanza: 40 barricas” to stage').selectOption('negotiation');
  await column(page, 'negotiation').card(moving.id).waitFor();
  await page.waitForFunction(() => document.querySelector('[data-stage-id="negotiation"] [data-testid="column-count"]')?.textContent === '1');
  assert.equal(await column(page, 'negotiation').total.textContent(), eur(1250000));

  // Dropped on a lost stage, the board asks why first; cancelling moves nothing.
  const lost = column(page, 'lost');
  const pepe = lead.section.locator('.board-card', { hasText: 'Casa Pepe: menú' });
  await pepe.dragTo(lost.section);
  const dialog = page.getByRole('dialog', { name: 'Mark “Casa Pepe: menú” as lost' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await lost.count.textContent(), '0');
  await pepe.dragTo(lost.section);
  await dialog.getByRole('button', { name: 'No budget' }).click();
  await dialog.getByRole('button', { name: 'Mark as lost' }).click();
  await page.waitForFunction(() => document.querySelector('[data-stage-id="lost"] [data-testid="column-count"]')?.textContent === '1');
  assert.equal(await lost.total.textContent(), eur(300000));
  const lostDeal = (await ok(await api(server, `/api/v1/opportunities?pipelineId=${pipeline.id}&status=lost`))).items[0];
  assert.equal(lostDeal.lostReason, 'No budget');

  // Two widths the board must survive: it scrolls sideways, the page does not.
  for (const width of [768, 1920]) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `the page overflows by ${overflow}px at ${width}px`);
    await screenshot(page, `sales-board-${width}`);
  }
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('a card changed behind the board is not overwritten: the conflict is shown and the board reloads', async () => {
  const pipeline = await newPipeline('Conflictos');
  const deal = await newOpportunity(pipeline, 'Restaurante Lua', 200000);
  const page = await signedInPage();
  await page.goto(`${server.url}/pipeline/${pipeline.id}`);
  const lead = column(page, 'lead');
  const proposal = column(page, 'proposal');
  await lead.card(deal.id).waitFor();
  assert.equal(await lead.total.textContent(), eur(200000));

  // Someone else raises the amount meanwhile (the version moves on).
  const changed = await api(server, `/api/v1/opportunities/${deal.id}`, {
    method: 'PATCH', json: { amount: { value: 990000, currency: 'EUR' } }, headers: { 'if-match': `"${deal.version}"` },
  });
  assert.equal(changed.status, 200, changed.text);

  await lead.card(deal.id).dragTo(proposal.section);
  const notice = page.getByTestId('board-notice');
  await notice.filter({ hasText: 'was changed by someone else meanwhile' }).waitFor();
  assert.match(await notice.textContent(), /“Restaurante Lua” was changed by someone else meanwhile, so it was not moved/);
  // The board shows the fresh data: the new amount, still in its stage.
  await page.waitForFunction((total) => document.querySelector('[data-stage-id="lead"] [data-testid="column-total"]')?.textContent === total, eur(990000));
  await lead.card(deal.id).getByText(eur(990000)).waitFor();
  assert.equal(await proposal.count.textContent(), '0');
  const stored = await ok(await api(server, `/api/v1/opportunities/${deal.id}`));
  assert.equal(stored.stageId, 'lead');
  assert.equal(stored.amount.value, 990000);
  await screenshot(page, 'sales-board-conflict');

  // With the fresh version the same move now succeeds.
  await lead.card(deal.id).dragTo(proposal.section);
  await proposal.card(deal.id).waitFor();
  assert.equal((await ok(await api(server, `/api/v1/opportunities/${deal.id}`))).stageId, 'proposal');
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('a document uploaded on the opportunity page downloads back byte for byte; too large is refused clearly', async () => {
  const pipeline = await newPipeline('Documentos');
  const deal = await newOpportunity(pipeline, 'Oferta Grupo Norte', 780000);
  const page = await signedInPage();
  await page.goto(`${server.url}/opportunities/${deal.id}`);
  await page.getByRole('heading', { name: 'Oferta Grupo Norte' }).waitFor();
  await page.getByText('No documents yet.').waitFor();

  // A slow uplink, so the progress bar can be seen moving.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 256 * 1024 });
  const bytes = randomBytes(600 * 1024);
  await page.getByLabel('Upload files…').setInputFiles({ name: 'Propuesta año 2027.bin', mimeType: 'application/octet-stream', buffer: bytes });
  const progress = page.getByRole('progressbar', { name: 'Upload progress of Propuesta año 2027.bin' });
  await progress.waitFor();
  await page.waitForFunction(() => Number(document.querySelector('.transfers progress')?.value ?? 0) > 0.1);
  await screenshot(page, 'sales-opportunity-upload-progress');
  const link = page.getByRole('link', { name: 'Download Propuesta año 2027.bin' });
  await link.waitFor();
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.getByRole('status').filter({ hasText: '1 file uploaded.' }).waitFor({ state: 'attached' });
  await screenshot(page, 'sales-opportunity-document');

  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.equal(download.suggestedFilename(), 'Propuesta año 2027.bin');
  const received = readFileSync(await download.path());
  assert.equal(received.length, bytes.length);
  assert.ok(received.equals(bytes), 'the downloaded bytes equal the uploaded ones');

  // Over the 1 MiB limit: the message says so, with the limit.
  await page.getByLabel('Upload files…').setInputFiles({ name: 'video.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(1200 * 1024, 3) });
  const refused = page.getByRole('alert').filter({ hasText: '“video.bin”' });
  await refused.waitFor();
  assert.match(await refused.textContent(), /“video\.bin” \(1\.2 MB\) is too large: the server accepts files up to 1 MB\./);
  await screenshot(page, 'sales-opportunity-document-too-large');
  const docs = await ok(await api(server, `/api/v1/documents?recordType=opportunity&recordId=${deal.id}`));
  assert.deepEqual(docs.items.map((d) => d.fileName), ['Propuesta año 2027.bin']);

  // Soft delete, then undo.
  const documents = page.locator('.documents-panel');
  await documents.getByRole('button', { name: 'Delete Propuesta año 2027.bin' }).click();
  await documents.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByText('No documents yet.').waitFor();
  await page.getByRole('button', { name: 'Undo' }).click();
  await link.waitFor();
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('an opportunity is marked lost with a reason from its page, and the stage history shows it', async () => {
  const pipeline = await newPipeline('Pérdidas');
  const deal = await newOpportunity(pipeline, 'Catering Feria', 150000);
  await ok(await post(`/api/v1/opportunities/${deal.id}/stage`, { stageId: 'proposal' }));
  const page = await signedInPage();
  await page.goto(`${server.url}/opportunities/${deal.id}`);
  await page.getByRole('heading', { name: 'Catering Feria' }).waitFor();
  assert.equal(await page.getByTestId('opportunity-status').textContent(), 'Open');

  await page.getByRole('button', { name: 'Mark lost' }).click();
  const dialog = page.getByRole('dialog', { name: 'Mark “Catering Feria” as lost' });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: 'Mark as lost' }).click();
  await dialog.getByText('Say why the deal was lost.').waitFor();
  await dialog.getByLabel('Reason', { exact: true }).fill('Eligieron a la competencia por precio');
  await screenshot(page, 'sales-lost-dialog');
  await dialog.getByRole('button', { name: 'Mark as lost' }).click();
  await page.getByTestId('opportunity-notice').filter({ hasText: 'Marked as lost.' }).waitFor();
  assert.equal(await page.getByTestId('opportunity-status').textContent(), 'Lost');
  assert.equal(await page.getByTestId('lost-reason').textContent(), 'Eligieron a la competencia por precio');

  const history = page.getByTestId('stage-history');
  await history.getByText('Proposal → Lost').waitFor();
  const entries = await history.locator('li > div:first-child').allTextContents();
  assert.deepEqual(entries, ['Proposal → Lost', 'Lead → Proposal', 'Created in Lead']);
  const stored = await ok(await api(server, `/api/v1/opportunities/${deal.id}`));
  assert.equal(stored.status, 'lost');
  assert.equal(stored.lostReason, 'Eligieron a la competencia por precio');
  await screenshot(page, 'sales-opportunity-lost');
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('the reports draw their charts and export CSV rows that match the report API', async () => {
  const pipeline = await newPipeline('Informes', 'Negotiation, "final" terms');
  const a = await newOpportunity(pipeline, 'Informe A', 100000, { expectedCloseDate: '2027-01-20' });
  await newOpportunity(pipeline, 'Informe B', 250050, { stageId: 'proposal', expectedCloseDate: '2027-02-10' });
  await newOpportunity(pipeline, 'Informe "C", con comillas', 500000, { stageId: 'negotiation', expectedCloseDate: '2027-02-28' });
  const d = await newOpportunity(pipeline, 'Informe D', 320000);
  await ok(await post(`/api/v1/opportunities/${a.id}/stage`, { stageId: 'won' }));
  await ok(await post(`/api/v1/opportunities/${d.id}/stage`, { stageId: 'lost', lostReason: 'Precio' }));

  const page = await signedInPage();
  await page.goto(`${server.url}/reports?pipelineId=${pipeline.id}`);
  await page.getByRole('heading', { name: 'Sales reports' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="chart"] canvas').length >= 4);
  assert.ok(await page.locator('[data-testid="chart"] canvas').count() >= 4, 'funnel, amounts, velocity and forecast charts');
  await page.getByTestId('kpi-win-rate').filter({ hasText: '50%' }).waitFor();
  await page.waitForTimeout(500);  // the charts' entry animation
  await screenshot(page, 'sales-reports');

  // The amounts per stage, exported.
  const report = await ok(await api(server, `/api/v1/reports/pipeline?pipelineId=${pipeline.id}`));
  const [download] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV of “Amounts per stage”' }).click()]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  const text = readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '');
  const rows = parseCsv(text);
  assert.deepEqual(rows[0], ['Stage', 'Kind', 'Probability', 'Opportunities', 'Amount (EUR)', 'Weighted (EUR)']);
  const body = rows.slice(1, 1 + report.rows.length);
  assert.deepEqual(body, report.rows.map((r) => [r.stageName, r.kind, String(r.probability), String(r.count),
    (r.amount / 100).toFixed(2), (r.weighted / 100).toFixed(2)]));
  assert.deepEqual(rows[1 + report.rows.length], ['Total', '', '', String(report.totals.count),
    (report.totals.amount / 100).toFixed(2), (report.totals.weighted / 100).toFixed(2)]);
  assert.equal(rows.length, report.rows.length + 2);

  // The forecast, exported: one row per month of the API, quoted where needed.
  const forecast = await ok(await api(server, `/api/v1/reports/forecast?pipelineId=${pipeline.id}`));
  const [forecastDownload] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV of “Forecast per month”' }).click()]);
  const forecastRows = parseCsv(readFileSync(await forecastDownload.path(), 'utf8').replace(/^\ufeff/, ''));
  assert.deepEqual(forecastRows.slice(1, -1), forecast.months.map((m) => [m.month, String(m.openCount),
    (m.weighted / 100).toFixed(2), (m.committed / 100).toFixed(2), String(m.wonCount), (m.won / 100).toFixed(2)]));

  // A filter that matches nothing empties the tables.
  await page.getByLabel('Created from').fill('2031-01-01');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/from=2031-01-01/);
  await page.getByTestId('table-pipeline').locator('tfoot').getByText(eur(0)).first().waitFor();
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('in Spanish the CSV export uses semicolons and decimal commas, and a stage named as a formula stays text', async () => {
  const formula = '=HYPERLINK("http://x","y")';
  const pipeline = await newPipeline('Fórmulas', formula);
  await newOpportunity(pipeline, 'Informe E', 100000);
  await newOpportunity(pipeline, 'Informe F', 250050, { stageId: 'negotiation', expectedCloseDate: '2027-02-28' });

  const page = await newPage(browser, { locale: 'es-ES' });
  await signIn(page, server, user);
  await page.goto(`${server.url}/reports?pipelineId=${pipeline.id}`);
  await page.getByRole('heading', { name: 'Informes de ventas' }).waitFor();
  const button = page.getByRole('button', { name: 'Exportar CSV de «Importes por etapa»' });
  await page.getByTestId('table-pipeline').getByText(formula).waitFor();
  assert.match(await button.getAttribute('title'), /punto y coma.*coma decimal/);

  const report = await ok(await api(server, `/api/v1/reports/pipeline?pipelineId=${pipeline.id}`));
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const raw = readFileSync(await download.path(), 'utf8');
  assert.ok(raw.startsWith('\ufeff'), 'a BOM, so Excel reads the accents');
  const text = raw.slice(1);
  const comma = (minor) => (minor / 100).toFixed(2).replace('.', ',');
  const negotiation = report.rows.find((r) => r.stageId === 'negotiation');
  assert.equal(negotiation.amount, 250050);
  // The exact line: the stage name quoted and behind an apostrophe, the numbers bare.
  assert.ok(text.includes(`\r\n"'=HYPERLINK(""http://x"",""y"")";${negotiation.kind};80;1;2500,50;${comma(negotiation.weighted)}\r\n`), text);

  const rows = parseCsv(text, ';');
  assert.deepEqual(rows.slice(1, 1 + report.rows.length), report.rows.map((r) => [
    r.stageId === 'negotiation' ? `'${formula}` : r.stageName, r.kind, String(r.probability), String(r.count),
    comma(r.amount), comma(r.weighted)]));
  assert.deepEqual(rows[1 + report.rows.length], ['Total', '', '', String(report.totals.count),
    comma(report.totals.amount), comma(report.totals.weighted)]);
  for (const cell of rows.flat()) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, 'no cell starts a formula');
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('a new opportunity from the board: field errors next to their fields, company, contact with a role, then a logged call', async () => {
  const pipeline = await newPipeline('Altas');
  const company = await ok(await post('/api/v1/companies', { name: 'Quesería Valdeón' }), 201);
  const contact = await ok(await post('/api/v1/contacts', { firstName: 'Lucía', lastName: 'Prieto', companyId: company.id }), 201);
  const page = await signedInPage();
  await page.goto(`${server.url}/pipeline/${pipeline.id}`);
  await page.getByText('No opportunities yet: create one.').waitFor();
  await screenshot(page, 'sales-board-empty');
  await page.getByRole('button', { name: 'New opportunity' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'New opportunity' });
  await dialog.getByRole('button', { name: 'Create opportunity' }).click();
  await dialog.getByText('Give the opportunity a name.').waitFor();

  await dialog.getByLabel('Name').fill('Valdeón: cámara de curado');
  await dialog.getByLabel('Amount').fill('18250.5');
  await dialog.getByLabel('Currency').fill('ABC');
  await dialog.getByRole('button', { name: 'Create opportunity' }).click();
  // The server refuses the currency: the message sits next to the currency field.
  const currencyField = dialog.locator('.field', { has: page.getByLabel('Currency') });
  await currencyField.locator('.field-error').waitFor();
  await screenshot(page, 'sales-new-opportunity-errors');
  await dialog.getByLabel('Currency').fill('EUR');
  await dialog.getByLabel('Expected close').fill('2027-05-31');
  await dialog.getByLabel('Company').fill('Valdeón');
  await dialog.getByRole('option', { name: /Quesería Valdeón/ }).click();
  await dialog.getByRole('button', { name: 'Add contact' }).click();
  await dialog.getByLabel('Contact 1', { exact: true }).click();
  await dialog.getByRole('option', { name: /Lucía Prieto/ }).click();
  await dialog.getByLabel('Role of contact 1').selectOption('decision_maker');
  await screenshot(page, 'sales-new-opportunity-filled');
  await dialog.getByRole('button', { name: 'Create opportunity' }).click();
  await page.getByRole('status').filter({ hasText: '“Valdeón: cámara de curado” was created.' }).waitFor();
  await column(page, 'lead').section.getByText('Valdeón: cámara de curado').waitFor();
  assert.equal(await column(page, 'lead').total.textContent(), eur(1825050));

  const created = (await ok(await api(server, `/api/v1/opportunities?pipelineId=${pipeline.id}`))).items[0];
  assert.deepEqual(created.amount, { value: 1825050, currency: 'EUR' });
  assert.equal(created.companyId, company.id);
  assert.deepEqual(created.contacts, [{ contactId: contact.id, role: 'decision_maker' }]);
  assert.equal(created.expectedCloseDate, '2027-05-31');
  assert.equal(created.ownerId, user.id);

  // Its page: the contact with the role, and a call logged against it.
  await page.getByRole('link', { name: 'Open it' }).click();
  await page.getByRole('heading', { name: 'Valdeón: cámara de curado' }).waitFor();
  await page.getByRole('link', { name: 'Lucía Prieto' }).first().waitFor();
  await page.getByText('Decision maker').waitFor();
  await page.getByRole('button', { name: 'Log a conversation' }).click();
  const form = page.getByRole('form', { name: 'Log a conversation' });
  await form.getByLabel('Subject').fill('Visita a la quesería');
  await form.getByLabel('Notes').fill('Quieren **dos** cámaras; piden presupuesto antes del viernes.');
  await form.getByRole('button', { name: 'Log it' }).click();
  await page.getByText('Visita a la quesería').waitFor();
  await page.locator('.conversation strong', { hasText: 'dos' }).waitFor();
  const logged = await ok(await api(server, `/api/v1/interactions?contactId=${contact.id}`));
  assert.equal(logged.items[0].opportunityId, created.id);
  await screenshot(page, 'sales-opportunity-conversation');

  // Edit with a stale version: the conflict is said, nothing is overwritten.
  await page.getByRole('button', { name: 'Edit' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit “Valdeón: cámara de curado”' });
  await edit.getByLabel('Amount').fill('20000');
  const fresh = await ok(await api(server, `/api/v1/opportunities/${created.id}`));
  await ok(await api(server, `/api/v1/opportunities/${created.id}`, { method: 'PATCH', json: { name: 'Valdeón: dos cámaras' }, headers: { 'if-match': `"${fresh.version}"` } }));
  await edit.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('opportunity-notice').filter({ hasText: 'while you were editing it' }).waitFor();
  await page.getByRole('heading', { name: 'Valdeón: dos cámaras' }).waitFor();
  assert.equal((await ok(await api(server, `/api/v1/opportunities/${created.id}`))).amount.value, 1825050);
  await screenshot(page, 'sales-opportunity-edit-conflict');
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('the sales screens speak Spanish, with no untranslated key showing', async () => {
  const pipeline = await newPipeline('Canal HORECA');
  const deal = await newOpportunity(pipeline, 'Bar Manolo: cafetera', 240000, { expectedCloseDate: '2027-04-01' });
  const page = await newPage(browser, { locale: 'es-ES' });
  await signIn(page, server, user);
  const untranslated = async () => page.evaluate(() => (document.body.innerText.match(/\b(sales|documents)\.[a-zA-Z]+/g) ?? []));

  await page.goto(`${server.url}/pipeline/${pipeline.id}`);
  await page.getByRole('heading', { name: 'Embudo de ventas' }).waitFor();
  await column(page, 'lead').card(deal.id).getByText('0 días en la etapa').waitFor();
  assert.equal(await column(page, 'lead').total.textContent(), new Intl.NumberFormat('es-ES', { style: 'currency', currency: 'EUR' }).format(2400));
  assert.deepEqual(await untranslated(), []);
  await screenshot(page, 'sales-board-es');

  await page.goto(`${server.url}/opportunities/${deal.id}`);
  await page.getByRole('heading', { name: 'Documentos' }).waitFor();
  await page.getByRole('button', { name: 'Marcar perdida' }).click();
  await page.getByRole('dialog', { name: 'Marcar «Bar Manolo: cafetera» como perdida' }).waitFor();
  assert.deepEqual(await untranslated(), []);
  await screenshot(page, 'sales-opportunity-es');
  await page.keyboard.press('Escape');

  await page.goto(`${server.url}/reports?pipelineId=${pipeline.id}`);
  await page.getByRole('heading', { name: 'Informes de ventas' }).waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="chart"] canvas').length >= 4);
  assert.deepEqual(await untranslated(), []);
  await page.waitForTimeout(500);
  await screenshot(page, 'sales-reports-es');
  assertNoPageErrors(page, assert);
  await page.context().close();
});

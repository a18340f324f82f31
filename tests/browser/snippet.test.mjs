// The real tracking snippet (web/dist/t.js, served as /t.js) on test pages in Chromium: page views
// with UTM campaign and dwell time (sent by sendBeacon when the page is left), identify, after which
// the visitor's earlier anonymous page views are on the contact's timeline; nothing is sent before
// consent when consent is required, nor with Do Not Track; and the settings screen hands out the
// paste-ready snippet with the real write key.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { WEB_ROOT, api, assertNoPageErrors, createKey, launchBrowser, newPage, screenshot, signIn,
         startAppServer, userWithPassword } from './lib/browser.mjs';

const WAIT_ON_FIRST_PAGE_MS = 3000;
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let server;
let browser;
let site; // the temporary web root: web/dist plus the test pages
let writeKey;

// Each test page loads same-origin scripts only: the server's CSP forbids inline ones.
function htmlPage(title, body, { scripts = [], key = writeKey } = {}) {
  return `<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>${title}</title>
${scripts.map((src) => `<script src="${src}"></script>`).join('\n')}
<script src="/t.js" data-write-key="${key}" async></script>
</head><body><h1>${title}</h1>${body}</body></html>
`;
}

// The site's own script: buttons that identify the visitor or give consent, once t.js is loaded.
const SITE_JS = `
document.addEventListener('click', function (event) {
  var target = event.target;
  if (!(target instanceof HTMLElement) || !window.tertulia || !window.tertulia.loaded) return;
  if (target.id === 'identify') {
    window.tertulia.identify('cust-1', { email: 'visitor@example.com', firstName: 'Elena' });
    document.getElementById('done').textContent = 'identified';
  }
  if (target.id === 'consent') {
    window.tertulia.consent(true);
    document.getElementById('done').textContent = 'consented';
  }
});
`;

before(async () => {
  if (!existsSync(join(WEB_ROOT, 't.js'))) throw new Error(`${WEB_ROOT}/t.js is missing: run npm run build in web/`);
  site = mkdtempSync(join(tmpdir(), 'tertulia-site-'));
  cpSync(WEB_ROOT, site, { recursive: true });
  server = await startAppServer({ webRoot: site });
  writeKey = createKey(server.db, ['--kind', 'write', '--source', 'test-shop']);
  writeFileSync(join(site, 'site.js'), SITE_JS);
  writeFileSync(join(site, 'consent-config.js'), 'window.tertulia = { requireConsent: true };\n');
  writeFileSync(join(site, 'shop.html'), htmlPage('Tienda',
    '<p><a id="to-product" href="/product.html">Silla Oslo</a></p>', { scripts: ['/site.js'] }));
  writeFileSync(join(site, 'product.html'), htmlPage('Producto Oslo',
    '<button type="button" id="identify">Soy cliente</button><p id="done"></p>', { scripts: ['/site.js'] }));
  writeFileSync(join(site, 'consent.html'), htmlPage('Consentimiento',
    '<button type="button" id="consent">Acepto</button><p id="done"></p>',
    { scripts: ['/consent-config.js', '/site.js'] }));
  writeFileSync(join(site, 'dnt.html'), htmlPage('Sin seguimiento',
    '<button type="button" id="consent">Acepto</button><p id="done"></p>', { scripts: ['/site.js'] }));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.cleanup();
  if (site) rmSync(site, { recursive: true, force: true });
});

// Polls `probe` (which returns a value or throws/returns falsy) until it succeeds or time is up.
async function eventually(probe, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
      last = new Error('not yet');
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: ${last?.message}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function json(path) {
  const res = await api(server, path);
  assert.equal(res.status, 200, `${path}: ${res.text}`);
  return res.data;
}

// Every request the page makes to the tracking API.
function recordTracking(page) {
  const sent = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/v1/')) sent.push({ url: request.url(), type: request.resourceType(), body: request.postData() });
  });
  return sent;
}

// axe-core (WCAG 2.1 A and AA) on the screen, as accessibility.test.mjs does: serious and critical
// violations, described.
async function axeProblems(page) {
  if (!await page.evaluate(() => 'axe' in window)) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(() => window.axe.run(document,
    { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  assert.ok(result.passes.length >= 10, `axe checked only ${result.passes.length} rules`);
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(' | ')})`);
}

const loaded = (page) => page.waitForFunction(() => window.tertulia && window.tertulia.loaded === true);

test('page views with campaign and dwell time, then identify: the anonymous history is on the contact timeline', async () => {
  const page = await newPage(browser, { locale: 'es-ES' });
  // Notes each sendBeacon call in sessionStorage, which outlives the page that makes it.
  await page.context().addInitScript(() => {
    const original = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => {
      const calls = JSON.parse(sessionStorage.getItem('test-beacons') || '[]');
      sessionStorage.setItem('test-beacons', JSON.stringify([...calls, String(url)]));
      return original(url, data);
    };
  });
  const sent = recordTracking(page);
  await page.goto(`${server.url}/shop.html?utm_source=newsletter&utm_medium=email&utm_campaign=otono`);
  await loaded(page);
  const anonymousId = await page.evaluate(() => window.tertulia.anonymousId());
  assert.match(anonymousId, /^[0-9a-f-]{36}$/);
  const cookie = (await page.context().cookies()).find((c) => c.name === 'tertulia_aid');
  assert.equal(cookie?.value, anonymousId, 'the anonymous id is kept in a first-party cookie');
  await page.waitForTimeout(WAIT_ON_FIRST_PAGE_MS);
  await screenshot(page, 'snippet-shop');
  // Leaving the page: its dwell time goes by sendBeacon on pagehide.
  await page.getByRole('link', { name: 'Silla Oslo' }).click();
  await page.waitForURL(/\/product\.html$/);
  await loaded(page);
  assert.equal(await page.evaluate(() => window.tertulia.anonymousId()), anonymousId, 'the same visitor on the next page');

  // Still anonymous: the shop's page view reached the server without a contact.
  const anonymous = await eventually(async () => {
    const events = (await json('/api/v1/events?type=page&limit=100')).items;
    return events.find((e) => e.anonymousId === anonymousId && e.properties?.path === '/shop.html');
  }, 'the anonymous page view of the shop');
  assert.equal(anonymous.contactId, null, 'a page view before identify has no contact');

  await page.getByRole('button', { name: 'Soy cliente' }).click();
  await page.getByText('identified').waitFor();
  assert.equal(await page.evaluate(() => window.tertulia.userId()), 'cust-1');
  await screenshot(page, 'snippet-product-identified');

  const contact = await eventually(async () => {
    const found = await json(`/api/v1/contacts?email=${encodeURIComponent('visitor@example.com')}`);
    return found.items.length === 1 ? found.items[0] : null;
  }, 'the identified contact');
  assert.equal(contact.firstName, 'Elena');

  const events = await eventually(async () => {
    const items = (await json(`/api/v1/events?contactId=${contact.id}&limit=100`)).items;
    const wanted = [
      items.find((e) => e.type === 'page' && e.properties?.path === '/shop.html'),
      items.find((e) => e.type === 'page' && e.properties?.path === '/product.html'),
      items.find((e) => e.type === 'track' && e.name === 'Page Dwell' && e.properties?.path === '/shop.html'),
      items.find((e) => e.type === 'identify'),
    ];
    return wanted.every(Boolean) ? items : null;
  }, 'the page views, the dwell time and the identify on the contact');
  const shopView = events.find((e) => e.type === 'page' && e.properties.path === '/shop.html');
  const productView = events.find((e) => e.type === 'page' && e.properties.path === '/product.html');
  const dwell = events.find((e) => e.type === 'track' && e.name === 'Page Dwell' && e.properties.path === '/shop.html');
  const identify = events.find((e) => e.type === 'identify');
  assert.equal(shopView.anonymousId, anonymousId);
  assert.ok(!shopView.userId, 'the shop was seen anonymously');
  assert.equal(identify.userId, 'cust-1');
  assert.ok(Date.parse(shopView.occurredAt) < Date.parse(identify.occurredAt), 'the page view came before identify');
  assert.deepEqual(shopView.context.campaign, { source: 'newsletter', medium: 'email', name: 'otono' });
  assert.deepEqual(productView.context.campaign, shopView.context.campaign, 'the campaign is kept for the session');
  assert.equal(dwell.properties.pageViewId, shopView.properties.pageViewId);
  assert.ok(dwell.properties.dwellMs >= WAIT_ON_FIRST_PAGE_MS - 250,
    `dwellMs ${dwell.properties.dwellMs} covers the ${WAIT_ON_FIRST_PAGE_MS} ms waited`);
  assert.ok(dwell.properties.dwellMs < WAIT_ON_FIRST_PAGE_MS + 15_000, `dwellMs ${dwell.properties.dwellMs} is plausible`);
  assert.equal(shopView.context.library.name, 'tertulia.js');
  const beacons = await page.evaluate(() => JSON.parse(sessionStorage.getItem('test-beacons') || '[]'));
  assert.deepEqual(beacons, [`${server.url}/v1/batch`], 'leaving the shop sent one beacon to /v1/batch');
  assert.ok(sent.length >= 2, 'the page views went by fetch');

  const timeline = (await json(`/api/v1/contacts/${contact.id}/timeline?limit=100`)).items.filter((i) => i.kind === 'event');
  const summaries = timeline.map((i) => i.summary);
  const shopItem = timeline.find((i) => /^Viewed Tienda \(http:\/\/127\.0\.0\.1:\d+\/shop\.html\?utm_source=newsletter/.test(i.summary));
  assert.ok(shopItem, `the anonymous page view of the shop is on the timeline: ${JSON.stringify(summaries)}`);
  assert.equal(shopItem.channel, 'page');
  assert.ok(timeline.some((i) => i.channel === 'page' && /^Viewed Producto Oslo/.test(i.summary)), JSON.stringify(summaries));
  assert.ok(timeline.some((i) => i.channel === 'track' && /^Spent \d+ s on Tienda/.test(i.summary)), JSON.stringify(summaries));
  assert.ok(timeline.some((i) => i.channel === 'identify'), JSON.stringify(summaries));
  assertNoPageErrors(page, assert);
  await page.context().close();

  // The contact page shows these events with an icon named for what they are.
  const admin = await userWithPassword(server, 'timeline-admin@example.com', 'admin');
  const crm = await newPage(browser);
  await signIn(crm, server, admin);
  await crm.goto(`${server.url}/contacts/${contact.id}`);
  const list = crm.getByRole('list', { name: 'Timeline' });
  await list.getByText(/^Viewed Tienda/).waitFor();
  await list.getByRole('img', { name: 'Page view' }).first().waitFor();
  await list.getByRole('img', { name: 'Identified' }).first().waitFor();
  await list.getByRole('img', { name: 'Tracked event' }).first().waitFor();
  await crm.getByRole('combobox', { name: /^Show/ }).selectOption('event');
  await list.getByText(/^Viewed Producto Oslo/).waitFor();
  await screenshot(crm, 'snippet-contact-timeline');
  assert.deepEqual(await axeProblems(crm), []);
  assertNoPageErrors(crm, assert);
  await crm.context().close();
});

test('with consent required nothing is sent or stored until tertulia.consent(true)', async () => {
  const page = await newPage(browser);
  const sent = recordTracking(page);
  await page.goto(`${server.url}/consent.html?utm_source=banner`);
  await loaded(page);
  await page.waitForTimeout(2500); // longer than the 2 s batching interval
  assert.deepEqual(sent, [], 'no request to the tracking API before consent');
  assert.equal(await page.evaluate(() => window.tertulia.anonymousId()), null);
  assert.deepEqual((await page.context().cookies()).filter((c) => c.name.startsWith('tertulia')), [], 'no cookie before consent');
  assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tertulia'))), [],
    'nothing in localStorage before consent');
  const before = (await json('/api/v1/events?type=page&limit=500')).items;
  assert.ok(!before.some((e) => e.properties?.path === '/consent.html'), 'the server has nothing from the page');
  await screenshot(page, 'snippet-consent-before');

  await page.getByRole('button', { name: 'Acepto' }).click();
  await page.getByText('consented').waitFor();
  const anonymousId = await page.evaluate(() => window.tertulia.anonymousId());
  assert.ok(anonymousId, 'an anonymous id once consent is given');
  // The page view held in memory since load is sent now.
  const view = await eventually(async () => (await json('/api/v1/events?type=page&limit=500')).items
    .find((e) => e.properties?.path === '/consent.html'), 'the held page view after consent', 10_000);
  assert.equal(view.anonymousId, anonymousId);
  assert.deepEqual(view.context.campaign, { source: 'banner' });
  assert.ok(sent.length >= 1);
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('with Do Not Track nothing is sent or stored, even after consent(true)', async () => {
  const page = await newPage(browser);
  // Chromium has no switch for the Do Not Track preference; navigator.doNotTrack is what t.js reads.
  await page.context().addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1', configurable: true });
  });
  const sent = recordTracking(page);
  await page.goto(`${server.url}/dnt.html`);
  await loaded(page);
  await page.getByRole('button', { name: 'Acepto' }).click();
  await page.getByText('consented').waitFor();
  await page.evaluate(() => window.tertulia.flush());
  await page.waitForTimeout(2500);
  await page.goto('about:blank'); // pagehide: nothing by sendBeacon either
  assert.deepEqual(sent, []);
  assert.deepEqual((await page.context().cookies()).filter((c) => c.name.startsWith('tertulia')), []);
  const events = (await json('/api/v1/events?type=page&limit=500')).items;
  assert.ok(!events.some((e) => e.properties?.path === '/dnt.html'));
  await page.context().close();
});

test('settings give the paste-ready snippet with the new write key, and pasting it works', async () => {
  const admin = await userWithPassword(server, 'snippet-admin@example.com', 'admin');
  const page = await newPage(browser);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await signIn(page, server, admin);
  await page.goto(`${server.url}/settings/keys`);
  const form = page.getByRole('form', { name: 'Create a key' });
  await form.getByLabel('Kind').selectOption('write');
  await form.getByLabel('Name').fill('Tienda online');
  await form.getByLabel('Source').fill('tienda');
  await form.getByRole('button', { name: 'Create key' }).click();
  const shown = page.getByRole('region', { name: 'Secret of “Tienda online”' });
  await shown.waitFor();
  const secret = (await shown.locator('code').textContent()).trim();
  const expected = `<script src="${server.url}/t.js" data-write-key="${secret}" async></script>`;
  const snippet = page.getByRole('region', { name: 'Snippet for your website' });
  await snippet.waitFor();
  assert.equal((await snippet.locator('code').textContent()).trim(), expected);
  await snippet.getByRole('button', { name: 'Copy the snippet' }).click();
  await snippet.getByText('Copied to the clipboard.').waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected);
  await screenshot(page, 'snippet-settings-new-write-key');
  assert.deepEqual(await axeProblems(page), []);
  await shown.getByRole('button', { name: 'I have copied it' }).click();
  await snippet.waitFor({ state: 'detached' });
  assert.equal(await page.getByText(secret).count(), 0, 'the secret is not shown again');
  // Existing write keys: where the snippet goes, and that their secret cannot be shown again.
  const help = page.getByRole('region', { name: 'Tracking snippet' });
  await help.getByText(/shown only when the key is created/).waitFor();
  await help.locator('code', { hasText: 'data-write-key' }).waitFor();
  await screenshot(page, 'snippet-settings-help');
  assert.deepEqual(await axeProblems(page), []);
  assertNoPageErrors(page, assert);

  // In Spanish too.
  await page.getByLabel('Language').first().selectOption('es');
  await page.getByRole('region', { name: 'Fragmento de seguimiento' }).waitFor();
  await page.context().close();

  // The snippet as pasted into a page works.
  writeFileSync(join(site, 'pasted.html'),
    `<!doctype html><html><head><meta charset="utf-8"><title>Pegado</title>\n${expected}\n</head><body>Hola</body></html>\n`);
  const visitor = await newPage(browser);
  await visitor.goto(`${server.url}/pasted.html`);
  await loaded(visitor);
  await visitor.evaluate(() => window.tertulia.flush());
  await eventually(async () => (await json('/api/v1/events?type=page&limit=500')).items
    .find((e) => e.properties?.path === '/pasted.html'), 'the page view from the pasted snippet', 10_000);
  assertNoPageErrors(visitor, assert);
  await visitor.context().close();
});

// Accessibility in Chromium against the real server: axe-core (WCAG 2.0/2.1 A and AA) on every
// main screen with no serious or critical violation, in English and Spanish; no horizontal page
// overflow from 1280 to 1920 px wide nor at 768 px; and the main tasks done with the keyboard
// alone (sign in, the header navigation, a contact's timeline, a card moved on the board), with a
// visible focus indicator on every stop and the skip link first. A11Y_DEBUG=1 also prints what axe
// could not decide (its "incomplete" results) and the Tab stops walked.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { api, assertNoPageErrors, newPage, screenshot, signIn, openApp, closeApp, createRecord } from './lib/browser.mjs';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let server;
let browser;
let admin;
const data = {};

const create = (path, json) => createRecord(server, path, json);

before(async () => {
  ({ server, browser, admin } = await openApp('marta@example.com'));
  data.company = await create('/api/v1/companies', { name: 'Conservas del Cantábrico', domain: 'cantabrico.es', sizeBand: '51-200' });
  data.contact = await create('/api/v1/contacts', {
    firstName: 'Andrés', lastName: 'Salgado', emails: ['andres@cantabrico.es'], phones: ['+34 942 000 111'],
    companyId: data.company.id, title: 'Director de compras', tags: ['renovación'],
  });
  data.colleague = await create('/api/v1/contacts', { firstName: 'Irene', lastName: 'Vidal', companyId: data.company.id });
  await create('/api/v1/relationships', { fromContactId: data.contact.id, toContactId: data.colleague.id, kind: 'colleague' });
  data.pipeline = await create('/api/v1/pipelines', {
    name: 'Hostelería',
    stages: [
      { id: 'lead', name: 'Lead', probability: 10, rotDays: 30 },
      { id: 'proposal', name: 'Proposal', probability: 50 },
      { id: 'negotiation', name: 'Negotiation', probability: 80 },
      { id: 'won', name: 'Won', kind: 'won', probability: 100 },
      { id: 'lost', name: 'Lost', kind: 'lost', probability: 0 },
    ],
  });
  const opportunity = (name, minor, extra = {}) => create('/api/v1/opportunities', {
    name, pipelineId: data.pipeline.id, amount: { value: minor, currency: 'EUR' }, ownerId: admin.id, ...extra,
  });
  data.opportunity = await opportunity('Cantábrico: 40 cajas', 1250000, {
    companyId: data.company.id, expectedCloseDate: '2027-03-15', contacts: [{ contactId: data.contact.id, role: 'decision_maker' }],
  });
  data.other = await opportunity('Hotel Sol: minibar', 450000, { stageId: 'proposal' });
  data.late = await opportunity('Casa Pepe: menú', 300000, { expectedCloseDate: '2025-01-31' });
  await create('/api/v1/interactions', {
    channel: 'call', direction: 'outbound', subject: 'Renewal call', body: 'Wants a three-year term.',
    participants: [{ type: 'contact', id: data.contact.id }], companyId: data.company.id, opportunityId: data.opportunity.id,
  });
  await create('/api/v1/notes', { body: 'Prefers **morning** calls.', recordType: 'contact', recordId: data.contact.id });
  // A duplicate merged into the contact: its page shows the Merges card.
  data.duplicate = await create('/api/v1/contacts', { firstName: 'A.', lastName: 'Salgado', emails: ['a.salgado@gmail.example'] });
  await create('/api/v1/merges', { survivorId: data.contact.id, mergedId: data.duplicate.id, reason: 'Same person' });
  await create('/api/v1/tasks', { title: 'Send the three-year proposal', dueAt: '2027-01-10T09:00:00Z', assigneeId: admin.id,
    linkedRecord: { type: 'contact', id: data.contact.id } });
  await create('/api/v1/tasks', { title: 'Call Hotel Sol back', assigneeId: admin.id, linkedRecord: { type: 'company', id: data.company.id } });
  await create('/api/v1/teams', { name: 'Horeca', memberIds: [admin.id] });
  await create('/api/v1/custom-fields', { object: 'contact', key: 'region', label: 'Región', type: 'enum', options: ['Norte', 'Sur'] });
  const rate = await api(server, '/api/v1/exchange-rates/USD', { method: 'PUT', json: { rate: 0.9 } });
  assert.ok(rate.status < 300, rate.text);
});

after(() => closeApp({ server, browser }));

// The screens: a path and what shows that it has loaded (beyond the spinner going away).
function screens() {
  return [
    { name: 'contacts-list', path: '/contacts', ready: (p) => p.getByRole('link', { name: 'Andrés Salgado' }).first() },
    { name: 'contact-page', path: `/contacts/${data.contact.id}`, ready: (p) => p.getByRole('list', { name: 'Timeline' }).getByText('Renewal call') },
    { name: 'companies-list', path: '/companies', ready: (p) => p.getByRole('link', { name: 'Conservas del Cantábrico' }).first() },
    { name: 'company-page', path: `/companies/${data.company.id}`, ready: (p) => p.getByRole('heading', { name: 'Conservas del Cantábrico', level: 1 }) },
    { name: 'pipeline-board', path: `/pipeline/${data.pipeline.id}`, ready: (p) => p.locator(`[data-opportunity-id="${data.opportunity.id}"]`) },
    { name: 'opportunity-page', path: `/opportunities/${data.opportunity.id}`, ready: (p) => p.getByRole('heading', { name: 'Cantábrico: 40 cajas', level: 1 }) },
    { name: 'reports', path: `/reports?pipelineId=${data.pipeline.id}`, ready: (p) => p.locator('[data-testid="chart"] canvas').first() },
    { name: 'tasks', path: '/tasks', ready: (p) => p.getByText('Send the three-year proposal').first() },
    ...['workspace', 'pipelines', 'custom-fields', 'users', 'teams', 'keys', 'exchange-rates', 'audit'].map((section) => (
      { name: `settings-${section}`, path: `/settings/${section}`, ready: (p) => p.getByRole('heading', { level: 1 }) })),
  ];
}

// Opens a screen and waits until its data is shown and nothing is loading any more.
async function open(page, screen) {
  await page.goto(server.url + screen.path);
  await screen.ready(page).waitFor();
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => !document.querySelector('.loading, .spinner'));
  await page.waitForTimeout(400);  // chart and graph entry animations
}

// The window's title names the screen: "<its h1> · Tertulia" (WCAG 2.4.2; axe only checks that
// there is one). A problem, described, or nothing.
async function titleProblems(page, label) {
  const { title, heading } = await page.evaluate(() => ({
    title: document.title, heading: document.querySelector('main h1')?.textContent?.trim() ?? '' }));
  if (!heading) return [`${label}: no h1`];
  const expected = `${heading} · Tertulia`;
  return title === expected ? [] : [`${label}: the window title is “${title}”, not “${expected}” (WCAG 2.4.2)`];
}

// axe-core on the whole document; the serious and critical violations, described.
async function axeViolations(page, label) {
  // The page's Content-Security-Policy (script-src 'self') refuses an injected <script> tag
  // (page.addScriptTag), so axe's source is evaluated through the DevTools protocol instead, which
  // keeps the real policy in force for the application itself.
  if (!await page.evaluate(() => 'axe' in window)) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate((values) => window.axe.run(document, { runOnly: { type: 'tag', values } }), WCAG);
  // A run that checked nothing (an empty page, axe not loaded) must not pass for a clean one.
  assert.ok(result.passes.length >= 10, `${label}: axe checked only ${result.passes.length} rules`);
  if (process.env.A11Y_DEBUG) {
    for (const v of result.incomplete) console.log(`${label}: incomplete ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  }
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) =>
    `${label}: ${v.id} (${v.impact}): ${v.help}\n${v.nodes.map((n) =>
      `    ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n/g, '\n      ')}`).join('\n')}`);
}

// How far the page scrolls sideways, and the elements that stick out, if it does. Measured against
// the root's clientWidth (the window less a vertical scroll bar), which is stricter than
// window.innerWidth: scrollWidth <= clientWidth <= innerWidth.
async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    const width = root.clientWidth;
    const by = root.scrollWidth - width;
    // What sticks out past the window without a scrolling box of its own around it (an absolutely
    // positioned element may escape its scrolling ancestor, so it is always listed).
    const scrolledInside = (e) => {
      if (['absolute', 'fixed'].includes(getComputedStyle(e).position)) return false;
      for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
        if (!['visible', 'clip'].includes(getComputedStyle(p).overflowX)) return true;
      }
      return false;
    };
    const wide = by <= 0 ? [] : [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 1 && !scrolledInside(e))
      .slice(0, 8).map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}.${String(e.className).trim().replace(/\s+/g, '.')}`);
    return { by, innerWidth: window.innerWidth, scrollWidth: root.scrollWidth, wide };
  });
}

test('every main screen has no serious or critical axe violation (WCAG 2.1 A and AA) at 1440 px', async () => {
  const found = [];
  const anonymous = await newPage(browser);
  await anonymous.goto(server.url + '/');
  await anonymous.getByRole('heading', { name: 'Sign in to Tertulia' }).waitFor();
  found.push(...await axeViolations(anonymous, 'login'));
  found.push(...await titleProblems(anonymous, 'login'));
  await anonymous.context().close();

  const page = await newPage(browser);
  await signIn(page, server, admin);
  for (const screen of screens()) {
    await open(page, screen);
    found.push(...await titleProblems(page, screen.name));
    found.push(...await axeViolations(page, screen.name));
  }
  assert.deepEqual(found, [], `axe found serious or critical violations, or untitled screens:\n${found.join('\n')}`);
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('the Spanish interface has no serious or critical axe violation either', async () => {
  const found = [];
  const page = await newPage(browser, { locale: 'es-ES' });
  await page.goto(server.url + '/');
  await page.getByRole('heading', { name: 'Entrar en Tertulia' }).waitFor();
  found.push(...await axeViolations(page, 'es login'));
  await signIn(page, server, admin);
  for (const screen of [
    { name: 'es contacts-list', path: '/contacts', ready: (p) => p.getByRole('link', { name: 'Andrés Salgado' }).first() },
    { name: 'es contact-page', path: `/contacts/${data.contact.id}`, ready: (p) => p.getByRole('list', { name: 'Cronología' }).getByText('Renewal call') },
    { name: 'es opportunity-page', path: `/opportunities/${data.opportunity.id}`, ready: (p) => p.getByRole('heading', { name: 'Cantábrico: 40 cajas', level: 1 }) },
    { name: 'es pipeline-board', path: `/pipeline/${data.pipeline.id}`, ready: (p) => p.locator(`[data-opportunity-id="${data.opportunity.id}"]`) },
    { name: 'es tasks', path: '/tasks', ready: (p) => p.getByText('Send the three-year proposal').first() },
    { name: 'es settings-users', path: '/settings/users', ready: (p) => p.getByText('marta@example.com').first() },
    { name: 'es settings-exchange-rates', path: '/settings/exchange-rates', ready: (p) => p.getByText('USD').first() },
  ]) {
    await open(page, screen);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
    found.push(...await axeViolations(page, screen.name));
  }
  assert.deepEqual(found, [], `axe found serious or critical violations:\n${found.join('\n')}`);
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('dialogs, open forms, pickers and messages have no serious or critical axe violation', async () => {
  const found = [];
  const check = async (page, label) => {
    await page.waitForTimeout(300);
    found.push(...await axeViolations(page, label));
  };
  const anonymous = await newPage(browser);
  await anonymous.goto(server.url + '/');
  await anonymous.getByLabel('E-mail').fill(admin.email);
  await anonymous.getByLabel('Password').fill('not the password');
  await anonymous.getByRole('button', { name: 'Sign in' }).click();
  await anonymous.getByRole('alert').filter({ hasText: 'The e-mail or password is not right.' }).waitFor();
  await check(anonymous, 'login-failed');
  await anonymous.context().close();

  const page = await newPage(browser);
  await signIn(page, server, admin);
  await open(page, screens()[0]);
  await page.getByRole('button', { name: 'New contact' }).click();
  const contactDialog = page.getByRole('dialog', { name: 'New contact' });
  await contactDialog.getByLabel('First name').fill('Lucía');
  await contactDialog.getByLabel('E-mail 1', { exact: true }).fill('lucia-at-example');
  await contactDialog.getByRole('button', { name: 'Create contact' }).click();
  await contactDialog.locator('.field-error').first().waitFor();
  await check(page, 'new-contact-dialog-with-errors');
  await page.keyboard.press('Escape');
  await contactDialog.waitFor({ state: 'hidden' });

  await page.getByRole('combobox', { name: 'Search everything' }).fill('cantab');
  await page.getByRole('option').first().waitFor();
  await check(page, 'global-search-results');
  await page.keyboard.press('Escape');

  await open(page, screens()[1]);
  await page.getByRole('button', { name: 'Add a relationship' }).click();
  await page.locator('form.ct-rel-form').getByRole('combobox', { name: 'Person' }).fill('iren');
  await page.locator('form.ct-rel-form').getByRole('option').first().waitFor();
  await check(page, 'contact-relationship-picker');
  await page.getByRole('button', { name: 'Add a task' }).click();
  await page.getByLabel('What needs doing').waitFor();
  await check(page, 'contact-task-form');
  // The merge dialog: a missing pick, then both contacts side by side; the undo confirmation.
  await page.getByRole('button', { name: 'Merge with…' }).click();
  const mergeDialog = page.getByRole('dialog', { name: 'Merge Andrés Salgado with another contact' });
  await mergeDialog.getByRole('button', { name: 'Merge contacts' }).click();
  await mergeDialog.getByText('Pick the contact to merge with first.').waitFor();
  await check(page, 'merge-dialog-with-error');
  await mergeDialog.getByRole('combobox', { name: 'Merge with' }).fill('iren');
  await mergeDialog.getByRole('option', { name: /Irene Vidal/ }).click();
  await mergeDialog.getByRole('group', { name: 'Which contact stays?' }).waitFor();
  await check(page, 'merge-dialog');
  await page.keyboard.press('Escape');
  await mergeDialog.waitFor({ state: 'hidden' });
  await page.getByRole('button', { name: 'Undo the merge with A. Salgado' }).click();
  const undoDialog = page.getByRole('dialog', { name: 'Undo this merge?' });
  await undoDialog.waitFor();
  await check(page, 'undo-merge-dialog');
  await undoDialog.getByRole('button', { name: 'Cancel' }).click();
  await undoDialog.waitFor({ state: 'hidden' });

  await open(page, screens()[4]);
  await page.getByRole('button', { name: 'New opportunity' }).first().click();
  const oppDialog = page.getByRole('dialog', { name: 'New opportunity' });
  await oppDialog.getByRole('button', { name: 'Create opportunity' }).click();
  await oppDialog.getByText('Give the opportunity a name.').waitFor();
  await check(page, 'new-opportunity-dialog-with-errors');
  await page.keyboard.press('Escape');
  await oppDialog.waitFor({ state: 'hidden' });
  await page.getByLabel('Move “Casa Pepe: menú” to stage').selectOption('lost');
  const lostDialog = page.getByRole('dialog', { name: 'Mark “Casa Pepe: menú” as lost' });
  await lostDialog.waitFor();
  await check(page, 'lost-reason-dialog');
  await lostDialog.getByRole('button', { name: 'Cancel' }).click();

  await open(page, screens()[5]);
  await page.getByRole('button', { name: 'Log a conversation' }).click();
  await page.getByRole('form', { name: 'Log a conversation' }).waitFor();
  await check(page, 'opportunity-conversation-form');

  await open(page, { path: `/settings/pipelines/${data.pipeline.id}`, ready: (p) => p.getByRole('heading', { level: 1 }) });
  await check(page, 'settings-pipeline-editor');
  assert.deepEqual(found, [], `axe found serious or critical violations:\n${found.join('\n')}`);
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('no screen scrolls sideways at 1280, 1920 or 768 px (the board scrolls inside itself)', async () => {
  const found = [];
  for (const width of [1280, 1920, 768]) {
    const page = await newPage(browser, { width, height: 900 });
    await page.goto(server.url + '/');
    await page.getByRole('heading', { name: 'Sign in to Tertulia' }).waitFor();
    const login = await horizontalOverflow(page);
    if (login.by > 0) found.push(`login at ${width}px: the page is ${login.by}px wider than the window (${login.wide.join(', ')})`);
    await signIn(page, server, admin);
    for (const screen of screens()) {
      await open(page, screen);
      const overflow = await horizontalOverflow(page);
      if (overflow.by > 0) found.push(`${screen.name} at ${width}px: the page is ${overflow.by}px wider than the window (${overflow.wide.join(', ')})`);
      if (width !== 1280) await screenshot(page, `a11y-${screen.name}-${width}`);
    }
    assertNoPageErrors(page, assert);
    await page.context().close();
  }
  assert.deepEqual(found, [], found.join('\n'));
});

// ---- Keyboard ----

// What has the focus, and whether it shows: an outline that is not 'none' and has a width, or a
// box shadow. A visually hidden control (a styled radio or file input) shows its focus on its label.
async function focused(page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return { tag: 'body', visible: false, describe: 'body' };
    const shows = (e) => {
      const style = getComputedStyle(e);
      return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || (style.boxShadow && style.boxShadow !== 'none');
    };
    const box = element.getBoundingClientRect();
    const hidden = Number(getComputedStyle(element).opacity) === 0 || box.width <= 1 || box.height <= 1;
    const carrier = hidden ? element.closest('label') ?? (element.id && document.querySelector(`label[for="${element.id}"]`)) : element;
    const name = element.getAttribute('aria-label') || element.labels?.[0]?.textContent || element.textContent || '';
    return {
      tag: element.tagName.toLowerCase(),
      id: element.id,
      type: element.getAttribute('type') ?? '',
      role: element.getAttribute('role') ?? '',
      name: name.trim().replace(/\s+/g, ' ').slice(0, 80),
      href: element.getAttribute('href') ?? '',
      visible: !!carrier && shows(carrier),
      describe: `${element.tagName.toLowerCase()}${element.id ? '#' + element.id : ''}.${String(element.className).trim().replace(/\s+/g, '.')} “${name.trim().slice(0, 60)}”`,
    };
  });
}

async function assertFocusVisible(page, where) {
  const now = await focused(page);
  assert.ok(now.visible, `${where}: the focused element ${now.describe} shows no focus indicator`);
  return now;
}

// Presses Tab (or Shift+Tab) until the focused element matches; every stop on the way must show
// its focus.
async function tabTo(page, matches, { back = false, max = 80, what = 'the target' } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    seen.push(now.describe);
    assert.ok(now.visible, `tabbing to ${what}: ${now.describe} shows no focus indicator (stops: ${seen.join(' → ')})`);
    if (matches(now)) {
      if (process.env.A11Y_DEBUG) console.log(`tab stops to ${what}: ${seen.join(' → ')}`);
      return now;
    }
  }
  assert.fail(`${what} was not reached with ${back ? 'Shift+Tab' : 'Tab'} in ${max} stops: ${seen.join(' → ')}`);
}

test('with the keyboard alone: sign in, the header navigation, a note on a contact, and a card moved on the board', async () => {
  const page = await newPage(browser);
  await page.goto(server.url + '/');
  await page.getByRole('heading', { name: 'Sign in to Tertulia' }).waitFor();
  // The e-mail field has the focus on arrival.
  let now = await assertFocusVisible(page, 'login page');
  assert.equal(now.type, 'email', `focused on arrival: ${now.describe}`);
  await page.keyboard.type(admin.email);
  await page.keyboard.press('Tab');
  now = await assertFocusVisible(page, 'password field');
  assert.equal(now.type, 'password');
  await page.keyboard.type(admin.password);
  await page.keyboard.press('Tab');
  now = await assertFocusVisible(page, 'sign-in button');
  assert.equal(now.name, 'Sign in');
  await page.keyboard.press('Enter');
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();

  // After signing in, the first Tab stop is the skip link; it moves the focus to the content.
  await page.keyboard.press('Tab');
  now = await assertFocusVisible(page, 'skip link');
  assert.equal(now.name, 'Skip to content', `first Tab stop after sign-in: ${now.describe}`);
  assert.ok(await page.getByRole('link', { name: 'Skip to content' }).isVisible(), 'the skip link shows when focused');
  await screenshot(page, 'a11y-skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'content', 'the skip link focuses main');
  // And on a fresh load of any screen, too.
  await page.goto(`${server.url}/companies`);
  await page.getByRole('heading', { name: 'Companies', level: 1 }).waitFor();
  await page.keyboard.press('Tab');
  now = await assertFocusVisible(page, 'skip link on load');
  assert.equal(now.name, 'Skip to content', `first Tab stop on load: ${now.describe}`);

  // The header navigation: to Reports with Tab, back to Contacts with Shift+Tab.
  await tabTo(page, (f) => f.tag === 'a' && f.name === 'Reports', { what: 'the Reports link' });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Sales reports', level: 1 }).waitFor();
  await tabTo(page, (f) => f.tag === 'a' && f.name === 'Contacts' && f.href === '/contacts', { back: true, what: 'the Contacts link' });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Andrés Salgado' }).first().waitFor();

  // A row's checkbox toggles with Space; then the contact, and a note on its timeline (the kind
  // picked with the arrow keys).
  await tabTo(page, (f) => f.type === 'checkbox' && f.name === 'Select Andrés Salgado', { what: 'the row’s checkbox' });
  const isChecked = () => page.evaluate(() => document.activeElement?.checked);
  await page.keyboard.press('Space');
  assert.equal(await isChecked(), true, 'Space checks the row');
  await page.getByRole('region', { name: 'Change the selected contacts' }).waitFor();
  await page.keyboard.press('Space');
  assert.equal(await isChecked(), false, 'Space unchecks it');
  await tabTo(page, (f) => f.tag === 'a' && f.name === 'Andrés Salgado', { what: 'the contact in the list' });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Andrés Salgado', level: 1 }).waitFor();
  await page.getByRole('list', { name: 'Timeline' }).getByText('Renewal call').waitFor();
  await tabTo(page, (f) => f.type === 'radio', { what: 'the kind of entry to log' });
  const checked = () => page.evaluate(() => document.activeElement?.value);
  assert.equal(await checked(), 'call');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  assert.equal(await checked(), 'note');
  await assertFocusVisible(page, 'the Note radio');
  await screenshot(page, 'a11y-keyboard-note-kind');
  await page.keyboard.press('Tab');
  now = await assertFocusVisible(page, 'the note text');
  assert.equal(now.tag, 'textarea');
  await page.keyboard.type('Typed with the keyboard only.');
  await tabTo(page, (f) => f.tag === 'button' && f.name === 'Add note', { what: 'the Add note button' });
  await page.keyboard.press('Enter');
  await page.getByRole('list', { name: 'Timeline' }).getByText('Typed with the keyboard only.').waitFor();
  const notes = await api(server, `/api/v1/notes?recordId=${data.contact.id}`);
  assert.ok(notes.data.items.some((n) => n.body === 'Typed with the keyboard only.'));

  // The board: back up to the header's Pipeline link, then a card's "Move to" control.
  await tabTo(page, (f) => f.tag === 'a' && f.name === 'Pipeline', { back: true, what: 'the Pipeline link', max: 120 });
  await page.keyboard.press('Enter');
  const card = page.locator(`[data-opportunity-id="${data.other.id}"]`);
  await page.locator('[data-stage-id="proposal"]').locator(`[data-opportunity-id="${data.other.id}"]`).waitFor();
  await tabTo(page, (f) => f.tag === 'select' && f.name === 'Move “Hotel Sol: minibar” to stage', { what: 'the card’s Move to control' });
  await screenshot(page, 'a11y-keyboard-move-to');
  // The stages other than its own, in order: Lead, Negotiation, Won, Lost. Pick Negotiation.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  // The arrow keys only pick the stage: the card has not moved yet, and says how to move it.
  await page.waitForTimeout(500);
  assert.equal((await api(server, `/api/v1/opportunities/${data.other.id}`)).data.stageId, 'proposal',
    'the arrow keys alone moved the card, to a stage passed on the way');
  assert.equal(await page.locator('[data-stage-id="proposal"]').locator(`[data-opportunity-id="${data.other.id}"]`).count(), 1);
  await card.getByText('Press Enter to move it to Negotiation.').waitFor();
  await assertFocusVisible(page, 'the Move to control with a stage picked');
  await screenshot(page, 'a11y-keyboard-move-picked');
  await page.keyboard.press('Enter');
  await page.locator('[data-stage-id="negotiation"]').locator(`[data-opportunity-id="${data.other.id}"]`).waitFor();
  await page.getByRole('status').filter({ hasText: '“Hotel Sol: minibar” moved to Negotiation.' }).waitFor();
  const moved = await api(server, `/api/v1/opportunities/${data.other.id}`);
  assert.equal(moved.data.stageId, 'negotiation', 'moved to the stage chosen, not to one passed on the way');
  const history = await api(server, `/api/v1/opportunities/${data.other.id}/history`);
  assert.equal(history.status, 200, history.text);
  assert.deepEqual(history.data.items.map((h) => h.toStageId).sort(), ['negotiation', 'proposal'],
    'created in Proposal, then one move: none to the stages passed with the arrow keys');
  // The focus is not lost after the move.
  now = await focused(page);
  assert.notEqual(now.tag, 'body', 'the focus stays on the board after a move');
  await assertFocusVisible(page, 'after the move');
  assert.equal(await card.count(), 1);
  assertNoPageErrors(page, assert);
  await page.context().close();
});

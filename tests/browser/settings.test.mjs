// Settings and tasks in Chromium against the real server: users with one-time passwords, API keys
// shown once and revoked, the pipeline editor, exchange rates and visibility, custom fields, the
// audit log, and what viewers and reps see.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { api, assertNoPageErrors, newPage, screenshot as save, signIn, userWithPassword, openApp, closeApp } from './lib/browser.mjs';

// Full-page screenshots from the top, so the sticky header and navigation sit where they belong.
async function screenshot(page, name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await save(page, name);
}

let server;
let browser;
let admin;

before(async () => {
  ({ server, browser, admin } = await openApp('boss@example.com'));
  const users = await api(server, '/api/v1/users');
  admin.name = users.data.items.find((u) => u.id === admin.id).name || admin.email;
});

after(() => closeApp({ server, browser }));

async function adminPage(path) {
  const page = await newPage(browser);
  await signIn(page, server, admin);
  await page.goto(server.url + path);
  return page;
}

test('an admin adds a user, sees the one-time password once, and the user must change it', async () => {
  const page = await adminPage('/settings/users');
  await page.getByRole('heading', { name: 'Users and roles' }).waitFor();
  const form = page.getByRole('form', { name: 'Add a user' });
  await form.getByLabel('Name').fill('Rosa Ventas');
  await form.getByLabel('E-mail').fill('rosa.example.com');
  await form.getByRole('button', { name: 'Add user' }).click();
  // The server's message shows next to the field it is about.
  await form.locator('.field-invalid').getByLabel('E-mail').waitFor();
  await form.getByLabel('E-mail').fill('rosa@example.com');
  await form.getByLabel('Role').selectOption({ label: 'Sales rep' });
  await form.getByRole('button', { name: 'Add user' }).click();
  const secret = page.getByRole('region', { name: 'One-time password' });
  await secret.waitFor();
  const otp = (await secret.locator('code').textContent()).trim();
  assert.ok(otp.length >= 10, `a one-time password is shown: ${otp}`);
  await secret.getByText('It is shown only this once.').waitFor();
  const row = page.getByRole('row', { name: /Rosa Ventas/ });
  await row.waitFor();
  assert.equal(await row.getByLabel('Role of Rosa Ventas').inputValue(), 'rep');
  await screenshot(page, 'settings-user-otp');
  await secret.getByRole('button', { name: 'I have copied it' }).click();
  await secret.waitFor({ state: 'detached' });
  await page.reload();
  await page.getByRole('row', { name: /Rosa Ventas/ }).waitFor();
  assert.equal(await page.getByText(otp).count(), 0, 'the password is not shown again');
  assertNoPageErrors(page, assert);
  await page.context().close();

  const newcomer = await newPage(browser);
  await newcomer.goto(server.url + '/');
  await newcomer.getByLabel('E-mail').fill('rosa@example.com');
  await newcomer.getByLabel('Password').fill(otp);
  await newcomer.getByRole('button', { name: 'Sign in' }).click();
  await newcomer.getByRole('heading', { name: 'Choose your password' }).waitFor();
  await screenshot(newcomer, 'settings-user-first-sign-in');
  assertNoPageErrors(newcomer, assert);
  await newcomer.context().close();
});

test('an admin creates an API key, the secret works once shown, and revoking it locks it out', async () => {
  const page = await adminPage('/settings/keys');
  const form = page.getByRole('form', { name: 'Create a key' });
  await form.getByLabel('Name').fill('CI export');
  await form.getByLabel('Scope').selectOption('read');
  await form.getByLabel('Acts as').selectOption('workspace');
  await form.getByRole('button', { name: 'Create key' }).click();
  const shown = page.getByRole('region', { name: 'Secret of “CI export”' });
  await shown.waitFor();
  const secret = (await shown.locator('code').textContent()).trim();
  const withKey = () => fetch(`${server.url}/api/v1/contacts`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal((await withKey()).status, 200);
  await screenshot(page, 'settings-key-secret');
  await shown.getByRole('button', { name: 'I have copied it' }).click();
  const row = page.getByRole('row', { name: /CI export/ });
  await row.getByText('The workspace').waitFor();
  assert.equal(await page.getByText(secret).count(), 0, 'the list never shows the secret');
  // The use just made shows as the last use once the list reloads.
  await page.reload();
  await page.getByRole('row', { name: /CI export/ }).getByRole('time').waitFor();
  await page.getByRole('button', { name: 'Revoke key “CI export”' }).click();
  const dialog = page.getByRole('dialog', { name: 'Revoke key “CI export”?' });
  await dialog.getByRole('button', { name: 'Revoke' }).click();
  await page.getByText('Key “CI export” revoked.').waitFor();
  assert.equal((await withKey()).status, 401);
  await page.getByLabel(/Show revoked keys/).check();
  await page.getByRole('row', { name: /CI export/ }).getByText(/Revoked/).waitFor();
  await screenshot(page, 'settings-key-revoked');
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('the admin edits a pipeline: adds, renames, reorders and removes stages', async () => {
  const created = await api(server, '/api/v1/pipelines', {
    method: 'POST',
    json: {
      name: 'Enterprise', stages: [
        { name: 'Lead', probability: 10, kind: 'open', rotDays: 14 },
        { name: 'Qualified', probability: 30, kind: 'open' },
        { name: 'Trial', probability: 50, kind: 'open' },
        { name: 'Won', probability: 100, kind: 'won' },
        { name: 'Lost', probability: 0, kind: 'lost' }],
    },
  });
  assert.equal(created.status, 201, created.text);
  const pipeline = created.data;
  const deal = await api(server, '/api/v1/opportunities', {
    method: 'POST',
    json: { name: 'Big deal', pipelineId: pipeline.id, stageId: 'trial', amount: { value: 500000, currency: 'EUR' } },
  });
  assert.equal(deal.status, 201, deal.text);

  const page = await adminPage(`/settings/pipelines/${pipeline.id}`);
  const editor = page.getByRole('form', { name: 'Edit “Enterprise”' });
  await editor.waitFor();
  await editor.getByRole('button', { name: 'Add a stage' }).click();
  // The new stage goes before the closed stages and its name field takes the focus.
  await page.keyboard.type('Demo');
  await editor.getByLabel('Stage name').nth(1).fill('Discovery');
  await editor.getByRole('button', { name: 'Move “Demo” up' }).click();
  // Focus stays on the moved stage's button: the keyboard moves it again.
  await page.keyboard.press('Enter');
  await editor.getByRole('button', { name: 'Move “Demo” up' }).press('Enter');
  await editor.getByLabel('Probability (%)').first().fill('5');
  // Removing a stage that holds an opportunity asks where it goes.
  await editor.getByRole('button', { name: 'Remove stage “Trial”' }).click();
  await editor.getByText('holds 1 opportunity.').waitFor();
  await editor.getByRole('button', { name: 'Save pipeline' }).click();
  await editor.getByText('Choose where its opportunities go.').waitFor();
  await editor.getByLabel('Move the opportunities of “Trial” to').selectOption({ label: 'Discovery' });
  await screenshot(page, 'settings-pipeline-editor');
  await editor.getByRole('button', { name: 'Save pipeline' }).click();
  await page.getByText('Saved.').waitFor();

  const stored = await api(server, `/api/v1/pipelines/${pipeline.id}`);
  assert.deepEqual(stored.data.stages.map((s) => s.name), ['Demo', 'Lead', 'Discovery', 'Won', 'Lost']);
  assert.equal(stored.data.stages[0].probability, 5);
  assert.equal(stored.data.stages.find((s) => s.name === 'Discovery').id, 'qualified', 'a rename keeps the id');
  const moved = await api(server, `/api/v1/opportunities/${deal.data.id}`);
  assert.equal(moved.data.stageId, 'qualified');
  await screenshot(page, 'settings-pipeline-saved');

  // A new pipeline starts with sensible stages; deleting and restoring it round-trips.
  await page.getByRole('link', { name: 'New pipeline' }).click();
  const fresh = page.getByRole('form', { name: 'New pipeline' });
  await fresh.getByLabel('Name', { exact: true }).fill('Partners');
  await fresh.getByLabel('Segment').fill('channel');
  await fresh.getByRole('button', { name: 'Create pipeline' }).click();
  await page.getByText('Pipeline “Partners” created.').waitFor();
  const partners = (await api(server, '/api/v1/pipelines')).data.items.find((p) => p.name === 'Partners');
  assert.equal(partners.segment, 'channel');
  assert.deepEqual(partners.stages.map((s) => s.kind), ['open', 'open', 'won', 'lost']);
  await page.waitForURL(new RegExp(`/settings/pipelines/${partners.id}$`));
  await page.getByRole('button', { name: 'Delete pipeline' }).click();
  await page.getByRole('dialog', { name: 'Delete pipeline “Partners”?' }).getByRole('button', { name: 'Delete' }).click();
  await page.getByText(/Pipeline “Partners” deleted/).waitFor();
  await page.getByLabel('Show deleted pipelines').check();
  await page.getByRole('button', { name: 'Restore pipeline “Partners”' }).click();
  await page.getByText('Pipeline “Partners” restored.').waitFor();
  assert.ok((await api(server, '/api/v1/pipelines')).data.items.some((p) => p.id === partners.id));
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('the admin sets an exchange rate and switches visibility to team', async () => {
  const page = await adminPage('/settings/exchange-rates');
  const form = page.getByRole('form', { name: 'Set a rate' });
  await form.getByLabel('Currency').fill('usd');
  await form.getByLabel(/Value of one unit in/).fill('0,92');
  await form.getByText(/1 USD = 0\.92/).waitFor();
  await form.getByRole('button', { name: 'Save rate' }).click();
  await page.getByText('Rate for USD saved.').waitFor();
  await page.getByRole('row', { name: /USD/ }).waitFor();
  await screenshot(page, 'settings-exchange-rates');
  const rates = await api(server, '/api/v1/exchange-rates');
  assert.equal(rates.data.items.find((r) => r.currency === 'USD')?.rate, 0.92);

  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Workspace' }).click();
  await page.getByRole('heading', { name: 'Workspace', level: 1 }).waitFor();
  await page.getByLabel(/Each team sees its own/).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  await screenshot(page, 'settings-workspace');
  const workspace = await api(server, '/api/v1/workspace');
  assert.equal(workspace.data.visibility, 'team');
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('a custom field created in the editor is in the API', async () => {
  const page = await adminPage('/settings/custom-fields');
  await page.getByRole('button', { name: /Companies/ }).click();
  const form = page.getByRole('form', { name: 'New field on Companies' });
  await form.getByLabel('Label').fill('Contract renewal');
  assert.equal(await form.getByLabel('Key').inputValue(), 'contractRenewal');
  await form.getByLabel('Type').selectOption('enum');
  await form.getByRole('button', { name: 'Create field' }).click();
  await form.getByText('A list field needs at least one option.').waitFor();
  await form.getByLabel('Options').fill('Monthly\nYearly');
  await form.getByRole('button', { name: 'Create field' }).click();
  await page.getByText('Field “Contract renewal” created.').waitFor();
  await page.getByRole('row', { name: /Contract renewal/ }).getByText('Yearly').waitFor();
  await screenshot(page, 'settings-custom-fields');
  const fields = await api(server, '/api/v1/custom-fields');
  const field = fields.data.items.find((f) => f.key === 'contractRenewal');
  assert.equal(field?.object, 'company');
  assert.equal(field?.type, 'enum');
  assert.deepEqual(field?.options, ['Monthly', 'Yearly']);
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('the audit log shows those changes with their actor, filters them and opens the changes', async () => {
  const page = await adminPage('/settings/audit');
  await page.getByRole('heading', { name: 'Audit log' }).waitFor();
  await page.getByRole('cell', { name: 'Key created' }).first().waitFor();
  await page.getByLabel('Action').selectOption('key_create');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/action=key_create/);
  const keyRow = page.locator('tr.audit-row').first();
  await keyRow.getByText('Key created').waitFor();
  // The key the test harness made with the CLI (by the system) and the admin's key.
  const actions = await page.locator('tr.audit-row td:nth-child(3)').allTextContents();
  assert.ok(actions.length >= 2 && actions.every((a) => a === 'Key created'), actions.join());
  await page.locator('tr.audit-row', { hasText: 'System' }).waitFor();
  assert.match(await keyRow.textContent(), new RegExp(admin.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await keyRow.getByRole('button', { name: 'Show', exact: true }).click();
  assert.match(await page.locator('tr.audit-detail pre').textContent(), /CI export/);

  await page.getByLabel('Action').selectOption('create');
  await page.getByRole('button', { name: 'Apply' }).click();
  const userRow = page.locator('tr.audit-row', { hasText: 'User' }).first();
  await userRow.waitFor();
  assert.match(await userRow.textContent(), new RegExp(admin.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  await userRow.getByRole('button', { name: 'Show', exact: true }).click();
  await page.locator('tr.audit-detail pre', { hasText: 'rosa@example.com' }).waitFor();
  await screenshot(page, 'settings-audit');

  await page.getByLabel('Action').selectOption('update');
  await page.getByRole('button', { name: 'Apply' }).click();
  const workspaceRow = page.locator('tr.audit-row', { hasText: 'Workspace' }).first();
  await workspaceRow.getByRole('button', { name: 'Show', exact: true }).click();
  await page.locator('tr.audit-detail pre', { hasText: 'visibility: "all" → "team"' }).waitFor();
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('the admin changes a role, resets a password, deactivates and restores a user', async () => {
  const page = await adminPage('/settings/users');
  await page.getByLabel('Role of Rosa Ventas').selectOption('manager');
  const roleDialog = page.getByRole('dialog', { name: 'Change the role of Rosa Ventas?' });
  await roleDialog.getByText('From Sales rep to Manager.').waitFor();
  await roleDialog.getByRole('button', { name: 'Change role' }).click();
  await page.getByText('Rosa Ventas is now Manager.').waitFor();
  const users = async () => (await api(server, '/api/v1/users')).data.items;
  assert.equal((await users()).find((u) => u.email === 'rosa@example.com').role, 'manager');

  await page.getByRole('button', { name: 'Reset password of Rosa Ventas' }).click();
  await page.getByRole('dialog', { name: 'Reset the password of Rosa Ventas?' }).getByRole('button', { name: 'Reset password' }).click();
  const secret = page.getByRole('region', { name: 'One-time password' });
  await secret.getByText(/was reset and their sessions ended/).waitFor();
  const otp = (await secret.locator('code').textContent()).trim();
  const login = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'rosa@example.com', password: otp }),
  });
  assert.equal(login.status, 201);
  assert.equal((await login.json()).mustChangePassword, true);
  await secret.getByRole('button', { name: 'I have copied it' }).click();

  await page.getByRole('button', { name: 'Deactivate Rosa Ventas' }).click();
  await page.getByRole('dialog', { name: 'Deactivate Rosa Ventas?' }).getByRole('button', { name: 'Deactivate' }).click();
  await page.getByText('Rosa Ventas was deactivated.').waitFor();
  await page.getByRole('row', { name: /Rosa Ventas/ }).waitFor({ state: 'detached' });
  assert.ok(!(await users()).some((u) => u.email === 'rosa@example.com'));
  const restore = page.getByRole('button', { name: 'Restore Rosa Ventas' });
  await restore.waitFor();
  await screenshot(page, 'settings-users-deactivated');
  await restore.click();
  await page.getByText('Rosa Ventas was restored and can sign in again.').waitFor();
  await page.getByRole('row', { name: /Rosa Ventas/ }).waitFor();
  assert.ok((await users()).some((u) => u.email === 'rosa@example.com'));
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('the admin creates a team with a manager and members, then renames it', async () => {
  const page = await adminPage('/settings/teams');
  await page.getByRole('button', { name: 'New team' }).first().click();
  const form = page.getByRole('form', { name: 'New team' });
  await form.getByLabel('Team name').fill('Iberia');
  await form.getByLabel('Manager', { exact: true }).selectOption({ label: 'Rosa Ventas (Manager)' });
  await form.getByRole('checkbox', { name: /Rosa Ventas/ }).check();
  await form.getByRole('checkbox', { name: /boss@example.com/ }).check();
  await form.getByText('Members (2 chosen)').waitFor();
  await form.getByRole('button', { name: 'Create team' }).click();
  await page.getByText('Team “Iberia” created.').waitFor();
  const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Iberia' }) });
  await card.getByText('Rosa Ventas').first().waitFor();
  const rosa = (await api(server, '/api/v1/users')).data.items.find((u) => u.email === 'rosa@example.com');
  let team = (await api(server, '/api/v1/teams')).data.items.find((t) => t.name === 'Iberia');
  assert.equal(team.managerId, rosa.id);
  assert.deepEqual([...team.memberIds].sort(), [admin.id, rosa.id].sort());
  await page.getByRole('button', { name: 'Edit team “Iberia”' }).click();
  await page.getByLabel('Team name').fill('Iberia Sur');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('heading', { name: 'Iberia Sur' }).waitFor();
  await screenshot(page, 'settings-teams');
  team = (await api(server, `/api/v1/teams/${team.id}`)).data;
  assert.equal(team.name, 'Iberia Sur');
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('a viewer sees admin settings as not available and cannot create tasks', async () => {
  const viewer = await userWithPassword(server, 'vera@example.com', 'viewer');
  const page = await newPage(browser);
  await signIn(page, server, viewer);
  await page.goto(server.url + '/settings');
  await page.waitForURL(/\/settings\/workspace$/);
  await page.getByText('Only administrators can change this.').waitFor();
  assert.ok(await page.getByLabel('Workspace name').isDisabled());
  assert.ok((await page.getByRole('navigation', { name: 'Settings' }).getByText('Admins only').count()) >= 5);
  await screenshot(page, 'settings-viewer');
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: /Users and roles/ }).click();
  await page.getByText('Only administrators can change this.').waitFor();
  assert.equal(await page.getByRole('form', { name: 'Add a user' }).count(), 0);
  await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: /Audit log/ }).click();
  await page.getByText('Only administrators can change this.').waitFor();
  assert.equal(await page.locator('table').count(), 0);

  await page.goto(server.url + '/tasks');
  await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
  assert.ok(await page.getByRole('button', { name: 'New task' }).isDisabled());
  await page.getByText(/you can see tasks but not create or change them/).waitFor();
  await screenshot(page, 'tasks-viewer');
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('a rep sees an overdue task first, marks it done and creates a new one', async () => {
  const rep = await userWithPassword(server, 'ramon@example.com', 'rep');
  const day = 86_400_000;
  const contact = await api(server, '/api/v1/contacts', {
    method: 'POST', json: { firstName: 'Lucía', lastName: 'Gómez', ownerId: rep.id },
  });
  assert.equal(contact.status, 201, contact.text);
  const overdue = await api(server, '/api/v1/tasks', {
    method: 'POST',
    json: { title: 'Call back Lucía', dueAt: new Date(Date.now() - day).toISOString(), assigneeId: rep.id, priority: 'high',
            linkedRecord: { type: 'contact', id: contact.data.id } },
  });
  assert.equal(overdue.status, 201, overdue.text);
  await api(server, '/api/v1/tasks', {
    method: 'POST',
    json: { title: 'Prepare the renewal', dueAt: new Date(Date.now() + 3 * day).toISOString(), assigneeId: rep.id },
  });
  const page = await newPage(browser, { width: 800, height: 900 });
  await signIn(page, server, rep);
  await page.goto(server.url + '/tasks');
  const due = page.getByRole('region', { name: /Due today or overdue/ });
  const item = due.getByRole('listitem').filter({ hasText: 'Call back Lucía' });
  await item.waitFor();
  await item.getByText('Overdue', { exact: true }).waitFor();
  const link = item.getByRole('link', { name: 'Lucía Gómez' });
  await link.waitFor();
  assert.equal(await link.getAttribute('href'), `/contacts/${contact.data.id}`);
  await page.getByRole('region', { name: /Upcoming/ }).getByText('Prepare the renewal').waitFor();
  await screenshot(page, 'tasks-rep');
  await item.getByRole('button', { name: 'Mark done: “Call back Lucía”' }).click();
  await page.getByText('“Call back Lucía” is done.').waitFor();
  await due.getByText('Call back Lucía').waitFor({ state: 'detached' });
  await page.getByRole('region', { name: /Recently done/ }).getByText('Call back Lucía').waitFor();
  const stored = await api(server, `/api/v1/tasks/${overdue.data.id}`);
  assert.equal(stored.data.status, 'done');

  await page.getByRole('button', { name: 'New task' }).click();
  const form = page.getByRole('form', { name: 'New task' });
  await form.getByLabel('What needs doing').fill('Send the proposal');
  await form.getByLabel('Priority').selectOption('urgent');
  await form.getByRole('button', { name: 'Create task' }).click();
  await due.getByText('Send the proposal').waitFor();
  await screenshot(page, 'tasks-rep-after');
  const mine = await api(server, `/api/v1/tasks?assigneeId=${rep.id}&status=open`);
  assert.ok(mine.data.items.some((t) => t.title === 'Send the proposal' && t.priority === 'urgent'));
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('settings and tasks read in Spanish and fit a 768 px window', async () => {
  const page = await newPage(browser, { locale: 'es-ES', width: 768, height: 1000 });
  await page.goto(server.url + '/');
  await page.getByLabel('Correo electrónico').fill(admin.email);
  await page.getByLabel('Contraseña').fill(admin.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('navigation', { name: 'Principal' }).waitFor();
  await page.goto(server.url + '/settings/pipelines');
  await page.getByRole('heading', { name: 'Embudos y etapas', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Añadir una etapa' }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px)`);
  await screenshot(page, 'settings-pipelines-es-768');
  await page.goto(server.url + '/settings/audit');
  await page.getByRole('heading', { name: 'Registro de auditoría', level: 1 }).waitFor();
  await page.getByRole('cell', { name: 'Clave creada' }).first().waitFor();
  await screenshot(page, 'settings-audit-es-768');
  await page.goto(server.url + '/tasks');
  await page.getByRole('heading', { name: 'Tareas', level: 1 }).waitFor();
  await page.getByText('No tienes tareas abiertas.', { exact: false }).waitFor();
  await screenshot(page, 'tasks-empty-es-768');
  assertNoPageErrors(page, assert);
  await page.context().close();
});

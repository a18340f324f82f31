// The shell: sign-in (wrong password first), the forced password change, the language switch,
// the error page, first-run setup and sign-out, in Chromium against the real server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { addUser, assertNoPageErrors, launchBrowser, newPage, screenshot, signIn, startAppServer,
         userWithPassword } from './lib/browser.mjs';

let server;
let browser;

before(async () => {
  server = await startAppServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.cleanup();
});

test('a wrong password is refused, the right one opens the app, and sign-out returns to login', async () => {
  const user = await userWithPassword(server, 'ana@example.com', 'rep');
  const page = await newPage(browser);
  await page.goto(server.url + '/');
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').filter({ hasText: 'The e-mail or password is not right.' }).waitFor();
  await screenshot(page, 'login-failed');
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  assert.match(await page.getByText(/Signed in as/).textContent(), /Sales rep/);
  await screenshot(page, 'signed-in');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Tertulia' }).waitFor();
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('a one-time password must be replaced before anything else', async () => {
  const otp = addUser(server.db, 'otp@example.com', 'viewer');
  const page = await newPage(browser);
  await page.goto(server.url + '/contacts');
  await page.getByLabel('E-mail').fill('otp@example.com');
  await page.getByLabel('Password').fill(otp);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Choose your password' }).waitFor();
  await page.getByLabel('Current password').fill(otp);
  await page.getByLabel('New password', { exact: true }).fill('a long new password 42');
  await page.getByLabel('Repeat the new password').fill('something else');
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.getByText('The two passwords differ.').first().waitFor();
  await page.getByLabel('Repeat the new password').fill('a long new password 42');
  await screenshot(page, 'password-change');
  await page.getByRole('button', { name: 'Set password' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('the language follows the browser, the switch changes it and it is remembered', async () => {
  const user = await userWithPassword(server, 'lang@example.com', 'rep');
  const page = await newPage(browser, { locale: 'es-ES' });
  await page.goto(server.url + '/');
  await page.getByRole('heading', { name: 'Entrar en Tertulia' }).waitFor();
  await page.getByLabel('Correo electrónico').fill(user.email);
  await page.getByLabel('Contraseña').fill(user.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  const nav = page.getByRole('navigation', { name: 'Principal' });
  await nav.getByRole('link', { name: 'Contactos' }).waitFor();
  await screenshot(page, 'shell-es');
  await page.getByLabel('Idioma').first().selectOption('en');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).waitFor();
  await page.getByLabel('Language').first().selectOption('es');
  await nav.getByRole('link', { name: 'Contactos' }).waitFor();
  assertNoPageErrors(page, assert);
  await page.context().close();
});

test('an unknown address shows the error page with a way back', async () => {
  const user = await userWithPassword(server, 'lost@example.com', 'rep');
  const page = await newPage(browser);
  await signIn(page, server, user);
  await page.goto(server.url + '/no/such/screen');
  await page.getByRole('heading', { name: 'Something went wrong' }).waitFor();
  await page.getByText('This page does not exist, or you may not see it.').waitFor();
  await screenshot(page, 'error-page');
  await page.getByRole('link', { name: 'Back to the start' }).click();
  await page.waitForURL(/\/contacts$/);
  await page.context().close();
});

test('a new workspace without users opens on the setup page and creates the first admin', async () => {
  const fresh = await startAppServer({ auth: false });
  try {
    const page = await newPage(browser);
    await page.goto(fresh.url + '/');
    await page.getByRole('heading', { name: 'Set up Tertulia' }).waitFor();
    await page.getByLabel('Your name').fill('Marta Admin');
    await page.getByLabel('E-mail').fill('not-an-email');
    await page.getByLabel('New password').fill('a long admin password 1');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.locator('.field-error').first().waitFor();
    await screenshot(page, 'setup-error');
    await page.getByLabel('E-mail').fill('marta@example.com');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    assert.match(await page.getByText(/Signed in as/).textContent(), /Marta Admin \(Admin\)/);
    assertNoPageErrors(page, assert);
    await page.context().close();
    // Once an admin exists, setup is closed.
    const again = await fetch(`${fresh.url}/api/v1/setup`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x', email: 'x@example.com', password: 'another long one 1' }),
    });
    assert.equal(again.status, 409);
  } finally {
    await fresh.cleanup();
  }
});

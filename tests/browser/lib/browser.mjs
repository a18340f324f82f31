// Browser tests: a real `tertulia serve` with a temporary database serving web/dist, and Debian's
// Chromium driven by playwright-core. Never downloads a browser.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { addUser, api, startServer } from '../../e2e/lib/server.mjs';

export { api, runCli, addUser, createKey } from '../../e2e/lib/server.mjs';

const SOURCE = process.env.TERTULIA_SOURCE_DIR ?? resolve(import.meta.dirname, '../../..');
// TERTULIA_WEB_ROOT points at another build of the web application (default web/dist).
export const WEB_ROOT = process.env.TERTULIA_WEB_ROOT ?? join(SOURCE, 'web', 'dist');
export const SCREENSHOTS = process.env.TERTULIA_SCREENSHOTS ?? join(SOURCE, 'build', 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Starts the server on the built web application. `auth` as in startServer.
export async function startAppServer(options = {}) {
  return startServer({ webRoot: WEB_ROOT, ...options });
}

// Playwright's launch() gives Chromium a fresh temporary profile (--user-data-dir) of its own and
// removes it on close; it refuses the flag from us.
export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// A page in a fresh context (own cookies) with a language and a 1440x900 window.
export async function newPage(browser, { locale = 'en-GB', width = 1440, height = 900 } = {}) {
  const context = await browser.newContext({ locale, viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of (4\d\d)/.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  page.problems = problems;
  return page;
}

// Saves build/screenshots/<name>.png so people can look at the screens.
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

// A user with a password of their own: added by the CLI (one-time password), then the
// password changed over HTTP, as a person would on first sign-in.
export async function userWithPassword(server, email, role, password = 'correct horse battery 9') {
  const otp = addUser(server.db, email, role);
  const login = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: otp }),
  });
  if (login.status !== 201) throw new Error(`sign-in with the one-time password failed: ${login.status}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrfToken } = await login.json();
  const change = await fetch(`${server.url}/api/v1/session/password`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ currentPassword: otp, newPassword: password }),
  });
  if (change.status >= 300) throw new Error(`password change failed: ${change.status} ${await change.text()}`);
  const users = await api(server, '/api/v1/users');
  const user = users.data.items.find((u) => u.email === email);
  return { email, password, id: user.id };
}

// What most browser tests start from: the server, a browser and an admin with a password.
// Whatever was started is stopped again if a later step fails.
export async function openApp(adminEmail) {
  const server = await startAppServer();
  let browser;
  try {
    browser = await launchBrowser();
    const admin = await userWithPassword(server, adminEmail, 'admin');
    return { server, browser, admin };
  } catch (error) {
    await closeApp({ server, browser });
    throw error;
  }
}

export async function closeApp({ server, browser }) {
  await browser?.close();
  await server?.cleanup();
}

// POSTs `json` to `path` over the API and returns the record it created (asserting the 201).
export async function createRecord(server, path, json, extra = {}) {
  const response = await api(server, path, { method: 'POST', json, ...extra });
  assert.equal(response.status, 201, `${path}: ${response.text}`);
  return response.data;
}

// Signs in through the login form and waits for the application shell.
export async function signIn(page, server, { email, password }) {
  await page.goto(server.url + '/');
  await page.getByLabel(/e-mail|correo/i).fill(email);
  await page.getByLabel(/^(password|contraseña)$/i).fill(password);
  await page.getByRole('button', { name: /^(sign in|entrar)$/i }).click();
  await page.getByRole('navigation', { name: /main|principal/i }).waitFor();
}

// Fails the test if the page logged an uncaught error or a console error other than HTTP 4xx.
export function assertNoPageErrors(page, assert) {
  assert.deepEqual(page.problems, [], `the page reported errors:\n${page.problems.join('\n')}`);
}

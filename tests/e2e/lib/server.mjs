// Starts the real `tertulia serve` on port 0 against a temporary database and stops it.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = process.env.TERTULIA_BIN;
if (!BIN) throw new Error('TERTULIA_BIN must point at the tertulia binary');

// The test's own TERTULIA_* variables are not server configuration: the server refuses unknown
// ones, so children get the environment without them.
function childEnv(extra) {
  const env = { ...process.env, ...extra };
  delete env.TERTULIA_BIN;
  delete env.TERTULIA_SOURCE_DIR;
  delete env.TERTULIA_DATA_DIR;
  delete env.TERTULIA_WEB_ROOT;
  delete env.TERTULIA_SCREENSHOTS;
  return env;
}

export function tempDir(prefix = 'tertulia-e2e-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

// Runs a tertulia subcommand to completion: {status, stdout, stderr}.
export function runCli(args, { env = {}, cwd } = {}) {
  const result = spawnSync(BIN, args, {
    env: childEnv(env),
    cwd,
    encoding: 'utf8',
    timeout: 400_000,  // an import on a busy 2-core machine under ASan can take minutes
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Creates a key with the CLI (which migrates the database first) and returns its secret.
export function createKey(db, args, env = {}) {
  const result = runCli(['key', 'create', '--db', db, ...args], { env });
  if (result.status !== 0) throw new Error(`key create failed: ${result.stderr}`);
  return result.stdout.trim();
}

// Adds a user with the CLI and returns its one-time password.
export function addUser(db, email, role, env = {}) {
  const result = runCli(['user', 'add', '--db', db, '--email', email, '--role', role], { env });
  if (result.status !== 0) throw new Error(`user add failed: ${result.stderr}`);
  return result.stdout.trim();
}

// Starts a server. Options: args (extra flags), env, dir (reuse a directory), db (a database
// file; default dir/tertulia.db), webRoot, auth (default true: an admin workspace key is created
// first and api() sends it as Authorization: Bearer).
export async function startServer({ args = [], env = {}, dir, db: dbFile, webRoot, auth = true } = {}) {
  const home = dir ?? tempDir();
  const db = dbFile ?? join(home, 'tertulia.db');
  const key = auth ? createKey(db, ['--kind', 'api', '--scope', 'admin', '--name', 'e2e'], env) : undefined;
  const flags = ['serve', '--listen', '127.0.0.1:0', '--db', db,
    '--web-root', webRoot ?? join(home, 'web'), '--set', `documents.dir=${join(home, 'files')}`, ...args];
  const child = spawn(BIN, flags, {
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${stderr}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = stdout.match(/listening on (https?:\/\/\S+)/);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    exited.then(({ code }) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${stderr}`)); });
  });
  const { port } = new URL(url);
  return {
    url, port: Number(port), dir: home, db, child, exited, key,
    stderr: () => stderr,
    // SIGTERM and wait; returns the exit code.
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const { code } = await exited;
      return code;
    },
    async cleanup() {
      await this.stop();
      if (!dir) rmSync(home, { recursive: true, force: true });
    },
  };
}

// fetch() relative to the server, with a JSON body when `json` is given. Sends the server's key
// unless `key` is given (null: no credentials) or headers carry their own authorization/cookie.
export async function api(server, path, { method = 'GET', json, headers = {}, body, key } = {}) {
  const init = { method, headers: { ...headers } };
  const bearer = key === undefined ? server.key : key;
  const own = Object.keys(headers).some((h) => ['authorization', 'cookie'].includes(h.toLowerCase()));
  if (bearer && !own) init.headers.authorization = `Bearer ${bearer}`;
  if (json !== undefined) {
    init.body = JSON.stringify(json);
    init.headers['content-type'] = 'application/json';
  } else if (body !== undefined) {
    init.body = body;
  }
  const response = await fetch(server.url + path, init);
  const text = await response.text();
  let data;
  try { data = text ? JSON.parse(text) : undefined; } catch { data = undefined; }
  return { status: response.status, headers: response.headers, text, data };
}

// The response's JSON once its status is `status` (the body is the failure message otherwise).
export async function ok(res, status = 200) {
  assert.equal(res.status, status, res.text);
  return res.data;
}

// POST to the tracking API with the write key as HTTP Basic user (or none); `raw` is sent as is.
export function track(server, path, body, { key, raw, headers = {} } = {}) {
  const h = { 'content-type': 'application/json', ...headers };
  if (key) h.authorization = `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
  return api(server, path, { method: 'POST', key: null, headers: h, body: raw ?? JSON.stringify(body) });
}

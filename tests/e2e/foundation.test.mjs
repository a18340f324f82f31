// The foundation through its real interfaces: HTTP against `tertulia serve`, and the CLI.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { startServer, api, runCli, tempDir } from './lib/server.mjs';
import { openSocket, readUntilClose, readResponseHead, statusOf, sleep } from './lib/raw.mjs';

describe('operations endpoints', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server.cleanup(); });

  test('healthz answers ok', async () => {
    const res = await api(server, '/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(res.data, { status: 'ok' });
    assert.match(res.headers.get('x-request-id'), /^[0-9A-Z]{26}$/);
    assert.ok(res.headers.get('date'));
  });

  test('readyz checks the database and the schema', async () => {
    const res = await api(server, '/readyz');
    assert.equal(res.status, 200);
    assert.equal(res.data.status, 'ready');
    assert.deepEqual(res.data.checks.map((c) => [c.name, c.ok]), [['database', true], ['schema', true]]);
  });

  test('metrics count requests per route and status, and report memory', async () => {
    await api(server, '/healthz');
    await api(server, '/no/such/api/v1'.replace('/no', '/api'));
    const res = await api(server, '/metrics');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    assert.match(res.text, /http_requests_total\{method="GET",route="\/healthz",status="200"\} [1-9]/);
    assert.match(res.text, /http_requests_total\{method="GET",route="unmatched",status="404"\} 1/);
    assert.match(res.text, /http_request_duration_seconds_bucket\{method="GET",route="\/healthz",status="200",le="\+Inf"\} [1-9]/);
    const rss = Number(/^process_resident_memory_bytes (\S+)$/m.exec(res.text)[1]);
    assert.ok(rss > 1_000_000, `rss ${rss}`);
  });

  test('the OpenAPI document lists the operations', async () => {
    const res = await api(server, '/api/openapi.json');
    assert.equal(res.status, 200);
    assert.equal(res.data.openapi, '3.1.0');
    for (const path of ['/healthz', '/readyz', '/metrics', '/api/openapi.json', '/api/v1/workspace']) {
      assert.ok(res.data.paths[path], `${path} missing`);
    }
  });

  test('an unknown route gets a 404 problem', async () => {
    const res = await api(server, '/api/v1/nothing-here');
    assert.equal(res.status, 404);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    assert.equal(res.data.status, 404);
    assert.equal(res.data.title, 'Not Found');
    assert.match(res.data.detail, /no route for GET \/api\/v1\/nothing-here/);
  });

  test('a wrong method gets 405 with Allow', async () => {
    const res = await api(server, '/healthz', { method: 'DELETE' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, HEAD');
    assert.equal(res.data.status, 405);
    const options = await api(server, '/api/v1/workspace', { method: 'OPTIONS' });
    assert.equal(options.status, 204);
    assert.equal(options.headers.get('allow'), 'GET, PATCH, HEAD');
  });

  test('HEAD sends the headers of GET without a body', async () => {
    const res = await fetch(`${server.url}/healthz`, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-length'), '15');
    assert.equal(await res.text(), '');
  });

  test('keep-alive serves several requests on one connection', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const ports = [];
    for (let i = 0; i < 3; i++) {
      ports.push(await new Promise((resolve, reject) => {
        http.get(`${server.url}/healthz`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.socket?.localPort ?? res.req.socket.localPort));
        }).on('error', reject);
      }));
    }
    agent.destroy();
    assert.equal(new Set(ports).size, 1, `used local ports ${ports}`);
  });
});

describe('JSON requests and errors', () => {
  let server;
  before(async () => { server = await startServer({ args: ['--set', 'http.max_body_bytes=64KiB'] }); });
  after(async () => { await server.cleanup(); });

  test('malformed JSON gets 400 problem+json saying where', async () => {
    const res = await api(server, '/api/v1/workspace', {
      method: 'PATCH', body: '{"name": "Acme",\n "currency": }', headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 400);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    assert.equal(res.data.code, 'invalid_argument');
    assert.match(res.data.detail, /malformed JSON at line 2/);
    assert.equal(res.data.errors[0].field, 'body');
  });

  test('each bad field is named', async () => {
    const res = await api(server, '/api/v1/workspace', {
      method: 'PATCH', json: { name: 42, currency: 'EURO', colour: 'red' },
    });
    assert.equal(res.status, 400);
    assert.deepEqual(res.data.errors.map((e) => e.field).sort(), ['colour', 'currency', 'name']);
    const invalid = await api(server, '/api/v1/workspace', { method: 'PATCH', json: { currency: 'XYZ' } });
    assert.equal(invalid.status, 400);
    assert.deepEqual(invalid.data.errors.map((e) => e.field), ['currency']);
  });

  test('updates with If-Match, and a stale version gets 412 and changes nothing', async () => {
    const current = await api(server, '/api/v1/workspace');
    assert.equal(current.status, 200);
    const etag = current.headers.get('etag');
    const renamed = await api(server, '/api/v1/workspace', {
      method: 'PATCH', json: { name: 'Tertulia Demo', currency: 'USD' }, headers: { 'if-match': etag },
    });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.data.name, 'Tertulia Demo');
    assert.equal(renamed.data.version, current.data.version + 1);
    const stale = await api(server, '/api/v1/workspace', {
      method: 'PATCH', json: { name: 'Lost update' }, headers: { 'if-match': etag },
    });
    assert.equal(stale.status, 412);
    const after = await api(server, '/api/v1/workspace');
    assert.equal(after.data.name, 'Tertulia Demo');
    assert.equal(after.data.currency, 'USD');
  });

  test('an oversized body gets 413 without being read', async () => {
    const res = await api(server, '/api/v1/workspace', {
      method: 'PATCH', body: JSON.stringify({ name: 'x'.repeat(100_000) }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.status, 413);
    assert.equal(res.data.status, 413);
    assert.match(res.data.detail, /larger than 65536 bytes/);
  });

  // Regression: the server closed such a connection with the body still arriving, and the
  // kernel's reset reached the client before the 413 (fetch failed with EPIPE).
  test('a body far over the limit gets its 413, not a reset, on a connection used before', async () => {
    for (let i = 0; i < 5; i++) {
      assert.equal((await api(server, '/api/v1/workspace')).status, 200);
      const res = await api(server, '/api/v1/workspace', {
        method: 'PATCH', body: 'x'.repeat(4 * 1024 * 1024), headers: { 'content-type': 'application/json' },
      });
      assert.equal(res.status, 413);
    }
  });

  test('an oversized chunked body gets 413 too', async () => {
    const socket = await openSocket(server.port);
    const closed = readUntilClose(socket);
    socket.write('PATCH /api/v1/workspace HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      'Transfer-Encoding: chunked\r\n\r\n');
    const chunk = 'a'.repeat(16_384);
    for (let i = 0; i < 6; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    const text = (await closed).toString();
    assert.equal(statusOf(text), 413);
  });

  test('oversized headers get 413', async () => {
    const res = await api(server, '/healthz', { headers: { 'x-padding': 'p'.repeat(20_000) } });
    assert.equal(res.status, 413);
  });
});

describe('timeouts', () => {
  let server;
  before(async () => {
    server = await startServer({ args: ['--set', 'http.idle_timeout=300ms', '--set', 'http.read_timeout=300ms'] });
  });
  after(async () => { await server.cleanup(); });

  test('an idle connection is closed', async () => {
    const socket = await openSocket(server.port);
    const data = await readUntilClose(socket, 5_000);
    assert.equal(data.length, 0);
  });

  test('a body that never arrives is cut off after the read timeout', async () => {
    const socket = await openSocket(server.port);
    const started = Date.now();
    const closed = readUntilClose(socket, 5_000);
    socket.write('PATCH /api/v1/workspace HTTP/1.1\r\nHost: x\r\nContent-Length: 20\r\n\r\n{"na');
    assert.equal((await closed).length, 0);
    assert.ok(Date.now() - started < 4_000);
    const workspace = await api(server, '/api/v1/workspace');
    assert.equal(workspace.data.version, 1, 'the partial request changed nothing');
  });
});

describe('static files', () => {
  let server;
  let web;
  before(async () => {
    web = tempDir();
    mkdirSync(join(web, 'assets'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Tertulia</title><div id="app"></div>');
    writeFileSync(join(web, 'assets', 'index-4f2a9c.js'), 'console.log("app")');
    writeFileSync(join(web, 'assets', 'style-77aa.css'), 'body{margin:0}');
    writeFileSync(join(web, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    server = await startServer({ webRoot: web });
  });
  after(async () => { await server.cleanup(); rmSync(web, { recursive: true, force: true }); });

  test('serves files with their content types and cache headers', async () => {
    const index = await api(server, '/');
    assert.equal(index.status, 200);
    assert.equal(index.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(index.headers.get('cache-control'), 'no-cache');
    const script = await api(server, '/assets/index-4f2a9c.js');
    assert.equal(script.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(script.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(script.text, 'console.log("app")');
    assert.equal((await api(server, '/assets/style-77aa.css')).headers.get('content-type'), 'text/css; charset=utf-8');
    assert.equal((await api(server, '/logo.svg')).headers.get('content-type'), 'image/svg+xml');
  });

  test('revalidation answers 304', async () => {
    const first = await api(server, '/logo.svg');
    const again = await fetch(`${server.url}/logo.svg`, { headers: { 'if-none-match': first.headers.get('etag') } });
    assert.equal(again.status, 304);
  });

  test('client-side routes fall back to index.html; missing assets do not', async () => {
    const route = await api(server, '/contacts/01JD3Q5Z4XKQ8W2N6M9R0T7V5B');
    assert.equal(route.status, 200);
    assert.match(route.text, /<title>Tertulia<\/title>/);
    assert.equal((await api(server, '/assets/gone.js')).status, 404);
    assert.equal((await api(server, '/api/v1/contacts-nope')).status, 404);
  });

  test('paths cannot leave the web root', async () => {
    const socket = await openSocket(server.port);
    const closed = readUntilClose(socket);
    socket.write('GET /../../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const text = (await closed).toString();
    assert.doesNotMatch(text, /root:/);
    const encoded = await api(server, '/%2e%2e/%2e%2e/etc/passwd');
    assert.doesNotMatch(encoded.text, /root:/);
  });
});

describe('graceful shutdown', () => {
  test('SIGTERM lets in-flight requests finish, refuses new ones, and exits 0', async () => {
    const web = tempDir();
    const size = 48 * 1024 * 1024;
    writeFileSync(join(web, 'big.bin'), Buffer.alloc(size, 7));
    const server = await startServer({ webRoot: web });
    try {
      // A download in flight, read slowly.
      const download = await openSocket(server.port);
      let received = 0;
      download.pause();
      const downloaded = new Promise((resolve) => {
        download.on('data', (chunk) => { received += chunk.length; });
        download.on('close', resolve);
      });
      download.write('GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n');
      // An upload in flight: the headers are in, the body is not.
      const upload = await openSocket(server.port);
      const answered = readUntilClose(upload);
      const body = JSON.stringify({ name: 'Renamed during shutdown' });
      upload.write(`PATCH /api/v1/workspace HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n` +
        `Authorization: Bearer ${server.key}\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`);
      // An idle keep-alive connection, which should simply be closed.
      const idle = await openSocket(server.port);
      const idleClosed = readUntilClose(idle);
      await sleep(300);

      server.child.kill('SIGTERM');
      await sleep(300);
      // New connections are refused once the server stops accepting.
      await assert.rejects(openSocket(server.port));
      upload.write(body.slice(10));
      download.resume();

      const uploadResponse = (await answered).toString();
      assert.equal(statusOf(uploadResponse), 200, uploadResponse);
      assert.match(uploadResponse, /Renamed during shutdown/);
      await downloaded;
      assert.ok(received > size, `received ${received} of ${size} bytes`);
      assert.equal((await idleClosed).length, 0);
      assert.equal((await server.exited).code, 0, 'exits 0 after draining');
    } finally {
      await server.cleanup();
      rmSync(web, { recursive: true, force: true });
    }
  });
});

describe('a second signal', () => {
  test('cuts the graceful shutdown short', async () => {
    const web = tempDir();
    writeFileSync(join(web, 'big.bin'), Buffer.alloc(16 * 1024 * 1024, 1));
    const server = await startServer({ webRoot: web });
    try {
      const download = await openSocket(server.port);
      download.pause();
      download.write('GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n');
      await sleep(200);
      server.child.kill('SIGTERM');
      await sleep(200);
      server.child.kill('SIGTERM');
      const { code } = await server.exited;
      assert.equal(code, 1, 'a cut shutdown exits 1');
      assert.match(server.stderr(), /again; stopping without waiting/);
      download.destroy();
    } finally {
      await server.cleanup();
      rmSync(web, { recursive: true, force: true });
    }
  });
});

describe('logging', () => {
  test('--log-format json writes one JSON object per line, with an access log', async () => {
    const server = await startServer({ args: ['--log-format', 'json'] });
    await api(server, '/healthz');
    await server.stop();
    const lines = server.stderr().trim().split('\n').map((line) => JSON.parse(line));
    const access = lines.find((line) => line.msg === 'request' && line.target === '/healthz');
    assert.ok(access, server.stderr());
    assert.equal(access.status, 200);
    assert.equal(access.method, 'GET');
    assert.equal(typeof access.ms, 'number');
    assert.match(access.ts, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    await server.cleanup();
  });
});

describe('command line', () => {
  test('version prints the version', () => {
    const res = runCli(['version']);
    assert.equal(res.status, 0);
    assert.match(res.stdout, /^tertulia \d+\.\d+\.\d+ \(commit \w+/);
    // The allocator in use: mimalloc in release builds; in the dev build, not mimalloc.
    assert.match(res.stdout, /, allocator (mimalloc \d+\.\d+\.\d+|the system's malloc)\)$/m);
  });

  test('every subcommand has --help and takes --db', () => {
    for (const command of ['serve', 'migrate', 'version', 'config']) {
      const res = runCli([command, '--help']);
      assert.equal(res.status, 0, command);
      assert.match(res.stdout, /--db/, command);
    }
  });

  test('an unknown flag exits 2 with a one-line reason', () => {
    const res = runCli(['serve', '--bogus']);
    assert.equal(res.status, 2);
    assert.equal(res.stderr.trim().split('\n').length, 1);
    assert.match(res.stderr, /--bogus/);
  });

  test('a bad value exits 2 naming the key and where it came from', () => {
    const listen = runCli(['serve', '--listen', 'nonsense']);
    assert.equal(listen.status, 2);
    assert.match(listen.stderr, /listen.*--listen/);
    const env = runCli(['serve'], { env: { TERTULIA_HTTP_THREADS: 'many' } });
    assert.equal(env.status, 2);
    assert.match(env.stderr, /http\.threads.*TERTULIA_HTTP_THREADS/);
    const unknown = runCli(['serve'], { env: { TERTULIA_LISTN: '1' } });
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /TERTULIA_LISTN/);
  });

  test('a configuration file is read, and the environment and flags override it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'tertulia.toml'), `db = "${join(dir, 'from-file.db')}"\n[http]\nthreads = 3\n`);
    const fromFile = runCli(['config', '--config', join(dir, 'tertulia.toml')]);
    assert.equal(fromFile.status, 0, fromFile.stderr);
    assert.match(fromFile.stdout, /db = .*from-file\.db/);
    const fromEnv = runCli(['config', '--config', join(dir, 'tertulia.toml')], { env: { TERTULIA_DB: 'env.db' } });
    assert.match(fromEnv.stdout, /db = env\.db/);
    const fromFlag = runCli(['config', '--config', join(dir, 'tertulia.toml'), '--db', 'flag.db'], { env: { TERTULIA_DB: 'env.db' } });
    assert.match(fromFlag.stdout, /db = flag\.db/);
    writeFileSync(join(dir, 'bad.toml'), '[http]\nthreds = 3\n');
    const bad = runCli(['config', '--config', join(dir, 'bad.toml')]);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /http\.threds/);
    rmSync(dir, { recursive: true, force: true });
  });

  test('migrate creates the schema once; a newer database is refused', () => {
    const dir = tempDir();
    const db = join(dir, 'sub', 'tertulia.db');
    const first = runCli(['migrate', '--db', db]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /migrated from schema version 0 to \d+/);
    const again = runCli(['migrate', '--db', db]);
    assert.match(again.stdout, /already at schema version/);
    const status = runCli(['migrate', '--status', '--db', db]);
    assert.equal(status.status, 0);
    assert.match(status.stdout, /schema version (\d+) of \1/);
    const workspaces = execFileSync('sqlite3', [db, "SELECT slug FROM workspace"], { encoding: 'utf8' });
    assert.equal(workspaces.trim(), 'default');

    execFileSync('sqlite3', [db, "INSERT INTO schema_migrations VALUES (9999, 'future', 0)"]);
    for (const command of [['migrate'], ['serve', '--listen', '127.0.0.1:0']]) {
      const refused = runCli([...command, '--db', db]);
      assert.equal(refused.status, 1, command.join(' '));
      assert.match(refused.stderr, /newer than this binary/);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('serve reports a taken port', async () => {
    const server = await startServer();
    const res = runCli(['serve', '--listen', `127.0.0.1:${server.port}`, '--db', join(server.dir, 'other.db')]);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /cannot listen on 127\.0\.0\.1:\d+/);
    await server.cleanup();
  });
});

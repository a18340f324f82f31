// Load generator for the tracking API (bench/tracking.sh): posts /v1/batch requests of realistic
// Segment messages over keep-alive connections and measures throughput and latency.
//
//   node tracking_load.mjs --url http://127.0.0.1:PORT --key WRITE_KEY [--connections 4]
//        [--duration 20s] [--rate EVENTS_PER_S] [--batch 100] [--warmup 1s] [--setup]
// --setup first identifies all 5,000 known users (not measured), so their events resolve to contacts.
//   node tracking_load.mjs --dump N     N sample messages for tracking_baseline.c (TSV)
//
// Without --rate, each connection posts its next batch as soon as the last one is answered (the
// maximum throughput). With --rate, batches are due on a fixed schedule (one every
// batch/rate seconds) whether or not earlier ones were answered, and latency counts from when a
// batch was due, so a stalled server shows in the figures (as wrk2 does); latency from when it
// was sent is printed too. A 429 is counted and its batch dropped; the connection waits for
// Retry-After (at most 1 s) in the maximum-throughput run. Requests due or sent during the
// warm-up are not measured. Prints one line of key=value pairs on stdout.
//
// The messages, 100 to a batch: page views (context.page with url, title and referrer; a
// campaign on a third of them), "Product Viewed", "Product Added" and "Order Completed" tracks
// with their properties, and a few identify calls with traits; 70% from anonymous visitors,
// the rest from known users (userId and anonymousId). Every message has a new random messageId
// (v4 UUID) and the current timestamp; the rest comes from 64 prebuilt batches.
import http from "node:http";
import { randomUUID } from "node:crypto";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => {
    if (arg.startsWith("--")) pairs.push([arg.slice(2), all[i + 1] === undefined || all[i + 1].startsWith("--") ? "1" : all[i + 1]]);
    return pairs;
  }, []),
);
const seconds = (text) => {
  const m = /^([\d.]+)(ms|s|m)?$/.exec(String(text));
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * ({ ms: 0.001, s: 1, m: 60 }[m[2] ?? "s"]);
};

// --- Messages -------------------------------------------------------------------------------
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list) => list[Math.floor(random() * list.length)];

const SITE = "https://www.tienda-ejemplo.es";
const PAGES = [
  ["/", "Tienda Ejemplo | Material de oficina"],
  ["/sillas", "Sillas ergonómicas | Tienda Ejemplo"],
  ["/mesas", "Mesas regulables | Tienda Ejemplo"],
  ["/precios", "Precios y envíos | Tienda Ejemplo"],
  ["/blog/como-elegir-silla", "Cómo elegir una silla de oficina | Blog"],
  ["/carrito", "Tu carrito | Tienda Ejemplo"],
  ["/contacto", "Contacto | Tienda Ejemplo"],
];
const REFERRERS = ["https://www.google.com/", "https://www.bing.com/", "https://duckduckgo.com/", "", SITE + "/"];
const CAMPAIGNS = [
  { name: "black-friday-2026", source: "google", medium: "cpc" },
  { name: "newsletter-noviembre", source: "newsletter", medium: "email" },
  { name: "retargeting", source: "facebook", medium: "social" },
];
const PRODUCTS = Array.from({ length: 200 }, (_, i) => ({
  product_id: `prod_${1000 + i}`,
  sku: `SKU-${String(20000 + i * 7)}`,
  name: `${pick(["Silla", "Mesa", "Lámpara", "Flexo", "Estantería"])} ${pick(["Ergo", "Pro", "Nova", "Alta"])} ${i}`,
  category: pick(["Sillas", "Mesas", "Iluminación", "Almacenaje"]),
  price: Math.round(2000 + random() * 40000) / 100,
}));
const AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
];
const VISITORS = 50_000;
const KNOWN = 5_000; // visitors 0..KNOWN-1 have signed up: userId usr_N
const anonymousIdOf = (v) => `a${String(v).padStart(7, "0")}-5f1c-4d2b-9c1e-7a3b${String(v % 100000000).padStart(8, "0")}`;

const MESSAGE_ID = "MMMMMMMM-MMMM-4MMM-MMMM-MMMMMMMMMMMM"; // 36 bytes, written per request
const TIMESTAMP = "TTTT-TT-TTTTT:TT:TT.TTTZ"; // 24 bytes, an ISO time written per request

function message() {
  const v = Math.floor(random() * VISITORS);
  const known = v < KNOWN && random() < 0.9 ? `usr_${v}` : null;
  const ids = known ? { anonymousId: anonymousIdOf(v), userId: known } : { anonymousId: anonymousIdOf(v) };
  const [path, title] = pick(PAGES);
  const context = {
    page: { url: SITE + path, title, referrer: pick(REFERRERS) },
    userAgent: pick(AGENTS),
    locale: "es-ES",
  };
  const r = random();
  const product = pick(PRODUCTS);
  if (r < 0.6) {
    if (random() < 1 / 3) context.campaign = pick(CAMPAIGNS);
    return { type: "page", messageId: MESSAGE_ID, ...ids, name: title.split(" | ")[0], properties: { path }, context, timestamp: TIMESTAMP };
  }
  if (r < 0.82) {
    return { type: "track", messageId: MESSAGE_ID, ...ids, event: "Product Viewed", properties: { ...product, currency: "EUR" }, context, timestamp: TIMESTAMP };
  }
  if (r < 0.92) {
    return { type: "track", messageId: MESSAGE_ID, ...ids, event: "Product Added", properties: { ...product, currency: "EUR", quantity: 1 + Math.floor(random() * 3), cart_id: `cart_${v}` }, context, timestamp: TIMESTAMP };
  }
  if (r < 0.98) {
    const items = Array.from({ length: 1 + Math.floor(random() * 2) }, () => pick(PRODUCTS));
    const total = Math.round(items.reduce((sum, p) => sum + p.price, 0) * 100) / 100;
    return { type: "track", messageId: MESSAGE_ID, ...ids, event: "Order Completed",
      properties: { order_id: `ord_${Math.floor(random() * 1e9)}`, total, revenue: Math.round(total / 1.21 * 100) / 100, tax: Math.round((total - total / 1.21) * 100) / 100, currency: "EUR",
        products: items.map((p) => ({ product_id: p.product_id, sku: p.sku, price: p.price, quantity: 1 })) },
      context, timestamp: TIMESTAMP };
  }
  // identify: a known user (signing in or up) with their traits
  const u = Math.floor(random() * KNOWN);
  return { type: "identify", messageId: MESSAGE_ID, anonymousId: anonymousIdOf(u), userId: `usr_${u}`,
    traits: { email: `cliente${u}@correo-ejemplo.es`, firstName: pick(["Lucía", "Hugo", "Martina", "Pablo", "Sofía"]), lastName: pick(["García", "López", "Martín", "Sánchez"]), plan: pick(["free", "pro"]) },
    context: { userAgent: context.userAgent, locale: "es-ES" }, timestamp: TIMESTAMP };
}

if (args.dump) {
  const now = new Date().toISOString();
  const lines = [];
  for (let i = 0; i < Number(args.dump); i++) {
    const m = message();
    const body = JSON.stringify(m).replace(MESSAGE_ID, randomUUID()).replace(TIMESTAMP, now);
    lines.push([m.type, m.anonymousId ?? "", m.userId ?? "", m.event ?? m.name ?? "", body].join("\t"));
  }
  process.stdout.write(lines.join("\n") + "\n");
  process.exit(0);
}

// --- Load -----------------------------------------------------------------------------------
const url = new URL(args.url ?? "http://127.0.0.1:8080");
const connections = Number(args.connections ?? 4);
const duration = seconds(args.duration ?? "20s");
const warmup = seconds(args.warmup ?? "1s");
const batchSize = Number(args.batch ?? 100);
const rate = args.rate ? Number(args.rate) : 0; // events/s; 0: as fast as answered
if (!args.key) throw new Error("--key WRITE_KEY is required");
const auth = "Basic " + Buffer.from(args.key + ":").toString("base64");

// 64 prebuilt batches, with the byte offsets of their message ids and times.
const SENT_AT = "SSSS-SS-SSSSS:SS:SS.SSSZ";
const templates = [];
let messageBytes = 0;
for (let t = 0; t < 64; t++) {
  const messages = Array.from({ length: batchSize }, message);
  for (const m of messages) messageBytes += Buffer.byteLength(JSON.stringify(m));
  const buffer = Buffer.from(JSON.stringify({ batch: messages, sentAt: SENT_AT }));
  const offsets = (marker) => {
    const out = [];
    for (let at = buffer.indexOf(marker); at >= 0; at = buffer.indexOf(marker, at + 1)) out.push(at);
    return out;
  };
  templates.push({ buffer, ids: offsets(MESSAGE_ID), times: [...offsets(TIMESTAMP), ...offsets(SENT_AT)] });
}
let nextTemplate = 0;
function body() {
  const t = templates[nextTemplate];
  nextTemplate = (nextTemplate + 1) % templates.length;
  const buffer = Buffer.allocUnsafe(t.buffer.length);
  t.buffer.copy(buffer);
  for (const at of t.ids) buffer.write(randomUUID(), at, 36, "latin1");
  const now = new Date().toISOString();
  for (const at of t.times) buffer.write(now, at, 24, "latin1");
  return buffer;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });
const latencies = []; // ms, from due (rate) or sent, measured requests only
const serviceLatencies = []; // ms, from sent
let ok = 0, refused = 0, errors = 0, measuredEvents = 0, inFlight = 0, firstError = null;

function post(due) {
  return new Promise((resolve) => {
    const sent = performance.now();
    const data = body();
    inFlight++;
    const request = http.request({ agent, host: url.hostname, port: url.port, path: "/v1/batch", method: "POST",
      headers: { "Content-Type": "application/json", "Content-Length": data.length, Authorization: auth } }, (response) => {
      const chunks = [];
      response.on("data", (c) => chunks.push(c));
      response.on("end", () => {
        inFlight--;
        const done = performance.now();
        // On a schedule: every batch due after the warm-up, however late its answer; else
        // the answers within the measured window.
        const measured = due != null ? due >= measureFrom : sent >= measureFrom && done <= end;
        if (response.statusCode === 200) {
          ok++;
          if (measured) {
            measuredEvents += batchSize;
            latencies.push(done - (due ?? sent));
            serviceLatencies.push(done - sent);
          }
          resolve(0);
        } else if (response.statusCode === 429) {
          refused++;
          resolve(Math.min(1, Number(response.headers["retry-after"] ?? 1)) * 1000);
        } else {
          errors++;
          firstError ??= `${response.statusCode} ${Buffer.concat(chunks).toString().slice(0, 300)}`;
          resolve(0);
        }
      });
    });
    request.on("error", (e) => {
      inFlight--;
      errors++;
      firstError ??= String(e);
      resolve(100);
    });
    request.end(data);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
if (args.setup) {
  // Before the clock starts: every known user signs up (an identify each, 100 to a request), so
  // their events resolve to contacts as on a site that has been running for a while.
  const setupAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let first = 0; first < KNOWN; first += 100) {
    const batch = [];
    for (let u = first; u < Math.min(KNOWN, first + 100); u++) {
      batch.push({ type: "identify", messageId: randomUUID(), anonymousId: anonymousIdOf(u), userId: `usr_${u}`,
        traits: { email: `cliente${u}@correo-ejemplo.es`, firstName: "Cliente", lastName: String(u) }, timestamp: new Date().toISOString() });
    }
    const data = Buffer.from(JSON.stringify({ batch }));
    const status = await new Promise((resolve, reject) => {
      http.request({ agent: setupAgent, host: url.hostname, port: url.port, path: "/v1/batch", method: "POST",
        headers: { "Content-Type": "application/json", "Content-Length": data.length, Authorization: auth } },
      (response) => { response.resume(); response.on("end", () => resolve(response.statusCode)); }).on("error", reject).end(data);
    });
    if (status !== 200) throw new Error(`setup: identify batch answered ${status}`);
  }
  setupAgent.destroy();
}
const start = performance.now();
const measureFrom = start + warmup * 1000;
const end = start + (warmup + duration) * 1000;
if (rate > 0) {
  // Open loop: batch i is due at start + i * interval; the agent queues what finds no free
  // connection, and that wait counts in the latency.
  const interval = (batchSize / rate) * 1000;
  let i = 0;
  const pending = new Set();
  while (true) {
    const now = performance.now();
    if (now >= end) break;
    while (start + i * interval <= now) {
      const p = post(start + i * interval);
      pending.add(p);
      p.then(() => pending.delete(p));
      i++;
    }
    await sleep(Math.max(0, Math.min(start + i * interval, end) - performance.now()));
  }
  await Promise.race([Promise.all(pending), sleep(10_000)]);
} else {
  await Promise.all(Array.from({ length: connections }, async () => {
    while (performance.now() < end) {
      const wait = await post(null);
      if (wait) await sleep(wait);
    }
  }));
}
agent.destroy();

const quantile = (values, q) => {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};
const f = (x) => (Number.isFinite(x) ? x.toFixed(2) : "nan");
console.log([
  `events_per_s=${Math.round(measuredEvents / duration)}`,
  `requests_per_s=${f(latencies.length / duration)}`,
  `p50_ms=${f(quantile(latencies, 0.5))}`,
  `p99_ms=${f(quantile(latencies, 0.99))}`,
  `p99_sent_ms=${f(quantile(serviceLatencies, 0.99))}`,
  `max_ms=${f(quantile(latencies, 1))}`,
  `ok=${ok}`,
  `acked_events=${ok * batchSize}`,
  `r429=${refused}`,
  `errors=${errors}`,
  `connections=${connections}`,
  `rate=${rate}`,
  `message_bytes=${Math.round(messageBytes / (templates.length * batchSize))}`,
].join(" "));
if (firstError) console.error(`first error: ${firstError}`);

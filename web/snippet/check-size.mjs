// Fails the build if the minified snippet dist/t.js is missing or not under 10 KB.
import { statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const LIMIT = 10 * 1024;
const file = fileURLToPath(new URL('../dist/t.js', import.meta.url));
let size;
try {
  size = statSync(file).size;
} catch {
  console.error(`check-size: ${file} is missing; build the snippet first`);
  process.exit(1);
}
const gz = gzipSync(readFileSync(file)).length;
if (size >= LIMIT) {
  console.error(`check-size: dist/t.js is ${size} bytes, over the ${LIMIT}-byte limit`);
  process.exit(1);
}
console.log(`check-size: dist/t.js is ${size} bytes (${gz} gzipped), under ${LIMIT}`);

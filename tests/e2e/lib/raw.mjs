// Raw HTTP over a TCP socket, for what fetch() hides: partial bodies, oversized headers, timeouts.
import { connect } from 'node:net';

export function openSocket(port) {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

// Collects everything the peer sends until it closes (or `ms` passes).
export function readUntilClose(socket, ms = 20_000) {
  return new Promise((resolve, reject) => {
    let data = Buffer.alloc(0);
    const timer = setTimeout(() => reject(new Error(`no close within ${ms} ms; got ${data.length} bytes`)), ms);
    socket.on('data', (chunk) => { data = Buffer.concat([data, chunk]); });
    socket.on('close', () => { clearTimeout(timer); resolve(data); });
    socket.on('error', () => {});
  });
}

// Waits until at least one full response head has arrived: resolves with the text so far.
export function readResponseHead(socket, ms = 20_000) {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`no response within ${ms} ms`)), ms);
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n\r\n')) { clearTimeout(timer); resolve(text); }
    });
  });
}

export function statusOf(responseText) {
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(responseText);
  return match ? Number(match[1]) : undefined;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

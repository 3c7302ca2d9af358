// Hostile and malformed input: each gets the right 4xx in the format the
// client asked for, and the worker stays up.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { sharedStack } from './lib/stack.mjs';
import { get, request } from './lib/http.mjs';

let base;
before(async () => { base = (await sharedStack()).base; });

function errorOf(res, status, code) {
  assert.equal(res.status, status, res.text.slice(0, 200));
  assert.match(res.headers['content-type'], /^application\/json/);
  const body = res.json();
  assert.equal(body.error.code, code);
  return body.error;
}

test('malformed percent-encoding in the query is a 400', async () => {
  for (const q of ['limit=%zz', 'limit=%4', 'a%=1', 'x=%']) {
    errorOf(await get(base, `/api/v1/locations?${q}`), 400, 'bad_request');
  }
});

test('malformed percent-encoding in the path is a 400', async () => {
  const res = await get(base, '/api/v1/locations/ham%zzilton');
  assert.equal(res.status, 400);
});

test('invalid UTF-8 in the query or path is a 400', async () => {
  for (const p of ['/api/v1/locations?cursor=%ff', '/api/v1/locations?cursor=%c0%af',
    '/api/v1/locations?cursor=%ed%a0%80', '/api/v1/locations/%ff', '/api/v1/locations?x=%00']) {
    errorOf(await get(base, p), 400, 'bad_request');
  }
});

test('an HTML page answers bad input with an HTML error page', async () => {
  const res = await get(base, '/?cursor=%zz');
  assert.equal(res.status, 400);
  assert.match(res.headers['content-type'], /^text\/html/);
  assert.match(res.text, /malformed percent-encoding/);
});

test('an oversized body is a 413', async () => {
  const body = JSON.stringify({ pad: 'x'.repeat(300 * 1024) });
  errorOf(await request(base, {
    method: 'POST', path: '/api/v1/locations',
    headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
    body,
  }), 413, 'too_large');
});

// Sends a request whose body nginx refuses, over a raw socket: nginx
// answers 413 as soon as it has read the headers and may close before the
// body is written, so an error while writing is expected; the status is
// taken from what nginx sent back. A refused or silent connection (no
// stack) rejects, so the test fails rather than passing on a dead stack.
function statusOfOversizedPost(baseUrl, size) {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: url.hostname, port: Number(url.port) });
    let got = '';
    const settle = () => {
      const m = got.match(/^HTTP\/1\.[01] (\d{3}) /);
      if (m) resolve(Number(m[1]));
      else reject(new Error(`no HTTP status line from ${baseUrl}: ${JSON.stringify(got.slice(0, 80))}`));
    };
    sock.setTimeout(15000, () => sock.destroy(new Error('timeout')));
    sock.on('data', (d) => { got += d.toString('latin1'); });
    sock.on('error', (e) => { if (got) settle(); else reject(e); });
    sock.on('close', settle);
    sock.on('connect', () => {
      sock.write(`POST /api/v1/locations HTTP/1.1\r\nHost: ${url.host}\r\n`
        + `Content-Type: application/json\r\nContent-Length: ${size}\r\n`
        + 'Connection: close\r\n\r\n');
      sock.end(Buffer.alloc(size, 'x'));
    });
  });
}

test('a body over nginx\'s cap is refused by nginx with a 413', async () => {
  assert.equal(await statusOfOversizedPost(base, 2 * 1024 * 1024), 413);
});

test('a broken JSON body is a 400', async () => {
  for (const body of ['{', '{"a":1,}', '[1,2]', '{"a":1,"a":2}', '\u00ff']) {
    errorOf(await request(base, {
      method: 'POST', path: '/api/v1/locations',
      headers: { 'Content-Type': 'application/json' }, body,
    }), 400, 'bad_request');
  }
});

test('a JSON body with invalid UTF-8 bytes is a 400', async () => {
  errorOf(await request(base, {
    method: 'POST', path: '/api/v1/locations',
    headers: { 'Content-Type': 'application/json' },
    body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]),
  }), 400, 'bad_request');
});

test('a body of the wrong type is a 415', async () => {
  errorOf(await request(base, {
    method: 'POST', path: '/api/v1/locations',
    headers: { 'Content-Type': 'text/plain' }, body: 'hello',
  }), 415, 'unsupported_media_type');
});

test('a method a path does not answer is a 405 with Allow', async () => {
  const res = await request(base, {
    method: 'POST', path: '/api/v1/locations',
    headers: { 'Content-Type': 'application/json' }, body: '{}',
  });
  const err = errorOf(res, 405, 'method_not_allowed');
  assert.ok(err.message);
  assert.equal(res.headers.allow, 'GET, HEAD');
});

test('an unknown method is a 405 with Allow', async () => {
  const res = await request(base, { method: 'BREW', path: '/api/v1/locations' });
  errorOf(res, 405, 'method_not_allowed');
  assert.equal(res.headers.allow, 'GET, HEAD');
});

test('a path with an empty segment or too many segments is refused', async () => {
  errorOf(await get(base, '/api/v1//locations'), 400, 'bad_request');
  const deep = '/api/v1' + '/x'.repeat(40);
  assert.equal((await get(base, deep)).status, 414);
});

test('an over-long query field name is a 400', async () => {
  errorOf(await get(base, `/api/v1/locations?${'k'.repeat(200)}=1`), 400, 'bad_request');
});

test('the workers survive all of the above', async () => {
  const res = await get(base, '/api/v1/locations');
  assert.equal(res.status, 200);
});

// A small HTTP client over node:http, so tests control the method, the
// raw path and the body byte for byte (fetch normalises some of these).
// Every JSON answer under /api/v1 is checked against docs/openapi.json
// (lib/openapi.mjs): one that does not match its schema fails the call.
import http from 'node:http';
import { checkAnswer } from './openapi.mjs';

export function request(base, { method = 'GET', path = '/', headers = {}, body } = {}) {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: url.hostname, port: url.port, method, path, headers,
      agent: false,
    }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const answer = {
          status: res.statusCode,
          headers: res.headers,
          raw: res.rawHeaders,	// [name, value, ...] as sent, repeats kept
          text,
          json() { return JSON.parse(text); },
        };
        try {
          checkAnswer(method, path, answer);
          resolve(answer);
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on('error', reject);
    req.setTimeout(15000, () => req.destroy(new Error(`timeout: ${method} ${path}`)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export const get = (base, path, headers = {}) => request(base, { path, headers });

// Resolves once check() returns true, polling every `every` ms; rejects
// after `within` ms with the last value seen.
export async function eventually(check, { within = 5000, every = 50 } = {}) {
  const deadline = Date.now() + within;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last === true) return Date.now();
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`not within ${within} ms: ${last}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

// nginx keeps an anonymous read of a public page until the end of the
// second (the micro-cache, docs/architecture.md): a change reaches
// anonymous readers within a second, not at once.  Resolves once check()
// holds, within the second plus half a second for a busy machine.
export const MICRO_CACHE_MS = 1000;
export const publicWithin = (check) => eventually(check, { within: MICRO_CACHE_MS + 500, every: 25 });

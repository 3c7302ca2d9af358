// Load for the fault tests: `concurrency` loops sending requests one after
// another until stopped, counting the answers by status ('error' when the
// connection failed).  Every other request is a write (a new API token of
// the signed-in `who`: a plain insert); the id of each one the portal
// answered 201 for is kept, so a test can check each is in the database.
import net from 'node:net';
import { get } from './http.mjs';
import { sqlValue } from './db.mjs';

export function load(base, who, { concurrency = 8, tag = `load${process.pid}`, writes = true } = {}) {
  const counts = new Map();
  const created = [];
  const started = Date.now();
  let running = true;
  let serial = 0;
  const count = (status) => counts.set(status, (counts.get(status) || 0) + 1);

  async function write() {
    serial += 1;
    const res = await who.call('POST', '/api/v1/me/tokens', { name: `${tag} ${serial}` });
    if (res.status === 201) created.push(res.json().id);
    return res.status;
  }
  const read = () => get(base, '/api/v1/locations').then((r) => r.status);

  const loops = Array.from({ length: concurrency }, async (_, i) => {
    for (let n = i; running; n++) {
      count(await (writes && n % 2 === 0 ? write() : read()).catch(() => 'error'));
    }
  });
  return {
    counts, created,
    total() { let t = 0; for (const v of counts.values()) t += v; return t; },
    // Answers that were not 2xx, by status: {502: 3, error: 1}.
    failures() {
      const out = {};
      for (const [k, v] of counts) if (!(k >= 200 && k < 300)) out[k] = v;
      return out;
    },
    async stop() { running = false; await Promise.all(loops); return Date.now() - started; },
  };
}

// How many of the token ids the portal answered 201 for are in the database.
export function committed(stack, ids) {
  if (ids.length === 0) return 0;
  return Number(sqlValue(stack, `SELECT count(*) FROM api_tokens WHERE id IN (${ids.map(Number).join(',')})`));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Holds n connections to the stack's nginx, each doing `mode`:
//   'idle'    connected, sending nothing;
//   'headers' a request line, then one header byte a second, never ending;
//   'body'    complete headers of a POST with a 4 KiB body, then one body
//             byte a second.
// With trickle false, the one byte a second never comes (a stalled client).
// close() ends them; closedByServer counts those the server ended first.
export function holdConnections(base, n, mode, { trickle = true } = {}) {
  const { hostname, port } = new URL(base);
  const socks = [];
  const state = { closedByServer: 0, opened: 0, timers: [] };
  let closing = false;
  for (let i = 0; i < n; i++) {
    const s = net.connect(Number(port), hostname);
    s.on('error', () => {});
    s.on('close', () => { if (!closing) state.closedByServer += 1; });
    s.on('connect', () => {
      state.opened += 1;
      if (mode === 'headers') s.write('GET /livez HTTP/1.1\r\nHost: x\r\nX-Slow: ');
      if (mode === 'body') {
        s.write('POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
          'Content-Length: 4096\r\n\r\n{');
      }
      if (mode !== 'idle' && trickle) state.timers.push(setInterval(() => s.write('a'), 1000));
    });
    socks.push(s);
  }
  return {
    state,
    close() {
      closing = true;
      state.timers.forEach(clearInterval);
      socks.forEach((s) => s.destroy());
    },
  };
}

// Times n GETs of path, `parallel` at a time: {ok, failed, p50, max} in ms.
export async function timedGets(base, path, n = 40, parallel = 4) {
  const times = [];
  let failed = 0;
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < n) {
      next += 1;
      const t = Date.now();
      const status = await get(base, path).then((r) => r.status, () => 'error');
      if (status === 200) times.push(Date.now() - t); else failed += 1;
    }
  }));
  times.sort((a, b) => a - b);
  return { ok: times.length, failed, p50: times[Math.floor(times.length / 2)] ?? null, max: times.at(-1) ?? null };
}

// Load for the fault tests: `concurrency` loops sending requests one after
// another until stopped, counting the answers by status ('error' when the
// connection failed).  Every other request is a write (a new API token of
// the signed-in `who`: a plain insert); the id of each one the portal
// answered 201 for is kept, so a test can check each is in the database.
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

// A short load over a mix of what the portal does, for the sanitizer
// stack (tests/run.sh): anonymous pages and API reads, not-found answers,
// sign-in, signed-in pages, writes (API tokens made and deleted), a bad
// body (422) and sign-out.  With the san build each worker's exit then runs
// LeakSanitizer, so whatever a request leaves allocated shows in the log.
//
//   node tests/load/mix.mjs BASE_URL [SECONDS] [CONCURRENCY]
//
// Prints the answers by status; exits 1 if any was 5xx or failed.
import { get, request } from '../e2e/lib/http.mjs';
import { signIn } from '../e2e/lib/session.mjs';

const [base, seconds = '10', concurrency = '6'] = process.argv.slice(2);
if (!base) {
  console.error('usage: node tests/load/mix.mjs BASE_URL [SECONDS] [CONCURRENCY]');
  process.exit(2);
}

const pages = ['/', '/l/hamilton/', '/l/palmerston-north/', '/api/v1/locations',
  '/no/such/page', '/l/NOT_A_SLUG/', '/livez', '/healthz'];
const signedInPages = ['/l/hamilton/wg', '/api/v1/me', '/api/v1/me/tokens',
  '/api/v1/locations/hamilton/initiatives'];

// One signed-in round: its own session, a few pages, a token made and
// deleted, a body the API refuses, then sign-out.
async function signedInRound(n) {
  const who = await signIn(base, 'member.hamilton@portal.demo');
  const out = [];
  for (const p of signedInPages) out.push((await who.get(p)).status);
  const made = await who.call('POST', '/api/v1/me/tokens', { name: `mix ${n}` });
  out.push(made.status);
  if (made.status === 201) out.push((await who.call('DELETE', `/api/v1/me/tokens/${made.json().id}`)).status);
  out.push((await who.call('POST', '/api/v1/me/tokens', { name: 42 })).status);
  out.push((await who.call('DELETE', '/api/v1/session')).status);
  return out;
}

const counts = new Map();
const count = (s) => counts.set(s, (counts.get(s) || 0) + 1);
const deadline = Date.now() + Number(seconds) * 1000;
let n = 0;
let lastRound = 0;
await Promise.all(Array.from({ length: Number(concurrency) }, async (_, i) => {
  while (Date.now() < deadline) {
    n += 1;
    try {
      // One sign-in a second at most: sign-in is rate-limited and hashes.
      if (i === 0 && Date.now() - lastRound > 1000) {
        lastRound = Date.now();
        (await signedInRound(n)).forEach(count);
      } else {
        count((await get(base, pages[n % pages.length])).status);
      }
      if (n % 9 === 0) {
        count((await request(base, { method: 'POST', path: '/api/v1/locations/hamilton/initiatives',
          headers: { 'Content-Type': 'application/json' }, body: '{"title": 5' })).status);
      }
    } catch {
      count('error');
    }
  }
}));
const summary = [...counts].sort().map(([s, c]) => `${s}:${c}`).join(' ');
const bad = [...counts].filter(([s]) => s === 'error' || s >= 500);
console.log(`load: ${[...counts.values()].reduce((a, b) => a + b, 0)} requests in ${seconds} s (${summary})`);
process.exit(bad.length ? 1 : 0);

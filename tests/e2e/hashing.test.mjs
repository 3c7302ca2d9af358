// Password hashing as a bounded resource (issue 15, finding 2): the host
// hashes only so many passwords at once and answers 429 with Retry-After
// beyond that, everything cheap is checked before a hash, sign-up never
// says whether an email has an account, and nginx rate-limits the
// endpoints that hash.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { request, get, eventually } from './lib/http.mjs';
import { uniqueEmail, signUp, register } from './lib/session.mjs';
import { sql, quote, lastMail } from './lib/db.mjs';

let stack, base;
before(async () => { stack = await sharedStack(); base = stack.base; });

const json = (method, path, body) => request(base, {
  method, path, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
});
const signUpOnce = (email) => json('POST', '/api/v1/users',
  { email, display_name: 'Parallel Person', password: 'a-fine-long-password' });

// Runs the hashing requests and, until they are all answered, other
// requests one after another (a little apart, within nginx's rate limit);
// returns both sets of answers.
async function meanwhile(load, other) {
  let done = false;
  const answers = [];
  const loop = (async () => {
    while (!done) {
      answers.push(await other());
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const results = await Promise.all(load);
  done = true;
  await loop;
  return { results, answers };
}

test('twenty parallel sign-ups: some answer 429 with Retry-After, and /livez answers while they run', async () => {
  const emails = Array.from({ length: 20 }, () => uniqueEmail('parallel'));
  const { results, answers } = await meanwhile(emails.map(signUpOnce), () => get(base, '/livez'));
  const busy = results.filter((r) => r.status === 429);
  assert.ok(busy.length > 0, `statuses: ${results.map((r) => r.status)}`);
  for (const r of busy) {
    assert.ok(Number(r.headers['retry-after']) >= 1);
    assert.equal(r.json().error.code, 'too_many_attempts');
  }
  for (const r of results) assert.ok([202, 429].includes(r.status), r.text);
  assert.ok(answers.length > 0, '/livez was answered while the sign-ups ran');
  for (const a of answers) assert.equal(a.status, 200);
  // Each 202 made its account; a 429 made nothing.
  const made = sql(stack, `SELECT count(*) FROM users WHERE email IN (${emails.map(quote).join(', ')})`)[0][0];
  assert.equal(Number(made), results.filter((r) => r.status === 202).length);
});

test('the sign-up form shown again with a message when the host is busy hashing', async () => {
  // The form's 429 is the same form, its input kept (the API's is above).
  const page = await get(base, '/register');
  const csrf = page.text.match(/name="_csrf" value="([^"]+)"/)[1];
  const cookie = page.headers['set-cookie'].map((l) => l.split(';')[0]).join('; ');
  const form = (email) => request(base, {
    method: 'POST', path: '/register',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams({ _csrf: csrf, email, display_name: 'Form Person', password: 'a-fine-long-password' }).toString(),
  });
  const results = await Promise.all(Array.from({ length: 12 }, () => form(uniqueEmail('form-busy'))));
  const busy = results.filter((r) => r.status === 429);
  assert.ok(busy.length > 0, `statuses: ${results.map((r) => r.status)}`);
  assert.match(busy[0].headers['content-type'], /text\/html/);
  assert.ok(Number(busy[0].headers['retry-after']) >= 1);
  assert.match(busy[0].text, /Password could not be checked just now/);
  assert.match(busy[0].text, /value="Form Person"/);
});

test('sign-up with an email that has an account: the same answer as a new one, no hash, and an email to its holder', async () => {
  const existing = await register(base, 'already');
  const before = sql(stack, `SELECT password_hash FROM users WHERE email = ${quote(existing.email)}`)[0][0];
  const fresh = await signUp(base, { email: uniqueEmail('fresh'), display_name: 'New Person', password: 'another-fine-password' });
  const again = await signUp(base, { email: existing.email, display_name: 'Someone Else', password: 'another-fine-password' });
  assert.equal(fresh.status, 202);
  assert.equal(again.status, fresh.status);
  assert.deepEqual(again.json(), fresh.json());
  assert.equal(again.headers['set-cookie'], undefined);
  assert.equal(fresh.headers['set-cookie'], undefined);
  // The account is as it was; its holder is told someone tried.
  assert.equal(sql(stack, `SELECT password_hash FROM users WHERE email = ${quote(existing.email)}`)[0][0], before);
  assert.match(lastMail(stack, existing.email, 'register_existing').body, /already have an account/);
  // No hash: while the host's hashing is full, the existing email is
  // still answered at once, never with 429.
  const { answers } = await meanwhile(
    Array.from({ length: 20 }, () => signUpOnce(uniqueEmail('filler'))),
    () => json('POST', '/api/v1/users', { email: existing.email, display_name: 'Again', password: 'another-fine-password' }));
  assert.ok(answers.length > 0);
  for (const a of answers) assert.equal(a.status, 202, a.text);
});

test('a reset with a bad link is refused without hashing, even while hashing is full', async () => {
  const bad = 'x'.repeat(43);
  const { answers } = await meanwhile(
    Array.from({ length: 20 }, () => signUpOnce(uniqueEmail('filler'))),
    () => json('POST', `/api/v1/password-resets/${bad}`, { password: 'a-new-fine-password' }));
  assert.ok(answers.length > 0);
  for (const a of answers) assert.equal(a.status, 404, a.text);
});

test('nginx answers 429 with Retry-After under a burst of sign-ins from one address', async () => {
  // Empty bodies: portald would refuse them cheaply (422).
  const results = await Promise.all(Array.from({ length: 250 }, () => json('POST', '/api/v1/session', {})));
  const limited = results.filter((r) => r.status === 429);
  assert.ok(limited.length > 0, `statuses: ${[...new Set(results.map((r) => r.status))]}`);
  assert.equal(limited[0].headers['retry-after'], '1');
  assert.equal(limited[0].json().error.code, 'too_many_attempts');
  // nginx's own 429 carries Retry-After and the security headers once each.
  const times = (name) => limited[0].raw.filter((v, i) => i % 2 === 0 && v.toLowerCase() === name).length;
  for (const name of ['retry-after', 'content-security-policy', 'x-content-type-options', 'x-frame-options'])
    assert.equal(times(name), 1, `${name} ${times(name)} times`);
  for (const r of results) assert.ok([422, 429].includes(r.status), `${r.status} ${r.text}`);
  // Other pages are not limited, and the limit passes within seconds.
  assert.equal((await get(base, '/livez')).status, 200);
  await eventually(async () => (await json('POST', '/api/v1/session', {})).status === 422, { within: 15000, every: 500 });
});

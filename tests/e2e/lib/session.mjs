// Signed-in clients for the tests: sign in through the API and get a
// client that sends the session cookie (and the CSRF token on changes),
// or an API token as "Authorization: Bearer".
import assert from 'node:assert/strict';
import { request } from './http.mjs';

export const DEMO_PASSWORD = 'demo-pass-2026';

// The value of a cookie set by a response, or undefined.
export function setCookie(res, name) {
  for (const line of res.headers['set-cookie'] || []) {
    const m = line.match(new RegExp(`^${name}=([^;]*)`));
    if (m) return m[1];
  }
  return undefined;
}

// A client: call(method, path, body) sends JSON with the credentials.
export function client(base, { cookie, csrf, bearer } = {}) {
  return {
    cookie, csrf, bearer,
    call(method, path, body, extra = {}) {
      const headers = { Accept: 'application/json', ...extra };
      if (cookie) headers.Cookie = `portal_session=${cookie}`;
      if (bearer) headers.Authorization = `Bearer ${bearer}`;
      if (csrf && method !== 'GET' && !('X-CSRF-Token' in extra)) headers['X-CSRF-Token'] = csrf;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      return request(base, { method, path, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    },
    get(path, extra) { return this.call('GET', path, undefined, extra); },
  };
}

// Signs in; a 429 while the host's hashing gate is full (another test's
// sign-in hashing at the same moment) is tried again shortly, as the
// Retry-After asks.
export async function signInResponse(base, email, password = DEMO_PASSWORD, headers = {}) {
  for (const until = Date.now() + 30000; ;) {
    const res = await request(base, {
      method: 'POST', path: '/api/v1/session',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 429 || !res.headers['retry-after'] || Date.now() > until) return res;
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
  }
}

export async function signIn(base, email, password = DEMO_PASSWORD, headers = {}) {
  const res = await signInResponse(base, email, password, headers);
  assert.equal(res.status, 200, `sign-in of ${email}: ${res.text}`);
  const body = res.json();
  const c = client(base, { cookie: setCookie(res, 'portal_session'), csrf: body.csrf_token });
  c.user = body.user;
  return c;
}

// A fresh community member (an applicant), unique to this run.
let serial = 0;
export function uniqueEmail(tag) {
  serial += 1;
  return `${tag}.${process.pid}.${Date.now()}.${serial}@example.nz`;
}

// Signs up: 202 "check your email" (the same for an email that has an
// account), tried again while the hashing gate is full.
export async function signUp(base, body) {
  for (const until = Date.now() + 30000; ;) {
    const res = await request(base, {
      method: 'POST', path: '/api/v1/users',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (res.status !== 429 || !res.headers['retry-after'] || Date.now() > until) return res;
    await new Promise((r) => setTimeout(r, 50 + Math.random() * 100));
  }
}

// A new member, signed up and then signed in.
export async function register(base, tag, password = 'a-fine-long-password') {
  const email = uniqueEmail(tag);
  const res = await signUp(base, { email, display_name: `Test ${tag}`, password });
  assert.equal(res.status, 202, res.text);
  const c = await signIn(base, email, password);
  return { email, password, user: c.user, client: c };
}

// Posts an HTML form as who (a signed-in client), as a browser would,
// with the session's CSRF token: {status, text, location}; redirects are
// not followed.
export async function postForm(who, base, path, fields) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST', body: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(), redirect: 'manual',
    headers: { Accept: 'text/html', Cookie: `portal_session=${who.cookie}`,
      'Content-Type': 'application/x-www-form-urlencoded' },
  });
  return { status: res.status, text: await res.text(), location: res.headers.get('location') };
}

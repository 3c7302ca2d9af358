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

export async function signIn(base, email, password = DEMO_PASSWORD, headers = {}) {
  const res = await request(base, {
    method: 'POST', path: '/api/v1/session',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(res.status, 200, `sign-in of ${email}: ${res.text}`);
  const body = res.json();
  return client(base, { cookie: setCookie(res, 'portal_session'), csrf: body.csrf_token });
}

// A fresh community member (an applicant), unique to this run.
let serial = 0;
export function uniqueEmail(tag) {
  serial += 1;
  return `${tag}.${process.pid}.${Date.now()}.${serial}@example.nz`;
}

export async function register(base, tag, password = 'a-fine-long-password') {
  const email = uniqueEmail(tag);
  const res = await request(base, {
    method: 'POST', path: '/api/v1/users',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, display_name: `Test ${tag}`, password }),
  });
  assert.equal(res.status, 201, res.text);
  const body = res.json();
  return { email, password, user: body.user,
    client: client(base, { cookie: setCookie(res, 'portal_session'), csrf: body.csrf_token }) };
}

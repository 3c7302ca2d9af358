// Public HTML pages: the location list and each location's home, the
// security headers every response carries, and nginx's static files.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { get, request } from './lib/http.mjs';

const LOCATIONS = [
  ['auckland', 'Auckland'], ['hamilton', 'Hamilton'],
  ['palmerston-north', 'Palmerston North'], ['wellington', 'Wellington'],
  ['nelson', 'Nelson'], ['christchurch', 'Christchurch'], ['dunedin', 'Dunedin'],
  ['invercargill', 'Invercargill'], ['ashburton', 'Ashburton'], ['timaru', 'Timaru'],
  ['masterton', 'Masterton'], ['levin', 'Levin'], ['whanganui', 'Whanganui'],
  ['blenheim', 'Blenheim'],
];

let base;
before(async () => { base = (await sharedStack()).base; });

function assertSecurityHeaders(res) {
  const csp = res.headers['content-security-policy'];
  assert.ok(csp, 'Content-Security-Policy is set');
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.ok(res.headers['referrer-policy'], 'Referrer-Policy is set');
}

test('/ lists the 14 demo locations, each linking to its home', async () => {
  const res = await get(base, '/');
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'], /^text\/html; charset=utf-8/);
  for (const [slug, name] of LOCATIONS) {
    assert.ok(res.text.includes(`<a href="/l/${slug}/">`), `link to ${slug}`);
    assert.ok(res.text.includes(`<span class="name">${name}</span>`), `name ${name}`);
  }
  assert.equal((res.text.match(/<li><a href="\/l\//g) || []).length, 14);
  assert.ok(res.text.startsWith('<!doctype html>'));
  assertSecurityHeaders(res);
});

test('a location home shows its name and region', async () => {
  const res = await get(base, '/l/palmerston-north/');
  assert.equal(res.status, 200);
  assert.match(res.text, /<h1>Palmerston North<\/h1>/);
  assert.match(res.text, /Manawatū-Whanganui/);
  assert.match(res.text, /<title>Palmerston North · Community Engagement Portal<\/title>/);
  assertSecurityHeaders(res);
});

test('an unknown location is a 404 HTML page', async () => {
  const res = await get(base, '/l/atlantis/');
  assert.equal(res.status, 404);
  assert.match(res.headers['content-type'], /^text\/html/);
  assert.match(res.text, /<h1>Not Found<\/h1>/);
  assertSecurityHeaders(res);
});

test('a slug that is not a slug is a 404, not an error', async () => {
  const res = await get(base, '/l/NOT_A_SLUG/');
  assert.equal(res.status, 404);
});

test('a location home without its trailing slash redirects to it', async () => {
  const res = await get(base, '/l/hamilton?x=1');
  assert.equal(res.status, 308);
  assert.equal(res.headers.location, '/l/hamilton/?x=1');
});

test('an unknown page is a 404 in HTML, or JSON when asked for JSON', async () => {
  const html = await get(base, '/no/such/page');
  assert.equal(html.status, 404);
  assert.match(html.headers['content-type'], /^text\/html/);
  const json = await get(base, '/no/such/page', { Accept: 'application/json' });
  assert.equal(json.status, 404);
  assert.equal(json.json().error.code, 'not_found');
});

test('HEAD answers headers without a body', async () => {
  const res = await request(base, { method: 'HEAD', path: '/' });
  assert.equal(res.status, 200);
  assert.equal(res.text, '');
  assertSecurityHeaders(res);
});

test('nginx serves public/ with cache headers and compression', async () => {
  const res = await get(base, '/static/css/portal.css', { 'Accept-Encoding': 'gzip' });
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'], /^text\/css/);
  assert.match(res.headers['cache-control'] || '', /max-age=\d+/);
  assert.equal(res.headers['content-encoding'], 'gzip');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
});

test('HTML pages are compressed for clients that accept it', async () => {
  const res = await get(base, '/', { 'Accept-Encoding': 'gzip' });
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-encoding'], 'gzip');
});

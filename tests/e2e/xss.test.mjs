// Text people write never runs (issue 4): script tags, event handlers,
// javascript: links and attribute break-outs go into every text field of
// an initiative and its progress update, and no page or export that shows
// them carries them live.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { request } from './lib/http.mjs';
import { signIn } from './lib/session.mjs';

const API = '/api/v1/locations/hamilton';
const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '[click me](javascript:alert(3))',
  '<a href="javascript:alert(4)">link</a>',
  '"><svg onload=alert(5)>',
  "'><iframe src=javascript:alert(6)>",
  '![pic](javascript:alert(7))',
  '<javascript:alert(8)>',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCg5KTwvc2NyaXB0Pg==)',
];
const ALL = PAYLOADS.join(' ');

// Markup that would run.  Every '<' on a page must open a tag the
// templates write (or a comment or the doctype): escaped text never holds
// one.  No tag may be one that runs or loads something, carry an event
// handler, or point a link or form at a script or data URL.
const TAG = /^<\/?([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'=<>\/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/;
const ATTR = /([^\s"'=<>\/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const RUNS = new Set(['script', 'iframe', 'frame', 'object', 'embed', 'svg', 'math', 'img', 'style', 'base', 'video', 'audio', 'source']);
const decode = (v) => v.replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
  .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)))
  .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

function assertInert(html, where) {
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    const rest = html.slice(at);
    if (rest.startsWith('<!--') || /^<!doctype/i.test(rest)) continue;
    const tag = rest.match(TAG);
    assert.ok(tag, `${where}: a stray '<' at ${JSON.stringify(rest.slice(0, 40))}`);
    const name = tag[1].toLowerCase();
    assert.ok(!RUNS.has(name), `${where}: a <${name}> element`);
    for (const [, attr, a, b, c] of tag[2].matchAll(ATTR)) {
      const key = attr.toLowerCase();
      const value = decode(a ?? b ?? c ?? '').trim().toLowerCase();
      assert.ok(!key.startsWith('on'), `${where}: an event handler ${key} on <${name}>`);
      if (['href', 'src', 'action', 'formaction', 'xlink:href'].includes(key)) {
        assert.doesNotMatch(value, /^(javascript|data|vbscript):/, `${where}: ${key}="${value}"`);
      }
    }
  }
}

let stack, member, id;
// A stack of its own when the file runs alone; stopped when done.
after(() => stack?.stop());
before(async () => {
  stack = await sharedStack();
  member = await signIn(stack.base, 'member.hamilton@portal.demo');
  const res = await member.call('POST', `${API}/initiatives`, {
    title: `XSS ${PAYLOADS[0]}${PAYLOADS[4]}`.slice(0, 200),
    summary: PAYLOADS.join('\n\n'),
    area: 'news_narrative', elements: ['belonging'], outcome_areas: [],
    partners: PAYLOADS.slice(0, 5), target_groups: PAYLOADS.slice(4),
    visibility: 'public', status: 'active',
  });
  assert.equal(res.status, 201, res.text);
  id = res.json().id;
  const up = await member.call('POST', `${API}/initiatives/${id}/updates`, { body: ALL });
  assert.equal(up.status, 201, up.text);
  // A form shown again with a payload in every field it echoes.
  assert.ok(id);
});

test('what was written is stored as written', async () => {
  const ini = (await member.get(`${API}/initiatives/${id}`)).json();
  assert.equal(ini.summary, PAYLOADS.join('\n\n'));
  assert.deepEqual(ini.partners, PAYLOADS.slice(0, 5));
  assert.equal(ini.updates[0].body, ALL);
});

test('no page shows a payload live, signed in or not', async () => {
  const pages = [
    `/l/hamilton/initiatives/${id}`, '/l/hamilton/initiatives', '/l/hamilton/',
  ];
  const wgPages = [
    ...pages, '/l/hamilton/wg/initiatives', `/l/hamilton/wg/initiatives?q=${encodeURIComponent(PAYLOADS[4])}`,
    `/l/hamilton/initiatives/${id}/edit`, '/l/hamilton/wg/', '/l/hamilton/wg/audit',
  ];
  for (const path of pages) {
    const res = await request(stack.base, { path, headers: { Accept: 'text/html' } });
    assert.equal(res.status, 200, path);
    assertInert(res.text, `anonymous ${path}`);
  }
  const coordinator = await signIn(stack.base, 'coordinator.hamilton@portal.demo');
  for (const path of wgPages) {
    const res = await coordinator.get(path, { Accept: 'text/html' });
    assert.equal(res.status, 200, path);
    assertInert(res.text, path);
  }
  // The text is still there to read, escaped.
  const shown = (await request(stack.base, { path: `/l/hamilton/initiatives/${id}` })).text;
  assert.match(shown, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(shown, /click me/);
});

test('forms shown again with the payloads keep them inert', async () => {
  const body = new URLSearchParams({ _csrf: member.csrf, title: PAYLOADS[4], summary: ALL,
    area: PAYLOADS[4], elements: PAYLOADS[4], outcome_areas: '', status: PAYLOADS[0],
    visibility: PAYLOADS[1], lead_user_id: PAYLOADS[4], partners: ALL, target_groups: ALL,
    start_date: PAYLOADS[4], end_date: PAYLOADS[0] });
  const headers = { Accept: 'text/html', Cookie: `portal_session=${member.cookie}`,
    'Content-Type': 'application/x-www-form-urlencoded' };
  for (const path of ['/l/hamilton/wg/initiatives', `/l/hamilton/initiatives/${id}/edit`]) {
    const res = await request(stack.base, { method: 'POST', path, headers, body: body.toString() });
    assert.equal(res.status, 422, path);
    assertInert(res.text, `${path} re-shown`);
  }
  const update = new URLSearchParams({ _csrf: member.csrf, date: PAYLOADS[4], body: ALL,
    people_reached: PAYLOADS[0], status: PAYLOADS[4] });
  const res = await request(stack.base, { method: 'POST', path: `/l/hamilton/initiatives/${id}/updates`,
    headers, body: update.toString() });
  assert.equal(res.status, 422);
  assertInert(res.text, 'update form re-shown');
});

test('exports carry the text, never as a page', async () => {
  for (const name of ['initiatives', 'updates']) {
    const csv = await member.get(`${API}/exports/${name}?format=csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers['content-type'], /^text\/csv/);
    assert.match(csv.headers['content-disposition'], /^attachment;/);
    assert.equal(csv.headers['x-content-type-options'], 'nosniff');
    assert.ok(csv.text.includes('<script>alert(1)</script>'), 'the text itself is kept');
    const json = await member.get(`${API}/exports/${name}`);
    assert.match(json.headers['content-type'], /^application\/json/);
    assert.equal(json.headers['x-content-type-options'], 'nosniff');
  }
});

test('the check itself catches live markup', () => {
  for (const live of [
    '<p>x</p><script>alert(1)</script>', '<p><img src=x onerror=alert(2)></p>',
    '<a href="javascript:alert(3)">x</a>', '<a href="&#106;avascript:alert(3)">x</a>',
    '<input value=""><svg onload=alert(5)>">', '<div onclick="x()">', '<p>1 < 2</p>',
    '<a href=data:text/html,x>x</a>', '<svg/onload=alert(1)>',
  ]) assert.throws(() => assertInert(live, 'sample'), live);
  assertInert('<!doctype html><p class="a">&lt;script&gt; <a href="https://x.nz">ok</a></p><!-- c -->', 'sample');
});

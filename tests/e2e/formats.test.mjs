// One view, two formats (issue 16): the route row decides what a handler's
// view becomes. A JSON route answers its member of the page's view
// (json_member) less what only the page shows (json_omit); a refused form
// is the page again on an HTML route and the error shape on a JSON one;
// a done change is a 303 for browsers and the answer for JSON clients.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { request } from './lib/http.mjs';
import { signIn } from './lib/session.mjs';

let base, coordinator, staff;
before(async () => {
  base = (await sharedStack()).base;
  coordinator = await signIn(base, 'coordinator.hamilton@portal.demo');
  staff = await signIn(base, 'inz@portal.demo');
});

const API = '/api/v1/locations/hamilton';
const html = { Accept: 'text/html' };

function json(res) {
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers['content-type'], /^application\/json/);
  return res.json();
}

test('JSON lists leave out the options and filter forms their pages show', async () => {
  const cases = [
    [coordinator, `${API}/requests`, '/l/hamilton/wg/requests', ['filters'], /class="filters"/],
    [coordinator, `${API}/initiatives`, '/l/hamilton/wg/initiatives', ['filters'], /class="filters"/],
    [coordinator, `${API}/invitations`, '/l/hamilton/wg/invitations', ['roles', 'sectors'], /<option value="coordinator"/],
    [staff, '/api/v1/national/overlaps', '/national/overlaps', ['area_options', 'area'], /<select/],
    [staff, '/api/v1/national/stocktakes', '/national/stocktakes', ['form', 'errors'], /<form/],
  ];
  for (const [who, api, page, left, shown] of cases) {
    const body = json(await who.get(api));
    assert.ok(Array.isArray(body.items), api);
    for (const m of left) assert.equal(m in body, false, `${api} has no ${m}`);
    const res = await who.get(page, html);
    assert.equal(res.status, 200, page);
    assert.match(res.text, shown, `${page} shows them`);
  }
  const members = json(await coordinator.get(`${API}/members`));
  assert.ok(members.items.length > 0);
  for (const m of members.items) assert.equal('role_options' in m, false);
  const page = await coordinator.get('/l/hamilton/wg/members', html);
  assert.match(page.text, /<option value="coordinator"/);
});

test('the API answers the initiative itself, the page has its options', async () => {
  const list = json(await coordinator.get(`${API}/initiatives?limit=1`));
  const id = list.items[0].id;
  const ini = json(await coordinator.get(`${API}/initiatives/${id}`));
  assert.equal(ini.id, id);
  for (const m of ['initiative', 'location', 'status_options', 'funded', 'can_write', 'adopt_to'])
    assert.equal(m in ini, false, `no ${m}`);
  const page = await coordinator.get(`/l/hamilton/initiatives/${id}`, html);
  assert.equal(page.status, 200);
  assert.match(page.headers['content-type'], /^text\/html/);
});

test('a refused form: the page again for browsers, the error for JSON', async () => {
  const api = await coordinator.call('POST', `${API}/rounds`, { name: '' });
  assert.equal(api.status, 422);
  assert.match(api.headers['content-type'], /^application\/json/);
  const err = api.json().error;
  assert.equal(err.code, 'validation_failed');
  assert.ok(err.fields.name, 'the field is named');
  const body = new URLSearchParams({ _csrf: coordinator.csrf, name: '' });
  const res = await request(base, {
    method: 'POST', path: '/l/hamilton/wg/rounds', body: body.toString(),
    headers: { ...html, Cookie: `portal_session=${coordinator.cookie}`, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(res.status, 422);
  assert.match(res.headers['content-type'], /^text\/html/);
  assert.match(res.text, /<input id="name" name="name"/, 'the form, not the error page');
  assert.match(res.text, /aria-invalid="true"/);
});

test('a done change: 303 to its page for browsers, the answer for JSON', async () => {
  const token = await coordinator.call('POST', '/api/v1/me/tokens', { name: `formats ${Date.now()}` });
  assert.equal(token.status, 201, token.text);
  const t = token.json();
  assert.equal(typeof t.id, 'number');
  for (const m of ['new_token', 'user', 'tokens']) assert.equal(m in t, false, `no ${m}`);
  assert.equal(token.headers.location, undefined);
  const rev = await coordinator.call('DELETE', `/api/v1/me/tokens/${t.id}`);
  assert.ok(rev.status < 300, rev.text);
});

// The service directory (issue 19): validation naming each field, full-
// text search and the filters by category and language offered in JSON,
// the page and CSV; a national service entered once and listed in two
// more locations (and only its keeper changes it); edits with versions;
// the bulk CSV import (a preview that writes nothing, a valid file, a
// file with bad rows that writes nothing); the forms; the public page's
// cached copy dropping at a change.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { signIn } from './lib/session.mjs';
import { publicWithin, request } from './lib/http.mjs';
import { sqlValue } from './lib/db.mjs';

const API = '/api/v1/locations/hamilton';
const tag = `d${process.pid}${Date.now().toString(36)}`;
let stack, base, member, observer, nelson;

after(() => stack?.stop());
before(async () => {
  stack = await sharedStack();
  base = stack.base;
  [member, observer, nelson] = await Promise.all([
    signIn(base, 'member.hamilton@portal.demo'),
    signIn(base, 'observer.hamilton@portal.demo'),
    signIn(base, 'member.nelson@portal.demo'),
  ]);
});

const service = (extra = {}) => ({
  name: `Somali women's health group ${tag}`, organisation: 'Hamilton East community house',
  description: `Monthly health talks with a nurse ${tag}, in Somali and Arabic.`,
  categories: ['health_wellbeing', 'inclusion'], languages: ['so', 'ar'],
  eligibility: 'Women', free: true, hours: 'First Saturday, 10am', phone: '07 855 1234',
  checked_on: '2026-11-30', ...extra,
});
const count = (where) => Number(sqlValue(stack, `SELECT count(*) FROM services WHERE ${where}`));
const anon = (path, headers = {}) => request(base, { path, headers });
const names = (res) => res.json().items.map((s) => s.name);
function postForm(who, path, fields) {
  const body = new URLSearchParams({ _csrf: who.csrf });
  for (const [k, v] of Object.entries(fields)) for (const one of [].concat(v)) body.append(k, one);
  return request(base, {
    method: 'POST', path, body: body.toString(),
    headers: { Accept: 'text/html', Cookie: `portal_session=${who.cookie}`, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
}
function postCsv(who, path, text) {
  return request(base, {
    method: 'POST', path, body: text,
    headers: { Accept: 'application/json', 'Content-Type': 'text/csv', Cookie: `portal_session=${who.cookie}`, 'X-CSRF-Token': who.csrf },
  });
}

test('validation names each bad field, writes nothing; observers and others cannot write', async () => {
  const bad = await member.call('POST', `${API}/services`, {
    name: ' ', organisation: '', categories: ['cooking'], languages: ['xx'], email: 'nope',
    website: 'javascript:alert(1)', phone: 'call us', checked_on: '2026-02-30', free: 'maybe', language: 'zz',
  });
  assert.equal(bad.status, 422, bad.text);
  const fields = bad.json().error.fields;
  for (const f of ['name', 'organisation', 'categories', 'languages', 'email', 'website', 'phone', 'checked_on', 'free', 'language']) {
    assert.ok(fields[f], `${f}: ${bad.text}`);
  }
  const none = await member.call('POST', `${API}/services`, service({ phone: '', categories: [], languages: [] }));
  assert.equal(none.status, 422);
  assert.match(none.json().error.fields.phone, /one way to reach/);
  assert.match(none.json().error.fields.categories, /at least one/);
  assert.match(none.json().error.fields.languages, /required/);
  const where = await member.call('POST', `${API}/services`, service({ locations: ['atlantis'] }));
  assert.equal(where.status, 422);
  assert.ok(where.json().error.fields.locations);
  for (const [who, status] of [[observer, 403], [nelson, 404]]) {
    assert.equal((await who.call('POST', `${API}/services`, service())).status, status);
  }
  assert.equal(count(`name = ${`'Somali women''s health group ${tag}'`}`), 0);
});

test('search, the language and category filters, in JSON, on the page and as CSV; the cache drops', async () => {
  const before = await anon(`${API}/services?language=so`);
  assert.equal(before.status, 200);
  assert.ok(!names(before).includes(service().name));
  const made = await member.call('POST', `${API}/services`, service());
  assert.equal(made.status, 201, made.text);
  const s = made.json();
  assert.equal(s.version, 1);
  assert.deepEqual(s.locations, ['hamilton']);
  assert.deepEqual(s.languages, ['so', 'ar']);
  // Anonymous readers see it within the micro-cache's second: portald
  // dropped its cached list at once.
  await publicWithin(async () => names(await anon(`${API}/services?language=so`)).includes(s.name));
  assert.ok(names(await anon(`${API}/services?q=${tag}`)).includes(s.name), 'full-text search');
  assert.ok(!names(await anon(`${API}/services?q=${tag}&language=my`)).includes(s.name), 'not offered in Burmese');
  assert.ok(names(await anon(`${API}/services?q=${tag}&category=inclusion`)).includes(s.name));
  assert.ok(!names(await anon(`${API}/services?q=${tag}&category=employment`)).includes(s.name));
  for (const q of ['language=xx', 'category=cooking', 'cursor=nonsense']) {
    assert.equal((await anon(`${API}/services?${q}`)).status, 400, q);
  }
  // Every demo service offered in Arabic, and only those.
  const arabic = (await anon(`${API}/services?language=ar&limit=100`)).json().items;
  assert.ok(arabic.length >= 5);
  for (const one of arabic) assert.ok(one.languages.includes('ar'), one.name);
  const page = await anon(`/l/hamilton/services?language=so`, { Accept: 'text/html' });
  assert.equal(page.status, 200);
  assert.match(page.text, new RegExp(`Somali women&#39;s health group ${tag}`));
  assert.match(page.text, /<option value="so" selected>/);
  const csv = await anon(`/l/hamilton/services.csv?q=${tag}`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers['content-type'], /^text\/csv/);
  const lines = csv.text.split('\r\n');
  assert.match(lines[0], /^"name","organisation","description","categories","languages"/);
  assert.match(lines[1], new RegExp(`"health_wellbeing; inclusion","so; ar"`));
  assert.equal(lines.length, 3, 'one row and the final line end');
  const one = await anon(`/l/hamilton/services/${s.id}`, { Accept: 'text/html' });
  assert.match(one.text, /Somali <span lang="so">\(Soomaali\)<\/span>/);
});

test('paging: the next cursor continues the list, keeping its filters', async () => {
  const first = (await anon(`${API}/services?limit=2`)).json();
  assert.equal(first.items.length, 2);
  assert.match(first.next_url, /^\/api\/v1\/locations\/hamilton\/services\?cursor=/);
  const second = (await anon(first.next_url + '&limit=2')).json();
  assert.ok(second.items.length >= 1);
  assert.ok(second.items[0].name.toLowerCase() >= first.items[1].name.toLowerCase());
  const filtered = (await anon(`${API}/services?language=ar&limit=1`)).json();
  assert.match(filtered.next_url, /\?language=ar&cursor=/);
});

test('a national service is entered once and listed in each of its locations; only its keeper edits it', async () => {
  const made = await member.call('POST', `${API}/services`, service({
    name: `Refugee legal advice line ${tag}`, locations: ['nelson', 'palmerston-north'],
  }));
  assert.equal(made.status, 201, made.text);
  const s = made.json();
  assert.deepEqual(s.locations, ['hamilton', 'nelson', 'palmerston-north']);
  assert.equal(count(`name = 'Refugee legal advice line ${tag}'`), 1, 'one row');
  for (const slug of ['nelson', 'palmerston-north']) {
    const list = await anon(`/api/v1/locations/${slug}/services?q=${tag}`);
    assert.ok(names(list).includes(s.name), slug);
    const one = await anon(`/api/v1/locations/${slug}/services/${s.id}`);
    assert.equal(one.status, 200);
    assert.equal(one.json().kept_by, 'hamilton');
    assert.equal(one.json().kept_here, false);
  }
  assert.ok(!names(await anon(`/api/v1/locations/wellington/services?q=${tag}`)).includes(s.name));
  assert.equal((await anon(`/api/v1/locations/wellington/services/${s.id}`)).status, 404);
  // Nelson lists it but does not keep it.
  const theirs = await nelson.call('PATCH', `/api/v1/locations/nelson/services/${s.id}`, { version: 1, name: 'Taken' });
  assert.equal(theirs.status, 403, theirs.text);
  // Its keeper edits it with the version it read; a stale one is 409.
  const edit = await member.call('PATCH', `${API}/services/${s.id}`, { version: 1, locations: ['nelson'], free: false, cost: '$20 a visit' });
  assert.equal(edit.status, 200, edit.text);
  assert.equal(edit.json().version, 2);
  assert.deepEqual(edit.json().locations, ['hamilton', 'nelson']);
  assert.equal(edit.json().free, false);
  assert.equal(edit.json().name, s.name, 'a PATCH keeps what it does not name');
  await publicWithin(async () => (await anon(`/api/v1/locations/palmerston-north/services/${s.id}`)).status === 404);
  const stale = await member.call('PATCH', `${API}/services/${s.id}`, { version: 1, name: 'Old' });
  assert.equal(stale.status, 409);
  assert.equal(stale.json().error.current.version, 2);
  assert.equal(Number(sqlValue(stack, `SELECT count(*) FROM audit_log WHERE action = 'service_changed'
    AND detail->>'service_id' = '${s.id}'`)), 1);
  // Removing it removes every listing.
  assert.equal((await nelson.call('DELETE', `/api/v1/locations/nelson/services/${s.id}`)).status, 403);
  assert.equal((await member.call('DELETE', `${API}/services/${s.id}`)).status, 204);
  assert.equal((await anon(`/api/v1/locations/nelson/services/${s.id}`)).status, 404);
  assert.equal(count(`id = ${s.id}`), 0);
  assert.equal(Number(sqlValue(stack, `SELECT count(*) FROM service_locations
    WHERE service_id = ${s.id}`)), 0, 'no listing outlives its service');
});

const HEADER = 'name,organisation,categories,languages,free,phone,website,checked_on,locations';
const goodCsv = () => [HEADER,
  `"Arabic playgroup ${tag}","Hamilton Playcentre","education_training; inclusion","ar; en",yes,07 856 0000,,2026-10-01,`,
  `"Driving lessons, in Dari ${tag}",Te Rapa driving school,employment,"fa-AF, en",no,,https://drive.example.nz,,nelson`,
].join('\r\n') + '\r\n';

test('CSV import: a preview writes nothing; a valid file writes every row', async () => {
  const preview = await postCsv(member, `${API}/services/import?dry_run=1`, goodCsv());
  assert.equal(preview.status, 200, preview.text);
  assert.equal(preview.json().created, 0);
  assert.equal(preview.json().rows.length, 2);
  assert.equal(count(`name LIKE '%${tag}' AND organisation IN ('Hamilton Playcentre', 'Te Rapa driving school')`), 0);
  const res = await postCsv(member, `${API}/services/import`, goodCsv());
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json().created, 2);
  assert.deepEqual(res.json().errors, []);
  const dari = (await anon(`/api/v1/locations/nelson/services?language=fa-AF&q=${tag}`)).json().items;
  assert.deepEqual(dari.map((s) => s.name), [`Driving lessons, in Dari ${tag}`]);
  assert.equal(dari[0].free, false);
  assert.deepEqual(dari[0].languages, ['fa-AF', 'en']);
  assert.equal(Number(sqlValue(stack, `SELECT count(*) FROM audit_log WHERE action = 'services_imported'
    AND detail->>'created' = '2'`)) >= 1, true);
});

test('CSV import: a file with bad rows names each row and field, and writes nothing', async () => {
  const text = [HEADER,
    `"Good row ${tag}",Org,inclusion,en,yes,07 800 0000,,,`,
    `"",Org,cooking,en,yes,07 800 0000,,,`,
    `"No way to reach ${tag}",Org,inclusion,xx,perhaps,,,2026-13-01,atlantis`,
  ].join('\n');
  const res = await postCsv(member, `${API}/services/import`, text);
  assert.equal(res.status, 422, res.text);
  const err = res.json().error;
  assert.equal(err.code, 'validation_failed');
  assert.equal(err.created, 0);
  assert.deepEqual(err.errors.map((e) => e.row), [3, 4]);
  assert.ok(err.errors[0].fields.name && err.errors[0].fields.categories);
  for (const f of ['languages', 'free', 'checked_on', 'phone', 'locations']) assert.ok(err.errors[1].fields[f], f);
  assert.equal(count(`name = 'Good row ${tag}'`), 0, 'the good row was not written either');
  for (const [body, re] of [['name,colour\nx,red\n', /columns/], ['organisation\nx\n', /name column/],
    [`${HEADER}\n"unclosed,x\n`, /not CSV/], [HEADER + '\n', /no services/]]) {
    const r = await postCsv(member, `${API}/services/import`, body);
    assert.equal(r.status, 422);
    assert.match(r.json().error.fields.csv, re);
  }
  assert.equal((await postCsv(observer, `${API}/services/import`, goodCsv())).status, 403);
});

test('the forms: add with a message by each bad field, preview an import, edit, remove', async () => {
  const bad = await postForm(member, '/l/hamilton/wg/services', { name: '', organisation: 'Org', phone: '07 800 0000' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="name-error"/);
  assert.match(bad.text, /id="categories-error"/);
  const ok = await postForm(member, '/l/hamilton/wg/services', {
    name: `Karen weaving circle ${tag}`, organisation: 'Karen community', categories: ['inclusion'],
    languages: ['ksw', 'my'], phone: '07 800 1111', free: 'on', locations: 'nelson',
  });
  assert.equal(ok.status, 303, ok.text);
  const id = ok.headers.location.match(/\/l\/hamilton\/services\/(\d+)$/)[1];
  const made = (await anon(`/api/v1/locations/nelson/services/${id}`)).json();
  assert.equal(made.free, true);
  assert.deepEqual(made.languages, ['ksw', 'my']);
  const form = await member.get(`/l/hamilton/services/${id}/edit`, { Accept: 'text/html' });
  assert.equal(form.status, 200);
  assert.match(form.text, /value="nelson"/);
  assert.match(form.text, /name="version" value="1"/);
  const edited = await postForm(member, `/l/hamilton/services/${id}/edit`, {
    version: '1', name: `Karen weaving circle ${tag}`, organisation: 'Karen community', categories: ['inclusion'],
    languages: ['ksw'], phone: '07 800 1111', locations: '',
  });
  assert.equal(edited.status, 303, edited.text);
  const now = (await anon(`${API}/services/${id}`)).json();
  assert.equal(now.free, false, 'an unticked box is no');
  assert.deepEqual(now.locations, ['hamilton']);
  const preview = await postForm(member, '/l/hamilton/wg/services/import', { csv: goodCsv(), preview: '1' });
  assert.equal(preview.status, 200, preview.text);
  assert.match(preview.text, /These services will be added/);
  const rows = await postForm(member, '/l/hamilton/wg/services/import', { csv: `${HEADER}\n"",Org,inclusion,en,yes,,,,\n` });
  assert.equal(rows.status, 422);
  assert.match(rows.text, /<th scope="row">2<\/th>/);
  const gone = await postForm(member, `/l/hamilton/services/${id}/delete`, {});
  assert.equal(gone.status, 303);
  assert.equal(count(`id = ${id}`), 0);
});

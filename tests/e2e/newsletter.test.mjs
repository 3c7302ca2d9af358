// Each location's newsletter (issue 19) and the directory's organisations
// as initiative partners: sign-up that answers the same for any address,
// double opt-in (nothing reaches an unconfirmed address), delivery to the
// confirmed subscribers of the issue's language only (read in the outbox
// table), each message with its RFC 8058 List-Unsubscribe URL, one-click
// unsubscribe in one POST without signing in or a CSRF token (a GET
// changes nothing), tokens refused when misused, the public archive, and
// partners shown on the initiative and on the directory entry.
//
// The shared stack outlives a run: every address carries a per-run tag,
// and counts are of this run's addresses.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { setCookie, signIn, uniqueEmail } from './lib/session.mjs';
import { eventually, publicWithin, request } from './lib/http.mjs';
import { linkToken, quote, sql, sqlValue } from './lib/db.mjs';
import { portalctl } from './lib/portalctl.mjs';

const API = '/api/v1/locations/hamilton';
const tag = `n${process.pid}${Date.now().toString(36)}`;
let stack, base, coordinator, member, observer, eventId;

before(async () => {
  stack = await sharedStack();
  base = stack.base;
  [coordinator, member, observer] = await Promise.all([
    signIn(base, 'coordinator.hamilton@portal.demo'),
    signIn(base, 'member.hamilton@portal.demo'),
    signIn(base, 'observer.hamilton@portal.demo'),
  ]);
  // An event a week ahead, for the issues to carry.
  const at = (days) => new Date(Date.now() + days * 864e5).toISOString().slice(0, 19) + 'Z';
  const ev = await member.call('POST', `${API}/events`, {
    title: `Newsletter picnic ${tag}`, description: `Bring a plate ${tag}.`,
    starts_at: at(7), ends_at: at(7.1), languages: ['en'],
  });
  assert.equal(ev.status, 201, ev.text);
  eventId = ev.json().id;
});

const json = (method, path, body, headers = {}) => request(base, {
  method, path, body: JSON.stringify(body),
  headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...headers },
});
const subscribe = (email, language, slug = 'hamilton') =>
  json('POST', `/api/v1/locations/${slug}/subscriptions`, { email, language });
const confirmToken = (email) => linkToken(stack, email, 'newsletter_confirm', '/newsletter/confirm/');
const confirm = (token) => json('POST', '/api/v1/subscriptions/confirm', { token });
// The messages of a kind to an address: [id, subject, list_unsubscribe].
const mails = (email, kind = 'newsletter') => sql(stack, `SELECT id, subject, coalesce(list_unsubscribe, '')
  FROM outbox WHERE kind = ${quote(kind)} AND to_email = ${quote(email)} ORDER BY id`);
const mailBody = (id) => sqlValue(stack, `SELECT body FROM outbox WHERE id = ${Number(id)}`);
const subscriber = (email) => sql(stack, `SELECT language, confirmed_at IS NOT NULL
  FROM newsletter_subscribers WHERE email = ${quote(email)}`);
const send = (body, who = coordinator) => who.call('POST', `${API}/newsletter/issues`,
  { intro: '', items: [`event:${eventId}`], ...body });
const path = (url) => url.replace(/^https?:\/\/[^/]+/, '');

// A confirmed subscriber of language; returns the address.
async function confirmed(tagName, language, slug = 'hamilton') {
  const email = uniqueEmail(`${tag}-${tagName}`);
  assert.equal((await subscribe(email, language, slug)).status, 202);
  const res = await confirm(confirmToken(email));
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json(), { location: slug, language, confirmed: true });
  return email;
}

test('sign-up answers the same whether the address is new, waiting or confirmed; bad input names the fields', async () => {
  const email = uniqueEmail(`${tag}-same`);
  const first = await subscribe(email, 'en');
  assert.equal(first.status, 202, first.text);
  assert.deepEqual(first.json(), { status: 'sent' });
  const link = confirmToken(email);
  assert.match(link, /^[A-Za-z0-9_-]{43}$/);
  const again = await subscribe(email, 'en');
  assert.equal(again.status, 202);
  assert.equal(again.text, first.text);
  // A second link replaces the first: only the newest confirms.
  const newer = confirmToken(email);
  assert.notEqual(newer, link);
  assert.equal((await confirm(link)).status, 404);
  assert.equal((await confirm(newer)).status, 200);
  const known = await subscribe(email, 'en');
  assert.equal(known.status, 202);
  assert.equal(known.text, first.text);
  assert.equal(mails(email, 'newsletter_confirm').length, 2, 'a confirmed address gets no more links');
  const unknownPlace = await subscribe(uniqueEmail(`${tag}-x`), 'en', 'nowhere');
  assert.equal(unknownPlace.status, 404);

  const bad = await subscribe('not an address', 'xx');
  assert.equal(bad.status, 422);
  assert.deepEqual(Object.keys(bad.json().error.fields).sort(), ['email', 'language']);
  assert.equal(subscriber('not an address').length, 0);
});

// Anyone may sign any address up, so one address receives at most three
// confirmation links in 24 hours, across locations and languages
// (sql/038); past that a sign-up answers the same and changes nothing.
test('an address gets at most three confirmation links a day; more sign-ups answer the same and change nothing', async () => {
  const email = uniqueEmail(`${tag}-flood`);
  const links = () => mails(email, 'newsletter_confirm').map(([id]) =>
    mailBody(id).match(/\/newsletter\/confirm\/([A-Za-z0-9_-]{43})/)[1]);
  const first = await subscribe(email, 'en');
  assert.equal(first.status, 202, first.text);
  for (const [language, slug] of [['en', 'hamilton'], ['en', 'nelson'], ['ar', 'hamilton'], ['mi', 'nelson'], ['en', 'nelson']]) {
    const res = await subscribe(email, language, slug);
    assert.equal(res.status, 202, res.text);
    assert.equal(res.text, first.text, 'the answer never tells');
  }
  const sent = links();
  assert.equal(sent.length, 3, 'three links, then none');
  // The refused sign-ups wrote nothing and replaced no link: Hamilton's
  // second link and Nelson's first still confirm.
  assert.deepEqual(sql(stack, `SELECT l.slug, s.language FROM newsletter_subscribers s
    JOIN locations l ON l.id = s.location_id WHERE s.email = ${quote(email)} ORDER BY 1, 2`),
  [['hamilton', 'en'], ['nelson', 'en']]);
  assert.equal((await confirm(sent[0])).status, 404, 'replaced by the second');
  assert.deepEqual((await confirm(sent[1])).json(), { location: 'hamilton', language: 'en', confirmed: true });
  assert.deepEqual((await confirm(sent[2])).json(), { location: 'nelson', language: 'en', confirmed: true });
  // A day later the address may be sent a link again.
  sql(stack, `UPDATE outbox SET created_at = created_at - interval '25 hours'
    WHERE kind = 'newsletter_confirm' AND to_email = ${quote(email)}`);
  assert.equal((await subscribe(email, 'ar', 'hamilton')).status, 202);
  assert.equal(links().length, 4);
  assert.equal((await confirm(links()[3])).status, 200);
});

test('the sign-up page: an anonymous form with its CSRF token, shown again with messages', async () => {
  const page = await request(base, { path: '/l/hamilton/newsletter', headers: { Accept: 'text/html' } });
  assert.equal(page.status, 200);
  assert.match(page.text, /<select id="language" name="language"/);
  const token = setCookie(page, 'portal_csrf');
  const post = (fields) => request(base, {
    method: 'POST', path: '/l/hamilton/newsletter', body: new URLSearchParams({ _csrf: token, ...fields }).toString(),
    headers: { Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `portal_csrf=${token}` },
  });
  const email = uniqueEmail(`${tag}-form`);
  const ok = await post({ email, language: 'ar' });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.location, '/l/hamilton/newsletter?sent=1');
  assert.deepEqual(subscriber(email), [['ar', 'f']]);
  const again = await post({ email: 'nope', language: 'en' });
  assert.equal(again.status, 422);
  assert.match(again.text, /id="email-error"/);
  assert.match(again.text, /value="nope"/);
});

test('double opt-in and languages: an issue reaches the confirmed subscribers of its language only', async () => {
  const en = await confirmed('en', 'en');
  const ar = await confirmed('ar', 'ar');
  const nelson = await confirmed('nelson', 'en', 'nelson');
  const waiting = uniqueEmail(`${tag}-waiting`);
  assert.equal((await subscribe(waiting, 'en')).status, 202);

  // A preview sends nothing.
  const preview = await send({ subject: `Preview ${tag}`, language: 'en', preview: true });
  assert.equal(preview.status, 200, preview.text);
  assert.equal(preview.json().preview.items[0].title, `Newsletter picnic ${tag}`);
  assert.ok(preview.json().preview.recipients >= 1);
  assert.equal(Number(sqlValue(stack, `SELECT count(*) FROM newsletter_issues WHERE subject = 'Preview ${tag}'`)), 0);
  assert.equal(mails(en).length, 0);

  const res = await send({ subject: `English news ${tag}`, language: 'en', intro: `**Kia ora** ${tag}` });
  assert.equal(res.status, 201, res.text);
  const issue = res.json();
  assert.equal(issue.items.length, 1);
  assert.equal(issue.recipients, Number(sqlValue(stack, `SELECT count(*) FROM newsletter_subscribers s
    JOIN locations l ON l.id = s.location_id WHERE l.slug = 'hamilton' AND s.language = 'en'
    AND s.confirmed_at IS NOT NULL`)));
  assert.equal(mails(en).length, 1);
  for (const none of [ar, nelson, waiting]) assert.equal(mails(none).length, 0, none);
  const [mailId, subject, url] = mails(en)[0];
  const body = mailBody(mailId);
  assert.equal(subject, `English news ${tag}`);
  assert.match(url, /^https?:\/\/[^/]+\/newsletter\/unsubscribe\?token=[A-Za-z0-9_-]{43}$/);
  assert.ok(body.includes(`Newsletter picnic ${tag}`));
  assert.ok(body.includes(url), 'the body has the unsubscribe link too');
  // Each message its own token.
  const urls = sql(stack, `SELECT list_unsubscribe FROM outbox WHERE kind = 'newsletter'
    AND subject = ${quote(`English news ${tag}`)}`).map((r) => r[0]);
  assert.equal(new Set(urls).size, urls.length);

  const arabic = await send({ subject: `Arabic news ${tag}`, language: 'ar' });
  assert.equal(arabic.status, 201);
  assert.equal(mails(ar).length, 1);
  assert.equal(mails(en).length, 1);
  // The waiting address confirms: the next issue reaches it.
  assert.equal((await confirm(confirmToken(waiting))).status, 200);
  assert.equal((await send({ subject: `More news ${tag}`, language: 'en' })).status, 201);
  assert.equal(mails(waiting).length, 1);
});

test('one-click unsubscribe: a GET changes nothing; one POST, signed out and without a CSRF token, ends it', async () => {
  const one = await confirmed('oneclick', 'en');
  const two = await confirmed('oneclick2', 'en');
  assert.equal((await send({ subject: `Before ${tag}`, language: 'en' })).status, 201);
  const [[, , url1]] = mails(one);
  const [[, , url2]] = mails(two);

  const page = await request(base, { path: path(url1), headers: { Accept: 'text/html' } });
  assert.equal(page.status, 200);
  assert.match(page.text, /<form method="post" action="\/newsletter\/unsubscribe\?token=/);
  assert.equal(subscriber(one).length, 1, 'the GET ended nothing');

  // As a mail client posts it (RFC 8058 section 3.1): multipart, no cookie,
  // no Origin, no token but the URL's.
  const boundary = 'portal-test-boundary';
  const res = await request(base, {
    method: 'POST', path: path(url1),
    headers: { 'Content-Type': `multipart/form-data; boundary=${boundary}` },
    body: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
  });
  assert.equal(res.status, 200, res.text);
  assert.equal(subscriber(one).length, 0);
  assert.equal(mails(one).length, 0, 'the issue still waiting in the outbox for it does not go (sql/040)');
  assert.equal(subscriber(two).length, 1, 'only that subscription ended');
  assert.equal(mails(two).length, 1);
  const form = await request(base, {
    method: 'POST', path: path(url2), body: 'List-Unsubscribe=One-Click',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://mail.example' },
  });
  assert.equal(form.status, 200);
  assert.equal(subscriber(two).length, 0);

  assert.equal((await request(base, { method: 'POST', path: path(url1), body: '' })).status, 404, 'used once');
  assert.equal((await send({ subject: `After ${tag}`, language: 'en' })).status, 201);
  assert.equal(mails(one).length, 0);
  assert.equal(mails(two).length, 0);
});

test('tokens are refused when misused, and only their hashes are kept', async () => {
  const email = uniqueEmail(`${tag}-misuse`);
  assert.equal((await subscribe(email, 'en')).status, 202);
  const token = confirmToken(email);
  assert.equal(Number(sqlValue(stack, `SELECT length(confirm_hash) FROM newsletter_subscribers
    WHERE email = ${quote(email)}`)), 32);
  assert.equal(Number(sqlValue(stack, `SELECT count(*) FROM newsletter_subscribers
    WHERE position(${quote(token)}::bytea IN confirm_hash) > 0`)), 0);
  // Opening the link changes nothing; its button confirms.
  const page = await request(base, { path: `/newsletter/confirm/${token}`, headers: { Accept: 'text/html' } });
  assert.equal(page.status, 200);
  assert.deepEqual(subscriber(email), [['en', 'f']]);
  const wrong = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
  for (const t of [wrong, 'short', `${token}x`]) assert.equal((await confirm(t)).status, 404, t);
  // A confirmation token does not unsubscribe, an unsubscribe token does
  // not confirm.
  assert.equal((await request(base, { method: 'POST', path: `/newsletter/unsubscribe?token=${token}` })).status, 404);
  assert.equal((await request(base, { path: `/newsletter/unsubscribe?token=${token}` })).status, 404);
  assert.equal((await request(base, { method: 'POST', path: '/newsletter/unsubscribe' })).status, 404);
  assert.deepEqual(subscriber(email), [['en', 'f']]);
  assert.equal((await confirm(token)).status, 200);
  assert.equal((await confirm(token)).status, 404, 'single use');
  assert.equal((await send({ subject: `Misuse ${tag}`, language: 'en' })).status, 201);
  const [[, , url]] = mails(email);
  const unsub = url.split('token=')[1];
  assert.equal((await confirm(unsub)).status, 404);
  const html = await request(base, {
    method: 'POST', path: `/newsletter/confirm/${unsub}`, body: '',
    headers: { Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(html.status, 403, 'the confirm form keeps its CSRF check');
});

test('a confirmation link expires after seven days; signing up again sends one that works', async () => {
  const email = uniqueEmail(`${tag}-late`);
  assert.equal((await subscribe(email, 'en')).status, 202);
  const old = confirmToken(email);
  sql(stack, `UPDATE newsletter_subscribers SET confirm_sent_at = now() - interval '7 days 1 minute'
    WHERE email = ${quote(email)}`);
  assert.equal((await confirm(old)).status, 404, 'expired');
  assert.deepEqual(subscriber(email), [['en', 'f']]);
  assert.equal((await subscribe(email, 'en')).status, 202);
  const fresh = confirmToken(email);
  assert.notEqual(fresh, old);
  assert.equal((await confirm(fresh)).status, 200);
  assert.deepEqual(subscriber(email), [['en', 't']]);
});

test('portalctl newsletter purge deletes the sign-ups never confirmed once their link expired, and nothing else', async () => {
  const stale = uniqueEmail(`${tag}-stale`);
  const fresh = uniqueEmail(`${tag}-fresh`);
  const kept = await confirmed('kept', 'en');
  for (const email of [stale, fresh]) assert.equal((await subscribe(email, 'en')).status, 202);
  for (const email of [stale, kept]) {
    sql(stack, `UPDATE newsletter_subscribers SET confirm_sent_at = now() - interval '8 days'
      WHERE email = ${quote(email)};
      UPDATE outbox SET created_at = now() - interval '8 days'
      WHERE kind = 'newsletter_confirm' AND to_email = ${quote(email)}`);
  }
  const run = await portalctl(stack, ['newsletter', 'purge']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^newsletter purge: [1-9]\d* unconfirmed sign-ups? and [1-9]\d* confirmation messages? deleted$/m);
  assert.deepEqual(subscriber(stale), []);
  assert.equal(mails(stale, 'newsletter_confirm').length, 0, 'nor the message with its dead link');
  assert.deepEqual(subscriber(fresh), [['en', 'f']]);
  assert.equal(mails(fresh, 'newsletter_confirm').length, 1);
  assert.deepEqual(subscriber(kept), [['en', 't']], 'a confirmed subscription stays');
  const again = await portalctl(stack, ['newsletter', 'purge']);
  assert.equal(again.status, 0);
  assert.match(again.stdout, /^newsletter purge: 0 unconfirmed sign-ups and 0 confirmation messages deleted$/m);
});

test('only the coordinator sends; the compose page lists items, previews, and shows bad input again', async () => {
  assert.equal((await send({ subject: `Member ${tag}`, language: 'en' }, member)).status, 403);
  assert.equal((await send({ subject: `Observer ${tag}`, language: 'en' }, observer)).status, 403);
  const bad = await send({ subject: ' ', language: 'zz', items: ['event:999999999', 'frog'] });
  assert.equal(bad.status, 422);
  assert.deepEqual(Object.keys(bad.json().error.fields).sort(), ['items', 'language', 'subject']);

  const page = await coordinator.get('/l/hamilton/wg/newsletter', { Accept: 'text/html' });
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(`value="event:${eventId}"`));
  const form = (fields) => request(base, {
    method: 'POST', path: '/l/hamilton/wg/newsletter',
    body: new URLSearchParams([['_csrf', coordinator.csrf], ...fields]).toString(),
    headers: { Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `portal_session=${coordinator.cookie}` },
  });
  const before = Number(sqlValue(stack, `SELECT count(*) FROM newsletter_issues`));
  const preview = await form([['subject', `Form preview ${tag}`], ['language', 'en'], ['intro', '*Hello*'],
    ['items', `event:${eventId}`], ['action', 'preview']]);
  assert.equal(preview.status, 200);
  assert.match(preview.text, /<h2 id="preview-title">/);
  assert.match(preview.text, /<em>Hello<\/em>/);
  assert.equal(Number(sqlValue(stack, `SELECT count(*) FROM newsletter_issues`)), before);
  const again = await form([['subject', ''], ['language', 'en'], ['action', 'send']]);
  assert.equal(again.status, 422);
  assert.match(again.text, /id="subject-error"/);
  const sent = await form([['subject', `Form sent ${tag}`], ['language', 'en'], ['items', `event:${eventId}`], ['action', 'send']]);
  assert.equal(sent.status, 303);
  assert.match(sent.headers.location, /^\/l\/hamilton\/newsletter\/issues\/\d+$/);
});

test('a cancelled event is not offered to an issue', async () => {
  const at = (days) => new Date(Date.now() + days * 864e5).toISOString().slice(0, 19) + 'Z';
  const made = await member.call('POST', `${API}/events`, {
    title: `Called off ${tag}`, description: 'Rain.', starts_at: at(5), ends_at: at(5.1), languages: ['en'] });
  assert.equal(made.status, 201, made.text);
  const ev = made.json();
  const off = await member.call('PATCH', `${API}/events/${ev.id}`, { version: ev.version, status: 'cancelled' });
  assert.equal(off.status, 200, off.text);
  const page = await coordinator.get('/l/hamilton/wg/newsletter', { Accept: 'text/html' });
  assert.ok(!page.text.includes(`value="event:${ev.id}"`));
  assert.ok(page.text.includes(`value="event:${eventId}"`));
  const res = await send({ subject: `Cancelled ${tag}`, language: 'en', items: [`event:${ev.id}`] });
  assert.equal(res.status, 422, res.text);
  assert.ok(res.json().error.fields.items);
});

test('issues sent are archived on the location page, their own page and the API', async () => {
  const res = await send({ subject: `Archived ${tag}`, language: 'en', intro: `Kia ora <script>alert(1)</script> **all**` });
  assert.equal(res.status, 201);
  const { id } = res.json();
  await publicWithin(async () => {
    const page = await request(base, { path: '/l/hamilton/', headers: { Accept: 'text/html' } });
    assert.ok(page.text.includes(`href="/l/hamilton/newsletter/issues/${id}"`));
    const api = await request(base, { path: `${API}/newsletter/issues` });
    assert.ok(api.json().items.some((i) => i.id === id && i.subject === `Archived ${tag}`));
    const loc = await request(base, { path: API });
    assert.ok(loc.json().newsletter_issues.some((i) => i.id === id));
    return true;
  });
  const page = await request(base, { path: `/l/hamilton/newsletter/issues/${id}`, headers: { Accept: 'text/html' } });
  assert.equal(page.status, 200);
  assert.match(page.text, /<strong>all<\/strong>/);
  assert.ok(!page.text.includes('<script>alert'));
  assert.ok(page.text.includes(`href="/l/hamilton/events/${eventId}"`));
  const one = await request(base, { path: `${API}/newsletter/issues/${id}` });
  assert.equal(one.status, 200);
  assert.equal(one.json().recipients, undefined, 'the public does not learn how many subscribe');
  assert.equal((await request(base, { path: `/api/v1/locations/nelson/newsletter/issues/${id}` })).status, 404);
});

test('directory organisations as partners: shown on the initiative and on the directory entry', async () => {
  const ini = sqlValue(stack, `SELECT min(i.id) FROM initiatives i JOIN locations l ON l.id = i.location_id
    WHERE l.slug = 'hamilton' AND i.visibility = 'public'`);
  const here = sql(stack, `SELECT sl.service_id FROM service_locations sl JOIN locations l ON l.id = sl.location_id
    WHERE l.slug = 'hamilton' ORDER BY 1 LIMIT 2`).map((r) => Number(r[0]));
  const away = Number(sqlValue(stack, `SELECT min(s.id) FROM services s WHERE NOT EXISTS (SELECT 1
    FROM service_locations sl JOIN locations l ON l.id = sl.location_id
    WHERE sl.service_id = s.id AND l.slug = 'hamilton')`));
  const put = (who, items) => who.call('PUT', `${API}/initiatives/${ini}/partner-organisations`, { items });
  try {
    const res = await put(member, here);
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json().items.map((p) => p.id).sort(), [...here].sort());
    assert.equal((await put(observer, [])).status, 403);
    const refused = await put(member, [here[0], away]);
    assert.equal(refused.status, 422);
    assert.deepEqual(Object.keys(refused.json().error.fields), ['items']);

    const name = sqlValue(stack, `SELECT organisation FROM services WHERE id = ${here[0]}`);
    const title = sqlValue(stack, `SELECT title FROM initiatives WHERE id = ${ini}`);
    await publicWithin(async () => {
      const json = await request(base, { path: `${API}/initiatives/${ini}` });
      assert.deepEqual(json.json().partner_organisations.map((p) => p.id).sort(), [...here].sort());
      const page = await request(base, { path: `/l/hamilton/initiatives/${ini}`, headers: { Accept: 'text/html' } });
      assert.ok(page.text.includes(`href="/l/hamilton/services/${here[0]}"`), 'the initiative page links the entry');
      assert.ok(page.text.includes(name.replace(/&/g, '&amp;').replace(/'/g, '&#39;')) || page.text.includes(name));
      const entry = await request(base, { path: `${API}/services/${here[0]}` });
      assert.ok(entry.json().partner_in.some((i) => String(i.id) === ini && i.location === 'hamilton'));
      const entryPage = await request(base, { path: `/l/hamilton/services/${here[0]}`, headers: { Accept: 'text/html' } });
      assert.ok(entryPage.text.includes(`href="/l/hamilton/initiatives/${ini}"`), 'the entry links the initiative');
      return true;
    });
    assert.ok(title.length > 0);

    // The initiative page's form, as a member's browser posts it.
    const form = await request(base, {
      method: 'POST', path: `/l/hamilton/initiatives/${ini}/partner-organisations`,
      body: new URLSearchParams([['_csrf', member.csrf], ['items', String(here[1])]]).toString(),
      headers: { Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `portal_session=${member.cookie}` },
    });
    assert.equal(form.status, 303);
    assert.deepEqual(sql(stack, `SELECT service_id FROM initiative_partners WHERE initiative_id = ${ini}`), [[String(here[1])]]);
  } finally {
    assert.equal((await put(member, [])).status, 200);
  }
});

test('an issue carries the stories the group published, never a draft', async () => {
  const story = async (title) => {
    const res = await member.call('POST', `${API}/stories`, { title, body: `Told by ${tag}.`, language: 'en' });
    assert.equal(res.status, 201, res.text);
    return res.json();
  };
  const told = await story(`Published story ${tag}`);
  const publish = await member.call('PATCH', `${API}/stories/${told.id}`, { published: true, version: told.version });
  assert.equal(publish.status, 200, publish.text);
  const draft = await story(`Draft story ${tag}`);

  const page = await coordinator.get('/l/hamilton/wg/newsletter', { Accept: 'text/html' });
  assert.equal(page.status, 200);
  assert.ok(page.text.includes(`story:${told.id}`), 'the published story is offered');
  assert.ok(!page.text.includes(`story:${draft.id}`), 'a draft is not');

  const refused = await send({ subject: `Draft ${tag}`, language: 'en', items: [`story:${draft.id}`], preview: true });
  assert.equal(refused.status, 422, refused.text);
  assert.deepEqual(Object.keys(refused.json().error.fields), ['items']);
  const preview = await send({ subject: `Stories ${tag}`, language: 'en', items: [`story:${told.id}`], preview: true });
  assert.equal(preview.status, 200, preview.text);
  const [item] = preview.json().preview.items;
  assert.equal(item.kind, 'story');
  assert.equal(item.title, `Published story ${tag}`);
  assert.match(preview.json().preview.text, new RegExp(`/l/hamilton/stories/${told.id}`));
});

// Each sign-up emails whatever address it names, so nginx limits them per
// client address as it limits sign-ins (both nginx configurations).
test('nginx answers 429 under a burst of newsletter sign-ups from one address, on the page and the API', async () => {
  for (const [path, body, type] of [
    ['/api/v1/locations/hamilton/subscriptions', '{}', 'application/json'],
    ['/l/hamilton/newsletter', '', 'application/x-www-form-urlencoded'],
  ]) {
    const results = await Promise.all(Array.from({ length: 250 }, () => request(base, {
      method: 'POST', path, body, headers: { Accept: 'application/json', 'Content-Type': type },
    })));
    const statuses = [...new Set(results.map((r) => r.status))].sort();
    assert.ok(statuses.includes(429), `${path}: ${statuses}`);
    const limited = results.find((r) => r.status === 429);
    assert.equal(limited.headers['retry-after'], '1');
    // The limit passes within seconds; other pages were never limited.
    assert.equal((await request(base, { path: '/l/hamilton/newsletter', headers: { Accept: 'text/html' } })).status, 200);
    await eventually(async () => (await json('POST', '/api/v1/locations/hamilton/subscriptions', {})).status === 422,
      { within: 15000, every: 500 });
  }
  // Leave the bucket empty (local: a burst of 100 at 20 a second) for the
  // files that sign in after this one.
  await new Promise((resolve) => setTimeout(resolve, 5500));
});

// Stories (issue 19): a member's story, written and published by the
// working group (observers only read); a story drawn from a funding
// report, which exists only with the applicant's consent (the handler
// refuses, and so does the database), becomes public only when the
// coordinator publishes it, names the person only when they chose it,
// and disappears at once when they withdraw consent (by the API and by
// their request page's button) or a later report refuses it (sql/040),
// from the newsletter archive too; the Atom feed, parsed as XML by a real
// browser's DOMParser, with RFC 4287's required elements; and text with
// markup in it escaped on the pages and in the feed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { postForm, register, signIn } from './lib/session.mjs';
import { eventually, publicWithin, request } from './lib/http.mjs';
import { sql, sqlValue } from './lib/db.mjs';
import { launchBrowser } from './lib/browser.mjs';

const API = '/api/v1/locations/hamilton';
const tag = `s${process.pid}${Date.now().toString(36)}`;
let stack, base, coordinator, member, observer, nelson, round, browser;

after(async () => {
  await browser?.close();
  stack?.stop();
});
before(async () => {
  stack = await sharedStack();
  base = stack.base;
  [coordinator, member, observer, nelson] = await Promise.all([
    signIn(base, 'coordinator.hamilton@portal.demo'),
    signIn(base, 'member.hamilton@portal.demo'),
    signIn(base, 'observer.hamilton@portal.demo'),
    signIn(base, 'member.nelson@portal.demo'),
  ]);
  const res = await coordinator.call('POST', `${API}/rounds`, {
    name: `Story round ${tag}`, pool_cents: 5000000, max_request_cents: 200000,
    opens_on: '2026-01-01', closes_on: '2099-12-31', quorum: 1, fast_track_cents: 0,
    report_due_days: 60, conditions: 'Report back.' });
  assert.equal(res.status, 201, res.text);
  round = res.json().id;
});

const anon = (path) => request(base, { path, headers: { Accept: 'text/html' } });
const ok = async (res, status = 200) => {
  assert.equal(res.status, status, res.text);
  return res.json();
};

// A funding request taken through to its report by a new applicant, the
// report with story consent (and being named) or without: { id, who, name }.
async function reported(consent, named = false) {
  const who = await register(base, `story-${consent ? 'yes' : 'no'}`);
  const me = await ok(await who.client.get('/api/v1/me'));
  const { id } = await ok(await who.client.call('POST', `${API}/requests`, {
    round_id: round, title: `Homework club ${tag}`, description: 'After-school help.',
    area: 'knowledge_skills', elements: ['belonging'], amount_cents: 50000,
    budget: [{ item: 'Venue', amount_cents: 50000 }], beneficiaries: 'Pupils', beneficiary_count: 20,
    timeline: 'Term 2', contact: { name: 'A', email: 'a@example.nz', phone: '' } }), 201);
  const move = async (c, action, body = {}) =>
    ok(await c.call('POST', `${API}/requests/${id}/transitions`, { action, ...body }));
  await move(who.client, 'submit');
  await move(coordinator, 'start_review');
  await ok(await member.call('PUT', `${API}/requests/${id}/reviews/mine`,
    { conflict: false, scores: { alignment: 4, benefit: 4, feasibility: 4, value: 4 } }));
  await move(coordinator, 'approve', { amount_cents: 50000 });
  await move(who.client, 'accept');
  await move(coordinator, 'disburse', { paid_on: new Date().toISOString().slice(0, 10),
    amount_cents: 50000, reference: `PAY-${tag}` });
  await move(who.client, 'report', { body: `Twenty pupils came every week ${tag}.`, people_reached: 20,
    spent_cents: 50000, story_consent: consent, story_named: named });
  return { id, who, name: me.display_name };
}

const draw = (c, request_id, extra = {}) => c.call('POST', `${API}/stories`, { request_id, ...extra });
const publish = async (c, story, published = true) =>
  c.call('PATCH', `${API}/stories/${story.id}`, { published, version: story.version });
const published = (id) => sqlValue(stack, `SELECT published FROM stories WHERE id = ${Number(id)}`);

test('members write and publish stories; observers read; a draft is the working group\'s', async () => {
  const bad = await member.call('POST', `${API}/stories`, { title: ' ', body: '', language: 'xx' });
  assert.equal(bad.status, 422);
  for (const f of ['title', 'body', 'language']) assert.ok(bad.json().error.fields[f], f);
  for (const who of [observer]) assert.equal((await who.call('POST', `${API}/stories`, { title: 'x', body: 'y' })).status, 403);
  assert.equal((await nelson.call('POST', `${API}/stories`, { title: 'x', body: 'y' })).status, 404);

  const story = await ok(await member.call('POST', `${API}/stories`, {
    title: `مرحبا ${tag}`, body: 'قصة *قصيرة*', language: 'ar' }), 201);
  assert.equal(story.published, false);
  assert.equal(story.request_id, null);
  assert.equal(story.language, 'ar');
  assert.equal((await anon(`/l/hamilton/stories/${story.id}`)).status, 404, 'a draft is not public');
  assert.equal((await observer.get(`${API}/stories/${story.id}`)).status, 200, 'the working group reads drafts');
  assert.ok(!(await ok(await request(base, { path: `${API}/stories` }))).items.some((s) => s.id === story.id));

  const done = await ok(await publish(member, story));
  assert.equal(done.published, true);
  assert.match(done.published_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  await publicWithin(async () => {
    const page = await anon(`/l/hamilton/stories/${story.id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<article lang="ar" dir="rtl">/);
    assert.match(page.text, /<em>قصيرة<\/em>/, 'Markdown through the safe renderer');
    assert.match((await anon('/l/hamilton/stories')).text, new RegExp(`مرحبا ${tag}`));
    return true;
  });
  // A stale version is a conflict, not a lost edit.
  assert.equal((await publish(member, story, false)).status, 409);
});

test('the page forms: a member writes a story; a bad one is shown again with messages by the fields', async () => {
  const form = await member.get('/l/hamilton/wg/stories/new', { Accept: 'text/html' });
  assert.equal(form.status, 200);
  assert.match(form.text, /<select id="language" name="language"/);
  const bad = await postForm(member, base, '/l/hamilton/wg/stories', { title: '', body: '', language: 'xx' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="title-error"/);
  assert.match(bad.text, /id="language-error"/);
  const made = await postForm(member, base, '/l/hamilton/wg/stories',
    { title: `Te reo evening ${tag}`, body: 'Kia ora *koutou*', language: 'mi', published: 'on' });
  assert.equal(made.status, 303, made.text);
  assert.match(made.location, /^\/l\/hamilton\/stories\/\d+$/);
  const id = made.location.split('/').pop();
  assert.equal(sqlValue(stack, `SELECT language || ' ' || published::text FROM stories WHERE id = ${id}`), 'mi true');
  const edit = await member.get(`/l/hamilton/stories/${id}/edit`, { Accept: 'text/html' });
  assert.match(edit.text, /<option value="mi" lang="mi" selected>/);
  // Unticking "published" takes it down.
  const version = sqlValue(stack, `SELECT version FROM stories WHERE id = ${id}`);
  const down = await postForm(member, base, `/l/hamilton/stories/${id}/edit`,
    { title: `Te reo evening ${tag}`, body: 'Kia ora', language: 'mi', version });
  assert.equal(down.status, 303, down.text);
  assert.equal(published(id), 'f');
});

test('a report with consent becomes a story only when the coordinator publishes it', async () => {
  const { id, name } = await reported(true);
  assert.equal((await draw(member, id)).status, 403, 'members may not draw from reports');
  const story = await ok(await draw(coordinator, id), 201);
  assert.equal(story.request_id, id);
  assert.equal(story.published, false, 'drawn as a draft');
  assert.equal(story.byline, '', 'pseudonymous: the applicant did not choose to be named');
  assert.equal(story.title, `Homework club ${tag}`);
  assert.match(story.body, new RegExp(`Twenty pupils came every week ${tag}`));
  assert.equal((await anon(`/l/hamilton/stories/${story.id}`)).status, 404);
  assert.equal(published(story.id), 'f');
  // Only the coordinator edits and publishes it.
  assert.equal((await publish(member, story)).status, 403);
  const edited = await ok(await coordinator.call('PATCH', `${API}/stories/${story.id}`,
    { title: `A homework club that grew ${tag}`, version: story.version }));
  await ok(await publish(coordinator, edited));
  assert.equal(published(story.id), 't');
  await publicWithin(async () => {
    const page = await anon('/l/hamilton/');
    assert.match(page.text, new RegExp(`A homework club that grew ${tag}`));
    const one = await anon(`/l/hamilton/stories/${story.id}`);
    assert.equal(one.status, 200);
    assert.match(one.text, /A community member/);
    assert.ok(!one.text.includes(name), 'the person is not named');
    return true;
  });
});

test('a report without consent never becomes a story: the handler and the database refuse', async () => {
  const { id } = await reported(false);
  const refused = await draw(coordinator, id);
  assert.equal(refused.status, 422, refused.text);
  assert.ok(refused.json().error.fields.request_id);
  // The form again keeps what the coordinator typed.
  const typed = await postForm(coordinator, base, '/l/hamilton/wg/stories',
    { request_id: String(id), title: `Typed title ${tag}`, body: 'Typed body', language: 'en' });
  assert.equal(typed.status, 422);
  assert.match(typed.text, /id="request_id-error"/);
  assert.ok(typed.text.includes(`value="Typed title ${tag}"`));
  assert.ok(typed.text.includes('>Typed body</textarea>'));
  assert.equal(sqlValue(stack, `SELECT count(*) FROM stories WHERE request_id = ${id}`), '0');
  const loc = sqlValue(stack, "SELECT id FROM locations WHERE slug = 'hamilton'");
  const author = sqlValue(stack, "SELECT id FROM users WHERE email = 'coordinator.hamilton@portal.demo'");
  assert.throws(() => sql(stack, `INSERT INTO stories (location_id, created_by, title, body, request_id)
    VALUES (${loc}, ${author}, 'Told anyway', 'No.', ${id})`), /stories_need_consent|agreed to a story/);
  assert.equal(sqlValue(stack, `SELECT count(*) FROM stories WHERE request_id = ${id}`), '0');
  // Consent without being named: the database refuses a byline too.
  const pseudonymous = await reported(true, false);
  const story = await ok(await draw(coordinator, pseudonymous.id), 201);
  assert.throws(() => sql(stack, `UPDATE stories SET byline = 'Named anyway' WHERE id = ${story.id}`),
    /stories_pseudonymous|agree to be named/);
});

test('withdrawing consent unpublishes the story at once (the API and the request page)', async () => {
  const { id, who, name } = await reported(true, true);
  const story = await ok(await draw(coordinator, id), 201);
  assert.equal(story.byline, name, 'named: the applicant chose it');
  await ok(await publish(coordinator, story));
  await publicWithin(async () => { assert.equal((await anon(`/l/hamilton/stories/${story.id}`)).status, 200); return true; });

  for (const c of [member, coordinator]) {
    assert.equal((await c.call('DELETE', `${API}/requests/${id}/story-consent`)).status, 403);
  }
  assert.equal(published(story.id), 't');
  const gone = await ok(await who.client.call('DELETE', `${API}/requests/${id}/story-consent`));
  assert.deepEqual(gone, { request_id: id, story_consent: false });
  assert.equal(published(story.id), 'f', 'unpublished in the same transaction');
  assert.equal(sqlValue(stack, `SELECT byline FROM stories WHERE id = ${story.id}`), '');
  await publicWithin(async () => {
    assert.equal((await anon(`/l/hamilton/stories/${story.id}`)).status, 404);
    assert.ok(!(await anon('/l/hamilton/')).text.includes(`/l/hamilton/stories/${story.id}"`));
    assert.ok(!(await anon('/l/hamilton/stories.atom')).text.includes(story.uid));
    return true;
  });
  const again = await coordinator.call('PATCH', `${API}/stories/${story.id}`,
    { published: true, version: (await ok(await coordinator.get(`${API}/stories/${story.id}`))).version });
  assert.equal(again.status, 422, again.text);
  assert.ok(again.json().error.fields.published);

  // From the request page's button, as a browser posts it.
  // This one drawn with the coordinator's button on the request's page.
  const second = await reported(true);
  const coordinatorPage = await coordinator.get(`/l/hamilton/requests/${second.id}`, { Accept: 'text/html' });
  assert.match(coordinatorPage.text, /Draft a story from this report/);
  const button = await postForm(coordinator, base, '/l/hamilton/wg/stories', { request_id: String(second.id) });
  assert.equal(button.status, 303, button.text);
  assert.match(button.location, /^\/l\/hamilton\/stories\/\d+\/edit$/, 'the draft opens for editing');
  const drawn = await ok(await coordinator.get(`${API}/stories/${button.location.split('/')[4]}`));
  assert.equal(drawn.request_id, second.id);
  await ok(await publish(coordinator, drawn));
  const page = await second.who.client.get(`/l/hamilton/requests/${second.id}`, { Accept: 'text/html' });
  assert.match(page.text, /Withdraw my consent to a public story/);
  const res = await request(base, {
    method: 'POST', path: `/l/hamilton/requests/${second.id}/story-consent/withdraw`,
    body: new URLSearchParams({ _csrf: second.who.client.csrf }).toString(),
    headers: { Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: `portal_session=${second.who.client.cookie}` } });
  assert.equal(res.status, 303, res.text);
  assert.equal(published(drawn.id), 'f');
  await publicWithin(async () => { assert.equal((await anon(`/l/hamilton/stories/${drawn.id}`)).status, 404); return true; });
});

test('a cursor the list never gave out is a 400, not a failed statement', async () => {
  for (const cursor of ['abc~1', '99999999999999999999~1', '-5~1']) {
    assert.equal((await request(base, { path: `${API}/stories?cursor=${cursor}` })).status, 400, cursor);
    assert.equal((await anon(`/l/hamilton/stories?cursor=${cursor}`)).status, 400, cursor);
  }
  const first = await ok(await request(base, { path: `${API}/stories?limit=1` }));
  assert.ok(first.next, 'more than one published story');
  const second = await ok(await request(base, { path: `${API}/stories?limit=1&cursor=${encodeURIComponent(first.next)}` }));
  assert.notEqual(second.items[0].id, first.items[0].id);
});

// The coordinator sends request back and its applicant reports again,
// with these story choices.
async function reportAgain({ id, who }, consent, named) {
  await ok(await coordinator.call('POST', `${API}/requests/${id}/transitions`,
    { action: 'request_changes', note: 'Say a little more, please.' }));
  await ok(await who.client.call('POST', `${API}/requests/${id}/transitions`, { action: 'report',
    body: `Twenty-two pupils in the end ${tag}.`, people_reached: 22, spent_cents: 50000,
    story_consent: consent, story_named: named }));
}

// Each report asks again (sql/040): the latest one's choice holds at once.
test('a later report that refuses takes the story down, or the name off it, at once', async () => {
  const first = await reported(true, true);
  const story = await ok(await draw(coordinator, first.id), 201);
  assert.equal(story.byline, first.name);
  await ok(await publish(coordinator, story));
  await publicWithin(async () => {
    assert.ok((await anon(`/l/hamilton/stories/${story.id}`)).text.includes(first.name));
    return true;
  });
  await reportAgain(first, false, false);
  assert.equal(published(story.id), 'f', 'unpublished with the report');
  assert.equal(sqlValue(stack, `SELECT byline FROM stories WHERE id = ${story.id}`), '');
  await publicWithin(async () => {
    assert.equal((await anon(`/l/hamilton/stories/${story.id}`)).status, 404);
    assert.ok(!(await anon('/l/hamilton/stories')).text.includes(`/l/hamilton/stories/${story.id}"`));
    assert.ok(!(await request(base, { path: '/l/hamilton/stories.atom' })).text.includes(story.uid));
    assert.ok(!(await ok(await request(base, { path: `${API}/stories` }))).items.some((s) => s.id === story.id));
    return true;
  });
  // Still the coordinator's draft to edit; publishing it is refused.
  const now = await ok(await coordinator.get(`${API}/stories/${story.id}`));
  const edited = await ok(await coordinator.call('PATCH', `${API}/stories/${story.id}`,
    { title: `Told no more ${tag}`, version: now.version }));
  const refused = await publish(coordinator, edited);
  assert.equal(refused.status, 422, refused.text);
  assert.ok(refused.json().error.fields.published);

  // Consent kept but the name refused: the story stays, unnamed.
  const second = await reported(true, true);
  const named = await ok(await draw(coordinator, second.id), 201);
  await ok(await publish(coordinator, named));
  await reportAgain(second, true, false);
  assert.equal(published(named.id), 't');
  assert.equal(sqlValue(stack, `SELECT byline FROM stories WHERE id = ${named.id}`), '');
  await publicWithin(async () => {
    const page = await anon(`/l/hamilton/stories/${named.id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /A community member/);
    assert.ok(!page.text.includes(second.name), 'the person is no longer named');
    return true;
  });
});

test('a story left named against the latest report is taken down from the form; publishing it says why', async () => {
  const { id, name } = await reported(true, true);
  const story = await ok(await draw(coordinator, id), 201);
  await ok(await publish(coordinator, story));
  // As a report added before sql/040 left it: its triggers held back.
  sql(stack, `SET session_replication_role = replica;
    UPDATE funding_reports SET story_named = false WHERE request_id = ${id}`);
  assert.equal(sqlValue(stack, `SELECT byline FROM stories WHERE id = ${story.id}`), name);
  const form = (fields) => postForm(coordinator, base, `/l/hamilton/stories/${story.id}/edit`, {
    title: story.title, body: story.body, language: story.language,
    version: sqlValue(stack, `SELECT version FROM stories WHERE id = ${story.id}`), ...fields });
  const down = await form({});
  assert.equal(down.status, 303, down.text);
  assert.equal(published(story.id), 'f');
  const up = await form({ published: 'on' });
  assert.equal(up.status, 422, up.text);
  assert.match(up.text, /id="byline-error"/);
  assert.match(up.text, /did not agree to be named/);
  assert.equal(published(story.id), 'f');
});

// An issue copies a story's title and opening into its items, which
// are public for good: withdrawn consent takes them out (sql/040).
test('withdrawn consent takes the story out of the newsletter issues that carried it', async () => {
  const { id, who } = await reported(true);
  const story = await ok(await draw(coordinator, id), 201);
  await ok(await publish(coordinator, story));
  const other = await ok(await member.call('POST', `${API}/stories`,
    { title: `Kept in the issue ${tag}`, body: 'Ours to tell.', published: true }), 201);
  const issue = await ok(await coordinator.call('POST', `${API}/newsletter/issues`, {
    subject: `Stories issue ${tag}`, language: 'en', intro: '',
    items: [`story:${story.id}`, `story:${other.id}`] }), 201);
  assert.deepEqual(issue.items.map((i) => i.id).sort(), [story.id, other.id].sort());

  await ok(await who.client.call('DELETE', `${API}/requests/${id}/story-consent`));
  const api = await ok(await request(base, { path: `${API}/newsletter/issues/${issue.id}` }));
  assert.deepEqual(api.items.map((i) => [i.kind, i.id]), [['story', other.id]]);
  await publicWithin(async () => {
    const page = await anon(`/l/hamilton/newsletter/issues/${issue.id}`);
    assert.equal(page.status, 200);
    assert.ok(!page.text.includes(`/l/hamilton/stories/${story.id}"`), 'the story is gone');
    assert.ok(!page.text.includes(`Twenty pupils came every week ${tag}`), 'and its text');
    assert.ok(page.text.includes(`/l/hamilton/stories/${other.id}"`), 'the rest stays');
    return true;
  });
});

// The feed's text parsed as XML by chromium's DOMParser: null when it is
// not well-formed, else what the checks below read.
async function parseFeed(text) {
  browser ??= await launchBrowser(base);
  const page = await browser.newPage();
  try {
    return await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      if (doc.getElementsByTagName('parsererror').length > 0) return null;
      const NS = 'http://www.w3.org/2005/Atom';
      const kids = (el, name) => [...el.children].filter((c) => c.namespaceURI === NS && c.localName === name);
      const text = (el, name) => kids(el, name).map((c) => c.textContent);
      const links = (el) => kids(el, 'link').map((l) => ({ rel: l.getAttribute('rel') || 'alternate',
        type: l.getAttribute('type'), href: l.getAttribute('href') }));
      const authors = (el) => kids(el, 'author').map((a) => text(a, 'name'));
      const feed = doc.documentElement;
      return {
        root: [feed.namespaceURI, feed.localName],
        id: text(feed, 'id'), title: text(feed, 'title'), updated: text(feed, 'updated'),
        links: links(feed), authors: authors(feed),
        entries: kids(feed, 'entry').map((e) => ({
          id: text(e, 'id'), title: text(e, 'title'), updated: text(e, 'updated'),
          authors: authors(e), links: links(e), lang: e.getAttribute('xml:lang'),
          content: kids(e, 'content').map((c) => ({ type: c.getAttribute('type'), text: c.textContent })),
        })),
      };
    }, text);
  } finally {
    await page.context().close();
  }
}

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

test('the Atom feed has RFC 4287\'s required elements, and the location page links it', async () => {
  const res = await request(base, { path: '/l/hamilton/stories.atom' });
  assert.equal(res.status, 200);
  assert.match(res.headers['content-type'], /^application\/atom\+xml/);
  const feed = await parseFeed(res.text);
  assert.ok(feed, 'well-formed XML');
  assert.deepEqual(feed.root, ['http://www.w3.org/2005/Atom', 'feed']);
  // Section 4.1.1: exactly one id, title, updated; an author; a self link.
  assert.equal(feed.id.length, 1);
  assert.match(feed.id[0], /^(tag:|urn:)/);
  assert.equal(feed.title.length, 1);
  assert.match(feed.updated[0], RFC3339);
  assert.equal(feed.authors.length, 1);
  assert.ok(feed.authors[0][0].length > 0);
  const self = feed.links.filter((l) => l.rel === 'self');
  assert.equal(self.length, 1);
  assert.match(self[0].href, /\/l\/hamilton\/stories\.atom$/);
  assert.ok(feed.entries.length >= 2, 'the demo\'s stories and this file\'s');
  const ids = new Set();
  for (const e of feed.entries) {
    // Section 4.1.2: one id (a stable URI), title, updated; content or
    // an alternate link; an author (its own or the feed's).
    assert.equal(e.id.length, 1);
    assert.match(e.id[0], /^urn:uuid:[0-9a-f-]{36}$/);
    assert.ok(!ids.has(e.id[0]), 'ids are unique');
    ids.add(e.id[0]);
    assert.equal(e.title.length, 1);
    assert.equal(e.updated.length, 1);
    assert.match(e.updated[0], RFC3339);
    assert.equal(e.content.length, 1);
    assert.equal(e.content[0].type, 'html');
    assert.ok(e.authors.length === 1 && e.authors[0][0].length > 0);
    assert.match(e.links.find((l) => l.rel === 'alternate').href, /\/l\/hamilton\/stories\/\d+$/);
    assert.ok(e.lang);
  }
  // The same id on the next read: it is the story's, not the moment's.
  const again = await parseFeed((await request(base, { path: '/l/hamilton/stories.atom' })).text);
  assert.deepEqual(again.entries.map((e) => e.id[0]).sort(), [...ids].sort());
  const page = await anon('/l/hamilton/');
  assert.match(page.text, /<link rel="alternate" type="application\/atom\+xml" href="\/l\/hamilton\/stories\.atom"/);
  assert.equal((await request(base, { path: '/l/nowhere/stories.atom' })).status, 404);
});

test('markup in a story is escaped on its page, the location page and in the feed', async () => {
  const title = `<script>alert("t")</script> & 'q' ${tag}`;
  const body = `<script>alert("b")</script>\n\n<img src=x onerror=alert(1)>\n\n**bold** ${tag}`;
  const story = await ok(await member.call('POST', `${API}/stories`, { title, body, published: true }), 201);
  assert.equal(story.published, true);
  // What is checked is the escaping, once the story shows (a loaded
  // machine may take longer than the micro-cache's second).
  await eventually(async () => {
    for (const path of [`/l/hamilton/stories/${story.id}`, '/l/hamilton/stories', '/l/hamilton/']) {
      const page = await anon(path);
      assert.equal(page.status, 200);
      assert.ok(page.text.includes(`/l/hamilton/stories/${story.id}`) || path.endsWith(`/${story.id}`), path);
      assert.ok(!page.text.includes('<script>alert'), path);
      assert.ok(!page.text.includes('onerror=alert'), path);
      assert.ok(page.text.includes('&lt;script&gt;alert'), path);
    }
    const atom = await request(base, { path: '/l/hamilton/stories.atom' });
    assert.ok(!atom.text.includes('<script>'));
    const feed = await parseFeed(atom.text);
    assert.ok(feed, 'still well-formed');
    const entry = feed.entries.find((e) => e.id[0] === `urn:uuid:${story.uid}`);
    assert.ok(entry);
    assert.equal(entry.title[0], title, 'the title, exactly as written, once unescaped');
    assert.ok(!/<script|onerror/i.test(entry.content[0].text), 'the rendered HTML runs nothing');
    assert.match(entry.content[0].text, /<strong>bold<\/strong>/);
    return true;
  });
});

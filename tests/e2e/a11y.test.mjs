// Accessibility in a real browser (WCAG 2.2 AA, issue 17): axe-core
// (tests/e2e/lib/browser.mjs, axe()) finds no violation on any kind of page
// (anonymous, an applicant's, a member's, a coordinator's and INZ staff's,
// the forms in their error states) in English and in Arabic; the location
// page, the application form and the working group's home need no
// horizontal scrolling at 320 px or at 200% zoom; and the location page's
// first load (HTML and CSS, compressed as nginx sends them) stays light.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { sharedStack } from './lib/stack.mjs';
import { request } from './lib/http.mjs';
import { launchBrowser, axe } from './lib/browser.mjs';
import { signIn } from './lib/session.mjs';

const LANGS = ['en', 'ar'];
let stack, browser, round, meeting;

before(async () => {
  stack = await sharedStack();
  browser = await launchBrowser(stack.base);
  round = (await request(stack.base, { path: '/api/v1/locations/hamilton' })).json().open_rounds[0];
  assert.ok(round, 'Hamilton has an open round');
  // A meeting with an agenda item and attendance, for its page.
  const coordinator = await signIn(stack.base, 'coordinator.hamilton@portal.demo');
  const res = await coordinator.call('POST', '/api/v1/locations/hamilton/meetings', {
    title: 'Accessible hui', date: '2027-03-03', start_time: '18:00', end_time: '19:00',
    place: 'Library', video_url: 'https://meet.example.org/a11y', interpreting: 'Arabic' });
  assert.equal(res.status, 201, res.text);
  meeting = res.json().id;
  await coordinator.call('POST', `/api/v1/locations/hamilton/meetings/${meeting}/items`,
    { kind: 'text', title: 'Welcome' });
  await coordinator.call('PUT', `/api/v1/locations/hamilton/meetings/${meeting}/attendance`,
    { guests: ['Kim, Council'] });
});
after(async () => {
  await browser?.close();
  stack?.stop();
});

// A page in a fresh context, signed in as `email` (through the API; the
// session cookie goes into the browser's jar) or anonymous.
async function pageAs(t, email) {
  const page = await browser.newPage();
  t.after(() => page.context().close().catch(() => {}));
  if (email) {
    const who = await signIn(stack.base, email);
    // A ?lang= while signed in becomes the account's language: the demo
    // people the other files sign in as get theirs back.
    const { preferred_language } = (await who.get('/api/v1/me')).json();
    t.after(async () => {
      const res = await who.call('PATCH', '/api/v1/me', { preferred_language });
      assert.equal(res.status, 200, res.text);
    });
    await page.context().addCookies([{ name: 'portal_session', value: who.cookie, url: stack.base }]);
  }
  return page;
}

const withLang = (path, lang) => `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;

// The first link on the page whose path matches, as a path.
async function firstLink(page, pattern) {
  const hrefs = await page.locator('main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const href = hrefs.find((h) => pattern.test(h));
  assert.ok(href, `a link matching ${pattern} on ${page.url()}`);
  return href;
}

// Submits the page's form whose action ends with `action` as it is (empty,
// past the browser's own checks of required fields, after typing `fields`
// by id) and returns the response: the form shown again with its
// errors.
async function submitForm(page, action, fields = {}) {
  for (const [id, value] of Object.entries(fields)) await page.locator(`#${id}`).fill(value);
  const form = page.locator(`main form[action$="${action}"]`).first();
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }),
    form.evaluate((f) => f.submit())]);
  return res;
}

// Checks the page now loaded in both languages' sense: the language it
// claims, and axe's verdict; collects every violation under `where`.
async function check(page, where, lang, found) {
  assert.equal(await page.locator('html').getAttribute('lang'), lang, `${where}: <html lang>`);
  const violations = await axe(page);
  if (violations.length) found.push({ where, lang, violations });
}

async function visit(page, path, lang, found, status = 200) {
  const res = await page.goto(withLang(path, lang));
  assert.equal(res.status(), status, `GET ${path}`);
  await check(page, path, lang, found);
}

const report = (found) => JSON.stringify(found, null, 1);

test('anonymous pages have no axe violations in English and Arabic', async (t) => {
  const found = [];
  for (const lang of LANGS) {
    const page = await pageAs(t);
    for (const path of ['/', '/l/hamilton/', '/framework', '/languages', '/login', '/register',
      '/password/forgot', `/l/hamilton/rounds/${round.id}`, '/l/hamilton/decisions']) await visit(page, path, lang, found);
    await page.goto(withLang('/l/hamilton/', lang));
    await visit(page, await firstLink(page, /^\/l\/hamilton\/initiatives\/\d+$/), lang, found);
    // The forms in their error states.
    await page.goto(withLang('/login', lang));
    assert.equal((await submitForm(page, '/login')).status(), 422);
    await check(page, '/login (refused)', lang, found);
    await page.goto(withLang('/register', lang));
    assert.equal((await submitForm(page, '/register')).status(), 422);
    await check(page, '/register (errors)', lang, found);
  }
  assert.deepEqual(found, [], report(found));
});

test("an applicant's pages have no axe violations in English and Arabic", async (t) => {
  const found = [];
  for (const lang of LANGS) {
    const page = await pageAs(t, 'applicant@portal.demo');
    await visit(page, '/my/requests', lang, found);
    await visit(page, await firstLink(page, /^\/l\/[a-z-]+\/requests\/\d+$/), lang, found);
    await visit(page, '/requests/claim', lang, found);
    assert.equal((await submitForm(page, '/requests/claim')).status(), 422);
    await check(page, '/requests/claim (errors)', lang, found);
    const apply = `/l/hamilton/rounds/${round.id}/apply`;
    await visit(page, apply, lang, found);
    // A draft may be incomplete, but not wrong: an amount that is no amount.
    assert.equal((await submitForm(page, apply, { amount: 'a lot', budget_amount_1: 'some' })).status(), 422);
    await check(page, `${apply} (errors)`, lang, found);
  }
  assert.deepEqual(found, [], report(found));
});

test("a member's working-group pages have no axe violations in English and Arabic", async (t) => {
  const found = [];
  for (const lang of LANGS) {
    const page = await pageAs(t, 'member.hamilton@portal.demo');
    for (const path of ['/l/hamilton/wg/', '/l/hamilton/wg/initiatives', '/l/hamilton/wg/initiatives/new',
      '/l/hamilton/wg/requests']) await visit(page, path, lang, found);
    await page.goto(withLang('/l/hamilton/wg/initiatives/new', lang));
    assert.equal((await submitForm(page, '/l/hamilton/wg/initiatives')).status(), 422);
    await check(page, 'initiative form (errors)', lang, found);
    await page.goto(withLang('/l/hamilton/wg/requests', lang));
    await visit(page, await firstLink(page, /^\/l\/hamilton\/requests\/\d+$/), lang, found);
  }
  assert.deepEqual(found, [], report(found));
});

test("a coordinator's pages have no axe violations in English and Arabic", async (t) => {
  const found = [];
  for (const lang of LANGS) {
    const page = await pageAs(t, 'coordinator.hamilton@portal.demo');
    for (const path of ['/l/hamilton/wg/members', '/l/hamilton/wg/invitations', '/l/hamilton/wg/rounds',
      '/l/hamilton/wg/rounds/new', '/l/hamilton/wg/audit', '/l/hamilton/wg/contact',
      `/l/hamilton/rounds/${round.id}/assist`, '/l/hamilton/wg/meetings', '/l/hamilton/wg/meetings/new',
      `/l/hamilton/wg/meetings/${meeting}`, '/l/hamilton/wg/actions']) await visit(page, path, lang, found);
    await page.goto(withLang('/l/hamilton/wg/actions', lang));
    assert.equal((await submitForm(page, '/l/hamilton/wg/actions')).status(), 422);
    await check(page, 'action form (errors)', lang, found);
    await page.goto(withLang('/l/hamilton/wg/meetings/new', lang));
    assert.equal((await submitForm(page, '/l/hamilton/wg/meetings')).status(), 422);
    await check(page, 'meeting form (errors)', lang, found);
    await page.goto(withLang(`/l/hamilton/rounds/${round.id}/assist`, lang));
    assert.equal((await submitForm(page, `/rounds/${round.id}/assist`)).status(), 422);
    await check(page, 'assist form (errors)', lang, found);
  }
  assert.deepEqual(found, [], report(found));
});

// The public face's forms (issue 19): the directory's edit form and the
// events form (a member's), the newsletter's sign-up (anonymous) and
// compose page (the coordinator's, with a preview), each in its error
// state, and an initiative's page with its partner-organisations form.
test('the directory, events and newsletter forms have no axe violations in English and Arabic', async (t) => {
  const found = [];
  const service = (await request(stack.base, { path: '/api/v1/locations/hamilton/services?limit=100' }))
    .json().items.find((s) => s.kept_by === 'hamilton');
  assert.ok(service, 'Hamilton keeps a service');
  for (const lang of LANGS) {
    const member = await pageAs(t, 'member.hamilton@portal.demo');
    const edit = `/l/hamilton/services/${service.id}/edit`;
    await visit(member, edit, lang, found);
    assert.equal((await submitForm(member, edit, { name: ' ', email: 'not an address' })).status(), 422);
    await check(member, 'directory edit form (errors)', lang, found);
    await visit(member, '/l/hamilton/wg/events/new', lang, found);
    assert.equal((await submitForm(member, '/l/hamilton/wg/events')).status(), 422);
    await check(member, 'events form (errors)', lang, found);
    await member.goto(withLang('/l/hamilton/', lang));
    await visit(member, await firstLink(member, /^\/l\/hamilton\/initiatives\/\d+$/), lang, found);

    const anonymous = await pageAs(t);
    await visit(anonymous, '/l/hamilton/newsletter', lang, found);
    assert.equal((await submitForm(anonymous, '/l/hamilton/newsletter', { email: 'not an address' })).status(), 422);
    await check(anonymous, 'newsletter sign-up (errors)', lang, found);

    const coordinator = await pageAs(t, 'coordinator.hamilton@portal.demo');
    await visit(coordinator, '/l/hamilton/wg/newsletter', lang, found);
    assert.equal((await submitForm(coordinator, '/l/hamilton/wg/newsletter')).status(), 422);
    await check(coordinator, 'newsletter compose (errors)', lang, found);
    await coordinator.locator('#subject').fill('Accessible news');
    const [res] = await Promise.all([coordinator.waitForNavigation({ waitUntil: 'load' }),
      coordinator.locator('main button[value="preview"]').click()]);
    assert.equal(res.status(), 200);
    await check(coordinator, 'newsletter compose (preview)', lang, found);
  }
  assert.deepEqual(found, [], report(found));
});

// The progress-update form's breakdowns (issue 18): open, and in their
// error state (a breakdown that does not add up to its figure).
test('the progress-update form with breakdowns has no axe violations in English and Arabic', async (t) => {
  const found = [];
  const member = await signIn(stack.base, 'member.hamilton@portal.demo');
  const made = await member.call('POST', '/api/v1/locations/hamilton/initiatives',
    { title: 'Accessible breakdowns', area: 'knowledge_skills', elements: ['participation'], status: 'active' });
  assert.equal(made.status, 201, made.text);
  const path = `/l/hamilton/initiatives/${made.json().id}`;
  for (const lang of LANGS) {
    const page = await pageAs(t, 'member.hamilton@portal.demo');
    await page.goto(withLang(path, lang));
    await page.locator('#into_work ~ details.breakdown summary').click();
    await check(page, `${path} (breakdown open)`, lang, found);
    await page.locator('#into_work').fill('10');
    const res = await submitForm(page, `${path}/updates`, { body: 'Broken down.', 'b\\.into_work\\.gender\\.female': '4' });
    assert.equal(res.status(), 422);
    assert.equal(await page.locator('details.breakdown[open] p.field-error').count(), 1);
    await check(page, 'progress update (breakdown errors)', lang, found);
  }
  assert.deepEqual(found, [], report(found));
});

test("INZ staff's national pages have no axe violations in English and Arabic", async (t) => {
  const found = [];
  for (const lang of LANGS) {
    const page = await pageAs(t, 'inz@portal.demo');
    for (const path of ['/national/', '/national/overlaps', '/national/stocktakes', '/national/exports',
      '/national/audit', '/national/audit/chain']) await visit(page, path, lang, found);
  }
  assert.deepEqual(found, [], report(found));
});

// No horizontal scrolling at 320 CSS pixels (a small phone) and at 640 (a
// 1280 px window zoomed to 200%: zoom halves the CSS viewport; a device
// scale factor would not), WCAG 1.4.10 reflow.
test('the location page, the application form and the working group home reflow at 320 px and 200% zoom', async (t) => {
  const pages = [[null, '/l/hamilton/'], ['applicant@portal.demo', `/l/hamilton/rounds/${round.id}/apply`],
    ['member.hamilton@portal.demo', '/l/hamilton/wg/']];
  const wide = [];
  for (const [email, path] of pages) {
    const page = await pageAs(t, email);
    for (const width of [320, 640]) {
      await page.setViewportSize({ width, height: 800 });
      for (const lang of LANGS) {
        await page.goto(withLang(path, lang));
        const [scroll, client] = await page.evaluate(() =>
          [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        if (scroll > client) wide.push(`${path} ${lang} at ${width}px: ${scroll} > ${client}`);
      }
    }
  }
  assert.deepEqual(wide, []);
});

// The bytes a response puts on the wire (its body as sent, compressed or
// not) and its headers.
function transferred(path) {
  const url = new URL(path, stack.base);
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'Accept-Encoding': 'gzip' }, agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (c) => { bytes += c.length; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, bytes }));
    }).on('error', reject);
  });
}

test("the location page's first load (HTML and CSS, compressed) is under 60 KB", async () => {
  const html = await request(stack.base, { path: '/l/hamilton/' });
  const sheets = [...html.text.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(sheets.length >= 1, 'the page links its stylesheet');
  assert.doesNotMatch(html.text, /<script\b/, 'no script to load');
  let total = 0;
  for (const path of ['/l/hamilton/', ...sheets]) {
    const res = await transferred(path);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers['content-encoding'], 'gzip', `${path} is sent compressed`);
    total += res.bytes;
  }
  assert.ok(total < 60 * 1024, `${total} bytes`);
});

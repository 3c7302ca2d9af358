// Interface languages (docs/i18n.md): choosing one (?lang=, the cookie it
// leaves, the account's preferred_language, Accept-Language, English),
// <html lang dir> on every page, the copies a worker keeps never crossing
// languages, GET /api/v1/languages and the /languages page, PATCH
// /api/v1/me, and content keeping its own language.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedStack, ROOT } from './lib/stack.mjs';
import { get, request } from './lib/http.mjs';
import { register, signIn, setCookie } from './lib/session.mjs';
import { sql, sqlValue, quote } from './lib/db.mjs';

let stack;
before(async () => { stack = await sharedStack(); });

const htmlLang = (res) => res.text.match(/<html lang="([^"]*)" dir="([^"]*)">/)?.slice(1);

// Enough requests that every worker answers some (nginx spreads them).
const everyWorker = (path, headers = {}) =>
  Promise.all(Array.from({ length: 12 }, () => get(stack.base, path, headers)));

// The catalogue's translation of msgid in the .po of lang ('' if none).
function translation(catalogue, msgid) {
  const po = readFileSync(`${ROOT}/po/${catalogue}.po`, 'utf8');
  const at = po.indexOf(`\nmsgid ${JSON.stringify(msgid)}\nmsgstr "`);
  if (at === -1) return '';
  return JSON.parse(po.slice(at).split('\n')[2].slice(7));
}

test('English when nothing chooses, with lang and dir on the page', async () => {
  const res = await get(stack.base, '/l/hamilton/');
  assert.equal(res.status, 200);
  assert.deepEqual(htmlLang(res), ['en', 'ltr']);
  // The switcher: a link per language, in its own language, no script.
  assert.match(res.text, /<a href="\?lang=ar" hreflang="ar" lang="ar" dir="rtl">العربية<\/a>/);
  assert.match(res.text, /<a href="\?lang=fa-AF" hreflang="fa-AF" lang="fa-AF" dir="rtl">/);
  assert.match(res.text, /<span lang="en" dir="ltr" aria-current="true">English<\/span>/);
});

test('?lang= answers in that language and a cookie remembers it; the public cache keeps each language apart', async () => {
  // Fill every worker's copy in English first.
  for (const res of await everyWorker('/l/nelson/')) assert.deepEqual(htmlLang(res), ['en', 'ltr']);
  const ar = await get(stack.base, '/l/nelson/?lang=ar');
  assert.deepEqual(htmlLang(ar), ['ar', 'rtl']);
  assert.equal(setCookie(ar, 'portal_lang'), 'ar');
  // The cookie alone: Arabic, on the same address the English is kept for.
  for (const res of await everyWorker('/l/nelson/', { Cookie: 'portal_lang=ar' }))
    assert.deepEqual(htmlLang(res), ['ar', 'rtl']);
  // And an English reader still gets English from every worker.
  for (const res of await everyWorker('/l/nelson/')) assert.deepEqual(htmlLang(res), ['en', 'ltr']);
  // A kept answer to ?lang= still remembers the choice for each visitor.
  for (const res of await everyWorker('/l/nelson/?lang=mi')) {
    assert.deepEqual(htmlLang(res), ['mi', 'ltr']);
    assert.equal(setCookie(res, 'portal_lang'), 'mi');
  }
  // Already chosen: no cookie again.
  assert.equal(setCookie(await get(stack.base, '/l/nelson/?lang=mi', { Cookie: 'portal_lang=mi' }), 'portal_lang'), undefined);
  // An unknown code is ignored.
  assert.deepEqual(htmlLang(await get(stack.base, '/l/nelson/?lang=xx')), ['en', 'ltr']);
});

test('Accept-Language chooses when nothing else does; the cookie wins over it', async () => {
  const headers = { 'Accept-Language': 'de-DE, fa;q=0.9, en;q=0.5' };
  for (const res of await everyWorker('/', headers)) assert.deepEqual(htmlLang(res), ['fa-AF', 'rtl']);
  assert.deepEqual(htmlLang(await get(stack.base, '/', { ...headers, Cookie: 'portal_lang=es' })), ['es', 'ltr']);
  assert.deepEqual(htmlLang(await get(stack.base, '/', { 'Accept-Language': 'de, fr' })), ['en', 'ltr']);
  // JSON errors are answered in the language too (and keep their codes).
  const res = await get(stack.base, '/api/v1/locations/nowhere', { 'Accept-Language': 'ar' });
  assert.equal(res.status, 404);
  assert.equal(res.json().error.code, 'not_found');
});

test('signed in: the account\'s language, changed by ?lang=, by PATCH /api/v1/me and by the account page', async () => {
  const me = await register(stack.base, 'lang');
  const id = me.user.id;
  assert.equal(me.user.preferred_language, 'en');
  assert.deepEqual(htmlLang(await me.client.get('/account', { Accept: 'text/html' })), ['en', 'ltr']);
  // A cookie left from before signing in does not override the account.
  assert.deepEqual(htmlLang(await request(stack.base, { path: '/account',
    headers: { Cookie: `portal_session=${me.client.cookie}; portal_lang=ar` } })), ['en', 'ltr']);

  // ?lang= changes the account, and later pages follow it.
  const mi = await me.client.get('/my/requests?lang=mi', { Accept: 'text/html' });
  assert.deepEqual(htmlLang(mi), ['mi', 'ltr']);
  assert.equal(setCookie(mi, 'portal_lang'), undefined);
  assert.equal(sqlValue(stack, `SELECT preferred_language FROM users WHERE id = ${id}`), 'mi');
  assert.deepEqual(htmlLang(await me.client.get('/my/requests', { Accept: 'text/html' })), ['mi', 'ltr']);
  assert.equal((await me.client.get('/api/v1/me')).json().preferred_language, 'mi');

  // PATCH /api/v1/me: an unknown code is 422 naming the field.
  const bad = await me.client.call('PATCH', '/api/v1/me', { preferred_language: 'klingon' });
  assert.equal(bad.status, 422);
  assert.ok(bad.json().error.fields.preferred_language);
  const ok = await me.client.call('PATCH', '/api/v1/me', { preferred_language: 'fa-AF' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json().preferred_language, 'fa-AF');
  assert.deepEqual(htmlLang(await me.client.get('/account', { Accept: 'text/html' })), ['fa-AF', 'rtl']);

  // The account page's form (no JavaScript): a POST, then back to the page.
  const form = await request(stack.base, { method: 'POST', path: '/account/language',
    headers: { Cookie: `portal_session=${me.client.cookie}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `_csrf=${encodeURIComponent(me.client.csrf)}&preferred_language=es` });
  assert.equal(form.status, 303);
  assert.equal(sqlValue(stack, `SELECT preferred_language FROM users WHERE id = ${id}`), 'es');
  const page = await me.client.get('/account?language=1', { Accept: 'text/html' });
  assert.deepEqual(htmlLang(page), ['es', 'ltr']);
  assert.match(page.text, /<option value="es" lang="es" dir="ltr" selected>Español<\/option>/);
});

test('kept working-group views and their content are kept per language', async () => {
  const a = await signIn(stack.base, 'member.hamilton@portal.demo');
  const b = await signIn(stack.base, 'member2.hamilton@portal.demo');
  const wantAr = translation('ar', 'Working group');
  try {
    await a.call('PATCH', '/api/v1/me', { preferred_language: 'en' });
    await b.call('PATCH', '/api/v1/me', { preferred_language: 'ar' });
    // Same role, same address: one kept view per language.
    for (let i = 0; i < 6; i++) {
      const en = await a.get('/l/hamilton/wg/', { Accept: 'text/html' });
      const ar = await b.get('/l/hamilton/wg/', { Accept: 'text/html' });
      assert.deepEqual(htmlLang(en), ['en', 'ltr']);
      assert.deepEqual(htmlLang(ar), ['ar', 'rtl']);
      // Once the Arabic catalogue has the text, the kept content shows it
      // to the Arabic reader only.
      if (wantAr) {
        assert.ok(ar.text.includes(wantAr));
        assert.ok(!en.text.includes(wantAr));
      }
    }
  } finally {
    await b.call('PATCH', '/api/v1/me', { preferred_language: 'en' });
  }
});

test('GET /api/v1/languages and the /languages page say who drafted each catalogue and that drafts need review', async () => {
  const res = await get(stack.base, '/api/v1/languages');
  assert.equal(res.status, 200);
  const items = res.json().items;
  assert.deepEqual(items.map((l) => l.code), ['en', 'mi', 'ar', 'fa-AF', 'my', 'es']);
  const ar = items.find((l) => l.code === 'ar');
  assert.equal(ar.dir, 'rtl');
  assert.equal(ar.name, 'العربية');
  assert.equal(typeof ar.complete, 'boolean');
  assert.ok(ar.total > 100);
  assert.ok(ar.translated >= 0 && ar.translated <= ar.total);
  assert.equal(ar.complete, ar.translated === ar.total);
  // Nothing pretends a draft is reviewed: the header says draft.
  const header = readFileSync(`${ROOT}/po/ar.po`, 'utf8');
  assert.equal(ar.reviewed, /X-Review-Status: reviewed/.test(header));
  assert.match(ar.drafted_by, /.+/);
  assert.equal(items[0].reviewed, true);

  const page = await get(stack.base, '/languages');
  assert.equal(page.status, 200);
  assert.match(page.text, /<tr data-language="ar">/);
  if (!ar.reviewed) assert.match(page.text, /draft: needs community review/);
  assert.match(page.text, new RegExp(`${ar.translated} of ${ar.total} messages`));
});

// The catalogue's translation of a msgid that may span lines in the .po.
function poTranslation(catalogue, msgid) {
  const po = readFileSync(`${ROOT}/po/${catalogue}.po`, 'utf8');
  for (const block of po.split(/\n\n/)) {
    const part = (name) => {
      const m = block.match(new RegExp(`^${name} ((?:".*"\\n?)+)`, 'm'));
      return m ? m[1].trim().split('\n').map((l) => JSON.parse(l)).join('') : null;
    };
    if (part('msgid') === msgid && !/^#, .*fuzzy/m.test(block)) return part('msgstr') || '';
  }
  return '';
}

test('content keeps its own language: the writer\'s by default, settable, marked with lang and dir', async () => {
  const member = await signIn(stack.base, 'member.hamilton@portal.demo');
  const api = '/api/v1/locations/hamilton/initiatives';
  try {
    await member.call('PATCH', '/api/v1/me', { preferred_language: 'ar' });
    const body = { title: `Arabic homework club ${process.pid}`, summary: 'نادي الواجبات', area: 'events_programmes',
      elements: ['belonging'], status: 'idea', visibility: 'public' };
    const made = await member.call('POST', api, body);
    assert.equal(made.status, 201, made.text);
    assert.equal(made.json().language, 'ar');
    const id = made.json().id;
    // The public page marks it up in its own language inside an English page.
    const page = await get(stack.base, `/l/hamilton/initiatives/${id}`);
    assert.deepEqual(htmlLang(page), ['en', 'ltr']);
    assert.match(page.text, /<h1 lang="ar" dir="rtl">Arabic homework club/);
    assert.match(page.text, /<div class="markdown" lang="ar" dir="rtl">/);

    // Named by the writer, and checked.
    const mi = await member.call('POST', api, { ...body, title: `Kapa haka ${process.pid}`, language: 'mi' });
    assert.equal(mi.status, 201, mi.text);
    assert.equal(mi.json().language, 'mi');
    const bad = await member.call('POST', api, { ...body, language: 'xx' });
    assert.equal(bad.status, 422);
    assert.ok(bad.json().error.fields.language);
    const edited = await member.call('PATCH', `${api}/${id}`, { language: 'fa-AF', version: made.json().version });
    assert.equal(edited.status, 200, edited.text);
    assert.equal(edited.json().language, 'fa-AF');

    // A progress update is in its writer's language too.
    const upd = await member.call('POST', `${api}/${id}/updates`, { body: 'Twelve children came.', language: 'en' });
    assert.equal(upd.status, 201, upd.text);
    assert.equal(sqlValue(stack, `SELECT language FROM initiative_updates WHERE initiative_id = ${id}`), 'en');
  } finally {
    await member.call('PATCH', '/api/v1/me', { preferred_language: 'en' });
  }
});

test('a funding request is in the applicant\'s language, and their emails too', async () => {
  const loc = (await get(stack.base, '/api/v1/locations/hamilton')).json();
  const round = loc.open_rounds[0];
  assert.ok(round, 'the demo data has a round open in Hamilton');
  const amal = await register(stack.base, 'lang-amal');
  assert.equal((await amal.client.call('PATCH', '/api/v1/me', { preferred_language: 'ar' })).status, 200);
  const made = await amal.client.call('POST', '/api/v1/locations/hamilton/requests', {
    round_id: round.id, title: 'نادي القراءة', description: 'Reading club for children.',
    area: 'knowledge_skills', elements: ['belonging'], amount_cents: 50000,
    budget: [{ item: 'Books', amount_cents: 50000 }], beneficiaries: 'Children', beneficiary_count: 12,
    timeline: 'March', contact: { name: 'Amal', email: amal.email, phone: '021 555 0199' } });
  assert.equal(made.status, 201, made.text);
  const req = made.json();
  assert.equal(req.language, 'ar');
  const page = await amal.client.get(`/l/hamilton/requests/${req.id}`, { Accept: 'text/html' });
  assert.deepEqual(htmlLang(page), ['ar', 'rtl']);
  assert.match(page.text, /<h1 lang="ar" dir="rtl">نادي القراءة<\/h1>/);

  // Submitting tells each coordinator in their own language.
  const coordinator = await signIn(stack.base, 'coordinator.hamilton@portal.demo');
  const coordinatorEmail = 'coordinator.hamilton@portal.demo';
  await coordinator.call('PATCH', '/api/v1/me', { preferred_language: 'mi' });
  let submitted;
  try {
    submitted = await amal.client.call('POST', `/api/v1/locations/hamilton/requests/${req.id}/transitions`, { action: 'submit' });
  } finally {
    await coordinator.call('PATCH', '/api/v1/me', { preferred_language: 'en' });
  }
  assert.equal(submitted.status, 200, submitted.text);
  const told = sql(stack, `SELECT subject FROM outbox WHERE to_email = ${quote(coordinatorEmail)}
    AND kind = 'funding_coordinators' ORDER BY id DESC LIMIT 1`);
  const toldFormat = poTranslation('mi', 'Funding request %s: "%.*s"') || 'Funding request %s: "%.*s"';
  assert.ok(told[0][0].startsWith(toldFormat.split('%')[0]), `${told[0][0]} in te reo Māori when the catalogue has it`);
  assert.ok(told[0][0].includes('نادي القراءة'));

  // The working group's moves email her in Arabic.
  const moved = await coordinator.call('POST', `/api/v1/locations/hamilton/requests/${req.id}/transitions`, { action: 'start_review' });
  assert.equal(moved.status, 200, moved.text);
  const mail = sql(stack, `SELECT subject FROM outbox WHERE to_email = ${quote(amal.email)} AND kind = 'funding_state' ORDER BY id DESC LIMIT 1`);
  assert.equal(mail.length, 1);
  const format = poTranslation('ar', 'Your funding request "%.*s" is now: %s');
  const expected = (format || 'Your funding request "%.*s" is now: %s').split('%')[0];
  assert.ok(mail[0][0].startsWith(expected), `subject ${mail[0][0]} in Arabic when the catalogue has it`);
  const state = poTranslation('ar', 'In review') || 'In review';
  assert.ok(mail[0][0].endsWith(state));
});

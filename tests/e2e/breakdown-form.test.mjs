// Breakdowns in the browser (issue 18): the progress-update form on an
// initiative's page gives each figure a <details> of number inputs by
// community, gender and age band and rows of a language and its count,
// without JavaScript.  The posted inputs are checked by the same code as
// the JSON body's "breakdowns" (handlers/initiatives/breakdown.c): a
// breakdown that does not add up shows the form again (422) with what
// was typed and the message by the field, in the person's language, and
// keeps nothing; one that adds up is kept (303, rows in
// figure_breakdowns).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { signIn, postForm as submitForm } from './lib/session.mjs';
import { sqlValue } from './lib/db.mjs';

const tag = `bf${process.pid}${Date.now().toString(36)}`;
let stack, base, member, member2, id;

after(() => stack?.stop());

before(async () => {
  stack = await sharedStack();
  base = stack.base;
  [member, member2] = await Promise.all([
    signIn(base, 'member.hamilton@portal.demo'),
    signIn(base, 'member2.hamilton@portal.demo'),
  ]);
  const res = await member.call('POST', '/api/v1/locations/hamilton/initiatives',
    { title: `Breakdown form ${tag}`, area: 'knowledge_skills', elements: ['participation'], status: 'active' });
  assert.equal(res.status, 201, res.text);
  id = res.json().id;
});

const path = () => `/l/hamilton/initiatives/${id}/updates`;
const updates = () => sqlValue(stack, `SELECT count(*) FROM initiative_updates WHERE initiative_id = ${id}`);
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test("the update form offers each figure's breakdown, labelled, closed until used", async () => {
  const page = await member.get(`/l/hamilton/initiatives/${id}`, { Accept: 'text/html' });
  assert.equal(page.status, 200);
  assert.match(page.text, /<details class="breakdown"><summary>Break this figure down \(optional\): People into work or training<\/summary>/);
  for (const name of ['b.into_work.gender.female', 'b.into_work.age_band.65_plus', 'b.into_work.community.syrian',
    'b.into_work.language.count.1']) {
    assert.match(page.text, new RegExp(`<label for="${escapeRe(name)}">[^<]+</label> <input id="${escapeRe(name)}" name="${escapeRe(name)}" type="number"`), name);
  }
  assert.match(page.text, /<label for="b\.into_work\.language\.code\.1">Language 1<\/label> <select id="b\.into_work\.language\.code\.1"/);
  assert.match(page.text, /<legend>By gender<\/legend>/);
});

test('a breakdown that does not add up: the form again with the input and the message by the field, nothing kept', async () => {
  const res = await submitForm(member, base, path(), {
    date: '2026-04-01', body: `Not adding up ${tag}`, into_work: '10',
    'b.into_work.gender.female': '4', 'b.into_work.gender.male': '5',
    'b.into_work.language.code.1': 'ar', 'b.into_work.language.count.1': '10',
  });
  assert.equal(res.status, 422, res.text);
  const field = 'breakdowns.into_work.gender';
  assert.match(res.text, new RegExp(`<fieldset class="field invalid" data-dimension="gender" aria-describedby="${escapeRe(field)}-error">`));
  assert.match(res.text, new RegExp(`<p class="field-error" id="${escapeRe(field)}-error">By gender: must add up to the figure, 10; these add up to 9</p>`));
  // What was typed, kept: the figure, the counts, the language chosen, the text.
  assert.match(res.text, /<details class="breakdown" open><summary>Break this figure down \(optional\): People into work or training/);
  assert.match(res.text, /name="b\.into_work\.gender\.female" type="number" min="0" step="1" inputmode="numeric" value="4"/);
  assert.match(res.text, /name="b\.into_work\.gender\.male" type="number" min="0" step="1" inputmode="numeric" value="5"/);
  assert.match(res.text, /<option value="ar" selected>/);
  assert.match(res.text, /name="b\.into_work\.language\.count\.1" type="number" min="0" step="1" inputmode="numeric" value="10"/);
  assert.match(res.text, new RegExp(`Not adding up ${tag}</textarea>`));
  assert.match(res.text, /name="into_work" inputmode="numeric" value="10"/);
  // The language breakdown adds up: no message by it.
  assert.doesNotMatch(res.text, /id="breakdowns\.into_work\.language-error"/);
  assert.equal(updates(), '0');
  // A count that is not a whole number, and a count with no language, are
  // refused by their fields too.
  const bad = await submitForm(member, base, path(), {
    body: 'Bad counts.', into_work: '2', 'b.into_work.age_band.0_14': 'two',
    'b.into_work.language.count.2': '2',
  });
  assert.equal(bad.status, 422, bad.text);
  assert.match(bad.text, /id="breakdowns\.into_work\.age_band-error">By age band: counts must be whole numbers/);
  assert.match(bad.text, /id="breakdowns\.into_work\.language-error">By language: names a value this dimension does not have/);
  assert.equal(updates(), '0');
});

// A language named twice adds up; a bad count in the first row once gave
// way to a good one in the second and vanished without a message.
test('a language named twice with a bad count first: 422 by the language, nothing kept', async () => {
  const res = await submitForm(member, base, path(), {
    body: 'Twice.', into_work: '5',
    'b.into_work.language.code.1': 'ar', 'b.into_work.language.count.1': 'x',
    'b.into_work.language.code.2': 'ar', 'b.into_work.language.count.2': '5',
  });
  assert.equal(res.status, 422, res.text);
  assert.match(res.text, /id="breakdowns\.into_work\.language-error">By language: counts must be whole numbers/);
  assert.equal(updates(), '0');
});

test("the message is in the person's own language", async () => {
  const { preferred_language } = (await member2.get('/api/v1/me')).json();
  assert.equal((await member2.call('PATCH', '/api/v1/me', { preferred_language: 'es' })).status, 200);
  try {
    const res = await submitForm(member2, base, path(), {
      body: 'No suma.', into_work: '3', 'b.into_work.gender.female': '1',
    });
    assert.equal(res.status, 422, res.text);
    assert.match(res.text, /id="breakdowns\.into_work\.gender-error">[^<]*deben sumar la cifra, 3; estos suman 1<\/p>/);
    assert.equal(updates(), '0');
  } finally {
    assert.equal((await member2.call('PATCH', '/api/v1/me', { preferred_language })).status, 200);
  }
});

test('a breakdown that adds up is kept: 303 and its rows in figure_breakdowns', async () => {
  const res = await submitForm(member, base, path(), {
    date: '2026-04-02', body: `Adding up ${tag}`, into_work: '10',
    'b.into_work.gender.female': '4', 'b.into_work.gender.male': '6',
    'b.into_work.community.syrian': '7', 'b.into_work.community.afghan': '3',
    'b.into_work.age_band.25_44': '10', 'b.into_work.age_band.0_14': '',
    'b.into_work.language.code.1': 'ar', 'b.into_work.language.count.1': '7',
    'b.into_work.language.code.2': 'fa', 'b.into_work.language.count.2': '3',
    'b.into_work.language.code.3': '', 'b.into_work.language.count.3': '',
  });
  assert.equal(res.status, 303, res.text);
  assert.equal(res.location, `/l/hamilton/initiatives/${id}#updates`);
  assert.equal(updates(), '1');
  const rows = sqlValue(stack, `SELECT string_agg(b.dimension || ':' || b.value || '=' || b.count, ' '
    ORDER BY b.dimension, b.value) FROM figure_breakdowns b JOIN update_figures f ON f.id = b.figure_id
    WHERE f.initiative_id = ${id}`);
  assert.equal(rows, 'age_band:25_44=10 community:afghan=3 community:syrian=7 gender:female=4 gender:male=6 language:ar=7 language:fa=3');
  // The page shows them to the working group as entered.
  const page = await member.get(`/l/hamilton/initiatives/${id}`, { Accept: 'text/html' });
  assert.match(page.text, /<span class="tag" data-value="syrian">syrian: 7<\/span>/);
});

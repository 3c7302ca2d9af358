// Structured stocktakes (issue 18): INZ writes a questionnaire with every
// question type (checked field by field), opens a stocktake with it,
// Hamilton and Nelson answer it (a draft saved, each answer checked by
// its type, required ones needed to complete; the form shown again with
// the input kept and a message by each field), complete their returns,
// which keep the answers with the snapshot, compared with the previous
// stocktake of the questionnaire by question key across versions, and
// exported one column per question (CSV and JSON).  Editing a
// questionnaire an open stocktake uses makes a new version; the stocktake
// keeps its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { request } from './lib/http.mjs';
import { signIn } from './lib/session.mjs';
import { sqlValue } from './lib/db.mjs';

const tag = `q${process.pid}${Date.now().toString(36)}`;
let stack, base, inz, coordA, coordB, memberA;
let hamiltonInitiative;

after(() => stack?.stop());

before(async () => {
  stack = await sharedStack();
  base = stack.base;
  [inz, coordA, coordB, memberA] = await Promise.all([
    signIn(base, 'inz@portal.demo'),
    signIn(base, 'coordinator.hamilton@portal.demo'),
    signIn(base, 'coordinator.nelson@portal.demo'),
    signIn(base, 'member.hamilton@portal.demo'),
  ]);
  hamiltonInitiative = Number(sqlValue(stack, `SELECT i.id FROM initiatives i JOIN locations l
    ON l.id = i.location_id WHERE l.slug = 'hamilton' ORDER BY i.id LIMIT 1`));
});

const QUESTIONS = [
  { key: 'count', text: 'How many employment initiatives run here?', type: 'number', scope: 'location', required: true },
  { key: 'gaps', text: 'Where are the gaps?', type: 'text', scope: 'location', required: false },
  { key: 'support', text: 'Do employers support them?', type: 'single_choice', scope: 'location', required: true,
    choices: ['Fully', 'Partly', 'No'] },
  { key: 'areas', text: 'Which areas of focus?', type: 'multiple_choice', scope: 'location', required: false,
    choices: ['Case management', 'Skills training', 'Qualifications'] },
  { key: 'engaged', text: 'Is the council engaged?', type: 'yes_no', scope: 'location', required: true },
  { key: 'review_on', text: 'When is the next review?', type: 'date', scope: 'location', required: false },
  { key: 'designed_for', text: 'Was it designed for refugees?', type: 'single_choice', scope: 'initiative',
    required: false, choices: ['Refugees', 'Mainstream'] },
];

const write = (who, body) => who.call('POST', '/api/v1/national/questionnaires', body);
const open = async (qid, name) => {
  const res = await inz.call('POST', '/api/v1/national/stocktakes', {
    name, question: 'Tell us about employment initiatives.', due_on: '2031-06-30', questionnaire_id: qid,
  });
  assert.equal(res.status, 201, res.text);
  return res.json();
};
const answer = (who, slug, id, answers) =>
  who.call('PUT', `/api/v1/locations/${slug}/stocktakes/${id}/answers`, { answers });
const complete = (who, slug, id, body = {}) =>
  who.call('POST', `/api/v1/locations/${slug}/stocktakes/${id}/return`, body);

function postForm(who, path, fields) {
  const body = new URLSearchParams();
  body.append('_csrf', who.csrf);
  for (const [k, v] of Object.entries(fields))
    for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return request(base, {
    method: 'POST', path, body: body.toString(),
    headers: { Accept: 'text/html', Cookie: `portal_session=${who.cookie}`, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
}

// A CSV answer as rows of cells (RFC 4180; no cell here holds a comma
// inside quotes but the ones checked by name).
function csvRows(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\r') continue;
    else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else cell += ch;
  }
  return rows;
}

let qid, last, now;

test('INZ writes a questionnaire: every definition checked by field; others may not', async () => {
  const bad = await write(inz, {
    name: ' ',
    questions: [
      { key: 'Bad Key', text: 'x', type: 'number', scope: 'location' },
      { key: 'ok', text: '', type: 'essay', scope: 'everywhere' },
      { key: 'pick', text: 'Pick', type: 'single_choice', scope: 'location', choices: ['only one'] },
      { key: 'pick', text: 'Again', type: 'yes_no', scope: 'location', choices: ['yes'] },
      { key: 'bare', text: 'Neither type nor scope' },
    ],
  });
  assert.equal(bad.status, 422, bad.text);
  const fields = bad.json().error.fields;
  assert.ok(fields.name);
  assert.match(fields['questions.0.key'], /lower-case/);
  assert.match(fields['questions.1.text'], /required/);
  assert.match(fields['questions.1.type'], /single_choice/);
  assert.match(fields['questions.1.scope'], /location or initiative/);
  assert.match(fields['questions.2.choices'], /2 to 50/);
  assert.match(fields['questions.3.key'], /another question/);
  assert.match(fields['questions.3.choices'], /only choice questions/);
  assert.match(fields['questions.4.type'], /single_choice/);
  assert.match(fields['questions.4.scope'], /location or initiative/);
  assert.equal((await write(inz, { name: 'Empty', questions: [] })).json().error.fields.questions,
    'a questionnaire asks 1 to 100 questions');
  assert.equal((await write(coordA, { name: 'No', questions: QUESTIONS })).status, 403);

  const made = await write(inz, { name: `Employment ${tag}`, questions: QUESTIONS });
  assert.equal(made.status, 201, made.text);
  const q = made.json();
  assert.equal(q.version, 1);
  assert.deepEqual(q.questions.map((x) => x.type),
    ['number', 'text', 'single_choice', 'multiple_choice', 'yes_no', 'date', 'single_choice']);
  assert.deepEqual(q.questions[1].choices, []);
  qid = q.id;
  const list = await inz.get('/api/v1/national/questionnaires');
  assert.equal(list.status, 200);
  assert.ok(list.json().items.some((x) => x.id === qid && x.questions === QUESTIONS.length));
  // Unused, an edit changes version 1 in place.
  const edited = await inz.call('PUT', `/api/v1/national/questionnaires/${qid}`,
    { name: `Employment ${tag}`, questions: QUESTIONS });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.json().version, 1);
});

test('answers are checked by type; a required one is needed to complete; the form keeps the input', async () => {
  last = await open(qid, `Last year ${tag}`);
  assert.equal(last.questionnaire_version, 1);
  const page = await coordA.get(`/api/v1/locations/hamilton/stocktakes/${last.id}`);
  assert.equal(page.status, 200, page.text);
  assert.equal(page.json().questionnaire.questions.length, QUESTIONS.length);
  assert.equal(page.json().form_questions, undefined, 'the form is the page\'s only');

  const bad = await answer(coordA, 'hamilton', last.id, {
    'location.count': 'twelve', 'location.support': 'Maybe', 'location.areas': ['Housing'],
    'location.engaged': 'perhaps', 'location.review_on': '2026-02-30', 'location.nothing': 'x',
    [`initiative.${hamiltonInitiative}.designed_for`]: 'Both',
  });
  assert.equal(bad.status, 422, bad.text);
  assert.deepEqual(bad.json().error.fields, {
    'location.count': 'must be a number',
    'location.support': 'must be one of the choices',
    'location.areas': 'must be some of the choices',
    'location.engaged': 'must be yes or no',
    'location.review_on': 'must be a date (YYYY-MM-DD)',
    'location.nothing': 'is not a question of this stocktake',
    [`initiative.${hamiltonInitiative}.designed_for`]: 'must be one of the choices',
  });
  assert.deepEqual((await answer(coordA, 'hamilton', last.id, ['location.count'])).json().error.fields,
    { answers: 'must be an object of answers by field' });
  assert.equal(sqlValue(stack, `SELECT count(*) FROM stocktake_answers WHERE stocktake_id = ${last.id}`), '0');

  // A draft needs no required answer; completing does.
  const draft = await answer(coordA, 'hamilton', last.id, { 'location.count': 2, 'location.gaps': 'Women with young children' });
  assert.equal(draft.status, 200, draft.text);
  assert.deepEqual(draft.json().answers, { 'location.count': 2, 'location.gaps': 'Women with young children' });
  const early = await complete(coordA, 'hamilton', last.id);
  assert.equal(early.status, 422, early.text);
  assert.deepEqual(early.json().error.fields, { 'location.support': 'is required', 'location.engaged': 'is required' });
  assert.equal(sqlValue(stack, `SELECT count(*) FROM stocktake_returns WHERE stocktake_id = ${last.id}`), '0');

  // The form: shown again with what was typed and a message by the field.
  const form = await postForm(coordA, `/l/hamilton/wg/stocktakes/${last.id}/answers`,
    { 'location.count': 'lots', 'location.gaps': 'Kept as typed', 'location.areas': ['Skills training'] });
  assert.equal(form.status, 422, form.text);
  assert.match(form.text, /id="location\.count" name="location\.count" inputmode="decimal" value="lots" aria-describedby="location\.count-error" aria-invalid="true"/);
  assert.match(form.text, /<p class="field-error" id="location\.count-error">must be a number<\/p>/);
  assert.match(form.text, />Kept as typed<\/textarea>/);
  assert.match(form.text, /value="Skills training" checked/);
  // Members read the answers, never write them.
  const read = await memberA.get(`/api/v1/locations/hamilton/stocktakes/${last.id}`);
  assert.equal(read.status, 200);
  assert.equal(read.json().answers['location.count'], 2);
  assert.equal((await answer(memberA, 'hamilton', last.id, { 'location.count': 3 })).status, 403);
});

test('versioning: an edit of a questionnaire an open stocktake uses makes a new version', async () => {
  const reworded = QUESTIONS.map((q) => q.key === 'gaps' ? { ...q, text: 'Where are the gaps now?' } : q);
  const edited = await inz.call('PUT', `/api/v1/national/questionnaires/${qid}`,
    { name: `Employment ${tag}`, questions: reworded });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.json().version, 2);
  const v1 = await inz.get(`/api/v1/national/questionnaires/${qid}?version=1`);
  assert.equal(v1.json().questions[1].text, 'Where are the gaps?');
  // The open stocktake keeps version 1.
  const mine = await coordA.get(`/api/v1/locations/hamilton/stocktakes/${last.id}`);
  assert.equal(mine.json().stocktake.questionnaire_version, 1);
  assert.equal(mine.json().questionnaire.version, 1);
  assert.equal(mine.json().questionnaire.questions[1].text, 'Where are the gaps?');
  // The form's way: a row of inputs per question; version 2, unused yet,
  // changes in place.
  const rows = {};
  reworded.forEach((q, n) => Object.assign(rows, {
    [`q${n}.key`]: q.key, [`q${n}.text`]: q.text, [`q${n}.type`]: q.type, [`q${n}.scope`]: q.scope,
    [`q${n}.required`]: q.required ? 'yes' : 'no', [`q${n}.choices`]: (q.choices || []).join('\n'),
  }));
  const badForm = await postForm(inz, `/national/questionnaires/${qid}`,
    { name: `Employment ${tag}`, ...rows, 'q7.key': 'extra', 'q7.text': '', 'q7.type': 'text' });
  assert.equal(badForm.status, 422);
  assert.match(badForm.text, /id="q7\.text-error">Question: is required<\/p>/);
  assert.match(badForm.text, /id="q7\.key" name="q7\.key" maxlength="40" value="extra"/);
  const byForm = await postForm(inz, `/national/questionnaires/${qid}`,
    { name: `Employment ${tag}`, ...rows, 'q7.key': '', 'q7.text': '', 'q7.type': 'text' });
  assert.equal(byForm.status, 303, byForm.text);
  assert.equal(byForm.headers.location, `/national/questionnaires/${qid}`);
  const v2 = (await inz.get(`/api/v1/national/questionnaires/${qid}`)).json();
  assert.equal(v2.version, 2);
  assert.deepEqual(v2.questions, reworded.map((q) => ({ choices: [], ...q })));
  const html = await coordA.get(`/l/hamilton/wg/stocktakes/${last.id}`, { Accept: 'text/html' });
  assert.match(html.text, /Where are the gaps\?<\/label>/);
  assert.doesNotMatch(html.text, /Where are the gaps now\?/);
});

test('two locations answer and complete; the return keeps the answers beside the snapshot', async () => {
  const hamilton = await complete(coordA, 'hamilton', last.id, {
    note: 'Done', answers: {
      'location.support': 'Partly', 'location.areas': ['Qualifications', 'Case management'],
      'location.engaged': false, 'location.review_on': '2031-03-01',
      [`initiative.${hamiltonInitiative}.designed_for`]: 'Refugees',
    },
  });
  assert.equal(hamilton.status, 201, hamilton.text);
  const kept = JSON.parse(sqlValue(stack, `SELECT answers FROM stocktake_returns r JOIN locations l
    ON l.id = r.location_id WHERE r.stocktake_id = ${last.id} AND l.slug = 'hamilton'`));
  assert.deepEqual(kept, {
    'location.count': 2, 'location.gaps': 'Women with young children', 'location.support': 'Partly',
    'location.areas': ['Case management', 'Qualifications'], 'location.engaged': false,
    'location.review_on': '2031-03-01', [`initiative.${hamiltonInitiative}.designed_for`]: 'Refugees',
  });
  // The form's way, for Nelson.
  const nelson = await postForm(coordB, `/l/nelson/wg/stocktakes/${last.id}/complete`, {
    'location.count': '1.5', 'location.support': 'No', 'location.engaged': 'yes', note: '',
  });
  assert.equal(nelson.status, 303, nelson.text);
  // Completed, the answers change no more.
  assert.equal((await answer(coordA, 'hamilton', last.id, { 'location.count': 9 })).status, 409);
  assert.equal((await inz.call('POST', `/api/v1/national/stocktakes/${last.id}/close`, {})).status, 200);

  // This year's stocktake takes the questionnaire's version 2.
  now = await open(qid, `This year ${tag}`);
  assert.equal(now.questionnaire_version, 2);
  assert.equal((await complete(coordA, 'hamilton', now.id, {
    answers: { 'location.count': 4, 'location.support': 'Fully', 'location.engaged': true, 'location.gaps': 'Fewer' },
  })).status, 201);
  assert.equal((await complete(coordB, 'nelson', now.id, {
    answers: { 'location.count': 1, 'location.support': 'No', 'location.engaged': true },
  })).status, 201);
});

test('the comparison shows each answer beside last year\'s to the same question', async () => {
  const res = await inz.get(`/api/v1/national/stocktakes/${now.id}/locations/hamilton`);
  assert.equal(res.status, 200, res.text);
  const view = res.json();
  assert.equal(view.previous.id, last.id);
  assert.ok(view.items.length > 0, 'the snapshot beside the answers');
  const row = (field) => view.comparison.find((r) => r.field === field);
  assert.deepEqual([row('location.count').answer, row('location.count').previous], [4, 2]);
  assert.equal(row('location.gaps').text, 'Where are the gaps now?');
  assert.deepEqual([row('location.gaps').answer, row('location.gaps').previous], ['Fewer', 'Women with young children']);
  assert.deepEqual([row('location.engaged').answer_text, row('location.engaged').previous_text], ['Yes', 'No']);
  assert.equal(row('location.areas').previous_text, 'Case management; Qualifications');
  assert.equal(row(`initiative.${hamiltonInitiative}.designed_for`).previous, 'Refugees');
  const page = await inz.get(`/national/stocktakes/${now.id}/locations/hamilton`, { Accept: 'text/html' });
  assert.equal(page.status, 200);
  assert.match(page.text, /<th scope="row">How many employment initiatives run here\?<\/th><td><\/td><td>4<\/td><td>2<\/td>/);
  // The working group sees it too, once completed.
  const wg = await memberA.get(`/l/hamilton/wg/stocktakes/${now.id}`, { Accept: 'text/html' });
  assert.match(wg.text, /<td>Fewer<\/td><td>Women with young children<\/td>/);
});

test('the export has one column per question, for every location that answered', async () => {
  const csv = await inz.get(`/api/v1/national/stocktakes/${last.id}/answers?format=csv`);
  assert.equal(csv.status, 200, csv.text);
  assert.match(csv.headers['content-type'], /^text\/csv/);
  const rows = csvRows(csv.text);
  assert.deepEqual(rows[0], ['location', 'initiative_id', 'initiative_title',
    'count', 'gaps', 'support', 'areas', 'engaged', 'review_on', 'designed_for']);
  const cells = (r) => Object.fromEntries(rows[0].map((k, i) => [k, r[i]]));
  const locationRows = rows.slice(1).map(cells).filter((r) => r.initiative_id === '');
  assert.deepEqual(locationRows.map((r) => r.location), ['hamilton', 'nelson']);
  assert.deepEqual(locationRows[0], { location: 'hamilton', initiative_id: '', initiative_title: '', count: '2',
    gaps: 'Women with young children', support: 'Partly', areas: 'Case management; Qualifications',
    engaged: 'false', review_on: '2031-03-01', designed_for: '' });
  assert.deepEqual([locationRows[1].count, locationRows[1].support, locationRows[1].engaged], ['1.5', 'No', 'true']);
  const initiativeRow = rows.slice(1).map(cells).find((r) => r.initiative_id === String(hamiltonInitiative));
  assert.equal(initiativeRow.designed_for, 'Refugees');
  assert.equal(initiativeRow.count, '');
  const json = await inz.get(`/api/v1/national/stocktakes/${last.id}/answers`);
  assert.equal(json.status, 200);
  assert.equal(json.json().items.find((r) => r.location === 'nelson' && r.initiative_id === null).count, 1.5);
  assert.equal((await inz.get(`/api/v1/national/stocktakes/${last.id}/answers?format=xml`)).status, 400);
  assert.equal((await coordA.get(`/api/v1/national/stocktakes/${last.id}/answers`)).status, 403);
  assert.equal(sqlValue(stack, `SELECT count(*) FROM audit_log WHERE action = 'export_taken'
    AND detail ->> 'export' = 'stocktake_answers'`) > 0, true);
  await inz.call('POST', `/api/v1/national/stocktakes/${now.id}/close`, {});
});

test('the demo data: last year\'s stocktake of the survey\'s questionnaire, with answers', async () => {
  const id = sqlValue(stack, `SELECT id FROM stocktakes WHERE name = 'Employment initiatives stocktake 2025'`);
  const res = await inz.get(`/api/v1/national/stocktakes/${id}/locations/hamilton`);
  assert.equal(res.status, 200, res.text);
  const types = new Set(res.json().questionnaire.questions.map((q) => q.type));
  assert.equal(types.size, 6, 'every question type');
  assert.equal(res.json().comparison.find((r) => r.field === 'location.employment_initiatives').answer, 2);
});

// A stocktake with no questionnaire once answered 200 to saved answers
// and audited a save that never happened.
test('answers to a stocktake that asks no questionnaire are 404, nothing audited', async () => {
  const open = await inz.call('POST', '/api/v1/national/stocktakes',
    { name: `No questionnaire ${tag}`, question: 'What ran?', due_on: '2031-06-30' });
  assert.equal(open.status, 201, open.text);
  const id = open.json().id;
  try {
    const res = await answer(coordA, 'hamilton', id, { 'location.count': 2 });
    assert.equal(res.status, 404, res.text);
    assert.match(res.json().error.message, /asks no questionnaire/);
    assert.equal(sqlValue(stack, `SELECT count(*) FROM audit_log WHERE action = 'stocktake_answers_saved'
      AND (detail ->> 'stocktake_id')::bigint = ${id}`), '0');
    // Completing its return still works: there is nothing to answer.
    assert.equal((await complete(coordA, 'hamilton', id, { note: 'Done' })).status, 201);
  } finally {
    assert.equal((await inz.call('POST', `/api/v1/national/stocktakes/${id}/close`, {})).status, 200);
  }
});

// An answer keyed location, initiative_id or initiative_title would
// overwrite the answers export's own columns.
test('question keys the answers export uses for its own columns are refused', async () => {
  for (const [i, key] of ['location', 'initiative_id', 'initiative_title'].entries()) {
    const res = await write(inz, { name: `Reserved ${tag} ${i}`,
      questions: [{ key, text: 'Shadow a column?', type: 'text', scope: 'location' }] });
    assert.equal(res.status, 422, res.text);
    assert.match(res.json().error.fields['questions.0.key'], /export/, res.text);
  }
});

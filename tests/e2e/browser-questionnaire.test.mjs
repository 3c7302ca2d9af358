// A structured stocktake in a real browser (tests/e2e/lib/browser.mjs):
// INZ writes a questionnaire through its form and opens a stocktake that
// asks the demo's questionnaire (the stocktake survey's); Hamilton's
// coordinator answers it, is told by the field what is wrong with a
// number, saves a draft, completes the return, and sees each answer
// beside last year's.  No page logs a console error, throws, or trips the
// CSP, and the pages pass axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { launchBrowser, withPage, clickAndWait, axe } from './lib/browser.mjs';
import { sqlValue } from './lib/db.mjs';

let stack, browser;
const tag = `${process.pid}-${Date.now().toString(36)}`;
const SURVEY = 'Stocktake of current employment initiatives for refugees';

before(async () => {
  stack = await sharedStack();
  browser = await launchBrowser(stack.base);
});
after(async () => {
  await browser?.close();
  stack?.stop();
});

async function signIn(page, email) {
  await page.goto('/login');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill('demo-pass-2026');
  await clickAndWait(page, page.locator('main form').getByRole('button', { name: 'Sign in' }));
}

let stocktakeId;

test('INZ writes a questionnaire through the form and opens a stocktake with the survey\'s', async (t) => {
  await withPage(browser, t, async (page) => {
    await signIn(page, 'inz@portal.demo');
    await page.goto('/national/questionnaires');
    await page.locator('#name').fill(`Browser questionnaire ${tag}`);
    await page.locator('[id="q0.key"]').fill('mentors');
    await page.locator('[id="q0.text"]').fill('How many mentors are there?');
    await page.locator('[id="q0.type"]').selectOption('number');
    await page.locator('[id="q0.required"]').selectOption('yes');
    await page.locator('[id="q1.key"]').fill('kind');
    await page.locator('[id="q1.text"]').fill('What kind of initiative is it?');
    await page.locator('[id="q1.type"]').selectOption('single_choice');
    await page.locator('[id="q1.scope"]').selectOption('initiative');
    let res = await clickAndWait(page, page.getByRole('button', { name: 'Keep the questionnaire' }));
    assert.equal(res.status(), 422, 'a choice question needs its choices');
    assert.match(await page.locator('[id="q1.choices-error"]').textContent(), /2 to 50 choices/);
    assert.equal(await page.locator('[id="q0.text"]').inputValue(), 'How many mentors are there?');
    await page.locator('[id="q1.choices"]').fill('Job club\nMentoring');
    res = await clickAndWait(page, page.getByRole('button', { name: 'Keep the questionnaire' }));
    assert.equal(res.status(), 200);
    assert.match(new URL(page.url()).pathname, /^\/national\/questionnaires\/\d+$/);
    assert.equal(await page.locator('main ol > li').count(), 2);
    assert.deepEqual(await axe(page), []);

    await page.goto('/national/stocktakes');
    await page.locator('#name').fill(`Browser stocktake ${tag}`);
    await page.locator('#question').fill('Tell us about your employment initiatives.');
    await page.locator('#due_on').fill('2031-06-30');
    await page.locator('#questionnaire_id').selectOption({ label: `${SURVEY} (version 1)` });
    res = await clickAndWait(page, page.getByRole('button', { name: 'Open the stocktake' }));
    assert.equal(res.status(), 200);
    stocktakeId = new URL(page.url()).pathname.split('/').pop();
    assert.match(await page.locator('main').textContent(), /It asks a questionnaire \(version 1\)/);
  });
});

test('a coordinator answers, saves a draft, completes, and sees last year\'s answers beside', async (t) => {
  // Last year's: the demo's 2025 return (or, run again, the newest before).
  const before = (key) => sqlValue(stack, `SELECT r.answers ->> '${key}' FROM stocktake_returns r
    JOIN stocktakes s ON s.id = r.stocktake_id JOIN locations l ON l.id = r.location_id
    WHERE l.slug = 'hamilton' AND s.questionnaire_id = (SELECT questionnaire_id FROM stocktakes
    WHERE id = ${stocktakeId}) AND s.id < ${stocktakeId} ORDER BY s.id DESC LIMIT 1`);
  const lastCount = before('location.employment_initiatives');
  const lastEngaged = before('location.employers_engaged') === 'true' ? 'Yes' : 'No';
  await withPage(browser, t, async (page) => {
    await signIn(page, 'coordinator.hamilton@portal.demo');
    await page.goto(`/l/hamilton/wg/stocktakes/${stocktakeId}`);
    const count = page.locator('[id="location.employment_initiatives"]');
    await count.fill('three');
    await page.locator('[id="location.gaps"]').fill('Nothing for people with engineering qualifications.');
    let res = await clickAndWait(page, page.getByRole('button', { name: 'Save the answers as a draft' }));
    assert.equal(res.status(), 422);
    assert.equal(await page.locator('[id="location.employment_initiatives-error"]').textContent(), 'must be a number');
    assert.equal(await count.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('[id="location.gaps"]').inputValue(),
      'Nothing for people with engineering qualifications.');

    await count.fill('3');
    await page.getByRole('checkbox', { name: 'Recognition of qualifications and skills' }).check();
    res = await clickAndWait(page, page.getByRole('button', { name: 'Save the answers as a draft' }));
    assert.equal(res.status(), 200);
    assert.equal(await count.inputValue(), '3');

    // Completing needs the required yes/no answered.
    res = await clickAndWait(page, page.getByRole('button', { name: 'Complete the return' }));
    assert.equal(res.status(), 422);
    assert.equal(await page.locator('[id="location.employers_engaged-error"]').textContent(), 'is required');
    await page.locator('input[name="location.employers_engaged"][value="yes"]').check();
    res = await clickAndWait(page, page.getByRole('button', { name: 'Complete the return' }));
    assert.equal(res.status(), 200);

    const row = page.locator('#answers ~ div table tbody tr', { hasText: 'How many current employment initiatives' });
    assert.deepEqual(await row.locator('td').allTextContents(), ['', '3', lastCount]);
    const engaged = page.locator('#answers ~ div table tbody tr', { hasText: 'Are employers, the local council' });
    assert.deepEqual(await engaged.locator('td').allTextContents(), ['', 'Yes', lastEngaged]);
    assert.deepEqual(await axe(page), []);
    // The refused forms' 422s are the browser's note of the status, not faults.
    assert.deepEqual(browser.problems(page, (p) => p.kind === 'console' &&
      (/favicon/.test(p.url || '') || /status of 422/.test(p.text))), []);
  });
  assert.equal(sqlValue(stack, `SELECT r.answers ->> 'location.employment_initiatives' FROM stocktake_returns r
    JOIN locations l ON l.id = r.location_id WHERE l.slug = 'hamilton' AND r.stocktake_id = ${stocktakeId}`), '3');
  sqlValue(stack, `UPDATE stocktakes SET closed_at = now(), closed_by = opened_by WHERE id = ${stocktakeId} RETURNING id`);
});

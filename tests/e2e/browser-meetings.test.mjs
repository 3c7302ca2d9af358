// A working-group meeting in a real browser (tests/e2e/lib/browser.mjs):
// Hamilton's coordinator schedules it through the form, puts a funding
// request on the agenda, records who came, and records the decision that
// approves the request; the request's page then says which meeting decided
// it.  The coordinator writes the item's minutes, and the next meeting
// approves them, after which they are read-only.  No page logs a console error, throws, or trips the CSP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { launchBrowser, withPage, clickAndWait } from './lib/browser.mjs';
import { sql, sqlValue } from './lib/db.mjs';

let stack, browser;
const title = `Browser hui ${process.pid}-${Date.now().toString(36)}`;

before(async () => {
  stack = await sharedStack();
  browser = await launchBrowser(stack.base);
});
after(async () => {
  await browser?.close();
  stack?.stop();
});

const user = (email) => sqlValue(stack, `SELECT id FROM users WHERE email = '${email}'`);

// A request of Hamilton's in review with two reviews, in an open round.
function requestInReview() {
  const round = sqlValue(stack, `SELECT r.id FROM funding_rounds r JOIN locations l ON l.id = r.location_id
    WHERE l.slug = 'hamilton' AND r.opens_on <= current_date AND r.closes_on >= current_date
    ORDER BY r.id LIMIT 1`);
  const id = sqlValue(stack, `WITH r AS (INSERT INTO funding_requests (location_id, round_id,
    applicant_id, state, title, description, area, amount_cents, submitted_at)
    SELECT location_id, id, ${user('applicant@portal.demo')}, 'in_review', ${`'${title} request'`},
    'Chairs for the hall', 'events_programmes', 10000, now() FROM funding_rounds WHERE id = ${round}
    RETURNING id) SELECT id FROM r`);
  for (const who of ['member.hamilton@portal.demo', 'member2.hamilton@portal.demo']) {
    sql(stack, `INSERT INTO funding_reviews (location_id, request_id, reviewer_id, conflict, alignment,
      benefit, feasibility, value) SELECT location_id, id, ${user(who)}, false, 4, 4, 4, 4
      FROM funding_requests WHERE id = ${id}`);
  }
  return id;
}

test('a coordinator runs a meeting: schedule, agenda with a funding request, attendance, a decision that approves it, minutes approved at the next meeting', async (t) => {
  const request = requestInReview();
  await withPage(browser, t, async (page) => {
    await page.goto('/login');
    await page.locator('#email').fill('coordinator.hamilton@portal.demo');
    await page.locator('#password').fill('demo-pass-2026');
    await clickAndWait(page, page.locator('main form').getByRole('button', { name: 'Sign in' }));

    await page.goto('/l/hamilton/wg/');
    await clickAndWait(page, page.getByRole('link', { name: 'Meetings' }));
    await clickAndWait(page, page.getByRole('link', { name: 'Schedule a meeting' }));
    await page.locator('#title').fill(title);
    await page.locator('#date').fill('2027-02-10');
    await page.locator('#start_time').fill('17:30');
    await page.locator('#end_time').fill('19:00');
    await page.locator('#place').fill('Community hall');
    await page.locator('#interpreting').fill('Arabic interpreter');
    let res = await clickAndWait(page, page.getByRole('button', { name: 'Schedule the meeting' }));
    assert.equal(res.status(), 200);
    assert.match(new URL(page.url()).pathname, /^\/l\/hamilton\/wg\/meetings\/\d+$/);
    assert.equal(await page.locator('h1').textContent(), title);

    await page.locator('#kind').selectOption('funding_decision');
    await page.locator('#item_title').fill('Chairs for the hall');
    await page.locator('#request_id').fill(request);
    await clickAndWait(page, page.getByRole('button', { name: 'Add the item' }));
    assert.equal(await page.locator('ol.agenda > li').count(), 1);

    for (const who of ['coordinator.hamilton@portal.demo', 'member.hamilton@portal.demo',
      'member2.hamilton@portal.demo']) {
      await page.locator(`input[name="member_${user(who)}"][value="present"]`).check();
    }
    await clickAndWait(page, page.getByRole('button', { name: 'Save the attendance' }));
    assert.match(await page.locator('#quorum').textContent(), /^Quorate:/);

    await page.locator('ol.agenda summary', { hasText: 'Record the decision' }).click();
    const form = page.locator('ol.agenda form');
    await form.locator('textarea[name="motion"]').fill('That the group approves the chairs');
    await form.locator('select[name="outcome"]').selectOption('agreed');
    await form.locator('select[name="funding_action"]').selectOption('approve');
    await form.locator('input[name="amount"]').fill('100');
    await form.locator(`input[name="vote_${user('member.hamilton@portal.demo')}"][value="for"]`).check();
    await form.locator(`input[name="vote_${user('member2.hamilton@portal.demo')}"][value="for"]`).check();
    res = await clickAndWait(page, form.getByRole('button', { name: 'Record the decision' }));
    assert.equal(res.status(), 200);
    assert.match(await page.locator('p.decision').textContent(), /For 2, against 0, abstaining 0/);
    const meetingPath = new URL(page.url()).pathname;
    const meetingId = meetingPath.split('/').pop();

    // The coordinator drafts the item's minutes (Markdown, rendered).
    await page.locator('ol.agenda summary', { hasText: 'Write the minutes' }).click();
    await page.locator('ol.agenda textarea[name="body"]').fill('The group **approved** the chairs.');
    await clickAndWait(page, page.getByRole('button', { name: 'Save the minutes' }));
    assert.equal(await page.locator('ol.agenda .minutes .markdown strong').textContent(), 'approved');
    assert.match(await page.locator('#minutes-status').textContent(), /draft until a later meeting approves/);

    // The next meeting approves them.
    await page.goto('/l/hamilton/wg/meetings/new');
    await page.locator('#title').fill(`${title} (next)`);
    await page.locator('#date').fill('2027-02-24');
    await page.locator('#start_time').fill('17:30');
    await page.locator('#end_time').fill('19:00');
    await page.locator('#place').fill('Community hall');
    await clickAndWait(page, page.getByRole('button', { name: 'Schedule the meeting' }));
    await page.locator('#approve_meeting_id').selectOption(meetingId);
    res = await clickAndWait(page, page.getByRole('button', { name: 'Approve the minutes' }));
    assert.equal(res.status(), 200);
    assert.match(await page.locator('#minutes-approved-here').textContent(), new RegExp(title));

    // Read-only after: no form to edit them, the approval named.
    await page.goto(meetingPath);
    assert.match(await page.locator('#minutes-status').textContent(), /approved at/);
    assert.equal(await page.getByRole('button', { name: 'Save the minutes' }).count(), 0);
    assert.equal(await page.getByText('Add a correction').count(), 1);

    await page.goto(`/l/hamilton/requests/${request}`);
    const link = page.locator(`#timeline ~ ol a[href="${meetingPath}"]`);
    assert.equal(await link.textContent(), title);
    assert.deepEqual(browser.problems(page, (p) => p.kind === 'console' && /favicon/.test(p.url || '')), []);
  });
  assert.equal(sqlValue(stack, `SELECT state FROM funding_requests WHERE id = ${request}`), 'approved');
});

// The sign-in, sign-out and registration pages, an initiative's life and a
// funding request's whole way (apply, two reviews, approve, accept, pay,
// report, close) in a real browser (Debian's
// chromium through playwright-core, tests/e2e/lib/browser.mjs): forms post,
// redirects land where they should, errors re-show the form with what the
// person typed, and no page logs a console error, throws, or trips the
// Content-Security-Policy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { request } from './lib/http.mjs';
import { launchBrowser, withPage as withBrowserPage, clickAndWait } from './lib/browser.mjs';
import { readFile } from 'node:fs/promises';
import { linkToken } from './lib/db.mjs';
import { signIn } from './lib/session.mjs';

const PASSWORD = 'demo-pass-2026';
const COORDINATOR = 'coordinator.hamilton@portal.demo';

let stack;
let browser;
const unique = `${process.pid}-${Date.now().toString(36)}`;

before(async () => {
  stack = await sharedStack();
  browser = await launchBrowser(stack.base);
});

after(async () => {
  await browser?.close();
  stack?.stop();
});

const withPage = (t, fn) => withBrowserPage(browser, t, fn);

const submit = clickAndWait;

// The redirect a response came through, if any: [url, status].
async function redirectedFrom(response) {
  const from = response.request().redirectedFrom();
  if (!from) return null;
  return [new URL(from.url()).pathname, (await from.response())?.status()];
}

// Every page requests an icon; a missing one is its own test below, so the
// flows here do not fail on it twice.
const isFavicon = (p) => p.kind === 'console' && /\/favicon\.ico$/.test(p.url || '');

// Chromium logs a document answered with an error status ("Failed to load
// resource: ... 401") as a console error; the form re-shown with 401 or 422
// is the expected answer, not a problem.
const expectedStatus = (path, status) => (p) => p.kind === 'console' &&
  p.url === `${stack.base}${path}` &&
  p.text.includes(`the server responded with a status of ${status}`);

function assertNoProblems(page, ...ignore) {
  const problems = browser.problems(page, (p) => isFavicon(p) || ignore.some((f) => f(p)));
  assert.deepEqual(problems, [], 'no console errors, page errors or CSP violations');
}

// The site navigation, signed in or not (app/templates/layout.html).
const nav = (page) => page.locator('header.site nav');

async function assertSignedOut(page) {
  await assert.doesNotReject(nav(page).getByRole('link', { name: 'Sign in', exact: true }).waitFor());
  assert.equal(await nav(page).getByRole('link', { name: 'Register', exact: true }).count(), 1);
  assert.equal(await nav(page).getByRole('button', { name: 'Sign out' }).count(), 0);
}

async function assertSignedInAs(page, displayName) {
  assert.equal(await nav(page).getByRole('button', { name: 'Sign out' }).count(), 1);
  assert.equal(await nav(page).getByRole('link', { name: displayName, exact: true })
    .getAttribute('href'), '/account');
  assert.equal(await nav(page).getByRole('link', { name: 'Sign in', exact: true }).count(), 0);
  assert.equal(await nav(page).getByRole('link', { name: 'Register', exact: true }).count(), 0);
}

// Signs in through the form; a new member lands on their account.
async function signInWithForm(page, email, password) {
  await page.goto('/login');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  const res = await submit(page, page.locator('main form').getByRole('button', { name: 'Sign in' }));
  assert.equal(res.status(), 200);
}

// An account of its own for the wrong-password test, so its failed attempt
// counts against nobody else's (five slow an account down for a while).
async function makeAccount(email, displayName) {
  const res = await request(stack.base, {
    method: 'POST', path: '/api/v1/users',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, display_name: displayName, password: PASSWORD }),
  });
  assert.equal(res.status, 202, `POST /api/v1/users: ${res.text}`);
}

test('a coordinator signs in, sees the working group, and signs out', async (t) => {
  await withPage(t, async (page) => {
    const form = await page.goto('/login');
    assert.equal(form.status(), 200);
    assert.equal(await page.locator('h1').textContent(), 'Sign in');
    await assertSignedOut(page);

    await page.locator('#email').fill(COORDINATOR);
    await page.locator('#password').fill(PASSWORD);
    const landed = await submit(page, page.locator('main form').getByRole('button', { name: 'Sign in' }));

    // A coordinator lands on their working group (session.c, landing()).
    assert.equal(landed.status(), 200);
    assert.deepEqual(await redirectedFrom(landed), ['/login', 303]);
    assert.equal(new URL(page.url()).pathname, '/l/hamilton/wg/');
    await assertSignedInAs(page, 'Hemi Coordinator');
    assert.equal(await nav(page).getByRole('link', { name: 'Hamilton working group' })
      .getAttribute('href'), '/l/hamilton/wg/');
    const session = (await page.context().cookies()).find((c) => c.name === 'portal_session');
    assert.ok(session?.value, 'the session cookie is set');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');

    const wg = await page.goto('/l/hamilton/wg/');
    assert.equal(wg.status(), 200);
    assert.equal(await page.title(), 'Hamilton working group · Community Engagement Portal');
    assert.equal(await page.locator('main h1').textContent(), 'Hamilton working group');
    assert.match(await page.locator('main').innerText(), /Your role in this working group: Coordinator\./);
    const cards = page.locator('main ul.cards');
    assert.equal(await cards.getByRole('link', { name: /^Members/ }).getAttribute('href'),
      '/l/hamilton/wg/members');
    assert.equal(await cards.getByRole('link', { name: 'Invitations' }).getAttribute('href'),
      '/l/hamilton/wg/invitations');
    assert.equal(await cards.getByRole('link', { name: 'Audit trail' }).getAttribute('href'),
      '/l/hamilton/wg/audit');
    await assertSignedInAs(page, 'Hemi Coordinator');

    // The nav's sign-out button posts /logout with the session's CSRF token.
    const out = await submit(page, nav(page).getByRole('button', { name: 'Sign out' }));
    assert.equal(out.status(), 200);
    assert.deepEqual(await redirectedFrom(out), ['/logout', 303]);
    assert.equal(new URL(page.url()).pathname, '/');
    await assertSignedOut(page);
    const after = (await page.context().cookies()).find((c) => c.name === 'portal_session');
    assert.ok(!after?.value, 'the session cookie is gone');

    // The working group is for signed-in members again: to the sign-in
    // page, which brings the person back afterwards.
    const gone = await page.goto('/l/hamilton/wg/');
    assert.deepEqual(await redirectedFrom(gone), ['/l/hamilton/wg/', 303]);
    const url = new URL(page.url());
    assert.equal(url.pathname, '/login');
    assert.equal(url.searchParams.get('next'), '/l/hamilton/wg/');
    assert.equal(gone.status(), 200);
    assert.equal(await page.locator('h1').textContent(), 'Sign in');
    assert.equal(await page.locator('input[name=next]').inputValue(), '/l/hamilton/wg/');

    assertNoProblems(page);
  });
});

test('a wrong password shows the form again with the email kept and a message', async (t) => {
  const email = `browser-wrong-${unique}@portal.test`;
  await makeAccount(email, 'Wiremu Wrong');
  await withPage(t, async (page) => {
    await page.goto('/login');
    await page.locator('#email').fill(email);
    await page.locator('#password').fill('not-the-password-2026');
    const res = await submit(page, page.locator('main form').getByRole('button', { name: 'Sign in' }));

    assert.equal(res.status(), 401);
    assert.equal(await redirectedFrom(res), null);
    assert.equal(new URL(page.url()).pathname, '/login');
    assert.equal(await page.locator('h1').textContent(), 'Sign in');
    assert.equal(await page.getByRole('alert').textContent(), 'The email or password is not right.');
    assert.equal(await page.locator('#email').inputValue(), email);
    assert.equal(await page.locator('#password').inputValue(), '', 'the password is not sent back');
    await assertSignedOut(page);

    // The form shown again still works.
    await page.locator('#password').fill(PASSWORD);
    const ok = await submit(page, page.locator('main form').getByRole('button', { name: 'Sign in' }));
    assert.equal(ok.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/account', 'no working group: the account page');
    await assertSignedInAs(page, 'Wiremu Wrong');

    assertNoProblems(page, expectedStatus('/login', 401));
  });
});

test('registering says to check the email, then the new person signs in and sees their account', async (t) => {
  const email = `browser-register-${unique}@portal.test`;
  const name = 'Anahera Te Whānau';
  await withPage(t, async (page) => {
    const form = await page.goto('/register');
    assert.equal(form.status(), 200);
    assert.equal(await page.locator('h1').textContent(), 'Register');

    await page.locator('#display_name').fill(name);
    await page.locator('#email').fill(email);
    await page.locator('#password').fill('a river runs through hamilton');
    const res = await submit(page, page.locator('main form').getByRole('button', { name: 'Register' }));

    // The same answer whether or not the email had an account: no session.
    assert.equal(res.status(), 200);
    assert.deepEqual(await redirectedFrom(res), ['/register', 303]);
    assert.equal(new URL(page.url()).pathname, '/register');
    assert.match(await page.locator('main [role=status]').innerText(), /Check your email/);
    await assertSignedOut(page);

    await signInWithForm(page, email, 'a river runs through hamilton');
    assert.equal(new URL(page.url()).pathname, '/account');
    assert.equal(await page.locator('main h1').textContent(), 'Your account');
    const facts = await page.locator('main dl.facts').innerText();
    assert.match(facts, new RegExp(name));
    assert.match(facts, new RegExp(email.replace(/[.]/g, '\\.')));
    assert.match(await page.locator('main').innerText(), /You are not in a working group\./);
    await assertSignedInAs(page, name);

    assertNoProblems(page);
  });
});

test('a too-short password shows the form again with the input and a message by the field', async (t) => {
  const email = `browser-short-${unique}@portal.test`;
  const name = 'Sione Short';
  await withPage(t, async (page) => {
    await page.goto('/register');
    await page.locator('#display_name').fill(name);
    await page.locator('#email').fill(email);
    await page.locator('#password').fill('short');
    const res = await submit(page, page.locator('main form').getByRole('button', { name: 'Register' }));

    assert.equal(res.status(), 422);
    assert.equal(new URL(page.url()).pathname, '/register');
    assert.equal(await page.locator('#display_name').inputValue(), name);
    assert.equal(await page.locator('#email').inputValue(), email);
    assert.equal(await page.locator('#password').inputValue(), '', 'the password is not sent back');

    // The message sits in the password's field and the input points to it.
    const field = page.locator('.field', { has: page.locator('#password') });
    assert.match(await field.getAttribute('class'), /\binvalid\b/);
    assert.equal(await field.locator('.field-error').textContent(),
      'Password must be at least 10 characters long');
    assert.equal(await page.locator('#password').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#password').getAttribute('aria-describedby'), /\bpassword-error\b/);
    assert.equal(await page.locator('#password-error').count(), 1);
    // Only that field is at fault.
    assert.equal(await page.locator('.field-error').count(), 1);
    assert.equal(await page.locator('#email').getAttribute('aria-invalid'), null);

    await assertSignedOut(page);

    // Nobody was registered: with a longer password the same form (its
    // values kept) registers the address.
    await page.locator('#password').fill('short is not enough here');
    const ok = await submit(page, page.locator('main form').getByRole('button', { name: 'Register' }));
    assert.equal(ok.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/register');
    await signInWithForm(page, email, 'short is not enough here');
    assert.equal(new URL(page.url()).pathname, '/account');
    await assertSignedInAs(page, name);

    assertNoProblems(page, expectedStatus('/register', 422));
  });
});

test('a coordinator invites by email and the invitee joins through the link', async (t) => {
  const email = `browser-invitee-${unique}@portal.test`;
  await withPage(t, async (page) => {
    await page.goto('/login');
    await page.locator('#email').fill(COORDINATOR);
    await page.locator('#password').fill(PASSWORD);
    await submit(page, page.locator('main form').getByRole('button', { name: 'Sign in' }));
    await page.goto('/l/hamilton/wg/');
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Invitations' }).click()]);
    assert.equal(new URL(page.url()).pathname, '/l/hamilton/wg/invitations');

    await page.locator('#email').fill(email);
    await page.locator('#role').selectOption('observer');
    await page.locator('#sector').selectOption('chamber_of_commerce');
    await page.locator('#organisation').fill('Waikato Chamber');
    const sent = await submit(page, page.getByRole('button', { name: 'Send invitation' }));
    assert.equal(sent.status(), 200);
    assert.match(await page.locator('[role=status]').innerText(), /on its way/);
    const row = page.locator('tbody tr', { hasText: email });
    assert.match(await row.innerText(), /observer.*chamber_of_commerce.*pending/s);
    assertNoProblems(page);
  });

  const token = linkToken(stack, email, 'invitation', '/invitations/');
  assert.ok(token, 'the invitation is in the outbox');
  await withPage(t, async (page) => {
    const res = await page.goto(`/invitations/${token}`);
    assert.equal(res.status(), 200);
    assert.equal(await page.locator('main h1').textContent(), 'Join the Hamilton working group');
    assert.equal(await page.locator('#email').inputValue(), email);
    await page.locator('#display_name').fill('Rangi Invitee');
    await page.locator('#password').fill('joining the working group');
    const joined = await submit(page, page.getByRole('button', { name: 'Create account and join' }));
    assert.equal(joined.status(), 200);
    assert.deepEqual(await redirectedFrom(joined), [`/invitations/${token}`, 303]);
    assert.equal(new URL(page.url()).pathname, '/l/hamilton/wg/');
    assert.match(await page.locator('main').innerText(), /Your role in this working group: Observer\./);
    await assertSignedInAs(page, 'Rangi Invitee');
    assertNoProblems(page);

    // The link is spent.
    const again = await page.goto(`/invitations/${token}`);
    assert.equal(again.status(), 409);
  });
});

// Browsers ask every site for an icon: the one the pages declare, or
// /favicon.ico.  A 404 there is a console error on every first page view.
test('a member creates an initiative, adds an update, publishes it, and the public sees it', async (t) => {
  const title = `Community kai night ${unique}`;
  await withPage(t, async (page) => {
    await page.goto('/login');
    await page.locator('#email').fill('member.hamilton@portal.demo');
    await page.locator('#password').fill(PASSWORD);
    await submit(page, page.locator('main form').getByRole('button', { name: 'Sign in' }));
    await page.goto('/l/hamilton/wg/');
    assert.equal(await page.locator('table.coverage caption').count(), 1, 'the coverage matrix is there');
    await Promise.all([page.waitForNavigation(), page.locator('main ul.cards').getByRole('link', { name: 'New initiative' }).click()]);
    assert.equal(new URL(page.url()).pathname, '/l/hamilton/wg/initiatives/new');

    // A missing area comes back with a message and the title kept.
    await page.locator('#title').fill(title);
    const refused = await submit(page, page.getByRole('button', { name: 'Create initiative' }));
    assert.equal(refused.status(), 422);
    assert.equal(await page.locator('#title').inputValue(), title);
    assert.match(await page.locator('#area-error').innerText(), /Area is required|Area must/);

    await page.locator('#summary').fill('Shared food and stories, *monthly*.');
    await page.locator('#area').selectOption('events_programmes');
    await page.getByLabel('Belonging').check();
    await page.getByLabel('Recognition').check();
    await page.locator('#status').selectOption('planned');
    await page.locator('#partners').fill('Hamilton Multicultural Services\nWaikato Museum');
    await page.locator('#start_date').fill('2026-12-05');
    const created = await submit(page, page.getByRole('button', { name: 'Create initiative' }));
    assert.equal(created.status(), 200);
    assert.match(new URL(page.url()).pathname, /^\/l\/hamilton\/initiatives\/\d+$/);
    const path = new URL(page.url()).pathname;
    assert.equal(await page.locator('main h1').innerText(), title);
    assert.equal(await page.locator('.markdown em').first().innerText(), 'monthly');

    await page.locator('#body').fill('Forty people came to the first night.');
    await page.locator('#people_reached').fill('40');
    await page.locator('#update-status').selectOption('active');
    await submit(page, page.getByRole('button', { name: 'Add update' }));
    assert.equal(new URL(page.url()).pathname, path);
    assert.match(await page.locator('ol.timeline').innerText(), /Forty people came[\s\S]*People reached: 40/);
    assert.match(await page.locator('p.meta').first().innerText(), /Active/);

    await submit(page, page.getByRole('button', { name: 'Publish on the public page' }));
    assert.equal(await page.getByRole('button', { name: 'Unpublish' }).count(), 1);
    assertNoProblems(page, expectedStatus('/l/hamilton/wg/initiatives', 422));

    // Anyone, signed out, now finds it on the location's page.
    const visitor = await browser.newPage();
    t.after(() => visitor.context().close().catch(() => {}));
    await visitor.goto('/l/hamilton/');
    const link = visitor.getByRole('link', { name: title });
    assert.equal(await link.count(), 1);
    assert.match(await visitor.locator('main').innerText(), /Forty people came to the first night\./);
    await Promise.all([visitor.waitForNavigation(), link.click()]);
    assert.equal(new URL(visitor.url()).pathname, path);
    assert.equal(await visitor.locator('main h1').innerText(), title);
    assert.equal(await visitor.getByRole('button', { name: 'Unpublish' }).count(), 0);
    assertNoProblems(visitor);
  });
});

// Types into the fields of a page's forms, by id.
async function fillIn(page, fields) {
  for (const [id, value] of Object.entries(fields)) await page.locator(`#${id}`).fill(value);
}

// Issue 5's walk: one funding request from the application to its close,
// each step through the page's own form, each person in their own browser.
test('a request goes from apply through two reviews, approval, payment and report to close', async (t) => {
  const roundName = `Browser seed round ${unique}`;
  const title = `Browser language cafe ${unique}`;
  const today = new Date().toISOString().slice(0, 10);
  // Soon: the location's page lists the open rounds closing first.
  const closesOn = new Date(Date.now() + 60 * 86400e3).toISOString().slice(0, 10);
  const people = {};
  for (const [who, email] of [['coordinator', COORDINATOR], ['applicant', 'applicant@portal.demo'],
    ['member', 'member.hamilton@portal.demo'], ['member2', 'member2.hamilton@portal.demo']]) {
    const page = await browser.newPage();
    t.after(() => page.context().close().catch(() => {}));
    await page.goto('/login');
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(PASSWORD);
    await submit(page, page.locator('main form').getByRole('button', { name: 'Sign in' }));
    assert.equal(await nav(page).getByRole('button', { name: 'Sign out' }).count(), 1, `${who} is signed in`);
    people[who] = page;
  }
  const { coordinator, applicant, member, member2 } = people;
  const stateShown = (page) => page.locator('main p.meta .status').first().innerText();
  // Presses a request page's button and checks the state the page then shows.
  async function act(page, button, state) {
    const res = await submit(page, page.getByRole('button', { name: button, exact: true }));
    assert.equal(res.status(), 200, `${button}: ${res.status()}`);
    assert.equal(await stateShown(page), state, `after "${button}"`);
  }

  // The coordinator opens the round through its form.
  await coordinator.goto('/l/hamilton/wg/rounds');
  await Promise.all([coordinator.waitForNavigation(), coordinator.getByRole('link', { name: 'New funding round' }).click()]);
  await fillIn(coordinator, { name: roundName, pool: '5000', max_request: '2000', fast_track: '0',
    opens_on: '2026-01-01', closes_on: closesOn, quorum: '2', report_due_days: '30',
    conditions: 'Spend it as *budgeted* and report back.' });
  const opened = await submit(coordinator, coordinator.getByRole('button', { name: 'Create the round' }));
  assert.equal(opened.status(), 200);
  assert.match(new URL(coordinator.url()).pathname, /^\/l\/hamilton\/rounds\/\d+$/);
  assert.equal(await coordinator.locator('main h1').innerText(), roundName);
  const roundPath = new URL(coordinator.url()).pathname;

  // The applicant finds it on the location's page and applies.
  await applicant.goto('/l/hamilton/');
  const listed = applicant.locator('ul.rounds li').filter({ hasText: roundName });
  await Promise.all([applicant.waitForNavigation(), listed.getByRole('link', { name: 'Apply for funding' }).click()]);
  assert.equal(new URL(applicant.url()).pathname, `${roundPath}/apply`);
  await applicant.locator('#area').selectOption('knowledge_skills');
  await applicant.getByLabel('Belonging').check();
  await fillIn(applicant, { title, description: 'Weekly conversation evenings for newly arrived families.',
    amount: '1,200', budget_item_1: 'Venue hire', budget_amount_1: '800', budget_item_2: 'Refreshments',
    budget_amount_2: '400', beneficiaries: 'Newly arrived families', beneficiary_count: '40',
    timeline: 'February to May', contact_name: 'Ana Applicant', contact_email: 'ana@example.nz' });
  const saved = await submit(applicant, applicant.getByRole('button', { name: 'Save the draft' }));
  assert.equal(saved.status(), 200);
  assert.match(new URL(applicant.url()).pathname, /^\/l\/hamilton\/requests\/\d+$/);
  const path = new URL(applicant.url()).pathname;
  assert.equal(await applicant.locator('main h1').innerText(), title);
  assert.equal(await stateShown(applicant), 'Draft');
  await act(applicant, 'Submit the request', 'Submitted');

  // The coordinator finds it among the round's requests and starts the review.
  await coordinator.goto(roundPath);
  await Promise.all([coordinator.waitForNavigation(), coordinator.getByRole('link', { name: 'Its requests' }).click()]);
  await Promise.all([coordinator.waitForNavigation(), coordinator.getByRole('link', { name: title }).click()]);
  assert.equal(new URL(coordinator.url()).pathname, path);
  assert.equal(await stateShown(coordinator), 'Submitted');
  await act(coordinator, 'Start the review', 'In review');
  // One review is not the quorum of two: approving is refused.
  const early = await submit(coordinator, coordinator.getByRole('button', { name: 'Approve', exact: true }));
  assert.equal(early.status(), 409);
  assert.match(await coordinator.locator('main').innerText(), /needs 2 reviews/);

  // Two members score it.
  for (const [page, scores] of [[member, ['4', '5', '3', '4']], [member2, ['5', '4', '4', '5']]]) {
    await page.goto(path);
    assert.equal(await stateShown(page), 'In review');
    assert.equal(await page.locator('main').getByText('ana@example.nz').count(), 0, 'reviewers see no contact');
    const [alignment, benefit, feasibility, value] = scores;
    await fillIn(page, { alignment, benefit, feasibility, value, comment: `Worth funding ${unique}` });
    const reviewed = await submit(page, page.getByRole('button', { name: 'Save the review' }));
    assert.equal(reviewed.status(), 200);
    assert.equal(new URL(page.url()).hash, '#reviews');
    assert.equal(await page.locator('#alignment').inputValue(), scores[0]);
    assert.equal(await page.getByRole('heading', { name: 'Change your review' }).count(), 1);
  }

  // The coordinator sees both reviews and approves the amount asked for.
  await coordinator.goto(path);
  assert.match(await coordinator.locator('#reviews + table caption').innerText(), /Averages of 2 scored review/);
  assert.equal(await coordinator.locator('#approve-amount').inputValue(), '$1,200.00');
  await act(coordinator, 'Approve', 'Approved');

  // The applicant accepts the grant's conditions.
  await applicant.goto(path);
  assert.equal(await stateShown(applicant), 'Approved');
  await act(applicant, 'Accept the grant and its conditions', 'Accepted');

  // The coordinator records the payment.
  await coordinator.goto(path);
  await fillIn(coordinator, { paid_on: today, reference: `PAY-${unique}` });
  await act(coordinator, 'Record the payment', 'Paid');
  assert.match(await coordinator.locator('table.money').innerText(), new RegExp(`reference PAY-${unique}`));

  // The applicant reports back.
  await applicant.goto(path);
  assert.equal(await stateShown(applicant), 'Paid');
  await fillIn(applicant, { 'report-body': 'Twelve evenings; *38* people came.', people_reached: '38', spent: '1180' });
  await act(applicant, 'Send the report', 'Reported');
  assert.match(await applicant.locator('section.report').innerText(), /People reached: 38/);

  // The coordinator closes it.
  await coordinator.goto(path);
  await act(coordinator, 'Close the request', 'Closed');
  assert.equal(await coordinator.locator('#actions').count(), 0, 'a closed request offers no buttons');

  // The applicant's own list shows the whole way, and none of the reviews.
  await applicant.goto('/my/requests');
  const mine = applicant.locator('section.request-summary').filter({ hasText: title });
  assert.equal(await mine.count(), 1);
  assert.equal(await mine.locator('.status').innerText(), 'Closed');
  const steps = await mine.locator('ol.timeline li').allInnerTexts();
  const states = steps.map((line) => line.split(' · ')[1].split('\n')[0].trim());
  assert.deepEqual(states, ['Draft', 'Submitted', 'In review', 'Approved', 'Accepted', 'Paid', 'Reported', 'Closed']);
  assert.ok(!(await mine.innerText()).includes(`Worth funding ${unique}`), 'no reviewer comment');

  for (const [who, page] of Object.entries(people))
    assert.deepEqual(browser.problems(page, (p) => isFavicon(p) || (p.kind === 'console' &&
      /status of 409/.test(p.text))), [], `${who}: no console errors, page errors or CSP violations`);
});

test('the pages have an icon the browser can load', async (t) => {
  await withPage(t, async (page) => {
    await page.goto('/');
    const icon = await page.evaluate(() =>
      document.querySelector('link[rel~="icon"]')?.href ?? new URL('/favicon.ico', document.URL).href);
    const res = await page.request.get(icon);
    assert.equal(res.status(), 200, `GET ${new URL(icon).pathname}`);
    assert.match(res.headers()['content-type'] || '', /^image\//);
  });
});

test('INZ staff open the national dashboard and follow a gap to the location', async (t) => {
  // A (future) round in Hamilton, so the funding chart has a bar to draw.
  const coordinator = await signIn(stack.base, COORDINATOR);
  const round = await coordinator.call('POST', '/api/v1/locations/hamilton/rounds', {
    name: `Browser round ${unique}`, pool_cents: 300000, max_request_cents: 100000,
    opens_on: '2030-01-01', closes_on: '2030-12-31', quorum: 1, conditions: 'Report back.',
  });
  assert.equal(round.status, 201, round.text);
  // Hamilton's pool over all its rounds (the demo's too), as the chart
  // writes dollars.
  const overview = (await (await signIn(stack.base, 'inz@portal.demo')).get('/api/v1/national/overview?limit=100')).json();
  const pool = overview.items.find((l) => l.slug === 'hamilton').funding.pool_cents;
  assert.ok(pool >= 300000, 'the new round counts');
  const dollars = `$${Math.floor(pool / 100).toLocaleString('en-NZ')}.${String(pool % 100).padStart(2, '0')}`;
  await withPage(t, async (page) => {
    await page.goto('/login');
    await page.locator('#email').fill('inz@portal.demo');
    await page.locator('#password').fill(PASSWORD);
    const landed = await submit(page, page.locator('main form').getByRole('button', { name: 'Sign in' }));
    assert.equal(landed.status(), 200);
    // National staff land on the dashboard (session.c, landing()).
    assert.equal(new URL(page.url()).pathname, '/national/');
    assert.equal(await page.locator('main h1').textContent(), 'National overview');
    // The charts are images named by their titles, drawn inline.
    for (const name of ['Active and planned initiatives by location and area', 'Funding by location']) {
      const chart = page.getByRole('img', { name });
      assert.equal(await chart.count(), 1, name);
      assert.ok((await chart.boundingBox()).width > 100, `${name} is drawn`);
    }
    assert.match(await page.getByRole('img', { name: 'Funding by location' }).textContent(),
      new RegExp(`Hamilton, Pool: ${dollars.replace(/[$.]/g, '\\$&')}`));
    assert.ok(await page.getByRole('table', { name: /by location and area/ }).isVisible());
    const nationalNav = page.getByRole('navigation', { name: 'National pages' });
    for (const href of ['/national/overlaps', '/national/stocktakes', '/national/exports', '/national/audit'])
      assert.equal(await nationalNav.locator(`a[href="${href}"]`).count(), 1, href);

    // Hamilton's first gap: its link names the area it leads to.
    const gap = page.locator('#areas-table tr[data-location="hamilton"] td.gap').first();
    const area = await gap.getAttribute('data-area');
    assert.ok(area, 'Hamilton has a gap in some area');
    const areaName = await page.locator('#areas-table thead th').nth(
      await gap.evaluate((td) => td.cellIndex)).textContent();
    const [list] = await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      // Its name says what is missing ("gap: no Services initiative").
      gap.getByRole('link', { name: new RegExp(`^gap\\s*:\\s*no ${areaName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} initiative$`) }).click(),
    ]);
    assert.equal(list.status(), 200);
    const url = new URL(page.url());
    assert.equal(url.pathname, '/l/hamilton/wg/initiatives');
    assert.equal(url.searchParams.get('area'), area);
    assert.equal(await page.locator('main h1').textContent(), 'Initiatives');
    assert.equal(await page.locator('select#area').inputValue(), area);
    // The list holds only that area (none active or planned: it is a gap).
    const rows = page.locator('main table tbody tr');
    for (let i = 0; i < await rows.count(); i++) {
      assert.equal(await rows.nth(i).locator('td').first().textContent(), areaName);
      assert.doesNotMatch(await rows.nth(i).innerText(), /\b(Active|Planned)\b/);
    }
    if (await rows.count() === 0) assert.match(await page.locator('main').innerText(), /No initiatives match\./);
    assertNoProblems(page);
  });
});

test('INZ staff download a national export as CSV from the exports page', async (t) => {
  await withPage(t, async (page) => {
    await page.goto('/login');
    await page.locator('#email').fill('inz@portal.demo');
    await page.locator('#password').fill(PASSWORD);
    await submit(page, page.locator('main form').getByRole('button', { name: 'Sign in' }));
    const res = await page.goto('/national/exports');
    assert.equal(res.status(), 200);
    assert.equal(await page.locator('main h1').innerText(), 'Exports for evaluation');
    const form = page.getByRole('form', { name: 'Download Initiatives' });
    await form.getByLabel('Locations').selectOption(['hamilton']);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      form.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'national-initiatives.csv');
    const text = await readFile(await download.path(), 'utf8');
    assert.ok(text.startsWith('"location","id","version","title","summary","area","elements","outcome_areas",'),
      text.slice(0, 120));
    assert.match(text, /\r\n"hamilton",\d+,/);
    assert.doesNotMatch(text, /\r\n"nelson",/, 'only the location chosen');
    assertNoProblems(page);
  });
});

// Issue 18: INZ sets up a working group from the national pages: adds the
// location, invites its first coordinator, who joins through the link.
test('INZ staff add a location and invite its first coordinator, who joins', async (t) => {
  const slug = `browser-${unique}`.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  const email = `browser-first-coordinator-${unique}@portal.test`;
  await withPage(t, async (page) => {
    await page.goto('/login');
    await page.locator('#email').fill('inz@portal.demo');
    await page.locator('#password').fill(PASSWORD);
    await submit(page, page.locator('main form').getByRole('button', { name: 'Sign in' }));
    await page.goto('/national/');
    await submit(page, page.getByRole('link', { name: 'Locations and their working groups' }));
    assert.equal(new URL(page.url()).pathname, '/national/locations');
    await page.locator('#slug').fill(slug);
    await page.locator('#name').fill(`Browser Town ${unique}`);
    await page.locator('#region').fill('Tasman');
    const added = await submit(page, page.getByRole('button', { name: 'Add the location' }));
    assert.equal(added.status(), 200);
    assert.deepEqual(await redirectedFrom(added), ['/national/locations', 303]);
    const row = page.locator(`tr[data-location="${slug}"]`);
    assert.match(await row.innerText(), new RegExp(`Browser Town ${unique}.*Tasman.*active`, 's'));
    await row.getByText('Invite a coordinator').click();
    await row.getByLabel('Email').fill(email);
    await row.getByLabel('Sector').selectOption('local_government');
    await row.getByLabel('Organisation').fill('Tasman District Council');
    const sent = await submit(page, row.getByRole('button', { name: 'Send the invitation' }));
    assert.equal(sent.status(), 200);
    assert.equal(new URL(page.url()).pathname, `/l/${slug}/wg/invitations`);
    assert.match(await page.locator('tbody tr', { hasText: email }).innerText(), /coordinator.*local_government.*pending/s);
    assertNoProblems(page);
  });
  const token = linkToken(stack, email, 'invitation', '/invitations/');
  assert.ok(token, 'the invitation is in the outbox');
  await withPage(t, async (page) => {
    await page.goto(`/invitations/${token}`);
    assert.equal(await page.locator('main h1').textContent(), `Join the Browser Town ${unique} working group`);
    await page.locator('#display_name').fill('Aroha First');
    await page.locator('#password').fill('setting up the working group');
    const joined = await submit(page, page.getByRole('button', { name: 'Create account and join' }));
    assert.equal(joined.status(), 200);
    assert.equal(new URL(page.url()).pathname, `/l/${slug}/wg/`);
    assert.match(await page.locator('main').innerText(), /Your role in this working group: Coordinator\./);
    assertNoProblems(page);
  });
  // Archived again, so that later files find the demo's locations only.
  await withPage(t, async (page) => {
    await page.goto('/login');
    await page.locator('#email').fill('inz@portal.demo');
    await page.locator('#password').fill(PASSWORD);
    await submit(page, page.locator('main form').getByRole('button', { name: 'Sign in' }));
    await page.goto('/national/locations');
    const archived = await submit(page, page.locator(`tr[data-location="${slug}"]`).getByRole('button', { name: /Archive/ }));
    assert.equal(archived.status(), 200);
    assert.match(await page.locator(`tr[data-location="${slug}"]`).innerText(), /archived/);
    assert.equal((await page.goto(`/l/${slug}/`)).status(), 404);
  });
});

// Help to apply in a real browser (the patterns of browser.test.mjs): a
// member of the Hamilton working group applies for a community member who
// has no account, with their consent, submits the request and reads out
// the claim code; the person registers, claims the request with the code
// and finds it theirs, the timeline saying who did what for whom.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { request } from './lib/http.mjs';
import { launchBrowser, withPage as withBrowserPage, clickAndWait } from './lib/browser.mjs';
import { sqlValue } from './lib/db.mjs';

const MEMBER = 'member.hamilton@portal.demo';
const unique = `${process.pid}-${Date.now().toString(36)}`;
let stack, browser;

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
const isFavicon = (p) => p.kind === 'console' && /\/favicon\.ico$/.test(p.url || '');
// A 422 page is an expected console report of the document's status.
const isStatus = (p) => p.kind === 'console' && /status of 4\d\d/.test(p.text);
function assertNoProblems(page) {
  assert.deepEqual(browser.problems(page, (p) => isFavicon(p) || isStatus(p)), []);
}

test('a member applies for someone with their consent; the person registers and claims it with the code', async (t) => {
  const person = `Nasrin Ahmadi ${unique}`;
  const title = `Dari homework club ${unique}`;
  const round = (await request(stack.base, { path: '/api/v1/locations/hamilton' })).json().open_rounds[0];
  let code, requestPath;

  await withPage(t, async (page) => {
    await page.goto('/login');
    await page.locator('#email').fill(MEMBER);
    await page.locator('#password').fill('demo-pass-2026');
    await submit(page, page.locator('main form').getByRole('button', { name: 'Sign in' }));
    await page.goto(`/l/hamilton/rounds/${round.id}`);
    await submit(page, page.getByRole('link', { name: "Apply on someone's behalf" }));
    assert.equal(new URL(page.url()).pathname, `/l/hamilton/rounds/${round.id}/assist`);

    // Forgetting the consent shows the form again with a summary on top.
    await page.getByLabel("What is the person's name?").fill(person);
    await page.getByLabel('Which language do they speak best?').selectOption('fa-AF');
    let res = await submit(page, page.getByRole('button', { name: 'Save the draft and show the code' }));
    assert.equal(res.status(), 422);
    const summary = page.locator('.error-summary[role=alert]');
    assert.equal(await summary.getByRole('link', { name: /Who gave consent/ }).getAttribute('href'), '#consent_given_by');
    assert.equal(await page.getByLabel("What is the person's name?").inputValue(), person);

    await page.getByLabel('Who gave consent?').fill(person);
    await page.getByRole('radio', { name: 'Through an interpreter' }).check();
    await page.getByLabel('If through an interpreter: in which language?').selectOption('fa-AF');
    await page.getByLabel('The person understood and agreed that I apply for them.').check();
    await page.getByLabel('What is your project called?').fill(title);
    await page.getByLabel('What will you do with the money?').fill('Homework help twice a week for Afghan children.');
    await page.getByLabel('Which kind of work is it?').selectOption('knowledge_skills');
    await page.getByRole('checkbox', { name: 'Participation' }).check();
    await page.getByLabel('How much money do you need, in New Zealand dollars?').fill('400');
    await page.locator('#budget_item_1').fill('Books and stationery');
    await page.locator('#budget_amount_1').fill('400');
    await page.getByLabel('Who will it help, and how?').fill('Afghan children in years 5 to 8');
    await page.getByLabel('About how many people will it help?').fill('15');
    await page.getByLabel('When will it happen?').fill('Terms 2 and 3');
    res = await submit(page, page.getByRole('button', { name: 'Save the draft and show the code' }));
    assert.equal(res.status(), 201);
    code = (await page.locator('.claim-code strong').textContent()).trim();
    assert.match(code, /^[2-9A-Z]{5}-[2-9A-Z]{5}$/);

    await submit(page, page.getByRole('link', { name: 'Open the request to check and submit it' }));
    requestPath = new URL(page.url()).pathname;
    assert.match(await page.locator('section.assisted').innerText(), new RegExp(`applied for ${person}`));
    await submit(page, page.getByRole('button', { name: 'Submit the request' }));
    assert.match(await page.locator('ol.timeline, ul.timeline').innerText(), new RegExp(`by .+ for ${person}`));
    assertNoProblems(page);
  });
  const id = requestPath.split('/').pop();
  assert.equal(sqlValue(stack, `SELECT state FROM funding_requests WHERE id = ${Number(id)}`), 'submitted');

  await withPage(t, async (page) => {
    await page.goto('/register');
    await page.locator('#display_name').fill(person);
    await page.locator('#email').fill(`nasrin-${unique}@portal.test`);
    await page.locator('#password').fill('a long river in waikato');
    await submit(page, page.locator('main form').getByRole('button', { name: 'Register' }));
    // Registering signs no one in (it says the same for a taken email).
    await page.goto('/login');
    await page.locator('#email').fill(`nasrin-${unique}@portal.test`);
    await page.locator('#password').fill('a long river in waikato');
    await submit(page, page.locator('main form').getByRole('button', { name: 'Sign in' }));
    await page.goto('/my/requests');
    await submit(page, page.getByRole('link', { name: /Claim your request/ }));
    assert.equal(new URL(page.url()).pathname, '/requests/claim');

    await page.getByLabel('Your claim code').fill('ZZZZZ-ZZZZZ');
    let res = await submit(page, page.getByRole('button', { name: 'Claim the request' }));
    assert.equal(res.status(), 422);
    assert.match(await page.getByRole('alert').innerText(), /not a claim code/);

    await page.getByLabel('Your claim code').fill(code.toLowerCase());
    res = await submit(page, page.getByRole('button', { name: 'Claim the request' }));
    assert.equal(res.status(), 200);
    assert.equal(new URL(page.url()).pathname, requestPath);
    assert.match(await page.locator('main h1').innerText(), new RegExp(title));
    assert.match(await page.locator('main').innerText(), /taken over with the claim code/);
    await page.goto('/my/requests');
    assert.match(await page.locator('main').innerText(), new RegExp(title));
    assertNoProblems(page);
  });
});

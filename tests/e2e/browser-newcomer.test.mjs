// A newcomer on a location's page, in a real browser (issue 19): who to
// contact, the services in a language they choose (from the page's list,
// then the directory's own filter), an event they add to their calendar
// as .ics (parsed with ical.js), a story they read from the location's
// page (whose head offers the stories' Atom feed), and no accessibility
// violation (axe) on the directory, an event's page, a story's page or
// the location's page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { sharedStack } from './lib/stack.mjs';
import { launchBrowser, withPage as withBrowserPage, clickAndWait, axe } from './lib/browser.mjs';

let stack, browser;

before(async () => {
  stack = await sharedStack();
  browser = await launchBrowser(stack.base);
});
after(async () => {
  await browser?.close();
  stack?.stop();
});

const isFavicon = (p) => p.kind === 'console' && /\/favicon\.ico$/.test(p.url || '');

test('a newcomer finds the contact, services in Arabic and then Dari, and adds an event to their calendar', async (t) => {
  await withBrowserPage(browser, t, async (page) => {
    // The demo's contact, or the one another test set since.
    const { contact } = await (await page.request.get('/api/v1/locations/hamilton')).json();
    await page.goto('/l/hamilton/');
    const help = page.locator('section.help');
    assert.ok((await help.innerText()).includes(`ask ${contact.name}`), 'who to ask');
    assert.equal(await help.getByRole('link', { name: contact.phone }).getAttribute('href'),
      `tel:${encodeURIComponent(contact.phone)}`);
    assert.deepEqual(await axe(page), [], 'the location page');

    // Services in Arabic, from the page's list of languages.
    await clickAndWait(page, page.getByRole('link', { name: /^Arabic \(العربية\)$/ }));
    assert.equal(new URL(page.url()).pathname, '/l/hamilton/services');
    assert.equal(new URL(page.url()).searchParams.get('language'), 'ar');
    const arabic = await page.locator('ul.services > li').count();
    assert.ok(arabic > 0);
    for (const tags of await page.locator('ul.services > li').allInnerTexts()) assert.match(tags, /Arabic/);
    assert.deepEqual(await axe(page), [], 'the directory');

    // Then Dari, through the directory's own filter.
    await page.getByLabel('Offered in').selectOption('fa-AF');
    await clickAndWait(page, page.getByRole('button', { name: 'Show' }));
    assert.equal(new URL(page.url()).searchParams.get('language'), 'fa-AF');
    const dari = await page.locator('ul.services > li').allInnerTexts();
    assert.ok(dari.length > 0);
    for (const one of dari) assert.match(one, /Dari/);

    // An event, added to the calendar as .ics.
    await page.goto('/l/hamilton/');
    await clickAndWait(page, page.getByRole('link', { name: 'Service directory drop-in: what is missing?' }));
    assert.match(new URL(page.url()).pathname, /^\/l\/hamilton\/events\/\d+$/);
    assert.deepEqual(await axe(page), [], 'an event\'s page');
    const href = await page.getByRole('link', { name: 'Add to my calendar (.ics)' }).getAttribute('href');
    assert.match(href, /^\/l\/hamilton\/events\/\d+\.ics$/);
    const ics = await page.request.get(href);
    assert.equal(ics.status(), 200);
    assert.match(ics.headers()['content-type'], /^text\/calendar/);
    const comp = new ICAL.Component(ICAL.parse(await ics.text()));
    const events = comp.getAllSubcomponents('vevent');
    assert.equal(events.length, 1);
    assert.equal(events[0].getFirstPropertyValue('summary'), 'Service directory drop-in: what is missing?');
    const subscribe = await page.goto('/l/hamilton/events');
    assert.equal(subscribe.status(), 200);
    assert.equal(await page.locator('a[href="/l/hamilton/events.ics"]').count(), 1);

    // A story, from the location page; the page offers their feed.
    await page.goto('/l/hamilton/');
    assert.equal(await page.locator('head link[rel="alternate"][type="application/atom+xml"]').getAttribute('href'),
      '/l/hamilton/stories.atom');
    // The newest story the page shows (other tests may have told more
    // since the demo's), then the demo's drawn from a report, from the
    // list of all stories.
    const newest = page.locator('ul.stories > li h3 a').first();
    const told = await newest.innerText();
    await clickAndWait(page, newest);
    assert.match(new URL(page.url()).pathname, /^\/l\/hamilton\/stories\/\d+$/);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), told);
    assert.ok(await page.locator('article').getAttribute('lang'));
    assert.ok(['ltr', 'rtl'].includes(await page.locator('article').getAttribute('dir')));
    await page.goto('/l/hamilton/');
    await clickAndWait(page, page.getByRole('link', { name: 'All stories' }));
    await clickAndWait(page, page.getByRole('link', { name: 'Cooking together, and now catering for the city' }));
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Cooking together, and now catering for the city');
    const story = page.locator('article');
    assert.equal(await story.getAttribute('lang'), 'en');
    assert.match(await story.innerText(), /A community member/, 'the person is not named: they did not choose it');
    assert.match(await story.locator('.markdown em').innerText(), /In Aleppo I cooked/);
    assert.deepEqual(await axe(page), [], 'a story\'s page');
    assert.deepEqual(browser.problems(page, isFavicon), [], 'no console errors, page errors or CSP violations');
  });
});

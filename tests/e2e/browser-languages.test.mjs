// Applying for funding in another language, and by keyboard alone, in a
// real browser (issue 17): a newcomer picks Arabic on the location page's
// switcher, registers, signs in and applies to "submitted" with every page
// right-to-left and no English interface text left outside elements marked
// with another language; the same application in te reo Māori; and the
// application from the location page to "submitted" using only the
// keyboard, the focused element always visibly marked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { launchBrowser, withPage as withBrowserPage, clickAndWait } from './lib/browser.mjs';
import { sqlValue } from './lib/db.mjs';
import { signUp } from './lib/session.mjs';

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
const follow = clickAndWait;
const isFavicon = (p) => p.kind === 'console' && /\/favicon\.ico$/.test(p.url || '');
function assertNoProblems(page) {
  assert.deepEqual(browser.problems(page, isFavicon), []);
}
const requestId = (page) => Number(new URL(page.url()).pathname.match(/^\/l\/hamilton\/requests\/(\d+)$/)?.[1]);

// English interface text left on a page in a non-Latin script: a text node
// of the header, navigation or main made only of Latin-letter words (two or
// more; digits, punctuation and emails allowed) whose nearest lang is the
// page's, so not content marked as written in another language, nor a
// name in <bdi> (a person's, a place's or a round's, as typed), nor code.
function englishLeft(page) {
  return page.evaluate(() => {
    const lang = document.documentElement.lang;
    const out = [];
    for (const root of document.querySelectorAll('header, nav, main')) {
      const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const el = n.parentElement;
        if (el.closest('[lang]')?.getAttribute('lang') !== lang || el.closest('bdi, code, kbd, samp, script, style')) continue;
        const text = n.textContent.replace(/\S+@\S+/g, ' ');
        if (/\p{L}/u.test(text.replace(/[A-Za-z]/g, ''))) continue;	// some of the page's script
        if ((text.match(/[A-Za-z]{2,}/g) || []).length >= 2) out.push(`${el.tagName}: ${text.trim()}`);
      }
    }
    return [...new Set(out)];
  });
}

// One application through the pages in `lang`, from the location page's
// switcher: register, sign in, apply, submit.
async function applyIn(t, lang, dir, words, { latin }) {
  const email = `lang-${lang}-${unique}@portal.test`;
  const password = 'a long river in waikato';
  const seen = {};
  await withPage(t, async (page) => {
    const look = async () => {
      const path = new URL(page.url()).pathname;
      assert.equal(await page.locator('html').getAttribute('lang'), lang, `${path}: lang`);
      assert.equal(await page.locator('html').getAttribute('dir'), dir, `${path}: dir`);
      const english = latin ? [] : await englishLeft(page);
      if (english.length) seen[path] = english;
    };
    await page.goto('/l/hamilton/');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await follow(page, page.locator(`nav.languages a[hreflang="${lang}"]`));
    await look();

    await follow(page, page.locator('header nav a[href="/register"]'));
    await look();
    assert.equal(await page.locator('#preferred_language').inputValue(), lang, 'the language chosen is offered');
    await page.locator('#display_name').fill(words.name);
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(password);
    assert.equal((await follow(page, page.locator('main form button[type=submit]'))).status(), 200);
    await look();

    await follow(page, page.locator('header nav a[href="/login"]'));
    await look();
    await page.locator('#email').fill(email);
    await page.locator('#password').fill(password);
    assert.equal((await follow(page, page.locator('main form button[type=submit]'))).status(), 200);
    await look();

    await follow(page, page.locator('header nav a[href="/"]'));
    await follow(page, page.locator('main a[href="/l/hamilton/"]'));
    await look();
    await follow(page, page.locator('main ul.rounds a[href$="/apply"]').first());
    await look();
    await page.locator('#title').fill(words.title);
    await page.locator('#description').fill(words.description);
    await page.locator('#area').selectOption('knowledge_skills');
    await page.locator('input[name=elements][value=belonging]').check();
    await page.locator('#amount').fill('300');
    await page.locator('#budget_item_1').fill(words.item);
    await page.locator('#budget_amount_1').fill('300');
    await page.locator('#beneficiaries').fill(words.who);
    await page.locator('#beneficiary_count').fill('12');
    await page.locator('#timeline').fill(words.when);
    await page.locator('#contact_name').fill(words.name);
    await page.locator('#contact_email').fill(email);
    assert.equal((await follow(page, page.locator('main form button[type=submit]'))).status(), 200);
    const id = requestId(page);
    assert.ok(id, `a request page: ${page.url()}`);
    await look();
    const submitted = page.locator('main form.action-form', { has: page.locator('input[name=action][value=submit]') });
    const res = await follow(page, submitted.locator('button[type=submit]'));
    assert.equal(res.status(), 200, await page.locator('main').innerText());
    await look();
    assert.equal(sqlValue(stack, `SELECT state FROM funding_requests WHERE id = ${id}`), 'submitted');
    assert.equal(sqlValue(stack, `SELECT language FROM funding_requests WHERE id = ${id}`), lang);
    assertNoProblems(page);
  });
  assert.deepEqual(seen, {}, `English interface text left on the ${lang} pages`);
}

test('a newcomer picks Arabic on the location page and applies in Arabic to "submitted"', async (t) => {
  await applyIn(t, 'ar', 'rtl', {
    name: 'أمينة حسن', title: `نادي الواجبات ${unique}`, description: 'مساعدة في الواجبات المدرسية مرتين في الأسبوع.',
    item: 'كتب وقرطاسية', who: 'أطفال العائلات الجديدة', when: 'الفصل الثاني',
  }, { latin: false });
});

test('a newcomer applies in te reo Māori to "submitted"', async (t) => {
  await applyIn(t, 'mi', 'ltr', {
    name: 'Aroha Ngata', title: `Kura reo ${unique}`, description: 'He akoranga reo mō ngā whānau hou.',
    // Te reo Māori is written in Latin letters: no telling it from English by script.
    item: 'Ngā pukapuka', who: 'Ngā whānau hou', when: 'Te wāhanga tuarua',
  }, { latin: true });
});

// The focused element, and whether its focus shows: an outline or a box
// shadow (the browser's own ring counts: its outline style is "auto").
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { none: true };
    const css = getComputedStyle(el);
    const outline = css.outlineStyle !== 'none' && parseFloat(css.outlineWidth) > 0;
    const what = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('href') ? `[href=${el.getAttribute('href')}]` : ''}`;
    return { what, visible: outline || css.boxShadow !== 'none' };
  });
}

// Presses Tab (or Shift+Tab) until the focused element matches `selector`,
// checking at every stop that the focus shows.
async function tabTo(page, selector, { back = false, within = 150 } = {}) {
  for (let i = 0; i < within; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (f.none) continue;	// past the end of the page, round to the start
    assert.ok(f.visible, `the focus on ${f.what} (${new URL(page.url()).pathname}) shows`);
    if (await page.evaluate((s) => document.activeElement.matches(s), selector)) return;
  }
  assert.fail(`${selector} reached by Tab on ${page.url()}`);
}

// Presses a key that leads to another page and waits for it.
async function pressAndLoad(page, key) {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press(key)]);
  return res;
}

test('applying by keyboard alone, from the location page to "submitted", the focus always showing', async (t) => {
  const email = `keyboard-${unique}@portal.test`;
  const password = 'typed without a mouse';
  assert.equal((await signUp(stack.base, { email, display_name: 'Kiri Keyboard', password })).status, 202);
  await withPage(t, async (page) => {
    await page.goto('/l/hamilton/');
    await tabTo(page, 'main ul.rounds a[href$="/apply"]');
    await pressAndLoad(page, 'Enter');
    // Applying needs an account: the sign-in page, which leads back.
    assert.equal(new URL(page.url()).pathname, '/login');
    await tabTo(page, '#email');
    await page.keyboard.type(email);
    await tabTo(page, '#password');
    await page.keyboard.type(password);
    await pressAndLoad(page, 'Enter');
    assert.match(new URL(page.url()).pathname, /^\/l\/hamilton\/rounds\/\d+\/apply$/);

    const type = async (id, text) => { await tabTo(page, `#${id}`); await page.keyboard.type(text); };
    await type('title', `Keyboard club ${unique}`);
    await type('description', 'Typing lessons for older people.');
    await tabTo(page, '#area');
    // A closed select takes the arrow keys: the first area after "choose".
    await page.keyboard.press('ArrowDown');
    assert.notEqual(await page.locator('#area').inputValue(), '', 'an area is chosen');
    await tabTo(page, 'input[name=elements][value=belonging]');
    await page.keyboard.press('Space');
    assert.equal(await page.locator('input[name=elements][value=belonging]').isChecked(), true);
    // Back up one field and forward again: Shift+Tab works the same way.
    await tabTo(page, '#description', { back: true });
    await type('amount', '250');
    await type('budget_item_1', 'Keyboards');
    await type('budget_amount_1', '250');
    await type('beneficiaries', 'Older people in Hamilton');
    await type('beneficiary_count', '10');
    await type('timeline', 'Term 3');
    await type('contact_name', 'Kiri Keyboard');
    await type('contact_email', email);
    await tabTo(page, 'main form button[type=submit]');
    assert.equal((await pressAndLoad(page, 'Enter')).status(), 200);
    const id = requestId(page);
    assert.ok(id, `a request page: ${page.url()}`);

    await tabTo(page, 'main form.action-form:has(input[name=action][value=submit]) button[type=submit]');
    assert.equal((await pressAndLoad(page, 'Space')).status(), 200);
    assert.equal(sqlValue(stack, `SELECT state FROM funding_requests WHERE id = ${id}`), 'submitted');
    assertNoProblems(page);
  });
});

// A real browser for the end-to-end tests: Debian's chromium, driven over
// CDP by playwright-core (tests/package.json; app/stack/deps.sh installs
// it).  Playwright's own browser download is not used.
//
//   const browser = await launchBrowser(base);
//   after(() => browser.close());          // always: no chromium left behind
//   const page = await browser.newPage();   // a fresh context: no cookies
//   await page.goto('/login');              // relative to base
//   browser.problems(page)                  // console errors, page errors
//                                           // and CSP violations seen so far
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const CHROMIUM = process.env.PORTAL_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu',
  '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run',
];

// Every browser launched and not yet closed, so a test file's after() hook
// (or closeAllBrowsers) can close them even when a test failed half-way.
const open = new Set();

export async function launchBrowser(base) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    timeout: 30000,
  });
  open.add(browser);
  const seen = new WeakMap();

  return {
    browser,

    // A page in its own context (its own cookie jar), recording problems.
    async newPage() {
      const context = await browser.newContext({ baseURL: base });
      context.setDefaultTimeout(15000);
      context.setDefaultNavigationTimeout(15000);
      const page = await context.newPage();
      const problems = [];
      seen.set(page, problems);
      page.on('console', (msg) => {
        if (msg.type() === 'error') {
          problems.push({ kind: 'console', text: msg.text(), url: msg.location()?.url });
        }
      });
      page.on('pageerror', (err) => problems.push({ kind: 'pageerror', text: String(err) }));
      // CSP violations show on the console too; the DOM event says which
      // directive.  Both bindings come over CDP, which the page's CSP does
      // not restrict.
      await page.exposeBinding('__portalCspViolation', (_source, v) => {
        problems.push({ kind: 'csp', text: `${v.directive} blocked ${v.blocked} on ${v.url}` });
      });
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          window.__portalCspViolation({
            directive: e.violatedDirective, blocked: e.blockedURI, url: document.URL,
          });
        });
      });
      return page;
    },

    // What went wrong on the page so far, optionally ignoring some entries
    // (e.g. the console's report of an expected 4xx document).
    problems(page, ignore = () => false) {
      return (seen.get(page) || []).filter((p) => !ignore(p));
    },

    async close() {
      open.delete(browser);
      await browser.close().catch(() => {});
    },
  };
}

export async function closeAllBrowsers() {
  await Promise.all([...open].map(async (b) => {
    open.delete(b);
    await b.close().catch(() => {});
  }));
}

// Closes browsers still open if the process is ending anyway (an
// uncaught error before an after() hook ran).
process.once('beforeExit', () => { closeAllBrowsers(); });

// Accessibility: runs axe-core (tests/package.json) on the page as it is
// and returns its violations of WCAG 2.0, 2.1 and 2.2 level A and AA, each
// as { id, impact, help, nodes: [selector...] }.  The source goes in through
// CDP's evaluate, which the pages' Content-Security-Policy (no inline
// script) does not govern, so the page is checked under its real policy.
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
let axeSource;

export async function axe(page) {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate((tags) =>
    window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
      .then((r) => r.violations), AXE_TAGS);
  return violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ')}`),
  }));
}

// A page of browser in a fresh context, closed when test t ends.
export async function withPage(browser, t, fn) {
  const page = await browser.newPage();
  t.after(() => page.context().close().catch(() => {}));
  return fn(page);
}

// Clicks target (a submit button or a link) and waits for the page it
// leads to (after any redirect); returns that page's response.
export async function clickAndWait(page, target) {
  const [response] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), target.click()]);
  return response;
}

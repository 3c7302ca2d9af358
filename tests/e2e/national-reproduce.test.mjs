// Every national figure is reproducible (issue 18): each number on the
// national overview (its JSON, every page of it) is recomputed here from
// the national exports alone (initiatives, updates, requests, rounds,
// working_groups, stocktake_returns, targets, breakdowns) and compared:
// the settlement outcome areas by location with their gaps and every
// count of "What needs attention" too, and a partner's outcome areas from
// the one export a partner may take (initiatives).  Reference lists (the
// vocabularies' keys, which indicators are national, which stocktakes are
// open, the locations' names) are taken from the overview; every count
// and sum comes from the exports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { signIn } from './lib/session.mjs';

let stack, inz, partner;

after(() => stack?.stop());

// So that targets and breakdowns are never empty, whatever ran before: an
// initiative with a target and a confirmed, broken-down figure.
before(async () => {
  stack = await sharedStack();
  let member, member2;
  [inz, member, member2, partner] = await Promise.all(['inz@portal.demo', 'member.hamilton@portal.demo',
    'member2.hamilton@portal.demo', 'partner@portal.demo'].map((e) => signIn(stack.base, e)));
  const api = '/api/v1/locations/hamilton/initiatives';
  const ini = await member.call('POST', api, { title: `Reproduced ${process.pid}`, area: 'services',
    elements: ['inclusion'], status: 'active' });
  assert.equal(ini.status, 201, ini.text);
  const id = ini.json().id;
  assert.equal((await member.call('PUT', `${api}/${id}/targets/people_reached`,
    { baseline: 5, target: 60, by: '2027-06-30' })).status, 200);
  const up = await member.call('POST', `${api}/${id}/updates`, { body: 'Reached.', people_reached: 21,
    breakdowns: { people_reached: { gender: { female: 12, male: 7, another: 2 }, age_band: { '25_44': 21 } } } });
  assert.equal(up.status, 201, up.text);
  assert.equal((await member2.call('POST', `${api}/${id}/updates/${up.json().id}/confirm`)).status, 200);
});

const nzDay = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Auckland' }).format(d);
const days = (a, b) => Math.round((Date.parse(a) - Date.parse(b)) / 86400000);
const sum = (rows, f) => rows.reduce((a, r) => a + (f(r) ?? 0), 0);

// Every page of the overview as `who` sees it: the first page's view with
// the items of all, and the pages themselves (what needs attention is of
// a page's locations).
async function overview(who = inz) {
  const first = (await who.get('/api/v1/national/overview?limit=100')).json();
  const items = [...first.items];
  const pages = [first];
  for (let next = first.next; next;) {
    const page = (await who.get(`/api/v1/national/overview?limit=100&cursor=${encodeURIComponent(next)}`)).json();
    items.push(...page.items);
    pages.push(page);
    next = page.next;
  }
  return { ...first, items, pages };
}

async function exported(name, who = inz) {
  const res = await who.get(`/api/v1/national/exports/${name}`);
  assert.equal(res.status, 200, `${name}: ${res.text}`);
  return res.json().items;
}

let ov, x, slugs, today;

test('the overview and every export are taken at one moment', async () => {
  // Nothing else runs meanwhile (the e2e files run one at a time); the
  // day is read before and after so a midnight in between is noticed.
  const day = nzDay(new Date());
  ov = await overview();
  x = {};
  for (const name of ['initiatives', 'updates', 'requests', 'rounds', 'working_groups', 'stocktake_returns',
    'targets', 'breakdowns']) x[name] = await exported(name);
  today = nzDay(new Date());
  assert.equal(day, today, 'taken within one New Zealand day');
  slugs = new Set(ov.items.map((l) => l.slug));
  assert.ok(slugs.has('hamilton') && slugs.size >= 14);
  for (const name of ['initiatives', 'updates', 'requests', 'rounds', 'working_groups', 'targets', 'breakdowns'])
    assert.ok(x[name].length > 0, `${name} has rows`);
  assert.ok(ov.waiting.total > 0 && ov.overdue.total > 0);
});

const of = (rows, slug) => rows.filter((r) => r.location === slug);

test('each location: its working group by sector and role', () => {
  for (const loc of ov.items) {
    const g = of(x.working_groups, loc.slug);
    assert.equal(loc.members, sum(g, (r) => r.members), loc.slug);
    assert.equal(loc.coordinators, sum(g.filter((r) => r.role === 'coordinator'), (r) => r.members), loc.slug);
    const sectors = ov.sectors.map(({ key }) => {
      const count = sum(g.filter((r) => r.sector === key), (r) => r.members);
      return { key, count, present: count > 0 };
    });
    assert.deepEqual(loc.sectors.map(({ key, count, present }) => ({ key, count, present })), sectors, loc.slug);
    assert.equal(loc.missing_sectors, sectors.filter((s) => !s.present).length);
  }
});

// Areas and elements count, like outcome areas, the initiatives a location
// takes part in as well as its own (as its coverage page does).
test('each location: active and planned initiatives by area and element, its own and those it takes part in, and the gaps', () => {
  assert.ok(x.initiatives.some((i) => (i.locations ?? []).length > 0), 'an initiative runs in several locations');
  for (const loc of ov.items) {
    const ini = x.initiatives.filter((i) => i.location === loc.slug || (i.locations ?? []).includes(loc.slug));
    for (const [list, gaps, keys, has] of [
      [loc.areas, loc.gap_areas, ov.areas, (i, k) => i.area === k],
      [loc.elements, loc.gap_elements, ov.elements, (i, k) => i.elements.includes(k)],
    ]) {
      const want = keys.map(({ key }) => {
        const active = ini.filter((i) => i.status === 'active' && has(i, key)).length;
        const planned = ini.filter((i) => i.status === 'planned' && has(i, key)).length;
        return { key, active, planned, total: active + planned, gap: active + planned === 0 };
      });
      assert.deepEqual(list.map(({ key, active, planned, total, gap }) => ({ key, active, planned, total, gap })), want, loc.slug);
      assert.equal(gaps, want.filter((w) => w.gap).length, loc.slug);
    }
  }
});

test('each location: its rounds\' money and the funding totals', () => {
  for (const loc of ov.items) {
    const rounds = of(x.rounds, loc.slug)
      .sort((a, b) => b.opens_on.localeCompare(a.opens_on) || b.round_id - a.round_id)
      .map((r) => {
        const reqs = x.requests.filter((q) => q.round_id === r.round_id);
        const approved = sum(reqs, (q) => q.approved_cents);
        return { id: r.round_id, name: r.round_name, pool_cents: r.pool_cents,
          requested_cents: sum(reqs.filter((q) => q.state !== 'withdrawn'), (q) => q.amount_cents),
          approved_cents: approved, paid_cents: sum(reqs, (q) => q.paid_cents),
          remaining_cents: r.pool_cents - approved };
      });
    assert.deepEqual(loc.rounds, rounds, loc.slug);
    for (const k of ['pool_cents', 'requested_cents', 'approved_cents', 'paid_cents', 'remaining_cents'])
      assert.equal(loc.funding[k], sum(rounds, (r) => r[k]), `${loc.slug} ${k}`);
  }
});

// The current figures of a location's updates: [{key, value, confirmed}].
const figures = (slug) => of(x.updates, slug).flatMap((u) =>
  Object.entries(u.figures).map(([key, f]) => ({ key, ...f })));

test('each location and the country: confirmed figures of the national indicators; unconfirmed ones counted apart', () => {
  const national = ov.indicators.map((d) => d.key);
  for (const loc of ov.items) {
    const f = figures(loc.slug);
    const cells = national.map((key) => ({ key,
      total: sum(f.filter((g) => g.key === key && g.confirmed), (g) => g.value) }));
    assert.deepEqual(loc.figure_cells, cells, loc.slug);
    for (const { key, total } of cells) assert.equal(loc.figures[key] ?? 0, total, `${loc.slug} ${key}`);
    assert.equal(loc.unconfirmed_figures, f.filter((g) => !g.confirmed).length, loc.slug);
  }
  for (const d of ov.indicators) {
    const total = sum([...slugs].flatMap(figures).filter((g) => g.key === d.key && g.confirmed), (g) => g.value);
    assert.equal(d.total, total, d.key);
  }
});

test('targets by indicator, from confirmed figures', () => {
  const rows = x.targets.filter((r) => slugs.has(r.location));
  for (const t of ov.targets) {
    const mine = rows.filter((r) => r.indicator === t.key);
    const target = sum(mine, (r) => r.target);
    const toDate = sum(mine, (r) => r.to_date);
    assert.deepEqual({ initiatives: t.initiatives, target: t.target, to_date: t.to_date, percent: t.percent },
      { initiatives: mine.length, target, to_date: toDate,
        percent: target > 0 ? Math.floor((toDate * 100) / target) : null }, t.key);
  }
  for (const r of x.targets)
    assert.equal(r.percent, r.target > 0 ? Math.floor((r.to_date * 100) / r.target) : null);
});

test('breakdowns of each location, suppressed as in the export', () => {
  for (const loc of ov.items) assert.deepEqual(loc.breakdowns, of(x.breakdowns, loc.slug), loc.slug);
});

test('open stocktakes: which locations completed them, and how many', () => {
  const returns = x.stocktake_returns.filter((r) => slugs.has(r.location) && r.open);
  for (const st of ov.stocktakes) {
    const done = returns.filter((r) => r.stocktake_id === st.id);
    assert.equal(st.completed, done.length, st.name);
    assert.equal(st.locations, slugs.size);
  }
  for (const loc of ov.items)
    assert.deepEqual(loc.stocktakes, ov.stocktakes.map((st) => ({ id: st.id,
      completed: returns.some((r) => r.location === loc.slug && r.stocktake_id === st.id) })), loc.slug);
});

test('requests waiting longest and overdue reports, with their counts', () => {
  const waiting = x.requests.filter((r) => ['submitted', 'in_review', 'info_requested'].includes(r.state))
    .sort((a, b) => a.submitted_at.localeCompare(b.submitted_at) || a.id - b.id);
  assert.equal(ov.waiting.total, waiting.length);
  assert.deepEqual(ov.waiting.items.map(({ id, location, amount_cents, state, submitted_on, days_waiting }) =>
    ({ id, location: location.slug, amount_cents, state, submitted_on, days_waiting })),
  waiting.slice(0, ov.waiting.items.length).map((r) => ({ id: r.id, location: r.location,
    amount_cents: r.amount_cents, state: r.state, submitted_on: nzDay(new Date(r.submitted_at)),
    days_waiting: days(today, nzDay(new Date(r.submitted_at))) })));
  assert.equal(ov.waiting.items.length, Math.min(20, waiting.length));
  const overdue = x.requests.filter((r) => r.state === 'disbursed' && r.report_due_on < today)
    .sort((a, b) => a.report_due_on.localeCompare(b.report_due_on) || a.id - b.id);
  assert.equal(ov.overdue.total, overdue.length);
  assert.deepEqual(ov.overdue.items.map(({ id, paid_cents, report_due_on, days_overdue }) =>
    ({ id, paid_cents, report_due_on, days_overdue })),
  overdue.slice(0, 20).map((r) => ({ id: r.id, paid_cents: r.paid_cents, report_due_on: r.report_due_on,
    days_overdue: days(today, r.report_due_on) })));
});

test('the charts draw the same numbers', () => {
  // The charts are of the first page's locations.
  const page = ov.items.slice(0, ov.charts.areas.rows.length);
  assert.deepEqual(ov.charts.areas.rows.map((r) => r.values), page.map((l) => l.areas.map((a) => a.total)));
  assert.deepEqual(ov.charts.funding.rows.map((r) => r.values),
    page.filter((l) => l.rounds.length > 0).map((l) => [l.funding.pool_cents, l.funding.requested_cents,
      l.funding.approved_cents, l.funding.paid_cents]));
});

// A location's active and planned initiatives by settlement outcome area,
// its own and those it takes part in (the initiatives export's `locations`),
// from the initiatives export ini: [{key, active, planned, total, gap}].
const outcomeRow = (ini, keys, slug) => keys.map(({ key }) => {
  const mine = ini.filter((i) => (i.location === slug || (i.locations ?? []).includes(slug)) &&
    i.outcome_areas.includes(key));
  const active = mine.filter((i) => i.status === 'active').length;
  const planned = mine.filter((i) => i.status === 'planned').length;
  return { key, active, planned, total: active + planned, gap: active + planned === 0 };
});

test('each location: active and planned initiatives by settlement outcome area, with the gaps', () => {
  assert.ok(x.initiatives.some((i) => (i.locations ?? []).length > 0), 'an initiative runs in several locations');
  for (const loc of ov.items) {
    const want = outcomeRow(x.initiatives, ov.outcome_areas, loc.slug);
    assert.deepEqual(loc.outcomes.map(({ key, active, planned, total, gap }) => ({ key, active, planned, total, gap })),
      want, loc.slug);
    assert.equal(loc.gap_outcomes, want.filter((w) => w.gap).length, loc.slug);
  }
});

// What needs attention, page by page: the listed locations with an outcome
// area no initiative serves, the requests waiting and the oldest, the
// overdue reports, each open stocktake's progress and the figures waiting
// for confirmation.
function attentionFrom(page, ini) {
  const gaps = page.items.map((loc) => ({ slug: loc.slug, name: loc.name,
    missing: outcomeRow(ini, ov.outcome_areas, loc.slug).filter((o) => o.gap).map((o) => o.key) }))
    .filter((g) => g.missing.length > 0);
  return { outcome_gaps: gaps, outcome_gap_count: gaps.length };
}
const gapsOf = (a) => ({ outcome_gaps: a.outcome_gaps.map(({ slug, name, missing }) =>
  ({ slug, name, missing: missing.map((m) => m.key) })), outcome_gap_count: a.outcome_gap_count });

test('what needs attention: every count recomputed from the exports', () => {
  const waiting = x.requests.filter((r) => ['submitted', 'in_review', 'info_requested'].includes(r.state))
    .sort((a, b) => a.submitted_at.localeCompare(b.submitted_at) || a.id - b.id);
  const overdue = x.requests.filter((r) => r.state === 'disbursed' && r.report_due_on < today);
  const returns = x.stocktake_returns.filter((r) => slugs.has(r.location) && r.open);
  assert.ok(ov.attention.outcome_gap_count > 0, 'the demo has gaps');
  for (const page of ov.pages) {
    const a = page.attention;
    assert.deepEqual(gapsOf(a), attentionFrom(page, x.initiatives));
    assert.equal(a.waiting_total, waiting.length);
    const oldest = waiting[0];
    assert.deepEqual({ id: a.oldest_waiting.id, title: a.oldest_waiting.title, location: a.oldest_waiting.location.slug,
      days_waiting: a.oldest_waiting.days_waiting },
    { id: oldest.id, title: oldest.title, location: oldest.location,
      days_waiting: days(today, nzDay(new Date(oldest.submitted_at))) });
    assert.equal(a.overdue_total, overdue.length);
    assert.deepEqual(a.stocktakes.map(({ id, completed, locations }) => ({ id, completed, locations })),
      ov.stocktakes.map(({ id }) => ({ id, completed: returns.filter((r) => r.stocktake_id === id).length,
        locations: slugs.size })));
    const listed = page.items.map((l) => l.slug);
    assert.equal(a.unconfirmed_figures, listed.flatMap(figures).filter((g) => !g.confirmed).length);
  }
  assert.ok(ov.attention.unconfirmed_figures >= 0);
});

test("what needs attention on the page shows the same counts", async () => {
  const page = await inz.get('/national/', { Accept: 'text/html' });
  assert.equal(page.status, 200);
  const section = page.text.slice(page.text.indexOf('<section id="attention"'), page.text.indexOf('</section>',
    page.text.indexOf('<section id="attention"')));
  const a = ov.pages[0].attention;
  assert.deepEqual([...section.matchAll(/<li data-location="([^"]+)">/g)].map((m) => m[1]),
    a.outcome_gaps.map((g) => g.slug));
  for (const g of a.outcome_gaps) {
    const row = section.slice(section.indexOf(`<li data-location="${g.slug}">`)).split('</li>')[0];
    assert.deepEqual([...row.matchAll(/data-outcome="([^"]+)"/g)].map((m) => m[1]), g.missing.map((m) => m.key), g.slug);
  }
  const text = section.replace(/<[^>]+>/g, '');
  assert.match(text, new RegExp(`\\b${a.waiting_total} requests? waits? for a decision`));
  assert.match(text, new RegExp(`\\b${a.overdue_total} reports? (is|are) overdue`));
  assert.match(text, new RegExp(`\\b${a.unconfirmed_figures} figures? waits? for confirmation`));
  for (const st of a.stocktakes)
    assert.ok(text.includes(`${st.completed} of ${st.locations} locations have completed their return`), st.name);
});

test("a partner's outcome areas and gaps come from the partner's own initiatives export", async () => {
  const mine = await overview(partner);
  const ini = await exported('initiatives', partner);
  assert.equal((await partner.get('/api/v1/national/exports/requests')).status, 403);
  assert.ok(ini.every((i) => !('lead_name' in i)), 'no lead names for partners');
  assert.deepEqual(mine.items.map((l) => l.slug), ov.items.map((l) => l.slug));
  for (const loc of mine.items) {
    const want = outcomeRow(ini, mine.outcome_areas, loc.slug);
    assert.deepEqual(loc.outcomes.map(({ key, active, planned, total, gap }) => ({ key, active, planned, total, gap })),
      want, loc.slug);
    assert.equal(loc.gap_outcomes, want.filter((w) => w.gap).length, loc.slug);
    assert.ok(!('unconfirmed_figures' in loc), loc.slug);
  }
  for (const page of mine.pages) {
    assert.deepEqual(gapsOf(page.attention), attentionFrom(page, ini));
    assert.ok(!('unconfirmed_figures' in page.attention));
  }
  // The counts a partner cannot take the exports of are the same as INZ's.
  assert.equal(mine.attention.waiting_total, ov.attention.waiting_total);
  assert.equal(mine.attention.overdue_total, ov.attention.overdue_total);
});

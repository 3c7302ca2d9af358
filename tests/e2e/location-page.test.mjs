// The location page a newcomer needs (issue 19): its introduction names
// exactly the sectors the working group has (and the missing ones as
// missing), in every demo location, and claims no group where there is
// none; who to contact; the next events with the calendar to subscribe
// to; the services' languages, each leading to the services offered in it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { request } from './lib/http.mjs';
import { sql } from './lib/db.mjs';

const SECTORS = {
  local_government: 'Local government', iwi: 'Iwi', ngo: 'NGOs', community: 'Community',
  chamber_of_commerce: 'Chamber of Commerce', refugee_migrant: 'Refugee and migrant groups',
  private_sector: 'Private sector', central_government: 'Central government', youth: 'Youth',
};
const EMPTY = `lp-${process.pid}-${Date.now().toString(36)}`;
let stack, base;

// A location with no working group yet (the demo's own may have gained
// members from other tests by now); archived afterwards, so the count of
// active locations other tests rely on is as it was.
after(() => {
  if (stack) sql(stack, `UPDATE locations SET status = 'archived' WHERE slug = '${EMPTY}'`);
  stack?.stop();
});
before(async () => {
  stack = await sharedStack();
  base = stack.base;
  sql(stack, `INSERT INTO locations (slug, name, region) VALUES ('${EMPTY}', 'Empty Town', 'Nowhere')`);
});
const page = (path) => request(base, { path, headers: { Accept: 'text/html' } });
const tags = (html, lead) => {
  const m = html.match(new RegExp(`<p class="sectors">${lead} (.*?)</p>`));
  return m ? [...m[1].matchAll(/<span class="tag">(.*?)<\/span>/g)].map((t) => t[1]) : [];
};

// The public list, once it shows the empty location (its copy drops at
// the change, within moments).
async function eventuallyListed() {
  for (let i = 0; i < 100; i++) {
    const items = (await request(base, { path: '/api/v1/locations?limit=100' })).json().items;
    if (items.some((l) => l.slug === EMPTY)) return items;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail('the new location is listed');
}

test('the introduction never names a sector the group lacks, in any demo location', async () => {
  const locations = await eventuallyListed();
  assert.ok(locations.length >= 15);
  let empty = 0;
  for (const { slug } of locations) {
    const rows = sql(stack, `SELECT DISTINCT m.sector FROM memberships m JOIN locations l ON l.id = m.location_id
      WHERE l.slug = '${slug}'`).map((r) => r[0]);
    const has = Object.keys(SECTORS).filter((k) => rows.includes(k)).map((k) => SECTORS[k]);
    const lacks = Object.keys(SECTORS).filter((k) => !rows.includes(k)).map((k) => SECTORS[k]);
    const res = await page(`/l/${slug}/`);
    assert.equal(res.status, 200, slug);
    assert.doesNotMatch(res.text, /brings together local government, iwi/, `${slug}: no fixed claim`);
    const intro = res.text.slice(res.text.indexOf('<h1>'), res.text.indexOf('<h2'));
    if (has.length === 0) {
      empty += 1;
      assert.match(intro, /has no working group on the portal yet/, slug);
      assert.doesNotMatch(intro, /members come from/, slug);
      continue;
    }
    assert.deepEqual(tags(intro, 'Its members come from:'), has, `${slug}: the sectors present`);
    assert.deepEqual(tags(intro, 'No one on it yet from:'), lacks, `${slug}: the sectors missing`);
    const api = (await request(base, { path: `/api/v1/locations/${slug}` })).json();
    assert.deepEqual(api.sectors_present.map((s) => s.name), has);
    assert.equal(api.has_members, true);
  }
  assert.ok(empty > 0, 'the demo data has locations with no members, and they were checked');
});

test('Hamilton\'s page: who to contact, the next events to subscribe to, services by language', async () => {
  const res = await page('/l/hamilton/');
  const api = (await request(base, { path: '/api/v1/locations/hamilton' })).json();
  // The demo's contact, or the one another test set since.
  assert.ok(api.contact, 'Hamilton has a contact');
  const esc = (t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, '&#39;');
  assert.match(res.text, new RegExp(`ask <bdi>${esc(api.contact.name)}</bdi>`));
  assert.match(res.text, new RegExp(`href="tel:${encodeURIComponent(api.contact.phone)}"`));
  assert.match(res.text, /Service directory drop-in: what is missing\?<\/a>/);
  assert.match(res.text, /href="\/l\/hamilton\/events.ics"/);
  assert.ok(api.upcoming_events.length > 0 && api.upcoming_events.length <= 3);
  for (const e of api.upcoming_events) assert.ok(new Date(e.ends_at) > new Date(), 'upcoming');
  const arabic = api.service_languages.find((l) => l.code === 'ar');
  assert.ok(arabic && arabic.services > 0, 'services offered in Arabic');
  assert.match(res.text, /<a href="\/l\/hamilton\/services\?language=ar">Arabic <span lang="ar">\(العربية\)<\/span><\/a>/);
  const list = (await request(base, { path: `/api/v1/locations/hamilton/services?language=ar&limit=100` })).json();
  assert.equal(list.items.length >= arabic.services, true);
  for (const s of list.items) assert.ok(s.languages.includes('ar'));
  const timaru = await page('/l/timaru/');
  assert.match(timaru.text, /The working group has not listed any services yet/);
  assert.doesNotMatch(timaru.text, /If you would like help with applying, ask/, 'no contact claimed');
});

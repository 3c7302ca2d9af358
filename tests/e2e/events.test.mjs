// The events calendar (issue 19): validation naming each field; the
// iCalendar feeds (a location's, the national one, one event's .ics)
// parsed with ical.js, a real RFC 5545 parser: New Zealand times right
// on both sides of each daylight-saving change, stable UIDs, SEQUENCE
// growing with each edit, a cancelled event kept as STATUS:CANCELLED,
// CRLF lines folded at 75 octets; the pages and the form.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { sharedStack } from './lib/stack.mjs';
import { signIn } from './lib/session.mjs';
import { publicWithin, request } from './lib/http.mjs';
import { sqlValue } from './lib/db.mjs';

const API = '/api/v1/locations/hamilton';
const tag = `e${process.pid}${Date.now().toString(36)}`;
let stack, base, member, observer, nelson;

after(() => stack?.stop());
before(async () => {
  stack = await sharedStack();
  base = stack.base;
  [member, observer, nelson] = await Promise.all([
    signIn(base, 'member.hamilton@portal.demo'),
    signIn(base, 'observer.hamilton@portal.demo'),
    signIn(base, 'member.nelson@portal.demo'),
  ]);
});

// A New Zealand day n days from now, as YYYY-MM-DD (near enough: the
// tests only need it to be ahead).
const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
// The next year whose April change (first Sunday, 3am NZDT -> 2am NZST)
// is at least a month away, and that year's days around both changes
// (September: last Sunday, 2am NZST -> 3am NZDT).
const Y = new Date().getUTCFullYear() + (new Date() > new Date(`${new Date().getUTCFullYear()}-03-01`) ? 1 : 0);
const sunday = (y, m, which) => {
  const d = new Date(Date.UTC(y, m, which > 0 ? 1 : 0));
  while (d.getUTCDay() !== 0) d.setUTCDate(d.getUTCDate() + (which > 0 ? 1 : -1));
  return d;
};
const shift = (d, n) => new Date(d.getTime() + n * 86400000).toISOString().slice(0, 10);
const APRIL = sunday(Y, 3, 1), SEPTEMBER = sunday(Y, 9, -1);
const event = (extra = {}) => ({
  title: `Eid picnic ${tag}`, description: 'Bring a plate; games for children.',
  starts_at: `${day(40)}T10:00`, ends_at: `${day(40)}T14:00`, place: 'Hamilton Lake Domain, by the playground',
  languages: ['ar', 'en'], free: true, ...extra,
});
const anon = (path, headers = {}) => request(base, { path, headers });
async function make(who, body, api = API) {
  const res = await who.call('POST', `${api}/events`, body);
  assert.equal(res.status, 201, res.text);
  return res.json();
}

// The feed at path, parsed: its VEVENTs by UID, with the raw text.
async function feed(path) {
  const res = await anon(path);
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers['content-type'], /^text\/calendar; charset=utf-8/);
  const comp = new ICAL.Component(ICAL.parse(res.text));
  for (const tz of comp.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  const events = {};
  for (const v of comp.getAllSubcomponents('vevent')) events[v.getFirstPropertyValue('uid')] = v;
  return { text: res.text, comp, events, headers: res.headers };
}
const utc = (v, prop) => new ICAL.Event(v)[prop].toJSDate().toISOString();

test('validation names each bad field and writes nothing; observers cannot write', async () => {
  const bad = await member.call('POST', `${API}/events`, {
    title: '', starts_at: 'tomorrow', ends_at: '2027-04-03T25:00', registration_url: 'ftp://x',
    status: 'postponed', languages: ['xx'], initiative_id: 'seven', language: 'zz',
  });
  assert.equal(bad.status, 422, bad.text);
  const fields = bad.json().error.fields;
  for (const f of ['title', 'starts_at', 'ends_at', 'registration_url', 'status', 'languages', 'initiative_id', 'language']) {
    assert.ok(fields[f], `${f}: ${bad.text}`);
  }
  const backwards = await member.call('POST', `${API}/events`, event({ ends_at: `${day(40)}T09:00` }));
  assert.equal(backwards.status, 422, backwards.text);
  assert.match(backwards.json().error.fields.ends_at, /after the start/);
  const nelsonInitiative = sqlValue(stack, `SELECT min(i.id) FROM initiatives i JOIN locations l ON l.id = i.location_id WHERE l.slug = 'nelson'`);
  const foreign = await member.call('POST', `${API}/events`, event({ initiative_id: Number(nelsonInitiative) }));
  assert.equal(foreign.status, 422, foreign.text);
  assert.ok(foreign.json().error.fields.initiative_id);
  assert.equal((await observer.call('POST', `${API}/events`, event())).status, 403);
  assert.equal((await nelson.call('POST', `${API}/events`, event())).status, 404);
  assert.equal(Number(sqlValue(stack, `SELECT count(*) FROM events WHERE title = 'Eid picnic ${tag}'`)), 0);
});

test('New Zealand times are right on both sides of each daylight-saving change', async () => {
  // Daylight time ends on the first Sunday of April (3am NZDT -> 2am
  // NZST) and starts on the last Sunday of September (2am NZST -> 3am
  // NZDT): the day before and the day after each, 10am to noon.
  const before = (d) => shift(d, -1), after = (d) => shift(d, 1);
  const utcOf = (date, hour) => `${date}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  const prev = (date) => shift(new Date(`${date}T00:00:00Z`), -1);
  const cases = [
    [`${before(APRIL)}T10:00`, `${before(APRIL)}T12:00`, utcOf(prev(before(APRIL)), 21), utcOf(prev(before(APRIL)), 23)],
    [`${after(APRIL)}T10:00`, `${after(APRIL)}T12:00`, utcOf(prev(after(APRIL)), 22), utcOf(after(APRIL), 0)],
    [`${before(SEPTEMBER)}T10:00`, `${before(SEPTEMBER)}T12:00`, utcOf(prev(before(SEPTEMBER)), 22), utcOf(before(SEPTEMBER), 0)],
    [`${after(SEPTEMBER)}T10:00`, `${after(SEPTEMBER)}T12:00`, utcOf(prev(after(SEPTEMBER)), 21), utcOf(prev(after(SEPTEMBER)), 23)],
    // Across the change itself: 1am to 4am on the April Sunday is four hours.
    [`${shift(APRIL, 0)}T01:00`, `${shift(APRIL, 0)}T04:00`, utcOf(prev(shift(APRIL, 0)), 12), utcOf(prev(shift(APRIL, 0)), 16)],
    // Given in UTC, shown in New Zealand time (NZDT, the day after September's change).
    [`${prev(after(SEPTEMBER))}T21:00:00Z`, `${prev(after(SEPTEMBER))}T23:00:00+00:00`,
      utcOf(prev(after(SEPTEMBER)), 21), utcOf(prev(after(SEPTEMBER)), 23)],
  ];
  const made = [];
  for (const [s, e] of cases) made.push(await make(member, event({ title: `DST ${s} ${tag}`, starts_at: s, ends_at: e })));
  made.forEach((m, i) => {
    assert.equal(new Date(m.starts_at).toISOString(), cases[i][2], `API starts_at of ${cases[i][0]}`);
    assert.equal(new Date(m.ends_at).toISOString(), cases[i][3]);
  });
  assert.equal(made[5].starts_local, `${after(SEPTEMBER)}T10:00`);
  // A feed is public: new events reach it within the micro-cache's second.
  let events, text;
  await publicWithin(async () => {
    ({ events, text } = await feed('/l/hamilton/events.ics'));
    return made.every((m) => events[m.uid]);
  });
  made.forEach((m, i) => {
    const v = events[m.uid];
    assert.ok(v, `the feed has ${m.title}`);
    assert.equal(utc(v, 'startDate'), cases[i][2], `DTSTART of ${cases[i][0]}`);
    assert.equal(utc(v, 'endDate'), cases[i][3], `DTEND of ${cases[i][1]}`);
    assert.equal(v.getFirstProperty('dtstart').getParameter('tzid'), 'Pacific/Auckland');
  });
  assert.match(text, /BEGIN:VTIMEZONE\r\nTZID:Pacific\/Auckland\r\n/);
});

test('UIDs stay, SEQUENCE grows with each edit, a cancelled event stays as STATUS:CANCELLED', async () => {
  const e = await make(member, event({ title: `Community iftar ${tag}` }));
  assert.equal(e.sequence, 0);
  let first;
  await publicWithin(async () => (first = (await feed('/l/hamilton/events.ics')).events[e.uid]) !== undefined);
  assert.equal(first.getFirstPropertyValue('sequence'), 0);
  assert.equal(first.getFirstPropertyValue('status'), 'CONFIRMED');
  const moved = await member.call('PATCH', `${API}/events/${e.id}`, { version: 1, starts_at: `${day(40)}T11:00` });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.json().sequence, 1);
  assert.equal(moved.json().title, e.title, 'a PATCH keeps what it does not name');
  const stale = await member.call('PATCH', `${API}/events/${e.id}`, { version: 1, title: 'Old' });
  assert.equal(stale.status, 409);
  assert.equal(stale.json().error.current.version, 2);
  const cancelled = await member.call('PATCH', `${API}/events/${e.id}`, { version: 2, status: 'cancelled' });
  assert.equal(cancelled.status, 200, cancelled.text);
  // The feed is public: the change reaches it within the micro-cache's
  // second.
  let v;
  await publicWithin(async () => {
    v = (await feed('/l/hamilton/events.ics')).events[e.uid];
    return v?.getFirstPropertyValue('sequence') === 2;
  });
  assert.ok(v, 'the same UID, still in the feed');
  assert.equal(v.getFirstPropertyValue('sequence'), 2);
  assert.equal(v.getFirstPropertyValue('status'), 'CANCELLED');
  assert.equal(utc(v, 'startDate'), moved.json().starts_at.replace('Z', '.000Z'));
  const one = await feed(`/l/hamilton/events/${e.id}.ics`);
  assert.deepEqual(Object.keys(one.events), [e.uid]);
  assert.match(one.headers['content-disposition'], /^attachment; filename="event-[0-9a-f-]{36}\.ics"$/);
  await publicWithin(async () => new RegExp(`Community iftar ${tag}</a> <strong>Cancelled</strong>`)
    .test((await anon('/l/hamilton/events', { Accept: 'text/html' })).text));
  const page = await anon(`/l/hamilton/events/${e.id}`, { Accept: 'text/html' });
  assert.match(page.text, /This event is cancelled/);
  assert.match(page.text, new RegExp(`href="/l/hamilton/events/${e.id}.ics"`));
  assert.equal(Number(sqlValue(stack, `SELECT count(*) FROM audit_log WHERE action = 'event_changed'
    AND detail->>'event_id' = '${e.id}'`)), 2);
});

test('lines end in CRLF and fold at 75 octets between characters; the national feed has every location', async () => {
  const long = `Ngā mihi — a welcome for families from Afghanistan, Myanmar and Colombia, with food, music and stories ${tag}`;
  const e = await make(member, event({ title: long, description: 'Line one;\nline two, with a comma\\' }));
  const theirs = await make(nelson, event({ title: `Nelson welcome ${tag}` }), '/api/v1/locations/nelson');
  let text, events;
  await publicWithin(async () => {
    ({ text, events } = await feed('/events.ics'));
    return Boolean(events[e.uid] && events[theirs.uid]);
  });
  assert.ok(text.endsWith('END:VCALENDAR\r\n'));
  for (const line of text.split('\r\n').slice(0, -1)) {
    assert.ok(!line.includes('\n'), 'no bare LF');
    assert.ok(Buffer.byteLength(line) <= 75, `at most 75 octets: ${line}`);
    assert.ok(!line.includes('\uFFFD'), 'no character split');
  }
  assert.equal(events[e.uid].getFirstPropertyValue('summary'), long);
  assert.equal(events[e.uid].getFirstPropertyValue('description'), 'Line one;\nline two, with a comma\\');
  assert.ok(events[theirs.uid], 'Nelson\'s event in the national feed');
  assert.match(events[theirs.uid].getFirstPropertyValue('url'), /\/l\/nelson\/events\/\d+$/);
  let own;
  await publicWithin(async () => (own = await feed('/l/nelson/events.ics')).events[theirs.uid] !== undefined);
  assert.ok(!own.events[e.uid], 'a location\'s feed has its own events only');
});

test('the events page and the form: upcoming events, the subscribe link, a message by each bad field', async () => {
  const page = await anon('/l/hamilton/events', { Accept: 'text/html' });
  assert.equal(page.status, 200);
  assert.match(page.text, /href="\/l\/hamilton\/events.ics"/);
  const list = (await anon(`${API}/events?limit=100`)).json();
  for (const one of list.items) assert.ok(new Date(one.ends_at) >= new Date(Date.now() - 60000), 'upcoming only');
  const form = (fields) => {
    const body = new URLSearchParams({ _csrf: member.csrf });
    for (const [k, v] of Object.entries(fields)) for (const x of [].concat(v)) body.append(k, x);
    return request(base, {
      method: 'POST', path: '/l/hamilton/wg/events', body: body.toString(),
      headers: { Accept: 'text/html', Cookie: `portal_session=${member.cookie}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    });
  };
  const bad = await form({ title: '', starts_at: '2027-05-01T10:00', ends_at: '' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /id="title-error"/);
  assert.match(bad.text, /id="ends_at-error"/);
  const ok = await form({ title: `Karen new year ${tag}`, starts_at: `${day(45)}T10:00`, ends_at: `${day(45)}T15:00`, languages: ['ksw', 'my'], free: 'on' });
  assert.equal(ok.status, 303, ok.text);
  const id = ok.headers.location.match(/\/l\/hamilton\/events\/(\d+)$/)[1];
  const made = (await anon(`${API}/events/${id}`)).json();
  assert.equal(made.starts_local, `${day(45)}T10:00`);
  assert.deepEqual(made.languages, ['ksw', 'my']);
  assert.equal(made.free, true);
  const edit = await member.get(`/l/hamilton/events/${id}/edit`, { Accept: 'text/html' });
  assert.match(edit.text, new RegExp(`value="${day(45)}T10:00"`));
});

test('a cursor the list never gave out is a 400, not a failed statement', async () => {
  for (const cursor of ['abc~1', '99999999999999999999~1', '-5~1', '1.5~2']) {
    for (const path of [`${API}/events?cursor=${cursor}`, `/l/hamilton/events?cursor=${cursor}`]) {
      const res = await request(base, { path, headers: { Accept: path.startsWith('/api/') ? 'application/json' : 'text/html' } });
      assert.equal(res.status, 400, `${path}: ${res.text}`);
    }
  }
  const first = (await request(base, { path: `${API}/events?limit=1` })).json();
  if (first.next) assert.equal((await request(base, { path: `${API}/events?limit=1&cursor=${encodeURIComponent(first.next)}` })).status, 200);
});

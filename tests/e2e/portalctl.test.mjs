// portalctl, the administration command, against the shared stack: its
// argument checks, the location, user and membership commands as the API
// then sees them, and outbox delivery to a small SMTP sink written here.
//
// The shared stack outlives a run, so every slug and email carries a
// per-run tag.  Locations this file adds are archived again at once: other
// files count the public list.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { sharedStack } from './lib/stack.mjs';
import { eventually, get, publicWithin, request } from './lib/http.mjs';
import { portalctl as runPortalctl } from './lib/portalctl.mjs';

const PSQL = path.join(process.env.PGBIN || '/usr/lib/postgresql/15/bin', 'psql');
const TAG = `t${randomBytes(4).toString('hex')}`;
const PASSWORD = 'correct horse battery';
const FROM = 'Community Portal <noreply@portal.test>';

let base;
let pgsock;
let stack;
before(async () => {
  stack = await sharedStack();
  base = stack.base;
  pgsock = stack.env.PGSOCK;
});

// Runs portalctl as stack.sh does (lib/portalctl.mjs).
const portalctl = (args, options) => runPortalctl(stack, args, options);

// One SQL script as the owner, with psql variables (:'name') for values.
function psql(sql, vars = {}) {
  const args = ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', pgsock,
    '-U', 'portal_owner', '-d', 'portal'];
  for (const [k, v] of Object.entries(vars)) args.push('-v', `${k}=${v}`);
  const res = spawnSync(PSQL, args, { input: sql, encoding: 'utf8' });
  assert.equal(res.status, 0, res.stderr);
  return res.stdout.trim();
}

// Does the SQL fail (a constraint refusing it)?
function psqlFails(sql) {
  const res = spawnSync(PSQL, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', pgsock,
    '-U', 'portal_owner', '-d', 'portal'], { input: sql, encoding: 'utf8' });
  return res.status !== 0;
}

function outboxAdd(to, subject, body) {
  return Number(psql(`INSERT INTO outbox (to_email, subject, body, kind)
    VALUES (:'to', :'subject', :'body', 'portalctl_test') RETURNING id;\n`,
  { to, subject, body }));
}

function outboxRow(id) {
  return JSON.parse(psql(`SELECT row_to_json(o) FROM (SELECT sent_at, attempts,
    last_error, next_attempt_at > now() + interval '50 seconds' AS backed_off
    FROM outbox WHERE id = :'id') o;\n`, { id: String(id) }));
}

async function signIn(email, password) {
  const res = await request(base, {
    method: 'POST', path: '/api/v1/session',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) return { status: res.status };
  const cookie = [].concat(res.headers['set-cookie'] || [])
    .map((c) => c.split(';')[0]).find((c) => c.startsWith('portal_session='));
  return { status: res.status, cookie, csrf: res.json().csrf_token };
}

const me = (cookie) => get(base, '/api/v1/me', { cookie });

async function addUser(email, name, extra = []) {
  const res = await portalctl(['user', 'add', email, name, ...extra], { input: `${PASSWORD}\n` });
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /^\d+\n$/);
  return Number(res.stdout);
}

// ---------------------------------------------------------------------------
// An SMTP sink: enough of RFC 5321 for libcurl.  replies overrides the
// answer to a verb (e.g. { RCPT: '451 4.3.0 try later' }); delay holds the
// answer to the end of DATA, so concurrent senders overlap.

function smtpSink({ replies = {}, delay = 0 } = {}) {
  const messages = [];
  const server = net.createServer((sock) => {
    let pending = Buffer.alloc(0);
    let data = null;
    let envelope = { from: null, to: [] };
    const say = (line) => sock.write(`${line}\r\n`);
    say('220 sink.test ESMTP');
    sock.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      let i;
      while ((i = pending.indexOf('\r\n')) >= 0) {
        const line = pending.subarray(0, i);
        pending = pending.subarray(i + 2);
        if (data !== null) {
          if (line.toString('latin1') === '.') {
            messages.push({ ...envelope, raw: Buffer.concat(data).toString('utf8') });
            data = null;
            setTimeout(() => say(replies.END || '250 2.0.0 queued'), delay);
          } else {
            // RFC 5321 4.5.2: a leading dot was doubled.
            const l = line[0] === 0x2e ? line.subarray(1) : line;
            data.push(l, Buffer.from('\r\n'));
          }
          continue;
        }
        const text = line.toString('latin1');
        const verb = text.slice(0, 4).toUpperCase();
        if (replies[verb]) { say(replies[verb]); continue; }
        if (verb === 'EHLO') say('250 sink.test');
        else if (verb === 'HELO' || verb === 'RSET' || verb === 'NOOP') say('250 ok');
        else if (verb === 'MAIL') {
          envelope = { from: text.match(/<([^>]*)>/)[1], to: [] };
          say('250 ok');
        } else if (verb === 'RCPT') {
          envelope.to.push(text.match(/<([^>]*)>/)[1]);
          say('250 ok');
        } else if (verb === 'DATA') {
          data = [];
          say('354 end with .');
        } else if (verb === 'QUIT') {
          say('221 bye');
          sock.end();
        } else say('502 not here');
      }
    });
    sock.on('error', () => {});
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      url: `smtp://127.0.0.1:${server.address().port}`,
      messages,
      close: () => new Promise((r) => server.close(r)),
    }));
  });
}

// The headers (unfolded, by lower-case name) and body of a raw message.
function parseMessage(raw) {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]/g, ' ');
  const headers = {};
  for (const line of head.split('\r\n')) {
    const c = line.indexOf(':');
    headers[line.slice(0, c).toLowerCase()] = line.slice(c + 1).trim();
  }
  return { headers, body: raw.slice(split + 4), lines: raw.split('\r\n') };
}

// RFC 2047 "B" words, as a mail reader shows them: the white space between
// two words goes, and each word is whole UTF-8 (the sender never splits a
// character).
const decodeWords = (s) => s.replace(/\?=\s+=\?/g, '?==?')
  .replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/gi, (_, b64) => Buffer.from(b64, 'base64').toString('utf8'));

// RFC 2045 6.7 quoted-printable, back to UTF-8 text with "\n" line ends.
function decodeQP(s) {
  const bytes = s.replace(/=\r\n/g, '').replace(/\r\n/g, '\n');
  const out = [];
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === '=') {
      out.push(parseInt(bytes.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(bytes.charCodeAt(i));
  }
  return Buffer.from(out).toString('utf8');
}

const smtpEnv = (sink, extra = {}) => ({ PORTAL_SMTP_URL: sink.url, PORTAL_SMTP_FROM: FROM, ...extra });

// One outbox send to a fresh sink: {res, messages}.
async function sendToSink() {
  const sink = await smtpSink();
  try {
    return { res: await portalctl(['outbox', 'send'], { env: smtpEnv(sink) }), messages: sink.messages };
  } finally {
    await sink.close();
  }
}

// ---------------------------------------------------------------------------

test('bad arguments exit 2 with a message and the usage, before connecting', async () => {
  const cases = [
    [[], /usage: portalctl/],
    [['frobnicate'], /frobnicate is not a command/],
    [['location'], /location needs one of these commands/],
    [['location', 'add', 'only-a-slug'], /missing arguments/],
    [['location', 'add', 'Not_A_Slug', 'Name', 'Region'], /SLUG must be/],
    [['location', 'add', 'fine-slug', '   ', 'Region'], /NAME is required/],
    [['location', 'archive', 'a', 'b'], /too many arguments/],
    [['user', 'add', 'not-an-email', 'Name'], /EMAIL must be an email address/],
    [['user', 'add', 'a@portal.test', 'Name', '--role', 'king'], /--role is not one of the allowed values: inz_staff, admin/],
    [['user', 'add', 'a@portal.test', 'Name', '--password', 'hunter2hunter2'], /standard input/],
    [['user', 'add', 'a@portal.test', 'Name', '--bogus'], /--bogus is not an option/],
    [['user', 'reset-password'], /missing arguments/],
    [['membership', 'add', 'hamilton', 'a@portal.test', 'boss', 'ngo'], /ROLE is not one of the allowed values: coordinator, member, observer/],
    [['membership', 'add', 'hamilton', 'a@portal.test', 'member', 'fishing'], /SECTOR is not one of the allowed values: local_government/],
    [['outbox', 'show', 'twelve'], /ID must be a whole number/],
    [['outbox', 'frob'], /frob is not a command/],
    [['outbox', 'send', '--interval', '5'], /--interval goes with --loop/],
    [['outbox', 'send', '--loop', '--interval', '0'], /--interval must be a whole number/],
    [['funding'], /funding needs one of these commands/],
    [['funding', 'remind', 'now'], /too many arguments/],
    [['funding', 'remind', '--loop'], /--loop is not an option of this command/],
    [['funding', 'nag'], /funding needs one of these commands/],
  ];
  for (const [args, message] of cases) {
    // A database that is not there: checks come first.
    const res = await portalctl(args, { env: { PORTAL_ADMIN_DATABASE_URL: 'host=/nonexistent dbname=none' } });
    assert.equal(res.status, 2, `exit status of portalctl ${args.join(' ')}`);
    assert.match(res.stderr, message, `portalctl ${args.join(' ')}`);
    assert.match(res.stderr, /usage: portalctl /);
    assert.equal(res.stdout, '');
  }
  const help = await portalctl(['help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /portalctl outbox send/);
});

test('failures exit 1 with a message', async () => {
  const noUser = await portalctl(['user', 'reset-password', `${TAG}-nobody@portal.test`], { input: `${PASSWORD}\n` });
  assert.equal(noUser.status, 1);
  assert.match(noUser.stderr, /no user with email/);
  const weak = await portalctl(['user', 'add', `${TAG}-weak@portal.test`, 'Weak'], { input: 'short\n' });
  assert.equal(weak.status, 1);
  assert.match(weak.stderr, /the password must be at least 10 characters/);
  const none = await portalctl(['user', 'add', `${TAG}-none@portal.test`, 'None']);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no password on standard input/);
  const noLocation = await portalctl(['membership', 'add', `${TAG}-nowhere`, 'admin@portal.demo', 'member', 'ngo']);
  assert.equal(noLocation.status, 1);
  assert.match(noLocation.stderr, /no location with slug/);
  const noArchive = await portalctl(['location', 'archive', `${TAG}-nowhere`]);
  assert.equal(noArchive.status, 1);
  const noMessage = await portalctl(['outbox', 'show', '999999999']);
  assert.equal(noMessage.status, 1);
  assert.match(noMessage.stderr, /no message 999999999/);
  const noDb = await portalctl(['location', 'list'], { env: { PORTAL_ADMIN_DATABASE_URL: 'host=/nonexistent dbname=none' } });
  assert.equal(noDb.status, 1);
  assert.match(noDb.stderr, /cannot connect/);
});

// portalctl writes from outside portald: the workers' copies of public
// pages hear of it by notification, within moments (docs/architecture.md).
const slugsListed = async () => (await get(base, '/api/v1/locations?limit=100')).json().items.map((l) => l.slug);

test('location add is public within moments; archive takes it out of the lists', async () => {
  const slug = `${TAG}-loc`;
  const add = await portalctl(['location', 'add', slug, 'Test Town', 'Test Region']);
  assert.equal(add.status, 0, add.stderr);
  assert.match(add.stdout, /^\d+\n$/);
  await eventually(async () => (await slugsListed()).includes(slug));
  const shown = await get(base, `/api/v1/locations/${slug}`);
  assert.equal(shown.status, 200);
  const { sectors_missing: missing, ...fields } = shown.json();
  assert.deepEqual(fields, {
    slug, name: 'Test Town', region: 'Test Region', open_rounds: [], contact: null, initiatives: [], more_initiatives: false,
    has_members: false, sectors_present: [], upcoming_events: [], service_languages: [], newsletter_issues: [], recent_stories: [],
  });
  // A new location's group has no one yet, from any of the nine sectors.
  assert.deepEqual(missing.map((m) => m.key), ['local_government', 'iwi', 'ngo', 'community',
    'chamber_of_commerce', 'refugee_migrant', 'private_sector', 'central_government', 'youth']);

  const archive = await portalctl(['location', 'archive', slug]);
  assert.equal(archive.status, 0, archive.stderr);
  assert.equal(archive.stdout, `archived ${slug}\n`);
  await eventually(async () => !(await slugsListed()).includes(slug));
  // A page nginx kept a moment ago may still be answered: within its second.
  await publicWithin(async () => (await get(base, `/api/v1/locations/${slug}`)).status === 404);
  const list = await portalctl(['location', 'list']);
  assert.match(list.stdout, new RegExp(`^${slug} +Test Town +Test Region +archived$`, 'm'));

  const again = await portalctl(['location', 'archive', slug]);
  assert.equal(again.status, 0);
  assert.match(again.stdout, /already archived/);
  const dup = await portalctl(['location', 'add', slug, 'Other', 'Other']);
  assert.equal(dup.status, 1);
  assert.match(dup.stderr, /already exists/);
});

test('user add with a national role signs in, and /me shows the role', async () => {
  const email = `${TAG}-staff@portal.test`;
  const id = await addUser(email, 'Tama Staff', ['--role', 'inz_staff', '--password-stdin']);
  const session = await signIn(email, PASSWORD);
  assert.equal(session.status, 200);
  const res = await me(session.cookie);
  assert.equal(res.status, 200);
  const user = res.json();
  assert.equal(user.id, id);
  assert.equal(user.email, email);
  assert.equal(user.display_name, 'Tama Staff');
  assert.equal(user.national_role, 'inz_staff');
  assert.deepEqual(user.memberships, []);

  const dup = await portalctl(['user', 'add', email, 'Someone Else'], { input: `${PASSWORD}\n` });
  assert.equal(dup.status, 1);
  assert.match(dup.stderr, /already exists/);

  const plain = `${TAG}-plain@portal.test`;
  await addUser(plain, 'Pita Plain');
  const s2 = await signIn(plain, PASSWORD);
  assert.equal((await me(s2.cookie)).json().national_role, null);
});

test('reset-password ends the sessions and API tokens; only the new password signs in', async () => {
  const email = `${TAG}-reset@portal.test`;
  await addUser(email, 'Rawiri Reset');
  const old = await signIn(email, PASSWORD);
  assert.equal((await me(old.cookie)).status, 200);
  const made = await request(base, {
    method: 'POST', path: '/api/v1/me/tokens',
    headers: { 'content-type': 'application/json', cookie: old.cookie, 'x-csrf-token': old.csrf },
    body: JSON.stringify({ name: 'nightly script' }),
  });
  assert.equal(made.status, 201, made.text);
  const bearer = { authorization: `Bearer ${made.json().token}` };
  assert.equal((await get(base, '/api/v1/me', bearer)).status, 200);

  const fresh = 'a brand new passphrase';
  const res = await portalctl(['user', 'reset-password', email], { input: `${fresh}\n` });
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /ended 1 session/);

  assert.equal((await me(old.cookie)).status, 401);
  assert.equal((await get(base, '/api/v1/me', bearer)).status, 401);
  assert.equal((await signIn(email, PASSWORD)).status, 401);
  const now = await signIn(email, fresh);
  assert.equal(now.status, 200);
  assert.equal((await me(now.cookie)).json().email, email);

  const weak = await portalctl(['user', 'reset-password', email], { input: 'password123\n' });
  assert.equal(weak.status, 1);
  assert.match(weak.stderr, /most common passwords/);
  assert.equal((await me(now.cookie)).status, 200, 'a refused password changes nothing');
});

test('membership add shows up in /me', async () => {
  const email = `${TAG}-member@portal.test`;
  const slug = `${TAG}-group`;
  await addUser(email, 'Mele Member');
  // Signed in first, so the location is public for as short a time as can be.
  const session = await signIn(email, PASSWORD);
  assert.equal(session.status, 200);
  let memberships;
  let dup;
  try {
    assert.equal((await portalctl(['location', 'add', slug, 'Group Town', 'Test Region'])).status, 0);
    const add = await portalctl(['membership', 'add', slug, email, 'member', 'youth', '  Youth Trust  ']);
    assert.equal(add.status, 0, add.stderr);
    memberships = (await me(session.cookie)).json().memberships;
    dup = await portalctl(['membership', 'add', slug, email, 'observer', 'ngo']);
  } finally {
    await portalctl(['location', 'archive', slug]);
  }
  assert.equal(memberships.length, 1);
  assert.equal(memberships[0].location, slug);
  assert.equal(memberships[0].location_name, 'Group Town');
  assert.equal(memberships[0].role, 'member');
  assert.equal(memberships[0].sector, 'youth');
  assert.equal(memberships[0].organisation, 'Youth Trust');
  assert.equal(dup.status, 1);
  assert.match(dup.stderr, /already in .* as member/);

  const archived = await portalctl(['membership', 'add', slug, 'admin@portal.demo', 'observer', 'ngo']);
  assert.equal(archived.status, 1);
  assert.match(archived.stderr, /is archived/);
  const unknown = await portalctl(['membership', 'add', 'hamilton', `${TAG}-ghost@portal.test`, 'observer', 'ngo']);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /no user with email/);
});

test('outbox send delivers RFC 5322 messages and marks them sent', async () => {
  const to = `${TAG}-mail@portal.test`;
  const plainTo = `${TAG}-plain-mail@portal.test`;
  const subject = `Kia ora — you are invited to Te Whanganui-a-Tara ${TAG}`;
  const body = `Kia ora Ānahera,\n\n.a line that starts with a dot\n${'long words '.repeat(12)}end\ntrailing space \n`;
  const id = outboxAdd(to, subject, body);
  const plainId = outboxAdd(plainTo, `Plain ${TAG}`, 'Hello.\n.dot\nBye.\n');
  const { res, messages } = await sendToSink();
  const sink = { messages };
  assert.match(res.stdout, new RegExp(`^sent ${id}$`, 'm'), res.stderr);
  if (!/not sent/.test(res.stdout)) assert.equal(res.status, 0);

  const mine = sink.messages.filter((m) => m.to.includes(to));
  assert.equal(mine.length, 1);
  assert.equal(mine[0].from, 'noreply@portal.test');
  assert.deepEqual(mine[0].to, [to]);
  const msg = parseMessage(mine[0].raw);
  assert.match(msg.headers.date, /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d \+0000$/);
  assert.equal(msg.headers.from, FROM);
  assert.equal(msg.headers.to, `<${to}>`);
  assert.match(msg.headers.subject, /^=\?UTF-8\?B\?/);
  assert.equal(decodeWords(msg.headers.subject), subject);
  assert.match(msg.headers['message-id'], new RegExp(`^<portal\\.outbox\\.${id}\\.\\d+@portal\\.test>$`));
  assert.equal(msg.headers['mime-version'], '1.0');
  assert.equal(msg.headers['content-type'], 'text/plain; charset=UTF-8');
  assert.equal(msg.headers['content-transfer-encoding'], 'quoted-printable');
  assert.equal(decodeQP(msg.body), body);
  for (const line of msg.lines) assert.ok(line.length <= 78, `line too long: ${line}`);
  assert.ok(!/[^\x00-\x7f]/.test(mine[0].raw), 'the message is ASCII on the wire');

  const plain = parseMessage(sink.messages.find((m) => m.to.includes(plainTo)).raw);
  assert.equal(plain.headers.subject, `Plain ${TAG}`);
  assert.equal(plain.headers['content-transfer-encoding'], '7bit');
  assert.equal(plain.body, 'Hello.\r\n.dot\r\nBye.\r\n');

  const row = outboxRow(id);
  assert.ok(row.sent_at);
  assert.equal(row.attempts, 0);
  assert.equal(row.last_error, null);
  const list = await portalctl(['outbox']);
  assert.equal(list.status, 0);
  assert.match(list.stdout, new RegExp(`^${id} .* sent +0  portalctl_test +${to} +Kia ora`, 'm'));
  const show = await portalctl(['outbox', 'show', String(id)]);
  assert.equal(show.status, 0);
  assert.match(show.stdout, /^state +sent$/m);
  assert.ok(show.stdout.endsWith(`\n\n${body}`), show.stdout);

  // Sent messages are not sent again.
  const sink2 = await smtpSink();
  try {
    await portalctl(['outbox', 'send'], { env: smtpEnv(sink2) });
  } finally {
    await sink2.close();
  }
  assert.equal(sink2.messages.filter((m) => m.to.includes(to)).length, 0);
});

// RFC 8058: a newsletter's message (sql/030 outbox.list_unsubscribe)
// carries List-Unsubscribe with its URL and List-Unsubscribe-Post; any
// other message has neither.
test('outbox send writes the RFC 8058 one-click unsubscribe headers of a newsletter', async () => {
  const to = `${TAG}-news@portal.test`;
  const url = `https://portal.test/newsletter/unsubscribe?token=${'A'.repeat(43)}`;
  const id = Number(psql(`INSERT INTO outbox (to_email, subject, body, kind, list_unsubscribe)
    VALUES (:'to', 'News', 'Kia ora.\n', 'newsletter', :'url') RETURNING id;\n`, { to, url }));
  const otherTo = `${TAG}-not-news@portal.test`;
  outboxAdd(otherTo, `Not news ${TAG}`, 'Hello.\n');
  const { res, messages } = await sendToSink();
  assert.match(res.stdout, new RegExp(`^sent ${id}$`, 'm'), res.stderr);
  const msg = parseMessage(messages.find((m) => m.to.includes(to)).raw);
  assert.equal(msg.headers['list-unsubscribe'], `<${url}>`);
  assert.equal(msg.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
  const other = parseMessage(messages.find((m) => m.to.includes(otherTo)).raw);
  assert.equal(other.headers['list-unsubscribe'], undefined);
  assert.equal(other.headers['list-unsubscribe-post'], undefined);
  assert.match(psql(`SELECT list_unsubscribe IS NULL FROM outbox WHERE id = :'id';\n`, { id: String(id) }), /^f$/);
  assert.ok(psqlFails(`INSERT INTO outbox (to_email, subject, body, kind, list_unsubscribe)
    VALUES ('x@portal.test', 'x', 'x', 'x', 'javascript:alert(1)');\n`), 'only http(s) URLs');
});

test('outbox send delivers a message with an attachment (an invitation\'s .ics) as multipart/mixed', async () => {
  const to = `${TAG}-ics@portal.test`;
  const body = 'Kia ora,\n\nThe meeting = Thursday.\n';
  const ics = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:Hui — Ōtaki\r\nEND:VCALENDAR\r\n';
  const id = Number(psql(`INSERT INTO outbox (to_email, subject, body, kind, attachment_name,
    attachment_type, attachment) VALUES (:'to', 'Invitation', :'body', 'portalctl_test',
    'meeting.ics', 'text/calendar; method=PUBLISH', :'ics') RETURNING id;\n`, { to, body, ics }));
  const { res, messages } = await sendToSink();
  assert.match(res.stdout, new RegExp(`^sent ${id}$`, 'm'), res.stderr);
  const raw = messages.find((m) => m.to.includes(to)).raw;
  const msg = parseMessage(raw);
  const boundary = msg.headers['content-type'].match(/^multipart\/mixed; boundary="([^"]+)"$/)[1];
  const parts = msg.body.split(`--${boundary}`);
  assert.equal(parts.length, 4, 'preamble, two parts, the closing --');
  assert.equal(parts[3], '--\r\n');
  const text = parseMessage(parts[1].replace(/^\r\n/, ''));
  assert.equal(text.headers['content-type'], 'text/plain; charset=UTF-8');
  assert.equal(decodeQP(text.body), body);
  const file = parseMessage(parts[2].replace(/^\r\n/, ''));
  assert.equal(file.headers['content-type'], 'text/calendar; method=PUBLISH; charset=UTF-8; name="meeting.ics"');
  assert.equal(file.headers['content-disposition'], 'attachment; filename="meeting.ics"');
  assert.equal(file.headers['content-transfer-encoding'], 'base64');
  assert.equal(Buffer.from(file.body.replace(/\r\n/g, ''), 'base64').toString('utf8'), ics);
  for (const line of msg.lines) assert.ok(line.length <= 78, `line too long: ${line}`);
  // A half-described attachment is refused by the table.
  assert.throws(() => psql(`INSERT INTO outbox (to_email, subject, body, kind, attachment)
    VALUES ('x@portal.test', 's', 'b', 'portalctl_test', 'text');\n`), /outbox_attachment_whole/);
});

test('two senders at once deliver each message once (SKIP LOCKED)', async () => {
  const rcpts = Array.from({ length: 6 }, (_, i) => `${TAG}-both${i}@portal.test`);
  const ids = rcpts.map((to) => outboxAdd(to, `Both ${TAG}`, 'Once only.\n'));
  const sink = await smtpSink({ delay: 150 });
  let runs;
  try {
    runs = await Promise.all([1, 2].map(() => portalctl(['outbox', 'send'], { env: smtpEnv(sink) })));
  } finally {
    await sink.close();
  }
  for (const to of rcpts) {
    assert.equal(sink.messages.filter((m) => m.to.includes(to)).length, 1, `${to} got one copy`);
  }
  const sentBy = runs.map((r) => ids.filter((id) => new RegExp(`^sent ${id}$`, 'm').test(r.stdout)).length);
  assert.equal(sentBy[0] + sentBy[1], ids.length);
  for (const id of ids) assert.ok(outboxRow(id).sent_at);
});

test('a 451 leaves the message pending, backed off, and gives up after 10 attempts', async () => {
  const to = `${TAG}-later@portal.test`;
  const id = outboxAdd(to, `Later ${TAG}`, 'Try again.\n');
  const busy = await smtpSink({ replies: { RCPT: '451 4.3.0 mailbox busy, try later' } });
  let res;
  try {
    res = await portalctl(['outbox', 'send'], { env: smtpEnv(busy) });
  } finally {
    await busy.close();
  }
  assert.equal(res.status, 1);
  assert.match(res.stdout, new RegExp(`^not sent ${id} \\(attempt 1 of 10\\): .*451`, 'm'));
  let row = outboxRow(id);
  assert.equal(row.sent_at, null);
  assert.equal(row.attempts, 1);
  assert.match(row.last_error, /451/);
  assert.equal(row.backed_off, true);
  const list = await portalctl(['outbox', 'list']);
  assert.match(list.stdout, new RegExp(`^${id} .* pending +1 `, 'm'));

  // Not due yet: a working server does not get it either.
  const ok = await smtpSink();
  try {
    await portalctl(['outbox', 'send'], { env: smtpEnv(ok) });
  } finally {
    await ok.close();
  }
  assert.equal(ok.messages.filter((m) => m.to.includes(to)).length, 0);
  assert.equal(outboxRow(id).attempts, 1);

  // The tenth failure is the last.
  psql(`UPDATE outbox SET attempts = 9, next_attempt_at = now() WHERE id = :'id';\n`, { id: String(id) });
  const busy2 = await smtpSink({ replies: { RCPT: '451 4.3.0 still busy' } });
  let last;
  let after;
  try {
    last = await portalctl(['outbox', 'send'], { env: smtpEnv(busy2) });
    psql(`UPDATE outbox SET next_attempt_at = now() WHERE id = :'id';\n`, { id: String(id) });
    after = await portalctl(['outbox', 'send'], { env: smtpEnv(busy2) });
  } finally {
    await busy2.close();
  }
  assert.match(last.stdout, new RegExp(`^not sent ${id} \\(attempt 10 of 10\\)`, 'm'));
  assert.doesNotMatch(after.stdout, new RegExp(`^(not )?sent ${id}\\b`, 'm'));
  row = outboxRow(id);
  assert.equal(row.attempts, 10);
  assert.equal(row.sent_at, null);
  const show = await portalctl(['outbox', 'show', String(id)]);
  assert.match(show.stdout, /^state +failed$/m);
  assert.doesNotMatch(show.stdout, /^next attempt/m);
});

test('outbox send needs its settings and never shows the SMTP password', async () => {
  const missing = await portalctl(['outbox', 'send'], { env: { PORTAL_SMTP_URL: '', PORTAL_SMTP_FROM: FROM } });
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /PORTAL_SMTP_URL is not set/);
  const badFrom = await portalctl(['outbox', 'send'], { env: { PORTAL_SMTP_URL: 'smtp://127.0.0.1:1', PORTAL_SMTP_FROM: 'not an address' } });
  assert.equal(badFrom.status, 1);
  assert.match(badFrom.stderr, /PORTAL_SMTP_FROM/);
  const badUrl = await portalctl(['outbox', 'send'], { env: { PORTAL_SMTP_URL: 'http://127.0.0.1:1', PORTAL_SMTP_FROM: FROM } });
  assert.equal(badUrl.status, 1);
  assert.match(badUrl.stderr, /smtp:\/\/ or smtps:\/\//);

  // With a password, STARTTLS is required; the sink offers none.
  const secret = `s3cret-${TAG}`;
  const id = outboxAdd(`${TAG}-secret@portal.test`, `Secret ${TAG}`, 'x\n');
  psql(`UPDATE outbox SET next_attempt_at = now() - interval '1 day' WHERE id = :'id';\n`, { id: String(id) });
  const sink = await smtpSink();
  let res;
  try {
    res = await portalctl(['outbox', 'send'], {
      env: smtpEnv(sink, { PORTAL_SMTP_USER: 'portal', PORTAL_SMTP_PASSWORD: secret }),
    });
  } finally {
    await sink.close();
  }
  assert.equal(res.status, 1);
  assert.match(res.stdout, new RegExp(`^not sent ${id} .*STARTTLS`, 'm'));
  assert.match(res.stderr, /unreachable/);
  assert.equal(sink.messages.length, 0);
  assert.ok(!`${res.stdout}${res.stderr}`.includes(secret));
  assert.ok(!(outboxRow(id).last_error || '').includes(secret));
  // Not left for a later run's sink.
  psql(`DELETE FROM outbox WHERE id = :'id';\n`, { id: String(id) });
});

// ---------------------------------------------------------------------------
// funding remind: overdue reports get one reminder a week.

// A paid request in a round of its own in Hamilton, its report due `due`
// days from today (negative: overdue), reminded `reminded` days ago or
// never; made as the owner, as if the working group had paid it.
function paidRequest(label, due, reminded = null) {
  const email = `${TAG}-${label}@portal.test`;
  const row = psql(`
    WITH u AS (INSERT INTO users (email, display_name, password_hash)
               VALUES (:'email', :'label', 'x') RETURNING id),
         l AS (SELECT id FROM locations WHERE slug = 'hamilton'),
         fr AS (INSERT INTO funding_rounds (location_id, name, pool_cents,
                  max_request_cents, opens_on, closes_on, conditions)
                SELECT id, :'label', 100000, 100000, current_date - 200,
                  current_date + 100, 'Report back.' FROM l RETURNING id, location_id)
    INSERT INTO funding_requests (location_id, round_id, applicant_id, state,
           title, amount_cents, approved_cents, paid_cents, paid_on,
           report_due_on, reminded_at)
    SELECT fr.location_id, fr.id, u.id, 'disbursed', :'title', 50000, 50000,
           50000, current_date - 100, current_date + (:'due')::integer,
           now() - nullif(:'reminded', '')::integer * interval '1 day'
      FROM fr, u RETURNING id;\n`,
  { email, label, title: `Report ${label} ${TAG}`, due: String(due), reminded: reminded === null ? '' : String(reminded) });
  return { id: Number(row), email };
}

const reminders = (email) => Number(psql(`SELECT count(*) FROM outbox
  WHERE to_email = :'email' AND kind = 'funding_report_reminder';\n`, { email }));
const remindedAt = (id) => psql(`SELECT coalesce(reminded_at::text, '') FROM funding_requests WHERE id = :'id';\n`, { id: String(id) });

test('funding remind writes one reminder per overdue report, then none for a week', async () => {
  const overdue = paidRequest('overdue', -10);
  const notDue = paidRequest('notdue', 5);
  const recent = paidRequest('recent', -30, 3);
  const lastWeek = paidRequest('lastweek', -30, 8);
  const first = await portalctl(['funding', 'remind'], { env: { PORTAL_SITE_URL: 'https://portal.test/' } });
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, new RegExp(`^reminded ${overdue.id} \\(hamilton\\): report due \\d{4}-\\d\\d-\\d\\d, to ${overdue.email}: Report overdue ${TAG}$`, 'm'));
  assert.match(first.stdout, new RegExp(`^reminded ${lastWeek.id} `, 'm'));
  assert.doesNotMatch(first.stdout, new RegExp(`^reminded (${notDue.id}|${recent.id}) `, 'm'));
  assert.match(first.stdout, /^funding remind: \d+ overdue reports? reminded$/m);
  assert.equal(reminders(overdue.email), 1);
  assert.equal(reminders(lastWeek.email), 1);
  assert.equal(reminders(notDue.email), 0);
  assert.equal(reminders(recent.email), 0);
  assert.notEqual(remindedAt(overdue.id), '');
  assert.equal(remindedAt(notDue.id), '');
  const body = psql(`SELECT subject || E'\\n' || body FROM outbox WHERE to_email = :'email';\n`, { email: overdue.email });
  assert.match(body, new RegExp(`Your report on "Report overdue ${TAG}" is overdue`));
  assert.match(body, new RegExp(`https://portal\\.test/l/hamilton/requests/${overdue.id}$`));
  assert.equal(psql(`SELECT count(*) FROM audit_log WHERE action = 'funding_report_reminded'
    AND detail->>'request_id' = :'id' AND detail->>'via' = 'portalctl';\n`, { id: String(overdue.id) }), '1');

  const again = await portalctl(['funding', 'remind']);
  assert.equal(again.status, 0, again.stderr);
  assert.doesNotMatch(again.stdout, new RegExp(`^reminded (${overdue.id}|${lastWeek.id}) `, 'm'));
  assert.equal(reminders(overdue.email), 1);
  assert.equal(reminders(lastWeek.email), 1);
  // Not left for a later outbox send.
  psql(`DELETE FROM outbox WHERE to_email LIKE :'pattern';\n`, { pattern: `${TAG}-%` });
});

test('overlaps refresh finds the pairs of initiatives loaded in bulk; an archived location leaves the list', async () => {
  const slug = `${TAG}-bulk`;
  const add = await portalctl(['location', 'add', slug, `Bulk Town ${TAG}`, 'Test Region']);
  assert.equal(add.status, 0, add.stderr);
  const loc = add.stdout.trim();
  const text = `Riverside waka ama paddling club for newcomer youth ${TAG}`;
  // Nelson's initiative first, on its own: written as portald writes, its
  // pairs are found at once, and there is nothing like it yet.
  const twin = psql(`INSERT INTO initiatives (location_id, title, summary, area, elements, status, visibility, created_by)
    SELECT l.id, :'title', 'Weekly paddling on the river for young newcomers.', 'events_programmes', ARRAY['belonging'],
      'idea', 'working_group', u.id FROM locations l, users u
    WHERE l.slug = 'nelson' AND u.email = 'coordinator.nelson@portal.demo' RETURNING id;\n`, { title: `${text} (Nelson)` });
  const pairsOf = (id) => Number(psql(`SELECT count(*) FROM overlap_pairs WHERE :'id' IN (a_id::text, b_id::text);\n`, { id: twin }));
  assert.equal(pairsOf(twin), 0);
  // Then 1,001 in one statement (a bulk load), one of them its twin: left
  // pending, not searched one by one.
  psql(`INSERT INTO initiatives (location_id, title, summary, area, elements, status, visibility, created_by)
    SELECT :'loc', CASE g WHEN 1 THEN :'title' ELSE 'Bulk filler ' || g || ' ' || md5(g::text) END,
      CASE g WHEN 1 THEN 'Weekly paddling on the river for young newcomers.' ELSE 'Loaded in bulk.' END,
      'events_programmes', ARRAY['belonging'], 'idea', 'working_group', u.id
    FROM generate_series(1, 1001) g, users u WHERE u.email = 'admin@portal.demo';\n`, { loc, title: text });
  assert.equal(psql(`SELECT count(*) FROM overlap_pending p JOIN initiatives i ON i.id = p.initiative_id
    WHERE i.location_id = :'loc';\n`, { loc }), '1001');
  assert.equal(pairsOf(twin), 0);

  const refresh = await portalctl(['overlaps', 'refresh']);
  assert.equal(refresh.status, 0, refresh.stderr);
  const [, searched] = refresh.stdout.match(/^overlaps refresh: (\d+) initiatives searched, none pending\n$/) || [];
  assert.ok(Number(searched) >= 1001, refresh.stdout);
  assert.equal(psql('SELECT count(*) FROM overlap_pending;\n'), '0');
  assert.equal(pairsOf(twin), 1);

  // INZ staff see the pair; once the bulk location is archived, not.
  const inz = await signIn('inz@portal.demo', 'demo-pass-2026');
  const listed = async () => (await get(base, '/api/v1/national/overlaps?area=events_programmes&limit=100', { cookie: inz.cookie }))
    .json().items.some((p) => [p.a.id, p.b.id].includes(Number(twin)));
  assert.equal(await listed(), true);
  const archive = await portalctl(['location', 'archive', slug]);
  assert.equal(archive.status, 0, archive.stderr);
  assert.equal(await listed(), false);
  const again = await portalctl(['overlaps', 'refresh']);
  assert.equal(again.stdout, 'overlaps refresh: 0 initiatives searched, none pending\n');
});

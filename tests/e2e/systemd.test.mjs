// The systemd units of deploy/systemd (docs/deploy.md, "systemd units"):
// they parse (systemd-analyze verify), every service is hardened to an
// exposure of 2.0 or less ("OK" or better) in systemd-analyze security's
// offline rating, none runs as root, portald takes its socket from
// portald.socket, and the scheduled jobs are timers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './lib/stack.mjs';

const DIR = path.join(ROOT, 'deploy/systemd');
const units = readdirSync(DIR).filter((f) => /\.(service|socket|timer)$/.test(f)).sort();
const services = units.filter((f) => f.endsWith('.service'));
const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
const noAnalyze = analyze.error ? 'systemd-analyze is not installed (Debian package systemd; make deps installs it)' : false;
const read = (u) => readFileSync(path.join(DIR, u), 'utf8');
const setting = (text, key) => [...text.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]);

// The units as installed, with /srv/portal's programs pointing at this
// checkout's build (verify checks that ExecStart= is executable).
function installed() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-units-'));
  chmodSync(dir, 0o755);
  const build = path.join(ROOT, 'build', process.env.PORTAL_BUILD || 'opt');
  for (const u of units)
    writeFileSync(path.join(dir, u), read(u)
      .replace(/\/srv\/portal\/(portald|portalctl)\b/g, `${build}/$1`)
      .replace(/\/srv\/portal\/portal-backup\b/g, path.join(ROOT, 'deploy/backup/portal-backup')));
  return dir;
}

test('the units are there: portald with its socket, the outbox sender, the jobs as timers', () => {
  for (const u of ['portald.service', 'portald.socket', 'portal-outbox.service', 'portal-remind.service',
    'portal-remind.timer', 'portal-overlaps.service', 'portal-overlaps.timer', 'portal-backup.service',
    'portal-backup.timer', 'portal-audit-seal.service', 'portal-audit-seal.timer'])
    assert.ok(units.includes(u), `deploy/systemd/${u}`);
  const portald = read('portald.service');
  assert.deepEqual(setting(portald, 'Requires'), ['portald.socket']);
  assert.deepEqual(setting(read('portald.socket'), 'ListenStream'), setting(portald, 'Environment=PORTAL_SOCKET'));
  for (const t of units.filter((u) => u.endsWith('.timer')))
    assert.ok(units.includes(t.replace(/\.timer$/, '.service')), `${t} has its service`);
});

test('no service runs as root', () => {
  for (const s of services) {
    const user = setting(read(s), 'User');
    assert.equal(user.length, 1, `${s}: one User=`);
    assert.notEqual(user[0], 'root', `${s} runs as an unprivileged user`);
    if (s !== 'portal-backup.service') assert.equal(user[0], 'portal', `${s} runs as portal`);
    assert.match(user[0], /^[a-z][a-z0-9_-]*$/);
  }
});

test('systemd-analyze verify accepts every unit', { skip: noAnalyze }, () => {
  const dir = installed();
  try {
    const r = spawnSync('systemd-analyze', ['verify', ...units.map((u) => path.join(dir, u))], { encoding: 'utf8' });
    // Outside a booted systemd, verify may also mention the host's own
    // units; only lines about ours count.
    const ours = `${r.stdout}${r.stderr}`.split('\n').filter((l) => units.some((u) => l.includes(u)));
    assert.deepEqual(ours, [], ours.join('\n'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('systemd-analyze security rates every service 2.0 or less (OK or better)', { skip: noAnalyze }, () => {
  for (const s of services) {
    const out = execFileSync('systemd-analyze', ['security', '--offline=yes', path.join(DIR, s)], { encoding: 'utf8' });
    const m = out.match(/Overall exposure level for \S+: (\d+\.\d+) (\w+)/);
    assert.ok(m, `${s}: a rating in\n${out.slice(-500)}`);
    assert.ok(Number(m[1]) <= 2.0, `${s}: exposure ${m[1]} ${m[2]}, more than 2.0`);
  }
});

// A checkout in a private directory (a clone under a mode-0700 parent, as
// root's home is): the stack the tests and the bench use must still work
// when nginx's workers (www-data) and PostgreSQL (postgres) cannot reach
// the checkout.  A copy of what stack.sh needs goes under a 0700
// directory, and a stack comes up from there, run from there.  Only
// meaningful as root (otherwise every process is the same user).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, mkdtempSync, chmodSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ROOT, freePort } from './lib/stack.mjs';
import { get } from './lib/http.mjs';

const BUILD = process.env.PORTAL_BUILD || 'opt';
const asRoot = process.getuid?.() === 0;

test('a stack comes up from a checkout under a mode-0700 directory', { skip: !asRoot && 'needs root' }, async () => {
  const priv = mkdtempSync('/tmp/portal-private-');
  chmodSync(priv, 0o700);
  const copy = path.join(priv, 'checkout');
  const dir = mkdtempSync('/tmp/portal-e2e-');
  const stack = path.join(copy, 'app/stack/stack.sh');
  try {
    for (const p of ['app/stack', 'app/templates', 'nginx', 'public', 'sql', 'tests/lsan.supp']) {
      cpSync(path.join(ROOT, p), path.join(copy, p), { recursive: true });
    }
    mkdirSync(path.join(copy, 'build', BUILD), { recursive: true });
    for (const bin of ['portald', 'portalctl']) {
      cpSync(path.join(ROOT, 'build', BUILD, bin), path.join(copy, 'build', BUILD, bin));
    }
    const port = await freePort();
    // Output to a file, not a pipe: the servers it starts outlive it.
    const log = path.join(priv, 'up.log');
    const fd = openSync(log, 'w');
    try {
      execFileSync('bash', [stack, 'up', dir, String(port), BUILD],
        { cwd: copy, stdio: ['ignore', fd, fd], timeout: 120000 });
    } finally {
      closeSync(fd);
    }
    const out = readFileSync(log, 'utf8');
    const base = `http://127.0.0.1:${port}`;
    assert.equal((await get(base, '/static/css/portal.css')).status, 200, 'nginx serves public/');
    assert.equal((await get(base, '/favicon.ico')).status, 200);
    assert.equal((await get(base, '/')).status, 200, 'portald and PostgreSQL answer');
    assert.doesNotMatch(out, /Permission denied/);
  } finally {
    try {
      execFileSync('bash', [stack, 'down', dir], { cwd: '/', stdio: 'ignore' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(priv, { recursive: true, force: true });
    }
  }
});

// Reading and arranging the test stack's database directly, as its
// superuser over the stack's unix socket: the outbox tests read instead
// of a mailbox, and clocks moved back to test expiry.
import { execFileSync } from 'node:child_process';

function psql(stack, query, user) {
  return execFileSync('psql', ['-h', stack.env.PGSOCK, '-U', user, '-d', 'portal',
    '-X', '-At', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', query], { encoding: 'utf8' });
}

// Runs SQL and returns the rows as arrays of text (one line per row).
export function sql(stack, query, { user = 'postgres' } = {}) {
  return psql(stack, query, user).split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

// Runs SQL returning one value, which may span lines.
export function sqlValue(stack, query, { user = 'postgres' } = {}) {
  return psql(stack, query, user).replace(/\n$/, '');
}

export const quote = (s) => `'${String(s).replace(/'/g, "''")}'`;

// The newest outbox message of a kind to an address: {subject, body}.
export function lastMail(stack, to, kind) {
  const where = `FROM outbox WHERE to_email = ${quote(to)} AND kind = ${quote(kind)}
    ORDER BY id DESC LIMIT 1`;
  const subject = sqlValue(stack, `SELECT subject ${where}`);
  return subject === '' ? undefined : { subject, body: sqlValue(stack, `SELECT body ${where}`) };
}

// The token of the link (after prefix) in the newest such message.
export function linkToken(stack, to, kind, prefix) {
  const m = lastMail(stack, to, kind)?.body.match(new RegExp(`${prefix}([A-Za-z0-9_-]{43})`));
  return m ? m[1] : undefined;
}

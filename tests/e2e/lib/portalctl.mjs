// portalctl against a test stack, as stack.sh runs it: the owner's
// connection string and the stack's server key.  It does not block the
// event loop (a test's SMTP sink lives in the same process), and fails on a
// sanitizer report.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './stack.mjs';

const BUILD = process.env.PORTAL_BUILD || 'opt';
export const PORTALCTL = path.join(ROOT, 'build', BUILD, 'portalctl');

// Resolves to {status, stdout, stderr}.
export function portalctl(stack, args, { input = '', env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(PORTALCTL, args, {
      cwd: ROOT,
      env: {
        ...process.env,
        PORTAL_ADMIN_DATABASE_URL: `host=${stack.env.PGSOCK} dbname=portal user=portal_owner`,
        PORTAL_SECRET_KEY_FILE: path.join(stack.dir, 'secret.key'),
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status) => {
      const report = stderr.match(/(AddressSanitizer|LeakSanitizer|runtime error:)[^\n]*/);
      if (report) reject(new Error(`sanitizer report from portalctl ${args.join(' ')}: ${report[0]}`));
      else resolve({ status, stdout, stderr });
    });
    child.stdin.on('error', () => {});	// exits before reading: fine
    child.stdin.end(input);
  });
}

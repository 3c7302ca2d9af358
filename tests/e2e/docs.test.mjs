// docs/architecture.md against the tree: its module map names every C file
// under app/ (.c, .h, .inc) and no file that does not exist.  Needs no
// stack: it reads the repository only.
//
// The map's conventions, read from its first column: each row names one or
// more code spans, paths relative to app/ (`db/stmt.c`) or from the
// repository's root when they start with app/; after the first, `.h` is
// the first file's stem with that ending, a bare name (`route_table.h`) or
// a glob (`routes_*.inc`) is in the first file's folder, and a span with a
// slash is relative to app/ again.  A span ending in / names a folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const APP = path.join(ROOT, 'app');

// Every .c, .h and .inc under app/, relative to app/.
function sources(dir = APP) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.(c|h|inc)$/.test(e.name) ? [path.relative(APP, full)] : [];
  });
}

// The first cell of each row of the "Module map" table, as its code spans.
function mapRows() {
  const md = fs.readFileSync(path.join(ROOT, 'docs', 'architecture.md'), 'utf8');
  const start = md.indexOf('\n## Module map\n');
  assert.ok(start !== -1, 'architecture.md has a "Module map" section');
  const rest = md.slice(start + 1);
  const end = rest.indexOf('\n## ', 1);
  return (end === -1 ? rest : rest.slice(0, end)).split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => [...l.split('|')[1].matchAll(/`([^`]+)`/g)].map((m) => m[1]));
}

// What one row names: { files: [app-relative paths], globs, folders }.
function named(spans) {
  const out = { files: [], globs: [], folders: [] };
  const fromApp = (s) => (s.startsWith('app/') ? s.slice(4) : s);
  const first = fromApp(spans[0]);
  const dir = path.posix.dirname(first);
  spans.forEach((span, i) => {
    let p;
    if (span.endsWith('/')) {
      out.folders.push(span);
      return;
    }
    if (i === 0 || span.includes('/')) p = fromApp(span);
    else if (span.startsWith('.')) p = first.replace(/\.[^./]+$/, '') + span;
    else p = path.posix.join(dir, span);
    (p.includes('*') ? out.globs : out.files).push(p);
  });
  return out;
}

function globRe(glob) {
  return new RegExp('^' + glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]*') + '$');
}

const rows = mapRows().map(named);
const files = sources();

test('the module map names every C source file under app/', () => {
  const covered = new Set(rows.flatMap((r) => r.files));
  const globs = rows.flatMap((r) => r.globs).map(globRe);
  const missing = files.filter((f) => !covered.has(f) && !globs.some((g) => g.test(f)));
  assert.deepEqual(missing, [], 'files architecture.md does not name');
});

test('every file and folder the module map names exists', () => {
  const gone = rows.flatMap((r) => r.files).filter((f) => !fs.existsSync(path.join(APP, f)));
  assert.deepEqual(gone, [], 'files architecture.md names that do not exist');
  const empty = rows.flatMap((r) => r.globs).filter((g) => !files.some((f) => globRe(g).test(f)));
  assert.deepEqual(empty, [], 'globs architecture.md names that match no file');
  const folders = rows.flatMap((r) => r.folders)
    .filter((d) => !fs.existsSync(path.join(ROOT, d)) || !fs.statSync(path.join(ROOT, d)).isDirectory());
  assert.deepEqual(folders, [], 'folders architecture.md names that do not exist');
});

// The catalogues against the interface (docs/i18n.md): every translatable
// string, extracted from the templates and C sources the way `make pot`
// does (the template parser's own extractor and xgettext), must be
// translated in the mi and ar catalogues, and its applicant-facing part
// (the messages of the files po/APPLICANT lists, marked
// "#. applicant-facing") in fa_AF, my and es.  A translation keeps the
// msgid's {placeholders}.  Needs no stack.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ROOT } from './lib/stack.mjs';

// A PO file's entries: [{context, id, plural, strs, fuzzy, comments}].
function parsePo(text) {
  const entries = [];
  for (const block of text.split(/\n\s*\n/)) {
    const e = { context: null, id: null, plural: null, strs: [], fuzzy: false, comments: [] };
    let field = null;
    for (const line of block.split('\n')) {
      if (line.startsWith('#~')) { field = null; continue; }
      if (line.startsWith('#,')) { e.fuzzy ||= /\bfuzzy\b/.test(line); continue; }
      if (line.startsWith('#.')) { e.comments.push(line.slice(2).trim()); continue; }
      if (line.startsWith('#')) continue;
      const m = line.match(/^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$/);
      const value = m ? JSON.parse(m[3]) : line.startsWith('"') ? JSON.parse(line) : null;
      if (m) {
        field = m[1].startsWith('msgstr') ? ['strs', Number(m[2] || 0)] : m[1];
        if (field[0] === 'strs') e.strs[field[1]] = value;
        else if (field === 'msgctxt') e.context = value;
        else if (field === 'msgid') e.id = value;
        else e.plural = value;
      } else if (value !== null && field) {
        if (field[0] === 'strs') e.strs[field[1]] += value;
        else if (field === 'msgctxt') e.context += value;
        else if (field === 'msgid') e.id += value;
        else e.plural += value;
      }
    }
    if (e.id !== null) entries.push(e);
  }
  return entries;
}

// The header (msgid "") as one text, and the messages.
const header = (entries) => entries.find((e) => e.id === '')?.strs[0] ?? '';
const body = (entries) => entries.filter((e) => e.id !== '');

const key = (e) => `${e.context ?? ''}\u0004${e.id}`;
const placeholders = (s) => [...new Set(s.match(/\{[A-Za-z0-9_.@-]+\}/g) || [])].sort();

function template() {
  execFileSync('make', ['-s', '--no-print-directory', 'build/pot/portal.pot'], { cwd: ROOT, stdio: 'pipe' });
  return body(parsePo(readFileSync(`${ROOT}/build/pot/portal.pot`, 'utf8')));
}

let pot;
function messages() {
  pot ??= template();
  return pot;
}

test('the committed template is what the sources make (run make pot after marking text)', () => {
  const committed = body(parsePo(readFileSync(`${ROOT}/po/portal.pot`, 'utf8'))).map(key).sort();
  const fresh = messages().map(key).sort();
  assert.deepEqual(committed.filter((k) => !fresh.includes(k)), [], 'po/portal.pot has messages the sources no longer have');
  assert.deepEqual(fresh.filter((k) => !committed.includes(k)), [], 'the sources have messages po/portal.pot lacks');
});

test('the template has the interface: templates, handlers, validators, vocabularies, emails', () => {
  const ids = new Set(messages().map((e) => e.id));
  for (const id of ['Apply for funding', 'Sign in', 'is required', 'Belonging', 'News & Narrative',
    'Submitted', 'You are invited to join a settlement working group', 'draft: needs community review'])
    assert.ok(ids.has(id), `missing from the template: ${id}`);
  assert.ok(messages().some((e) => e.comments.includes('applicant-facing')));
});

const catalogues = [
  { name: 'mi', all: true, nplurals: 2 },
  { name: 'ar', all: true, nplurals: 6 },
  { name: 'fa_AF', all: false, nplurals: 2 },
  { name: 'my', all: false, nplurals: 1 },
  { name: 'es', all: false, nplurals: 2 },
];

for (const cat of catalogues) {
  test(`${cat.name}.po translates ${cat.all ? 'every message' : 'every applicant-facing message'}`, () => {
    const entries = parsePo(readFileSync(`${ROOT}/po/${cat.name}.po`, 'utf8'));
    const head = header(entries);
    assert.match(head, new RegExp(`^Plural-Forms: nplurals=${cat.nplurals};`, 'm'));
    assert.match(head, new RegExp(`^Language: ${cat.name}$`, 'm'));
    assert.match(head, /^Language-Team: .+$/m);
    assert.match(head, /^X-Review-Status: (draft|reviewed)/m);
    const have = new Map(body(entries).map((e) => [key(e), e]));
    const missing = [];
    const broken = [];
    for (const m of messages()) {
      if (!cat.all && !m.comments.includes('applicant-facing')) continue;
      const t = have.get(key(m));
      if (!t || t.fuzzy || t.strs.length === 0 || t.strs.some((s) => !s)) {
        missing.push(m.id);
        continue;
      }
      const want = placeholders(m.id + (m.plural ?? ''));
      for (const s of t.strs)
        if (placeholders(s).some((p) => !want.includes(p))) broken.push(`${m.id} -> ${s}`);
    }
    assert.deepEqual(broken, [], `${cat.name}: translations with placeholders the English does not have`);
    assert.equal(missing.length, 0,
      `${cat.name}: ${missing.length} untranslated, e.g.\n  ${missing.slice(0, 10).join('\n  ')}`);
  });
}

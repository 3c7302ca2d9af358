// The OpenAPI document (docs/openapi.json) as the tests use it: which
// operation answers a method and path, and whether an answer matches the
// schema the document gives for its status.  http.mjs checks every
// /api/v1 answer the end-to-end tests receive through here, so a field
// the document promises and the portal drops fails the test that saw it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DOC_PATH = path.join(ROOT, 'docs/openapi.json');
export const doc = JSON.parse(readFileSync(DOC_PATH, 'utf8'));

export const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

// The document's component schemas, under one id so "#/components/..."
// references resolve; strict, so a misspelt keyword fails at start.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
ajv.addVocabulary(['components']);
ajv.addSchema({ $id: 'openapi.json', components: { schemas: doc.components.schemas } });
for (const name of Object.keys(doc.components.schemas)) ajv.getSchema(`openapi.json#/components/schemas/${name}`);

// Every operation: { method, path, template (segments), op }.
export const operations = Object.entries(doc.paths).flatMap(([p, item]) =>
  METHODS.filter((m) => item[m]).map((m) => ({ method: m.toUpperCase(), path: p, segments: p.split('/'), op: item[m] })));

// The operation for a request, preferring literal segments over {params}
// (/reviews/mine before /reviews/{id}); undefined when none.
export function findOperation(method, url) {
  const segs = url.split('?')[0].split('/');
  const m = method === 'HEAD' ? 'GET' : method;
  let best, bestScore = -1;
  for (const o of operations) {
    if (o.method !== m || o.segments.length !== segs.length) continue;
    let score = 0;
    const fits = o.segments.every((s, i) => {
      if (/^\{\w+\}$/.test(s)) return segs[i] !== '';
      score += 1;
      return s === segs[i];
    });
    if (fits && score > bestScore) { best = o; bestScore = score; }
  }
  return best;
}

// "#/components/responses/Error" and the like, followed.
function deref(x) {
  while (x && x.$ref) x = x.$ref.split('/').slice(1).reduce((o, k) => o[k], doc);
  return x;
}

const compiled = new Map();
function validatorFor(schema) {
  const key = JSON.stringify(schema);
  if (!compiled.has(key)) {
    // Rewrite local references to the registered document's id.
    const text = key.replace(/"#\/components\//g, '"openapi.json#/components/');
    compiled.set(key, ajv.compile(JSON.parse(text)));
  }
  return compiled.get(key);
}

// The schema for an answer: the operation's for this status, else its
// "default" for an error; for a path no operation answers (a 404, a 405),
// the error schema.  Throws when a success status is not documented.
function schemaFor(method, url, status) {
  const o = findOperation(method, url);
  const errorSchema = deref(doc.components.responses.Error).content['application/json'].schema;
  if (!o) return status >= 400 ? errorSchema : undefined;
  const r = deref(o.op.responses[String(status)] || (status >= 400 ? o.op.responses.default : undefined));
  if (!r) throw new Error(`docs/openapi.json: ${o.method} ${o.path} documents no ${status} answer`);
  return r.content?.['application/json']?.schema;
}

// Checks one answer; returns a list of problems (empty when it fits).
export function problems(method, url, res) {
  if (!url.startsWith('/api/v1/') && url !== '/api/v1') return [];
  const type = res.headers['content-type'] || '';
  if (!type.startsWith('application/json') || res.text === '') return [];
  const schema = schemaFor(method, url, res.status);
  if (!schema) return [`${method} ${url} answered ${res.status} with JSON the document does not describe`];
  const validate = validatorFor(schema);
  if (validate(JSON.parse(res.text))) return [];
  return validate.errors.map((e) => `${method} ${url} ${res.status}: ${e.instancePath || '(body)'} ${e.message}`);
}

// Throws with every problem of an answer (http.mjs calls it).
export function checkAnswer(method, url, res) {
  const p = problems(method, url, res);
  if (p.length) throw new Error(`answer does not match docs/openapi.json:\n  ${p.slice(0, 10).join('\n  ')}`);
}

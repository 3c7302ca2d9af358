// docs/openapi.json against the portal: the document is OpenAPI 3.1 whose
// schemas compile, it names exactly the /api/v1 routes of the route table
// (portald --routes), and the main resources' answers fit its schemas.
// (Every other /api/v1 answer of the suite is checked too: lib/http.mjs.)
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { sharedStack, ROOT } from './lib/stack.mjs';
import { doc, operations, problems, findOperation } from './lib/openapi.mjs';
import { signIn } from './lib/session.mjs';

let base;
before(async () => { base = (await sharedStack()).base; });

// "GET /api/v1/invitations/{token}": the route table's secret marks dropped.
function routeTable() {
  const portald = path.join(ROOT, 'build', process.env.PORTAL_BUILD || 'opt', 'portald');
  return execFileSync(portald, ['--routes'], { encoding: 'utf8' }).split('\n')
    .filter((l) => / \/api\/v1\//.test(l))
    .map((l) => l.replace(/\{(\w+):secret\}/g, '{$1}'));
}

test('every /api/v1 route is in docs/openapi.json, and it names no other', () => {
  const routes = new Set(routeTable());
  const documented = new Set(operations.map((o) => `${o.method} ${o.path}`));
  const missing = [...routes].filter((r) => !documented.has(r));
  const extra = [...documented].filter((r) => !routes.has(r));
  assert.ok(routes.size > 50, `portald --routes printed ${routes.size} /api/v1 routes`);
  assert.deepEqual(missing, [], 'routes in app/handlers/routes.c that docs/openapi.json lacks: '
    + 'add an operation for each under "paths" (method in lower case, {name:secret} written {name})');
  assert.deepEqual(extra, [], 'operations in docs/openapi.json that no route of app/handlers/routes.c '
    + 'answers: remove them or add the route');
});

// What "3.1" asks of the parts the tests rely on: every operation has an
// id, answers and its path's parameters; every reference resolves.
test('docs/openapi.json is an OpenAPI 3.1 document whose references resolve', () => {
  assert.match(doc.openapi, /^3\.1\.\d+$/);
  assert.equal(typeof doc.info.title, 'string');
  assert.equal(typeof doc.info.version, 'string');
  const ids = new Set();
  for (const o of operations) {
    const where = `${o.method} ${o.path}`;
    assert.ok(o.op.operationId && !ids.has(o.op.operationId), `${where}: a unique operationId`);
    ids.add(o.op.operationId);
    assert.ok(Object.keys(o.op.responses).some((s) => /^[23]\d\d$/.test(s)), `${where}: a success answer`);
    assert.ok(o.op.responses.default, `${where}: a default (error) answer`);
    const named = [...o.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const declared = (o.op.parameters || []).filter((p) => p.in === 'path' && p.required).map((p) => p.name).sort();
    assert.deepEqual(declared, named, `${where}: its path parameters`);
  }
  const walk = (x, at) => {
    if (Array.isArray(x)) return x.forEach((v, i) => walk(v, `${at}/${i}`));
    if (x === null || typeof x !== 'object') return;
    if (typeof x.$ref === 'string') {
      const target = x.$ref.split('/').slice(1).reduce((o, k) => (o ? o[k] : o), doc);
      assert.ok(x.$ref.startsWith('#/') && target, `${at}: $ref ${x.$ref} resolves`);
    }
    for (const [k, v] of Object.entries(x)) walk(v, `${at}/${k}`);
  };
  walk(doc, '#');
});

test('the check catches an answer that does not fit, and a success the document does not list', () => {
  const json = { 'content-type': 'application/json' };
  assert.deepEqual(problems('GET', '/api/v1/locations', { status: 200, headers: json,
    text: '{"items":[{"slug":"a","name":"A","region":"R"}],"next":null}' }), []);
  const bad = problems('GET', '/api/v1/locations?limit=1', { status: 200, headers: json,
    text: '{"items":[{"slug":"a","name":"A"}],"next":3}' });
  assert.equal(bad.length, 2, bad.join('\n'));
  assert.match(bad.join('\n'), /region/);
  assert.throws(() => problems('DELETE', '/api/v1/session', { status: 200, headers: json, text: '{}' }),
    /documents no 200 answer/);
  assert.equal(findOperation('GET', '/api/v1/locations/hamilton/requests/4/reviews/mine').path,
    '/api/v1/locations/{slug}/requests/{id}/reviews/mine');
});

// The main resources as a coordinator reads them; lib/http.mjs has checked
// each answer against its schema by the time it arrives here.
test('the main resources answer what their schemas say', async () => {
  const coord = await signIn(base, 'coordinator.hamilton@portal.demo');
  const L = '/api/v1/locations/hamilton';
  const ok = async (p) => {
    const res = await coord.get(p);
    assert.equal(res.status, 200, `${p}: ${res.text}`);
    return res.json();
  };
  await ok('/api/v1/locations');
  await ok(L);
  await ok('/api/v1/me');
  await ok(`${L}/members`);
  await ok(`${L}/audit?limit=5`);
  const ini = (await ok(`${L}/initiatives?limit=5`)).items[0];
  await ok(`${L}/initiatives/${ini.id}`);
  await ok(`${L}/initiatives/${ini.id}/updates`);
  const round = (await ok(`${L}/rounds`)).items[0];
  await ok(`${L}/rounds/${round.id}`);
  const req = (await ok(`${L}/requests?limit=5`)).items[0];
  await ok(`${L}/requests/${req.id}`);
  await ok(`${L}/requests/${req.id}/reviews`);
  const admin = await signIn(base, 'inz@portal.demo');
  for (const p of ['/api/v1/national/overview?limit=2', '/api/v1/national/overlaps', '/api/v1/national/audit?limit=3'])
    assert.equal((await admin.get(p)).status, 200, p);
  const missing = await coord.get(`${L}/initiatives/999999`);
  assert.equal(missing.status, 404);
});

// The access matrix of issues 3 to 6: every route of identity,
// working-group administration, initiatives, micro-funding and national
// oversight, asked by anonymous, an applicant, the observer, a member
// and the coordinator of Hamilton (A), a member of Nelson (B), INZ staff,
// an admin and a national partner agency (sql/033: the overview and the
// exports page and API; elsewhere a signed-in person with no role).  A
// foreign location's private pages answer 404, never 403, so their
// existence is not leaked.  Changes are probed with bodies that
// fail validation (422) or name nothing (404), so the matrix changes
// nothing it reads.  Signing out is asked twice: without the CSRF token
// (403, the session lives on), and with it in a session signed in for
// that one request, which it ends.  Anonymous forms carry the
// double-submit token a browser would have (the portal_csrf cookie).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { sharedStack } from './lib/stack.mjs';
import { request } from './lib/http.mjs';
import { client, register, setCookie, signIn } from './lib/session.mjs';
import { sqlValue } from './lib/db.mjs';

const WHO = ['anonymous', 'applicant', 'observerA', 'memberA', 'coordinatorA', 'memberB', 'inz', 'admin', 'partner'];
const EMAIL = {
  applicant: 'applicant@portal.demo',
  observerA: 'observer.hamilton@portal.demo',
  memberA: 'member.hamilton@portal.demo',
  coordinatorA: 'coordinator.hamilton@portal.demo',
  memberB: 'member.nelson@portal.demo',
  inz: 'inz@portal.demo',
  admin: 'admin@portal.demo',
  partner: 'partner@portal.demo',
};
const A = '/l/hamilton/wg';
const API = '/api/v1/locations/hamilton';
const B = '/l/nelson/wg';
const API_B = '/api/v1/locations/nelson';
const NO_TOKEN = 'x'.repeat(43);
const NO_ID = 999999999;
const NO_CSRF = { csrf: false };	// sent without the CSRF token
const FRESH = { fresh: true };	// each asker in a session of its own

// [method, path, body, expected status for each of WHO, options].  {memberA}
// and {memberB} are those people's user ids.
const MATRIX = [
  ['GET', '/livez', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/healthz', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/l/hamilton/', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/locations', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/locations/hamilton', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/locations/nowhere', null, [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  // Signing in, up and out.  Signed-in people may post these forms too
  // (with their session's token); an empty form is refused before anything.
  ['GET', '/login', null, [200, 303, 303, 303, 303, 303, 303, 303, 303]],
  ['POST', '/login', { email: '', password: '' }, [422, 422, 422, 422, 422, 422, 422, 422, 422]],
  ['POST', '/login', { email: '', password: '' }, [403, 403, 403, 403, 403, 403, 403, 403, 403], NO_CSRF],
  ['POST', '/logout', {}, [303, 403, 403, 403, 403, 403, 403, 403, 403], NO_CSRF],
  ['POST', '/logout', {}, [303, 303, 303, 303, 303, 303, 303, 303, 303], FRESH],
  ['POST', '/api/v1/session', {}, [422, 422, 422, 422, 422, 422, 422, 422, 422]],
  // Anonymous JSON needs no token (application/json is not a simple
  // cross-site request); a cookie session does.
  ['POST', '/api/v1/session', {}, [422, 403, 403, 403, 403, 403, 403, 403, 403], NO_CSRF],
  ['DELETE', '/api/v1/session', null, [401, 403, 403, 403, 403, 403, 403, 403, 403], NO_CSRF],
  ['DELETE', '/api/v1/session', null, [401, 204, 204, 204, 204, 204, 204, 204, 204], FRESH],
  ['GET', '/register', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['POST', '/register', { email: '', display_name: '', password: '' }, [422, 422, 422, 422, 422, 422, 422, 422, 422]],
  ['POST', '/api/v1/users', {}, [422, 422, 422, 422, 422, 422, 422, 422, 422]],
  ['GET', '/password/forgot', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['POST', '/password/forgot', { email: '' }, [422, 422, 422, 422, 422, 422, 422, 422, 422]],
  ['POST', '/api/v1/password-resets', {}, [422, 422, 422, 422, 422, 422, 422, 422, 422]],
  ['GET', `/password/reset/${NO_TOKEN}`, null, [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['POST', `/password/reset/${NO_TOKEN}`, { password: 'long-enough-password' },
    [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', `/invitations/${NO_TOKEN}`, null, [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['POST', `/invitations/${NO_TOKEN}`, { display_name: 'Nobody', password: 'long-enough-password' },
    [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', '/account', null, [303, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['POST', '/account/password', { current_password: '', new_password: '' }, [303, 422, 422, 422, 422, 422, 422, 422, 422]],
  ['POST', '/account/tokens', { name: '' }, [303, 422, 422, 422, 422, 422, 422, 422, 422]],
  ['POST', `/account/tokens/${NO_ID}/revoke`, {}, [303, 404, 404, 404, 404, 404, 404, 404, 404]],
  // Working-group administration of Hamilton (A)...
  ['GET', `${A}/`, null, [303, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', `${A}/members`, null, [303, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', `${A}/invitations`, null, [303, 404, 403, 403, 200, 404, 200, 200, 404]],
  ['POST', `${A}/members/{memberA}`, { role: 'chief' }, [303, 404, 403, 403, 422, 404, 403, 403, 404]],
  ['POST', `${A}/members/${NO_ID}/remove`, {}, [303, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['POST', `${A}/invitations`, { email: '' }, [303, 404, 403, 403, 422, 404, 403, 403, 404]],
  ['GET', `${A}/audit`, null, [303, 404, 403, 403, 200, 404, 200, 200, 404]],
  ['GET', '/l/nowhere/wg/', null, [303, 404, 404, 404, 404, 404, 404, 404, 404]],
  // ...and of Nelson (B), where Hamilton's coordinator is a stranger: 404.
  ['GET', `${B}/`, null, [303, 404, 404, 404, 404, 200, 200, 200, 404]],
  ['GET', `${B}/members`, null, [303, 404, 404, 404, 404, 200, 200, 200, 404]],
  ['POST', `${B}/members/{memberB}`, { role: 'chief' }, [303, 404, 404, 404, 404, 403, 403, 403, 404]],
  ['POST', `${B}/members/${NO_ID}/remove`, {}, [303, 404, 404, 404, 404, 403, 403, 403, 404]],
  ['GET', `${B}/invitations`, null, [303, 404, 404, 404, 404, 403, 200, 200, 404]],
  ['POST', `${B}/invitations`, { email: '' }, [303, 404, 404, 404, 404, 403, 403, 403, 404]],
  ['GET', `${B}/audit`, null, [303, 404, 404, 404, 404, 403, 200, 200, 404]],
  ['GET', '/national/', null, [303, 403, 403, 403, 403, 403, 200, 200, 200]],
  ['GET', '/national/audit', null, [303, 403, 403, 403, 403, 403, 200, 200, 403]],
  ['GET', '/national/audit/chain', null, [303, 403, 403, 403, 403, 403, 200, 200, 403]],
  ['GET', '/api/v1/me', null, [401, 200, 200, 200, 200, 200, 200, 200, 200]],
  // Languages (issue 17): the list of catalogues and their review status is
  // public; a person sets only their own language, and a code the portal
  // does not speak is refused before anything changes.
  ['GET', '/languages', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/api/v1/languages', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['PATCH', '/api/v1/me', { preferred_language: 'xx' }, [401, 422, 422, 422, 422, 422, 422, 422, 422]],
  ['PATCH', '/api/v1/me', { preferred_language: 'xx' }, [401, 403, 403, 403, 403, 403, 403, 403, 403], NO_CSRF],
  ['POST', '/account/language', { preferred_language: 'xx' }, [303, 422, 422, 422, 422, 422, 422, 422, 422]],
  ['GET', '/api/v1/me/tokens', null, [401, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['POST', '/api/v1/me/tokens', {}, [401, 422, 422, 422, 422, 422, 422, 422, 422]],
  ['DELETE', '/api/v1/me/tokens/999999999', null, [401, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', `${API}/members`, null, [401, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', '/api/v1/locations/nelson/members', null, [401, 404, 404, 404, 404, 200, 200, 200, 404]],
  ['PATCH', `${API}/members/4`, { role: 'chief' }, [401, 404, 403, 403, 422, 404, 403, 403, 404]],
  ['DELETE', `${API}/members/999999999`, null, [401, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['GET', `${API}/invitations`, null, [401, 404, 403, 403, 200, 404, 200, 200, 404]],
  ['POST', `${API}/invitations`, {}, [401, 404, 403, 403, 422, 404, 403, 403, 404]],
  ['GET', `${API}/audit`, null, [401, 404, 403, 403, 200, 404, 200, 200, 404]],
  ['PATCH', `${API_B}/members/{memberB}`, { role: 'chief' }, [401, 404, 404, 404, 404, 403, 403, 403, 404]],
  ['DELETE', `${API_B}/members/${NO_ID}`, null, [401, 404, 404, 404, 404, 403, 403, 403, 404]],
  ['GET', `${API_B}/invitations`, null, [401, 404, 404, 404, 404, 403, 200, 200, 404]],
  ['POST', `${API_B}/invitations`, {}, [401, 404, 404, 404, 404, 403, 403, 403, 404]],
  ['GET', `${API_B}/audit`, null, [401, 404, 404, 404, 404, 403, 200, 200, 404]],
  ['GET', '/api/v1/national/overview', null, [401, 403, 403, 403, 403, 403, 200, 200, 200]],
  ['GET', '/api/v1/national/audit', null, [401, 403, 403, 403, 403, 403, 200, 200, 403]],
  ['GET', '/api/v1/national/audit/chain', null, [401, 403, 403, 403, 403, 403, 200, 200, 403]],
  ['POST', `/api/v1/invitations/${NO_TOKEN}`, {}, [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['POST', `/api/v1/password-resets/${NO_TOKEN}`, { password: 'long-enough-password' },
    [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  // Initiatives: {open} is a published Hamilton initiative of the demo data,
  // {closed} one for the working group only.
  ['GET', '/l/hamilton/initiatives', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/l/hamilton/initiatives/{open}', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/l/hamilton/initiatives/{closed}', null, [404, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', '/l/hamilton/initiatives/{closed}/edit', null, [303, 404, 403, 200, 200, 404, 403, 403, 404]],
  ['GET', '/l/hamilton/initiatives/{open}/edit', null, [303, 404, 403, 200, 200, 404, 403, 403, 404]],
  ['GET', `${A}/initiatives`, null, [303, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', `${A}/initiatives/new`, null, [303, 404, 403, 200, 200, 404, 403, 403, 404]],
  ['POST', `${A}/initiatives`, { title: '' }, [303, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['POST', '/l/hamilton/initiatives/{closed}/edit', { title: '' }, [303, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['POST', '/l/hamilton/initiatives/{open}/edit', { title: '' }, [303, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['POST', '/l/hamilton/initiatives/{closed}/updates', { body: '' }, [303, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['GET', `${API}/initiatives`, null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['POST', `${API}/initiatives`, {}, [401, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['GET', `${API}/initiatives/{open}`, null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `${API}/initiatives/{closed}`, null, [404, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['PATCH', `${API}/initiatives/{closed}`, {}, [401, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['PATCH', `${API}/initiatives/999999999`, { version: 1 }, [401, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['GET', `${API}/initiatives/{open}/updates`, null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `${API}/initiatives/{closed}/updates`, null, [404, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['POST', `${API}/initiatives/{closed}/updates`, {}, [401, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['POST', `${API}/initiatives/{open}/updates`, {}, [401, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['GET', `${API}/exports/initiatives`, null, [401, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', `${API}/exports/updates?format=csv`, null, [401, 404, 200, 200, 200, 404, 200, 200, 404]],
  // Micro-funding (issue 5), on fixtures this file makes: {round} is an
  // open Hamilton round, {future} one not open yet; {mine} is the
  // applicant's request in review (memberA has scored it), {theirs}
  // another applicant's in review, {draft} the applicant's draft.  The
  // changes probed are refused: a body that fails validation (422), a
  // transition from the wrong state (409) or by the wrong person (403).
  ['GET', '/l/hamilton/rounds/{round}', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/l/hamilton/rounds/{future}', null, [404, 404, 200, 200, 200, 404, 200, 200, 200]],
  ['GET', `/l/hamilton/rounds/${NO_ID}`, null, [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', '/l/nelson/rounds/{round}', null, [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', '/l/hamilton/rounds/{round}/edit', null, [303, 404, 403, 403, 200, 404, 403, 403, 404]],
  ['POST', '/l/hamilton/rounds/{round}/edit', { name: '' }, [303, 404, 403, 403, 422, 404, 403, 403, 404]],
  ['POST', `/l/hamilton/rounds/${NO_ID}/edit`, { name: '' }, [303, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['GET', '/l/hamilton/rounds/{round}/apply', null, [303, 200, 200, 200, 200, 200, 403, 403, 200]],
  ['GET', '/l/hamilton/rounds/{future}/apply', null, [303, 404, 409, 409, 409, 404, 403, 403, 409]],
  ['POST', '/l/hamilton/rounds/{round}/apply', { amount: 'lots' }, [303, 422, 422, 422, 422, 422, 403, 403, 422]],
  ['POST', '/l/hamilton/rounds/{future}/apply', { amount: 'lots' }, [303, 404, 409, 409, 409, 404, 403, 403, 409]],
  ['GET', `${A}/rounds`, null, [303, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', `${B}/rounds`, null, [303, 404, 404, 404, 404, 200, 200, 200, 404]],
  ['GET', `${A}/rounds/new`, null, [303, 404, 403, 403, 200, 404, 403, 403, 404]],
  ['POST', `${A}/rounds`, { name: '' }, [303, 404, 403, 403, 422, 404, 403, 403, 404]],
  ['POST', `${B}/rounds`, { name: '' }, [303, 404, 404, 404, 404, 403, 403, 403, 404]],
  ['GET', `${A}/requests`, null, [303, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', `${B}/requests`, null, [303, 404, 404, 404, 404, 200, 200, 200, 404]],
  ['GET', '/l/hamilton/requests/{mine}', null, [303, 200, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', '/l/hamilton/requests/{theirs}', null, [303, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', '/l/hamilton/requests/{draft}', null, [303, 200, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', `/l/hamilton/requests/${NO_ID}`, null, [303, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', '/l/nelson/requests/{mine}', null, [303, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', '/l/hamilton/requests/{draft}/edit', null, [303, 200, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', '/l/hamilton/requests/{mine}/edit', null, [303, 409, 403, 403, 403, 404, 403, 403, 404]],
  ['GET', '/l/hamilton/requests/{theirs}/edit', null, [303, 404, 403, 403, 403, 404, 403, 403, 404]],
  ['POST', '/l/hamilton/requests/{draft}/edit', { amount: 'lots' }, [303, 422, 404, 404, 404, 404, 404, 404, 404]],
  ['POST', '/l/hamilton/requests/{mine}/edit', { amount: 'lots' }, [303, 409, 403, 403, 403, 404, 403, 403, 404]],
  ['POST', '/l/hamilton/requests/{mine}/transitions', { action: 'submit' }, [303, 409, 403, 403, 403, 404, 403, 403, 404]],
  ['POST', '/l/hamilton/requests/{mine}/transitions', { action: 'close' }, [303, 403, 403, 403, 409, 404, 403, 403, 404]],
  ['POST', '/l/hamilton/requests/{mine}/transitions', { action: 'decline', reason: '' },
    [303, 403, 403, 403, 422, 404, 403, 403, 404]],
  ['POST', '/l/hamilton/requests/{theirs}/transitions', { action: 'withdraw' }, [303, 404, 403, 403, 403, 404, 403, 403, 404]],
  ['POST', '/l/hamilton/requests/{draft}/transitions', { action: 'start_review' }, [303, 403, 404, 404, 404, 404, 403, 403, 404]],
  ['POST', `/l/hamilton/requests/${NO_ID}/transitions`, { action: 'close' }, [303, 404, 404, 404, 404, 404, 403, 403, 404]],
  ['POST', '/l/hamilton/requests/{mine}/review', { alignment: '4', benefit: '4', feasibility: '6', value: '4' },
    [303, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['POST', '/l/hamilton/requests/{draft}/review', { alignment: '4', benefit: '4', feasibility: '6', value: '4' },
    [303, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['GET', '/my/requests', null, [303, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `${API}/rounds`, null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['POST', `${API}/rounds`, {}, [401, 404, 403, 403, 422, 404, 403, 403, 404]],
  ['GET', `${API}/rounds/{round}`, null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `${API}/rounds/{future}`, null, [404, 404, 200, 200, 200, 404, 200, 200, 200]],
  ['GET', `${API_B}/rounds/{round}`, null, [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['PATCH', `${API}/rounds/{round}`, { name: '' }, [401, 404, 403, 403, 422, 404, 403, 403, 404]],
  ['PATCH', `${API}/rounds/${NO_ID}`, { name: '' }, [401, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['PATCH', `${API_B}/rounds/{round}`, { name: '' }, [401, 404, 404, 404, 404, 403, 403, 403, 404]],
  ['GET', `${API}/requests`, null, [401, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', `${API}/requests?state=draft`, null, [401, 404, 400, 400, 400, 404, 400, 400, 404]],
  ['GET', `${API_B}/requests`, null, [401, 404, 404, 404, 404, 200, 200, 200, 404]],
  ['POST', `${API}/requests`, {}, [401, 422, 422, 422, 422, 422, 403, 403, 422]],
  ['POST', `${API}/requests`, { round_id: '{future}' }, [401, 422, 409, 409, 409, 422, 403, 403, 409]],
  ['GET', `${API}/requests/{mine}`, null, [401, 200, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', `${API}/requests/{theirs}`, null, [401, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', `${API}/requests/{draft}`, null, [401, 200, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', `${API}/requests/${NO_ID}`, null, [401, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', `${API_B}/requests/{mine}`, null, [401, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['PATCH', `${API}/requests/{draft}`, { amount_cents: -1 }, [401, 422, 404, 404, 404, 404, 404, 404, 404]],
  ['PATCH', `${API}/requests/{mine}`, { amount_cents: -1 }, [401, 409, 403, 403, 403, 404, 403, 403, 404]],
  ['PATCH', `${API}/requests/{theirs}`, { amount_cents: -1 }, [401, 404, 403, 403, 403, 404, 403, 403, 404]],
  ['POST', `${API}/requests/{mine}/transitions`, { action: 'fly' }, [401, 422, 422, 422, 422, 422, 422, 422, 422]],
  ['POST', `${API}/requests/{mine}/transitions`, { action: 'accept' }, [401, 409, 403, 403, 403, 404, 403, 403, 404]],
  ['POST', `${API}/requests/{mine}/transitions`, { action: 'approve' }, [401, 403, 403, 403, 422, 404, 403, 403, 404]],
  ['POST', `${API}/requests/{mine}/transitions`, { action: 'disburse' }, [401, 403, 403, 403, 409, 404, 403, 403, 404]],
  ['POST', `${API}/requests/{theirs}/transitions`, { action: 'withdraw' }, [401, 404, 403, 403, 403, 404, 403, 403, 404]],
  ['POST', `${API}/requests/{draft}/transitions`, { action: 'report' }, [401, 409, 404, 404, 404, 404, 403, 403, 404]],
  ['POST', `${API_B}/requests/{mine}/transitions`, { action: 'close' }, [401, 404, 404, 404, 404, 404, 403, 403, 404]],
  ['GET', `${API}/requests/{mine}/reviews`, null, [401, 404, 403, 200, 200, 404, 200, 200, 404]],
  ['GET', `${API}/requests/{theirs}/reviews`, null, [401, 404, 403, 200, 200, 404, 200, 200, 404]],
  ['GET', `${API}/requests/{draft}/reviews`, null, [401, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', `${API}/requests/{mine}/reviews/mine`, null, [401, 404, 403, 200, 404, 404, 403, 403, 404]],
  ['PUT', `${API}/requests/{mine}/reviews/mine`, { conflict: false, scores: { alignment: 9 } },
    [401, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['PUT', `${API}/requests/{draft}/reviews/mine`, { conflict: false, scores: { alignment: 9 } },
    [401, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['GET', '/api/v1/my/requests', null, [401, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `${API}/exports/requests`, null, [401, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', `${API}/exports/requests?format=csv`, null, [401, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', `${API}/exports/payments`, null, [401, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', `${API}/exports/payments?format=csv`, null, [401, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', `${API_B}/exports/requests?format=csv`, null, [401, 404, 404, 404, 404, 200, 200, 200, 404]],
  ['GET', `${API_B}/exports/payments`, null, [401, 404, 404, 404, 404, 200, 200, 200, 404]],
  // National oversight (issue 6): only INZ staff and admins, whatever
  // role a person has in a location.  Unknown stocktakes answer 404 to
  // them; an export filtered wrongly 400 (so the matrix records none).
  ['GET', '/national/overlaps', null, [303, 403, 403, 403, 403, 403, 200, 200, 403]],
  ['GET', '/national/stocktakes', null, [303, 403, 403, 403, 403, 403, 200, 200, 403]],
  ['POST', '/national/stocktakes', { name: '' }, [303, 403, 403, 403, 403, 403, 422, 422, 403]],
  ['GET', `/national/stocktakes/${NO_ID}`, null, [303, 403, 403, 403, 403, 403, 404, 404, 403]],
  ['POST', `/national/stocktakes/${NO_ID}/close`, {}, [303, 403, 403, 403, 403, 403, 404, 404, 403]],
  ['GET', `/national/stocktakes/${NO_ID}/locations/hamilton`, null, [303, 403, 403, 403, 403, 403, 404, 404, 403]],
  ['GET', '/national/exports', null, [303, 403, 403, 403, 403, 403, 200, 200, 200]],
  ['GET', '/api/v1/national/overlaps', null, [401, 403, 403, 403, 403, 403, 200, 200, 403]],
  ['GET', '/api/v1/national/stocktakes', null, [401, 403, 403, 403, 403, 403, 200, 200, 403]],
  ['POST', '/api/v1/national/stocktakes', {}, [401, 403, 403, 403, 403, 403, 422, 422, 403]],
  ['GET', `/api/v1/national/stocktakes/${NO_ID}`, null, [401, 403, 403, 403, 403, 403, 404, 404, 403]],
  ['POST', `/api/v1/national/stocktakes/${NO_ID}/close`, {}, [401, 403, 403, 403, 403, 403, 404, 404, 403]],
  ['GET', `/api/v1/national/stocktakes/${NO_ID}/locations/hamilton`, null, [401, 403, 403, 403, 403, 403, 404, 404, 403]],
  ['GET', '/api/v1/national/exports/initiatives?fy=1', null, [401, 403, 403, 403, 403, 403, 400, 400, 400]],
  ['GET', '/api/v1/national/exports/snapshots?format=csv&fy=1', null, [401, 403, 403, 403, 403, 403, 400, 400, 403]],
  // A location's side of stocktakes, and adopting an initiative.
  ['GET', `${A}/stocktakes`, null, [303, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', `${A}/stocktakes/${NO_ID}`, null, [303, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['POST', `${A}/stocktakes/${NO_ID}/complete`, {}, [303, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['GET', `${API}/stocktakes`, null, [401, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', `${API}/stocktakes/${NO_ID}`, null, [401, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['POST', `${API}/stocktakes/${NO_ID}/return`, {}, [401, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['GET', `${API}/exports/snapshots`, null, [401, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['POST', `/l/hamilton/initiatives/${NO_ID}/adopt`, { location: '' }, [303, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['POST', `${API}/initiatives/${NO_ID}/adoptions`, {}, [401, 404, 404, 404, 404, 404, 404, 404, 404]],
  // Structured stocktakes (issue 18): INZ's questionnaires, a location's
  // answers (its coordinators), every location's answers as an export.
  ['GET', '/national/questionnaires', null, [303, 403, 403, 403, 403, 403, 200, 200, 403]],
  ['POST', '/national/questionnaires', { name: '' }, [303, 403, 403, 403, 403, 403, 422, 422, 403]],
  ['GET', `/national/questionnaires/${NO_ID}`, null, [303, 403, 403, 403, 403, 403, 404, 404, 403]],
  ['POST', `/national/questionnaires/${NO_ID}`, { name: '' }, [303, 403, 403, 403, 403, 403, 404, 404, 403]],
  ['POST', `${A}/stocktakes/${NO_ID}/answers`, {}, [303, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['GET', '/api/v1/national/questionnaires', null, [401, 403, 403, 403, 403, 403, 200, 200, 403]],
  ['POST', '/api/v1/national/questionnaires', {}, [401, 403, 403, 403, 403, 403, 422, 422, 403]],
  ['GET', `/api/v1/national/questionnaires/${NO_ID}`, null, [401, 403, 403, 403, 403, 403, 404, 404, 403]],
  ['PUT', `/api/v1/national/questionnaires/${NO_ID}`, {}, [401, 403, 403, 403, 403, 403, 404, 404, 403]],
  ['PUT', `${API}/stocktakes/${NO_ID}/answers`, {}, [401, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['GET', `/api/v1/national/stocktakes/${NO_ID}/answers`, null, [401, 403, 403, 403, 403, 403, 404, 404, 403]],
  ['GET', `/api/v1/national/stocktakes/${NO_ID}/answers?format=csv`, null, [401, 403, 403, 403, 403, 403, 404, 404, 403]],
  // Help to apply (issue 17): the contact point coordinators keep, requests
  // made on someone's behalf (members, coordinators and national staff;
  // the form of an open round), claiming one with its code (a wrong code
  // is 422 for everyone signed in), and the page about the framework.
  ['GET', '/framework', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `${A}/contact`, null, [303, 404, 403, 403, 200, 404, 200, 200, 404]],
  ['POST', `${A}/contact`, { name: '' }, [303, 404, 403, 403, 422, 404, 403, 403, 404]],
  ['POST', `${B}/contact`, { name: '' }, [303, 404, 404, 404, 404, 403, 403, 403, 404]],
  ['PUT', `${API}/contact`, {}, [401, 404, 403, 403, 422, 404, 403, 403, 404]],
  // Meetings (issue 20): the group and national staff read, coordinators
  // change; an unknown meeting is 404 to whoever may ask.
  ['GET', `${A}/meetings`, null, [303, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', `${B}/meetings`, null, [303, 404, 404, 404, 404, 200, 200, 200, 404]],
  ['GET', `${A}/meetings/new`, null, [303, 404, 403, 403, 200, 404, 403, 403, 404]],
  ['POST', `${A}/meetings`, { title: '' }, [303, 404, 403, 403, 422, 404, 403, 403, 404]],
  ['POST', `${A}/meetings/rule`, { quorum_members: '0' }, [303, 404, 403, 403, 422, 404, 403, 403, 404]],
  ['GET', `${A}/meetings/${NO_ID}`, null, [303, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['POST', `${A}/meetings/${NO_ID}/invitations`, {}, [303, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['POST', `${A}/meetings/${NO_ID}/items`, { kind: '' }, [303, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['POST', `${A}/meetings/${NO_ID}/attendance`, {}, [303, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['GET', `${API}/meetings`, null, [401, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['POST', `${API}/meetings`, {}, [401, 404, 403, 403, 422, 404, 403, 403, 404]],
  ['PUT', `${API}/meeting-rule`, { quorum_members: 0 }, [401, 404, 403, 403, 422, 404, 403, 403, 404]],
  ['GET', `${API}/meetings/${NO_ID}`, null, [401, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['POST', `${API}/meetings/${NO_ID}/invitations`, {}, [401, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['POST', `${API}/meetings/${NO_ID}/items`, {}, [401, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['PUT', `${API}/meetings/${NO_ID}/attendance`, {}, [401, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['POST', `${A}/meetings/${NO_ID}/items/${NO_ID}/decision`, {}, [303, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['POST', `${API}/meetings/${NO_ID}/items/${NO_ID}/decision`, {}, [401, 404, 403, 403, 404, 404, 403, 403, 404]],
  // A meeting's record (issue 20, minutes.c): coordinators write the
  // minutes, approve, correct and publish; the summaries of decisions are
  // public; the actions are read by the group and written by members and
  // coordinators (action.c).
  ['POST', `${A}/meetings/${NO_ID}/items/${NO_ID}/minutes`, { body: 'x' }, [303, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['POST', `${A}/meetings/${NO_ID}/items/${NO_ID}/corrections`, { body: 'x' }, [303, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['POST', `${A}/meetings/${NO_ID}/minutes-approval`, {}, [303, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['POST', `${A}/meetings/${NO_ID}/summary`, {}, [303, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['PUT', `${API}/meetings/${NO_ID}/items/${NO_ID}/minutes`, {}, [401, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['POST', `${API}/meetings/${NO_ID}/items/${NO_ID}/corrections`, {}, [401, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['POST', `${API}/meetings/${NO_ID}/minutes-approval`, {}, [401, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['PUT', `${API}/meetings/${NO_ID}/summary`, {}, [401, 404, 403, 403, 404, 404, 403, 403, 404]],
  ['GET', '/l/hamilton/decisions', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `/l/hamilton/decisions/${NO_ID}`, null, [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', '/api/v1/locations/hamilton/decisions', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `/api/v1/locations/hamilton/decisions/${NO_ID}`, null, [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', `${A}/actions`, null, [303, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['GET', `${B}/actions`, null, [303, 404, 404, 404, 404, 200, 200, 200, 404]],
  ['POST', `${A}/actions`, { body: '' }, [303, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['POST', `${A}/actions/${NO_ID}`, { state: 'done' }, [303, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['GET', `${API}/actions`, null, [401, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['POST', `${API}/actions`, {}, [401, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['PATCH', `${API}/actions/${NO_ID}`, {}, [401, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['PUT', `${API_B}/contact`, {}, [401, 404, 404, 404, 404, 403, 403, 403, 404]],
  ['GET', '/l/hamilton/rounds/{round}/assist', null, [303, 403, 403, 200, 200, 403, 200, 200, 403]],
  ['GET', '/l/hamilton/rounds/{future}/assist', null, [303, 403, 403, 409, 409, 403, 409, 409, 403]],
  ['POST', '/l/hamilton/rounds/{round}/assist', { amount: 'lots' }, [303, 403, 403, 422, 422, 403, 422, 422, 403]],
  ['POST', `${API}/requests`, { on_behalf_of: {}, consent: {} }, [401, 403, 403, 422, 422, 403, 422, 422, 403]],
  ['GET', '/requests/claim', null, [303, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['POST', '/requests/claim', { code: '' }, [303, 422, 422, 422, 422, 422, 422, 422, 422]],
  ['POST', '/api/v1/requests/claim', {}, [401, 422, 422, 422, 422, 422, 422, 422, 422]],
  ['POST', '/api/v1/requests/claim', {}, [401, 403, 403, 403, 403, 403, 403, 403, 403], NO_CSRF],
  // The service directory (issue 19): anyone reads, in any location; the
  // location's members and coordinators write (bad bodies: 422; no such
  // service: 404); national staff read only.
  ['GET', '/l/hamilton/services', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/l/hamilton/services.csv', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/l/hamilton/services/{service}', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `${API}/services`, null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `${API}/services/{service}`, null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `${API}/services/${NO_ID}`, null, [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', `${A}/services/new`, null, [303, 404, 403, 200, 200, 404, 403, 403, 404]],
  ['POST', `${A}/services`, { name: '' }, [303, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['POST', `${API}/services`, {}, [401, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['POST', `${API_B}/services`, {}, [401, 404, 404, 404, 404, 422, 403, 403, 404]],
  ['GET', `/l/hamilton/services/${NO_ID}/edit`, null, [303, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['POST', `/l/hamilton/services/${NO_ID}/edit`, { name: '' }, [303, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['POST', `/l/hamilton/services/${NO_ID}/delete`, {}, [303, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['PATCH', `${API}/services/${NO_ID}`, {}, [401, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['DELETE', `${API}/services/${NO_ID}`, null, [401, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['GET', `${A}/services/import`, null, [303, 404, 403, 200, 200, 404, 403, 403, 404]],
  ['POST', `${A}/services/import`, { csv: '' }, [303, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['POST', `${API}/services/import`, {}, [401, 404, 403, 422, 422, 404, 403, 403, 404]],
  // The events calendar and its iCalendar feeds: the same rule.
  ['GET', '/events.ics', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/l/hamilton/events.ics', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/l/hamilton/events', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/l/hamilton/events/{event}', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/l/hamilton/events/{event}.ics', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `/l/hamilton/events/${NO_ID}.ics`, null, [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', `${API}/events`, null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `${API}/events/{event}`, null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `${A}/events/new`, null, [303, 404, 403, 200, 200, 404, 403, 403, 404]],
  ['POST', `${A}/events`, { title: '' }, [303, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['POST', `${API}/events`, {}, [401, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['POST', `${API_B}/events`, {}, [401, 404, 404, 404, 404, 422, 403, 403, 404]],
  ['GET', `/l/hamilton/events/${NO_ID}/edit`, null, [303, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['POST', `/l/hamilton/events/${NO_ID}/edit`, { title: '' }, [303, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['PATCH', `${API}/events/${NO_ID}`, {}, [401, 404, 403, 404, 404, 404, 403, 403, 404]],
  // Stories: anyone reads published ones and the feed; members and
  // coordinators write; only the coordinator draws one from a report
  // ({mine} has none: 422), and only the applicant withdraws consent.
  ['GET', '/l/hamilton/stories', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/l/hamilton/stories.atom', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', '/l/hamilton/stories/{story}', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `/l/hamilton/stories/${NO_ID}`, null, [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', `${API}/stories`, null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `${API}/stories/{story}`, null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `${A}/stories/new`, null, [303, 404, 403, 200, 200, 404, 403, 403, 404]],
  ['POST', `${A}/stories`, { title: '' }, [303, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['POST', `${API}/stories`, {}, [401, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['POST', `${API}/stories`, { request_id: '{mine}' }, [401, 404, 403, 403, 422, 404, 403, 403, 404]],
  ['POST', `${API_B}/stories`, {}, [401, 404, 404, 404, 404, 422, 403, 403, 404]],
  ['GET', '/l/hamilton/stories/{story}/edit', null, [303, 404, 403, 200, 200, 404, 403, 403, 404]],
  ['GET', `/l/hamilton/stories/${NO_ID}/edit`, null, [303, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['POST', `/l/hamilton/stories/${NO_ID}/edit`, { title: '' }, [303, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['PATCH', `${API}/stories/${NO_ID}`, {}, [401, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['DELETE', `${API}/requests/{mine}/story-consent`, null, [401, 200, 403, 403, 403, 404, 403, 403, 404]],
  ['DELETE', `${API}/requests/{theirs}/story-consent`, null, [401, 404, 403, 403, 403, 404, 403, 403, 404]],
  ['POST', '/l/hamilton/requests/{mine}/story-consent/withdraw', {}, [303, 303, 403, 403, 403, 404, 403, 403, 404]],
  // The newsletter: anyone signs up, confirms and unsubscribes (by a
  // link's token; the one-click POST takes no CSRF token, RFC 8058) and
  // reads the archive; the coordinator composes and sends.
  ['GET', '/l/hamilton/newsletter', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['POST', '/l/hamilton/newsletter', { email: '' }, [422, 422, 422, 422, 422, 422, 422, 422, 422]],
  ['POST', '/l/hamilton/newsletter', { email: '' }, [403, 403, 403, 403, 403, 403, 403, 403, 403], NO_CSRF],
  ['POST', `${API}/subscriptions`, {}, [422, 422, 422, 422, 422, 422, 422, 422, 422]],
  ['GET', `/l/hamilton/newsletter/issues/${NO_ID}`, null, [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', `${API}/newsletter/issues`, null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['GET', `${API}/newsletter/issues/${NO_ID}`, null, [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', `/newsletter/confirm/${NO_TOKEN}`, null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['POST', `/newsletter/confirm/${NO_TOKEN}`, {}, [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['POST', '/api/v1/subscriptions/confirm', {}, [422, 422, 422, 422, 422, 422, 422, 422, 422]],
  ['POST', '/api/v1/subscriptions/confirm', { token: NO_TOKEN }, [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['GET', `/newsletter/unsubscribe?token=${NO_TOKEN}`, null, [404, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['POST', `/newsletter/unsubscribe?token=${NO_TOKEN}`, {}, [404, 404, 404, 404, 404, 404, 404, 404, 404], NO_CSRF],
  ['GET', `${A}/newsletter`, null, [303, 404, 403, 403, 200, 404, 200, 200, 404]],
  ['POST', `${A}/newsletter`, { subject: '' }, [303, 404, 403, 403, 422, 404, 403, 403, 404]],
  ['POST', `${API}/newsletter/issues`, {}, [401, 404, 403, 403, 422, 404, 403, 403, 404]],
  // Directory organisations as an initiative's partners: its writers.
  ['POST', `/l/hamilton/initiatives/${NO_ID}/partner-organisations`, {}, [303, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['PUT', `${API}/initiatives/${NO_ID}/partner-organisations`, {}, [401, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['PUT', `${API}/initiatives/{open}/partner-organisations`, { items: ['x'] }, [401, 404, 403, 422, 422, 404, 403, 403, 404]],
  // Indicators (issue 18): anyone reads them; an admin adds national ones
  // (INZ staff read them), a coordinator the location's own.
  ['GET', '/api/v1/indicators', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['POST', '/api/v1/indicators', {}, [401, 403, 403, 403, 403, 403, 403, 422, 403]],
  ['GET', '/national/indicators', null, [303, 403, 403, 403, 403, 403, 200, 200, 403]],
  ['POST', '/national/indicators', { key: '' }, [303, 403, 403, 403, 403, 403, 403, 422, 403]],
  ['GET', `${A}/indicators`, null, [303, 404, 200, 200, 200, 404, 200, 200, 404]],
  ['POST', `${A}/indicators`, { key: '' }, [303, 404, 403, 403, 422, 404, 403, 403, 404]],
  ['GET', `${API}/indicators`, null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['POST', `${API}/indicators`, {}, [401, 404, 403, 403, 422, 404, 403, 403, 404]],
  ['POST', `${API_B}/indicators`, {}, [401, 404, 404, 404, 404, 403, 403, 403, 404]],
  // An update's figures: read with their history by the location's roles
  // and national staff, confirmed and corrected by members and coordinators.
  ['GET', `${API}/initiatives/{closed}/updates/${NO_ID}`, null, [401, 404, 404, 404, 404, 404, 404, 404, 404]],
  ['PATCH', `${API}/initiatives/{closed}/updates/${NO_ID}`, {}, [401, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['POST', `${API}/initiatives/{closed}/updates/${NO_ID}/confirm`, {}, [401, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['POST', `/l/hamilton/initiatives/{closed}/updates/${NO_ID}/confirm`, {}, [303, 404, 403, 404, 404, 404, 403, 403, 404]],
  // INZ sets up working groups: national staff only.
  ['GET', '/national/locations', null, [303, 403, 403, 403, 403, 403, 200, 200, 403]],
  ['POST', '/national/locations', { slug: '' }, [303, 403, 403, 403, 403, 403, 422, 422, 403]],
  ['POST', '/national/locations/no-such-place/archive', {}, [303, 403, 403, 403, 403, 403, 404, 404, 403]],
  ['POST', '/national/locations/no-such-place/invitations', {}, [303, 403, 403, 403, 403, 403, 404, 404, 403]],
  ['GET', '/api/v1/national/locations', null, [401, 403, 403, 403, 403, 403, 200, 200, 403]],
  ['POST', '/api/v1/national/locations', {}, [401, 403, 403, 403, 403, 403, 422, 422, 403]],
  ['POST', '/api/v1/national/locations/no-such-place/archive', {}, [401, 403, 403, 403, 403, 403, 404, 404, 403]],
  ['POST', '/api/v1/national/locations/hamilton/invitations', {}, [401, 403, 403, 403, 403, 403, 422, 422, 403]],
  ['POST', `/api/v1/national/locations/hamilton/rounds/${NO_ID}/pause`, { paused: true }, [401, 403, 403, 403, 403, 403, 409, 409, 403]],
  // Targets: set and removed by members and coordinators; the list of
  // communities: anyone reads it, national staff add to it.
  ['POST', '/l/hamilton/initiatives/{closed}/targets', { indicator: '' }, [303, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['PUT', `${API}/initiatives/{closed}/targets/into_work`, {}, [401, 404, 403, 422, 422, 404, 403, 403, 404]],
  ['DELETE', `${API}/initiatives/{closed}/targets/no_such_key`, null, [401, 404, 403, 404, 404, 404, 403, 403, 404]],
  ['GET', '/api/v1/communities', null, [200, 200, 200, 200, 200, 200, 200, 200, 200]],
  ['POST', '/api/v1/communities', {}, [401, 403, 403, 403, 403, 403, 422, 422, 403]],
];

let base;
const clients = {};
const ids = {};
let formToken;
before(async () => {
  const stack = await sharedStack();
  base = stack.base;
  for (const [name, visibility] of [['open', 'public'], ['closed', 'working_group']]) {
    ids[name] = sqlValue(stack, `SELECT min(i.id) FROM initiatives i JOIN locations l ON l.id = i.location_id
      WHERE l.slug = 'hamilton' AND i.visibility = '${visibility}'`);
    assert.match(ids[name], /^\d+$/, `the demo data has a ${visibility} Hamilton initiative`);
  }
  ids.service = sqlValue(stack, `SELECT min(s.id) FROM services s JOIN locations l ON l.id = s.location_id
    WHERE l.slug = 'hamilton'`);
  assert.match(ids.service, /^\d+$/, 'the demo data has a Hamilton service');
  ids.event = sqlValue(stack, `SELECT min(e.id) FROM events e JOIN locations l ON l.id = e.location_id
    WHERE l.slug = 'hamilton'`);
  assert.match(ids.event, /^\d+$/, 'the demo data has a Hamilton event');
  ids.story = sqlValue(stack, `SELECT min(s.id) FROM stories s JOIN locations l ON l.id = s.location_id
    WHERE l.slug = 'hamilton' AND s.published AND s.request_id IS NULL`);
  assert.match(ids.story, /^\d+$/, 'the demo data has a member\'s published Hamilton story');
  for (const who of ['memberA', 'memberB']) {
    ids[who] = sqlValue(stack, `SELECT id FROM users WHERE email = '${EMAIL[who]}'`);
    assert.match(ids[who], /^\d+$/, `the demo data has ${EMAIL[who]}`);
  }
  // The anonymous browser's form token, as a sign-in page hands it out:
  // 32 random bytes and their MAC under the server's key.
  formToken = setCookie(await request(base, { path: '/login', headers: { Accept: 'text/html' } }), 'portal_csrf');
  assert.match(formToken, /^[A-Za-z0-9_-]{86}$/);
  clients.anonymous = client(base);
  for (const who of WHO.slice(1)) clients[who] = await signIn(base, EMAIL[who]);
  await fundingFixtures();
});

// The funding rows' rounds and requests, made through the API.
async function fundingFixtures() {
  const made = async (res, status = 201) => {
    assert.equal(res.status, status, res.text);
    return res.json().id;
  };
  const round = (name, opensOn) => clients.coordinatorA.call('POST', `${API}/rounds`, {
    name, pool_cents: 1000000, max_request_cents: 200000, opens_on: opensOn, closes_on: '2099-12-31',
    quorum: 2, fast_track_cents: 0, report_due_days: 60, conditions: 'Report back.' });
  ids.round = await made(await round('Access matrix round', '2026-01-01'));
  ids.future = await made(await round('Access matrix round to come', '2099-01-01'));
  const apply = (c) => c.call('POST', `${API}/requests`, {
    round_id: ids.round, title: 'Access matrix request', description: 'A probe.',
    area: 'knowledge_skills', elements: ['belonging'], amount_cents: 50000,
    budget: [{ item: 'Venue', amount_cents: 50000 }], beneficiaries: 'Families',
    beneficiary_count: 10, timeline: 'Soon', contact: { name: 'A', email: 'a@example.nz', phone: '' } });
  const move = async (c, id, action) => made(await c.call('POST', `${API}/requests/${id}/transitions`, { action }), 200);
  const other = (await register(base, 'access-other')).client;
  for (const [name, c] of [['mine', clients.applicant], ['theirs', other]]) {
    ids[name] = await made(await apply(c));
    await move(c, ids[name], 'submit');
    await move(clients.coordinatorA, ids[name], 'start_review');
  }
  ids.draft = await made(await apply(clients.applicant));
  assert.equal((await clients.memberA.call('PUT', `${API}/requests/${ids.mine}/reviews/mine`,
    { conflict: false, scores: { alignment: 3, benefit: 3, feasibility: 3, value: 3 } })).status, 200);
}

const fill = (text) => text.replace(/\{(open|closed|memberA|memberB|round|future|mine|theirs|draft|service|event|story)\}/g,
  (_, key) => ids[key]);

// HTML routes are asked as a browser (Accept: text/html; a POST as a form
// with the session's CSRF token, or anonymously the form token of the
// portal_csrf cookie), API routes as JSON (with X-CSRF-Token on changes).
// { csrf: false } leaves the token out.
function ask(c, method, path, body, { csrf = true } = {}) {
  if (path.startsWith('/api/')) {
    const asker = csrf ? c : client(base, { cookie: c.cookie, bearer: c.bearer });
    return asker.call(method, path, body === null ? undefined : body);
  }
  if (method === 'GET') return c.get(path, { Accept: 'text/html' });
  const token = c.cookie ? c.csrf : formToken;
  const form = new URLSearchParams({ ...(csrf ? { _csrf: token } : {}), ...body });
  return request(base, {
    method, path, body: form.toString(),
    headers: {
      Accept: 'text/html', 'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: c.cookie ? `portal_session=${c.cookie}` : `portal_csrf=${formToken}`,
    },
  });
}

for (const [method, pattern, body, expected, options = {}] of MATRIX) {
  const name = `${method} ${pattern}${options.fresh ? ' (a session of its own)' : ''}${
    options.csrf === false ? ' (no CSRF token)' : ''}`;
  test(name, async () => {
    const path = fill(pattern);
    const filled = body === null ? null : JSON.parse(fill(JSON.stringify(body)));
    const got = [];
    for (const who of WHO) {
      const c = options.fresh && who !== 'anonymous' ? await signIn(base, EMAIL[who]) : clients[who];
      got.push((await ask(c, method, path, filled, options)).status);
      // Signing out in a session of its own ends that session, nothing more.
      if (options.fresh && who !== 'anonymous') {
        assert.equal((await c.get('/api/v1/me')).status, 401, `${who}'s own session ended`);
      }
    }
    assert.deepEqual(Object.fromEntries(WHO.map((w, i) => [w, got[i]])),
      Object.fromEntries(WHO.map((w, i) => [w, expected[i]])));
  });
}

test('the matrix ended none of the sessions it asked with', async () => {
  for (const who of WHO.slice(1)) {
    const me = await clients[who].get('/api/v1/me');
    assert.equal(me.status, 200, who);
    assert.equal(me.json().email, EMAIL[who]);
  }
});

test('anonymous people are sent to sign in and brought back', async () => {
  const res = await request(base, { path: `${A}/members`, headers: { Accept: 'text/html' } });
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, `/login?next=${encodeURIComponent(`${A}/members`)}`);
});

test('a foreign location answers exactly like a missing one', async () => {
  const foreign = await clients.memberB.get(`${API}/members`);
  const missing = await clients.memberB.get('/api/v1/locations/nowhere/members');
  assert.equal(foreign.status, 404);
  assert.deepEqual(foreign.json(), missing.json());
});

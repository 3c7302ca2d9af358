-- bench/data/funding.sql: a funding round holding COUNT generated requests
-- in one location, for load tests of the working group's queue and of an
-- applicant's own list (/my/requests).
--
--   psql -X -q -h "$PGSOCK" -U portal_owner -d portal \
--        -v location=bench-funding -v count=5000 -f bench/data/funding.sql
--
-- Run as portal_owner, in one transaction.  Creates the location if it is
-- missing (region 'Bench'), the user bench@portal.bench as its coordinator
-- (bench/data/coordinator.sql), the applicant
-- bench.applicant@portal.bench with 20 of the requests (about what an
-- active community organiser makes over a few years), and 250 more
-- applicants for the rest (password 'demo-pass-2026' for all).  The
-- requests spread evenly over the eleven states, each with the timeline of
-- events that led there and, from in_review on, the coordinator's review;
-- approved and paid money follows the state, and the round's totals are
-- their sums.  The owner bypasses row-level security (app/stack/stack.sh
-- makes it so), which a request inserted past its draft state needs.
-- Set-based: 5,000 requests load in a second or two.  Running it again
-- adds another round with COUNT more.

\set ON_ERROR_STOP on
\if :{?location}
\else
  DO $$ BEGIN RAISE EXCEPTION 'usage: psql -v location=SLUG -v count=N -f bench/data/funding.sql'; END $$;
\endif
\if :{?count}
\else
  DO $$ BEGIN RAISE EXCEPTION 'usage: psql -v location=SLUG -v count=N -f bench/data/funding.sql'; END $$;
\endif
SELECT :'count' ~ '^[0-9]{1,6}$' AND :'count'::integer >= 20 AS bench_count_ok \gset
\if :bench_count_ok
\else
  DO $$ BEGIN RAISE EXCEPTION 'count must be a whole number from 20 to 999,999'; END $$;
\endif

BEGIN;

\ir coordinator.sql

INSERT INTO users (email, display_name, password_hash)
SELECT 'bench.applicant@portal.bench', 'Bench Applicant', :'bench_password_hash'
UNION ALL
SELECT 'bench.applicant.' || g || '@portal.bench', 'Applicant ' || g,
       :'bench_password_hash'
  FROM generate_series(1, 250) g
ON CONFLICT (email) DO NOTHING;

SELECT id AS bench_applicant FROM users
 WHERE email = 'bench.applicant@portal.bench' \gset

-- A pool that holds every approval (at most $5,000 each).
INSERT INTO funding_rounds (location_id, name, pool_cents, max_request_cents,
       opens_on, closes_on, quorum, fast_track_cents, report_due_days,
       conditions, created_by)
VALUES (:bench_location, 'Bench seed fund ' || :count, :count * 500000::bigint,
        500000, current_date - 365, current_date + 365, 1, 100000, 90,
        'Spend the grant as budgeted and report back.', :bench_user)
RETURNING id AS bench_round \gset

SELECT coalesce(max(id), 0) AS bench_before FROM funding_requests \gset

-- g 1..20 are the bench applicant's, the rest spread over the others.
-- The state is the g-th of the eleven, so every state has COUNT/11.
INSERT INTO funding_requests (location_id, round_id, applicant_id, state,
       title, description, area, elements, amount_cents, budget,
       beneficiaries, beneficiary_count, timeline, contact_name,
       contact_email, contact_phone, approved_cents, decline_reason,
       paid_cents, paid_on, payment_reference, report_due_on, submitted_at,
       decided_at, created_at, updated_at)
SELECT :bench_location, :bench_round,
       CASE WHEN g <= 20 THEN :bench_applicant ELSE a.id END,
       s.state, r.title, r.title || ': ' || r.description, r.area, r.elements,
       r.amount, jsonb_build_array(
           jsonb_build_object('item', 'Venue and materials', 'amount_cents', r.amount - r.amount / 4),
           jsonb_build_object('item', 'Koha and food', 'amount_cents', r.amount / 4)),
       'Newcomer families and their neighbours', 10 + g % 200,
       'Over the next six months', 'Applicant ' || g,
       'applicant' || g || '@example.nz', '021 555 ' || lpad((g % 10000)::text, 4, '0'),
       CASE WHEN s.rank >= 7 THEN r.amount - (g % 3) * (r.amount / 10) END,
       CASE WHEN s.state = 'declined' THEN 'Outside what this round funds.' END,
       CASE WHEN s.rank >= 9 THEN r.amount - (g % 3) * (r.amount / 10) END,
       CASE WHEN s.rank >= 9 THEN r.at::date + 30 END,
       CASE WHEN s.rank >= 9 THEN 'BENCH-' || g END,
       CASE WHEN s.rank >= 9 THEN r.at::date + 120 END,
       CASE WHEN s.rank >= 2 THEN r.at END,
       CASE WHEN s.rank >= 6 THEN r.at + interval '14 days' END,
       r.at - interval '2 days', r.at + interval '20 days'
  FROM generate_series(1, :count) g
  JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM users
         WHERE email LIKE 'bench.applicant.%@portal.bench') a ON a.k = g % 250
  CROSS JOIN LATERAL (
    SELECT (ARRAY['draft', 'submitted', 'in_review', 'info_requested',
                  'withdrawn', 'declined', 'approved', 'accepted',
                  'disbursed', 'reported', 'closed'])[1 + g % 11] AS state,
           1 + g % 11 AS rank) s
  CROSS JOIN LATERAL (
    SELECT (ARRAY['Community', 'Youth', 'Women''s', 'Family', 'Newcomer',
                  'Neighbourhood', 'Intercultural', 'Bilingual'])[1 + g % 8]
           || ' ' || (ARRAY['English conversation', 'football', 'cooking',
                  'homework', 'gardening', 'music', 'sewing', 'storytelling',
                  'driver licence', 'digital skills'])[1 + (g / 8) % 10]
           || ' ' || (ARRAY['group', 'evenings', 'club', 'workshops',
                  'festival stall', 'project'])[1 + (g / 80) % 6] AS title,
           'weekly sessions run by the community, open to everyone.' AS description,
           (ARRAY['news_narrative', 'funding_models', 'research_evidence',
                  'knowledge_skills', 'events_programmes', 'services',
                  'pathways'])[1 + g % 7] AS area,
           ARRAY[(ARRAY['belonging', 'inclusion', 'participation',
                  'recognition', 'legitimacy'])[1 + g % 5]] AS elements,
           (20 + g % 480) * 1000::bigint AS amount,
           now() - (g * 7919 % 700) * interval '1 day' - (g % 1440) * interval '1 minute' AS at) r
 ORDER BY g;

-- Each request's way to its state: states before it in this order, then
-- withdrawn and declined branch off in_review.
INSERT INTO funding_events (location_id, request_id, actor_id, action,
       from_state, to_state, note, amount_cents, at)
SELECT r.location_id, r.id,
       CASE WHEN p.action IN ('submit', 'withdraw', 'accept', 'report')
            THEN r.applicant_id ELSE :bench_user END,
       p.action, p.from_state, p.to_state,
       CASE p.action WHEN 'decline' THEN r.decline_reason
                     WHEN 'request_info' THEN 'Which venue, and when?' END,
       CASE WHEN p.action IN ('approve', 'disburse') THEN r.approved_cents END,
       r.submitted_at + p.n * interval '3 days'
  FROM funding_requests r
  JOIN (VALUES
    (0, 'submit', 'draft', 'submitted', '{submitted,in_review,info_requested,withdrawn,declined,approved,accepted,disbursed,reported,closed}'::text[]),
    (1, 'start_review', 'submitted', 'in_review', '{in_review,info_requested,withdrawn,declined,approved,accepted,disbursed,reported,closed}'),
    (2, 'request_info', 'in_review', 'info_requested', '{info_requested}'),
    (2, 'withdraw', 'in_review', 'withdrawn', '{withdrawn}'),
    (2, 'decline', 'in_review', 'declined', '{declined}'),
    (2, 'approve', 'in_review', 'approved', '{approved,accepted,disbursed,reported,closed}'),
    (3, 'accept', 'approved', 'accepted', '{accepted,disbursed,reported,closed}'),
    (4, 'disburse', 'accepted', 'disbursed', '{disbursed,reported,closed}'),
    (5, 'report', 'disbursed', 'reported', '{reported,closed}'),
    (6, 'close', 'reported', 'closed', '{closed}')
  ) AS p (n, action, from_state, to_state, reaches) ON r.state = ANY (p.reaches)
 WHERE r.round_id = :bench_round
 ORDER BY r.id, p.n;

INSERT INTO funding_reviews (location_id, request_id, reviewer_id, conflict,
       alignment, benefit, feasibility, value, comment, created_at, updated_at)
SELECT r.location_id, r.id, :bench_user, false, 1 + r.id % 5, 1 + r.id % 4,
       2 + r.id % 4, 1 + r.id % 5, 'Generated review.',
       r.submitted_at + interval '4 days', r.submitted_at + interval '4 days'
  FROM funding_requests r
 WHERE r.round_id = :bench_round
   AND r.state NOT IN ('draft', 'submitted');

INSERT INTO funding_reports (location_id, request_id, body, people_reached,
       spent_cents, story_consent, author_id, created_at)
SELECT r.location_id, r.id, 'It went well; receipts attached.',
       r.beneficiary_count, r.paid_cents, r.id % 2 = 0, r.applicant_id,
       r.submitted_at + interval '15 days'
  FROM funding_requests r
 WHERE r.round_id = :bench_round AND r.state IN ('reported', 'closed');

UPDATE funding_rounds fr
   SET approved_cents = s.approved, paid_cents = s.paid
  FROM (SELECT coalesce(sum(approved_cents), 0) AS approved,
               coalesce(sum(paid_cents), 0) AS paid
          FROM funding_requests WHERE round_id = :bench_round) s
 WHERE fr.id = :bench_round;

SELECT count(*) AS requests,
       count(*) FILTER (WHERE applicant_id = :bench_applicant) AS bench_applicants,
       count(DISTINCT state) AS states,
       (SELECT count(*) FROM funding_events e
         WHERE e.request_id > :bench_before AND e.location_id = :bench_location) AS events
  FROM funding_requests WHERE round_id = :bench_round;

COMMIT;

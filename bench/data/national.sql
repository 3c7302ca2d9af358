-- bench/data/national.sql: a country of generated working groups for the
-- national dashboard's load test (bench/README.md): 1,000 locations
-- (natbench-0001 ... natbench-1000, region 'Bench'), each with two members
-- in different sectors, 100 initiatives (100,000 in all) spread over the
-- areas, elements and statuses, and one funding round with five requests
-- in different states (submitted, in review, approved, paid with a report
-- overdue, withdrawn).
--
--   psql -X -q -h "$PGSOCK" -U portal_owner -d portal -f bench/data/national.sql
--
-- Run as portal_owner (BYPASSRLS in the local stack, as in docs/deploy.md),
-- in one transaction, once per database: the summary tables of
-- sql/007_national.sql are kept by the same statement triggers as the
-- portal's own writes, so the dashboard reads what it would in production.
-- Set-based (generate_series): loads in well under a minute.

\set ON_ERROR_STOP on

BEGIN;

INSERT INTO locations (slug, name, region)
SELECT format('natbench-%s', lpad(g::text, 4, '0')),
       format('Natbench %s', lpad(g::text, 4, '0')), 'Bench'
  FROM generate_series(1, 1000) g;

-- Two people per location: a coordinator and a member, from two of the
-- nine sectors.  The password is 'demo-pass-2026' (never used here).
INSERT INTO users (email, display_name, password_hash)
SELECT format('natbench-%s-%s@portal.bench', lpad(g::text, 4, '0'), k),
       format('Natbench %s person %s', lpad(g::text, 4, '0'), k),
       '$argon2id$v=19$m=65536,t=2,p=1$V6S8jB/kXu7hO5iufPgG6w$i059McRc/x8rc0l1+8wFmCDm3z8pBI93t+UAm3mn6Tg'
  FROM generate_series(1, 1000) g, generate_series(1, 2) k;

INSERT INTO memberships (location_id, user_id, role, sector, organisation)
SELECT l.id, u.id, CASE WHEN right(split_part(u.email, '@', 1), 1) = '1'
                        THEN 'coordinator' ELSE 'member' END,
       (ARRAY['local_government', 'iwi', 'ngo', 'community',
              'chamber_of_commerce', 'refugee_migrant', 'private_sector',
              'central_government', 'youth'])[1 + (l.id + length(u.email) + u.id) % 9],
       'Bench data'
  FROM locations l
  JOIN users u ON u.email LIKE l.slug || '-_@portal.bench'
 WHERE l.region = 'Bench' AND l.slug LIKE 'natbench-%';

-- 100 initiatives a location; location i leaves out one area (i % 7) so
-- the dashboard has gaps to show.
INSERT INTO initiatives (location_id, title, summary, area, elements, status,
                         visibility, created_by)
SELECT l.id,
       format('Generated initiative %s of %s', g, l.name),
       'Generated for the national dashboard benchmark.',
       (ARRAY['news_narrative', 'funding_models', 'research_evidence',
              'knowledge_skills', 'events_programmes', 'services',
              'pathways'])[1 + (l.id % 7 + 1 + g % 6) % 7],
       ARRAY[(ARRAY['belonging', 'inclusion', 'participation', 'recognition',
                    'legitimacy'])[1 + g % 5]]
           || CASE WHEN g % 2 = 0 THEN ARRAY[(ARRAY['belonging', 'inclusion',
                    'participation', 'recognition', 'legitimacy'])[1 + (g + 2) % 5]]
              ELSE '{}' END,
       (ARRAY['idea', 'planned', 'active', 'active', 'paused', 'completed',
              'cancelled'])[1 + (g * 3) % 7],
       CASE WHEN g % 2 = 0 THEN 'public' ELSE 'working_group' END,
       c.user_id
  FROM locations l
  JOIN memberships c ON c.location_id = l.id AND c.role = 'coordinator',
       generate_series(1, 100) g
 WHERE l.slug LIKE 'natbench-%';

INSERT INTO funding_rounds (location_id, name, pool_cents, max_request_cents,
                            opens_on, closes_on, quorum, report_due_days,
                            conditions, created_by)
SELECT l.id, 'Bench seed fund', 1000000, 300000, date '2026-01-01',
       date '2030-12-31', 1, 60, 'Report back within 60 days.', c.user_id
  FROM locations l
  JOIN memberships c ON c.location_id = l.id AND c.role = 'coordinator'
 WHERE l.slug LIKE 'natbench-%';

-- Five requests a round, by the location's member, in five states.
INSERT INTO funding_requests (location_id, round_id, applicant_id, state,
       title, description, area, elements, amount_cents, approved_cents,
       paid_cents, paid_on, report_due_on, submitted_at, decided_at)
SELECT r.location_id, r.id, m.user_id, s.state,
       format('Generated request %s', s.k), 'Generated.', 'services',
       ARRAY['inclusion'], 50000 * s.k,
       CASE WHEN s.state IN ('approved', 'disbursed') THEN 50000 * s.k END,
       CASE WHEN s.state = 'disbursed' THEN 50000 * s.k END,
       CASE WHEN s.state = 'disbursed' THEN current_date - 100 END,
       CASE WHEN s.state = 'disbursed' THEN current_date - 40 - (r.id % 30)::integer END,
       now() - ((r.id * 7 + s.k * 13) % 200) * interval '1 day',
       CASE WHEN s.state IN ('approved', 'disbursed') THEN now() - interval '120 days' END
  FROM funding_rounds r
  JOIN locations l ON l.id = r.location_id AND l.slug LIKE 'natbench-%'
  JOIN memberships m ON m.location_id = r.location_id AND m.role = 'member',
       (VALUES (1, 'submitted'), (2, 'in_review'), (3, 'approved'),
               (4, 'disbursed'), (5, 'withdrawn')) s (k, state);

-- The rounds' approved and paid totals, as approvals and payments keep them.
UPDATE funding_rounds r
   SET approved_cents = t.approved, paid_cents = t.paid
  FROM (SELECT round_id, sum(coalesce(approved_cents, 0)) AS approved,
               sum(coalesce(paid_cents, 0)) AS paid
          FROM funding_requests GROUP BY round_id) t
 WHERE t.round_id = r.id AND r.name = 'Bench seed fund';

COMMIT;

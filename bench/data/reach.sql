-- bench/data/reach.sql: how far the generated initiatives of
-- bench/data/national.sql reach (sql/033), for the national overview's
-- settlement outcome areas at 1,000 locations: every generated initiative
-- gets one or two outcome areas, and each generated location takes part
-- in five initiatives of the location after it (5,000 participations),
-- with funding sources on those.  Run after national.sql, as portal_owner,
-- in one transaction:
--
--   psql -X -q -h "$PGSOCK" -U portal_owner -d portal -f bench/data/reach.sql

\set ON_ERROR_STOP on

BEGIN;

UPDATE initiatives i
   SET outcome_areas = ARRAY[(ARRAY['employment', 'education_training',
           'english_language', 'inclusion', 'health_wellbeing'])[1 + i.id % 5]]
       || CASE WHEN i.id % 3 = 0 THEN ARRAY[(ARRAY['employment',
           'education_training', 'english_language', 'inclusion',
           'health_wellbeing'])[1 + (i.id + 2) % 5]] ELSE '{}' END
  FROM locations l
 WHERE l.id = i.location_id AND l.slug LIKE 'natbench-%';

WITH ranked AS (
    SELECT l.id, lead(l.id) OVER (ORDER BY l.slug) AS next_id
      FROM locations l WHERE l.slug LIKE 'natbench-%'),
picked AS (
    SELECT r.id AS location_id, x.id AS initiative_id, x.location_id AS lead_id
      FROM ranked r CROSS JOIN LATERAL (
           SELECT i.id, i.location_id FROM initiatives i
            WHERE i.location_id = r.next_id ORDER BY i.id LIMIT 5) x
     WHERE r.next_id IS NOT NULL)
INSERT INTO initiative_locations (location_id, initiative_id, lead_location_id)
SELECT location_id, initiative_id, lead_id FROM picked;

UPDATE initiatives i
   SET scope = 'multi', mainstream = i.id % 2 = 0,
       funding_sources = '[{"source": "levy", "amount_cents": 500000, "period": "2026/27"}]'
 WHERE i.id IN (SELECT initiative_id FROM initiative_locations);

COMMIT;

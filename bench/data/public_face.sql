-- bench/data/public_face.sql: a location's public face at volume, for the
-- location page and the service directory under load: SERVICES directory
-- entries kept by and listed in the location, and EVENTS events, one a
-- day from tomorrow (so the page's "coming up" always has some).
--
--   psql -X -q -h "$PGSOCK" -U portal_owner -d portal \
--        -v location=bench-face -v services=500 -v events=200 \
--        -f bench/data/public_face.sql
--
-- Run as portal_owner, in one transaction, as bench/data/initiatives.sql
-- is: the location and its coordinator bench@portal.bench come from
-- coordinator.sql, and the portal.* settings are made first so the
-- insert policies (services and events have FORCE ROW LEVEL SECURITY)
-- pass on their merits.  Names, descriptions, categories and languages
-- come from small lists, spread evenly, so search and the language
-- filter have realistic work.  Set-based; running it again adds more.

\set ON_ERROR_STOP on
\if :{?location}
\else
  DO $$ BEGIN RAISE EXCEPTION 'usage: psql -v location=SLUG -v services=N -v events=N -f bench/data/public_face.sql'; END $$;
\endif
\if :{?services}
\else
  DO $$ BEGIN RAISE EXCEPTION 'usage: psql -v location=SLUG -v services=N -v events=N -f bench/data/public_face.sql'; END $$;
\endif
\if :{?events}
\else
  DO $$ BEGIN RAISE EXCEPTION 'usage: psql -v location=SLUG -v services=N -v events=N -f bench/data/public_face.sql'; END $$;
\endif
SELECT :'services' ~ '^[0-9]{1,6}$' AND :'events' ~ '^[0-9]{1,6}$' AS bench_counts_ok \gset
\if :bench_counts_ok
\else
  DO $$ BEGIN RAISE EXCEPTION 'services and events must be whole numbers below 1,000,000'; END $$;
\endif

BEGIN;

\ir coordinator.sql

SELECT set_config('portal.user_id', :'bench_user', true),
       set_config('portal.national_role', '', true),
       set_config('portal.locations_read', '{' || :bench_location || '}', true),
       set_config('portal.locations_write', '{' || :bench_location || '}', true),
       set_config('portal.locations_manage', '{' || :bench_location || '}', true)
\g /dev/null

SELECT coalesce(max(id), 0) AS bench_before FROM services \gset

WITH words AS (
  SELECT ARRAY['Settlement', 'Language', 'Health', 'Housing', 'Employment',
               'Youth', 'Legal', 'Family', 'Driving', 'Digital'] AS topic,
         ARRAY['advice', 'classes', 'drop-in', 'support', 'clinic',
               'mentoring', 'helpline', 'workshop'] AS kind,
         ARRAY['employment_income', 'education_training', 'english_language',
               'inclusion', 'health_wellbeing'] AS category,
         ARRAY['en', 'ar', 'fa-AF', 'my', 'so', 'zh', 'es', 'mi', 'ne', 'ti'] AS lang
)
INSERT INTO services (location_id, name, organisation, description,
       categories, languages, eligibility, free, hours, phone, email,
       website, checked_on, created_by)
SELECT :bench_location,
       w.topic[1 + n % 10] || ' ' || w.kind[1 + n % 8] || ' ' || n,
       'Bench organisation ' || (1 + n % 60),
       'Free ' || lower(w.topic[1 + n % 10]) || ' ' || w.kind[1 + n % 8]
         || ' for newcomers and their families, by appointment or drop in.',
       ARRAY[w.category[1 + n % 5], w.category[1 + (n / 5) % 5]],
       ARRAY['en', w.lang[1 + n % 10]],
       'Anyone living in the area', n % 3 <> 0, 'Weekdays 9am to 5pm',
       '07 800 ' || lpad((n % 10000)::text, 4, '0'),
       'service' || n || '@bench.example',
       'https://bench.example/services/' || n,
       current_date - (n % 365), :bench_user
  FROM words w, generate_series(1, :services) AS n;

INSERT INTO service_locations (service_id, location_id)
SELECT id, :bench_location FROM services
 WHERE id > :bench_before AND location_id = :bench_location;

INSERT INTO events (location_id, title, description, starts_at, ends_at,
       place, languages, free, created_by)
SELECT :bench_location,
       'Bench community event ' || n,
       'A gathering for newcomers and locals: food, music and a welcome.',
       date_trunc('day', now()) + n * interval '1 day' + interval '18 hours',
       date_trunc('day', now()) + n * interval '1 day' + interval '20 hours',
       'Community hall ' || (1 + n % 12),
       ARRAY['en', (ARRAY['ar', 'fa-AF', 'my', 'so'])[1 + n % 4]],
       n % 4 <> 0, :bench_user
  FROM generate_series(1, :events) AS n;

COMMIT;

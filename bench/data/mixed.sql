-- bench/data/mixed.sql: the people of one location of the mixed workload
-- (bench/mixed.lua): COUNT members, bench.mix.<location>.<n>@portal.bench
-- (password 'demo-pass-2026'), beside its coordinator bench@portal.bench.
-- Its initiatives and funding requests come from bench/data/initiatives.sql
-- and bench/data/funding.sql, run for the same location first.
--
--   psql -X -q -h "$PGSOCK" -U portal_owner -d portal \
--        -v location=bench-mix-1 -v count=12 -f bench/data/mixed.sql
--
-- Run as portal_owner, in one transaction; running it again adds no one.

\set ON_ERROR_STOP on
\if :{?location}
\else
  DO $$ BEGIN RAISE EXCEPTION 'usage: psql -v location=SLUG -v count=N -f bench/data/mixed.sql'; END $$;
\endif
\if :{?count}
\else
  DO $$ BEGIN RAISE EXCEPTION 'usage: psql -v location=SLUG -v count=N -f bench/data/mixed.sql'; END $$;
\endif
SELECT :'count' ~ '^[0-9]{1,3}$' AS bench_count_ok \gset
\if :bench_count_ok
\else
  DO $$ BEGIN RAISE EXCEPTION 'count must be a whole number up to 999'; END $$;
\endif

BEGIN;

\ir coordinator.sql

INSERT INTO users (email, display_name, password_hash)
SELECT 'bench.mix.' || :'location' || '.' || g || '@portal.bench',
       'Member ' || g || ' of ' || :'bench_name', :'bench_password_hash'
  FROM generate_series(1, :count) g
ON CONFLICT (email) DO NOTHING;

INSERT INTO memberships (location_id, user_id, role, sector, organisation)
SELECT :bench_location, u.id, 'member', 'community', 'Bench data'
  FROM users u
 WHERE u.email LIKE 'bench.mix.' || :'location' || '.%@portal.bench'
ON CONFLICT (location_id, user_id) DO NOTHING;

COMMIT;

-- bench/data/coordinator.sql: the location :location (region 'Bench',
-- created when missing) and its coordinator bench@portal.bench, password
-- 'demo-pass-2026'.  Included (\ir) by the bench data scripts inside their
-- transaction; sets :bench_location, :bench_name and :bench_user, and
-- :bench_password_hash for the other people a script makes.

\set bench_password_hash '$argon2id$v=19$m=65536,t=2,p=1$V6S8jB/kXu7hO5iufPgG6w$i059McRc/x8rc0l1+8wFmCDm3z8pBI93t+UAm3mn6Tg'

INSERT INTO locations (slug, name, region)
VALUES (:'location', initcap(replace(:'location', '-', ' ')), 'Bench')
ON CONFLICT (slug) DO NOTHING;

INSERT INTO users (email, display_name, password_hash)
VALUES ('bench@portal.bench', 'Bench Coordinator', :'bench_password_hash')
ON CONFLICT (email) DO NOTHING;

SELECT l.id AS bench_location, l.name AS bench_name, u.id AS bench_user
  FROM locations l, users u
 WHERE l.slug = :'location' AND u.email = 'bench@portal.bench' \gset

INSERT INTO memberships (location_id, user_id, role, sector, organisation)
VALUES (:bench_location, :bench_user, 'coordinator', 'community', 'Bench data')
ON CONFLICT (location_id, user_id) DO NOTHING;

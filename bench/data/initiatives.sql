-- bench/data/initiatives.sql: COUNT generated initiatives in one location,
-- plus one progress update for every tenth, for load tests of the lists,
-- full-text search and the coverage matrix at volume.
--
--   psql -X -q -h "$PGSOCK" -U portal_owner -d portal \
--        -v location=bench -v count=100000 -f bench/data/initiatives.sql
--
-- Run as portal_owner, in one transaction.  Creates the location if it is
-- missing (region 'Bench') and the user bench@portal.bench as its
-- coordinator (bench/data/coordinator.sql), who creates and updates every
-- row.  Initiatives and updates have FORCE ROW LEVEL SECURITY, so the
-- portal.* settings are made first and the insert policies pass on their
-- merits.  Titles and summaries come from small word lists, so search has
-- realistic text; areas, elements, statuses and visibility (about half
-- public) are spread evenly; updated_at spreads over the last two years.
-- Set-based (generate_series): 100,000 rows load in seconds, not minutes.
-- Running it again adds COUNT more.

\set ON_ERROR_STOP on
\if :{?location}
\else
  DO $$ BEGIN RAISE EXCEPTION 'usage: psql -v location=SLUG -v count=N -f bench/data/initiatives.sql'; END $$;
\endif
\if :{?count}
\else
  DO $$ BEGIN RAISE EXCEPTION 'usage: psql -v location=SLUG -v count=N -f bench/data/initiatives.sql'; END $$;
\endif
SELECT :'count' ~ '^[0-9]{1,7}$' AS bench_count_ok \gset
\if :bench_count_ok
\else
  DO $$ BEGIN RAISE EXCEPTION 'count must be a whole number below 10,000,000'; END $$;
\endif

BEGIN;

\ir coordinator.sql

SELECT set_config('portal.user_id', :'bench_user', true),
       set_config('portal.national_role', '', true),
       set_config('portal.locations_read', '{' || :bench_location || '}', true),
       set_config('portal.locations_write', '{' || :bench_location || '}', true),
       set_config('portal.locations_manage', '{' || :bench_location || '}', true)
\g /dev/null

SELECT coalesce(max(id), 0) AS bench_before FROM initiatives \gset

INSERT INTO initiatives (location_id, title, summary, area, elements,
       outcome_areas, status, visibility, lead_user_id, partners,
       target_groups, start_date, end_date, created_by, created_at,
       updated_at, published_at)
SELECT :bench_location,
       r.title, r.summary, r.area, r.elements, r.outcome_areas, r.status,
       r.visibility, :bench_user, r.partners, r.target_groups,
       r.start_date,
       CASE WHEN r.g % 5 = 0 THEN NULL
            ELSE r.start_date + 30 + (r.g * 11) % 500 END,
       :bench_user,
       r.updated_at - (r.g * 13 % 120) * interval '1 day',
       r.updated_at,
       CASE WHEN r.visibility = 'public'
            THEN r.updated_at - (r.g * 13 % 120) * interval '1 day'
                 + least(r.g * 13 % 120, 3) * interval '1 day' END
  FROM (
    SELECT g,
           w.adj[1 + g % 12] || ' ' || w.topic[1 + (g / 12) % 15] || ' '
               || w.form[1 + (g / 180) % 10]
               || CASE WHEN g % 4 = 0 THEN ' ' || (2025 + g % 3)::text ELSE '' END
               AS title,
           format(E'This %s %s %s brings together %s in %s. It aims to %s through %s, with help in English and %s.\n\n'
                  'Run with the %s and the %s; sessions at %s. %s',
                  lower(w.adj[1 + g % 12]), w.topic[1 + (g / 12) % 15],
                  w.form[1 + (g / 180) % 10], w.groups[1 + (g * 7) % 10],
                  :'bench_name', w.goals[1 + (g * 3) % 10],
                  w.activities[1 + (g * 11) % 10], w.langs[1 + (g * 5) % 12],
                  w.partners[1 + g % 14],
                  w.partners[1 + (g + 1 + (g / 14) % 13) % 14],
                  w.places[1 + (g * 17) % 8], w.closers[1 + (g * 19) % 6])
               AS summary,
           w.areas[1 + g % 7] AS area,
           ARRAY[w.elements[1 + g % 5]]
               || CASE WHEN g % 3 >= 1 THEN ARRAY[w.elements[1 + (g + 2) % 5]] ELSE '{}' END
               || CASE WHEN g % 3 = 2 THEN ARRAY[w.elements[1 + (g + 4) % 5]] ELSE '{}' END
               AS elements,
           CASE g % 4
               WHEN 0 THEN '{}'::text[]
               WHEN 1 THEN ARRAY[w.outcomes[1 + (g / 4) % 5]]
               ELSE ARRAY[w.outcomes[1 + (g / 4) % 5], w.outcomes[1 + (g / 4 + 1) % 5]]
           END AS outcome_areas,
           w.statuses[1 + (g * 3 + g / 7) % 10] AS status,
           CASE WHEN (g / 3) % 2 = 0 THEN 'public' ELSE 'working_group' END AS visibility,
           ARRAY[w.partners[1 + g % 14], w.partners[1 + (g + 1 + (g / 14) % 13) % 14]]
               AS partners,
           ARRAY[w.groups[1 + (g * 7) % 10]] AS target_groups,
           date '2025-01-01' + (g * 37) % 1000 AS start_date,
           now() - (g::bigint * 7919 % 1051200) * interval '1 minute' AS updated_at
      FROM generate_series(1, :count) g,
           (SELECT
              ARRAY['Community', 'Youth', 'Women''s', 'Family', 'Newcomer',
                    'Neighbourhood', 'Intercultural', 'Bilingual', 'Rural',
                    'Regional', 'Whānau', 'Weekend'] AS adj,
              ARRAY['English conversation', 'employment mentoring', 'storytelling',
                    'football', 'cooking', 'driver licence', 'digital skills',
                    'health navigation', 'homework', 'gardening', 'arts', 'music',
                    'interpreting', 'housing advice', 'business start-up'] AS topic,
              ARRAY['circle', 'programme', 'network', 'workshop series', 'festival',
                    'fund', 'pilot', 'drop-in', 'club', 'project'] AS form,
              ARRAY['former refugees', 'newcomer families', 'young people', 'women',
                    'older people', 'jobseekers', 'employers', 'school students',
                    'parents', 'community leaders'] AS groups,
              ARRAY['build confidence in English', 'connect newcomers with local employers',
                    'share stories of settlement', 'help families find their way around services',
                    'bring neighbours together over food', 'support young people into training',
                    'improve access to primary health care', 'celebrate the cultures of the region',
                    'recognise overseas qualifications', 'strengthen community leadership'] AS goals,
              ARRAY['weekly drop-in sessions', 'one-to-one mentoring', 'interpreter support',
                    'a shared meal each month', 'workshops on the marae',
                    'site visits to local workplaces', 'a printed and online directory',
                    'small grants for community ideas', 'training for frontline staff',
                    'holiday programmes for children'] AS activities,
              ARRAY['Arabic', 'Dari', 'Pashto', 'Burmese', 'Chin', 'Karen', 'Tigrinya',
                    'Somali', 'Kinyarwanda', 'Spanish', 'Swahili', 'Nepali'] AS langs,
              ARRAY['City Council', 'District Council', 'New Zealand Red Cross',
                    'Multicultural Council', 'Ministry of Social Development',
                    'public library', 'Chamber of Commerce', 'local iwi',
                    'English Language Partners', 'Citizens Advice Bureau',
                    'Te Whatu Ora', 'polytechnic', 'Rotary club', 'community house'] AS partners,
              ARRAY['the central library', 'the community house', 'the marae',
                    'the sports club', 'the council service centre', 'the polytechnic',
                    'the community garden', 'the youth centre'] AS places,
              ARRAY['Everyone is welcome.', 'Childcare is provided.',
                    'Transport can be arranged.', 'Places are limited.',
                    'Interpreters are available on request.',
                    'Ask the coordinator for details.'] AS closers,
              ARRAY['news_narrative', 'funding_models', 'research_evidence',
                    'knowledge_skills', 'events_programmes', 'services', 'pathways'] AS areas,
              ARRAY['belonging', 'inclusion', 'participation', 'recognition',
                    'legitimacy'] AS elements,
              ARRAY['employment', 'education_training', 'english_language',
                    'inclusion', 'health_wellbeing'] AS outcomes,
              ARRAY['active', 'active', 'active', 'planned', 'planned', 'idea',
                    'completed', 'completed', 'paused', 'cancelled'] AS statuses
           ) w
  ) r
 ORDER BY r.g;

-- One update for every tenth initiative just added, dated on its last change.
INSERT INTO initiative_updates (location_id, initiative_id, date, body,
       people_reached, sessions_held, volunteers, into_work, author_id,
       created_at)
SELECT i.location_id, i.id, i.updated_at::date,
       format('%s so far: %s sessions held with %s people taking part. %s',
              CASE WHEN k % 3 = 0 THEN 'Good progress' WHEN k % 3 = 1
                   THEN 'Steady going' ELSE 'Slower than planned' END,
              k % 40 + 1, k % 300 + 5,
              (ARRAY['Volunteers are keen to continue.',
                     'We need more interpreters for the next round.',
                     'Two participants have found work.',
                     'Feedback from families has been very positive.',
                     'The venue is too small; looking for another.'])[1 + k % 5]),
       k % 300 + 5, k % 40 + 1,
       CASE WHEN k % 2 = 0 THEN k % 25 END,
       CASE WHEN i.area IN ('knowledge_skills', 'pathways') THEN k % 12 END,
       :bench_user, i.updated_at
  FROM initiatives i, LATERAL (SELECT (i.id - :bench_before) / 10 AS k) n
 WHERE i.location_id = :bench_location
   AND i.id > :bench_before
   AND (i.id - :bench_before) % 10 = 0;

SELECT count(*) AS initiatives,
       count(*) FILTER (WHERE visibility = 'public') AS public,
       (SELECT count(*) FROM initiative_updates
         WHERE location_id = :bench_location) AS updates
  FROM initiatives WHERE location_id = :bench_location;

COMMIT;

-- Demo data: stories (make run only, never production).
--
-- Hamilton tells two: one a member wrote, and one its coordinator drew
-- from the catering cooperative's report, whose applicant agreed to a
-- public story but not to be named (so its byline is empty and pages say
-- "a community member").
--
-- portalctl demo runs this file in one transaction: the settings below
-- hold until its end, and let the insert policies pass on their merits.
-- Safe to run again: a location's story with the same title is left
-- alone.

SELECT set_config('portal.locations_read',
           (SELECT '{' || coalesce(string_agg(id::text, ','), '') || '}' FROM locations), true),
       set_config('portal.locations_write',
           (SELECT '{' || coalesce(string_agg(id::text, ','), '') || '}' FROM locations), true),
       set_config('portal.locations_manage',
           (SELECT '{' || coalesce(string_agg(id::text, ','), '') || '}' FROM locations), true),
       set_config('portal.national_role', '', true);

DO $$
DECLARE
    s record;
    req bigint;
BEGIN
    FOR s IN SELECT * FROM (VALUES
    ('hamilton', 'member.hamilton', NULL,
     'Our first football afternoon at Minogue Park',
     E'Forty players turned up on a cold Saturday: families from Colombia, Afghanistan, Myanmar and Hamilton East.\n\nThe Hamilton Wanderers lent us nets and two coaches, and the **youth group** ran the sausage sizzle. We play again on the first Saturday of every month; everyone is welcome, boots or no boots.',
     'en'),
    ('hamilton', 'coordinator.hamilton', 'Syrian women''s catering cooperative: food safety and equipment',
     'Cooking together, and now catering for the city',
     E'With a seed grant for food-safety training and a commercial oven, a group of women who arrived in Hamilton in the last three years now cater for community events.\n\nOne of them told us: *"In Aleppo I cooked for forty people every Friday. Here I did not know where to start. Now the council orders our lunches."*\n\nTheir next step is a stall at the Hamilton Gardens night market.',
     'en')
    ) AS v (slug, author, request_title, title, body, language)
    LOOP
        PERFORM set_config('portal.user_id',
            (SELECT id::text FROM users WHERE email = s.author || '@portal.demo'), true);
        req := NULL;
        IF s.request_title IS NOT NULL THEN
            SELECT r.id INTO req FROM funding_requests r JOIN locations l ON l.id = r.location_id
             WHERE l.slug = s.slug AND r.title = s.request_title;
            CONTINUE WHEN req IS NULL OR NOT EXISTS (SELECT 1 FROM funding_reports
                WHERE request_id = req AND story_consent);
        END IF;
        INSERT INTO stories (location_id, created_by, title, body, language,
                             request_id, byline, published)
        SELECT l.id, portal_user_id(), s.title, s.body, s.language, req,
               CASE WHEN req IS NULL THEN (SELECT display_name FROM users
                    WHERE id = portal_user_id()) ELSE '' END, true
          FROM locations l
         WHERE l.slug = s.slug
           AND NOT EXISTS (SELECT 1 FROM stories x WHERE x.location_id = l.id
                           AND x.title = s.title);
    END LOOP;
END $$;

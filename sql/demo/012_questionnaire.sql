-- Demo data: a structured stocktake (make run only, never production).
--
-- Immigration New Zealand's questionnaire from the stocktake survey
-- (seed 000, "Stocktake of current employment initiatives for refugees
-- at the national and local level"): how many employment initiatives a
-- location has, where the gaps and overlaps are, which of the
-- inter-agency work programme's five areas of focus they serve, whether
-- employers, the council and the Chamber of Commerce are engaged, and of
-- each initiative whether it was designed for refugees or is mainstream
-- with significant refugee participation, and at what level it runs.
-- Every question type is used.
--
-- Last year's stocktake asked it and is closed, with Hamilton's and
-- Nelson's returns completed, so a return to this year's stocktake has
-- answers to be compared with.
--
-- portalctl demo runs this file in one transaction: the settings below
-- hold until its end, and let the insert policies pass on their merits.
-- Safe to run again: a questionnaire or stocktake of the same name is
-- left alone.

SELECT set_config('portal.locations_read',
           (SELECT '{' || coalesce(string_agg(id::text, ','), '') || '}' FROM locations), true),
       set_config('portal.locations_manage',
           (SELECT '{' || coalesce(string_agg(id::text, ','), '') || '}' FROM locations), true),
       set_config('portal.national_role', 'inz_staff', true),
       set_config('portal.user_id',
           (SELECT id::text FROM users WHERE email = 'inz@portal.demo'), true);

DO $$
DECLARE
    q bigint;
    s bigint;
    r record;
BEGIN
    SELECT id INTO q FROM questionnaires
     WHERE name = 'Stocktake of current employment initiatives for refugees';
    IF q IS NOT NULL THEN
        RETURN;
    END IF;
    INSERT INTO questionnaires (name, created_by)
    VALUES ('Stocktake of current employment initiatives for refugees',
            portal_user_id())
    RETURNING id INTO q;
    INSERT INTO questionnaire_versions (questionnaire_id, version, questions,
                                        created_by)
    VALUES (q, 1, $json$[
      {"key": "employment_initiatives", "type": "number", "scope": "location",
       "required": true, "choices": [],
       "text": "How many current employment initiatives for refugees are there in your location, including mainstream ones with significant refugee participation?"},
      {"key": "gaps", "type": "text", "scope": "location", "required": true,
       "choices": [],
       "text": "Where are the gaps in the refugee employment pathway in your location?"},
      {"key": "overlaps", "type": "text", "scope": "location",
       "required": false, "choices": [],
       "text": "Where do initiatives overlap?"},
      {"key": "focus_areas", "type": "multiple_choice", "scope": "location",
       "required": true,
       "choices": ["Stocktake of employment initiatives",
                   "Work and Income case management",
                   "Access to skills training and continued learning",
                   "Recognition of qualifications and skills",
                   "Engaging employers, councils and Chambers of Commerce"],
       "text": "Which of the inter-agency work programme's areas of focus do your initiatives serve?"},
      {"key": "employers_engaged", "type": "yes_no", "scope": "location",
       "required": true, "choices": [],
       "text": "Are employers, the local council or the Chamber of Commerce engaged in finding opportunities for meaningful and sustainable employment?"},
      {"key": "next_review", "type": "date", "scope": "location",
       "required": false, "choices": [],
       "text": "When will the working group next review its employment initiatives?"},
      {"key": "designed_for", "type": "single_choice", "scope": "initiative",
       "required": false,
       "choices": ["Designed for refugees",
                   "Mainstream, with significant refugee participation",
                   "Mainstream, little refugee participation"],
       "text": "Was this initiative designed for refugees?"},
      {"key": "level", "type": "single_choice", "scope": "initiative",
       "required": false, "choices": ["National", "Local"],
       "text": "At what level does it run?"}
    ]$json$::jsonb, portal_user_id());

    INSERT INTO stocktakes (name, question, due_on, opened_by, opened_at,
                            closed_by, closed_at, questionnaire_id,
                            questionnaire_version)
    VALUES ('Employment initiatives stocktake 2025',
            'Tell us about the current employment initiatives for refugees in your location.',
            '2025-11-28', portal_user_id(), '2025-10-01 09:00+13',
            portal_user_id(), '2025-12-05 17:00+13', q, 1)
    RETURNING id INTO s;

    FOR r IN SELECT * FROM (VALUES
        ('hamilton', 2, 'No pathway from English classes into paid work for women with young children.',
         'Two job clubs meet the same week.', '["Stocktake of employment initiatives", "Engaging employers, councils and Chambers of Commerce"]',
         false, '2026-06-30'),
        ('nelson', 1, 'Seasonal work only: nothing that leads to role progression.',
         '', '["Access to skills training and continued learning"]',
         true, NULL)
        ) AS v (slug, n, gaps, overlap, focus, engaged, review)
    LOOP
        PERFORM set_config('portal.user_id', (SELECT id::text FROM users
            WHERE email = 'coordinator.' || r.slug || '@portal.demo'), true);
        INSERT INTO stocktake_returns (stocktake_id, location_id, completed_at,
                                       completed_by, note, answers)
        SELECT s, l.id, '2025-11-20 15:00+13', portal_user_id(), '',
               jsonb_strip_nulls(jsonb_build_object(
                   'location.employment_initiatives', r.n,
                   'location.gaps', r.gaps,
                   'location.overlaps', nullif(r.overlap, ''),
                   'location.focus_areas', r.focus::jsonb,
                   'location.employers_engaged', r.engaged,
                   'location.next_review', r.review))
               || coalesce((SELECT jsonb_object_agg('initiative.' || i.id
                       || '.designed_for', 'Designed for refugees')
                  FROM initiatives i WHERE i.location_id = l.id), '{}')
          FROM locations l WHERE l.slug = r.slug;
        PERFORM stocktake_snapshot(s, l.id, '2025-11-20 15:00+13')
           FROM locations l WHERE l.slug = r.slug;
    END LOOP;
END $$;

SELECT set_config('portal.user_id', '', true),
       set_config('portal.national_role', '', true),
       set_config('portal.locations_manage', '', true),
       set_config('portal.locations_read', '', true);

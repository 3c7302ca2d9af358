-- Demo data: events (make run only, never production).
--
-- Dates count from the day the demo is loaded, in New Zealand time, so the
-- calendar always has something coming up.  Hamilton relaunches its
-- paused service directory with a drop-in linked to that initiative, and
-- one event is cancelled (it stays, marked so, in the feeds).
--
-- portalctl demo runs this file in one transaction: the settings below
-- hold until its end, and let the insert policy pass on its merits.
-- Safe to run again: an event whose location and title exist is left
-- alone.

SELECT set_config('portal.locations_write',
           (SELECT '{' || coalesce(string_agg(id::text, ','), '') || '}' FROM locations), true),
       set_config('portal.national_role', '', true);

DO $$
DECLARE
    e record;
    today date := (now() AT TIME ZONE 'Pacific/Auckland')::date;
BEGIN
    FOR e IN SELECT * FROM (VALUES
    ('hamilton', 'coordinator.hamilton', 'Service directory drop-in: what is missing?',
     'The working group is bringing its newcomers'' service directory back online. Come and check the entries for the services you use, tell us what is missing, and see the directory in your language.',
     10, '10:00', '12:00', 'Hamilton Central Library, Garden Place (meeting room 2)', '{en,ar,fa-AF,my}',
     true, '', 'Step-free; interpreters in Arabic and Dari on the day.', '',
     'Waikato newcomers'' service directory', 'scheduled'),
    ('hamilton', 'member.hamilton', 'Driving theory class in Dari',
     'Road code, the learner licence test and practice questions, taught in Dari by a licensed instructor.',
     5, '18:00', '20:00', 'Hamilton East Community House, 20 Te Aroha Street', '{fa-AF,ps}',
     false, '$10; free for community services card holders', 'Ground floor.', 'https://example.nz/driving-dari',
     NULL, 'scheduled'),
    ('hamilton', 'coordinator.hamilton', 'Summer picnic for newcomers',
     'Food, music and games for everyone, with stalls by newcomer communities and a welcome from mana whenua.',
     21, '11:00', '15:00', 'Hamilton Gardens, Rhododendron Lawn', '{en,mi,ar,fa-AF,my,so,es}',
     true, '', 'Accessible toilets and a quiet tent.', '',
     NULL, 'scheduled'),
    ('hamilton', 'member.hamilton', 'Women''s swim and picnic',
     'Women-only swimming followed by a shared lunch.',
     14, '10:00', '13:00', 'Waterworld Te Rapa', '{en,ar,so}',
     false, '$4', 'Pool hoist.', '',
     NULL, 'cancelled'),
    ('nelson', 'coordinator.nelson', 'Newcomers'' welcome evening',
     'Meet the working group, local services and other families new to Nelson Tasman.',
     12, '17:30', '19:30', 'Nelson Library, Halifax Street', '{en,my,ksw}',
     true, '', 'Step-free.', '',
     NULL, 'scheduled')
    ) AS v (slug, author, title, description, days, starts, ends, place, languages,
            free, cost, accessibility, registration_url, initiative, status)
    LOOP
        IF EXISTS (SELECT 1 FROM events x JOIN locations l ON l.id = x.location_id
                    WHERE l.slug = e.slug AND x.title = e.title) THEN
            CONTINUE;
        END IF;
        PERFORM set_config('portal.user_id',
            (SELECT id::text FROM users WHERE email = e.author || '@portal.demo'), true);
        INSERT INTO events (location_id, created_by, title, description, starts_at, ends_at,
                            place, languages, free, cost, accessibility, registration_url,
                            initiative_id, status)
        SELECT l.id, portal_user_id(), e.title, e.description,
               (today + e.days + e.starts::time) AT TIME ZONE 'Pacific/Auckland',
               (today + e.days + e.ends::time) AT TIME ZONE 'Pacific/Auckland',
               e.place, e.languages::text[], e.free, e.cost, e.accessibility,
               e.registration_url,
               (SELECT i.id FROM initiatives i WHERE i.location_id = l.id AND i.title = e.initiative),
               e.status
          FROM locations l WHERE l.slug = e.slug;
    END LOOP;
END $$;

SELECT set_config('portal.user_id', '', true),
       set_config('portal.locations_write', '', true);

-- Demo data: who a newcomer can ask, on the location page (make run only,
-- never production).  Hamilton's and Nelson's coordinators keep one each;
-- the other locations have none, and their pages say nothing of one.
--
-- portalctl demo runs this file in one transaction: the settings below
-- hold until its end, and let the insert policy pass on its merits.
-- Safe to run again: a location that has a contact keeps it.

SELECT set_config('portal.locations_manage',
           (SELECT '{' || coalesce(string_agg(id::text, ','), '') || '}' FROM locations), true),
       set_config('portal.national_role', '', true);

DO $$
DECLARE
    c record;
BEGIN
    FOR c IN SELECT * FROM (VALUES
    ('hamilton', 'coordinator.hamilton', 'Settlement support desk, Hamilton Multicultural Services Trust',
     '07 839 5050', 'hello@hmst.example.nz', '{en,ar,fa-AF,my}', 'Monday to Friday, 9am to 4pm'),
    ('nelson', 'coordinator.nelson', 'Nelson Multicultural Council welcome desk',
     '03 546 7656', '', '{en,my,ksw,es}', 'Tuesday and Thursday, 10am to 2pm')
    ) AS v (slug, author, name, phone, email, languages, hours)
    LOOP
        PERFORM set_config('portal.user_id',
            (SELECT id::text FROM users WHERE email = c.author || '@portal.demo'), true);
        INSERT INTO location_contacts (location_id, name, phone, email, languages, hours, updated_by)
        SELECT l.id, c.name, c.phone, c.email, c.languages::text[], c.hours, portal_user_id()
          FROM locations l WHERE l.slug = c.slug
        ON CONFLICT (location_id) DO NOTHING;
    END LOOP;
END $$;

SELECT set_config('portal.user_id', '', true),
       set_config('portal.locations_manage', '', true);

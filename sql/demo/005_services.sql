-- Demo data: the service directory (make run only, never production).
--
-- Hamilton's "Waikato newcomers' service directory" initiative was paused
-- with "160 entries collected and checked" and nowhere to keep them: here
-- are the first of them, entered by its coordinator, in the languages
-- each service offers.  Two national services (Healthline, the
-- government's interpreting line) are entered once, kept by Hamilton,
-- and listed in several locations; Nelson has a few of its own.
--
-- portalctl demo runs this file in one transaction: the settings below
-- hold until its end, and let the insert policies pass on their merits
-- (services have FORCE ROW LEVEL SECURITY).  Safe to run again: a service
-- whose location and name exist is left alone.

SELECT set_config('portal.locations_write',
           (SELECT '{' || coalesce(string_agg(id::text, ','), '') || '}' FROM locations), true),
       set_config('portal.national_role', '', true);

DO $$
DECLARE
    s record;
    new_id bigint;
BEGIN
    FOR s IN SELECT * FROM (VALUES
    ('hamilton', 'coordinator.hamilton', 'Settlement support drop-in', 'Hamilton Multicultural Services Trust',
     'Help with forms, letters, appointments and finding your way in Hamilton, from staff who came as refugees themselves.',
     '{inclusion,health_wellbeing,pathways}', '{en,ar,fa-AF,my,ps}', 'Anyone who has settled in the Waikato in the last five years.',
     true, '', 'Monday to Friday, 9am to 4pm', '21 Grey Street, Hamilton East', '07 839 5050', 'hello@hmst.example.nz',
     'https://hmst.example.nz', 'Step-free entrance; a quiet room on request.', '2026-08-01', '{}'),
    ('hamilton', 'coordinator.hamilton', 'English conversation classes', 'English Language Partners Waikato',
     'Small classes and one-to-one home tutoring in everyday English, for adults at every level.',
     '{english_language,education_training}', '{en,ar,fa-AF,my,so}', 'Adult migrants and former refugees.',
     true, '', 'Weekdays, morning and evening classes', '6 Bryce Street, Hamilton Central', '07 838 0442', '',
     'https://www.englishlanguage.org.nz', 'Ground floor; childcare at the Thursday class.', '2026-07-15', '{}'),
    ('hamilton', 'coordinator.hamilton', 'Refugee health clinic', 'Waikato refugee primary care team',
     'A GP, nurses and a health navigator for newly arrived families: check-ups, immunisations and referrals, with a professional interpreter at every visit.',
     '{health_wellbeing}', '{en,ar,fa-AF,my,ksw,rhg,ti}', 'Former refugees in their first two years in New Zealand.',
     true, '', 'Monday to Thursday, 8.30am to 5pm; by appointment', 'Level 1, 40 Anglesea Street, Hamilton', '07 858 1200', '',
     '', 'Lift to level 1; interpreters booked with the appointment.', '2026-07-28', '{}'),
    ('hamilton', 'coordinator.hamilton', 'Homework help and conversation corner', 'Hamilton City Libraries',
     'Free homework help for school students, free wifi and computers, and a weekly conversation corner for English learners.',
     '{education_training,english_language,inclusion}', '{en,mi,ar}', 'Everyone; a library card is free.',
     true, '', 'Central library: every day, 9.30am to 8pm', 'Garden Place, Hamilton Central', '07 838 6826', '',
     'https://hamiltonlibraries.co.nz', 'Step-free; hearing loop at the service desk.', '2026-06-30', '{}'),
    ('hamilton', 'coordinator.hamilton', 'Free advice on rights, tenancy and money', 'Citizens Advice Bureau Hamilton',
     'Confidential advice on tenancy, employment rights, debt, consumer problems and dealing with government agencies.',
     '{inclusion,employment}', '{en,ar,hi,zh,es}', 'Anyone.',
     true, '', 'Monday to Friday, 9am to 4.30pm', 'Level 1, 414 Anglesea Street, Hamilton', '07 839 0808', 'hamilton@cab.example.nz',
     'https://www.cab.org.nz', 'Phone interpreting through Language Line.', '2026-08-02', '{}'),
    ('hamilton', 'coordinator.hamilton', 'Pathways to work', 'New Zealand Red Cross Hamilton',
     'One-to-one help to find and keep a job: CVs, interview practice, driver licences and introductions to employers.',
     '{employment,knowledge_skills}', '{en,ar,fa-AF,my}', 'Former refugees of working age.',
     true, '', 'By appointment', '', '07 834 1790', 'pathways.hamilton@redcross.example.nz',
     '', '', '2026-05-20', '{}'),
    ('hamilton', 'coordinator.hamilton', 'Women''s swimming sessions', 'Waterworld Te Rapa',
     'Women-only swimming with female lifeguards and curtained windows; lessons for beginners.',
     '{health_wellbeing,events_programmes}', '{en,ar,so}', 'Women and girls.',
     false, '$4 a session; lessons $60 for a term', 'Sundays, 5pm to 7pm', 'Garnett Avenue, Te Rapa', '07 958 5860', '',
     '', 'Pool hoist; changing rooms with privacy cubicles.', '2026-04-11', '{}'),
    ('hamilton', 'coordinator.hamilton', 'Healthline', 'Health New Zealand',
     'Free health advice by phone, day and night, from registered nurses; interpreters on request.',
     '{health_wellbeing}', '{en,mi,ar,fa-AF,my,so,zh,es}', 'Anyone in New Zealand.',
     true, '', 'Every day, 24 hours', '', '0800 611 116', '',
     'https://www.healthline.govt.nz', 'Deaf and hard of hearing: NZ Relay.', '2026-08-01',
     '{nelson,palmerston-north,wellington,auckland,christchurch,dunedin,invercargill}'),
    ('hamilton', 'coordinator.hamilton', 'Free interpreting for government services', 'Language Line',
     'Ask for an interpreter when you call or visit a government agency: the agency pays, in over 180 languages.',
     '{inclusion,services}', '{en,ar,fa-AF,ps,my,ksw,so,ti,am,es,zh}', 'Anyone dealing with a government agency.',
     true, '', 'Monday to Friday, 9am to 6pm; Saturday 9am to 2pm', '', '', '',
     'https://www.languageline.govt.nz', '', '2026-07-01',
     '{nelson,palmerston-north,wellington,auckland}'),
    ('nelson', 'coordinator.nelson', 'Newcomers'' welcome desk', 'Nelson Multicultural Council',
     'Information, introductions and a friendly face for people new to Nelson Tasman.',
     '{inclusion,pathways}', '{en,my,ksw,es}', 'Anyone new to Nelson Tasman.',
     true, '', 'Tuesday and Thursday, 10am to 2pm', '42 Rutherford Street, Nelson', '03 546 7656', '',
     '', 'Ground floor.', '2026-06-12', '{}'),
    ('nelson', 'coordinator.nelson', 'English for work', 'English Language Partners Nelson',
     'English classes built around the words used in orchards, packhouses and the seafood industry.',
     '{english_language,employment}', '{en,my,ksw}', 'Adult migrants and former refugees.',
     true, '', 'Monday and Wednesday evenings', '', '03 548 8012', '',
     'https://www.englishlanguage.org.nz', '', '2026-05-30', '{}')
    ) AS v (slug, author, name, organisation, description, categories, languages, eligibility,
            free, cost, hours, address, phone, email, website, accessibility, checked_on, also)
    LOOP
        IF EXISTS (SELECT 1 FROM services x JOIN locations l ON l.id = x.location_id
                    WHERE l.slug = s.slug AND x.name = s.name) THEN
            CONTINUE;
        END IF;
        PERFORM set_config('portal.user_id',
            (SELECT id::text FROM users WHERE email = s.author || '@portal.demo'), true);
        INSERT INTO services (location_id, created_by, name, organisation, description,
                              categories, languages, eligibility, free, cost, hours, address,
                              phone, email, website, accessibility, checked_on)
        SELECT l.id, portal_user_id(), s.name, s.organisation, s.description,
               s.categories::text[], s.languages::text[], s.eligibility, s.free, s.cost,
               s.hours, s.address, s.phone, s.email, s.website, s.accessibility,
               s.checked_on::date
          FROM locations l WHERE l.slug = s.slug
        RETURNING id INTO new_id;
        INSERT INTO service_locations (service_id, location_id)
        SELECT new_id, l.id FROM locations l
         WHERE l.slug = s.slug OR l.slug = ANY (s.also::text[]);
    END LOOP;
END $$;

SELECT set_config('portal.user_id', '', true),
       set_config('portal.locations_write', '', true);

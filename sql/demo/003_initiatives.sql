-- Demo data: initiatives and their progress updates across eleven of the
-- fourteen demo locations (make run only, never production).
--
-- portalctl demo runs this file in one transaction, so the settings made
-- with set_config(..., true) below hold until its end.  Initiatives and
-- updates have FORCE ROW LEVEL SECURITY: the settings give this session
-- every location, and portal.user_id is set to each row's creator or
-- author, so the insert policies pass on their merits (and would for an
-- owner without BYPASSRLS).
--
-- Deliberate gaps, for the coverage matrix and national overview (an area
-- counts when it has an active or planned initiative):
--   * Hamilton has NO active or planned initiative in research_evidence
--     (its survey is completed, its university study is only an idea);
--   * Nelson has NO active or planned initiative in services (its hospital
--     navigator is paused, its council language line was cancelled).
-- Timaru, Masterton and Levin have no initiatives at all.
--
-- Safe to run again: rows that exist (same location and title; same
-- initiative, date and text) are left alone.

SELECT set_config('portal.locations_read',
           (SELECT '{' || coalesce(string_agg(id::text, ','), '') || '}' FROM locations), true),
       set_config('portal.locations_write',
           (SELECT '{' || coalesce(string_agg(id::text, ','), '') || '}' FROM locations), true),
       set_config('portal.locations_manage',
           (SELECT '{' || coalesce(string_agg(id::text, ','), '') || '}' FROM locations), true),
       set_config('portal.national_role', '', true),
       set_config('portal.user_id', '', true);

-- Coordinators for the locations 002_people.sql leaves without one -------
-- Password 'demo-pass-2026', the same hash as 002_people.sql.

INSERT INTO users (email, display_name, password_hash)
SELECT email, display_name,
       '$argon2id$v=19$m=65536,t=2,p=1$V6S8jB/kXu7hO5iufPgG6w$i059McRc/x8rc0l1+8wFmCDm3z8pBI93t+UAm3mn6Tg'
  FROM (VALUES
    ('coordinator.auckland@portal.demo',         'Anahera Coordinator'),
    ('coordinator.wellington@portal.demo',       'Wiremu Coordinator'),
    ('coordinator.palmerston-north@portal.demo', 'Priya Coordinator'),
    ('coordinator.christchurch@portal.demo',     'Charlotte Coordinator'),
    ('coordinator.dunedin@portal.demo',          'Dawit Coordinator'),
    ('coordinator.invercargill@portal.demo',     'Isla Coordinator'),
    ('coordinator.whanganui@portal.demo',        'Whetu Coordinator'),
    ('coordinator.blenheim@portal.demo',         'Bronwyn Coordinator'),
    ('coordinator.ashburton@portal.demo',        'Amir Coordinator')
  ) AS demo (email, display_name)
ON CONFLICT (email) DO NOTHING;

INSERT INTO memberships (location_id, user_id, role, sector, organisation)
SELECT l.id, u.id, 'coordinator', m.sector, m.organisation
  FROM (VALUES
    ('auckland',         'ngo',              'Auckland Resettled Community Coalition'),
    ('wellington',       'local_government', 'Wellington City Council'),
    ('palmerston-north', 'local_government', 'Palmerston North City Council'),
    ('christchurch',     'local_government', 'Christchurch City Council'),
    ('dunedin',          'refugee_migrant',  'Dunedin Multi-Ethnic Council'),
    ('invercargill',     'local_government', 'Invercargill City Council'),
    ('whanganui',        'iwi',              'Te Rūnanga o Tūpoho'),
    ('blenheim',         'local_government', 'Marlborough District Council'),
    ('ashburton',        'community',        'Safer Mid Canterbury')
  ) AS m (slug, sector, organisation)
  JOIN locations l ON l.slug = m.slug
  JOIN users u ON u.email = 'coordinator.' || m.slug || '@portal.demo'
ON CONFLICT (location_id, user_id) DO NOTHING;

-- Initiatives --------------------------------------------------------------
-- lead: the lead's email without '@portal.demo' (NULL: nobody on the
-- portal leads it).  Each is created by its location's coordinator.

CREATE TEMP TABLE demo_initiatives (
    slug           text NOT NULL,
    title          text NOT NULL,
    area           text NOT NULL,
    elements       text[] NOT NULL,
    outcome_areas  text[] NOT NULL,
    status         text NOT NULL,
    visibility     text NOT NULL,
    lead           text,
    partners       text[] NOT NULL,
    target_groups  text[] NOT NULL,
    start_date     date,
    end_date       date,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    summary        text NOT NULL
) ON COMMIT DROP;

INSERT INTO demo_initiatives VALUES
-- Hamilton (Waikato) ------------------------------------------------------
('hamilton', 'Kirikiriroa Welcome newsletter', 'news_narrative',
 '{belonging,participation}', '{inclusion}', 'active', 'public', 'coordinator.hamilton',
 ARRAY['Hamilton City Council', 'Hamilton City Libraries', 'Waikato Multicultural Council'],
 ARRAY['Former refugee families', 'Hamilton residents'],
 '2025-04-01', NULL, '2025-03-12 10:15+13', '2026-10-30 14:12+13',
 $md$A bimonthly newsletter for newcomers and the people who live alongside them, in English, Dari, Arabic and Kinyarwanda. Each issue carries:

- a profile of a local family or business, told in their own words;
- dates for council, library and community events;
- one practical explainer (bins, buses, school zones, tenancy rights).

Printed copies go to libraries and community houses; the online edition is on the [Hamilton City Council site](https://hamilton.govt.nz/).$md$),

('hamilton', 'Voices of Kirikiriroa storytelling series', 'news_narrative',
 '{recognition,belonging}', '{inclusion}', 'completed', 'public', 'member2.hamilton',
 ARRAY['Hamilton City Libraries', 'Waikato Museum', 'Free FM 89.0'],
 ARRAY['Former refugees', 'Young people', 'Hamilton residents'],
 '2025-05-01', '2025-11-30', '2025-04-08 09:40+12', '2025-12-12 16:05+13',
 $md$Twelve former refugees recorded their stories of arriving in and making a home in Hamilton, with a community radio producer. The episodes aired on **Free FM** and were played at a closing evening at Waikato Museum, with the storytellers on a panel. Storytellers chose what to share and approved every edit.$md$),

('hamilton', 'Hamilton Seed Fund 2026/27', 'funding_models',
 '{participation,legitimacy}', '{inclusion,employment}', 'active', 'public', 'coordinator.hamilton',
 ARRAY['Hamilton City Council', 'Trust Waikato', 'WEL Energy Trust'],
 ARRAY['Community groups led by former refugees', 'Newcomer-led small businesses'],
 '2026-07-01', '2027-06-30', '2026-04-20 11:00+12', '2026-11-10 09:30+13',
 $md$Micro-grants of up to $2,000 and seed grants of up to $10,000 for community-led ideas that build belonging and inclusion. The working group reviews requests monthly against the framework's five elements; applicants can ask for help with their application in their own language.$md$),

('hamilton', 'Settlement experiences survey 2025', 'research_evidence',
 '{legitimacy}', '{inclusion,health_wellbeing}', 'completed', 'working_group', 'member.hamilton',
 ARRAY['University of Waikato', 'New Zealand Red Cross'],
 ARRAY['Former refugees resettled 2020–2024'],
 '2025-02-01', '2025-08-31', '2025-01-20 13:20+13', '2025-09-22 10:45+12',
 $md$A survey and six focus groups asking former refugees resettled in Hamilton since 2020 what helped and what got in the way: housing, GP access, English classes, work and feeling welcome. Interviews were in first languages with trained community interviewers. The findings shaped the working group's priorities for 2026.$md$),

('hamilton', 'Longitudinal study of employment outcomes', 'research_evidence',
 '{legitimacy,inclusion}', '{employment}', 'idea', 'working_group', 'member2.hamilton',
 ARRAY['University of Waikato'],
 ARRAY['Former refugees of working age'],
 NULL, NULL, '2026-09-03 15:30+12', '2026-09-17 12:10+12',
 $md$Idea: follow a cohort of working-age former refugees for three years to see which supports lead to lasting work and role progression. Needs ethics approval and a funder before it can be planned; the university has expressed interest.$md$),

('hamilton', 'Refugee employment pathway working party', 'knowledge_skills',
 '{inclusion,participation}', '{employment,education_training}', 'active', 'public', 'coordinator.hamilton',
 ARRAY['Ministry of Social Development', 'Waikato Chamber of Commerce', 'Wintec', 'Immigration New Zealand'],
 ARRAY['Jobseekers from refugee backgrounds', 'Local employers'],
 '2025-09-01', '2027-06-30', '2025-08-11 10:00+12', '2026-11-18 17:20+13',
 $md$Employment strategy work that brings employers, Work and Income and training providers together to shorten the time from arrival to meaningful work. The working party:

1. keeps a list of employers ready to offer work trials;
2. matches jobseekers with mentors from the same trade;
3. tracks into-work outcomes each quarter.$md$),

('hamilton', 'Cultural awareness training for frontline staff', 'knowledge_skills',
 '{recognition,legitimacy}', '{inclusion}', 'planned', 'working_group', 'member.hamilton',
 ARRAY['Hamilton City Council', 'Te Whatu Ora Waikato', 'Waikato Multicultural Council'],
 ARRAY['Council front-counter staff', 'Health receptionists', 'Bus drivers'],
 '2027-02-01', '2027-05-31', '2026-10-06 09:05+13', '2026-11-03 11:40+13',
 $md$Half-day diversity training for people who meet newcomers first: council counters, GP and hospital receptions, bus drivers. Co-delivered by former refugees, with a module on working with interpreters.$md$),

('hamilton', 'Welcoming Communities Hamilton', 'events_programmes',
 '{belonging,participation,recognition}', '{inclusion}', 'active', 'public', 'coordinator.hamilton',
 ARRAY['Hamilton City Council', 'Immigration New Zealand', 'Waikato-Tainui'],
 ARRAY['Newcomers', 'Receiving community'],
 '2025-07-01', '2027-06-30', '2025-06-02 14:00+12', '2026-10-21 15:55+13',
 $md$Hamilton's part in the national **Welcoming Communities** programme: a welcoming plan agreed with mana whenua, quarterly welcome events at marae and community houses, and a newcomers' network that meets monthly.$md$),

('hamilton', 'Hamilton Multicultural Festival', 'events_programmes',
 '{recognition,belonging}', '{inclusion}', 'completed', 'public', 'member2.hamilton',
 ARRAY['Waikato Multicultural Council', 'Hamilton City Council', 'Hamilton Gardens'],
 ARRAY['Everyone in Hamilton'],
 '2026-03-14', '2026-03-14', '2025-11-25 10:30+13', '2026-03-30 13:15+13',
 $md$A day of food, music and dance at Hamilton Gardens, with stalls run by newcomer communities and a welcome from Waikato-Tainui. The working group funded a shuttle from the eastern suburbs and a quiet space for families.$md$),

('hamilton', 'Interpreter-supported GP and pharmacy visits', 'services',
 '{inclusion,legitimacy}', '{health_wellbeing,english_language}', 'active', 'working_group', 'member.hamilton',
 ARRAY['Te Whatu Ora Waikato', 'Pinnacle Midlands Health Network', 'Interpreting New Zealand'],
 ARRAY['Former refugees with limited English', 'General practices'],
 '2026-02-01', '2026-12-31', '2026-01-14 08:50+13', '2026-11-12 10:05+13',
 $md$Language assistance so that newcomers can see a GP or pharmacist with a professional interpreter (in person or by phone) rather than a child or neighbour translating. Practices book through one number; the working group tracks uptake and waiting times.$md$),

('hamilton', 'Waikato newcomers'' service directory', 'pathways',
 '{participation,inclusion}', '{inclusion,health_wellbeing}', 'paused', 'public', 'coordinator.hamilton',
 ARRAY['Hamilton City Libraries', 'Citizens Advice Bureau Hamilton'],
 ARRAY['Newcomers', 'Settlement caseworkers'],
 '2025-10-01', '2026-12-31', '2025-09-09 11:25+12', '2026-08-04 16:30+12',
 $md$A printed and online service directory listing health, housing, English, employment and community services, with the languages each one offers. Paused while the libraries move to a new website; the entries collected so far are kept.$md$),

('hamilton', 'Kia ora Kirikiriroa local app', 'pathways',
 '{participation,belonging}', '{inclusion,english_language}', 'planned', 'working_group', 'member.hamilton',
 ARRAY['Hamilton City Council', 'Hamilton City Libraries', 'Waikato Institute of Technology'],
 ARRAY['Newcomers', 'Settlement volunteers'],
 '2027-01-11', '2027-09-30', '2026-09-21 10:20+12', '2026-11-19 13:05+13',
 $md$A local app built with Wintec students from the service directory's entries: services near you, opening hours, which languages they speak, and a map of bus routes to them. Content in English, te reo Māori, Dari, Arabic and Kinyarwanda; works offline.$md$),

('hamilton', 'Night market for newcomer food businesses', 'events_programmes',
 '{participation}', '{employment}', 'cancelled', 'working_group', 'member2.hamilton',
 ARRAY['Hamilton Central Business Association'],
 ARRAY['Newcomer food entrepreneurs'],
 '2026-05-01', '2026-10-31', '2026-02-02 12:00+13', '2026-05-19 09:20+12',
 $md$A monthly night market where newcomer cooks could test a food business. Cancelled: the site was no longer available and the food licensing costs were too high for a trial; ideas folded into the seed fund.$md$),

-- Nelson (Nelson Tasman) ---------------------------------------------------
('nelson', 'Whakatū newcomers'' stories on Fresh FM', 'news_narrative',
 '{recognition,belonging}', '{inclusion}', 'active', 'public', 'member.nelson',
 ARRAY['Fresh FM', 'Nelson Multicultural Council', 'Nelson Provincial Museum'],
 ARRAY['Former refugees', 'Nelson Tasman residents'],
 '2026-02-01', '2026-12-31', '2026-01-12 10:10+13', '2026-11-06 12:40+13',
 $md$A monthly half-hour community radio programme in which newcomers from Myanmar, Colombia and Afghanistan talk with long-time locals about work, whānau and the places that made Nelson feel like home. Episodes are archived at [Fresh FM](https://www.freshfm.net/).$md$),

('nelson', 'Settlement column in the council newsletter', 'news_narrative',
 '{belonging}', '{inclusion}', 'completed', 'public', 'coordinator.nelson',
 ARRAY['Nelson City Council', 'Tasman District Council'],
 ARRAY['Nelson Tasman residents'],
 '2025-03-01', '2025-12-31', '2025-02-14 09:00+13', '2026-01-20 15:00+13',
 $md$A regular column in *Our Nelson* introducing the region's newcomer communities, their festivals and the work of the working group, written with community members.$md$),

('nelson', 'Community micro-grants for newcomer-led ideas', 'funding_models',
 '{participation,legitimacy}', '{inclusion}', 'active', 'public', 'coordinator.nelson',
 ARRAY['Nelson City Council', 'Tasman District Council', 'Rātā Foundation'],
 ARRAY['Newcomer community groups', 'Youth groups'],
 '2026-04-01', '2027-03-31', '2026-02-24 13:30+13', '2026-11-16 10:20+13',
 $md$Micro-grants of up to $1,500 for small ideas from newcomer communities: a football team's kit, a language class for children, a shared meal. Quick decisions (within three weeks) and a one-page report at the end.$md$),

('nelson', 'Seasonal work to permanent roles: employer network', 'knowledge_skills',
 '{inclusion,participation}', '{employment,education_training}', 'active', 'working_group', 'coordinator.nelson',
 ARRAY['Nelson Regional Development Agency', 'Nelson Tasman Chamber of Commerce', 'Ministry of Social Development', 'NMIT'],
 ARRAY['Former refugees in seasonal work', 'Horticulture and seafood employers'],
 '2025-08-01', '2027-07-31', '2025-07-07 11:45+12', '2026-11-20 16:50+13',
 $md$Many former refugees in the region start in seasonal horticulture and seafood work. This employment strategy work helps them move into permanent roles with progression: employers commit to training and references, NMIT offers short courses, and Work and Income helps with transport and tools.$md$),

('nelson', 'Tikanga and Te Tiriti workshops for new residents', 'knowledge_skills',
 '{belonging,recognition}', '{inclusion,education_training}', 'active', 'public', 'member.nelson',
 ARRAY['Te Tau Ihu iwi', 'Whakatū Marae', 'Nelson Multicultural Council'],
 ARRAY['Newcomers', 'Settlement volunteers'],
 '2025-11-01', '2026-12-20', '2025-10-02 14:20+13', '2026-10-12 09:45+13',
 $md$Workshops hosted on marae introducing tikanga, local history and Te Tiriti o Waitangi, so that newcomers understand New Zealand as a multicultural society built on bicultural foundations. Each ends with a shared kai.$md$),

('nelson', 'Welcoming Communities Nelson Tasman', 'events_programmes',
 '{belonging,participation,recognition}', '{inclusion}', 'planned', 'public', 'coordinator.nelson',
 ARRAY['Nelson City Council', 'Tasman District Council', 'Immigration New Zealand', 'Te Tau Ihu iwi'],
 ARRAY['Newcomers', 'Receiving community'],
 '2027-01-15', '2027-12-31', '2026-08-18 10:00+12', '2026-11-09 14:35+13',
 $md$Joining the national Welcoming Communities programme across both councils. First steps:

- a stocktake of what already welcomes newcomers here;
- a welcoming plan written with iwi and newcomer communities;
- a welcome event each season.$md$),

('nelson', 'Nelson Kai and Culture Festival', 'events_programmes',
 '{recognition,belonging}', '{inclusion}', 'completed', 'public', 'coordinator.nelson',
 ARRAY['Nelson Multicultural Council', 'Nelson City Council'],
 ARRAY['Everyone in Nelson Tasman'],
 '2026-02-21', '2026-02-21', '2025-10-20 16:00+13', '2026-03-05 11:10+13',
 $md$A cultural festival in Trafalgar Park with food stalls, dance and a children's tent, run with the Multicultural Council. Stallholders from newcomer communities kept their takings.$md$),

('nelson', 'Bilingual health navigator at Nelson Hospital', 'services',
 '{inclusion,legitimacy}', '{health_wellbeing}', 'paused', 'working_group', 'member.nelson',
 ARRAY['Te Whatu Ora Nelson Marlborough', 'Nelson Bays Primary Health'],
 ARRAY['Former refugee patients and their families'],
 '2026-03-01', '2026-12-31', '2026-01-28 09:30+13', '2026-09-15 13:00+12',
 $md$A part-time navigator who speaks Burmese and Chin helped patients through outpatient appointments, referrals and discharge. Paused in September when the pilot funding ran out; the working group is looking for a longer-term funder.$md$),

('nelson', 'Language assistance at council service centres', 'services',
 '{legitimacy}', '{english_language}', 'cancelled', 'working_group', 'coordinator.nelson',
 ARRAY['Nelson City Council'],
 ARRAY['Residents with limited English'],
 '2025-06-01', '2025-12-31', '2025-04-15 15:10+12', '2025-07-29 10:00+12',
 $md$A plan for walk-in interpreting at the council's service centres. Cancelled: the council joined the government's telephone interpreting service, which covers the same need at every counter.$md$),

('nelson', 'Nelson Tasman newcomers'' service directory', 'pathways',
 '{participation,inclusion}', '{inclusion}', 'active', 'public', 'coordinator.nelson',
 ARRAY['Nelson Public Libraries', 'Citizens Advice Bureau Nelson Tasman', 'Nelson Tasman Chamber of Commerce'],
 ARRAY['Newcomers', 'Employers', 'Volunteers'],
 '2025-09-01', '2026-12-31', '2025-08-05 12:00+12', '2026-10-27 15:25+13',
 $md$An online and printed directory of services for newcomers, kept by the libraries and checked every six months. Each entry says which languages the service offers and whether it is free.$md$),

('nelson', 'Research partnership on rural settlement outcomes', 'research_evidence',
 '{legitimacy}', '{employment,health_wellbeing}', 'planned', 'working_group', 'member.nelson',
 ARRAY['NMIT', 'Massey University'],
 ARRAY['Former refugees living outside Nelson city'],
 '2027-03-01', '2027-11-30', '2026-07-22 10:40+12', '2026-11-02 09:15+13',
 $md$Commissioned research on how former refugees living in Motueka, Takaka and Richmond get on with transport, work and services compared with those in the city, so the working group can share what works with other small settlement locations.$md$),

-- Auckland -------------------------------------------------------------------
('auckland', 'Māngere youth podcast', 'news_narrative',
 '{belonging,recognition}', '{inclusion}', 'active', 'public', 'coordinator.auckland',
 ARRAY['Auckland Council', 'Mixit', 'Māngere Arts Centre'],
 ARRAY['Refugee-background young people aged 15–24'],
 '2026-03-01', '2027-02-28', '2026-01-30 11:00+13', '2026-11-14 13:30+13',
 $md$Young people from refugee backgrounds produce a fortnightly podcast about school, work, faith and growing up between cultures in South Auckland, with mentoring from professional producers.$md$),

('auckland', 'Employer diversity training with the Business Chamber', 'knowledge_skills',
 '{recognition,inclusion}', '{employment}', 'completed', 'public', 'coordinator.auckland',
 ARRAY['Auckland Business Chamber', 'Ministry of Social Development', 'Auckland Resettled Community Coalition'],
 ARRAY['Employers', 'HR managers'],
 '2025-05-01', '2025-10-31', '2025-03-18 09:20+13', '2025-11-14 10:00+13',
 $md$Six diversity training sessions for employers on recruiting and keeping staff from refugee backgrounds: recognising overseas experience, unconscious bias in interviews and reasonable accommodation for faith practice.$md$),

('auckland', 'Welcoming Communities South Auckland pilot', 'events_programmes',
 '{belonging,participation}', '{inclusion}', 'planned', 'working_group', 'coordinator.auckland',
 ARRAY['Auckland Council', 'Immigration New Zealand', 'Te Ākitai Waiohua'],
 ARRAY['Newcomers in Māngere and Ōtāhuhu', 'Local residents'],
 '2027-02-01', '2027-12-15', '2026-09-10 14:45+12', '2026-11-11 16:00+13',
 $md$A pilot of the Welcoming Communities approach in two local board areas, starting with a welcome at Makaurau Marae and a series of neighbourhood events.$md$),

('auckland', 'Interpreter line for community clinics', 'services',
 '{inclusion,legitimacy}', '{health_wellbeing,english_language}', 'active', 'working_group', NULL,
 ARRAY['Te Whatu Ora Counties Manukau', 'Asylum Seekers Support Trust'],
 ARRAY['Patients with limited English'],
 '2025-11-01', '2026-12-31', '2025-10-01 10:00+13', '2026-10-19 11:45+13',
 $md$Language assistance: a phone interpreting line that community clinics can call without a booking, in Arabic, Dari, Pashto, Tigrinya, Somali and Burmese.$md$),

('auckland', 'Commissioned review of housing pathways', 'research_evidence',
 '{legitimacy,inclusion}', '{health_wellbeing,inclusion}', 'active', 'public', 'coordinator.auckland',
 ARRAY['University of Auckland', 'Kāinga Ora', 'Auckland Council'],
 ARRAY['Former refugee households'],
 '2026-06-01', '2027-03-31', '2026-04-07 13:00+12', '2026-11-04 10:30+13',
 $md$Commissioned work to map how former refugee households move from their first home into longer-term housing, where they get stuck, and what landlords and agencies could change. See the university's [Centre for Asia Pacific Refugee Studies](https://www.auckland.ac.nz/) for related work.$md$),

-- Wellington -----------------------------------------------------------------
('wellington', 'Pōneke newcomers'' storytelling evenings', 'news_narrative',
 '{recognition,belonging}', '{inclusion}', 'active', 'public', 'coordinator.wellington',
 ARRAY['Wellington City Libraries', 'Wellington Multicultural Council', 'ChangeMakers Resettlement Forum'],
 ARRAY['Former refugees', 'Wellington residents'],
 '2025-10-01', '2026-12-31', '2025-08-28 12:30+12', '2026-10-25 18:10+13',
 $md$Storytelling evenings at the central library where newcomers share a story, a song or a recipe, followed by conversation over tea.$md$),

('wellington', 'Seed fund for community-led sport', 'funding_models',
 '{participation,belonging}', '{health_wellbeing,inclusion}', 'completed', 'working_group', 'coordinator.wellington',
 ARRAY['Wellington City Council', 'Sport Wellington'],
 ARRAY['Newcomer sports clubs', 'Young people'],
 '2025-03-01', '2026-02-28', '2025-02-03 09:10+13', '2026-03-16 14:00+13',
 $md$Seed funding for newcomer-led sports clubs: registration fees, gear and ground hire. Eight clubs were funded, from futsal to cricket.$md$),

('wellington', 'Wellington refugee employment strategy', 'knowledge_skills',
 '{inclusion,participation}', '{employment}', 'active', 'public', 'coordinator.wellington',
 ARRAY['WellingtonNZ', 'Business Central', 'Ministry of Social Development', 'Red Cross Pathways to Employment'],
 ARRAY['Jobseekers from refugee backgrounds', 'Employers'],
 '2025-07-01', '2027-06-30', '2025-05-20 10:00+12', '2026-11-19 15:40+13',
 $md$A regional employment strategy agreed with employers and agencies, with targets for work placements, recognition of overseas qualifications and in-work English.$md$),

('wellington', 'Newcomers'' Wellington app', 'pathways',
 '{participation}', '{inclusion}', 'idea', 'working_group', NULL,
 '{}', ARRAY['Newcomers'],
 NULL, NULL, '2026-10-08 16:20+13', '2026-10-08 16:20+13',
 $md$Idea: a local app with the service directory, bus routes to key services and reminders in the user's own language. Check first whether the national settlement app covers this.$md$),

-- Palmerston North -------------------------------------------------------------
('palmerston-north', 'Palmy Festival of Cultures', 'events_programmes',
 '{recognition,belonging}', '{inclusion}', 'completed', 'public', 'coordinator.palmerston-north',
 ARRAY['Palmerston North City Council', 'Manawatū Multicultural Council', 'Rangitāne o Manawatū'],
 ARRAY['Everyone in Palmerston North'],
 '2026-03-07', '2026-03-07', '2025-12-01 11:00+13', '2026-03-20 10:30+13',
 $md$The city's festival of cultures in The Square, with a pōwhiri from Rangitāne, performances from twenty communities and a newcomers' information tent.$md$),

('palmerston-north', 'English conversation groups at the city library', 'services',
 '{participation,inclusion}', '{english_language}', 'active', 'public', 'coordinator.palmerston-north',
 ARRAY['English Language Partners Manawatū', 'Palmerston North City Library'],
 ARRAY['Adult learners of English', 'Parents at home with young children'],
 '2025-08-01', '2026-12-18', '2025-06-30 09:45+12', '2026-11-13 12:20+13',
 $md$Weekly conversation groups with volunteer hosts, a crèche and a women-only session. See [English Language Partners](https://www.englishlanguage.org.nz/).$md$),

('palmerston-north', 'Driver licence mentoring programme', 'pathways',
 '{participation,inclusion}', '{employment}', 'active', 'working_group', 'coordinator.palmerston-north',
 ARRAY['Manawatū Multicultural Council', 'New Zealand Red Cross', 'New Zealand Police'],
 ARRAY['Newcomers without a full licence'],
 '2025-10-01', '2026-12-31', '2025-09-01 10:00+12', '2026-10-29 17:00+13',
 $md$Volunteer mentors help learners prepare for the theory test and log supervised hours, because a licence opens most jobs outside the city.$md$),

('palmerston-north', 'Study of family reunification and wellbeing', 'research_evidence',
 '{legitimacy}', '{health_wellbeing}', 'planned', 'working_group', NULL,
 ARRAY['Massey University'],
 ARRAY['Former refugees separated from family'],
 '2027-01-20', '2027-10-31', '2026-08-12 14:00+12', '2026-10-15 09:00+13',
 $md$Academic research with Massey University on how separation from family affects the wellbeing and settlement of former refugees, with recommendations for agencies.$md$),

-- Christchurch -------------------------------------------------------------------
('christchurch', 'Ōtautahi newcomer newsletter in eight languages', 'news_narrative',
 '{belonging,participation}', '{inclusion}', 'active', 'public', 'coordinator.christchurch',
 ARRAY['Christchurch City Council', 'Christchurch Multicultural Council', 'Christchurch City Libraries'],
 ARRAY['Former refugees', 'Migrant families'],
 '2025-06-01', NULL, '2025-05-05 09:00+12', '2026-11-17 11:00+13',
 $md$A quarterly newsletter translated into eight languages, with council news, events and a story from a newcomer family each issue.$md$),

('christchurch', 'Mentoring for refugee-background jobseekers', 'knowledge_skills',
 '{inclusion,participation}', '{employment,education_training}', 'active', 'working_group', 'coordinator.christchurch',
 ARRAY['Canterbury Employers'' Chamber of Commerce', 'Ministry of Social Development', 'Ara Institute of Canterbury'],
 ARRAY['Jobseekers from refugee backgrounds'],
 '2025-09-15', '2027-06-30', '2025-08-20 13:40+12', '2026-11-05 10:10+13',
 $md$Business mentors matched one-to-one with jobseekers for six months: CVs, interview practice, site visits and introductions.$md$),

('christchurch', 'Culture Galore', 'events_programmes',
 '{recognition,belonging}', '{inclusion}', 'completed', 'public', NULL,
 ARRAY['Christchurch City Council', 'Christchurch Multicultural Council'],
 ARRAY['Everyone in Christchurch'],
 '2026-02-28', '2026-02-28', '2025-11-10 10:00+13', '2026-03-12 09:30+13',
 $md$Support for the city's annual Culture Galore festival in Hagley Park: a newcomers' welcome tent and transport for families from outer suburbs.$md$),

('christchurch', 'Micro-grants for newcomer small businesses', 'funding_models',
 '{participation,legitimacy}', '{employment}', 'planned', 'working_group', 'coordinator.christchurch',
 ARRAY['ChristchurchNZ', 'Rātā Foundation'],
 ARRAY['Newcomer entrepreneurs'],
 '2027-01-01', '2027-12-31', '2026-09-29 15:00+13', '2026-11-21 12:00+13',
 $md$Micro-grants of up to $3,000 with free business mentoring for newcomers starting a small business.$md$),

-- Dunedin ------------------------------------------------------------------------
('dunedin', 'Ōtepoti welcome picnics', 'events_programmes',
 '{belonging,participation}', '{inclusion}', 'completed', 'public', 'coordinator.dunedin',
 ARRAY['Dunedin City Council', 'Dunedin Multi-Ethnic Council', 'Te Rūnanga o Ōtākou'],
 ARRAY['Newcomers', 'Neighbours'],
 '2025-12-06', '2026-03-28', '2025-10-14 11:15+13', '2026-04-10 13:00+12',
 $md$Four summer picnics in the Botanic Garden where newly arrived families met neighbours, volunteers and mana whenua.$md$),

('dunedin', 'Interpreting support at Dunedin schools', 'services',
 '{inclusion,legitimacy}', '{education_training,english_language}', 'active', 'working_group', 'coordinator.dunedin',
 ARRAY['Ministry of Education', 'Dunedin North Intermediate', 'Logan Park High School'],
 ARRAY['Parents from refugee backgrounds', 'Teachers'],
 '2026-02-02', '2026-12-11', '2026-01-15 09:00+13', '2026-10-22 14:45+13',
 $md$Interpreters for parent–teacher interviews and enrolment meetings, so parents can take part in their children's learning.$md$),

('dunedin', 'University of Otago evaluation of settlement support', 'research_evidence',
 '{legitimacy}', '{inclusion,health_wellbeing}', 'active', 'public', 'coordinator.dunedin',
 ARRAY['University of Otago', 'New Zealand Red Cross'],
 ARRAY['Former refugees', 'Settlement agencies'],
 '2026-03-01', '2027-02-28', '2026-02-10 10:30+13', '2026-11-08 16:15+13',
 $md$An independent evaluation of settlement support in Dunedin since 2016, with interviews in first languages and a community advisory group.$md$),

-- Invercargill -------------------------------------------------------------------
('invercargill', 'Welcoming Communities Murihiku', 'events_programmes',
 '{belonging,recognition}', '{inclusion}', 'active', 'public', 'coordinator.invercargill',
 ARRAY['Invercargill City Council', 'Great South', 'Te Rūnanga o Waihōpai'],
 ARRAY['Newcomers', 'Southland residents'],
 '2025-10-01', '2027-09-30', '2025-08-26 10:00+12', '2026-10-31 11:30+13',
 $md$Southland's Welcoming Communities programme: welcome events at Murihiku Marae, a newcomers' network and a winter-ready kit for families arriving from hot climates.$md$),

('invercargill', 'Southland newcomer service directory', 'pathways',
 '{participation}', '{inclusion}', 'completed', 'public', 'coordinator.invercargill',
 ARRAY['Invercargill City Libraries', 'Citizens Advice Bureau Invercargill'],
 ARRAY['Newcomers'],
 '2025-04-01', '2025-09-30', '2025-03-10 09:30+13', '2025-10-14 12:00+13',
 $md$A pocket-sized service directory in five languages, handed out at arrival and available at libraries.$md$),

('invercargill', 'Newcomer workforce plan with Great South', 'knowledge_skills',
 '{inclusion}', '{employment,education_training}', 'planned', 'working_group', 'coordinator.invercargill',
 ARRAY['Great South', 'Southern Institute of Technology', 'Ministry of Social Development'],
 ARRAY['Jobseekers from refugee backgrounds', 'Southland employers'],
 '2027-02-15', '2027-11-30', '2026-10-01 13:00+13', '2026-11-19 09:40+13',
 $md$Employment strategy work with the regional development agency to connect newcomers to the region's skill shortages in dairy, meat processing and aged care.$md$),

-- Whanganui ----------------------------------------------------------------------
('whanganui', 'Stories from the river city', 'news_narrative',
 '{belonging,recognition}', '{inclusion}', 'active', 'public', 'coordinator.whanganui',
 ARRAY['Whanganui District Council', 'Whanganui Chronicle', 'Whanganui District Library'],
 ARRAY['Whanganui residents', 'Newcomers'],
 '2026-04-01', '2027-03-31', '2026-03-02 10:45+13', '2026-10-28 14:20+13',
 $md$A monthly newspaper and library exhibition series of portraits and short stories of newcomers and the locals who welcomed them.$md$),

('whanganui', 'Newcomers'' football festival', 'events_programmes',
 '{participation,belonging}', '{health_wellbeing}', 'idea', 'working_group', NULL,
 '{}', ARRAY['Young people', 'Families'],
 NULL, NULL, '2026-11-02 19:00+13', '2026-11-02 19:00+13',
 $md$Idea: a one-day football festival in the summer holidays with mixed teams of newcomers and locals.$md$),

-- Blenheim -----------------------------------------------------------------------
('blenheim', 'Viticulture employment pathway', 'knowledge_skills',
 '{inclusion,participation}', '{employment,education_training}', 'active', 'public', 'coordinator.blenheim',
 ARRAY['Wine Marlborough', 'Ministry of Social Development', 'NMIT Marlborough'],
 ARRAY['Former refugees in seasonal vineyard work'],
 '2025-11-01', '2027-05-31', '2025-09-30 11:00+13', '2026-11-15 10:50+13',
 $md$A pathway from seasonal vineyard work to year-round roles in viticulture and winemaking, with paid training days and a certificate recognised across the industry.$md$),

('blenheim', 'Marlborough language assistance pilot', 'services',
 '{legitimacy,inclusion}', '{english_language}', 'paused', 'working_group', 'coordinator.blenheim',
 ARRAY['Marlborough District Council', 'Marlborough Multicultural Centre'],
 ARRAY['Residents with limited English'],
 '2026-01-15', '2026-12-15', '2025-12-03 09:30+13', '2026-08-20 15:00+12',
 $md$Community interpreters at the Multicultural Centre two mornings a week. Paused while two interpreters complete their accreditation.$md$),

-- Ashburton ----------------------------------------------------------------------
('ashburton', 'Ashburton newcomers'' welcome pack', 'pathways',
 '{belonging,participation}', '{inclusion}', 'completed', 'public', 'coordinator.ashburton',
 ARRAY['Ashburton District Council', 'Ashburton Public Library'],
 ARRAY['Newcomers'],
 '2025-06-01', '2025-11-30', '2025-05-12 10:00+12', '2025-12-09 11:20+13',
 $md$A welcome pack with a map, a service directory, emergency numbers and a calendar of community events, in six languages.$md$),

('ashburton', 'English for work in the dairy sector', 'knowledge_skills',
 '{inclusion,participation}', '{english_language,employment}', 'planned', 'working_group', 'coordinator.ashburton',
 ARRAY['DairyNZ', 'English Language Partners', 'Federated Farmers Mid Canterbury'],
 ARRAY['Dairy farm workers learning English', 'Farm employers'],
 '2027-03-01', '2027-10-31', '2026-09-14 14:00+12', '2026-11-07 10:00+13',
 $md$Workplace English on the farm: safety words, rosters and talking with the boss, taught by tutors who visit farms between milkings.$md$);

-- Each location's coordinator creates its initiatives (the insert policy
-- wants created_by = portal_user_id()).
DO $$
DECLARE
    loc record;
BEGIN
    FOR loc IN SELECT l.id, l.slug, u.id AS creator
                 FROM locations l
                 JOIN users u ON u.email = 'coordinator.' || l.slug || '@portal.demo'
                WHERE l.slug IN (SELECT slug FROM demo_initiatives)
                ORDER BY l.slug
    LOOP
        PERFORM set_config('portal.user_id', loc.creator::text, true);
        INSERT INTO initiatives (location_id, title, summary, area, elements,
               outcome_areas, status, visibility, lead_user_id, partners,
               target_groups, start_date, end_date, created_by, created_at,
               updated_at, published_at)
        SELECT loc.id, d.title, d.summary, d.area, d.elements, d.outcome_areas,
               d.status, d.visibility, lead.id, d.partners, d.target_groups,
               d.start_date, d.end_date, portal_user_id(), d.created_at,
               d.updated_at,
               CASE WHEN d.visibility = 'public'
                    THEN least(d.created_at + interval '3 days', d.updated_at) END
          FROM demo_initiatives d
          LEFT JOIN users lead ON lead.email = d.lead || '@portal.demo'
         WHERE d.slug = loc.slug
           AND NOT EXISTS (SELECT 1 FROM initiatives i
                            WHERE i.location_id = loc.id AND i.title = d.title)
         ORDER BY d.created_at;
    END LOOP;
END $$;

-- Progress updates ---------------------------------------------------------
-- author: email without '@portal.demo', a member or coordinator there.

-- Figures are for the period since the initiative's update before (sql/025):
-- "6 into work", then "19", then "31 to date" are 6, 13 and 12.
CREATE TEMP TABLE demo_updates (
    slug            text NOT NULL,
    title           text NOT NULL,
    author          text NOT NULL,
    date            date NOT NULL,
    people_reached  integer,
    sessions_held   integer,
    volunteers      integer,
    into_work       integer,
    body            text NOT NULL
) ON COMMIT DROP;

INSERT INTO demo_updates VALUES
-- Hamilton
('hamilton', 'Kirikiriroa Welcome newsletter', 'coordinator.hamilton', '2025-06-02', 850, NULL, 4, NULL,
 $md$First issue out: 600 printed copies and 250 email subscribers. Dari and Arabic translations done by volunteers from the Afghan and Syrian communities.$md$),
('hamilton', 'Kirikiriroa Welcome newsletter', 'member2.hamilton', '2026-04-08', 550, NULL, 2, NULL,
 $md$Kinyarwanda edition added. Readers asked for more about **school zones** and the new bus network, so the next two issues focus on those.$md$),
('hamilton', 'Kirikiriroa Welcome newsletter', 'coordinator.hamilton', '2026-10-28', 250, NULL, 0, NULL,
 $md$October issue sent. Subscribers up to 610; libraries report the printed copies run out within two weeks.$md$),
('hamilton', 'Voices of Kirikiriroa storytelling series', 'member2.hamilton', '2025-07-15', NULL, 8, 3, NULL,
 $md$Eight recording sessions held at the central library. Two storytellers withdrew; we have twelve confirmed.$md$),
('hamilton', 'Voices of Kirikiriroa storytelling series', 'member2.hamilton', '2025-12-05', 320, 4, 2, NULL,
 $md$Closing evening at Waikato Museum: about 120 people in the room and 200 listeners online. All twelve episodes are now on the station's archive.$md$),
('hamilton', 'Hamilton Seed Fund 2026/27', 'coordinator.hamilton', '2026-08-14', NULL, 2, NULL, NULL,
 $md$Round opened on 1 July. Two information sessions held (one in Dari); 14 enquiries so far.$md$),
('hamilton', 'Hamilton Seed Fund 2026/27', 'coordinator.hamilton', '2026-11-06', 95, NULL, NULL, NULL,
 $md$First decisions made: five micro-grants (a women's sewing group, two youth sports teams, a Somali homework club and a community garden) and one seed grant for a catering cooperative.$md$),
('hamilton', 'Settlement experiences survey 2025', 'member.hamilton', '2025-05-20', 140, 6, 9, NULL,
 $md$Survey closed with 140 responses; six focus groups held with community interviewers.$md$),
('hamilton', 'Settlement experiences survey 2025', 'member.hamilton', '2025-09-18', NULL, NULL, NULL, NULL,
 $md$Report presented to the working group. Top three issues: getting a GP appointment, the wait for English classes, and finding work that uses people's skills.$md$),
('hamilton', 'Refugee employment pathway working party', 'coordinator.hamilton', '2025-12-10', 45, 4, 7, 6,
 $md$First quarter: 45 jobseekers registered, 12 employers signed up for work trials, 6 people into work.$md$),
('hamilton', 'Refugee employment pathway working party', 'member.hamilton', '2026-06-30', 43, 5, 4, 13,
 $md$Half-year figures: 19 people into work, 11 of them in roles that use their previous trade. Wintec has added a short course in construction safety.$md$),
('hamilton', 'Refugee employment pathway working party', 'coordinator.hamilton', '2026-11-16', 32, 5, 1, 12,
 $md$31 into work to date. Retention at six months is 80%. Next: a mentoring scheme for women returning to work.$md$),
('hamilton', 'Welcoming Communities Hamilton', 'coordinator.hamilton', '2025-10-20', 210, 1, 25, NULL,
 $md$Welcoming plan agreed with Waikato-Tainui and endorsed by council. First welcome event at Kirikiriroa Marae.$md$),
('hamilton', 'Welcoming Communities Hamilton', 'member2.hamilton', '2026-10-18', 330, 3, 15, NULL,
 $md$Four welcome events this year and a newcomers' network meeting monthly (average 30 people).$md$),
('hamilton', 'Hamilton Multicultural Festival', 'member2.hamilton', '2026-03-20', 6500, 1, 60, NULL,
 $md$About 6,500 people came. 22 stalls from newcomer communities; the shuttle carried 300 people from the eastern suburbs.$md$),
('hamilton', 'Interpreter-supported GP and pharmacy visits', 'member.hamilton', '2026-05-11', 74, NULL, NULL, NULL,
 $md$74 interpreted appointments in the first three months. Most asked for: Dari, Arabic, Swahili.$md$),
('hamilton', 'Interpreter-supported GP and pharmacy visits', 'member.hamilton', '2026-11-10', 157, NULL, NULL, NULL,
 $md$231 appointments so far. Two practices still do not book interpreters; we will visit them with the PHO.$md$),
('hamilton', 'Waikato newcomers'' service directory', 'coordinator.hamilton', '2026-08-03', NULL, NULL, 3, NULL,
 $md$Paused until the libraries' new website is live (expected early 2027). 160 entries collected and checked.$md$),
('hamilton', 'Night market for newcomer food businesses', 'member2.hamilton', '2026-05-18', NULL, NULL, NULL, NULL,
 $md$Cancelled after the site fell through and food licensing quotes came in at over $4,000 for a trial. The cooks involved were pointed to the seed fund.$md$),
-- Nelson
('nelson', 'Whakatū newcomers'' stories on Fresh FM', 'member.nelson', '2026-05-04', 900, 3, 4, NULL,
 $md$Three episodes aired. The Colombian episode was picked up by RNZ's community programme.$md$),
('nelson', 'Whakatū newcomers'' stories on Fresh FM', 'member.nelson', '2026-11-03', 1200, 6, 2, NULL,
 $md$Nine episodes to date; listeners and downloads up each month.$md$),
('nelson', 'Settlement column in the council newsletter', 'coordinator.nelson', '2025-12-15', NULL, NULL, NULL, NULL,
 $md$Ten columns published this year. The council will keep a quarterly feature from 2026.$md$),
('nelson', 'Community micro-grants for newcomer-led ideas', 'coordinator.nelson', '2026-07-08', 180, NULL, NULL, NULL,
 $md$Nine micro-grants made in the first quarter, totalling $11,400. Two went to youth groups.$md$),
('nelson', 'Community micro-grants for newcomer-led ideas', 'coordinator.nelson', '2026-11-12', 230, NULL, NULL, NULL,
 $md$Twenty grants so far. End-of-grant reports show most groups plan to keep going without further funding.$md$),
('nelson', 'Seasonal work to permanent roles: employer network', 'coordinator.nelson', '2025-11-20', 38, 3, NULL, 4,
 $md$Network launched with eleven employers. Four people moved from seasonal to permanent roles.$md$),
('nelson', 'Seasonal work to permanent roles: employer network', 'coordinator.nelson', '2026-05-26', 23, 3, NULL, 9,
 $md$13 into permanent work. NMIT's forklift and first-aid courses are full; a second intake is planned.$md$),
('nelson', 'Seasonal work to permanent roles: employer network', 'coordinator.nelson', '2026-11-18', 16, 4, NULL, 9,
 $md$22 into permanent work to date. Employers ask for more help with driver licences.$md$),
('nelson', 'Tikanga and Te Tiriti workshops for new residents', 'member.nelson', '2026-02-16', 65, 3, 8, NULL,
 $md$Three workshops held at Whakatū Marae with interpreters for Burmese, Chin and Spanish.$md$),
('nelson', 'Tikanga and Te Tiriti workshops for new residents', 'member.nelson', '2026-10-09', 85, 4, 2, NULL,
 $md$Seven workshops this year. Participants asked for a follow-up on local history, which iwi have agreed to host.$md$),
('nelson', 'Nelson Kai and Culture Festival', 'coordinator.nelson', '2026-03-02', 4200, 1, 45, NULL,
 $md$Around 4,200 visitors; 18 stalls from newcomer communities.$md$),
('nelson', 'Bilingual health navigator at Nelson Hospital', 'member.nelson', '2026-06-10', 52, NULL, NULL, NULL,
 $md$52 patients supported in three months; missed outpatient appointments among them fell by half.$md$),
('nelson', 'Bilingual health navigator at Nelson Hospital', 'coordinator.nelson', '2026-09-14', 44, NULL, NULL, NULL,
 $md$Paused: the pilot funding ended in August. We are preparing an application to the Lotteries Community fund.$md$),
('nelson', 'Language assistance at council service centres', 'coordinator.nelson', '2025-07-28', NULL, NULL, NULL, NULL,
 $md$Cancelled: the council now uses the national telephone interpreting service at every counter.$md$),
('nelson', 'Nelson Tasman newcomers'' service directory', 'coordinator.nelson', '2026-10-24', 1300, NULL, 2, NULL,
 $md$Directory checked and reprinted; 1,300 views of the online version since March.$md$),
-- Auckland
('auckland', 'Māngere youth podcast', 'coordinator.auckland', '2026-07-21', 3500, 10, 3, NULL,
 $md$Ten episodes released. Episode 4, on faith and school, passed 1,000 plays.$md$),
('auckland', 'Employer diversity training with the Business Chamber', 'coordinator.auckland', '2025-11-12', 96, 6, NULL, NULL,
 $md$Six sessions, 96 people from 41 businesses. Evaluations: 92% would recommend.$md$),
('auckland', 'Interpreter line for community clinics', 'coordinator.auckland', '2026-04-15', 610, NULL, NULL, NULL,
 $md$610 calls in five months; Dari and Arabic most asked for. Clinics want Tigrinya on weekends.$md$),
('auckland', 'Interpreter line for community clinics', 'coordinator.auckland', '2026-10-16', 870, NULL, NULL, NULL,
 $md$1,480 calls to date. Weekend Tigrinya cover added in August.$md$),
('auckland', 'Commissioned review of housing pathways', 'coordinator.auckland', '2026-11-03', 48, 5, NULL, NULL,
 $md$Interviews with 48 households done. Draft findings to the working group in February.$md$),
-- Wellington
('wellington', 'Pōneke newcomers'' storytelling evenings', 'coordinator.wellington', '2026-03-10', 180, 4, 6, NULL,
 $md$Four evenings, around 45 people each. Recipes collected into a small book.$md$),
('wellington', 'Seed fund for community-led sport', 'coordinator.wellington', '2026-03-12', 260, NULL, 30, NULL,
 $md$Eight clubs funded; 260 players, most of them under 18. Three clubs have since joined regional leagues.$md$),
('wellington', 'Wellington refugee employment strategy', 'coordinator.wellington', '2026-02-20', NULL, 3, NULL, 14,
 $md$Strategy signed by 30 employers. 14 placements in the first half-year.$md$),
('wellington', 'Wellington refugee employment strategy', 'coordinator.wellington', '2026-11-17', NULL, 5, NULL, 23,
 $md$37 placements to date. NZQA has agreed to run a qualification recognition clinic in March.$md$),
-- Palmerston North
('palmerston-north', 'Palmy Festival of Cultures', 'coordinator.palmerston-north', '2026-03-18', 8000, 1, 70, NULL,
 $md$About 8,000 people. The newcomers' tent answered 150 questions, mostly about English classes and driving.$md$),
('palmerston-north', 'English conversation groups at the city library', 'coordinator.palmerston-north', '2026-02-25', 64, 24, 12, NULL,
 $md$24 sessions since August; 64 regular learners. The women-only session has a waiting list.$md$),
('palmerston-north', 'English conversation groups at the city library', 'coordinator.palmerston-north', '2026-11-11', 33, 32, 3, NULL,
 $md$A second women-only session started in September; 97 learners this year.$md$),
('palmerston-north', 'Driver licence mentoring programme', 'coordinator.palmerston-north', '2026-10-27', 41, NULL, 14, 5,
 $md$41 learners mentored, 23 passed their learner licence, 9 their restricted. Five people say the licence got them a job.$md$),
-- Christchurch
('christchurch', 'Ōtautahi newcomer newsletter in eight languages', 'coordinator.christchurch', '2026-11-14', 3100, NULL, 9, NULL,
 $md$Spring issue out in eight languages; 3,100 copies distributed.$md$),
('christchurch', 'Mentoring for refugee-background jobseekers', 'coordinator.christchurch', '2026-04-02', 30, NULL, 30, 9,
 $md$30 mentoring pairs. Nine mentees in work, two in apprenticeships.$md$),
('christchurch', 'Mentoring for refugee-background jobseekers', 'coordinator.christchurch', '2026-11-03', 22, NULL, 11, 11,
 $md$Second intake under way: 52 mentees in total, 20 into work.$md$),
('christchurch', 'Culture Galore', 'coordinator.christchurch', '2026-03-10', 300, 1, 20, NULL,
 $md$The welcome tent talked with about 300 people; the bus brought 120 from Hornby and Aranui.$md$),
-- Dunedin
('dunedin', 'Ōtepoti welcome picnics', 'coordinator.dunedin', '2026-04-08', 520, 4, 35, NULL,
 $md$Four picnics, about 520 people in all. Families asked for a winter version indoors.$md$),
('dunedin', 'University of Otago evaluation of settlement support', 'coordinator.dunedin', '2026-11-05', 60, 4, NULL, NULL,
 $md$Fieldwork half done: 60 interviews. The advisory group met four times.$md$),
-- Invercargill
('invercargill', 'Welcoming Communities Murihiku', 'coordinator.invercargill', '2026-06-12', 240, 2, 18, NULL,
 $md$Two welcome events at Murihiku Marae. 80 winter-ready kits given out.$md$),
('invercargill', 'Welcoming Communities Murihiku', 'coordinator.invercargill', '2026-10-29', 170, 2, 4, NULL,
 $md$Newcomers' network now meets monthly at the library; 410 people at events this year.$md$),
('invercargill', 'Southland newcomer service directory', 'coordinator.invercargill', '2025-10-10', NULL, NULL, 4, NULL,
 $md$2,000 copies printed in five languages; handed to every arriving family.$md$),
-- Whanganui
('whanganui', 'Stories from the river city', 'coordinator.whanganui', '2026-10-26', 5000, NULL, 2, NULL,
 $md$Six stories published; the library exhibition opens in November.$md$),
-- Blenheim
('blenheim', 'Viticulture employment pathway', 'coordinator.blenheim', '2026-05-20', 34, 6, NULL, 7,
 $md$34 people in the pathway after vintage; 7 offered year-round roles.$md$),
('blenheim', 'Viticulture employment pathway', 'coordinator.blenheim', '2026-11-13', 12, 6, NULL, 8,
 $md$15 in year-round roles. Wine Marlborough will fund a second cohort.$md$),
('blenheim', 'Marlborough language assistance pilot', 'coordinator.blenheim', '2026-08-19', 130, 30, 2, NULL,
 $md$Paused after 30 sessions and 130 people helped, while the two interpreters finish accreditation.$md$),
-- Ashburton
('ashburton', 'Ashburton newcomers'' welcome pack', 'coordinator.ashburton', '2025-12-05', 350, NULL, 5, NULL,
 $md$350 packs handed out through the library, schools and employers.$md$);

-- Every update names an initiative above: a typo would drop it silently.
DO $$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(d.slug || ': ' || d.title, '; ') INTO missing
      FROM demo_updates d
     WHERE EXISTS (SELECT 1 FROM locations l WHERE l.slug = d.slug)
       AND NOT EXISTS (SELECT 1 FROM demo_initiatives i
                        WHERE i.slug = d.slug AND i.title = d.title);
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'demo updates name unknown initiatives: %', missing;
    END IF;
END $$;

-- Each author adds their own updates (the insert policy wants author_id =
-- portal_user_id()), oldest first.
DO $$
DECLARE
    a record;
BEGIN
    FOR a IN SELECT DISTINCT d.author, u.id
               FROM demo_updates d
               JOIN users u ON u.email = d.author || '@portal.demo'
              ORDER BY d.author
    LOOP
        PERFORM set_config('portal.user_id', a.id::text, true);
        INSERT INTO initiative_updates (location_id, initiative_id, date, body,
               author_id, created_at)
        SELECT i.location_id, i.id, d.date, d.body, portal_user_id(),
               (d.date + time '16:30') AT TIME ZONE 'Pacific/Auckland'
          FROM demo_updates d
          JOIN locations l ON l.slug = d.slug
          JOIN initiatives i ON i.location_id = l.id AND i.title = d.title
         WHERE d.author = a.author
           AND NOT EXISTS (SELECT 1 FROM initiative_updates x
                            WHERE x.initiative_id = i.id AND x.date = d.date
                              AND x.body = d.body)
         ORDER BY d.date;
    END LOOP;
END $$;

-- Their figures (sql/025): for the period since the update before, each
-- confirmed by someone else in the working group, the coordinator when
-- they did not write it; with nobody else to confirm, it stays unconfirmed.
INSERT INTO update_figures (location_id, initiative_id, update_id,
       indicator_id, value, entered_by, entered_at, confirmed_by, confirmed_at)
SELECT u.location_id, u.initiative_id, u.id, k.id, v.value, u.author_id,
       u.created_at, c.user_id, CASE WHEN c.user_id IS NOT NULL
       THEN u.created_at + interval '2 days' END
  FROM demo_updates d
  JOIN locations l ON l.slug = d.slug
  JOIN initiatives i ON i.location_id = l.id AND i.title = d.title
  JOIN initiative_updates u ON u.initiative_id = i.id AND u.date = d.date
                           AND u.body = d.body
 CROSS JOIN LATERAL (VALUES ('people_reached', d.people_reached),
       ('sessions_held', d.sessions_held), ('volunteers', d.volunteers),
       ('into_work', d.into_work)) AS v (key, value)
  JOIN indicators k ON k.key = v.key AND k.location_id IS NULL
  LEFT JOIN LATERAL (SELECT m.user_id FROM memberships m
                      WHERE m.location_id = u.location_id
                        AND m.role IN ('coordinator', 'member')
                        AND m.user_id <> u.author_id
                      ORDER BY m.role = 'coordinator' DESC, m.user_id
                      LIMIT 1) c ON true
 WHERE v.value IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM update_figures f WHERE f.update_id = u.id);

SELECT set_config('portal.user_id', '', true),
       set_config('portal.locations_read', '', true),
       set_config('portal.locations_write', '', true),
       set_config('portal.locations_manage', '', true);

-- Demo data: a funding round open today in every demo location, and in
-- Hamilton and Nelson requests in every state of the state machine, each
-- with the history that led there (make run only, never production).
--
-- Each request is inserted in its final state; the loop below then writes
-- what the portal would have written on the way: one funding_events row
-- and one audit_log row per transition, the reviews before a decision,
-- the report before reported or closed.  The rounds' approved_cents and
-- paid_cents are set last, from their requests, as approvals and payments
-- keep them.  portalctl demo runs this file as the schema's owner, which
-- bypasses row-level security, so the rows need not pass the insert
-- policies actor by actor.
--
-- Dates are relative to today, so the round stays open and the reports
-- keep their meaning however long after this file was written it is run:
--   * one Hamilton and one Nelson request are disbursed with their report
--     overdue and never reminded (portalctl funding remind finds them);
--   * one Hamilton request is disbursed with its report not yet due.
-- applicant@portal.demo (Amani) has an approved grant to accept in
-- Hamilton and a draft in Nelson.

-- Community members who apply (password 'demo-pass-2026', the hash of
-- 002_people.sql) -----------------------------------------------------

INSERT INTO users (email, display_name, password_hash)
SELECT email, display_name,
       '$argon2id$v=19$m=65536,t=2,p=1$V6S8jB/kXu7hO5iufPgG6w$i059McRc/x8rc0l1+8wFmCDm3z8pBI93t+UAm3mn6Tg'
  FROM (VALUES
    ('amina.yusuf@portal.demo',        'Amina Yusuf'),
    ('hala.haddad@portal.demo',        'Hala Haddad'),
    ('zarghuna.ahmadi@portal.demo',    'Zarghuna Ahmadi'),
    ('jeanpaul.habimana@portal.demo',  'Jean-Paul Habimana'),
    ('lal.thang@portal.demo',          'Lal Thang'),
    ('tika.gurung@portal.demo',        'Tika Gurung'),
    ('lucia.moreno@portal.demo',       'Lucía Moreno')
  ) AS demo (email, display_name)
ON CONFLICT (email) DO NOTHING;

-- Rounds ------------------------------------------------------------------
-- The New Zealand financial year that holds today, opened at least six
-- months ago so that the paid requests below were paid inside it.
-- Timaru, Masterton and Levin have no working group yet, so no round: a
-- round opens only where the group can meet its quorum (INZ sets such a
-- location up at /national/locations and invites its coordinator first).
-- Where the coordinator is the whole group so far, the quorum is one.

CREATE TEMP TABLE demo_rounds (
    slug        text NOT NULL,
    fund        text NOT NULL,
    pool        bigint NOT NULL,
    max_req     bigint NOT NULL,
    fast        bigint NOT NULL,
    quorum      integer NOT NULL,
    due_days    integer NOT NULL,
    creator     text NOT NULL
) ON COMMIT DROP;

INSERT INTO demo_rounds VALUES
    ('auckland',         'Auckland community seed fund',         6000000, 500000, 100000, 1, 90, 'coordinator.auckland'),
    ('hamilton',         'Hamilton Seed Fund',                   4000000, 500000, 100000, 2, 90, 'coordinator.hamilton'),
    ('palmerston-north', 'Palmy newcomers'' micro-grants',       1500000, 200000,  50000, 1, 90, 'coordinator.palmerston-north'),
    ('wellington',       'Pōneke community seed fund',           5000000, 500000, 100000, 1, 90, 'coordinator.wellington'),
    ('nelson',           'Nelson Tasman micro-grants',           2500000, 400000,  75000, 2, 60, 'coordinator.nelson'),
    ('christchurch',     'Ōtautahi newcomer seed fund',          4000000, 500000, 100000, 1, 90, 'coordinator.christchurch'),
    ('dunedin',          'Ōtepoti micro-grants',                 1500000, 200000,  50000, 1, 90, 'coordinator.dunedin'),
    ('invercargill',     'Murihiku welcoming grants',            1000000, 200000,  50000, 1, 90, 'coordinator.invercargill'),
    ('ashburton',        'Mid Canterbury newcomer grants',        800000, 150000,  50000, 1, 90, 'coordinator.ashburton'),
    ('whanganui',        'Whanganui community micro-grants',     1000000, 200000,  50000, 1, 90, 'coordinator.whanganui'),
    ('blenheim',         'Marlborough newcomer seed fund',       1500000, 300000,  75000, 1, 90, 'coordinator.blenheim');

WITH fy AS (
    SELECT extract(year FROM current_date - interval '6 months')::integer AS y)
INSERT INTO funding_rounds (location_id, name, pool_cents, max_request_cents,
       opens_on, closes_on, quorum, fast_track_cents, report_due_days,
       conditions, created_by, created_at, updated_at)
SELECT l.id, r.fund || ' ' || fy.y || '/' || right((fy.y + 1)::text, 2),
       r.pool, r.max_req,
       least(make_date(fy.y, 7, 1), current_date - 180),
       greatest(make_date(fy.y + 1, 6, 30), current_date + 90),
       r.quorum, r.fast, r.due_days,
       'By accepting this grant you agree to:' || chr(10) || chr(10) ||
       '1. spend it on the activity and budget lines approved, and ask the '
       'working group before moving more than 10% between lines;' || chr(10) ||
       '2. acknowledge the ' || l.name || ' working group in your publicity;' || chr(10) ||
       '3. keep receipts, and report back within ' || r.due_days ||
       ' days of payment: what happened, how many people took part, what '
       'was spent;' || chr(10) ||
       '4. return any money not spent on the activity.',
       u.id, least(make_date(fy.y, 7, 1), current_date - 180) - 21,
       least(make_date(fy.y, 7, 1), current_date - 180) - 21
  FROM demo_rounds r
  CROSS JOIN fy
  JOIN locations l ON l.slug = r.slug
  JOIN users u ON u.email = r.creator || '@portal.demo'
 WHERE NOT EXISTS (SELECT 1 FROM funding_rounds x WHERE x.location_id = l.id);

INSERT INTO audit_log (location_id, actor_id, action, detail, at)
SELECT fr.location_id, fr.created_by, 'funding_round_created',
       jsonb_build_object('round_id', fr.id, 'name', fr.name,
                          'pool_cents', fr.pool_cents), fr.created_at
  FROM funding_rounds fr
 WHERE NOT EXISTS (SELECT 1 FROM audit_log a
                    WHERE a.action = 'funding_round_created'
                      AND (a.detail->>'round_id')::bigint = fr.id);

-- Requests ------------------------------------------------------------------
-- applicant and reviewers: emails without '@portal.demo'.  started: days
-- ago the request was submitted (created two days before); paid_ago: days
-- ago it was paid.  note: the question asked (info_requested), the reason
-- (declined).  initiative: the demo initiative it is linked to.

CREATE TEMP TABLE demo_requests (
    slug          text NOT NULL,
    applicant     text NOT NULL,
    state         text NOT NULL,
    title         text NOT NULL,
    area          text,
    elements      text[] NOT NULL,
    amount        bigint,
    approved      bigint,
    budget        jsonb NOT NULL,
    beneficiaries text NOT NULL,
    beneficiary_count integer,
    timeline      text NOT NULL,
    phone         text NOT NULL,
    started       integer NOT NULL,
    paid_ago      integer,
    reviewers     text[] NOT NULL,
    conflicts     text[] NOT NULL,
    note          text,
    initiative    text,
    reference     text,
    report        text,
    reached       integer,
    spent         bigint,
    description   text NOT NULL
) ON COMMIT DROP;

INSERT INTO demo_requests VALUES
-- Hamilton ------------------------------------------------------------------
('hamilton', 'zarghuna.ahmadi', 'draft', 'Afghan women''s walking group',
 'events_programmes', '{belonging,participation}', 60000, NULL,
 '[{"item": "Walking shoes for ten women", "amount_cents": 60000}]',
 'Afghan women in Hamilton East who rarely leave home alone', 12,
 '', '021 430 118', 2, NULL, '{}', '{}', NULL, NULL, NULL, NULL, NULL, NULL,
 $t$A weekly walk around Lake Rotoroa for Afghan women, led by two women from the community, ending with tea at the community house. Still working out the budget.$t$),

('hamilton', 'hala.haddad', 'submitted', 'Arabic–English homework club at Fairfield library',
 'knowledge_skills', '{inclusion,participation}', 180000, NULL,
 '[{"item": "Tutor koha, 30 sessions", "amount_cents": 120000}, {"item": "Books and stationery", "amount_cents": 35000}, {"item": "Afternoon tea", "amount_cents": 25000}]',
 'Arabic-speaking children at Fairfield and Enderley schools, years 5 to 10', 25,
 'Terms 1 and 2: two afternoons a week', '027 318 6620', 6, NULL, '{}', '{}', NULL, NULL, NULL, NULL, NULL, NULL,
 $t$Twice a week after school, volunteer tutors (university students and parents) help Syrian and Iraqi children with homework in English and Arabic. The library gives us the room free of charge; parents are welcome to stay and join the library's English conversation group next door.$t$),

('hamilton', 'jeanpaul.habimana', 'in_review', 'Great Lakes youth football: kit and league fees',
 'events_programmes', '{belonging,participation}', 240000, NULL,
 '[{"item": "Waikato futsal league fees, two teams", "amount_cents": 130000}, {"item": "Playing kit, 24 sets", "amount_cents": 86000}, {"item": "Balls and cones", "amount_cents": 24000}]',
 'Young people aged 13 to 19 from Congolese, Rwandan and Burundian families', 24,
 'Winter season, April to August', '022 871 4409', 14, NULL, '{member.hamilton}', '{}', NULL, NULL, NULL, NULL, NULL, NULL,
 $t$Two teams of young people from Great Lakes families have been training on Sunday afternoons for a year. Joining the Waikato futsal league would give them regular games against local teams, and coaches from the league have offered to run a referee course for the older players.$t$),

('hamilton', 'amina.yusuf', 'info_requested', 'Somali mothers'' sewing and business circle',
 'knowledge_skills', '{participation,inclusion}', 320000, NULL,
 '[{"item": "Four sewing machines", "amount_cents": 180000}, {"item": "Fabric and thread", "amount_cents": 60000}, {"item": "Venue hire, 20 sessions", "amount_cents": 50000}, {"item": "Market stall fees", "amount_cents": 30000}]',
 'Somali mothers in Hamilton, several of whom sewed for a living before they came', 14,
 'February to July, one morning a week', '021 566 2031', 25, NULL, '{member.hamilton,member2.hamilton}', '{}',
 'Thank you. Before we decide: where will the sewing machines be kept once the twenty sessions end, and does the venue quote include heating in winter?',
 NULL, NULL, NULL, NULL, NULL,
 $t$A weekly sewing circle where Somali mothers make and sell clothing and homeware at the Hamilton Gardens market. Several women were tailors in Mogadishu and Nairobi; the circle gives them a place to practise, teach each other, and learn about pricing, GST and selling online from a Chamber of Commerce volunteer.$t$),

('hamilton', 'applicant', 'approved', 'Swahili storytelling afternoons for children',
 'news_narrative', '{recognition,belonging}', 150000, 150000,
 '[{"item": "Storyteller koha, 12 afternoons", "amount_cents": 90000}, {"item": "Bilingual picture books for the library", "amount_cents": 45000}, {"item": "Afternoon tea", "amount_cents": 15000}]',
 'Swahili-speaking children and their parents; any child who comes to the library', 40,
 'School holidays this summer and in April', '021 909 3310', 40, NULL, '{member.hamilton,member2.hamilton}', '{}', NULL, NULL, NULL, NULL, NULL, NULL,
 $t$Grandparents and parents from East African families tell stories in Swahili and English at the central library, with songs and drawing. The books bought stay in the library's collection afterwards.$t$),

('hamilton', 'jeanpaul.habimana', 'declined', 'Community van for the Great Lakes association',
 'services', '{participation}', 500000, NULL,
 '[{"item": "Deposit on a used 12-seat van", "amount_cents": 500000}]',
 'Families without a car who need transport to events and appointments', 60,
 'As soon as possible', '022 871 4409', 70, NULL, '{member.hamilton,member2.hamilton}', '{}',
 'The working group sees the need, but a vehicle is outside what this round can fund: the conditions rule out capital purchases over $2,000 and running costs. Trust Waikato''s community grants fund vehicles; Hemi can help with that application, and the Welcoming Communities shuttle can be booked for events.',
 NULL, NULL, NULL, NULL, NULL,
 $t$A shared van for the association, to take families to community events, the food bank and medical appointments, and the youth teams to away games.$t$),

('hamilton', 'hala.haddad', 'withdrawn', 'Syrian cooking classes at the community house',
 'events_programmes', '{recognition,belonging}', 90000, NULL,
 '[{"item": "Ingredients, 6 classes", "amount_cents": 60000}, {"item": "Venue hire", "amount_cents": 30000}]',
 'Hamilton residents who want to learn Syrian cooking; Syrian women as teachers', 30,
 'Autumn', '027 318 6620', 55, NULL, '{}', '{}', NULL, NULL, NULL, NULL, NULL, NULL,
 $t$Six evening classes where Syrian women teach a dish each. Withdrawn: the community house now runs these itself, paid for by the council's events budget.$t$),

('hamilton', 'zarghuna.ahmadi', 'accepted', 'Dari translation of the Kirikiriroa Welcome newsletter',
 'news_narrative', '{belonging,participation}', 90000, 90000,
 '[{"item": "Translation, three issues", "amount_cents": 72000}, {"item": "Printing 200 extra copies", "amount_cents": 18000}]',
 'Dari-speaking families, especially parents whose English is still new', 150,
 'The next three issues', '021 430 118', 48, NULL, '{member.hamilton}', '{}', NULL,
 'Kirikiriroa Welcome newsletter', NULL, NULL, NULL, NULL,
 $t$Paid translation of the next three issues into Dari by a certified translator from the community, and printed copies for the mosque and the Afghan association's office.$t$),

('hamilton', 'amina.yusuf', 'disbursed', 'Somali homework club',
 'knowledge_skills', '{inclusion,participation}', 200000, 200000,
 '[{"item": "Tutor koha, 40 sessions", "amount_cents": 140000}, {"item": "Laptops (two, refurbished)", "amount_cents": 40000}, {"item": "Snacks", "amount_cents": 20000}]',
 'Somali secondary students preparing for NCEA', 18,
 'Terms 2 and 3', '021 566 2031', 170, 140, '{member.hamilton,member2.hamilton}', '{}', NULL,
 NULL, 'HCC-SF-0104', NULL, NULL, NULL,
 $t$Two evenings a week at the Somali association's hall, older students and volunteer teachers help NCEA students with maths, science and English. Two refurbished laptops let students without a computer at home do online assessments.$t$),

('hamilton', 'jeanpaul.habimana', 'disbursed', 'Community garden beds at Enderley',
 'events_programmes', '{belonging,participation}', 95000, 95000,
 '[{"item": "Timber and soil for eight raised beds", "amount_cents": 65000}, {"item": "Seedlings and tools", "amount_cents": 30000}]',
 'Families in the Enderley flats with no garden of their own', 35,
 'Spring planting, harvest in late summer', '022 871 4409', 45, 25, '{member2.hamilton}', '{}', NULL,
 'Welcoming Communities Hamilton', 'HCC-SF-0131', NULL, NULL, NULL,
 $t$Eight raised beds beside the Enderley community centre, built at a working bee with neighbours, where newcomer and long-standing families grow vegetables side by side. The centre supplies water and a shed.$t$),

('hamilton', 'amina.yusuf', 'reported', 'Somali and Congolese dance groups at the Multicultural Festival',
 'events_programmes', '{recognition,belonging}', 120000, 110000,
 '[{"item": "Costume fabric and tailoring", "amount_cents": 70000}, {"item": "Rehearsal venue", "amount_cents": 30000}, {"item": "Transport on the day", "amount_cents": 20000}]',
 'Young dancers from Somali and Congolese families, and the festival''s audience', 30,
 'Rehearsals from January; festival in March', '021 566 2031', 150, 120, '{member.hamilton,member2.hamilton}', '{}', NULL,
 'Hamilton Multicultural Festival', 'HCC-SF-0098',
 $r$Both groups danced on the main stage, and again at two schools afterwards. 26 young people took part in ten rehearsals. We spent $1,100: the costume fabric cost less than quoted because a shop gave us a discount. Receipts are attached to the email to Hemi.$r$,
 26, 110000,
 $t$Two youth dance groups rehearse traditional dances for the festival's main stage, with costumes made by mothers in the community.$t$),

('hamilton', 'hala.haddad', 'closed', 'Syrian women''s catering cooperative: food safety and equipment',
 'knowledge_skills', '{participation,legitimacy}', 480000, 450000,
 '[{"item": "Food safety course for six women", "amount_cents": 90000}, {"item": "Commercial kitchen hire, 3 months", "amount_cents": 180000}, {"item": "Catering equipment", "amount_cents": 160000}, {"item": "Registration and verification fees", "amount_cents": 50000}]',
 'Six Syrian women starting a registered catering business', 6,
 'Six months from payment', '027 318 6620', 175, 160, '{member.hamilton,coordinator.hamilton}', '{member2.hamilton}', NULL,
 'Refugee employment pathway working party', 'HCC-SF-0087',
 $r$All six women passed the food safety course, the business is registered with the council, and we catered eleven events, including two council functions. Two of us now work in it three days a week. We spent $4,420 of the $4,500; the $80 left over has been returned.$r$,
 6, 442000,
 $t$Six Syrian women who cook for community events want to turn it into a registered catering business. The grant pays for the food safety course, three months in a commercial kitchen while they build up customers, the equipment they need and the council's registration.$t$),

-- Nelson --------------------------------------------------------------------
('nelson', 'lucia.moreno', 'draft', 'Colombian salsa nights at the Nelson Hub',
 'events_programmes', '{belonging,recognition}', NULL, NULL, '[]',
 '', NULL, '', '027 402 9981', 1, NULL, '{}', '{}', NULL, NULL, NULL, NULL, NULL, NULL,
 $t$Monthly salsa nights with a teacher from the Colombian community, open to everyone.$t$),

('nelson', 'applicant', 'draft', 'Swahili drumming workshops for young people',
 'events_programmes', '{participation,recognition}', 80000, NULL,
 '[{"item": "Drum hire", "amount_cents": 50000}, {"item": "Tutor koha", "amount_cents": 30000}]',
 'Young people from East African families in Stoke and Tāhunanui', 15,
 'Summer holidays', '021 909 3310', 1, NULL, '{}', '{}', NULL, NULL, NULL, NULL, NULL, NULL,
 $t$Four drumming workshops in the summer holidays, ending with a performance at the Saturday market.$t$),

('nelson', 'lal.thang', 'submitted', 'Chin language school for children, term 1',
 'knowledge_skills', '{recognition,belonging}', 180000, NULL,
 '[{"item": "Teacher koha, 10 Saturdays", "amount_cents": 100000}, {"item": "Printed readers in Hakha Chin", "amount_cents": 50000}, {"item": "Hall hire", "amount_cents": 30000}]',
 'Children of Chin families born or raised in Nelson', 45,
 'Term 1, Saturday mornings', '022 610 7742', 4, NULL, '{}', '{}', NULL, NULL, NULL, NULL, NULL, NULL,
 $t$Saturday morning classes so that children can read and write Hakha Chin and talk with their grandparents. Parents teach; the grant pays two trained teachers and the printed readers.$t$),

('nelson', 'tika.gurung', 'in_review', 'Bhutanese elders'' gardening plot',
 'events_programmes', '{belonging,participation}', 120000, NULL,
 '[{"item": "Plot rental, one year", "amount_cents": 40000}, {"item": "Tools, seed and compost", "amount_cents": 55000}, {"item": "Transport for elders", "amount_cents": 25000}]',
 'Bhutanese Nepali elders, many of whom farmed before the camps', 20,
 'From spring', '021 775 0130', 12, NULL, '{}', '{}', NULL, NULL, NULL, NULL, NULL, NULL,
 $t$A plot at the Stoke community gardens where elders grow the vegetables they know, teach grandchildren, and meet other gardeners. Many elders are isolated once their children are at work all day.$t$),

('nelson', 'lucia.moreno', 'info_requested', 'Spanish–English parents'' coffee mornings',
 'knowledge_skills', '{inclusion,participation}', 70000, NULL,
 '[{"item": "Venue", "amount_cents": 30000}, {"item": "Coffee and food", "amount_cents": 25000}, {"item": "Childcare", "amount_cents": 15000}]',
 'Colombian parents of preschool and primary children', 20,
 'Term 2', '027 402 9981', 20, NULL, '{member.nelson}', '{}',
 'Which school or kindergarten staff will come, and will the sessions continue after term 2?',
 NULL, NULL, NULL, NULL, NULL,
 $t$Fortnightly coffee mornings where parents practise English together and teachers from local schools explain reports, enrolment and how to raise a concern.$t$),

('nelson', 'tika.gurung', 'approved', 'Nepali-language radio hour on Fresh FM',
 'news_narrative', '{recognition,belonging}', 240000, 200000,
 '[{"item": "Studio time and training, 40 shows", "amount_cents": 160000}, {"item": "Recorder and microphones", "amount_cents": 80000}]',
 'Nepali-speaking households across Nelson Tasman', 600,
 'Weekly, from next month', '021 775 0130', 35, NULL, '{member.nelson,coordinator.nelson}', '{}', NULL,
 'Whakatū newcomers'' stories on Fresh FM', NULL, NULL, NULL, NULL,
 $t$A weekly hour in Nepali on Fresh FM: local news, interviews with council and health services, and music. Two young volunteers are trained as presenters. The group approved $2,000 of the $2,400 asked for: Fresh FM lends the recorder.$t$),

('nelson', 'lal.thang', 'declined', 'Travel for Chin cultural performers from Myanmar',
 'events_programmes', '{recognition}', 400000, NULL,
 '[{"item": "Flights for four performers", "amount_cents": 400000}]',
 'The Chin community and festival audiences', 300,
 'Chin National Day', '022 610 7742', 60, NULL, '{member.nelson,coordinator.nelson}', '{}',
 'International travel is outside this round. The group would welcome a request for local performers, or for the celebration itself.',
 NULL, NULL, NULL, NULL, NULL,
 $t$Bring four traditional performers from Myanmar to perform at Chin National Day.$t$),

('nelson', 'lucia.moreno', 'withdrawn', 'Latin American film nights',
 'events_programmes', '{recognition,belonging}', 60000, NULL,
 '[{"item": "Screening licences", "amount_cents": 40000}, {"item": "Hall hire", "amount_cents": 20000}]',
 'Spanish speakers and film lovers in Nelson', 80,
 'Winter', '027 402 9981', 50, NULL, '{member.nelson}', '{}', NULL, NULL, NULL, NULL, NULL, NULL,
 $t$Four film nights with Spanish films and English subtitles. Withdrawn: the Suter Theatre offered to host them at no cost.$t$),

('nelson', 'lal.thang', 'accepted', 'Chin National Day celebration',
 'events_programmes', '{recognition,belonging}', 150000, 150000,
 '[{"item": "Victory Community Centre hire", "amount_cents": 50000}, {"item": "Food for 300 people", "amount_cents": 80000}, {"item": "Sound system", "amount_cents": 20000}]',
 'The Chin community and their neighbours; everyone is invited', 300,
 '20 February', '022 610 7742', 42, NULL, '{member.nelson,coordinator.nelson}', '{}', NULL,
 'Welcoming Communities Nelson Tasman', NULL, NULL, NULL, NULL,
 $t$The Chin community's biggest day of the year, held for the first time as an open event: traditional dress, dances, food, and a welcome from the mayor and Ngāti Tama.$t$),

('nelson', 'tika.gurung', 'disbursed', 'Driving lessons for Bhutanese women',
 'pathways', '{participation,inclusion}', 300000, 300000,
 '[{"item": "Driving lessons, 10 women × 6", "amount_cents": 240000}, {"item": "Licence test fees", "amount_cents": 60000}]',
 'Bhutanese Nepali women who need a licence to get to work in the orchards', 10,
 'Over four months', '021 775 0130', 150, 105, '{member.nelson,coordinator.nelson}', '{}', NULL,
 'Seasonal work to permanent roles: employer network', 'NCC-MG-0042', NULL, NULL, NULL,
 $t$Professional lessons for ten women who have their learner licence, so they can sit the restricted test and drive to work: most orchard jobs are out of town, with no bus.$t$),

('nelson', 'lucia.moreno', 'reported', 'Chin and Colombian stalls at the Kai and Culture Festival',
 'events_programmes', '{recognition,belonging}', 70000, 70000,
 '[{"item": "Stall fees", "amount_cents": 20000}, {"item": "Ingredients", "amount_cents": 50000}]',
 'Festival visitors; the two communities cooking together', 2000,
 'Festival day', '027 402 9981', 120, 95, '{member.nelson}', '{}', NULL,
 'Nelson Kai and Culture Festival', 'NCC-MG-0037',
 $r$We sold out by two o'clock: arepas and Chin noodles, about 900 plates. Around 2,000 people came past the stalls. We spent all $700; the takings went to the Chin language school.$r$,
 2000, 70000,
 $t$Two stalls side by side at the festival, cooked by Chin and Colombian families together, with recipe cards in both languages.$t$),

('nelson', 'lucia.moreno', 'closed', 'Welcome picnic for Spanish-speaking families at Tāhunanui',
 'events_programmes', '{belonging,participation}', 50000, 50000,
 '[{"item": "Food", "amount_cents": 35000}, {"item": "Games and shade sails", "amount_cents": 15000}]',
 'Newly arrived Colombian families and the families who welcomed them', 90,
 'One Saturday in summer', '027 402 9981', 165, 150, '{member.nelson}', '{}', NULL,
 'Welcoming Communities Nelson Tasman', 'NCC-MG-0029',
 $r$About 90 people came, including eight newly arrived families and volunteers from Red Cross. Spent $500 as budgeted. Three families have since joined the Saturday football.$r$,
 90, 50000,
 $t$A summer picnic to welcome the year's new Colombian families, with games for children and information tables from Red Cross and the library.$t$);

-- Every request names a known applicant and, when linked, a known
-- initiative: a typo would drop a row silently.
DO $$
DECLARE
    missing text;
BEGIN
    SELECT string_agg(d.title, '; ') INTO missing
      FROM demo_requests d
     WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.email = d.applicant || '@portal.demo')
        OR (d.initiative IS NOT NULL AND NOT EXISTS (
              SELECT 1 FROM initiatives i JOIN locations l ON l.id = i.location_id
               WHERE l.slug = d.slug AND i.title = d.initiative));
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'demo requests name unknown people or initiatives: %', missing;
    END IF;
END $$;

-- Each request, then its history.
DO $$
DECLARE
    d          record;
    rnd        record;
    req        bigint;
    applicant  bigint;
    coord      bigint;
    path       text[];
    actor      bigint;
    from_state text;
    to_state   text;
    step       integer;
    n          integer;
    k          integer;
    t0         timestamptz;
    tpaid      timestamptz;
    tend       timestamptz;
    at         timestamptz;
    amount     bigint;
    note       text;
    detail     jsonb;
    reviewer   text;
    comments   text[] := ARRAY[
        'Clear plan and a real need; the budget is modest for what it does.',
        'Good that the community leads it. I would like to see how it continues after the grant.',
        'Strong on belonging. The numbers reached look realistic.',
        'Fits the framework well. Check the venue costs against the council''s community rates.',
        'Well supported by the community; the applicant has run similar things before.'];
BEGIN
    FOR d IN SELECT * FROM demo_requests ORDER BY slug, started DESC LOOP
        SELECT fr.*, l.name AS location_name INTO rnd
          FROM funding_rounds fr JOIN locations l ON l.id = fr.location_id
         WHERE l.slug = d.slug ORDER BY fr.id LIMIT 1;
        SELECT id INTO applicant FROM users WHERE email = d.applicant || '@portal.demo';
        SELECT m.user_id INTO coord FROM memberships m
         WHERE m.location_id = rnd.location_id AND m.role = 'coordinator'
         ORDER BY m.user_id LIMIT 1;
        CONTINUE WHEN EXISTS (SELECT 1 FROM funding_requests x
                               WHERE x.round_id = rnd.id AND x.title = d.title);

        path := CASE d.state
            WHEN 'draft' THEN '{}'
            WHEN 'submitted' THEN '{submit}'
            WHEN 'in_review' THEN '{submit,start_review}'
            WHEN 'info_requested' THEN '{submit,start_review,request_info}'
            WHEN 'approved' THEN '{submit,start_review,approve}'
            WHEN 'declined' THEN '{submit,start_review,decline}'
            WHEN 'withdrawn' THEN CASE WHEN cardinality(d.reviewers) > 0
                THEN '{submit,start_review,withdraw}' ELSE '{submit,withdraw}' END
            WHEN 'accepted' THEN '{submit,start_review,approve,accept}'
            WHEN 'disbursed' THEN '{submit,start_review,approve,accept,disburse}'
            WHEN 'reported' THEN '{submit,start_review,approve,accept,disburse,report}'
            WHEN 'closed' THEN '{submit,start_review,approve,accept,disburse,report,close}'
        END;
        n := cardinality(path);
        t0 := (current_date - d.started + time '10:15') AT TIME ZONE 'Pacific/Auckland';
        tend := now() - interval '1 day';
        tpaid := CASE WHEN d.paid_ago IS NOT NULL THEN
            (current_date - d.paid_ago + time '14:00') AT TIME ZONE 'Pacific/Auckland' END;
        k := array_position(path, 'disburse');

        INSERT INTO funding_requests (location_id, round_id, applicant_id,
               state, title, description, area, elements, amount_cents,
               budget, beneficiaries, beneficiary_count, timeline,
               contact_name, contact_email, contact_phone, approved_cents,
               decline_reason, paid_cents, paid_on, payment_reference,
               report_due_on, initiative_id, submitted_at, created_at,
               updated_at)
        SELECT rnd.location_id, rnd.id, applicant, d.state, d.title,
               d.description, d.area, d.elements, d.amount, d.budget,
               d.beneficiaries, d.beneficiary_count, d.timeline,
               u.display_name, u.email, d.phone, d.approved,
               CASE WHEN d.state = 'declined' THEN d.note END,
               CASE WHEN k IS NOT NULL THEN d.approved END,
               tpaid::date, d.reference,
               tpaid::date + rnd.report_due_days,
               (SELECT i.id FROM initiatives i
                 WHERE i.location_id = rnd.location_id AND i.title = d.initiative),
               CASE WHEN n > 0 THEN t0 END,
               t0 - interval '2 days', t0 - interval '2 days'
          FROM users u WHERE u.id = applicant
        RETURNING id INTO req;

        from_state := 'draft';
        FOR step IN 1 .. n LOOP
            -- Evenly spaced up to the payment, then up to yesterday.
            at := CASE
                WHEN k IS NULL THEN t0 + (tend - t0) * ((step - 1)::float8 / n)
                WHEN step < k THEN t0 + (tpaid - t0) * ((step - 1)::float8 / (k - 1))
                WHEN step = k THEN tpaid
                ELSE tpaid + (tend - tpaid) * ((step - k)::float8 / (n - k + 1))
            END;
            to_state := CASE path[step]
                WHEN 'submit' THEN 'submitted' WHEN 'start_review' THEN 'in_review'
                WHEN 'request_info' THEN 'info_requested' WHEN 'approve' THEN 'approved'
                WHEN 'decline' THEN 'declined' WHEN 'withdraw' THEN 'withdrawn'
                WHEN 'accept' THEN 'accepted' WHEN 'disburse' THEN 'disbursed'
                WHEN 'report' THEN 'reported' WHEN 'close' THEN 'closed' END;
            actor := CASE WHEN path[step] IN ('submit', 'withdraw', 'accept', 'report')
                THEN applicant ELSE coord END;
            amount := CASE WHEN path[step] IN ('approve', 'disburse') THEN d.approved END;
            note := CASE WHEN path[step] IN ('request_info', 'decline') THEN d.note END;

            -- The reviews come between the start of the review and the
            -- decision (or the question).
            IF path[step] = 'start_review' THEN
                FOREACH reviewer IN ARRAY d.conflicts LOOP
                    INSERT INTO funding_reviews (location_id, request_id,
                           reviewer_id, conflict, created_at, updated_at)
                    SELECT rnd.location_id, req, u.id, true,
                           at + interval '2 hours', at + interval '2 hours'
                      FROM users u WHERE u.email = reviewer || '@portal.demo';
                    INSERT INTO audit_log (location_id, actor_id, action, detail, at)
                    SELECT rnd.location_id, u.id, 'funding_conflict_declared',
                           jsonb_build_object('request_id', req), at + interval '2 hours'
                      FROM users u WHERE u.email = reviewer || '@portal.demo';
                END LOOP;
                FOREACH reviewer IN ARRAY d.reviewers LOOP
                    INSERT INTO funding_reviews (location_id, request_id,
                           reviewer_id, conflict, alignment, benefit,
                           feasibility, value, comment, created_at, updated_at)
                    SELECT rnd.location_id, req, u.id, false,
                           3 + abs(hashtext(d.title || reviewer || 'a')) % 3,
                           3 + abs(hashtext(d.title || reviewer || 'b')) % 3,
                           2 + abs(hashtext(d.title || reviewer || 'f')) % 4,
                           3 + abs(hashtext(d.title || reviewer || 'v')) % 3,
                           comments[1 + abs(hashtext(d.title || reviewer)) % 5],
                           at + interval '1 day', at + interval '1 day'
                      FROM users u WHERE u.email = reviewer || '@portal.demo';
                    INSERT INTO audit_log (location_id, actor_id, action, detail, at)
                    SELECT rnd.location_id, r.reviewer_id, 'funding_review_saved',
                           jsonb_build_object('request_id', req,
                               'alignment', r.alignment, 'benefit', r.benefit,
                               'feasibility', r.feasibility, 'value', r.value),
                           r.created_at
                      FROM funding_reviews r JOIN users u ON u.id = r.reviewer_id
                     WHERE r.request_id = req AND u.email = reviewer || '@portal.demo';
                END LOOP;
            END IF;

            INSERT INTO funding_events (location_id, request_id, actor_id,
                   action, from_state, to_state, note, amount_cents, at)
            VALUES (rnd.location_id, req, actor, path[step], from_state,
                    to_state, note, amount, at);
            detail := jsonb_build_object('request_id', req, 'action', path[step],
                'from', from_state, 'to', to_state);
            IF amount IS NOT NULL THEN
                detail := detail || jsonb_build_object('amount_cents', amount);
            END IF;
            IF path[step] = 'disburse' THEN
                detail := detail || jsonb_build_object('reference', d.reference,
                    'paid_on', tpaid::date);
            END IF;
            IF path[step] = 'approve' AND d.initiative IS NOT NULL THEN
                detail := detail || jsonb_build_object('initiative_id',
                    (SELECT initiative_id FROM funding_requests WHERE id = req));
            END IF;
            INSERT INTO audit_log (location_id, actor_id, action, detail, at)
            VALUES (rnd.location_id, actor, CASE WHEN path[step] = 'disburse'
                    THEN 'funding_payment_recorded' ELSE 'funding_transition' END,
                    detail, at);
            IF path[step] = 'report' THEN
                INSERT INTO funding_reports (location_id, request_id, body,
                       people_reached, spent_cents, story_consent, author_id,
                       created_at)
                VALUES (rnd.location_id, req, d.report, d.reached, d.spent,
                        d.state = 'closed', applicant, at);
            END IF;
            IF path[step] IN ('approve', 'decline') THEN
                UPDATE funding_requests SET decided_at = at WHERE id = req;
            END IF;
            from_state := to_state;
        END LOOP;
        IF n > 0 THEN
            UPDATE funding_requests SET updated_at = at,
                   version = 1 + n WHERE id = req;
        END IF;
    END LOOP;
END $$;

-- The rounds' money, as approvals and payments keep it.
UPDATE funding_rounds fr
   SET approved_cents = s.approved, paid_cents = s.paid
  FROM (SELECT round_id, coalesce(sum(approved_cents), 0) AS approved,
               coalesce(sum(paid_cents), 0) AS paid
          FROM funding_requests GROUP BY round_id) s
 WHERE s.round_id = fr.id;

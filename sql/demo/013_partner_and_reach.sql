-- Demo data for initiatives beyond one location and the national partner
-- role (sql/033; make run only, never production).
--
-- A partner agency's account (read-only national views, no personal data),
-- Hamilton's Welcoming Communities run with Whanganui and Blenheim taking
-- part, and Hamilton's employment pathway as a mainstream programme with
-- its lead agency and funders.  Safe to run again.

INSERT INTO users (email, display_name, password_hash, national_role)
VALUES ('partner@portal.demo', 'Paora Partner',
        '$argon2id$v=19$m=65536,t=2,p=1$V6S8jB/kXu7hO5iufPgG6w$i059McRc/x8rc0l1+8wFmCDm3z8pBI93t+UAm3mn6Tg',
        'partner')
ON CONFLICT (email) DO NOTHING;

-- Hamilton's people change Hamilton's initiatives (row-level security).
SELECT set_config('portal.locations_read',
           (SELECT '{' || id || '}' FROM locations WHERE slug = 'hamilton'), true),
       set_config('portal.locations_write',
           (SELECT '{' || id || '}' FROM locations WHERE slug = 'hamilton'), true),
       set_config('portal.national_role', '', true),
       set_config('portal.user_id', '', true);

UPDATE initiatives i
   SET scope = 'multi',
       lead_agency = 'Hamilton City Council with Immigration New Zealand',
       funding_sources = '[{"source": "council", "amount_cents": 2500000, "period": "2026/27"},
                           {"source": "levy", "amount_cents": 1200000, "period": "2026/27"}]'
  FROM locations l
 WHERE l.id = i.location_id AND l.slug = 'hamilton'
   AND i.title = 'Welcoming Communities Hamilton';

INSERT INTO initiative_locations (location_id, initiative_id, lead_location_id)
SELECT p.id, i.id, i.location_id
  FROM initiatives i JOIN locations l ON l.id = i.location_id
  JOIN locations p ON p.slug IN ('whanganui', 'blenheim')
 WHERE l.slug = 'hamilton' AND i.title = 'Welcoming Communities Hamilton'
ON CONFLICT DO NOTHING;

UPDATE initiatives i
   SET mainstream = true,
       lead_agency = 'Ministry of Social Development',
       funding_sources = '[{"source": "philanthropy", "amount_cents": 800000, "period": "2026"},
                           {"source": "portal_round", "amount_cents": 300000, "period": "Seed fund 2026/27"}]'
  FROM locations l
 WHERE l.id = i.location_id AND l.slug = 'hamilton'
   AND i.title = 'Refugee employment pathway working party';

SELECT set_config('portal.locations_read', '', true),
       set_config('portal.locations_write', '', true);

-- Demo accounts of README.md (make run only, never production).
-- Every password is 'demo-pass-2026'; the hash below is its Argon2id
-- (libsodium crypto_pwhash_str, interactive limits).
INSERT INTO users (email, display_name, password_hash, national_role)
SELECT email, display_name,
       '$argon2id$v=19$m=65536,t=2,p=1$V6S8jB/kXu7hO5iufPgG6w$i059McRc/x8rc0l1+8wFmCDm3z8pBI93t+UAm3mn6Tg',
       national_role
  FROM (VALUES
    ('admin@portal.demo',                'Aroha Admin',        'admin'),
    ('inz@portal.demo',                  'Ines Settlement',    'inz_staff'),
    ('coordinator.hamilton@portal.demo', 'Hemi Coordinator',   NULL),
    ('member.hamilton@portal.demo',      'Mere Member',        NULL),
    ('member2.hamilton@portal.demo',     'Farid Member',       NULL),
    ('observer.hamilton@portal.demo',    'Olivia Observer',    NULL),
    ('coordinator.nelson@portal.demo',   'Nadia Coordinator',  NULL),
    ('member.nelson@portal.demo',        'Ngaio Member',       NULL),
    ('applicant@portal.demo',            'Amani Applicant',    NULL)
  ) AS demo (email, display_name, national_role)
ON CONFLICT (email) DO NOTHING;

INSERT INTO memberships (location_id, user_id, role, sector, organisation)
SELECT l.id, u.id, m.role, m.sector, m.organisation
  FROM (VALUES
    ('hamilton', 'coordinator.hamilton@portal.demo', 'coordinator', 'local_government', 'Hamilton City Council'),
    ('hamilton', 'member.hamilton@portal.demo',      'member',      'ngo',              'Red Cross Refugee Services'),
    ('hamilton', 'member2.hamilton@portal.demo',     'member',      'refugee_migrant',  'Waikato Afghan Association'),
    ('hamilton', 'observer.hamilton@portal.demo',    'observer',    'central_government', 'Ministry of Social Development'),
    ('nelson',   'coordinator.nelson@portal.demo',   'coordinator', 'local_government', 'Nelson City Council'),
    ('nelson',   'member.nelson@portal.demo',        'member',      'iwi',              'Te Tau Ihu iwi')
  ) AS m (slug, email, role, sector, organisation)
  JOIN locations l ON l.slug = m.slug
  JOIN users u ON u.email = m.email
ON CONFLICT (location_id, user_id) DO NOTHING;

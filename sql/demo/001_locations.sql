-- Demo data: the settlement locations of docs/domain.md.
-- Loaded by `make run` only (portalctl demo), never in production.
INSERT INTO locations (slug, name, region) VALUES
    ('auckland',         'Auckland',         'Auckland'),
    ('hamilton',         'Hamilton',         'Waikato'),
    ('palmerston-north', 'Palmerston North', 'Manawatū-Whanganui'),
    ('wellington',       'Wellington',       'Wellington'),
    ('nelson',           'Nelson',           'Nelson Tasman'),
    ('christchurch',     'Christchurch',     'Canterbury'),
    ('dunedin',          'Dunedin',          'Otago'),
    ('invercargill',     'Invercargill',     'Southland'),
    ('ashburton',        'Ashburton',        'Canterbury'),
    ('timaru',           'Timaru',           'Canterbury'),
    ('masterton',        'Masterton',        'Wellington'),
    ('levin',            'Levin',            'Manawatū-Whanganui'),
    ('whanganui',        'Whanganui',        'Manawatū-Whanganui'),
    ('blenheim',         'Blenheim',         'Marlborough')
ON CONFLICT (slug) DO NOTHING;

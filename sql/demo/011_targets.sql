-- Demo data: targets and a breakdown (sql/031; make run only, never
-- production).  Hamilton's employment working party means to see 50
-- people into work or training by the end of June 2027 (31 so far), and
-- its first period's 6 are broken down by gender, which only Hamilton's
-- working group sees (docs/privacy.md).
--
-- portalctl demo runs this file in one transaction: the settings below
-- hold until its end, and let the insert policies pass on their merits.
-- Safe to run again.

CREATE TEMPORARY TABLE demo_target_on ON COMMIT DROP AS
SELECT i.location_id, i.id AS initiative_id, d.id AS indicator_id,
       (SELECT f.id FROM update_figures f
          JOIN initiative_updates u ON u.id = f.update_id
         WHERE f.initiative_id = i.id AND f.indicator_id = d.id
           AND f.replaced_at IS NULL
         ORDER BY u.date, u.id LIMIT 1) AS figure_id
  FROM initiatives i
  JOIN locations l ON l.id = i.location_id AND l.slug = 'hamilton'
  JOIN indicators d ON d.key = 'into_work' AND d.location_id IS NULL
 WHERE i.title = 'Refugee employment pathway working party';

-- As the person who entered that first figure (they may break it down).
SELECT set_config('portal.locations_write',
           (SELECT '{' || location_id || '}' FROM demo_target_on), true),
       set_config('portal.user_id', (SELECT f.entered_by::text
           FROM update_figures f JOIN demo_target_on t ON t.figure_id = f.id),
           true);

INSERT INTO initiative_targets (location_id, initiative_id, indicator_id,
       baseline, target, target_date, set_by)
SELECT t.location_id, t.initiative_id, t.indicator_id, 0, 50, '2027-06-30',
       portal_user_id()
  FROM demo_target_on t WHERE portal_user_id() IS NOT NULL
ON CONFLICT DO NOTHING;

INSERT INTO figure_breakdowns (location_id, figure_id, dimension, value, count)
SELECT t.location_id, t.figure_id, 'gender', g.value, g.count
  FROM demo_target_on t
 CROSS JOIN (VALUES ('female', 3), ('male', 3)) AS g (value, count)
 WHERE portal_user_id() IS NOT NULL
   AND (SELECT f.value FROM update_figures f WHERE f.id = t.figure_id) = 6
ON CONFLICT DO NOTHING;

SELECT set_config('portal.user_id', '', true),
       set_config('portal.locations_write', '', true);

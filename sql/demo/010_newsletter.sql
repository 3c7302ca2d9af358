-- Demo data: one newsletter issue Hamilton's coordinator sent, so the
-- location page's archive has something to show (make run only, never
-- production).  No subscribers: addresses are people's, and the demo
-- makes none up.
--
-- portalctl demo runs this file in one transaction: the settings below
-- hold until its end, and let the insert policy pass on its merits.
-- Safe to run again: Hamilton keeps one issue of this subject.

SELECT set_config('portal.locations_manage',
           (SELECT '{' || id || '}' FROM locations WHERE slug = 'hamilton'), true),
       set_config('portal.user_id',
           (SELECT id::text FROM users WHERE email = 'coordinator.hamilton@portal.demo'), true),
       set_config('portal.national_role', '', true);

INSERT INTO newsletter_issues (location_id, language, subject, intro, items,
       sent_by, sent_at)
SELECT l.id, 'en', 'Kia ora from the Hamilton working group',
       E'Welcome to our first newsletter.  **Funding is open** for projects '
       'that help newcomers and locals get to know each other: ask us for '
       'help to apply.\n\nThe service directory now lists English classes, '
       'settlement support and more, in your language.',
       '[]'::jsonb, portal_user_id(), now() - interval '20 days'
  FROM locations l
 WHERE l.slug = 'hamilton'
   AND NOT EXISTS (SELECT 1 FROM newsletter_issues n
                    WHERE n.location_id = l.id
                      AND n.subject = 'Kia ora from the Hamilton working group');

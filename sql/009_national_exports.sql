-- National exports (issue 6): the dates the exports filter on, indexed, so
-- that a financial year across every location reads the rows of that year
-- rather than every row.  Each location's own exports start from the
-- location's indexes of 005 and 006.

CREATE INDEX initiative_updates_date ON initiative_updates (date);
CREATE INDEX initiatives_start_date ON initiatives (start_date);
CREATE INDEX funding_requests_paid_on ON funding_requests (paid_on)
    WHERE paid_on IS NOT NULL;
CREATE INDEX funding_requests_submitted ON funding_requests (submitted_at)
    WHERE submitted_at IS NOT NULL;

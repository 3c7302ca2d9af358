-- A round is public from the day it opens in New Zealand, the day the
-- application decides it is open on (NZ_TODAY in app/db/stmt.c), not the
-- server's UTC date: for twelve or thirteen hours of an opening day the
-- two differ, and outsiders could not see or apply to a round the
-- working group saw open.
ALTER POLICY funding_rounds_read ON funding_rounds
    USING (opens_on <= (now() AT TIME ZONE 'Pacific/Auckland')::date
           OR portal_can_read(location_id) OR portal_is_national());

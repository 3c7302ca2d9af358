-- The money behind an initiative, for its public page: how many grants
-- were approved for it and how much was approved and paid, never who
-- asked or for what (the requests themselves stay the working group's).
-- Numbered after the national migrations it was written beside; OR
-- REPLACE so a database that applied it under its first name (006_funding_
-- totals) takes it again unharmed.
--
-- SECURITY DEFINER: anonymous readers see no funding_requests rows at all
-- (row-level security), yet a published initiative shows its totals.
-- portald calls it only for an initiative the asker may see
-- (app/handlers/initiative.c).  A grant counts from its approval on;
-- declined, withdrawn and undecided requests add nothing.

CREATE OR REPLACE FUNCTION funding_initiative_totals(initiative bigint,
    OUT grants integer, OUT approved_cents bigint, OUT paid_cents bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT count(*)::integer, coalesce(sum(r.approved_cents), 0)::bigint,
                 coalesce(sum(r.paid_cents), 0)::bigint
            FROM funding_requests r
           WHERE r.initiative_id = initiative
             AND r.state IN ('approved', 'accepted', 'disbursed',
                             'reported', 'closed') $$;
REVOKE ALL ON FUNCTION funding_initiative_totals(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION funding_initiative_totals(bigint) TO portal_app;

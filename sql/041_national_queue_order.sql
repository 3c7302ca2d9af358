-- The national overview's two request lists, read in index order.
--
-- national_request_queue (sql/033) is a security-barrier view, so the
-- planner plans it as a subquery of its own and cannot carry the page's
-- ORDER BY ... LIMIT into it: every rebuild of the overview read every
-- waiting request in the country, sorted them all and counted them with a
-- window (about 30 ms at 7,000 waiting).  These functions read the same
-- rows, to the same people, in the order of the partial indexes
-- funding_requests_waiting (sql/007) and funding_requests_overdue
-- (sql/006): the first n, and how many in all from the index alone.
-- Like the view they carry no applicant, contact or text of a request
-- beyond its title, and answer nothing to anyone but national staff and
-- partners.

CREATE FUNCTION national_requests_waiting(n integer)
    RETURNS TABLE (id bigint, location_id bigint, title text, state text,
                   amount_cents bigint, submitted_at timestamptz,
                   total bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT r.id, r.location_id, r.title, r.state, r.amount_cents,
           r.submitted_at,
           (SELECT count(*) FROM funding_requests c
             WHERE c.state IN ('submitted', 'in_review', 'info_requested'))
      FROM funding_requests r
     WHERE (portal_is_national() OR portal_is_partner())
       AND r.state IN ('submitted', 'in_review', 'info_requested')
     ORDER BY r.submitted_at, r.id
     LIMIT n
$$;

-- Paid requests whose report was due before today in New Zealand.
CREATE FUNCTION national_requests_overdue(n integer)
    RETURNS TABLE (id bigint, location_id bigint, title text,
                   paid_cents bigint, report_due_on date, total bigint)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT r.id, r.location_id, r.title, r.paid_cents, r.report_due_on,
           (SELECT count(*) FROM funding_requests c
             WHERE c.state = 'disbursed'
               AND c.report_due_on < (now() AT TIME ZONE 'Pacific/Auckland')::date)
      FROM funding_requests r
     WHERE (portal_is_national() OR portal_is_partner())
       AND r.state = 'disbursed'
       AND r.report_due_on < (now() AT TIME ZONE 'Pacific/Auckland')::date
     ORDER BY r.report_due_on, r.id
     LIMIT n
$$;

REVOKE ALL ON FUNCTION national_requests_waiting(integer) FROM PUBLIC;
REVOKE ALL ON FUNCTION national_requests_overdue(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION national_requests_waiting(integer) TO portal_app;
GRANT EXECUTE ON FUNCTION national_requests_overdue(integer) TO portal_app;

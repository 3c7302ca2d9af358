-- The outbox's backlog, for portald's metrics endpoint (docs/deploy.md,
-- "Metrics").  portal_app may only append to the outbox (sql/002); this
-- tells it how many messages wait and how long the oldest has waited,
-- and nothing of what they say or to whom.

CREATE FUNCTION outbox_backlog(OUT pending bigint, OUT failing bigint,
                               OUT oldest_seconds double precision)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT count(*), count(*) FILTER (WHERE attempts > 0),
                 coalesce(extract(epoch FROM now() - min(created_at)), 0)::double precision
            FROM outbox WHERE sent_at IS NULL $$;
REVOKE ALL ON FUNCTION outbox_backlog() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION outbox_backlog() TO portal_app;

-- Help to apply (sql/018) behind the identity lock (sql/015).
--
-- The two were written side by side.  Since 015 a function portal_owner
-- makes is nobody's to call until granted, and 018's "by X for Y"
-- triggers call funding_assisted_for() as the writer.  It is granted to
-- portal_app, and answers only for the writer themself, so it tells no
-- one else whom a helper acts for.

CREATE OR REPLACE FUNCTION funding_assisted_for(request bigint, actor bigint) RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT person_name FROM funding_request_assists
           WHERE request_id = request AND helper_id = actor
             AND actor = portal_user_id()
             AND claimed_at IS NULL $$;
GRANT EXECUTE ON FUNCTION funding_assisted_for(bigint, bigint) TO portal_app;

-- Changes that portald's workers must hear about, now with the location
-- they touched (issue 21).  sql/003_changes.sql announced only a table's
-- name, once per statement, so every worker dropped every copy it kept on
-- any write anywhere.  Writes to a location's own data now announce
-- "<table> <location id>", once per row but delivered once per distinct
-- text in a transaction (NOTIFY folds duplicates), and a worker drops only
-- that location's kept views and public pages, with those that read every
-- location (app/handlers/worker_memory.c says which).  A bare "<table>"
-- still means "anything may have changed": a TRUNCATE, a row with no
-- location, and every table not listed here.

-- Announces the location ids in the columns named by the trigger's
-- arguments, of the row before and after the change; a row whose first
-- named column is null (a location's data with no location) is announced
-- bare.  Invoker's rights: it reads nothing but the row.
CREATE FUNCTION portal_row_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
DECLARE
    r  jsonb;
    id text;
    i  integer;
BEGIN
    FOREACH r IN ARRAY CASE TG_OP
        WHEN 'INSERT' THEN ARRAY[to_jsonb(NEW)]
        WHEN 'DELETE' THEN ARRAY[to_jsonb(OLD)]
        ELSE ARRAY[to_jsonb(OLD), to_jsonb(NEW)] END
    LOOP
        FOR i IN 0 .. TG_NARGS - 1 LOOP
            id := r ->> TG_ARGV[i];
            IF id IS NOT NULL THEN
                PERFORM pg_notify('portal_changes', TG_TABLE_NAME || ' ' || id);
            ELSIF i = 0 THEN
                PERFORM pg_notify('portal_changes', TG_TABLE_NAME);
            END IF;
        END LOOP;
    END LOOP;
    RETURN NULL;
END $$;

-- An adopted initiative's page shows its source's title while the source
-- is public: a change to either reaches pages of other locations, which
-- RLS hides from the writer.  Announced bare (rare: a title or the
-- visibility of an initiative someone adopted).
CREATE FUNCTION portal_initiative_source_changed() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF initiative_adoption_count(OLD.id) > 0 THEN
        PERFORM pg_notify('portal_changes', TG_TABLE_NAME);
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER initiatives_changed ON initiatives;
CREATE TRIGGER initiatives_changed
    AFTER INSERT OR UPDATE OR DELETE ON initiatives
    FOR EACH ROW
    EXECUTE FUNCTION portal_row_changed('location_id', 'adopted_from_location_id');
CREATE TRIGGER initiatives_source_changed
    AFTER UPDATE ON initiatives FOR EACH ROW
    WHEN (OLD.title IS DISTINCT FROM NEW.title
          OR OLD.visibility IS DISTINCT FROM NEW.visibility)
    EXECUTE FUNCTION portal_initiative_source_changed();
CREATE TRIGGER initiatives_truncated AFTER TRUNCATE ON initiatives
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();

-- The rest of a location's own data: one row, one location.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['memberships', 'initiative_updates',
        'funding_rounds', 'funding_requests', 'funding_reviews',
        'location_contacts', 'funding_request_assists', 'events',
        'update_figures']
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_changed', t);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE'
            ' ON %I FOR EACH ROW EXECUTE FUNCTION'
            ' portal_row_changed(''location_id'')', t || '_changed', t);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I'
            ' FOR EACH STATEMENT EXECUTE FUNCTION portal_changed()',
            t || '_truncated', t);
    END LOOP;
END $$;

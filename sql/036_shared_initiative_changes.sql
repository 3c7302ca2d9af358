-- A change to an initiative several locations share reaches every one of
-- them (issue 21 with sql/033).  sql/035 announces an initiative's row
-- with its own location only, so the participating locations' kept views
-- (their lists, pages and coverage) would keep the old one until their
-- copies aged out.  A change to a shared initiative, its updates or its
-- figures is announced bare instead: rare, and every copy is dropped.
CREATE FUNCTION portal_shared_initiative_changed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    r   jsonb := to_jsonb(CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END);
    ini bigint := (r ->> CASE TG_TABLE_NAME WHEN 'initiatives' THEN 'id'
                                            ELSE 'initiative_id' END)::bigint;
BEGIN
    IF EXISTS (SELECT 1 FROM initiative_locations WHERE initiative_id = ini) THEN
        PERFORM pg_notify('portal_changes', TG_TABLE_NAME);
    END IF;
    RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION portal_shared_initiative_changed() FROM PUBLIC;

CREATE TRIGGER initiatives_shared_changed
    AFTER UPDATE ON initiatives FOR EACH ROW
    WHEN (OLD.scope <> 'local' OR NEW.scope <> 'local')
    EXECUTE FUNCTION portal_shared_initiative_changed();
CREATE TRIGGER initiative_updates_shared_changed
    AFTER INSERT OR UPDATE OR DELETE ON initiative_updates FOR EACH ROW
    EXECUTE FUNCTION portal_shared_initiative_changed();
CREATE TRIGGER update_figures_shared_changed
    AFTER INSERT OR UPDATE OR DELETE ON update_figures FOR EACH ROW
    EXECUTE FUNCTION portal_shared_initiative_changed();

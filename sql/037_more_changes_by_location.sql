-- The tables this session's features added, announced by location as
-- sql/035 does for the older ones (issue 21): a story, a target, a
-- breakdown, an action or a published summary belongs to one location,
-- and a location's part in another's initiative to both (sql/033).  Before
-- this, each of their statements announced a bare table name, so even a
-- statement that changed no row (an initiative saved with no participants)
-- dropped every copy every worker kept.  app/util/changes.c lists them.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['stories', 'initiative_targets',
        'figure_breakdowns', 'meeting_actions', 'meeting_summaries',
        'initiative_locations']
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %I', t || '_changed', t);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE'
            ' ON %I FOR EACH ROW EXECUTE FUNCTION portal_row_changed(%L%s)',
            t || '_changed', t, 'location_id',
            CASE t WHEN 'initiative_locations' THEN ', ''lead_location_id'''
                   ELSE '' END);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I'
            ' FOR EACH STATEMENT EXECUTE FUNCTION portal_changed()',
            t || '_truncated', t);
    END LOOP;
END $$;

-- A shared initiative's target shows on every participating location's
-- pages (sql/036).
CREATE TRIGGER initiative_targets_shared_changed
    AFTER INSERT OR UPDATE OR DELETE ON initiative_targets FOR EACH ROW
    EXECUTE FUNCTION portal_shared_initiative_changed();

-- Structured stocktakes (issue 18): Immigration New Zealand writes a
-- questionnaire of typed questions; a stocktake opened with one asks it
-- of every location, and each location's coordinators answer it (a draft
-- they save, then complete with the return).
--
-- A questionnaire's questions live in versions.  Editing one whose latest
-- version no stocktake uses yet changes that version; once a stocktake
-- uses it, an edit makes the next version, so a stocktake always keeps
-- the questions it was opened with.  Each question has a key that stays
-- the same across versions: answers of different years are compared by
-- it.
--
-- questions is a JSON array, in the order asked, of
--   {"key": "gaps", "text": "...", "type": "text", "scope": "location",
--    "required": true, "choices": ["...", ...]}
-- type one of text, single_choice, multiple_choice, number, yes_no, date;
-- scope location (asked once per location) or initiative (once per
-- initiative of the location).  portald checks them (handlers/
-- questionnaire.c); the text is INZ's, shown as written, not translated.
--
-- Answers are one JSON object per location and stocktake, from the
-- answer's field name to its value:
--   {"location.gaps": "...", "initiative.17.designed_for": "...", ...}
-- text, a choice and a date as strings, a multiple choice as an array of
-- strings, a number as a number, yes/no as a boolean; unanswered absent.

CREATE TABLE questionnaires (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    created_by  bigint NOT NULL REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE questionnaires IS
    'Questionnaires INZ writes for stocktakes; their questions are in '
    'questionnaire_versions.';

CREATE TABLE questionnaire_versions (
    questionnaire_id  bigint NOT NULL REFERENCES questionnaires (id),
    version           integer NOT NULL CHECK (version >= 1),
    questions         jsonb NOT NULL CHECK (jsonb_typeof(questions) = 'array'),
    created_by        bigint NOT NULL REFERENCES users (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (questionnaire_id, version)
);
COMMENT ON TABLE questionnaire_versions IS
    'Each version of a questionnaire''s questions; a version a stocktake '
    'uses is never changed (questionnaire_save makes the next one).';

ALTER TABLE stocktakes
    ADD COLUMN questionnaire_id bigint,
    ADD COLUMN questionnaire_version integer,
    ADD CONSTRAINT stocktakes_questionnaire FOREIGN KEY
        (questionnaire_id, questionnaire_version)
        REFERENCES questionnaire_versions (questionnaire_id, version),
    ADD CONSTRAINT stocktakes_questionnaire_both CHECK
        ((questionnaire_id IS NULL) = (questionnaire_version IS NULL));
COMMENT ON COLUMN stocktakes.questionnaire_version IS
    'The version the stocktake was opened with; it keeps it.';

-- A location's answers while its return is a draft.
CREATE TABLE stocktake_answers (
    location_id   bigint NOT NULL REFERENCES locations (id),
    stocktake_id  bigint NOT NULL REFERENCES stocktakes (id),
    answers       jsonb NOT NULL DEFAULT '{}'
                  CHECK (jsonb_typeof(answers) = 'object'),
    updated_by    bigint NOT NULL REFERENCES users (id),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (location_id, stocktake_id)
);
COMMENT ON TABLE stocktake_answers IS
    'A location''s saved answers to a stocktake''s questionnaire, until it '
    'completes its return (which keeps a copy: stocktake_returns.answers).';

-- The return keeps the answers as completed, beside the snapshot of the
-- initiatives' figures; append-only like the rest of the return.
ALTER TABLE stocktake_returns
    ADD COLUMN answers jsonb NOT NULL DEFAULT '{}'
        CHECK (jsonb_typeof(answers) = 'object');

-- Keeps questions as questionnaire q's questions (and name as its name),
-- as user who: in its latest version while no stocktake uses that, else
-- as the next version.  Runs as the caller: row-level security decides
-- (national staff only).  Returns the version kept, or NULL when there
-- is no questionnaire q.
CREATE FUNCTION questionnaire_save(q bigint, new_name text, new_questions jsonb,
                                   who bigint) RETURNS integer
    LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp AS $$
DECLARE
    latest integer;
BEGIN
    SELECT max(v.version) INTO latest FROM questionnaire_versions v
     WHERE v.questionnaire_id = q;
    IF latest IS NULL THEN
        RETURN NULL;
    END IF;
    UPDATE questionnaires SET name = new_name WHERE id = q;
    IF EXISTS (SELECT 1 FROM stocktakes s WHERE s.questionnaire_id = q
                AND s.questionnaire_version = latest) THEN
        latest := latest + 1;
        INSERT INTO questionnaire_versions (questionnaire_id, version,
                                            questions, created_by)
        VALUES (q, latest, new_questions, who);
    ELSE
        UPDATE questionnaire_versions SET questions = new_questions
         WHERE questionnaire_id = q AND version = latest;
    END IF;
    RETURN latest;
END $$;

CREATE TRIGGER questionnaires_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON questionnaires
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();
CREATE TRIGGER questionnaire_versions_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON questionnaire_versions
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();
CREATE TRIGGER stocktake_answers_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stocktake_answers
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();

-- Row-level security ---------------------------------------------------------

-- Read as stocktakes are (everyone with a role somewhere: coordinators
-- answer them); written by national staff.
ALTER TABLE questionnaires ENABLE ROW LEVEL SECURITY;
ALTER TABLE questionnaires FORCE ROW LEVEL SECURITY;
CREATE POLICY questionnaires_read ON questionnaires FOR SELECT
    USING (portal_is_national()
           OR cardinality(portal_setting_ids('portal.locations_read')) > 0);
CREATE POLICY questionnaires_add ON questionnaires FOR INSERT
    WITH CHECK (portal_is_national() AND created_by = portal_user_id());
CREATE POLICY questionnaires_change ON questionnaires FOR UPDATE
    USING (portal_is_national()) WITH CHECK (portal_is_national());

ALTER TABLE questionnaire_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE questionnaire_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY questionnaire_versions_read ON questionnaire_versions FOR SELECT
    USING (portal_is_national()
           OR cardinality(portal_setting_ids('portal.locations_read')) > 0);
CREATE POLICY questionnaire_versions_add ON questionnaire_versions FOR INSERT
    WITH CHECK (portal_is_national() AND created_by = portal_user_id());
-- A version a stocktake uses is never changed.
CREATE POLICY questionnaire_versions_change ON questionnaire_versions
    FOR UPDATE
    USING (portal_is_national() AND NOT EXISTS (
        SELECT 1 FROM stocktakes s
         WHERE s.questionnaire_id = questionnaire_versions.questionnaire_id
           AND s.questionnaire_version = questionnaire_versions.version))
    WITH CHECK (portal_is_national());

-- A location's answers: read as its return is; its coordinators write
-- them until the return is completed.
ALTER TABLE stocktake_answers ENABLE ROW LEVEL SECURITY;
ALTER TABLE stocktake_answers FORCE ROW LEVEL SECURITY;
CREATE POLICY stocktake_answers_read ON stocktake_answers FOR SELECT
    USING (portal_can_read(location_id) OR portal_is_national());
CREATE POLICY stocktake_answers_add ON stocktake_answers FOR INSERT
    WITH CHECK (portal_can_manage(location_id)
                AND updated_by = portal_user_id());
CREATE POLICY stocktake_answers_change ON stocktake_answers FOR UPDATE
    USING (portal_can_manage(location_id) AND NOT EXISTS (
        SELECT 1 FROM stocktake_returns r
         WHERE r.stocktake_id = stocktake_answers.stocktake_id
           AND r.location_id = stocktake_answers.location_id))
    WITH CHECK (portal_can_manage(location_id)
                AND updated_by = portal_user_id());

GRANT SELECT, INSERT ON questionnaires, questionnaire_versions,
    stocktake_answers TO portal_app;
GRANT UPDATE (name) ON questionnaires TO portal_app;
GRANT UPDATE (questions) ON questionnaire_versions TO portal_app;
GRANT UPDATE (answers, updated_by, updated_at) ON stocktake_answers
    TO portal_app;
GRANT EXECUTE ON FUNCTION questionnaire_save(bigint, text, jsonb, bigint)
    TO portal_app;

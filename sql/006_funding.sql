-- Micro-funding: a location's funding rounds, the requests community members
-- make to them, the working group's reviews, and each request's timeline
-- (docs/domain.md, "Micro-funding rounds").  Money is integer cents throughout.
--
-- The state machine is app/domain/funding.c; the database refuses any
-- change of state that is not one of its transitions (the second lock), and
-- a round's approved total can never pass its pool: approvals add to
-- funding_rounds.approved_cents with one guarded UPDATE, which takes the
-- round's row lock, so concurrent approvals queue behind each other, and
-- a CHECK constraint stands behind that.

CREATE TABLE funding_rounds (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    location_id        bigint NOT NULL REFERENCES locations (id),
    version            integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    name               text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
    pool_cents         bigint NOT NULL CHECK (pool_cents BETWEEN 1 AND 100000000000),
    max_request_cents  bigint NOT NULL CHECK (max_request_cents BETWEEN 1 AND pool_cents),
    opens_on           date NOT NULL,
    closes_on          date NOT NULL,
    quorum             integer NOT NULL DEFAULT 2 CHECK (quorum BETWEEN 1 AND 20),
    -- Requests of at most this much need one review instead of the quorum.
    fast_track_cents   bigint NOT NULL DEFAULT 0
                       CHECK (fast_track_cents BETWEEN 0 AND max_request_cents),
    report_due_days    integer NOT NULL DEFAULT 90 CHECK (report_due_days BETWEEN 1 AND 730),
    conditions         text NOT NULL CHECK (length(btrim(conditions)) BETWEEN 1 AND 20000),
    -- Kept by the approve and disburse statements, in their transactions.
    approved_cents     bigint NOT NULL DEFAULT 0,
    paid_cents         bigint NOT NULL DEFAULT 0,
    created_by         bigint REFERENCES users (id),
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT funding_rounds_dates CHECK (closes_on >= opens_on),
    CONSTRAINT funding_rounds_pool_not_overdrawn
        CHECK (approved_cents BETWEEN 0 AND pool_cents),
    CONSTRAINT funding_rounds_paid_within_approved
        CHECK (paid_cents BETWEEN 0 AND approved_cents),
    UNIQUE (location_id, id)
);
COMMENT ON TABLE funding_rounds IS
    'A location''s micro-funding rounds.  approved_cents never exceeds '
    'pool_cents (constraint); remaining is pool_cents - approved_cents.';
CREATE INDEX funding_rounds_location ON funding_rounds (location_id, opens_on DESC, id DESC);

CREATE FUNCTION funding_state_ok(state text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT state IN ('draft', 'submitted', 'in_review', 'info_requested',
                           'approved', 'declined', 'withdrawn', 'accepted',
                           'disbursed', 'reported', 'closed') $$;

-- The transitions of docs/domain.md, as (from, to) pairs; who may make
-- them is the application's check (app/domain/funding.c).
CREATE FUNCTION funding_transition_ok(from_state text, to_state text)
    RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (from_state, to_state) IN (
        ('draft', 'submitted'), ('submitted', 'in_review'),
        ('in_review', 'info_requested'), ('info_requested', 'in_review'),
        ('in_review', 'approved'), ('in_review', 'declined'),
        ('draft', 'withdrawn'), ('submitted', 'withdrawn'),
        ('in_review', 'withdrawn'), ('info_requested', 'withdrawn'),
        ('approved', 'accepted'), ('accepted', 'disbursed'),
        ('disbursed', 'reported'), ('reported', 'closed'),
        ('reported', 'disbursed')) $$;

CREATE TABLE funding_requests (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    location_id        bigint NOT NULL,
    round_id           bigint NOT NULL,
    applicant_id       bigint NOT NULL REFERENCES users (id),
    state              text NOT NULL DEFAULT 'draft' CHECK (funding_state_ok(state)),
    version            integer NOT NULL DEFAULT 1 CHECK (version >= 1),
    -- A draft may be unfinished: submitting checks that all is there.
    title              text NOT NULL DEFAULT '' CHECK (length(title) <= 200),
    description        text NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
    area               text CHECK (area IN ('news_narrative', 'funding_models',
                           'research_evidence', 'knowledge_skills',
                           'events_programmes', 'services', 'pathways')),
    elements           text[] NOT NULL DEFAULT '{}' CHECK (elements <@ ARRAY[
                           'belonging', 'inclusion', 'participation',
                           'recognition', 'legitimacy']),
    amount_cents       bigint CHECK (amount_cents BETWEEN 1 AND 100000000000),
    -- [{"item": text, "amount_cents": integer}]
    budget             jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(budget) = 'array'
                           AND jsonb_array_length(budget) <= 30),
    beneficiaries      text NOT NULL DEFAULT '' CHECK (length(beneficiaries) <= 5000),
    beneficiary_count  integer CHECK (beneficiary_count BETWEEN 0 AND 1000000),
    timeline           text NOT NULL DEFAULT '' CHECK (length(timeline) <= 5000),
    contact_name       text NOT NULL DEFAULT '' CHECK (length(contact_name) <= 100),
    contact_email      text NOT NULL DEFAULT '' CHECK (length(contact_email) <= 254),
    contact_phone      text NOT NULL DEFAULT '' CHECK (length(contact_phone) <= 40),
    -- The decision, the payment and the report.
    approved_cents     bigint CHECK (approved_cents BETWEEN 1 AND amount_cents),
    decline_reason     text CHECK (length(decline_reason) <= 5000),
    paid_cents         bigint CHECK (paid_cents BETWEEN 1 AND approved_cents),
    paid_on            date,
    payment_reference  text CHECK (length(payment_reference) <= 200),
    report_due_on      date,
    reminded_at        timestamptz,
    initiative_id      bigint,
    -- What a form or client sent to create it: a replay finds the same row.
    client_key         text CHECK (length(client_key) BETWEEN 1 AND 100),
    submitted_at       timestamptz,
    decided_at         timestamptz,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (location_id, round_id) REFERENCES funding_rounds (location_id, id),
    FOREIGN KEY (location_id, initiative_id) REFERENCES initiatives (location_id, id),
    UNIQUE (location_id, id),
    UNIQUE (applicant_id, client_key)
);
COMMENT ON TABLE funding_requests IS
    'Funding requests; state moves only along funding_transition_ok() '
    '(trigger), and drafts are their applicant''s alone.';
CREATE INDEX funding_requests_queue ON funding_requests (location_id, state, id);
CREATE INDEX funding_requests_location ON funding_requests (location_id, id);
CREATE INDEX funding_requests_round ON funding_requests (round_id, state);
CREATE INDEX funding_requests_applicant ON funding_requests (applicant_id, id DESC);
CREATE INDEX funding_requests_initiative ON funding_requests (initiative_id)
    WHERE initiative_id IS NOT NULL;
CREATE INDEX funding_requests_overdue ON funding_requests (report_due_on)
    WHERE state = 'disbursed';

CREATE FUNCTION funding_requests_before_update() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state <> OLD.state AND NOT funding_transition_ok(OLD.state, NEW.state) THEN
        RAISE EXCEPTION 'a funding request cannot move from % to %',
            OLD.state, NEW.state USING ERRCODE = 'check_violation',
            CONSTRAINT = 'funding_requests_transition';
    END IF;
    IF NEW.location_id <> OLD.location_id OR NEW.round_id <> OLD.round_id
       OR NEW.applicant_id <> OLD.applicant_id THEN
        RAISE EXCEPTION 'a funding request stays in its round'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER funding_requests_state_machine
    BEFORE UPDATE ON funding_requests
    FOR EACH ROW EXECUTE FUNCTION funding_requests_before_update();

-- One review per working-group member per request: scores, or a declared
-- conflict of interest (and then no scores).
CREATE TABLE funding_reviews (
    location_id  bigint NOT NULL,
    request_id   bigint NOT NULL,
    reviewer_id  bigint NOT NULL REFERENCES users (id),
    conflict     boolean NOT NULL,
    alignment    smallint CHECK (alignment BETWEEN 1 AND 5),
    benefit      smallint CHECK (benefit BETWEEN 1 AND 5),
    feasibility  smallint CHECK (feasibility BETWEEN 1 AND 5),
    value        smallint CHECK (value BETWEEN 1 AND 5),
    comment      text NOT NULL DEFAULT '' CHECK (length(comment) <= 5000),
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (request_id, reviewer_id),
    FOREIGN KEY (location_id, request_id) REFERENCES funding_requests (location_id, id),
    CONSTRAINT funding_reviews_scores CHECK (
        (conflict AND alignment IS NULL AND benefit IS NULL
                  AND feasibility IS NULL AND value IS NULL)
        OR (NOT conflict AND alignment IS NOT NULL AND benefit IS NOT NULL
                         AND feasibility IS NOT NULL AND value IS NOT NULL))
);

-- A request's timeline: every transition and payment, with the note meant
-- for the applicant (a reason, a question, the changes asked for).
-- Append-only, like the audit trail.  Reviewers' comments never come here.
CREATE TABLE funding_events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    location_id   bigint NOT NULL,
    request_id    bigint NOT NULL,
    actor_id      bigint REFERENCES users (id),
    action        text NOT NULL,
    from_state    text NOT NULL CHECK (funding_state_ok(from_state)),
    to_state      text NOT NULL CHECK (funding_state_ok(to_state)),
    note          text CHECK (length(note) <= 5000),
    amount_cents  bigint,
    at            timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (location_id, request_id) REFERENCES funding_requests (location_id, id)
);
CREATE INDEX funding_events_request ON funding_events (request_id, id);

-- What the applicant reported after payment; a report sent back for
-- changes stays, and the next one follows it.
CREATE TABLE funding_reports (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    location_id     bigint NOT NULL,
    request_id      bigint NOT NULL,
    body            text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 20000),
    people_reached  integer NOT NULL CHECK (people_reached BETWEEN 0 AND 1000000),
    spent_cents     bigint NOT NULL CHECK (spent_cents BETWEEN 0 AND 100000000000),
    story_consent   boolean NOT NULL DEFAULT false,
    author_id       bigint REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (location_id, request_id) REFERENCES funding_requests (location_id, id)
);
CREATE INDEX funding_reports_request ON funding_reports (request_id, id);

-- Workers keep copies of public pages (a location's open rounds) and
-- working-group views.
CREATE TRIGGER funding_rounds_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON funding_rounds
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();
CREATE TRIGGER funding_requests_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON funding_requests
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();
CREATE TRIGGER funding_reviews_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON funding_reviews
    FOR EACH STATEMENT EXECUTE FUNCTION portal_changed();

-- Row-level security -------------------------------------------------------

-- The applicant of a request, for the policies of the tables beside it.
-- SECURITY DEFINER: it reads one column of one row whatever the asker may
-- see, so the policies below need not nest funding_requests' own.
CREATE FUNCTION funding_applicant(request bigint) RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT applicant_id FROM funding_requests WHERE id = request $$;

-- How many members have scored a request (conflicts left out), for the
-- queue and the quorum: a count that anyone who sees the request may see,
-- though members see only their own review's content.
CREATE FUNCTION funding_review_count(request bigint) RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT count(*)::integer FROM funding_reviews
           WHERE request_id = request AND NOT conflict $$;

-- Queues a message to every coordinator of a location, in the caller's
-- transaction: an applicant's submission or report tells the working
-- group without the applicant ever reading the coordinators' addresses.
CREATE FUNCTION funding_notify_coordinators(location bigint, subject text,
                                            body text, kind text)
    RETURNS integer LANGUAGE sql VOLATILE SECURITY DEFINER
    SET search_path = public, pg_temp AS $$
    WITH sent AS (
        INSERT INTO outbox (location_id, to_email, subject, body, kind)
        SELECT location, u.email, subject, body, kind
          FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.location_id = location AND m.role = 'coordinator'
        RETURNING 1)
    SELECT count(*)::integer FROM sent $$;
REVOKE ALL ON FUNCTION funding_notify_coordinators(bigint, text, text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION funding_notify_coordinators(bigint, text, text, text) TO portal_app;

ALTER TABLE funding_rounds ENABLE ROW LEVEL SECURITY;
ALTER TABLE funding_rounds FORCE ROW LEVEL SECURITY;
-- A round is public once it opens; before that it is the group's plan.
CREATE POLICY funding_rounds_read ON funding_rounds FOR SELECT
    USING (opens_on <= current_date OR portal_can_read(location_id)
           OR portal_is_national());
CREATE POLICY funding_rounds_add ON funding_rounds FOR INSERT
    WITH CHECK (portal_can_manage(location_id) AND created_by = portal_user_id());
-- Coordinators manage rounds; an approval or payment (made by one) moves
-- the round's totals.
CREATE POLICY funding_rounds_change ON funding_rounds FOR UPDATE
    USING (portal_can_manage(location_id))
    WITH CHECK (portal_can_manage(location_id));

ALTER TABLE funding_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE funding_requests FORCE ROW LEVEL SECURITY;
-- Drafts are the applicant's alone; once submitted, the location's
-- working group and national staff see the request too.
CREATE POLICY funding_requests_read ON funding_requests FOR SELECT
    USING (applicant_id = portal_user_id()
           OR (state <> 'draft' AND (portal_can_read(location_id)
                                     OR portal_is_national())));
CREATE POLICY funding_requests_add ON funding_requests FOR INSERT
    WITH CHECK (applicant_id = portal_user_id() AND state = 'draft');
CREATE POLICY funding_requests_change ON funding_requests FOR UPDATE
    USING (applicant_id = portal_user_id()
           OR (state <> 'draft' AND portal_can_manage(location_id)))
    WITH CHECK (applicant_id = portal_user_id() OR portal_can_manage(location_id));

ALTER TABLE funding_reviews ENABLE ROW LEVEL SECURITY;
ALTER TABLE funding_reviews FORCE ROW LEVEL SECURITY;
-- Members see their own review; coordinators and national staff all.
CREATE POLICY funding_reviews_read ON funding_reviews FOR SELECT
    USING (reviewer_id = portal_user_id() OR portal_can_manage(location_id)
           OR portal_is_national());
CREATE POLICY funding_reviews_add ON funding_reviews FOR INSERT
    WITH CHECK (reviewer_id = portal_user_id() AND portal_can_write(location_id)
                AND funding_applicant(request_id) <> portal_user_id());
CREATE POLICY funding_reviews_change ON funding_reviews FOR UPDATE
    USING (reviewer_id = portal_user_id() AND portal_can_write(location_id))
    WITH CHECK (reviewer_id = portal_user_id() AND portal_can_write(location_id));

ALTER TABLE funding_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE funding_events FORCE ROW LEVEL SECURITY;
CREATE POLICY funding_events_read ON funding_events FOR SELECT
    USING (portal_can_read(location_id) OR portal_is_national()
           OR funding_applicant(request_id) = portal_user_id());
CREATE POLICY funding_events_add ON funding_events FOR INSERT
    WITH CHECK (actor_id IS NOT DISTINCT FROM portal_user_id()
                AND (portal_can_manage(location_id)
                     OR funding_applicant(request_id) = portal_user_id()));

ALTER TABLE funding_reports ENABLE ROW LEVEL SECURITY;
ALTER TABLE funding_reports FORCE ROW LEVEL SECURITY;
CREATE POLICY funding_reports_read ON funding_reports FOR SELECT
    USING (portal_can_read(location_id) OR portal_is_national()
           OR funding_applicant(request_id) = portal_user_id());
CREATE POLICY funding_reports_add ON funding_reports FOR INSERT
    WITH CHECK (author_id = portal_user_id()
                AND funding_applicant(request_id) = portal_user_id());

-- What portald may do ------------------------------------------------------

GRANT SELECT, INSERT ON funding_rounds TO portal_app;
GRANT UPDATE (version, name, pool_cents, max_request_cents, opens_on, closes_on,
              quorum, fast_track_cents, report_due_days, conditions,
              approved_cents, paid_cents, updated_at)
    ON funding_rounds TO portal_app;
GRANT SELECT, INSERT ON funding_requests TO portal_app;
GRANT UPDATE (state, version, title, description, area, elements, amount_cents,
              budget, beneficiaries, beneficiary_count, timeline, contact_name,
              contact_email, contact_phone, approved_cents, decline_reason,
              paid_cents, paid_on, payment_reference, report_due_on,
              reminded_at, initiative_id, submitted_at, decided_at, updated_at)
    ON funding_requests TO portal_app;
GRANT SELECT, INSERT, UPDATE ON funding_reviews TO portal_app;
GRANT SELECT, INSERT ON funding_events, funding_reports TO portal_app;

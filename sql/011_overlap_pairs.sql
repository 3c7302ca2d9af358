-- Likely overlaps kept, not searched for on every read (issue 6, "Scale"):
-- each initiative's nearest neighbours in the same area in other
-- locations, found through the trigram index when it is written, so the
-- national list reads one index range however many initiatives there are.
--
-- A pair is kept once, (a_id < b_id), with its pg_trgm similarity rounded
-- to four places.  An initiative, when written, adds its ten most similar
-- neighbours at or above the threshold, and its pairs found earlier by
-- others stay while the two are still alike.  Cancelled initiatives, a
-- copy with the initiative it was adopted from, and initiatives of
-- archived locations make no pair.
--
-- Statements that write a few initiatives (what portald does) find their
-- pairs in the same transaction.  A statement writing more than 1,000 (a
-- bulk load) leaves them in overlap_pending for `portalctl overlaps
-- refresh`, which `make run` runs at start and every hour: a load of
-- 100,000 initiatives is not held up by 100,000 searches.

CREATE TABLE overlap_pairs (
    a_id        bigint NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    b_id        bigint NOT NULL REFERENCES initiatives (id) ON DELETE CASCADE,
    area        text NOT NULL,
    similarity  numeric(5, 4) NOT NULL CHECK (similarity BETWEEN 0 AND 1),
    -- The list's order, most similar first, as an integer: numeric's
    -- operators are not leakproof, so under row-level security a keyset
    -- condition on similarity could not use an index, and integer's can.
    rank        integer NOT NULL
                GENERATED ALWAYS AS (10000 - (similarity * 10000)::integer) STORED,
    PRIMARY KEY (a_id, b_id),
    CHECK (a_id < b_id)
);
COMMENT ON TABLE overlap_pairs IS
    'Pairs of similar initiatives in the same area and different locations '
    '(triggers on initiatives keep it; portalctl overlaps refresh for bulk '
    'loads).';
CREATE INDEX overlap_pairs_b ON overlap_pairs (b_id);
-- The list, most similar first, then by the pair: one index range a page.
CREATE INDEX overlap_pairs_ranked ON overlap_pairs (rank, a_id, b_id);
CREATE INDEX overlap_pairs_area_ranked ON overlap_pairs (area, rank, a_id, b_id);

CREATE TABLE overlap_pending (
    initiative_id  bigint PRIMARY KEY REFERENCES initiatives (id) ON DELETE CASCADE
);
COMMENT ON TABLE overlap_pending IS
    'Initiatives written in bulk whose overlap pairs are still to be found.';

-- Finds the pairs of the initiatives ids anew; returns how many pairs it
-- added or renewed from their nearest neighbours.  Two initiatives make a
-- pair when both are in active locations (different ones), in the same
-- area, neither cancelled nor a copy of the other, and their texts are at
-- least 0.35 alike: below about a third, texts in the same area share
-- words such as "community" and "refugee" but not an idea.  The trigram
-- index finds the candidates through % at pg_trgm's default threshold,
-- 0.3 (so no setting is needed), and 0.35 is checked here.
CREATE FUNCTION overlap_pairs_find(ids bigint[]) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp AS $$
DECLARE
    found integer;
BEGIN
    -- The pairs they are in, as they are now: kept while they still make
    -- a pair (another initiative may have found them), dropped if not.
    UPDATE overlap_pairs p
       SET area = a.area,
           similarity = round(similarity(
               initiative_overlap_text(a.title, a.summary),
               initiative_overlap_text(b.title, b.summary))::numeric, 4)
      FROM initiatives a, initiatives b
     WHERE a.id = p.a_id AND b.id = p.b_id
       AND (p.a_id = ANY (ids) OR p.b_id = ANY (ids));
    DELETE FROM overlap_pairs p
     USING initiatives a, initiatives b, locations la, locations lb
     WHERE a.id = p.a_id AND b.id = p.b_id
       AND la.id = a.location_id AND lb.id = b.location_id
       AND (p.a_id = ANY (ids) OR p.b_id = ANY (ids))
       AND NOT (a.status <> 'cancelled' AND b.status <> 'cancelled'
                AND la.status = 'active' AND lb.status = 'active'
                AND a.area = b.area AND a.location_id <> b.location_id
                AND a.adopted_from_id IS DISTINCT FROM b.id
                AND b.adopted_from_id IS DISTINCT FROM a.id
                AND p.similarity >= 0.35);
    -- And each one's nearest neighbours now.  Two of ids may find each
    -- other: each pair once.  A concurrent writer may have kept the same
    -- pair meanwhile: it is updated.
    INSERT INTO overlap_pairs AS p (a_id, b_id, area, similarity)
    SELECT DISTINCT ON (1, 2)
           least(a.id, n.id), greatest(a.id, n.id), a.area, n.sim
      FROM initiatives a
      JOIN locations la ON la.id = a.location_id AND la.status = 'active'
     CROSS JOIN LATERAL (
           SELECT c.id, c.sim FROM (
               SELECT b.id, round(similarity(
                          initiative_overlap_text(a.title, a.summary),
                          initiative_overlap_text(b.title, b.summary))::numeric,
                          4) AS sim
                 FROM initiatives b
                 JOIN locations lb ON lb.id = b.location_id
                                  AND lb.status = 'active'
                WHERE initiative_overlap_text(b.title, b.summary)
                      % initiative_overlap_text(a.title, a.summary)
                  AND b.status <> 'cancelled' AND b.id <> a.id
                  AND b.area = a.area AND b.location_id <> a.location_id
                  AND b.adopted_from_id IS DISTINCT FROM a.id
                  AND a.adopted_from_id IS DISTINCT FROM b.id) c
            WHERE c.sim >= 0.35
            ORDER BY c.sim DESC, c.id
            LIMIT 10) n
     WHERE a.id = ANY (ids) AND a.status <> 'cancelled'
     ORDER BY 1, 2
    ON CONFLICT (a_id, b_id) DO UPDATE
       SET area = EXCLUDED.area, similarity = EXCLUDED.similarity;
    GET DIAGNOSTICS found = ROW_COUNT;
    DELETE FROM overlap_pending WHERE initiative_id = ANY (ids);
    RETURN found;
END $$;
REVOKE ALL ON FUNCTION overlap_pairs_find(bigint[]) FROM PUBLIC;

-- The initiatives a statement wrote whose pairs may have moved: all it
-- inserted; of those it updated, the ones whose text, area, status,
-- location or adoption changed.
CREATE FUNCTION overlap_pairs_written() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    ids bigint[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(id) INTO ids FROM new_rows;
    ELSE
        SELECT array_agg(n.id) INTO ids
          FROM new_rows n JOIN old_rows o ON o.id = n.id
         WHERE (n.title, n.summary, n.area, n.status, n.location_id,
                n.adopted_from_id)
               IS DISTINCT FROM (o.title, o.summary, o.area, o.status,
                o.location_id, o.adopted_from_id);
    END IF;
    IF ids IS NULL THEN
        RETURN NULL;
    ELSIF cardinality(ids) > 1000 THEN
        INSERT INTO overlap_pending SELECT unnest(ids) ON CONFLICT DO NOTHING;
    ELSE
        PERFORM overlap_pairs_find(ids);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER initiatives_overlaps_inserted AFTER INSERT ON initiatives
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION overlap_pairs_written();
CREATE TRIGGER initiatives_overlaps_updated AFTER UPDATE ON initiatives
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION overlap_pairs_written();

-- A location archived takes its initiatives' pairs with it; one made
-- active again has them found anew (at once when few, else by portalctl
-- overlaps refresh), so the list never pages past pairs it cannot show.
CREATE FUNCTION overlap_pairs_location_moved() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    ids bigint[];
BEGIN
    IF NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NULL;
    END IF;
    IF NEW.status <> 'active' THEN
        DELETE FROM overlap_pairs p USING initiatives i
         WHERE i.location_id = NEW.id AND (p.a_id = i.id OR p.b_id = i.id);
        RETURN NULL;
    END IF;
    SELECT array_agg(id) INTO ids FROM initiatives
     WHERE location_id = NEW.id AND status <> 'cancelled';
    IF cardinality(ids) > 1000 THEN
        INSERT INTO overlap_pending SELECT unnest(ids) ON CONFLICT DO NOTHING;
    ELSIF ids IS NOT NULL THEN
        PERFORM overlap_pairs_find(ids);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER locations_overlaps AFTER UPDATE OF status ON locations
    FOR EACH ROW EXECUTE FUNCTION overlap_pairs_location_moved();

-- National staff read the pairs; nobody else, and nobody writes them but
-- the functions above.
ALTER TABLE overlap_pairs ENABLE ROW LEVEL SECURITY;
ALTER TABLE overlap_pairs FORCE ROW LEVEL SECURITY;
CREATE POLICY overlap_pairs_read ON overlap_pairs FOR SELECT
    USING (portal_is_national());
GRANT SELECT ON overlap_pairs TO portal_app;
ALTER TABLE overlap_pending ENABLE ROW LEVEL SECURITY;
ALTER TABLE overlap_pending FORCE ROW LEVEL SECURITY;

-- The initiatives already there wait for portalctl overlaps refresh, or
-- are found now when there are few (a new database, the demo).
INSERT INTO overlap_pending SELECT id FROM initiatives WHERE status <> 'cancelled';
SELECT overlap_pairs_find(ARRAY(SELECT initiative_id FROM overlap_pending))
 WHERE (SELECT count(*) FROM overlap_pending) <= 5000;

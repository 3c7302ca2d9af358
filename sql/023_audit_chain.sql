-- A tamper-evident audit trail (issue 20): every audit_log entry carries
-- the hash of its location's previous entry, so an entry edited, deleted
-- or moved in place by anyone with database access no longer matches.
--
--  * One chain per location, and one for the portal-wide entries (no
--    location: sign-ins, new accounts), kept in the order the entries were
--    written: seq counts 1, 2, 3... within the chain.
--  * The chain is computed here, by a trigger, so that every writer takes
--    part: portald, portalctl, demo data and SQL by hand alike.
--  * audit_chain_heads holds each chain's newest seq and hash.  Its row is
--    the chain's lock: a writer updates it (and so waits for any other
--    writer in that location until it commits) before it links an entry,
--    so two transactions can never link to the same predecessor and fork
--    the chain.  It also shows an entry deleted off the end of a chain.
--  * A head that someone rewrote together with every entry after an edit
--    still passes these checks; that is why portalctl audit seal signs the
--    heads (Ed25519, a key derived from the server key, which the database
--    never sees) into audit_seals, and why INZ downloads them
--    (/api/v1/national/audit/chain): an entry that no longer has its
--    sealed hash is named by the check too.
--
-- sha256() is PostgreSQL's own (11 and later), so no extension is needed.

ALTER TABLE audit_log
    ADD COLUMN seq        bigint,
    ADD COLUMN prev_hash  bytea,
    ADD COLUMN hash       bytea;
COMMENT ON COLUMN audit_log.seq IS
    'Position in its location''s chain (1, 2, ...); NULL location: the '
    'portal-wide chain.';
COMMENT ON COLUMN audit_log.hash IS
    'sha256(prev_hash || audit_entry_text(entry)): audit_entry_hash().';

CREATE TABLE audit_chain_heads (
    chain  bigint PRIMARY KEY,          -- location id, 0 for portal-wide
    seq    bigint NOT NULL,
    hash   bytea NOT NULL
);
COMMENT ON TABLE audit_chain_heads IS
    'Each audit chain''s newest entry; its row is the lock writers take.';

-- What an entry's hash covers: everything it says, in a form that does not
-- depend on the session (time zone, date style).  jsonb's text is
-- canonical (keys sorted, no duplicates).
CREATE FUNCTION audit_entry_text(e audit_log) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT concat_ws(E'\n', 'portal-audit-v1', e.seq, e.id,
        coalesce(e.location_id::text, '-'), coalesce(e.actor_id::text, '-'),
        e.action, e.detail::text,
        to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
$$;

CREATE FUNCTION audit_entry_hash(prev bytea, e audit_log) RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT sha256(prev || convert_to(audit_entry_text(e), 'UTF8'))
$$;

-- The first entry of every chain links to 32 zero bytes.
CREATE FUNCTION audit_chain_genesis() RETURNS bytea
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea
$$;

-- Links a new entry.  SECURITY DEFINER: portal_app may not touch the
-- heads.  Named to fire after every other BEFORE INSERT trigger (name
-- order; a0_audit_log_on_behalf of sql/018 first), so it hashes the entry
-- as stored.  The UPDATE ... RETURNING waits for another writer of the
-- same chain and then reads its committed head (READ COMMITTED re-reads
-- the row; REPEATABLE READ fails with a serialization error instead of
-- forking).
CREATE FUNCTION audit_log_chain() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    key bigint := coalesce(NEW.location_id, 0);
    head audit_chain_heads;
BEGIN
    INSERT INTO audit_chain_heads (chain, seq, hash)
        VALUES (key, 0, audit_chain_genesis())
        ON CONFLICT (chain) DO NOTHING;
    UPDATE audit_chain_heads SET seq = seq + 1 WHERE chain = key
        RETURNING * INTO head;
    NEW.seq := head.seq;
    NEW.prev_hash := head.hash;
    NEW.hash := audit_entry_hash(NEW.prev_hash, NEW);
    UPDATE audit_chain_heads SET hash = NEW.hash WHERE chain = key;
    RETURN NEW;
END $$;
REVOKE ALL ON FUNCTION audit_log_chain() FROM PUBLIC;

-- The entries written so far, chained in the order they were written.
DO $$
DECLARE
    e audit_log;
    prev bytea;
    n bigint;
    last_key bigint := NULL;
BEGIN
    FOR e IN SELECT * FROM audit_log
              ORDER BY coalesce(location_id, 0), id LOOP
        IF last_key IS DISTINCT FROM coalesce(e.location_id, 0) THEN
            IF last_key IS NOT NULL THEN
                INSERT INTO audit_chain_heads VALUES (last_key, n, prev);
            END IF;
            last_key := coalesce(e.location_id, 0);
            prev := audit_chain_genesis();
            n := 0;
        END IF;
        n := n + 1;
        e.seq := n;
        e.prev_hash := prev;
        prev := audit_entry_hash(prev, e);
        UPDATE audit_log SET seq = n, prev_hash = e.prev_hash, hash = prev
         WHERE id = e.id;
    END LOOP;
    IF last_key IS NOT NULL THEN
        INSERT INTO audit_chain_heads VALUES (last_key, n, prev);
    END IF;
END $$;

ALTER TABLE audit_log
    ALTER COLUMN seq SET NOT NULL,
    ALTER COLUMN prev_hash SET NOT NULL,
    ALTER COLUMN hash SET NOT NULL;
CREATE INDEX audit_log_chain ON audit_log (coalesce(location_id, 0), seq);

CREATE TRIGGER z9_audit_log_chain
    BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

-- Signed heads -------------------------------------------------------------

-- A chain's head as portalctl audit seal signed it.  The signature covers
-- audit_seal_message(); the key is derived from the server key, so only
-- whoever holds PORTAL_SECRET_KEY_FILE can make one.
CREATE TABLE audit_seals (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    chain      bigint NOT NULL,
    seq        bigint NOT NULL CHECK (seq > 0),
    hash       bytea NOT NULL,
    sealed_at  timestamptz NOT NULL DEFAULT now(),
    signature  bytea NOT NULL CHECK (length(signature) = 64),
    UNIQUE (chain, seq)
);
COMMENT ON TABLE audit_seals IS
    'Signed audit chain heads (portalctl audit seal, daily); INZ keeps '
    'copies from /api/v1/national/audit/chain.';

-- The text a seal signs: the chain's slug ("-" portal-wide), seq, hash
-- and time, one a line.  The same in C (app/auth/seal.c).
CREATE FUNCTION audit_seal_message(slug text, seq bigint, hash bytea,
    sealed_at timestamptz) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT concat_ws(E'\n', 'portal-audit-seal-v1', coalesce(slug, '-'), seq,
        encode(hash, 'hex'),
        to_char(sealed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
        || E'\n'
$$;

-- Checking ----------------------------------------------------------------

-- Every chain (or the one of location $1: 0 is the portal-wide chain),
-- with the first entry that no longer matches and why:
--   edited     its hash is not the hash of what it now says;
--   removed    an entry before it is gone (its seq skips);
--   moved      it links to an entry that is not the one before it;
--   unlinked   it links to nothing there is: the entry before it was
--              changed and given a new hash;
--   truncated  the last entry (named) is not the chain's last: the head,
--              or a seal, counts entries after it;
--   unsealed   it does not have the hash its signed head recorded.
-- The latest seal of each chain comes with it, for the caller to check the
-- signature (the database never has the key).  Runs as the asker:
-- row-level security shows national staff (and portalctl) every entry.
CREATE FUNCTION audit_chain_check(only_location bigint)
    RETURNS TABLE (chain bigint, slug text, name text, entries bigint,
        head_seq bigint, bad_id bigint, bad_seq bigint, problem text,
        seal_seq bigint, seal_hash text, sealed_at text, seal_message text,
        signature text)
    LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    WITH e AS (
        SELECT coalesce(a.location_id, 0) AS chain, a.id, a.seq,
               a.prev_hash, a.hash,
               audit_entry_hash(a.prev_hash, a) AS recomputed,
               coalesce(lag(a.hash) OVER w, audit_chain_genesis()) AS before_hash,
               coalesce(lag(a.seq) OVER w, 0) AS before_seq
          FROM audit_log a
         WHERE only_location IS NULL
            OR a.location_id IS NOT DISTINCT FROM nullif(only_location, 0)
        WINDOW w AS (PARTITION BY coalesce(a.location_id, 0) ORDER BY a.seq, a.id)
    ), sealed_wrong AS (
        SELECT e.id FROM e JOIN audit_seals x
            ON x.chain = e.chain AND x.seq = e.seq AND x.hash <> e.hash
    ), bad AS (
        SELECT DISTINCT ON (e.chain) e.chain, e.id, e.seq,
               CASE WHEN e.seq > e.before_seq + 1 THEN 'removed'
                    WHEN e.seq <> e.before_seq + 1 THEN 'moved'
                    WHEN e.prev_hash <> e.before_hash AND EXISTS (
                        SELECT 1 FROM e o WHERE o.chain = e.chain
                                            AND o.hash = e.prev_hash)
                        THEN 'moved'
                    WHEN e.prev_hash <> e.before_hash THEN 'unlinked'
                    WHEN e.hash <> e.recomputed THEN 'edited'
                    ELSE 'unsealed' END AS problem
          FROM e
         WHERE e.seq <> e.before_seq + 1 OR e.prev_hash <> e.before_hash
            OR e.hash <> e.recomputed
            OR e.id IN (SELECT id FROM sealed_wrong)
         ORDER BY e.chain, e.seq, e.id
    ), tail AS (
        SELECT e.chain, count(*) AS entries,
               (array_agg(e.seq ORDER BY e.seq DESC, e.id DESC))[1] AS last_seq,
               (array_agg(e.hash ORDER BY e.seq DESC, e.id DESC))[1] AS last_hash,
               (array_agg(e.id ORDER BY e.seq DESC, e.id DESC))[1] AS last_id
          FROM e GROUP BY e.chain
    ), latest_seal AS (
        SELECT DISTINCT ON (s.chain) s.*
          FROM audit_seals s ORDER BY s.chain, s.seq DESC
    ), chains AS (
        SELECT h.chain FROM audit_chain_heads h
         WHERE only_location IS NULL OR h.chain = only_location
        UNION SELECT tail.chain FROM tail
    ), cut AS (
        SELECT c.chain, h.seq AS head_seq,
               h.seq IS DISTINCT FROM t.last_seq
               OR h.hash IS DISTINCT FROM t.last_hash
               OR s.seq > t.last_seq AS truncated
          FROM chains c
          LEFT JOIN audit_chain_heads h ON h.chain = c.chain
          LEFT JOIN tail t ON t.chain = c.chain
          LEFT JOIN latest_seal s ON s.chain = c.chain
    )
    SELECT c.chain, l.slug, l.name, coalesce(t.entries, 0), c.head_seq,
           coalesce(b.id, CASE WHEN c.truncated THEN t.last_id END),
           coalesce(b.seq, CASE WHEN c.truncated THEN t.last_seq END),
           coalesce(b.problem, CASE WHEN c.truncated THEN 'truncated' END),
           s.seq, encode(s.hash, 'hex'),
           to_char(s.sealed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
           CASE WHEN s.seq IS NOT NULL
                THEN audit_seal_message(l.slug, s.seq, s.hash, s.sealed_at) END,
           encode(s.signature, 'hex')
      FROM cut c
      LEFT JOIN locations l ON l.id = c.chain
      LEFT JOIN tail t ON t.chain = c.chain
      LEFT JOIN bad b ON b.chain = c.chain
      LEFT JOIN latest_seal s ON s.chain = c.chain
     ORDER BY c.chain <> 0, l.slug
$$;
REVOKE ALL ON FUNCTION audit_chain_check(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION audit_chain_check(bigint) TO portal_app;
GRANT EXECUTE ON FUNCTION audit_entry_hash(bytea, audit_log),
    audit_entry_text(audit_log), audit_chain_genesis(),
    audit_seal_message(text, bigint, bytea, timestamptz) TO portal_app;

-- National staff read the heads and seals (the check runs as them); only
-- the owner (the trigger, portalctl) writes them.
ALTER TABLE audit_chain_heads ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_chain_heads FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_chain_heads_read ON audit_chain_heads FOR SELECT
    USING (portal_is_national());
ALTER TABLE audit_seals ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_seals FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_seals_read ON audit_seals FOR SELECT
    USING (portal_is_national());
GRANT SELECT ON audit_chain_heads, audit_seals TO portal_app;

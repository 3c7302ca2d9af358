-- Settlement locations: the portal's tenants.  Every tenant-owned table
-- that later migrations add carries location_id referencing this table,
-- in its key where it can, so the schema can be distributed by location.
--
-- Roles (created with the cluster, see app/stack/stack.sh and
-- docs/deploy.md): portal_owner owns the schema and runs migrations;
-- portal_app is what portald connects as: no ownership, no BYPASSRLS.

CREATE TABLE locations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug        text NOT NULL UNIQUE
                CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    name        text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
    region      text NOT NULL CHECK (length(btrim(region)) BETWEEN 1 AND 120),
    status      text NOT NULL DEFAULT 'active'
                CHECK (status IN ('active', 'archived')),
    created_at  timestamptz NOT NULL DEFAULT now()
);

COMMENT ON TABLE locations IS
    'One settlement location = one tenant = one working-group space.';
COMMENT ON COLUMN locations.slug IS 'URL key, e.g. palmerston-north.';
COMMENT ON COLUMN locations.status IS
    'archived locations keep their data but leave the public lists.';

-- Public pages list active locations in slug order.
CREATE INDEX locations_active_slug ON locations (slug) WHERE status = 'active';

GRANT SELECT ON locations TO portal_app;

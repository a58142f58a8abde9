-- Who owns what.  okr is a trusted extension (okr.control): a database owner
-- who is not a superuser may CREATE EXTENSION okr, and this script then runs
-- as the bootstrap superuser.  okr's tables and views, and its functions in
-- SQL and PL/pgSQL, go to the role that created the extension, so that it can
-- grant them to application and BI roles, and so that okr's commit-time
-- rollup and validation (which run as the tables' owner) and its SECURITY
-- DEFINER structure triggers have that role's rights, never a superuser's:
-- run as the bootstrap superuser, a trigger of the owner's on a table they
-- write made the owner a superuser.  C functions and types stay the
-- bootstrap superuser's (only a superuser may own a C function), and
-- every routine of okr (okr.rebuild(), okr.rebuild_in_batches(),
-- okr.enable/disable_tenant_isolation(), the internal ones its SQL functions
-- call) becomes executable by the extension's owner.  Every relation and function
-- of the extension, whichever part created it; the owner's name is read
-- from the catalog and quoted by format(), not spliced into this text.
-- Also the last part of the upgrade script (see the Makefile).
DO $$
DECLARE
    ext oid := (SELECT e.oid FROM pg_catalog.pg_extension e WHERE e.extname = 'okr');
    owner name := (SELECT r.rolname FROM pg_catalog.pg_extension e
                     JOIN pg_catalog.pg_roles r ON r.oid = e.extowner WHERE e.oid = ext);
    rel record;
    fn record;
BEGIN
    FOR rel IN
        SELECT c.oid::pg_catalog.regclass AS name,
               EXISTS (SELECT FROM pg_catalog.pg_init_privs i
                        WHERE i.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass
                          AND i.objoid = c.oid AND i.objsubid = 0)
               AND NOT EXISTS (SELECT FROM pg_catalog.aclexplode(c.relacl) a
                                WHERE a.grantee NOT IN (0, c.relowner)) AS granted,
               CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind
          FROM pg_catalog.pg_depend d
          JOIN pg_catalog.pg_class c ON c.oid = d.objid
         WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
           AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
           AND d.refobjid = ext AND d.deptype = 'e' AND c.relkind IN ('r', 'p', 'v', 'm')
         ORDER BY c.oid
    LOOP
        EXECUTE pg_catalog.format('ALTER %s %s OWNER TO %I', rel.kind, rel.name, owner);
        -- a table okr granted or revoked on: its initial privileges
        -- (pg_init_privs, what pg_dump leaves out) recorded again, now the
        -- owner's; else every dump revoked them from the bootstrap
        -- superuser by name, which a restore elsewhere may not have.  Only
        -- while it has okr's privileges alone: recorded, a user's grants
        -- (made before an upgrade) would vanish from every dump.
        IF rel.granted THEN
            EXECUTE pg_catalog.format('GRANT ALL ON %s TO %I', rel.name, owner);
        END IF;
    END LOOP;
    FOR fn IN
        SELECT p.oid::pg_catalog.regprocedure AS name,
               CASE p.prokind WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END AS kind
          FROM pg_catalog.pg_depend d
          JOIN pg_catalog.pg_proc p ON p.oid = d.objid
          JOIN pg_catalog.pg_language l ON l.oid = p.prolang
         WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
           AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
           AND d.refobjid = ext AND d.deptype = 'e' AND l.lanname IN ('sql', 'plpgsql')
         ORDER BY p.oid
    LOOP
        EXECUTE pg_catalog.format('ALTER %s %s OWNER TO %I', fn.kind, fn.name, owner);
    END LOOP;
    -- the owner runs okr's maintenance, and okr's SQL functions, now the
    -- owner's, call its internal C functions (revoked from PUBLIC)
    EXECUTE pg_catalog.format('GRANT EXECUTE ON ALL ROUTINES IN SCHEMA okr TO %I', owner);
END
$$;

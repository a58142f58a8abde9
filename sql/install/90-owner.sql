-- Who owns what.  okr is a trusted extension (okr.control): a database owner
-- who is not a superuser may CREATE EXTENSION okr, and this script then runs
-- as the bootstrap superuser.  okr's tables and views go to the role that
-- created the extension, so that it can grant them to application and BI
-- roles, and so that okr's commit-time rollup and validation, which run as
-- the tables' owner, have that role's rights, never a superuser's.  Types
-- and functions stay the bootstrap superuser's (C functions must), and
-- okr.rebuild(), okr.rebuild_in_batches() and
-- okr.enable/disable_tenant_isolation() become executable
-- by the extension's owner.  Every relation
-- of the extension, whichever part created it; the owner's name is read
-- from the catalog and quoted by format(), not spliced into this text.
-- Also the last part of the upgrade script (see the Makefile).
DO $$
DECLARE
    ext oid := (SELECT e.oid FROM pg_catalog.pg_extension e WHERE e.extname = 'okr');
    owner name := (SELECT r.rolname FROM pg_catalog.pg_extension e
                     JOIN pg_catalog.pg_roles r ON r.oid = e.extowner WHERE e.oid = ext);
    rel record;
BEGIN
    FOR rel IN
        SELECT c.oid::pg_catalog.regclass AS name,
               CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END AS kind
          FROM pg_catalog.pg_depend d
          JOIN pg_catalog.pg_class c ON c.oid = d.objid
         WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
           AND d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
           AND d.refobjid = ext AND d.deptype = 'e' AND c.relkind IN ('r', 'p', 'v', 'm')
         ORDER BY c.oid
    LOOP
        EXECUTE pg_catalog.format('ALTER %s %s OWNER TO %I', rel.kind, rel.name, owner);
    END LOOP;
    -- okr.rebuild() runs okr.rebuild_structure() as the owner
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION okr.rebuild(), okr.rebuild_structure() TO %I', owner);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON PROCEDURE okr.rebuild_in_batches(integer) TO %I', owner);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION okr.enable_tenant_isolation(), okr.disable_tenant_isolation() TO %I', owner);
END
$$;

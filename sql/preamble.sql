\echo Use "CREATE EXTENSION okr" or "ALTER EXTENSION okr UPDATE" to load this file. \quit
-- The first part of both the install and the upgrade script.  okr is a
-- trusted extension (okr.control): a database owner who is not a superuser
-- may CREATE EXTENSION okr, and the script then runs as the bootstrap
-- superuser, with search_path = okr.  That owner may have created schema okr
-- beforehand, or own it since an earlier install, and planted objects in it:
-- an okr.format(text, text) or an okr.= (oid, regclass) matches a call
-- better than pg_catalog's and would run as the superuser.  So the script
-- resolves names in pg_catalog only (everything of okr's is written okr.),
-- and refuses a schema okr that holds anything okr did not create.
SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true);
DO $$
DECLARE
    ext oid := (SELECT e.oid FROM pg_catalog.pg_extension e
                 WHERE e.extname OPERATOR(pg_catalog.=) 'okr');
    foreign_objects text := (
        SELECT pg_catalog.string_agg(pg_catalog.pg_describe_object(d.classid, d.objid, 0), ', ')
          FROM pg_catalog.pg_depend d
         WHERE d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_namespace'::pg_catalog.regclass
           AND d.refobjid OPERATOR(pg_catalog.=) 'okr'::pg_catalog.regnamespace
           AND d.classid OPERATOR(pg_catalog.<>) 'pg_catalog.pg_extension'::pg_catalog.regclass
           AND NOT EXISTS (
               SELECT FROM pg_catalog.pg_depend m
                WHERE m.classid OPERATOR(pg_catalog.=) d.classid
                  AND m.objid OPERATOR(pg_catalog.=) d.objid
                  AND m.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
                  AND m.refobjid OPERATOR(pg_catalog.=) ext
                  AND m.deptype OPERATOR(pg_catalog.=) 'e'));
BEGIN
    IF foreign_objects IS NOT NULL THEN
        RAISE EXCEPTION 'schema okr holds objects that are not part of extension okr'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('Found: %s.', foreign_objects),
                  HINT = 'Move or drop them (schema okr is okr''s alone), then retry.';
    END IF;
END
$$;

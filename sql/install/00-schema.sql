-- okr install script.  Built by the Makefile from sql/preamble.sql and
-- sql/install/*.sql, in order.

-- Schema okr is okr's: created by CREATE EXTENSION for the role that runs
-- it.  One that existed before and belongs to a role that is not a
-- superuser is refused: that role could create objects in it while this
-- script runs as the superuser (sql/preamble.sql checks only its start).
DO $$
DECLARE
    owner name := (
        SELECT r.rolname
          FROM pg_catalog.pg_namespace n
          JOIN pg_catalog.pg_extension e ON e.extname OPERATOR(pg_catalog.=) 'okr'
          JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) n.nspowner
         WHERE n.nspname OPERATOR(pg_catalog.=) 'okr'
           AND n.xmin OPERATOR(pg_catalog.<>) e.xmin  -- not created with the extension
           AND NOT r.rolsuper);
BEGIN
    IF owner IS NOT NULL THEN
        RAISE EXCEPTION 'schema okr existed before CREATE EXTENSION okr'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = pg_catalog.format('It belongs to role %s, who could create objects in it while okr''s install script runs as a superuser.', owner),
                  HINT = 'Drop schema okr (DROP SCHEMA okr), then CREATE EXTENSION okr creates it.';
    END IF;
END
$$;

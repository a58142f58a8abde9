-- 0.1.0 let whoever held TRIGGER on okr's tables put triggers on them;
-- from 0.2.0 only their owner may (okr.trigger_guard(), 40-store.sql), as
-- okr and its foreign keys' cascades write the tables as that owner.  Who
-- created those already there cannot be told: they are listed for review.
-- A trigger is okr's when its function is okr's and its WHEN clause calls
-- nothing but okr's and the built-in functions and operators (pg_depend
-- records both).
DO $$
DECLARE
    found text := (
        SELECT pg_catalog.string_agg(pg_catalog.format('%I ON %s', t.tgname, t.tgrelid::pg_catalog.regclass),
                                     ', ' ORDER BY t.oid)
          FROM pg_catalog.pg_trigger t
          JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) t.tgrelid
          JOIN pg_catalog.pg_proc p ON p.oid OPERATOR(pg_catalog.=) t.tgfoid
         WHERE c.relnamespace OPERATOR(pg_catalog.=) 'okr'::pg_catalog.regnamespace
           AND NOT t.tgisinternal
           AND (p.pronamespace OPERATOR(pg_catalog.<>) 'okr'::pg_catalog.regnamespace
                OR EXISTS (
                    SELECT FROM pg_catalog.pg_depend d
                      LEFT JOIN pg_catalog.pg_proc f
                        ON d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
                       AND f.oid OPERATOR(pg_catalog.=) d.refobjid
                      LEFT JOIN pg_catalog.pg_operator o
                        ON d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_operator'::pg_catalog.regclass
                       AND o.oid OPERATOR(pg_catalog.=) d.refobjid
                     WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_trigger'::pg_catalog.regclass
                       AND d.objid OPERATOR(pg_catalog.=) t.oid
                       AND COALESCE(f.pronamespace, o.oprnamespace) OPERATOR(pg_catalog.<>)
                           ALL (ARRAY['okr'::pg_catalog.regnamespace, 'pg_catalog'::pg_catalog.regnamespace]::pg_catalog.oid[]))));
BEGIN
    IF found IS NOT NULL THEN
        RAISE WARNING 'okr''s tables have triggers okr did not define: %', found
            USING DETAIL = 'They fire as the tables'' owner when okr or a foreign key''s cascade writes a table; from 0.2.0 only the owner may create triggers on okr''s tables.',
                  HINT = 'Keep those the owner wrote; drop the others (DROP TRIGGER).';
    END IF;
END
$$;

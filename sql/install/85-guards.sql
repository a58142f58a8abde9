-- The tables okr maintains are written by okr only, whatever was granted
-- (an application is usually granted every table of the schema): a row of
-- theirs moves a score, a path, a pace or a key result's history.  okr
-- writes them as their owner, from its rollup and its structure triggers;
-- okr.maintained_guard() refuses every other role's statement.
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON okr.pending_score
    FOR EACH STATEMENT EXECUTE FUNCTION okr.maintained_guard();
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON okr.structure_version
    FOR EACH STATEMENT EXECUTE FUNCTION okr.maintained_guard();
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON okr.objective_path
    FOR EACH STATEMENT EXECUTE FUNCTION okr.maintained_guard();
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON okr.objective_shape
    FOR EACH STATEMENT EXECUTE FUNCTION okr.maintained_guard();
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON okr.objective_pace
    FOR EACH STATEMENT EXECUTE FUNCTION okr.maintained_guard();
CREATE TRIGGER guard BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON okr.key_result_version
    FOR EACH STATEMENT EXECUTE FUNCTION okr.maintained_guard();

-- Only the owner of an okr table puts a trigger on it (40-store.sql): what
-- runs as the owner is the owner's.
CREATE EVENT TRIGGER okr_trigger_guard ON ddl_command_end
    WHEN TAG IN ('CREATE TRIGGER') EXECUTE FUNCTION okr.trigger_guard();
ALTER EVENT TRIGGER okr_trigger_guard ENABLE ALWAYS;  -- also under session_replication_role = replica

-- Rollup and validation triggers (C: src/triggers.c, src/rollup.c).

CREATE FUNCTION okr.lock_tenant() RETURNS trigger
    AS 'MODULE_PATHNAME', 'okr_lock_tenant_trigger' LANGUAGE C;
CREATE FUNCTION okr.objective_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'okr_objective_guard' LANGUAGE C;
CREATE FUNCTION okr.key_result_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'okr_key_result_guard' LANGUAGE C;
CREATE FUNCTION okr.output_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'okr_output_guard' LANGUAGE C;
CREATE FUNCTION okr.after_statement() RETURNS trigger
    AS 'MODULE_PATHNAME', 'okr_after_statement' LANGUAGE C;
CREATE FUNCTION okr.rollup_queue() RETURNS boolean
    AS 'MODULE_PATHNAME', 'okr_rollup_queue' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION okr.rollup_at_commit() RETURNS trigger
    AS 'MODULE_PATHNAME', 'okr_rollup_at_commit' LANGUAGE C;
COMMENT ON FUNCTION okr.lock_tenant() IS
    'Trigger: takes the tenant lock before a statement (share for check-ins and outputs, exclusive for structure).';
COMMENT ON FUNCTION okr.objective_guard() IS
    'Trigger: protects maintained columns of okr.objective; closing freezes the score, reopening thaws it.';
COMMENT ON FUNCTION okr.key_result_guard() IS
    'Trigger: protects the maintained value and score of okr.key_result.';
COMMENT ON FUNCTION okr.output_guard() IS
    'Trigger: sets done_at when an output becomes done, clears it when it leaves done.';
COMMENT ON FUNCTION okr.after_statement() IS
    'Trigger: records what the rollup must recompute and validates structure, once per statement.';
COMMENT ON FUNCTION okr.rollup_queue() IS
    'WHEN condition of the rollup_at_commit triggers: true once per transaction.';
COMMENT ON FUNCTION okr.rollup_at_commit() IS
    'Deferred trigger: recomputes every maintained value this transaction affected, at commit.';

-- Tenant locks: before any row is touched.
CREATE TRIGGER lock_tenant BEFORE INSERT OR UPDATE OR DELETE ON okr.check_in
    FOR EACH STATEMENT EXECUTE FUNCTION okr.lock_tenant('data');
CREATE TRIGGER lock_tenant BEFORE INSERT OR UPDATE OR DELETE ON okr.output
    FOR EACH STATEMENT EXECUTE FUNCTION okr.lock_tenant('data');
CREATE TRIGGER lock_tenant BEFORE INSERT OR UPDATE OR DELETE ON okr.key_result
    FOR EACH STATEMENT EXECUTE FUNCTION okr.lock_tenant('structure');
CREATE TRIGGER lock_tenant BEFORE INSERT OR UPDATE OR DELETE ON okr.alignment
    FOR EACH STATEMENT EXECUTE FUNCTION okr.lock_tenant('structure');
CREATE TRIGGER lock_tenant BEFORE UPDATE OR DELETE ON okr.objective
    FOR EACH STATEMENT EXECUTE FUNCTION okr.lock_tenant('structure');

-- Row guards.
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON okr.objective
    FOR EACH ROW EXECUTE FUNCTION okr.objective_guard();
CREATE TRIGGER guard BEFORE UPDATE ON okr.key_result
    FOR EACH ROW EXECUTE FUNCTION okr.key_result_guard();
CREATE TRIGGER guard BEFORE INSERT OR UPDATE ON okr.output
    FOR EACH ROW EXECUTE FUNCTION okr.output_guard();

-- Set-wise marking and validation (transition tables allow one event each).
CREATE TRIGGER after_insert AFTER INSERT ON okr.check_in
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_update AFTER UPDATE ON okr.check_in
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_delete AFTER DELETE ON okr.check_in
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_insert AFTER INSERT ON okr.output
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_update AFTER UPDATE ON okr.output
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_delete AFTER DELETE ON okr.output
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_insert AFTER INSERT ON okr.key_result
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_update AFTER UPDATE ON okr.key_result
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_delete AFTER DELETE ON okr.key_result
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_insert AFTER INSERT ON okr.alignment
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_update AFTER UPDATE ON okr.alignment
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_delete AFTER DELETE ON okr.alignment
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();
CREATE TRIGGER after_update AFTER UPDATE ON okr.objective
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION okr.after_statement();

-- One flush per transaction, at commit (SET CONSTRAINTS okr.rollup_at_commit
-- IMMEDIATE flushes at the end of each statement instead).
CREATE CONSTRAINT TRIGGER rollup_at_commit AFTER INSERT OR UPDATE OR DELETE ON okr.check_in
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (okr.rollup_queue())
    EXECUTE FUNCTION okr.rollup_at_commit();
CREATE CONSTRAINT TRIGGER rollup_at_commit AFTER INSERT OR UPDATE OR DELETE ON okr.output
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (okr.rollup_queue())
    EXECUTE FUNCTION okr.rollup_at_commit();
CREATE CONSTRAINT TRIGGER rollup_at_commit AFTER INSERT OR UPDATE OR DELETE ON okr.key_result
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (okr.rollup_queue())
    EXECUTE FUNCTION okr.rollup_at_commit();
CREATE CONSTRAINT TRIGGER rollup_at_commit AFTER INSERT OR UPDATE OR DELETE ON okr.alignment
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (okr.rollup_queue())
    EXECUTE FUNCTION okr.rollup_at_commit();
CREATE CONSTRAINT TRIGGER rollup_at_commit AFTER INSERT OR UPDATE ON okr.objective
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (okr.rollup_queue())
    EXECUTE FUNCTION okr.rollup_at_commit();

CREATE FUNCTION okr.after_truncate() RETURNS trigger
    AS 'MODULE_PATHNAME', 'okr_after_truncate' LANGUAGE C;
COMMENT ON FUNCTION okr.after_truncate() IS
    'Trigger: after TRUNCATE of an okr table, recomputes every maintained value.';
CREATE TRIGGER after_truncate AFTER TRUNCATE ON okr.check_in
    FOR EACH STATEMENT EXECUTE FUNCTION okr.after_truncate();
CREATE TRIGGER after_truncate AFTER TRUNCATE ON okr.output
    FOR EACH STATEMENT EXECUTE FUNCTION okr.after_truncate();
CREATE TRIGGER after_truncate AFTER TRUNCATE ON okr.key_result
    FOR EACH STATEMENT EXECUTE FUNCTION okr.after_truncate();
CREATE TRIGGER after_truncate AFTER TRUNCATE ON okr.alignment
    FOR EACH STATEMENT EXECUTE FUNCTION okr.after_truncate();
CREATE TRIGGER after_truncate AFTER TRUNCATE ON okr.objective
    FOR EACH STATEMENT EXECUTE FUNCTION okr.after_truncate();

CREATE FUNCTION okr.flush() RETURNS bigint
    AS 'MODULE_PATHNAME', 'okr_flush' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION okr.flush() IS
    'Recomputes now what this transaction changed (normally done at commit); returns the number of maintained rows updated.';
CREATE FUNCTION okr.rebuild() RETURNS bigint
    AS 'MODULE_PATHNAME', 'okr_rebuild' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION okr.rebuild() IS
    'Recomputes every maintained value from scratch, and the maintained structure (okr.rebuild_structure()); returns the number of rows repaired. Closed objectives keep their frozen scores.';
CREATE PROCEDURE okr.rebuild_in_batches(batch_size integer DEFAULT 1000)
    AS 'MODULE_PATHNAME', 'okr_rebuild_in_batches' LANGUAGE C;
COMMENT ON PROCEDURE okr.rebuild_in_batches(integer) IS
    'Recomputes every maintained value like okr.rebuild(), batch_size rows per transaction (key results, then objectives), so that check-ins wait for one batch at most; CALL it outside a transaction block.';

-- Equal within 1e-9 relative: sums of doubles depend on their order.
CREATE FUNCTION okr.same_score(a double precision, b double precision) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (a IS NULL AND b IS NULL)
        OR (a IS NOT NULL AND b IS NOT NULL AND abs(a - b) <= 1e-9 * greatest(1, abs(b)));
COMMENT ON FUNCTION okr.same_score(double precision, double precision) IS
    'True when two maintained values agree (both NULL, or equal within 1e-9 relative).';

-- The trigger functions serve okr's tables only (they also check it), and
-- rebuilding everything is for the owner; EXECUTE is checked when a trigger
-- is created, so okr's own triggers still fire for every role.
REVOKE EXECUTE ON FUNCTION okr.lock_tenant(), okr.objective_guard(), okr.key_result_guard(),
    okr.output_guard(), okr.after_statement(), okr.rollup_at_commit(), okr.after_truncate(),
    okr.rebuild() FROM PUBLIC;
REVOKE EXECUTE ON PROCEDURE okr.rebuild_in_batches(integer) FROM PUBLIC;

-- One row per tenant whose structure was ever edited: every transaction that
-- edits a tenant's structure bumps its version (written by the rollup, which
-- fires no trigger), so each backend's structure cache knows when it is stale.
CREATE TABLE okr.structure_version (
    tenant  text PRIMARY KEY,
    version bigint NOT NULL
);
COMMENT ON TABLE okr.structure_version IS
    'Internal: version of each tenant''s structure (alignments, key results, objective states), for the rollup''s per-backend caches.';
REVOKE ALL ON okr.structure_version FROM PUBLIC;

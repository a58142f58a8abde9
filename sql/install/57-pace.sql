-- Pace across periods: an objective's expected progress.
--
-- An objective's score is the weighted mean of its counted inputs, so its
-- expected progress is the weighted mean of theirs, with the same weights and
-- the same rules: a key result (with a target, unless rollup = 'children')
-- is expected at the share of its objective's period elapsed; an aligned
-- child (unless rollup = 'key_results', not a draft, with a score) at its own
-- expected progress, recursively; an objective with nothing counted at the
-- share of its own period elapsed.  So status compares like with like: a
-- yearly objective over on-pace quarterly children is on pace, where the
-- year's elapsed share (0.92 in December) would call it off track while
-- every child is on track (0.67 into Q4).
--
-- Expanded down the tree, that mean is a fixed mix of periods: expected(o, t)
-- = sum of share(o, p) * okr.elapsed(p, t) over the periods p of the key
-- results below o.  The shares depend on structure only (weights, targets set
-- or not, states, rollups, periods), so they are maintained here, like
-- okr.objective_path, by statement triggers on structure edits
-- (58-structure-triggers.sql), and a read is one lookup and a few
-- okr.elapsed calls (okr.pace_expected) whatever the
-- size of the tree: no walk at read time.  Structure edits hold the
-- exclusive tenant lock; an edit recomputes the objectives it touched, each
-- from its direct inputs, and their ancestors as far as a mix changes.
--
-- scored says whether the objective counts for its parents, as
-- okr.objective_computed counts it: it is not a draft, and it has a counted
-- input or is closed with a score (its frozen or manual final score).
-- An objective with neither (a new one) needs no row: readers take a missing
-- row as unscored, at its own period's pace (okr.scorecard's COALESCE), and
-- refresh_pace writes none for it.
--
-- Derived data: not dumped; restores rebuild it through the same triggers,
-- okr.rebuild_pace() from scratch.

CREATE TABLE okr.objective_pace (
    tenant       text NOT NULL,
    objective_id bigint NOT NULL,
    scored       boolean NOT NULL,
    periods      okr.period[] NOT NULL,
    shares       double precision[] NOT NULL,
    PRIMARY KEY (tenant, objective_id)
);
COMMENT ON TABLE okr.objective_pace IS
    'Maintained: per objective the periods its expected progress is made of and their shares (summing to 1): expected = sum of shares[i] * okr.elapsed(periods[i], at) (okr.pace_expected); scored = it counts for its parents (not a draft, with a score). No row = unscored, at the pace of its own period.';

CREATE FUNCTION okr.pace_expected(periods okr.period[], shares double precision[],
                                  at timestamptz DEFAULT pg_catalog.now())
    RETURNS double precision
    AS 'MODULE_PATHNAME', 'okr_pace_expected'
    LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION okr.pace_expected(okr.period[], double precision[], timestamptz) IS
    'Expected progress at "at" of a mix of periods: sum of shares[i] * okr.elapsed(periods[i], at), within [0, 1]; NULL for an empty mix. The scorecard''s expected, from okr.objective_pace.';

-- Each objective's mix as its direct inputs make it: its key results and its
-- scored children's rows of okr.objective_pace.  What refresh_pace writes,
-- and what okr.verify() compares the table with (58-verify.sql).  Periods
-- are grouped and ordered by their days (okr.period_to_daterange: equal and
-- ordered exactly as okr.period's own operators do, by first then last day),
-- never by okr.period itself: pg_upgrade's restore parses a view before
-- okr.period's operator classes exist (TEAM.md, test/upgrade/pg_upgrade_same.sh).
-- A group of periods with the same days keeps one, the first by its text:
-- the same one each time, so that verify() agrees with refresh_pace.
CREATE VIEW okr.objective_pace_computed WITH (security_invoker = true) AS
SELECT t.tenant, t.id AS objective_id,
       t.state <> 'draft'
           AND (x.periods IS NOT NULL
                OR (t.state = 'closed' AND (t.final_score IS NOT NULL OR t.score IS NOT NULL))) AS scored,
       coalesce(x.periods, ARRAY[t.period]) AS periods,
       coalesce(x.shares, ARRAY[1::double precision]) AS shares,
       x.periods IS NOT NULL AS counted_inputs
  FROM okr.objective t
 CROSS JOIN LATERAL (
       SELECT pg_catalog.array_agg(m.period ORDER BY m.days) AS periods,
              pg_catalog.array_agg(m.weight / m.total ORDER BY m.days) AS shares
         FROM (SELECT i.days, (pg_catalog.array_agg(i.period ORDER BY i.period::text))[1] AS period,
                      pg_catalog.sum(i.weight) AS weight,
                      pg_catalog.sum(pg_catalog.sum(i.weight)) OVER () AS total
                 FROM (SELECT t.period, okr.period_to_daterange(t.period) AS days, k.weight
                         FROM okr.key_result k
                        WHERE k.tenant = t.tenant AND k.objective_id = t.id
                          AND t.rollup <> 'children' AND k.target IS NOT NULL
                       UNION ALL
                       -- the children that count (scored)
                       SELECT m.period, okr.period_to_daterange(m.period), a.weight * m.share
                         FROM okr.alignment a
                        CROSS JOIN LATERAL (SELECT p.periods, p.shares FROM okr.objective_pace p
                                             WHERE p.tenant = a.tenant AND p.objective_id = a.child_id
                                               AND p.scored OFFSET 0) p
                        CROSS JOIN LATERAL unnest(p.periods, p.shares) AS m (period, share)
                        WHERE a.tenant = t.tenant AND a.parent_id = t.id
                          AND t.rollup <> 'key_results') i
                GROUP BY i.days) m) x;
COMMENT ON VIEW okr.objective_pace_computed IS
    'The okr.objective_pace row each objective should have from its key results and its children''s rows; counted_inputs: it has a counted input (else, unless scored, the row may be missing).';
COMMENT ON COLUMN okr.objective_pace_computed.tenant IS 'The objective''s tenant.';
COMMENT ON COLUMN okr.objective_pace_computed.objective_id IS 'The objective''s id.';
COMMENT ON COLUMN okr.objective_pace_computed.scored IS 'Whether the objective counts toward its parents'' pace: not a draft, and with a counted input (or closed with a score).';
COMMENT ON COLUMN okr.objective_pace_computed.periods IS 'The periods its counted inputs are set for, by their days.';
COMMENT ON COLUMN okr.objective_pace_computed.shares IS 'Each period''s share of its inputs'' weight, in the order of periods.';
COMMENT ON COLUMN okr.objective_pace_computed.counted_inputs IS 'Whether it has a counted input.';

-- The pace of the objectives (tenant, id) given, and of the objectives above
-- them as far as a mix changes: each round recomputes a set from its direct
-- inputs and hands the parents of those that changed to the next round, so
-- an edit that changes no mix (a leaf with nothing counted, a title) reads
-- one level, whatever the depth.  An objective reached again by a longer
-- path is recomputed again from its children's latest mixes, so the last
-- round to reach it leaves it right; the alignments are acyclic, so the
-- rounds end.  Every join is a lookup by index whatever the statistics say
-- (after a bulk load or a TRUNCATE they said "empty", and 100,000
-- key-result lookups became as many sequential scans: 246 s); the parents
-- by a subquery of their own, as okr.paths_through looks alignments up.
CREATE FUNCTION okr.refresh_pace(tenants text[], objective_ids bigint[]) RETURNS void
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    SET jit = off
    SET enable_hashjoin = off
    SET enable_mergejoin = off
    SET enable_seqscan = off
AS $$
DECLARE
    ts text[] := tenants;
    ids bigint[] := objective_ids;
BEGIN
    WHILE ids IS NOT NULL LOOP
        WITH changed AS (
        -- each objective's mix from its direct inputs, by lookups from it
        INSERT INTO okr.objective_pace AS p
        SELECT c.tenant, c.objective_id, c.scored, c.periods, c.shares
          FROM (SELECT DISTINCT u.tenant, u.id FROM unnest(ts, ids) AS u (tenant, id)) u
         CROSS JOIN LATERAL (SELECT * FROM okr.objective_pace_computed c
                              WHERE c.tenant = u.tenant AND c.objective_id = u.id OFFSET 0) c
         -- a missing row stays missing while it means what it should
         WHERE c.scored OR c.counted_inputs
            OR EXISTS (SELECT FROM okr.objective_pace p
                        WHERE p.tenant = c.tenant AND p.objective_id = c.objective_id)
            ON CONFLICT (tenant, objective_id) DO UPDATE
           SET scored = excluded.scored, periods = excluded.periods, shares = excluded.shares
         WHERE (p.scored, p.periods::text, p.shares)
               IS DISTINCT FROM (excluded.scored, excluded.periods::text, excluded.shares)
        RETURNING p.tenant, p.objective_id)
        SELECT array_agg(a.tenant), array_agg(a.parent_id) INTO ts, ids
          FROM (SELECT DISTINCT c.tenant, a.parent_id
                  FROM changed c
                 CROSS JOIN LATERAL (SELECT a.parent_id FROM okr.alignment a
                                      WHERE a.tenant = c.tenant AND a.child_id = c.objective_id OFFSET 0) a) a;
    END LOOP;
END
$$;
COMMENT ON FUNCTION okr.refresh_pace(text[], bigint[]) IS
    'Recomputes okr.objective_pace for the given objectives (tenant and id arrays of equal length) and above them as far as a mix changes.';

CREATE FUNCTION okr.rebuild_pace() RETURNS bigint
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    n bigint;
BEGIN
    PERFORM okr.refuse_foreign_triggers();  -- it writes as the owner (40-store.sql)
    DELETE FROM okr.objective_pace;
    -- the leaves, and what may need a row whatever its children (key
    -- results, closed): refresh_pace climbs from each row it writes, and an
    -- objective whose scored children have rows is reached from them
    PERFORM okr.refresh_pace(array_agg(o.tenant), array_agg(o.id))
       FROM okr.objective o
      WHERE o.state = 'closed'
         OR NOT EXISTS (SELECT FROM okr.alignment a
                         WHERE a.tenant = o.tenant AND a.parent_id = o.id)
         OR EXISTS (SELECT FROM okr.key_result k
                     WHERE k.tenant = o.tenant AND k.objective_id = o.id);
    SELECT count(*) INTO n FROM okr.objective_pace;
    RETURN n;
END
$$;
COMMENT ON FUNCTION okr.rebuild_pace() IS
    'Recomputes okr.objective_pace from scratch; returns the number of rows written.';

REVOKE EXECUTE ON FUNCTION okr.refresh_pace(text[], bigint[]), okr.rebuild_pace() FROM PUBLIC;

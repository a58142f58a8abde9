-- Soak fixture: root 1 <- mids 2..11 <- leaves 12..51 (each leaf with two
-- check-in key results and one output-fed one with five outputs), and
-- soak.step(op), one random operation of the mix, swallowing the refusals a
-- random operation may meet (closed, cycles, duplicates) but not deadlocks.
CREATE SCHEMA soak;
INSERT INTO okr.objective (id, title, period, rollup) VALUES (1, 'root', '2026', 'children');
INSERT INTO okr.objective (id, title, period) SELECT i, 'mid ' || i, '2026' FROM generate_series(2, 11) i;
INSERT INTO okr.objective (id, title, period) SELECT i, 'leaf ' || i, '2026' FROM generate_series(12, 51) i;
INSERT INTO okr.alignment (child_id, parent_id, weight) SELECT i, 1, 1 + i % 3 FROM generate_series(2, 11) i;
INSERT INTO okr.alignment (child_id, parent_id) SELECT i, 2 + i % 10 FROM generate_series(12, 51) i;
INSERT INTO okr.key_result (id, objective_id, title, target, weight)
    SELECT 100 + i, i, 'kr', '0 -> 100', 1 + i % 2 FROM generate_series(2, 51) i;
INSERT INTO okr.key_result (id, objective_id, title, target)
    SELECT 200 + i, i, 'kr2', '50 -> 0' FROM generate_series(12, 51) i;
INSERT INTO okr.key_result (id, objective_id, title, target, source, measures)
    SELECT 300 + i, i, 'out', '0 -> 5', 'outputs', 'output' FROM generate_series(12, 51) i;
INSERT INTO okr.output (key_result_id, title) SELECT 300 + i, 'o' FROM generate_series(12, 51) i, generate_series(1, 5);

CREATE FUNCTION soak.kr() RETURNS bigint LANGUAGE sql AS
  $$ SELECT (ARRAY[100, 200])[1 + floor(random() * 2)::int] + 12 + floor(random() * 40)::int $$;

CREATE FUNCTION soak.step(op int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE leaf bigint := 12 + floor(random() * 40);
BEGIN
    CASE
    WHEN op <= 45 THEN    -- check-in now
        INSERT INTO okr.check_in (key_result_id, value) VALUES (soak.kr(), floor(random() * 100));
    WHEN op <= 55 THEN    -- back-dated check-in
        INSERT INTO okr.check_in (key_result_id, at, value)
            VALUES (soak.kr(), now() - random() * interval '30 days', floor(random() * 100));
    WHEN op <= 60 THEN    -- edit a check-in
        UPDATE okr.check_in SET value = floor(random() * 100)
         WHERE id = (SELECT max(id) - floor(random() * 20)::int FROM okr.check_in);
    WHEN op <= 64 THEN    -- delete a check-in
        DELETE FROM okr.check_in WHERE id = (SELECT max(id) - floor(random() * 50)::int FROM okr.check_in);
    WHEN op <= 80 THEN    -- an output changes status
        UPDATE okr.output SET status = (ARRAY['planned', 'in_progress', 'done', 'dropped'])[1 + floor(random() * 4)::int]
         WHERE id = (SELECT min(id) + floor(random() * 200)::int FROM okr.output);
    WHEN op <= 84 THEN    -- a target edit
        UPDATE okr.key_result SET target = (ARRAY['0 -> 100', '0 -> 80', '100 -> 0']::okr.target[])[1 + floor(random() * 3)::int]
         WHERE id = 100 + leaf;
    WHEN op <= 88 THEN    -- a weight edit (key result or alignment)
        IF random() < 0.5 THEN
            UPDATE okr.key_result SET weight = 1 + floor(random() * 3) WHERE id = 200 + leaf;
        ELSE
            UPDATE okr.alignment SET weight = 1 + floor(random() * 3) WHERE child_id = 2 + floor(random() * 10)::int;
        END IF;
    WHEN op <= 93 THEN    -- re-parenting a leaf
        UPDATE okr.alignment SET parent_id = 2 + floor(random() * 10)::int WHERE child_id = leaf;
    WHEN op <= 97 THEN    -- closing or reopening a leaf
        UPDATE okr.objective SET state = CASE state WHEN 'closed' THEN 'active' ELSE 'closed' END WHERE id = leaf;
    ELSE                  -- a draft and back
        UPDATE okr.objective SET state = CASE state WHEN 'draft' THEN 'active' WHEN 'active' THEN 'draft' ELSE state END
         WHERE id = leaf;
    END CASE;
EXCEPTION
    WHEN object_not_in_prerequisite_state OR check_violation OR unique_violation OR foreign_key_violation THEN
        NULL;    -- a closed objective, a duplicate edge: refused, as documented
END $$;

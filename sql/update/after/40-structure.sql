-- readpath (issue 9): the maintained structure of the existing data
-- (okr.objective_path, okr.objective_shape: 41-structure.sql).
SELECT okr.rebuild_structure();

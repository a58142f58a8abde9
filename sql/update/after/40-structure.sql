-- readpath (issue 9): the maintained structure of the existing data
-- (okr.objective_path, okr.objective_shape; 55-structure.sql), and the
-- index on paths whose expression (okr.path_ids) exists only now.
CREATE INDEX objective_path_ids ON okr.objective_path USING gin (okr.path_ids(path_sort));
SELECT okr.rebuild_structure();

-- okr.objective_shape leaves half of each page free (sql/install/55-structure.sql):
-- rewrites of a shape by structure statements are HOT updates.
ALTER TABLE okr.objective_shape SET (fillfactor = 50);

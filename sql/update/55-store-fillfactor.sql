-- okr.objective and okr.key_result leave a tenth of each page free
-- (sql/install/40-store.sql): the rollup's rewrites of their maintained
-- columns are HOT updates.  Pages written before keep their rows.
ALTER TABLE okr.objective SET (fillfactor = 90);
ALTER TABLE okr.key_result SET (fillfactor = 90);

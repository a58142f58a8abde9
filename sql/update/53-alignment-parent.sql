-- okr.alignment_parent covers the child ids (sql/install/40-store.sql): a
-- lookup of a parent's children is index-only whatever the statistics say.
DROP INDEX okr.alignment_parent;
CREATE INDEX alignment_parent ON okr.alignment (tenant, parent_id, child_id);

-- model (issue 11): the pace of the existing objectives (51-pace.sql).
SELECT okr.rebuild_pace();

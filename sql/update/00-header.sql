-- okr upgrade 0.1.0 -> 0.2.0.  Built by the Makefile from sql/update/*.sql,
-- in order; each part carries one concern's schema changes since 0.1.0.
-- The result must equal a fresh install of 0.2.0 (test/upgrade/upgrade.sh).
\echo Use "ALTER EXTENSION okr UPDATE" to load this file. \quit

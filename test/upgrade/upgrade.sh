#!/bin/bash
# An upgrade as a package upgrade does it: okr 0.1.0's own package (built
# from the release commit) installed, 0.1.0 created and loaded with data,
# the current build installed over it, then, in new connections,
# ALTER EXTENSION okr UPDATE.  The result must equal a fresh install of the
# current version, and keep the data.  Prints TAP.
# Needs PGHOST etc. and PG_CONFIG (run inside pg_virtualenv, as
# test/suites.sh does), and the repository's history (a full clone).
set -uo pipefail
cd "$(dirname "$0")/../.."
release=cbb3c6c848ef3dd1de6b914944042f39303104c7    # okr 0.1.0
version=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" okr.control)
export PG_CONFIG=${PG_CONFIG:-pg_config}
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
. test/lib/tap.sh
bail() { echo "Bail out! $*"; exit 1; }

# The 0.1.0 columns of every table, as text.
data() {
    q "$1" -c "SELECT tenant, id, title, description, owner, period, commitment, state, rollup, round(score::numeric, 12), closed_at, final_grade, created_at FROM okr.objective ORDER BY 1, 2" \
           -c "SELECT tenant, child_id, parent_id, weight FROM okr.alignment ORDER BY 1, 2, 3" \
           -c "SELECT tenant, id, objective_id, title, measures, target, unit, source, weight, cap, value, round(score::numeric, 12), created_at FROM okr.key_result ORDER BY 1, 2" \
           -c "SELECT tenant, id, key_result_id, title, status, amount, done_at, created_at FROM okr.output ORDER BY 1, 2" \
           -c "SELECT tenant, id, key_result_id, at, value, confidence, note, author FROM okr.check_in ORDER BY 1, 2"
}

# Everything in schema okr, as pg_dump would write it were it not an
# extension's: in a copy of the database, membership is dropped first.
# Also what pg_dump keeps of the extension itself (its config tables), and
# its event trigger (in no schema).
schema() {
    local copy="${1}_schema"
    dropdb --if-exists "$copy" >/dev/null 2>&1
    createdb -T "$1" "$copy"
    q "$copy" -c "SELECT pg_catalog.array_agg(c::regclass::text ORDER BY c::regclass::text), pg_catalog.array_agg(c::regclass::text || ':' || coalesce(w, '') ORDER BY c::regclass::text) FROM pg_extension e, unnest(e.extconfig, e.extcondition) AS u (c, w) WHERE e.extname = 'okr'"
    q "$copy" -c "SELECT evtname, evtevent, evttags::text, evtfoid::regprocedure::text, evtenabled FROM pg_event_trigger ORDER BY 1"
    q "$copy" -c "DELETE FROM pg_depend WHERE deptype = 'e' AND refclassid = 'pg_extension'::regclass AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'okr')"
    pg_dump --schema-only --schema=okr --no-owner "$copy" | grep -v '^--' | grep -v '^$' | grep -v '^SET \|^SELECT pg_catalog.set_config\|^\\restrict\|^\\unrestrict' \
        | grep -v 'okr_up_bi'  # the BI role's grants, checked below
    dropdb "$copy"
}

# The current package: the build in this directory (make install), or the
# Debian package under test (OKR_TEST_PACKAGE, see test/setup.sh).
if [ -n "${OKR_TEST_PACKAGE:-}" ]; then
    pkg=$(dpkg-deb -f "$OKR_TEST_PACKAGE" Package)
    install_current() { $sudo dpkg -i "$OKR_TEST_PACKAGE" >/dev/null; }
    uninstall_current() { $sudo dpkg -r "$pkg" >/dev/null; }
    current_installed() { dpkg --verify "$pkg" && dpkg -S "$($PG_CONFIG --pkglibdir)/okr.so" >/dev/null; }
else
    install_current() { $sudo make -s install >/dev/null; }
    uninstall_current() { $sudo make -s uninstall >/dev/null; }
    current_installed() { cmp -s "$($PG_CONFIG --pkglibdir)/okr.so" okr.so; }
fi

echo "1..13"
git cat-file -e "$release^{commit}" 2>/dev/null ||
    bail "okr 0.1.0's release commit $release is not in this clone's history: the upgrade test builds 0.1.0 from it (in a shallow clone, run git fetch --unshallow)"

# Build 0.1.0 from its release commit, in a scratch directory.
old=$(mktemp -d)
trap 'rm -rf "$old"' EXIT
git archive "$release" | tar -x -C "$old"
# 0.1.0 was released for PostgreSQL 15; from 16 on it builds with its port
# (0.1.0-port.patch: the guards of src/compat.h, nothing else).
major=$($PG_CONFIG --version | sed 's/^PostgreSQL \([0-9]*\).*/\1/')
if [ "$major" -ge 16 ]; then
    git -C "$old" apply "$PWD/test/upgrade/0.1.0-port.patch" ||
        bail "test/upgrade/0.1.0-port.patch does not apply to 0.1.0"
fi
make -C "$old" -s >"$old/build.log" 2>&1 || { cat "$old/build.log"; bail "okr 0.1.0 does not build here"; }

# Swap the packages: uninstall the current build, install 0.1.0's.  Whatever
# happens next, 0.1.0's files are removed and the current build installed
# again on exit, for the suites that follow.
replace_old() { $sudo make -C "$old" -s uninstall >/dev/null; install_current; }
trap 'replace_old; rm -rf "$old"' EXIT
uninstall_current && $sudo make -C "$old" -s install >/dev/null ||
    bail "cannot install okr 0.1.0's package"
check "okr 0.1.0's own library is installed" cmp -s "$($PG_CONFIG --pkglibdir)/okr.so" "$old/okr.so"

for db in okr_up_old okr_up_new; do dropdb --if-exists "$db" >/dev/null 2>&1; createdb "$db"; done
q okr_up_old -c "CREATE EXTENSION okr VERSION '0.1.0'" -f test/upgrade/data-0.1.0.sql >/dev/null
# a BI role granted what it reads, as the README says
q okr_up_old -c "DROP ROLE IF EXISTS okr_up_bi" -c "CREATE ROLE okr_up_bi" -c "GRANT USAGE ON SCHEMA okr TO okr_up_bi" \
    -c "GRANT SELECT ON ALL TABLES IN SCHEMA okr TO okr_up_bi" >/dev/null 2>&1
before=$(data okr_up_old)
check "0.1.0 data loads with a consistent rollup" test "$(q okr_up_old -c 'SELECT count(*) FROM okr.verify()')" -eq 0

# Replace 0.1.0's package by the current one, as a package upgrade does
# (0.1.0's install script goes: it is not shipped any more); every
# connection from here on loads the current library.
replace_old
check "the current build's library is installed" current_installed
# Whoever owns schema okr may plant objects in it before the upgrade, which
# runs as a superuser: the upgrade script refuses them (sql/preamble.sql).
q okr_up_old -c "CREATE FUNCTION okr.format(text, text) RETURNS text LANGUAGE sql AS 'SELECT pg_catalog.format(\$1, \$2)'" >/dev/null
refusal=$(q okr_up_old -v VERBOSITY=verbose -c 'ALTER EXTENSION okr UPDATE' 2>&1)
check "ALTER EXTENSION okr UPDATE refuses a schema okr holding an object okr did not create (42501)" \
    test "${refusal#*ERROR:  42501: schema okr holds objects that are not part of extension okr}" != "$refusal"
q okr_up_old -c 'DROP FUNCTION okr.format(text, text)' >/dev/null
# 0.1.0 let a role granted TRIGGER put triggers on okr's tables: the upgrade
# lists those okr did not define: a function of its own, or one called
# from the WHEN clause of a trigger that runs okr's.
q okr_up_old -c "CREATE FUNCTION public.audit() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NULL; END'" \
    -c "CREATE TRIGGER audit AFTER INSERT ON okr.check_in FOR EACH STATEMENT EXECUTE FUNCTION public.audit()" \
    -c "CREATE FUNCTION public.peek() RETURNS boolean LANGUAGE sql AS 'SELECT false'" \
    -c "CREATE TRIGGER lock_tenant_again BEFORE INSERT ON okr.check_in FOR EACH STATEMENT WHEN (public.peek()) EXECUTE FUNCTION okr.lock_tenant()" >/dev/null
updated=$(q okr_up_old -c 'ALTER EXTENSION okr UPDATE' 2>&1)
check "ALTER EXTENSION okr UPDATE succeeds" test "$(q okr_up_old -c "SELECT extversion FROM pg_extension WHERE extname = 'okr'")" = "$version"
check "... and lists the triggers on okr's tables that okr did not define (WARNING)" \
    grep -q "WARNING:  okr's tables have triggers okr did not define: audit ON okr.check_in, lock_tenant_again ON okr.check_in\$" <<<"$updated"
q okr_up_old -c 'DROP TRIGGER audit ON okr.check_in' -c 'DROP FUNCTION public.audit()' \
    -c 'DROP TRIGGER lock_tenant_again ON okr.check_in' -c 'DROP FUNCTION public.peek()' >/dev/null
q okr_up_new -c 'CREATE EXTENSION okr' >/dev/null
mkdir -p test/logs
fresh=$(schema okr_up_new)
diff -u <(echo "$fresh") <(schema okr_up_old) >test/logs/upgrade-schema.diff 2>&1
check "the upgraded schema equals a fresh install (diff in test/logs/upgrade-schema.diff)" \
    test -n "$fresh" -a -f test/logs/upgrade-schema.diff -a ! -s test/logs/upgrade-schema.diff
check "the data is intact" diff <(echo "$before") <(data okr_up_old)
check "okr.verify() is empty after the upgrade" test "$(q okr_up_old -c 'SELECT count(*) FROM okr.verify()')" -eq 0
# The maintained pace (57-pace.sql) is filled for the upgraded objectives:
# one row each, what okr.rebuild_pace() computes.
check "every upgraded objective has its pace, as a rebuild computes it" \
    test "$(q okr_up_old -c "CREATE TEMP TABLE p AS SELECT tenant, objective_id, scored, periods::text, shares FROM okr.objective_pace;
        SELECT okr.rebuild_pace() = (SELECT count(*) FROM okr.objective)
           AND NOT EXISTS (SELECT tenant, objective_id, scored, periods::text, shares FROM okr.objective_pace EXCEPT SELECT * FROM p)
           AND (SELECT count(*) FROM p) = (SELECT count(*) FROM okr.objective)" | tail -1)" = t
# The current library maintains the upgraded data: key result 1 (72 -> 2
# hours) reaching 2 scores 1, so objective 2 goes from (0.5 + 0.4 + 0.4 + 0)
# / 4 to (1 + 0.4 + 0.4 + 0) / 4, and verify() stays empty.
q okr_up_old -c "INSERT INTO okr.check_in (key_result_id, at, value) VALUES (1, '2026-11-20', 2)" >/dev/null
check "the current library rolls up a check-in on upgraded data" \
    test "$(q okr_up_old -c "SELECT k.score = 1 AND abs(o.score - 0.45) < 1e-9 AND NOT EXISTS (SELECT FROM okr.verify()) FROM okr.key_result k JOIN okr.objective o ON o.id = k.objective_id WHERE k.id = 1")" = t
check "a dump of the upgraded database keeps the BI role's grants (the update recorded none as okr's)" \
    test "$(pg_dump --schema-only okr_up_old | grep -c '^GRANT SELECT ON TABLE okr.objective TO okr_up_bi;')" -eq 1
check "the BI role reads the scorecard after the upgrade and the README's grant" \
    test "$(q okr_up_old -c "GRANT SELECT ON ALL TABLES IN SCHEMA okr TO okr_up_bi" -c "SET ROLE okr_up_bi" \
                -c "SELECT count(*) > 0 FROM okr.scorecard" -c "SELECT count(*) > 0 FROM okr.alignment_tree" | tail -1)" = t
for db in okr_up_old okr_up_new; do dropdb "$db"; done
q postgres -c "DROP ROLE okr_up_bi" >/dev/null

# Sourced by the shell suites that print TAP (test/dump, test/upgrade,
# test/roles, test/dist): numbered checks and a quiet psql.
n=0
check() {  # check DESCRIPTION COMMAND...: "ok N - DESCRIPTION" if COMMAND succeeds
    n=$((n + 1))
    if "${@:2}"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi
}
q() { psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$@"; }   # q DATABASE psql-args...
not() { ! "$@"; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi; }   # as the postgres user

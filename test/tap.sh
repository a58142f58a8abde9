# TAP helpers shared by the shell suites (source it).
n=0
# check DESCRIPTION COMMAND...: one TAP line, ok when COMMAND succeeds
check() {
    n=$((n + 1))
    if "${@:2}"; then echo "ok $n - $1"; else echo "not ok $n - $1"; fi
}
# todo DESCRIPTION REASON COMMAND...: the same, a TAP TODO while it fails
todo() {
    n=$((n + 1))
    if "${@:3}"; then echo "ok $n - $1"; else echo "not ok $n - $1 # TODO $2"; fi
}
not() { ! "$@"; }
# as_pg COMMAND: run a shell command as the postgres user (when root)
as_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -c "$*"; else bash -c "$*"; fi; }

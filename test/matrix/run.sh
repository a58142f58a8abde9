#!/bin/bash
# The PostgreSQL matrix: okr's whole suite (test/all.sh) on PostgreSQL 17
# (Debian trixie) and 18 (Debian sid), each in a minbase debootstrap of that
# Debian suite under .matrix/ (gitignored), entered with chroot as root.
# PostgreSQL 15 is the host's suite (test/all.sh on bookworm).  Only
# Debian's archive is used, through the host's mirror; the host's own apt
# sources are never touched.  The suite runs on a copy of the current work
# tree, committed or not, with the repository's history (the upgrade test
# builds 0.1.0 from it).
#
#   test/matrix/run.sh [VERSION...]      as root; default: 17 18
#
# Each version's clusters listen on OKR_TEST_PORT + 100 * (VERSION - 14)
# (OKR_TEST_PORT defaults to 5432), as chroots share the network.  Ends with
# "N passed, N failed" over all versions; logs in test/logs/matrix-VERSION/.
set -uo pipefail
cd "$(dirname "$0")/../.."
here=$PWD
[ "$(id -u)" -eq 0 ] || { echo "test/matrix/run.sh: run as root (debootstrap, chroot)" >&2; exit 2; }
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(17 18)

suite_of() {
    case $1 in
        17) echo trixie ;;
        18) echo sid ;;
        *) echo "test/matrix/run.sh: no Debian suite here serves PostgreSQL $1 (15 is test/all.sh)" >&2; return 1 ;;
    esac
}

# The Debian mirror the host's apt uses (one-line or deb822 sources).
mirror() {
    local m
    m=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | grep -v security | head -1)
    [ -n "$m" ] || m=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -1)
    echo "${OKR_MATRIX_MIRROR:-$m}"
}

# A minbase system of Debian suite $2 in $1, made once and kept.
bootstrap() {
    local root=$1 suite=$2
    [ -f "$root/.okr-bootstrapped" ] && return 0
    command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
    rm -rf "$root" && mkdir -p "$root"
    echo "matrix: debootstrap $suite into $root"
    debootstrap --variant=minbase --include=ca-certificates "$suite" "$root" "$(mirror)" >"$root.debootstrap.log" 2>&1 ||
        { tail -20 "$root.debootstrap.log"; return 1; }
    # sid's index may be older than its Valid-Until on a snapshot mirror.
    echo 'Acquire::Check-Valid-Until "false";' >"$root/etc/apt/apt.conf.d/99okr"
    touch "$root/.okr-bootstrapped"
}

# mount / umount what PostgreSQL needs in the chroot: /proc and a private
# /dev/shm (debootstrap made /dev's nodes; nothing of the host's is bound in).
mounts() {
    local root=$1
    mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
    mkdir -p "$root/dev/shm"
    mountpoint -q "$root/dev/shm" || mount -t tmpfs -o mode=1777 shm "$root/dev/shm"
}
unmounts() {
    local root=$1
    for m in dev/shm proc; do mountpoint -q "$root/$m" && umount "$root/$m"; done
    return 0
}

# The current work tree (tracked and untracked, not ignored) and .git, into $1/okr.
copy_tree() {
    local dest=$1/okr
    rm -rf "$dest" && mkdir -p "$dest"
    { git ls-files -z -co --exclude-standard | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh
      printf '.git\0'; } | tar --null -T - -c | tar -x -C "$dest"
}

total_pass=0
total_fail=0
for v in "${versions[@]}"; do
    suite=$(suite_of "$v") || { total_fail=$((total_fail + 1)); continue; }
    root=$here/.matrix/$suite
    port=$(( ${OKR_TEST_PORT:-5432} + 100 * (v - 14) ))
    logs=$here/test/logs/matrix-$v
    rm -rf "$logs" && mkdir -p "$logs"
    start=$SECONDS
    if bootstrap "$root" "$suite"; then
        trap 'unmounts "$root"' EXIT
        mounts "$root"
        copy_tree "$root"
        chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
            LANG=C.UTF-8 CI="${CI:-}" OKR_PG_VERSION="$v" OKR_TEST_PORT="$port" \
            bash -c 'cd /okr && test/all.sh' >"$logs/all.log" 2>&1
        rc=$?
        cp -r "$root/okr/test/logs/." "$logs/" 2>/dev/null
        unmounts "$root"
        trap - EXIT
    else
        echo "not ok - debootstrap of $suite failed" >"$logs/all.log"
        rc=1
    fi
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$logs/all.log" | tail -1)
    pass=${line%% passed*}; pass=${pass:-0}
    fail=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed$/\1/p'); fail=${fail:-0}
    if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
    printf 'PostgreSQL %-3s %5d passed, %d failed   (%s, %d s, %s/all.log)\n' "$v" "$pass" "$fail" "$suite" $((SECONDS - start)) "${logs#"$here"/}"
    [ "$fail" -eq 0 ] || grep -E 'failed|not ok|ERROR|Error' "$logs/all.log" | head -20 | sed 's/^/    /'
    total_pass=$((total_pass + pass))
    total_fail=$((total_fail + fail))
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]

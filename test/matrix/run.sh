#!/bin/bash
# The PostgreSQL matrix, each version in a minbase debootstrap of a Debian
# suite under .matrix/ (gitignored), entered with chroot as root: 15 in
# bookworm, 17 in trixie, 18 in sid.  Only Debian's archive is used, through
# the host's mirror; the host's own apt sources are never touched.  The
# suites run on a copy of the current work tree, committed or not, with the
# repository's history (the upgrade test builds 0.1.0 from it).
#
#   test/matrix/run.sh [VERSION...]             okr's whole suite (test/all.sh) built
#                                               from source; default 17 18 (15 is the
#                                               host's test/all.sh)
#   test/matrix/run.sh --packages [VERSION...]  build the Debian package
#                                               postgresql-VERSION-okr (debian/) in that
#                                               chroot, install it into a clean one and
#                                               run the whole suite against it; default 15 17 18
#   test/matrix/run.sh --pg-upgrade             pg_upgrade of a cluster with okr data from
#                                               15 to 18, in the sid chroot
#                                               (test/matrix/pg_upgrade.sh)
#
# Run as root.  Each version's clusters listen on OKR_TEST_PORT + 1000 *
# (VERSION - 14), +50 for the package's, +60 for pg_upgrade's (OKR_TEST_PORT
# defaults to 5432; the suite's standby takes its port + 100), as chroots
# share the network.  Ends with "N passed, N failed" over all
# versions; logs in .matrix/logs/.
set -uo pipefail
cd "$(dirname "$0")/../.."
here=$PWD
[ "$(id -u)" -eq 0 ] || { echo "test/matrix/run.sh: run as root (debootstrap, chroot)" >&2; exit 2; }
kind=source
case ${1:-} in
    --packages) kind=package; shift ;;
    --pg-upgrade) kind=pg_upgrade; shift ;;
esac
versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then
    case $kind in
        source) versions=(17 18) ;;
        package) versions=(15 17 18) ;;
        pg_upgrade) versions=(18) ;;
    esac
fi

suite_of() {
    case $1 in
        15) echo bookworm ;;
        17) echo trixie ;;
        18) echo sid ;;
        *) echo "test/matrix/run.sh: no Debian suite here serves PostgreSQL $1" >&2; return 1 ;;
    esac
}

# The Debian mirror the host's apt uses (one-line or deb822 sources).
mirror() {
    local m
    m=$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | grep -v security | head -1)
    [ -n "$m" ] || m=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -1)
    echo "${OKR_MATRIX_MIRROR:-$m}"
}

# .matrix/SUITE.base: a minbase system of Debian suite SUITE, made once and
# kept pristine; chroots are copies of it.
base() {
    local suite=$1 b=$here/.matrix/$1.base
    if [ ! -f "$b/.okr-bootstrapped" ]; then
        command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
        rm -rf "$b" && mkdir -p "$b" "$here/.matrix/logs"
        echo "matrix: debootstrap $suite" >&2
        debootstrap --variant=minbase --include=ca-certificates "$suite" "$b" "$(mirror)" \
            >"$here/.matrix/logs/debootstrap-$suite.log" 2>&1 ||
            { tail -20 "$here/.matrix/logs/debootstrap-$suite.log" >&2; return 1; }
        # sid's index may be older than its Valid-Until on a snapshot mirror.
        echo 'Acquire::Check-Valid-Until "false";' >"$b/etc/apt/apt.conf.d/99okr"
        touch "$b/.okr-bootstrapped"
    fi
    echo "$b"
}

# chroot_from BASE ROOT [fresh]: ROOT as a copy of BASE (a fresh one if asked).
chroot_from() {
    [ -n "${3:-}" ] && rm -rf "$2"
    [ -f "$2/.okr-bootstrapped" ] || { rm -rf "$2" && cp -a "$1" "$2"; }
}

# What PostgreSQL needs in a chroot: /proc and a private /dev/shm
# (debootstrap made /dev's nodes; nothing of the host's is bound in).
mounted=    # the chroot this run has mounted things in, if any
mounts() {
    mounted=$1
    mountpoint -q "$1/proc" || mount -t proc proc "$1/proc"
    mkdir -p "$1/dev/shm"
    mountpoint -q "$1/dev/shm" || mount -t tmpfs -o mode=1777 shm "$1/dev/shm"
}
unmounts() {
    local m
    for m in dev/shm proc; do mountpoint -q "$1/$m" && umount "$1/$m"; done
    mounted=
    return 0
}

# copy_tree DEST [with-git]: the current work tree (tracked and untracked,
# not ignored), and .git if asked, into DEST.
copy_tree() {
    rm -rf "$1" && mkdir -p "$1"
    { git ls-files -z -co --exclude-standard | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh
      [ -n "${2:-}" ] && printf '.git\0'; } | tar --null -T - -c | tar -x -C "$1"
}

# in_chroot ROOT LOG VAR=VALUE... -- COMMAND: run COMMAND (bash) in ROOT as
# root, with a clean environment plus the VARs, output to LOG.
in_chroot() {
    local root=$1 log=$2 vars=()
    shift 2
    while [ "$1" != -- ]; do vars+=("$1"); shift; done
    mounts "$root"
    chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
        LANG=C.UTF-8 CI="${CI:-}" DEBIAN_FRONTEND=noninteractive "${vars[@]}" bash -c "$2" >>"$log" 2>&1
    local rc=$?
    unmounts "$root"
    return $rc
}

# The suite from source in .matrix/SUITE (kept between runs).
source_suite() {
    local v=$1 b=$2 root=$here/.matrix/$3 log=$4 port=$5
    chroot_from "$b" "$root"
    copy_tree "$root/okr" with-git
    in_chroot "$root" "$log" OKR_PG_VERSION="$v" OKR_TEST_PORT="$port" -- 'cd /okr && test/all.sh'
    local rc=$?
    cp -r "$root/okr/test/logs/." "$(dirname "$log")/" 2>/dev/null
    return $rc
}

# The package: built with dpkg-buildpackage in .matrix/SUITE (debian/control
# regenerated for that suite's PostgreSQL first, as a maintainer does),
# installed into .matrix/SUITE-pkg (a fresh copy of the base), the suite run
# against it.
package_suite() {
    local v=$1 b=$2 root=$here/.matrix/$3 log=$4 port=$5 clean=$here/.matrix/$3-pkg deb
    chroot_from "$b" "$root"
    copy_tree "$root/build/okr"
    rm -f "$root"/build/*.deb
    in_chroot "$root" "$log" -- "apt-get update -qq && apt-get install -y -qq --no-install-recommends build-essential debhelper postgresql-all postgresql-server-dev-all >/dev/null &&
        cd /build/okr && pg_buildext updatecontrol && dpkg-buildpackage -b -us -uc" || { echo "not ok - dpkg-buildpackage failed" >>"$log"; return 1; }
    deb=$(cd "$root/build" && ls postgresql-"$v"-okr_*.deb)
    echo "matrix: built $deb" >>"$log"
    chroot_from "$b" "$clean" fresh
    copy_tree "$clean/okr" with-git
    mkdir -p "$clean/debs" && cp "$root/build/$deb" "$clean/debs/"
    in_chroot "$clean" "$log" OKR_PG_VERSION="$v" OKR_TEST_PORT="$port" OKR_TEST_PACKAGE="/debs/$deb" -- 'cd /okr && test/all.sh'
    local rc=$?
    cp -r "$clean/okr/test/logs/." "$(dirname "$log")/" 2>/dev/null
    return $rc
}

# Whatever happens, nothing this run mounted stays mounted (another run's
# chroots are left alone).
trap '[ -z "$mounted" ] || unmounts "$mounted"' EXIT
# pg_upgrade from 15 to 18, in .matrix/sid (kept between runs, with the 15 it built).
pg_upgrade_suite() {
    local v=$1 b=$2 root=$here/.matrix/$3 log=$4 port=$5
    chroot_from "$b" "$root"
    copy_tree "$root/okr" with-git
    in_chroot "$root" "$log" OKR_TEST_PORT="$port" -- 'cd /okr && test/matrix/pg_upgrade.sh'
}

total_pass=0
total_fail=0
for v in "${versions[@]}"; do
    start=$SECONDS
    logs=$here/.matrix/logs/$v-$kind
    rm -rf "$logs" && mkdir -p "$logs"
    port=$(( ${OKR_TEST_PORT:-5432} + 1000 * (v - 14) ))
    rc=1
    if suite=$(suite_of "$v") && b=$(base "$suite"); then
        case $kind in
            source) source_suite "$v" "$b" "$suite" "$logs/all.log" "$port" ;;
            package) package_suite "$v" "$b" "$suite" "$logs/all.log" $((port + 50)) ;;
            pg_upgrade) pg_upgrade_suite "$v" "$b" "$suite" "$logs/all.log" $((port + 60)) ;;
        esac
        rc=$?
    fi
    touch "$logs/all.log"
    if [ "$kind" = pg_upgrade ]; then    # TAP of its own
        pass=$(grep -c '^ok ' "$logs/all.log"); fail=$(grep -c '^not ok ' "$logs/all.log")
    else                                  # test/all.sh's closing line
        line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$logs/all.log" | tail -1)
        pass=${line%% passed*}; pass=${pass:-0}
        fail=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed$/\1/p'); fail=${fail:-0}
    fi
    if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
    printf 'PostgreSQL %-3s %-8s %5d passed, %d failed   (%s, %d s, %s)\n' "$v" "$kind" "$pass" "$fail" \
        "${suite:-?}" $((SECONDS - start)) "${logs#"$here"/}/all.log"
    [ "$fail" -eq 0 ] || grep -E ' failed|not ok|ERROR|rror:' "$logs/all.log" | head -20 | sed 's/^/    /'
    total_pass=$((total_pass + pass))
    total_fail=$((total_fail + fail))
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]

#!/bin/bash
# Installs what okr needs from the Debian archive (as root, or through sudo),
# then builds and installs the extension.  Sourced by test/demo.sh and
# test/all.sh; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(make gcc libc6-dev perl clang libclang-rt-14-dev
          postgresql-15 postgresql-server-dev-15 postgresql-common
          postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl
          python3 python3-psycopg2)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if [ ${#missing[@]} -gt 0 ]; then
    echo "okr: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

make -s PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
$sudo make -s PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config install >/dev/null

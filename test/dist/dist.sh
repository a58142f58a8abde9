#!/bin/bash
# The PGXN distribution: META.json is valid by the PGXN Meta Spec v1.0.0 and
# carries okr.control's version; `make dist` makes okr-<version>.zip of the
# committed tree with META.json in it; the validator rejects broken files.
# Prints TAP.
set -uo pipefail
cd "$(dirname "$0")/../.."
version=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" okr.control)
. test/lib/tap.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# rejected MUTATION: the validator rejects META.json changed by the Python
# expression MUTATION on its parsed object m.
rejected() {
    python3 -c "import json, sys; m = json.load(open('META.json')); $1; json.dump(m, sys.stdout)" >"$tmp/bad.json" &&
        ! python3 test/dist/meta.py "$tmp/bad.json" . >/dev/null
}

echo "1..12"
rm -f META.json "okr-$version.zip"
check "make dist succeeds" make -s dist
check "META.json is valid by the PGXN Meta Spec v1.0.0" python3 test/dist/meta.py META.json .
check "META.json's versions are okr.control's ($version)" \
    test "$(python3 -c "import json; m = json.load(open('META.json')); print(m['version'], m['provides']['okr']['version'])")" = "$version $version"
unzip -q -d "$tmp" "okr-$version.zip" 2>/dev/null || python3 -m zipfile -e "okr-$version.zip" "$tmp"
check "the archive has okr-$version/ with META.json, okr.control, Makefile, LICENSE" \
    test -f "$tmp/okr-$version/META.json" -a -f "$tmp/okr-$version/okr.control" -a -f "$tmp/okr-$version/Makefile" -a -f "$tmp/okr-$version/LICENSE"
check "the archive's META.json is valid there" python3 test/dist/meta.py "$tmp/okr-$version/META.json" "$tmp/okr-$version"
check "rejected: no license" rejected "del m['license']"
check "rejected: a license the spec does not know" rejected "m['license'] = 'postgres'"
check "rejected: a version that is not SemVer" rejected "m['version'] = '0.2'"
check "rejected: an unknown field" rejected "m['homepage'] = 'x'"
check "rejected: a provided file that is not there" rejected "m['provides']['okr']['file'] = 'sql/okr.sql'"
check "rejected: a bad version range" rejected "m['prereqs']['runtime']['requires']['PostgreSQL'] = '~15'"
check "debian/changelog packages okr.control's version" \
    test "$(sed -n '1s/^okr (\(.*\)-[^-]*).*/\1/p' debian/changelog)" = "$version"
rm -f "okr-$version.zip"

#!/usr/bin/python3
"""Validate a META.json against the PGXN Meta Spec v1.0.0.

    test/dist/meta.py META.json [ROOT]

The rules are those of the spec (https://pgxn.org/meta/spec.txt) and of its
JSON schemas (schema/v1/ of the pgxn/meta repository): required and allowed
keys, Terms, SemVer versions, version ranges, licenses, paths.  With ROOT (the
distribution's top directory), the files that `provides` names must exist
there.  Prints every violation and exits 1 if there is one; no output and
exit 0 for a valid file.  Standard library only.
"""
import json
import os
import re
import sys

SEMVER = (r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
          r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)"
          r"(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
          r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?")
VERSION = re.compile("^" + SEMVER + "$")
RANGE_ONE = r"(?:(?:[=!]=|[<>]=?)\s*)?(?:" + SEMVER + "|0)"
VERSION_RANGE = re.compile("^" + RANGE_ONE + r"(?:,\s*" + RANGE_ONE + ")*$")
CONTROL = "".join(chr(c) for c in list(range(0, 32)) + [127])
LICENSES = {
    "agpl_3", "apache_1_1", "apache_2_0", "artistic_1", "artistic_2", "bsd",
    "freebsd", "gfdl_1_2", "gfdl_1_3", "gpl_1", "gpl_2", "gpl_3", "lgpl_2_1",
    "lgpl_3_0", "mit", "mozilla_1_0", "mozilla_1_1", "openssl", "perl_5",
    "postgresql", "qpl_1_0", "ssleay", "sun", "zlib", "open_source",
    "restricted", "unrestricted", "unknown"}
CUSTOM = re.compile(r"^[xX]_.")
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")


class Validator:
    def __init__(self, root=None):
        self.root = root
        self.errors = []

    def fail(self, where, message):
        self.errors.append("%s: %s" % (where or "(top)", message))

    # -- scalar types ---------------------------------------------------
    def string(self, where, v, min_length=1):
        if not isinstance(v, str):
            self.fail(where, "must be a string")
            return False
        if len(v) < min_length:
            self.fail(where, "must have at least %d characters" % min_length)
            return False
        return True

    def term(self, where, v):
        if self.string(where, v, 2) and any(c in v for c in "/\\ \t\n\r\f\v" + CONTROL):
            self.fail(where, "a Term has no slash, backslash, space or control character: %r" % v)

    def tag(self, where, v):
        if self.string(where, v, 2):
            if len(v) > 255:
                self.fail(where, "a Tag has fewer than 256 characters")
            if any(c in v for c in "/\\" + CONTROL):
                self.fail(where, "a Tag has no slash, backslash or control character: %r" % v)

    def version(self, where, v):
        if self.string(where, v) and not VERSION.match(v):
            self.fail(where, "not a SemVer version: %r" % v)

    def version_range(self, where, v):
        if v == 0:
            return
        if self.string(where, v) and not VERSION_RANGE.match(v):
            self.fail(where, "not a version range: %r" % v)

    def path(self, where, v):
        if self.string(where, v, 2):
            if v.startswith("/") or "\\" in v or ".." in v.split("/"):
                self.fail(where, "must be a relative path in unix convention: %r" % v)
            elif self.root is not None and not os.path.exists(os.path.join(self.root, v)):
                self.fail(where, "no such file in the distribution: %r" % v)

    def uri(self, where, v):
        if self.string(where, v) and not URI.match(v):
            self.fail(where, "not a URI: %r" % v)

    # -- structures -----------------------------------------------------
    def obj(self, where, v, known, required=(), any_of=None):
        """v is an object with only `known` keys (plus x_ custom keys)."""
        if not isinstance(v, dict):
            self.fail(where, "must be an object")
            return False
        for k in required:
            if k not in v:
                self.fail(where, "missing mandatory field %r" % k)
        for k in v:
            if k not in known and not CUSTOM.match(k):
                self.fail(where, "unknown field %r (custom fields start with x_)" % k)
        if any_of and not any(k in v for k in any_of):
            self.fail(where, "needs one of %s" % ", ".join(any_of))
        return True

    def unique_list(self, where, v, item, min_items=1):
        if not isinstance(v, list) or len(v) < min_items:
            self.fail(where, "must be an array of at least %d item(s)" % min_items)
            return
        if len(set(json.dumps(x, sort_keys=True) for x in v)) != len(v):
            self.fail(where, "items must be unique")
        for i, x in enumerate(v):
            item("%s[%d]" % (where, i), x)

    def maintainer(self, where, v):
        if isinstance(v, list):
            self.unique_list(where, v, self.string)
        else:
            self.string(where, v)

    def license(self, where, v):
        def known(w, x):
            if x not in LICENSES:
                self.fail(w, "not a license the spec knows: %r" % (x,))
        if isinstance(v, list):
            self.unique_list(where, v, known)
        elif isinstance(v, dict):
            if not v:
                self.fail(where, "must name at least one license")
            for name, url in v.items():
                self.uri("%s.%s" % (where, name), url)
        else:
            known(where, v)

    def provides(self, where, v):
        if not isinstance(v, dict) or not v:
            self.fail(where, "must be an object naming at least one extension")
            return
        for name, ext in v.items():
            w = "%s.%s" % (where, name)
            self.term(w, name)
            if not self.obj(w, ext, {"file", "version", "abstract", "docfile", "docpath"},
                            required=("file", "version")):
                continue
            if "file" in ext:
                self.path(w + ".file", ext["file"])
            if "version" in ext:
                self.version(w + ".version", ext["version"])
            if "abstract" in ext:
                self.string(w + ".abstract", ext["abstract"])
            if "docfile" in ext:
                self.path(w + ".docfile", ext["docfile"])
            if "docpath" in ext:
                self.string(w + ".docpath", ext["docpath"])

    def meta_spec(self, where, v):
        if self.obj(where, v, {"version", "url"}, required=("version",)):
            if "version" in v and not (isinstance(v["version"], str)
                                       and re.match(r"^1\.0\.\d+$", v["version"])):
                self.fail(where + ".version", "this validator knows meta-spec 1.0.x only")
            if "url" in v and v["url"] not in ("https://pgxn.org/meta/spec.txt",
                                               "http://pgxn.org/meta/spec.txt"):
                self.fail(where + ".url", "must be the spec's URL")

    def prereqs(self, where, v):
        phases = {"configure", "build", "test", "runtime", "develop"}
        relations = ("requires", "recommends", "suggests", "conflicts")
        if not self.obj(where, v, phases):
            return
        for phase, rels in v.items():
            if CUSTOM.match(phase):
                continue
            w = "%s.%s" % (where, phase)
            if not self.obj(w, rels, set(relations), any_of=relations):
                continue
            for rel, reqs in rels.items():
                if CUSTOM.match(rel):
                    continue
                wr = "%s.%s" % (w, rel)
                if not isinstance(reqs, dict) or not reqs:
                    self.fail(wr, "must be an object of at least one prerequisite")
                    continue
                for name, rng in reqs.items():
                    self.term("%s.%s" % (wr, name), name)
                    self.version_range("%s.%s" % (wr, name), rng)

    def resources(self, where, v):
        if not self.obj(where, v, {"homepage", "bugtracker", "repository"},
                        any_of=("homepage", "bugtracker", "repository")):
            return
        if "homepage" in v:
            self.uri(where + ".homepage", v["homepage"])
        for key, fields in (("bugtracker", ("web", "mailto")),
                            ("repository", ("url", "web", "type"))):
            if key in v and self.obj("%s.%s" % (where, key), v[key], set(fields), any_of=fields):
                for f in fields:
                    if f in v[key] and f != "type":
                        self.string("%s.%s.%s" % (where, key, f), v[key][f])

    def no_index(self, where, v):
        if not self.obj(where, v, {"file", "directory"}, any_of=("file", "directory")):
            return
        for key in ("file", "directory"):
            if key in v:
                w = "%s.%s" % (where, key)
                if isinstance(v[key], list):
                    self.unique_list(w, v[key], lambda ww, x: self.string(ww, x, 2))
                else:
                    self.string(w, v[key], 2)

    def distribution(self, meta):
        fields = {
            "name": self.term, "version": self.version, "abstract": self.string,
            "maintainer": self.maintainer, "license": self.license,
            "provides": self.provides, "meta-spec": self.meta_spec,
            "description": self.string, "generated_by": self.string,
            "tags": lambda w, v: self.unique_list(w, v, self.tag),
            "no_index": self.no_index, "prereqs": self.prereqs,
            "release_status": lambda w, v: v in ("stable", "testing", "unstable")
            or self.fail(w, "must be stable, testing or unstable"),
            "resources": self.resources,
        }
        required = ("name", "version", "abstract", "maintainer", "license",
                    "provides", "meta-spec")
        if self.obj("", meta, set(fields), required=required):
            for key, check in fields.items():
                if key in meta:
                    check(key, meta[key])
        return self.errors


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    try:
        with open(sys.argv[1], encoding="utf-8") as f:
            meta = json.load(f)
    except (OSError, ValueError) as e:
        print("%s: not a JSON file: %s" % (sys.argv[1], e))
        return 1
    errors = Validator(sys.argv[2] if len(sys.argv) == 3 else None).distribution(meta)
    for e in errors:
        print("%s: %s" % (sys.argv[1], e))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())

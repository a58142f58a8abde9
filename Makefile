# okr — built with PGXS.  Every concern is a pair src/<concern>.c (C) and
# sql/install/NN-<concern>.sql (its SQL declarations); the install script
# sql/okr--<version>.sql is the concatenation of the parts, in number order.

EXTENSION   = okr
# The one version number lives in okr.control.
EXTVERSION  = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" okr.control)
MODULE_big  = okr
OBJS        = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))
# sql/okr--<version>.sql is built from sql/install/NN-*.sql; the upgrade from
# the previous release, sql/okr--0.1.0--<version>.sql, from sql/update/NN-*.sql.
# Both start with sql/preamble.sql (a pinned search_path).  0.1.0's install
# script is not shipped: it ran with search_path = okr, and okr.control now
# lets a database owner run it as the superuser (CREATE EXTENSION okr
# VERSION '0.1.0'); a database at 0.1.0 needs only the upgrade script.
DATA_built  = sql/okr--$(EXTVERSION).sql sql/okr--0.1.0--$(EXTVERSION).sql
SQL_PARTS   = $(sort $(wildcard sql/install/*.sql))
UPDATE_PARTS = $(sort $(wildcard sql/update/*.sql))
# run after the views and functions exist (e.g. to fill a maintained table)
UPDATE_AFTER = $(sort $(wildcard sql/update/after/*.sql))

# pg_regress: sql/<name>.sql against expected/<name>.out
REGRESS      = $(filter-out okr--% preamble,$(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OPTS = --load-extension=okr
# isolation tester: test/isolation/specs/<name>.spec
ISOLATION      = $(basename $(notdir $(wildcard test/isolation/specs/*.spec)))
ISOLATION_OPTS = --inputdir=test/isolation --load-extension=okr

# -Wno-unused-parameter: PostgreSQL's own headers (fmgr.h, ilist.h, bufpage.h)
# and the fmgr calling convention have unused parameters.
PG_CFLAGS   = -Wall -Wextra -Werror -Wno-unused-parameter
UNIT_TESTS  = test/unit/period_test test/unit/target_test
EXTRA_CLEAN = output_iso $(UNIT_TESTS) test/fuzz/fuzz_parsers META.json $(EXTENSION)-*.zip

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS tracks no header dependencies: every object depends on every header.
$(OBJS): $(wildcard src/*.h)

sql/okr--$(EXTVERSION).sql: sql/preamble.sql $(SQL_PARTS)
	cat $^ > $@

# The parts change tables and add new objects; then every view, function,
# comment and privilege is made what the install script says; then the
# sql/update/after/ parts use them; the guards of the maintained tables
# (sql/install/85-guards.sql, all new since 0.1.0) and the ownership part
# (sql/install/90-owner.sql) end it, for whatever the upgrade created.
sql/okr--0.1.0--$(EXTVERSION).sql: sql/preamble.sql $(UPDATE_PARTS) $(SQL_PARTS) $(UPDATE_AFTER) sql/replaceable.pl
	{ cat sql/preamble.sql $(UPDATE_PARTS); perl sql/replaceable.pl $(SQL_PARTS); \
	  cat $(UPDATE_AFTER) sql/install/85-guards.sql sql/install/90-owner.sql; } > $@

# Pure-C parser unit tests (TAP output, run by prove): no server needed.
test/unit/%_test: test/unit/%_test.c src/%_parse.c src/%_parse.h
	$(CC) -std=c99 -Wall -Wextra -Werror -O1 -g -Isrc -o $@ $(filter %.c,$^) -lm

unittest: $(UNIT_TESTS)
	prove -v --exec '' $(UNIT_TESTS)

# Coverage-guided fuzzing of the parsers (clang, libFuzzer, ASan, UBSan):
# FUZZ_SECONDS of it, starting from test/fuzz/corpus.
FUZZ_SECONDS ?= 20
test/fuzz/fuzz_parsers: test/fuzz/fuzz_parsers.c src/period_parse.c src/target_parse.c
	clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Isrc -o $@ $^ -lm

fuzz: test/fuzz/fuzz_parsers
	corpus=$$(mktemp -d) && test/fuzz/fuzz_parsers -max_total_time=$(FUZZ_SECONDS) -max_len=256 \
		$$corpus test/fuzz/corpus; status=$$?; rm -rf $$corpus; exit $$status

# The pg_regress and pgTAP suites against a server under Valgrind memcheck
# (PostgreSQL's suppressions); slow: minutes.
valgrind-check:
	test/valgrind/run.sh

# The PGXN distribution: the committed tree at HEAD as okr-<version>.zip,
# with META.json (its versions filled in from okr.control), validated
# against the PGXN Meta Spec by test/dist/meta.py.
DIST = $(EXTENSION)-$(EXTVERSION)
META.json: META.json.in okr.control
	sed 's/@VERSION@/$(EXTVERSION)/g' $< > $@

dist: META.json
	python3 test/dist/meta.py META.json .
	git archive --format=zip --prefix=$(DIST)/ --add-file=META.json -o $(DIST).zip HEAD

.PHONY: unittest fuzz dist valgrind-check

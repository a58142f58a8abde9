/*
 * target_test.c — unit tests of okr.target's pure C parser and formatter.
 * Prints TAP; run with: make test/unit/target_test && prove --exec '' test/unit/target_test
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "target_parse.h"

static int	tests = 0;
static int	failures = 0;

static void
ok(int cond, const char *fmt, const char *arg)
{
	tests++;
	if (!cond)
		failures++;
	char		name[600];
	char	   *c;

	snprintf(name, sizeof(name), fmt, arg);
	for (c = name; *c; c++)
		if (*c == '\n' || *c == '\t' || *c == '#')
			*c = ' ';			/* keep the TAP line one line */
	printf("%s %d - %s\n", cond ? "ok" : "not ok", tests, name);
}

/* Deterministic PRNG (xorshift64*), so failures reproduce. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t
rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static size_t
rnd_below(size_t n)
{
	return (size_t) (rnd() % n);
}

/* --- accepted inputs ----------------------------------------------------- */

/* Bands with partial credit: their worst value is packed (target_worst). */
typedef struct GoodBand
{
	const char *in;
	const char *out;
	double		lo;
	double		hi;
	double		worst;
	double		tolerance;
} GoodBand;

static const GoodBand good_bands[] = {
	{"10 .. 20 from 5", "10 .. 20 from 5", 10, 20, 5, 5},
	{"10..20 FROM 26", "10 .. 20 from 26", 10, 20, 26, 6},
	{"  1 .. 2from-0  ", "1 .. 2 from 0", 1, 2, 0, 1},
	{"0 .. 0 from -0.5", "0 .. 0 from -0.5", 0, 0, -0.5, 0.5},
	{"0.1 .. 0.3 from 1e-300", "0.1 .. 0.3 from 1e-300", 0.1, 0.3, 1e-300, 0.1 - 1e-300},
	{"-1.7976931348623157e308 .. -1e308 from 0", "-1.7976931348623157e+308 .. -1e+308 from 0",
	-1.7976931348623157e308, -1e308, 0, 1e308},
};

typedef struct Good
{
	const char *in;
	const char *out;
	int			direction;
	double		from;
	double		to;
} Good;

static const Good goods[] = {
	{"0 -> 30", "0 -> 30", TARGET_INCREASE, 0, 30},
	{"0->30", "0 -> 30", TARGET_INCREASE, 0, 30},
	{"  72  ->  2  ", "72 -> 2", TARGET_DECREASE, 72, 2},
	{"\t100->60\n", "100 -> 60", TARGET_DECREASE, 100, 60},
	{"0.1 -> 0.3", "0.1 -> 0.3", TARGET_INCREASE, 0.1, 0.3},
	{"-5 -> 5", "-5 -> 5", TARGET_INCREASE, -5, 5},
	{"5->-3", "5 -> -3", TARGET_DECREASE, 5, -3},
	{"+5 -> 6", "5 -> 6", TARGET_INCREASE, 5, 6},
	{"-0 -> 1", "0 -> 1", TARGET_INCREASE, 0, 1},
	{"1e3 -> 2e3", "1000 -> 2000", TARGET_INCREASE, 1000, 2000},
	{"1E-3 -> 2.5e+2", "0.001 -> 250", TARGET_INCREASE, 0.001, 250},
	{"1. -> .5", "1 -> 0.5", TARGET_DECREASE, 1, 0.5},
	{"1.e2 -> 0", "100 -> 0", TARGET_DECREASE, 100, 0},
	{"1e20 -> 1e21", "1e+20 -> 1e+21", TARGET_INCREASE, 1e20, 1e21},
	{"5e-324 -> 1", "5e-324 -> 1", TARGET_INCREASE, 5e-324, 1},
	{">= 99.9", ">= 99.9", TARGET_AT_LEAST, 0, 99.9},
	{">=99.9", ">= 99.9", TARGET_AT_LEAST, 0, 99.9},
	{"<= 2", "<= 2", TARGET_AT_MOST, 0, 2},
	{"<=-2", "<= -2", TARGET_AT_MOST, 0, -2},
	{">= -0", ">= 0", TARGET_AT_LEAST, 0, 0},
	{">= 99.9 from 95", ">= 99.9 from 95", TARGET_AT_LEAST_FROM, 95, 99.9},
	{"<=3 FROM 10", "<= 3 from 10", TARGET_AT_MOST_FROM, 10, 3},
	{"<= -2 from -0", "<= -2 from 0", TARGET_AT_MOST_FROM, 0, -2},
	{">= 0 from -1e3", ">= 0 from -1000", TARGET_AT_LEAST_FROM, -1000, 0},
	{"  >=1from0  ", ">= 1 from 0", TARGET_AT_LEAST_FROM, 0, 1},
	{"<= -1.7976931348623157e308 from 0", "<= -1.7976931348623157e+308 from 0",
	TARGET_AT_MOST_FROM, 0, -DBL_MAX},
	{"10 .. 20", "10 .. 20", TARGET_WITHIN, 10, 20},
	{"10..20", "10 .. 20", TARGET_WITHIN, 10, 20},
	{"1.50 .. 2", "1.5 .. 2", TARGET_WITHIN, 1.5, 2},
	{"3 .. 3", "3 .. 3", TARGET_WITHIN, 3, 3},
	{"-2 .. -1", "-2 .. -1", TARGET_WITHIN, -2, -1},
	{"1.5..2.5", "1.5 .. 2.5", TARGET_WITHIN, 1.5, 2.5},
	{"milestone", "milestone", TARGET_MILESTONE, 0, 1},
	{"  MileStone ", "milestone", TARGET_MILESTONE, 0, 1},
	{"1.7976931348623157e308 -> 0", "1.7976931348623157e+308 -> 0",
	TARGET_DECREASE, DBL_MAX, 0},
};

/* --- rejected inputs ----------------------------------------------------- */

typedef struct Bad
{
	const char *in;
	TargetParseStatus status;
} Bad;

static const Bad bads[] = {
	{"72 ->", TARGET_ERR_SYNTAX},
	{"-> 2", TARGET_ERR_SYNTAX},
	{".. 2", TARGET_ERR_SYNTAX},
	{"5 -> 5", TARGET_ERR_INVALID},
	{"0 -> -0", TARGET_ERR_INVALID},
	{"NaN -> 2", TARGET_ERR_SYNTAX},
	{"nan", TARGET_ERR_SYNTAX},
	{"inf -> 2", TARGET_ERR_SYNTAX},
	{"Infinity -> 2", TARGET_ERR_SYNTAX},
	{"1 -> -inf", TARGET_ERR_SYNTAX},
	{"1e400 -> 2", TARGET_ERR_RANGE},
	{"1e-400 -> 2", TARGET_ERR_RANGE},
	{"2 -> -1e400", TARGET_ERR_RANGE},
	{"-1e308 -> 1e308", TARGET_ERR_RANGE},
	{"20 .. 10", TARGET_ERR_INVALID},
	{"1...5", TARGET_ERR_INVALID},
	{"0 -> 30 junk", TARGET_ERR_SYNTAX},
	{">=", TARGET_ERR_SYNTAX},
	{"<=", TARGET_ERR_SYNTAX},
	{">= x", TARGET_ERR_SYNTAX},
	{"=> 3", TARGET_ERR_SYNTAX},
	{"> 3", TARGET_ERR_SYNTAX},
	{"0x10 -> 2", TARGET_ERR_SYNTAX},
	{"0 -> 0x10", TARGET_ERR_SYNTAX},
	{"milestone 2", TARGET_ERR_SYNTAX},
	{"milestones", TARGET_ERR_SYNTAX},
	{"mile", TARGET_ERR_SYNTAX},
	{"", TARGET_ERR_SYNTAX},
	{"   ", TARGET_ERR_SYNTAX},
	{"30", TARGET_ERR_SYNTAX},
	{"1 - > 2", TARGET_ERR_SYNTAX},
	{"1 . . 2", TARGET_ERR_SYNTAX},
	{"1 -> 2 -> 3", TARGET_ERR_SYNTAX},
	{"1.2.3 -> 4", TARGET_ERR_SYNTAX},
	{"1e -> 2", TARGET_ERR_SYNTAX},
	{"1e+ -> 2", TARGET_ERR_SYNTAX},
	{". -> 2", TARGET_ERR_SYNTAX},
	{"+ -> 2", TARGET_ERR_SYNTAX},
	{"--1 -> 2", TARGET_ERR_SYNTAX},
	{"1,5 -> 2", TARGET_ERR_SYNTAX},
	{"1 \xe2\x86\x92 2", TARGET_ERR_SYNTAX},
	{">= 5 from 7", TARGET_ERR_INVALID},
	{"<= 5 from 2", TARGET_ERR_INVALID},
	{">= 5 from 5", TARGET_ERR_INVALID},
	{"<= 5 from 5", TARGET_ERR_INVALID},
	{">= 5 from", TARGET_ERR_SYNTAX},
	{">= 5 from x", TARGET_ERR_SYNTAX},
	{">= 5 fromage", TARGET_ERR_SYNTAX},
	{">= 5 from 1 from 0", TARGET_ERR_SYNTAX},
	{">= 5 from nan", TARGET_ERR_SYNTAX},
	{">= 5 from 1e400", TARGET_ERR_RANGE},
	{">= 1e308 from -1e308", TARGET_ERR_RANGE},
	{"10 .. 20 from 15", TARGET_ERR_INVALID},
	{"10 .. 20 from 10", TARGET_ERR_INVALID},
	{"10 .. 20 from 20", TARGET_ERR_INVALID},
	{"20 .. 10 from 5", TARGET_ERR_INVALID},
	{"10 .. 20 from", TARGET_ERR_SYNTAX},
	{"10 .. 20 fromage", TARGET_ERR_SYNTAX},
	{"10 .. 20 from 5 from 1", TARGET_ERR_SYNTAX},
	{"10 .. 20 from 1e400", TARGET_ERR_RANGE},
	{"1e308 .. 1.5e308 from -1e308", TARGET_ERR_RANGE},
	{"-1.7e308 .. -1e308 from 1.7e308", TARGET_ERR_RANGE},
	{"0 -> 5 from 1", TARGET_ERR_SYNTAX},
	{"milestone from 0", TARGET_ERR_SYNTAX},
	{"from 5", TARGET_ERR_SYNTAX},
};

static const char *
status_name(TargetParseStatus s)
{
	switch (s)
	{
		case TARGET_OK:
			return "ok";
		case TARGET_ERR_SYNTAX:
			return "syntax";
		case TARGET_ERR_RANGE:
			return "range";
		case TARGET_ERR_INVALID:
			return "invalid";
	}
	return "?";
}

/*
 * Round trip of an accepted value: format, re-parse to the identical bytes,
 * and format again to the identical text.
 */
static int
round_trips(const OkrTarget *t)
{
	char		text[TARGET_TEXT_LEN];
	char		again[TARGET_TEXT_LEN];
	OkrTarget	u;
	size_t		len;

	memset(&u, 0xAB, sizeof(u));
	len = target_format(t, text, sizeof(text));
	if (len == 0 || len >= sizeof(text))
		return 0;
	if (target_parse(text, &u, NULL) != TARGET_OK)
		return 0;
	if (memcmp(t, &u, sizeof(u)) != 0)
		return 0;
	target_format(&u, again, sizeof(again));
	return strcmp(text, again) == 0;
}

/* Parse an input that must be accepted, and format it into text. */
static int
parse_good(const char *in, OkrTarget *t, char *text)
{
	memset(t, 0xAB, sizeof(*t));
	if (target_parse(in, t, NULL) != TARGET_OK)
	{
		ok(0, "parses \"%s\"", in);
		return 0;
	}
	target_format(t, text, TARGET_TEXT_LEN);
	return 1;
}

static const char alphabet[] =
"0123456789000111.....-->>>>==<<eE+++   \t\nmilestoneMILESTONExXnaNAifIF,;'\"\x80\xc3" "fromFROM";

static const char *const seeds[] = {
	"0 -> 30", "72 -> 2", ">= 99.9", "<= 2", "10 .. 20", "milestone",
	"-1.5e-3 -> +2.5E+3", ".5..1.", "1e308 .. 1.7e308", "4.9e-324 -> 0",
	">= 99.9 from 95", "<= 3 from 10", "10 .. 20 from 5", "-1 .. 1 from 1e300",
	"0 .. 0 from -0",
};

/* Parse arbitrary bytes: no crash, and every accepted input round-trips. */
static int
fuzz_one(const char *s, long *accepted)
{
	OkrTarget	t;
	TargetParseError err;
	TargetParseStatus st;

	memset(&t, 0xCD, sizeof(t));
	st = target_parse(s, &t, &err);
	if (st != TARGET_OK)
		return strlen(err.detail) > 0 && strlen(err.detail) < sizeof(err.detail);
	(*accepted)++;
	return round_trips(&t);
}

int
main(void)
{
	size_t		i;
	char		buf[512];

	/* accepted forms */
	for (i = 0; i < sizeof(goods) / sizeof(goods[0]); i++)
	{
		const Good *g = &goods[i];
		OkrTarget	t;
		char		text[TARGET_TEXT_LEN];

		if (!parse_good(g->in, &t, text))
			continue;
		ok(t.direction == g->direction && t.from == g->from && t.to == g->to &&
		   t.reserved == 0 && !signbit(t.from) == !signbit(g->from) &&
		   strcmp(text, g->out) == 0,
		   "\"%s\" parses and formats canonically", g->in);
		ok(round_trips(&t), "\"%s\" round-trips", g->in);
	}

	for (i = 0; i < sizeof(good_bands) / sizeof(good_bands[0]); i++)
	{
		const GoodBand *g = &good_bands[i];
		OkrTarget	t;
		char		text[TARGET_TEXT_LEN];

		if (!parse_good(g->in, &t, text))
			continue;
		ok(target_kind(&t) == TARGET_WITHIN_FROM && t.from == g->lo && t.to == g->hi &&
		   target_worst(&t) == g->worst && !signbit(target_worst(&t)) == !signbit(g->worst) &&
		   target_tolerance(&t) == g->tolerance && strcmp(text, g->out) == 0,
		   "\"%s\" parses and formats canonically", g->in);
		ok(round_trips(&t), "\"%s\" round-trips", g->in);
	}

	/* rejected inputs, with their class and a message */
	for (i = 0; i < sizeof(bads) / sizeof(bads[0]); i++)
	{
		const Bad  *b = &bads[i];
		OkrTarget	t;
		TargetParseError err;
		TargetParseStatus st;

		memset(&err, 0, sizeof(err));
		st = target_parse(b->in, &t, &err);
		ok(st == b->status && err.detail[0] != '\0',
		   "\"%s\" is rejected", b->in);
		if (st != b->status)
			printf("# got %s, expected %s: %s\n", status_name(st),
				   status_name(b->status), err.detail);
	}

	/* messages */
	{
		OkrTarget	t;
		TargetParseError err;

		target_parse("72 ->", &t, &err);
		ok(strcmp(err.detail, "Expected a number after \"->\", found nothing.") == 0,
		   "detail for \"72 ->\": %s", err.detail);
		target_parse("5 -> 5", &t, &err);
		ok(strstr(err.detail, "divide by zero") != NULL &&
		   strstr(err.hint, ">= 5") != NULL,
		   "detail for \"5 -> 5\": %s", err.detail);
		target_parse(">= 5 from 7", &t, &err);
		ok(strcmp(err.detail, "The worst value of \">= 5\" must lie below it, not at 7.") == 0 &&
		   strstr(err.hint, "below it for") != NULL,
		   "detail for \">= 5 from 7\": %s", err.detail);
		target_parse("10 .. 20 from 15", &t, &err);
		ok(strcmp(err.detail, "The worst value 15 lies within the band 10 .. 20.") == 0 &&
		   strstr(err.hint, "both sides") != NULL,
		   "detail for a band's worst value inside it: %s", err.detail);
		target_parse("0 -> 5 from 1", &t, &err);
		ok(strstr(err.detail, "Only a threshold or a band") != NULL &&
		   strstr(err.hint, "lo .. hi from w") != NULL,
		   "detail for an arrow with a worst value: %s", err.detail);
		target_parse("0x10 -> 2", &t, &err);
		ok(strstr(err.hint, "hexadecimal") != NULL, "hint for hex: %s", err.hint);
		/* a long input is quoted in part, not in full */
		memset(buf, 'z', sizeof(buf) - 1);
		buf[sizeof(buf) - 1] = '\0';
		target_parse(buf, &t, &err);
		ok(strstr(err.detail, "zzzzzzzzzzzzzzzzzzzz...") != NULL &&
		   strlen(err.detail) < 140, "long input quoted in part: %s", err.detail);
		/* a cut never splits a multibyte character */
		snprintf(buf, sizeof(buf), "x%s",
				 "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
		target_parse(buf, &t, &err);
		ok(strstr(err.detail, "\"x...\"") != NULL,
		   "snippet not cut inside a multibyte run: %s", err.detail);
	}

	/* a number of 100000 digits, and a too-long number in valid shape */
	{
		char	   *big = malloc(100001);
		OkrTarget	t;
		TargetParseError err;

		memset(big, '1', 100000);
		big[100000] = '\0';
		ok(target_parse(big, &t, &err) == TARGET_ERR_SYNTAX,
		   "100000 digits: syntax error (%s)", err.detail);
		memcpy(big, "1 -> ", 5);
		ok(target_parse(big, &t, &err) == TARGET_ERR_SYNTAX,
		   "a 99995-digit goal: syntax error (%s)", err.detail);
		memset(big, '0', 100000);
		memcpy(big + 99990, " -> 1", 6);
		ok(target_parse(big, &t, &err) == TARGET_ERR_SYNTAX,
		   "a 99990-digit zero: syntax error (%s)", err.detail);
		free(big);
		memset(buf, '0', TARGET_MAX_NUMBER_LEN);
		strcpy(buf + TARGET_MAX_NUMBER_LEN - 1, "1 -> 2");
		ok(target_parse(buf, &t, &err) == TARGET_OK && t.from == 1,
		   "a number of exactly the longest length is accepted%s", "");
	}

	/* shortest round-trip numbers */
	{
		static const struct
		{
			double		d;
			const char *text;
		}			nums[] = {
			{0.1, "0.1"}, {0.3, "0.3"}, {0.1 + 0.2, "0.30000000000000004"},
			{1.5, "1.5"}, {-0.0, "0"}, {1e21, "1e+21"}, {123456789, "123456789"},
			{DBL_MAX, "1.7976931348623157e+308"}, {5e-324, "5e-324"}, {1e14, "100000000000000"}, {1e15, "1e+15"},
			{123456789012345.6, "123456789012345.6"}, {0.0001, "0.0001"}, {0.00001, "1e-05"},
			{-1234.5678, "-1234.5678"}, {9.999999999999999e14, "999999999999999.9"},
			{2.5e-7, "2.5e-07"}, {-99.9, "-99.9"},
		};

		for (i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
		{
			char		text[32];

			target_format_number(nums[i].d, text, sizeof(text));
			ok(strcmp(text, nums[i].text) == 0, "number prints as %s",
			   nums[i].text);
		}
	}

	/* target_check: the binary-input rules */
	{
		OkrTarget	t;

		t = (OkrTarget) {5, 1, TARGET_INCREASE, 0};
		ok(target_check(&t, NULL) == TARGET_ERR_INVALID, "increase going down%s", "");
		t = (OkrTarget) {1, 5, TARGET_DECREASE, 0};
		ok(target_check(&t, NULL) == TARGET_ERR_INVALID, "decrease going up%s", "");
		t = (OkrTarget) {0, 1, TARGET_DIRECTION_COUNT, 0};
		ok(target_check(&t, NULL) == TARGET_ERR_INVALID, "unknown direction%s", "");
		t = (OkrTarget) {5, 3, TARGET_AT_LEAST_FROM, 0};
		ok(target_check(&t, NULL) == TARGET_ERR_INVALID, "at least, worst value above%s", "");
		t = (OkrTarget) {3, 5, TARGET_AT_MOST_FROM, 0};
		ok(target_check(&t, NULL) == TARGET_ERR_INVALID, "at most, worst value below%s", "");
		t = (OkrTarget) {3, 3, TARGET_AT_MOST_FROM, 0};
		ok(target_check(&t, NULL) == TARGET_ERR_INVALID, "worst value at the threshold%s", "");
		t = (OkrTarget) {-0.0, 3, TARGET_AT_LEAST_FROM, 0};
		ok(target_check(&t, NULL) == TARGET_OK && !signbit(t.from), "worst value -0 normalized%s", "");
		t = (OkrTarget) {0, 1, 100, 0};
		ok(target_check(&t, NULL) == TARGET_ERR_INVALID, "direction 100 (unpacks to no number)%s", "");
		t = (OkrTarget) {0, 1, -1, 0};
		ok(target_check(&t, NULL) == TARGET_OK && target_kind(&t) == TARGET_WITHIN_FROM &&
		   target_worst(&t) < 0, "direction -1: a packed worst value (binary input never stores one)%s", "");
		t = (OkrTarget) {0, 1, TARGET_INCREASE, 1};
		ok(target_check(&t, NULL) == TARGET_ERR_INVALID, "reserved not zero%s", "");
		t = (OkrTarget) {0, NAN, TARGET_AT_LEAST, 0};
		ok(target_check(&t, NULL) == TARGET_ERR_INVALID, "NaN%s", "");
		t = (OkrTarget) {0, INFINITY, TARGET_INCREASE, 0};
		ok(target_check(&t, NULL) == TARGET_ERR_INVALID, "infinity%s", "");
		t = (OkrTarget) {3, 5, TARGET_AT_LEAST, 0};
		ok(target_check(&t, NULL) == TARGET_ERR_INVALID, "threshold with a baseline%s", "");
		t = (OkrTarget) {0, 2, TARGET_MILESTONE, 0};
		ok(target_check(&t, NULL) == TARGET_ERR_INVALID, "milestone not 0/1%s", "");
		t = (OkrTarget) {-0.0, 1, TARGET_MILESTONE, 0};
		ok(target_check(&t, NULL) == TARGET_OK && !signbit(t.from),
		   "-0 normalized to 0%s", "");
		t = (OkrTarget) {0, 1, TARGET_WITHIN_FROM, 0};
		ok(target_check(&t, NULL) == TARGET_ERR_INVALID,
		   "the kind code 8 stored as is is no value%s", "");
		t = (OkrTarget) {1, 2, TARGET_WITHIN, 0};
		target_set_worst(&t, -0.0);
		ok(target_check(&t, NULL) == TARGET_OK && target_worst(&t) == 0.0 &&
		   !signbit(target_worst(&t)) && t.direction == (int32_t) TARGET_PACK_XOR &&
		   t.reserved == 0, "packed worst value -0 normalized to 0%s", "");
		t = (OkrTarget) {1, 2, TARGET_WITHIN, 0};
		target_set_worst(&t, 5);
		ok(target_check(&t, NULL) == TARGET_OK && target_tolerance(&t) == 3,
		   "worst value above the band: tolerance 3%s", "");
	}

	/* the packing: every finite worst value, and never a plain code */
	{
		long		n;
		long		bad = 0;
		static const double edges[] = {0, 1, -1, 4.9e-324, -4.9e-324, 2.2250738585072014e-308,
		1.7976931348623157e308, -1.7976931348623157e308, 0.1, 1e-300};

		for (n = 0; n < 200000 + (long) (sizeof(edges) / sizeof(edges[0])); n++)
		{
			OkrTarget	t = {0, 0, 0, 0};
			uint64_t	bits = rnd();
			double		w;

			if (n < (long) (sizeof(edges) / sizeof(edges[0])))
				w = edges[n];
			else
				memcpy(&w, &bits, sizeof(w));
			if (!isfinite(w))
				continue;
			target_set_worst(&t, w);
			if (target_kind(&t) != TARGET_WITHIN_FROM ||
				memcmp(&w, &(double) {target_worst(&t)}, sizeof(w)) != 0)
				bad++;
		}
		for (n = 0; n < TARGET_PLAIN_DIRECTIONS; n++)
		{
			OkrTarget	t = {0, 1, (int32_t) n, 0};

			if (isfinite(target_worst(&t)))
				bad++;
		}
		ok(bad == 0, "200000 worst values pack and unpack bit-exactly; plain codes unpack to no number%s", "");
	}

	/* fuzz: random strings over the token alphabet, and mutated seeds */
	{
		long		accepted = 0;
		long		n;
		long		bad = 0;

		for (n = 0; n < 150000; n++)
		{
			size_t		len = rnd_below(24);
			size_t		k;

			for (k = 0; k < len; k++)
				buf[k] = alphabet[rnd_below(sizeof(alphabet) - 1)];
			buf[len] = '\0';
			if (!fuzz_one(buf, &accepted))
			{
				bad++;
				printf("# fuzz failure on \"%s\"\n", buf);
			}
		}
		for (n = 0; n < 150000; n++)
		{
			size_t		len;
			int			m,
						edits = 1 + (int) rnd_below(3);

			strcpy(buf, seeds[rnd_below(sizeof(seeds) / sizeof(seeds[0]))]);
			for (m = 0; m < edits; m++)
			{
				size_t		pos;
				char		c = alphabet[rnd_below(sizeof(alphabet) - 1)];

				len = strlen(buf);
				pos = rnd_below(len + 1);
				switch (rnd_below(3))
				{
					case 0:		/* insert */
						if (len + 1 < sizeof(buf))
						{
							memmove(buf + pos + 1, buf + pos, len - pos + 1);
							buf[pos] = c;
						}
						break;
					case 1:		/* delete */
						if (pos < len)
							memmove(buf + pos, buf + pos + 1, len - pos);
						break;
					default:	/* replace */
						if (pos < len)
							buf[pos] = c;
						break;
				}
			}
			if (!fuzz_one(buf, &accepted))
			{
				bad++;
				printf("# fuzz failure on \"%s\"\n", buf);
			}
		}
		ok(bad == 0 && accepted > 10000,
		   "300000 fuzzed strings: no crash, every accepted one round-trips%s", "");
		printf("# fuzz: %ld accepted\n", accepted);
	}

	/* fuzz: random bit patterns as numbers of every form */
	{
		long		n;
		long		bad = 0;
		long		valid = 0;

		for (n = 0; n < 100000; n++)
		{
			OkrTarget	t;
			uint64_t	bits;

			int			kind = (int) rnd_below(TARGET_DIRECTION_COUNT);

			t.direction = (int32_t) kind;
			t.reserved = 0;
			bits = rnd();
			memcpy(&t.from, &bits, sizeof(double));
			bits = rnd();
			memcpy(&t.to, &bits, sizeof(double));
			if (kind == TARGET_WITHIN_FROM)
			{
				double		w;

				bits = rnd();
				memcpy(&w, &bits, sizeof(double));
				if (t.from > t.to)
				{
					double		x = t.from;

					t.from = t.to;
					t.to = x;
				}
				target_set_worst(&t, w);
			}
			if (t.direction == TARGET_AT_LEAST || t.direction == TARGET_AT_MOST)
				t.from = 0;
			if ((t.direction == TARGET_WITHIN || t.direction == TARGET_AT_LEAST_FROM) &&
				t.from > t.to)
			{
				double		x = t.from;

				t.from = t.to;
				t.to = x;
			}
			if (t.direction == TARGET_AT_MOST_FROM && t.from < t.to)
			{
				double		x = t.from;

				t.from = t.to;
				t.to = x;
			}
			if (t.direction == TARGET_INCREASE && t.from > t.to)
				t.direction = TARGET_DECREASE;
			else if (t.direction == TARGET_DECREASE && t.from < t.to)
				t.direction = TARGET_INCREASE;
			if (t.direction == TARGET_MILESTONE)
				t.from = 0, t.to = 1;
			if (target_check(&t, NULL) != TARGET_OK)
				continue;
			valid++;
			if (!round_trips(&t))
			{
				bad++;
				printf("# round trip failure: %.17g %.17g %d %d\n", t.from, t.to,
					   t.direction, t.reserved);
			}
		}
		ok(bad == 0 && valid > 50000,
		   "100000 random values: every valid one round-trips bit-exactly%s", "");
	}

	printf("1..%d\n", tests);
	return failures ? 1 : 0;
}

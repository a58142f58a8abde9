/*
 * period_test.c — unit test of the pure okr.period code (src/period_parse.c),
 * printing TAP.  Build and run: make test/unit/period_test &&
 * prove --exec '' test/unit/period_test
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "period_parse.h"

static int	tests_run = 0;
static int	tests_failed = 0;

/* TAP lines are collected first, so that the plan can be printed first. */
static char *out_buf = NULL;
static size_t out_len = 0,
			out_cap = 0;

static void
emit(const char *line)
{
	size_t		n = strlen(line);

	if (out_len + n + 2 > out_cap)
	{
		out_cap = (out_cap + n + 2) * 2;
		out_buf = realloc(out_buf, out_cap);
		if (out_buf == NULL)
			abort();
	}
	memcpy(out_buf + out_len, line, n);
	out_len += n;
	out_buf[out_len++] = '\n';
	out_buf[out_len] = '\0';
}

static int
ok(int cond, const char *name, const char *diag)
{
	char		line[512];

	tests_run++;
	if (!cond)
		tests_failed++;
	snprintf(line, sizeof(line), "%s %d - %s", cond ? "ok" : "not ok",
			 tests_run, name);
	emit(line);
	if (!cond && diag != NULL && diag[0] != '\0')
	{
		snprintf(line, sizeof(line), "#   %s", diag);
		emit(line);
	}
	return cond;
}

static int64_t
D(int y, int m, int d)
{
	return period_days_from_civil(y, m, d);
}

/* s with control and non-ASCII bytes as \xNN, for one-line test names */
static const char *
show(const char *s)
{
	static char buf[4][160];
	static int	which = 0;
	char	   *b = buf[which = (which + 1) % 4];
	size_t		n = 0;

	for (; *s != '\0' && n < sizeof(buf[0]) - 8; s++)
	{
		unsigned char ch = (unsigned char) *s;

		if (ch < 0x20 || ch >= 0x7f)
			n += (size_t) snprintf(b + n, sizeof(buf[0]) - n, "\\x%02x", ch);
		else
			b[n++] = (char) ch;
	}
	b[n] = '\0';
	return b;
}

static const char *
status_name(PeriodStatus st)
{
	switch (st)
	{
		case PERIOD_OK:
			return "OK";
		case PERIOD_SYNTAX:
			return "SYNTAX";
		case PERIOD_BAD_FIELD:
			return "BAD_FIELD";
		case PERIOD_OUT_OF_RANGE:
			return "OUT_OF_RANGE";
		case PERIOD_BAD_VALUE:
			return "BAD_VALUE";
	}
	return "?";
}

/* ---------------------------------------------------------------------
 * Calendar arithmetic against a day-by-day walk
 * ---------------------------------------------------------------------
 */
static void
test_calendar(void)
{
	int			y = 1,
				m = 1,
				d = 1;
	int64_t		day;
	int			bad_walk = 0,
				bad_back = 0,
				bad_weekday = 0,
				bad_iso = 0;
	char		diag[200] = "";

	ok(D(2000, 1, 1) == 0, "2000-01-01 is day 0", NULL);
	ok(D(1999, 12, 31) == -1, "1999-12-31 is day -1", NULL);
	ok(D(2000, 3, 1) == 60, "2000-03-01 is day 60 (2000 is a leap year)", NULL);
	ok(D(1, 1, 1) == PERIOD_MIN_DAY, "0001-01-01 is PERIOD_MIN_DAY", NULL);
	ok(D(9999, 12, 31) == PERIOD_MAX_DAY, "9999-12-31 is PERIOD_MAX_DAY", NULL);
	ok(D(2026, 1, 1) == 9497, "2026-01-01 is day 9497", NULL);

	ok(period_days_in_month(2024, 2) == 29 && period_days_in_month(2023, 2) == 28 &&
	   period_days_in_month(2000, 2) == 29 && period_days_in_month(1900, 2) == 28 &&
	   period_days_in_month(2026, 4) == 30 && period_days_in_month(2026, 12) == 31 &&
	   period_days_in_month(2026, 0) == 0 && period_days_in_month(2026, 13) == 0,
	   "days in month, leap Februaries", NULL);

	/*
	 * Walk every day from 0001-01-01 to 9999-12-31 with a naive calendar and
	 * compare both directions.  Week day: 0001-01-01 was a Monday.  ISO week:
	 * the textbook ordinal formula.
	 */
	for (day = PERIOD_MIN_DAY; day <= PERIOD_MAX_DAY; day++)
	{
		int64_t		yy;
		int			mm,
					dd;

		if (D(y, m, d) != day)
		{
			if (!bad_walk++)
				snprintf(diag, sizeof(diag), "%04d-%02d-%02d -> %lld, expected %lld",
						 y, m, d, (long long) D(y, m, d), (long long) day);
		}
		period_civil_from_days(day, &yy, &mm, &dd);
		if (yy != y || mm != m || dd != d)
			bad_back++;
		if (((day - PERIOD_MIN_DAY) % 7) != ((day + 5) % 7 + 7) % 7)
			bad_weekday++;
		if (y >= 1900 && y <= 2100)
		{
			int			ordinal = (int) (day - D(y, 1, 1)) + 1;
			int			wd = (int) ((day - PERIOD_MIN_DAY) % 7) + 1;	/* Mon=1 */
			int			wk = (ordinal - wd + 10) / 7;
			int			iy = y;
			int64_t		got_y;
			int			got_w;

			if (wk < 1)
			{
				iy = y - 1;
				wk = period_iso_weeks_in_year(iy);
			}
			else if (wk > period_iso_weeks_in_year(y))
			{
				iy = y + 1;
				wk = 1;
			}
			period_iso_week_of(day, &got_y, &got_w);
			if (got_y != iy || got_w != wk)
				bad_iso++;
		}
		/* next day */
		if (++d > period_days_in_month(y, m))
		{
			d = 1;
			if (++m > 12)
			{
				m = 1;
				y++;
			}
		}
	}
	ok(bad_walk == 0, "days_from_civil agrees with a day-by-day walk over 0001..9999", diag);
	ok(bad_back == 0, "civil_from_days inverts it on every day", NULL);
	ok(bad_weekday == 0, "week days (0001-01-01 a Monday)", NULL);
	ok(bad_iso == 0, "ISO weeks agree with the ordinal formula, 1900..2100", NULL);

	/* far outside the range, the arithmetic still round-trips */
	{
		int			bad = 0;
		int64_t		yy;
		int			mm,
					dd;

		for (day = -5000000; day <= 5000000; day += 997)
		{
			period_civil_from_days(day, &yy, &mm, &dd);
			if (D((int) yy, mm, dd) != day)
				bad++;
		}
		ok(bad == 0, "round trip far outside 0001..9999 (negative years too)", NULL);
	}

	ok(period_iso_weeks_in_year(2026) == 53, "2026 has 53 ISO weeks", NULL);
	ok(period_iso_weeks_in_year(2025) == 52, "2025 has 52 ISO weeks", NULL);
	ok(period_iso_weeks_in_year(2020) == 53, "2020 has 53 ISO weeks", NULL);
	ok(period_iso_weeks_in_year(2015) == 53 && period_iso_weeks_in_year(2004) == 53 &&
	   period_iso_weeks_in_year(2009) == 53 && period_iso_weeks_in_year(2024) == 52,
	   "2004, 2009, 2015 have 53 weeks, 2024 52", NULL);
}

/* ---------------------------------------------------------------------
 * Parsing and formatting: table of good inputs
 * ---------------------------------------------------------------------
 */
typedef struct GoodCase
{
	const char *input;
	int			fs;
	int			sy,
				sm,
				sd;
	int			ey,
				em,
				ed;
	PeriodKind	kind;
	const char *output;
} GoodCase;

static const GoodCase good[] = {
	{"2026", 1, 2026, 1, 1, 2026, 12, 31, PERIOD_YEAR, "2026"},
	{"  2026\t\n", 1, 2026, 1, 1, 2026, 12, 31, PERIOD_YEAR, "2026"},
	{"0001", 1, 1, 1, 1, 1, 12, 31, PERIOD_YEAR, "0001"},
	{"9999", 1, 9999, 1, 1, 9999, 12, 31, PERIOD_YEAR, "9999"},
	{"02026", 1, 2026, 1, 1, 2026, 12, 31, PERIOD_YEAR, "2026"},
	{"2026-H1", 1, 2026, 1, 1, 2026, 6, 30, PERIOD_HALF, "2026-H1"},
	{"2026-h2", 1, 2026, 7, 1, 2026, 12, 31, PERIOD_HALF, "2026-H2"},
	{"2026-Q1", 1, 2026, 1, 1, 2026, 3, 31, PERIOD_QUARTER, "2026-Q1"},
	{"2026-Q2", 1, 2026, 4, 1, 2026, 6, 30, PERIOD_QUARTER, "2026-Q2"},
	{"2026-Q3", 1, 2026, 7, 1, 2026, 9, 30, PERIOD_QUARTER, "2026-Q3"},
	{"2026-q4", 1, 2026, 10, 1, 2026, 12, 31, PERIOD_QUARTER, "2026-Q4"},
	{"2026-01", 1, 2026, 1, 1, 2026, 1, 31, PERIOD_MONTH, "2026-01"},
	{"2026-1", 1, 2026, 1, 1, 2026, 1, 31, PERIOD_MONTH, "2026-01"},
	{"2024-02", 1, 2024, 2, 1, 2024, 2, 29, PERIOD_MONTH, "2024-02"},
	{"2023-02", 1, 2023, 2, 1, 2023, 2, 28, PERIOD_MONTH, "2023-02"},
	{"2000-02", 1, 2000, 2, 1, 2000, 2, 29, PERIOD_MONTH, "2000-02"},
	{"1900-02", 1, 1900, 2, 1, 1900, 2, 28, PERIOD_MONTH, "1900-02"},
	{"2026-12", 1, 2026, 12, 1, 2026, 12, 31, PERIOD_MONTH, "2026-12"},
	{"9999-12", 1, 9999, 12, 1, 9999, 12, 31, PERIOD_MONTH, "9999-12"},
	{"2026-W01", 1, 2025, 12, 29, 2026, 1, 4, PERIOD_WEEK, "2026-W01"},
	{"2026-w47", 1, 2026, 11, 16, 2026, 11, 22, PERIOD_WEEK, "2026-W47"},
	{"2026-W53", 1, 2026, 12, 28, 2027, 1, 3, PERIOD_WEEK, "2026-W53"},
	{"2025-W01", 1, 2024, 12, 30, 2025, 1, 5, PERIOD_WEEK, "2025-W01"},
	{"2020-W53", 1, 2020, 12, 28, 2021, 1, 3, PERIOD_WEEK, "2020-W53"},
	{"0001-W01", 1, 1, 1, 1, 1, 1, 7, PERIOD_WEEK, "0001-W01"},
	{"[2026-10-01,2026-12-31]", 1, 2026, 10, 1, 2026, 12, 31, PERIOD_SPAN, "[2026-10-01,2026-12-31]"},
	{"[ 2026-10-01 , 2026-12-31 ]", 1, 2026, 10, 1, 2026, 12, 31, PERIOD_SPAN, "[2026-10-01,2026-12-31]"},
	{" [2026-10-01,\t2026-10-01] ", 1, 2026, 10, 1, 2026, 10, 1, PERIOD_SPAN, "[2026-10-01,2026-10-01]"},
	{"[2024-02-29,2024-03-01]", 1, 2024, 2, 29, 2024, 3, 1, PERIOD_SPAN, "[2024-02-29,2024-03-01]"},
	{"[0001-01-01,9999-12-31]", 1, 1, 1, 1, 9999, 12, 31, PERIOD_SPAN, "[0001-01-01,9999-12-31]"},
	{"FY2027", 10, 2026, 10, 1, 2027, 9, 30, PERIOD_FISCAL_YEAR, "FY2027"},
	{"fy2027", 1, 2027, 1, 1, 2027, 12, 31, PERIOD_FISCAL_YEAR, "FY2027"},
	{"FY2027-Q1", 10, 2026, 10, 1, 2026, 12, 31, PERIOD_FISCAL_QUARTER, "FY2027-Q1"},
	{"FY2027-Q2", 10, 2027, 1, 1, 2027, 3, 31, PERIOD_FISCAL_QUARTER, "FY2027-Q2"},
	{"FY2027-Q4", 10, 2027, 7, 1, 2027, 9, 30, PERIOD_FISCAL_QUARTER, "FY2027-Q4"},
	{"FY2027-H1", 10, 2026, 10, 1, 2027, 3, 31, PERIOD_FISCAL_HALF, "FY2027-H1"},
	{"Fy2027-h2", 10, 2027, 4, 1, 2027, 9, 30, PERIOD_FISCAL_HALF, "FY2027-H2"},
	{"FY2027-Q1", 1, 2027, 1, 1, 2027, 3, 31, PERIOD_FISCAL_QUARTER, "FY2027-Q1"},
	{"FY2027-Q4", 2, 2026, 11, 1, 2027, 1, 31, PERIOD_FISCAL_QUARTER, "FY2027-Q4"},
	{"FY2027", 12, 2026, 12, 1, 2027, 11, 30, PERIOD_FISCAL_YEAR, "FY2027"},
	{"FY0001", 1, 1, 1, 1, 1, 12, 31, PERIOD_FISCAL_YEAR, "FY0001"},
	{"FY9999", 10, 9998, 10, 1, 9999, 9, 30, PERIOD_FISCAL_YEAR, "FY9999"},
	{"FY0001-Q2", 10, 1, 1, 1, 1, 3, 31, PERIOD_FISCAL_QUARTER, "FY0001-Q2"},
};

static void
test_good(void)
{
	size_t		i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
	{
		const GoodCase *g = &good[i];
		OkrPeriod	p;
		char		detail[PERIOD_DETAIL_LEN];
		char		out[PERIOD_OUTPUT_LEN];
		char		name[200];
		char		diag[400];
		PeriodStatus st;
		int			n = -1;

		memset(&p, 0xAB, sizeof(p));
		st = period_parse(g->input, g->fs, &p, detail, sizeof(detail));
		if (st == PERIOD_OK)
			n = period_format(&p, out, sizeof(out));
		snprintf(name, sizeof(name), "parse \"%s\" (fiscal start %d)", show(g->input), g->fs);
		snprintf(diag, sizeof(diag), "status %s (%s), start %d end %d kind %d fs %d, output %s",
				 status_name(st), detail, p.start, p.end, p.kind, p.fiscal_start,
				 n >= 0 ? out : "(none)");
		ok(st == PERIOD_OK &&
		   p.start == D(g->sy, g->sm, g->sd) &&
		   p.end == D(g->ey, g->em, g->ed) &&
		   p.kind == g->kind &&
		   p.fiscal_start == ((g->kind >= PERIOD_FISCAL_YEAR) ? g->fs : 1) &&
		   p.reserved == 0 &&
		   n == (int) strlen(g->output) && strcmp(out, g->output) == 0 &&
		   detail[0] == '\0',
		   name, diag);
	}
}

/* ---------------------------------------------------------------------
 * Bad inputs: status and detail
 * ---------------------------------------------------------------------
 */
typedef struct BadCase
{
	const char *input;
	int			fs;
	PeriodStatus status;
	const char *detail;			/* a substring of the expected detail */
} BadCase;

static const BadCase bad[] = {
	{"2026-Q5", 1, PERIOD_BAD_FIELD, "A quarter is Q1 to Q4."},
	{"2026-Q0", 1, PERIOD_BAD_FIELD, "A quarter is Q1 to Q4."},
	{"2026-Q10", 1, PERIOD_BAD_FIELD, "A quarter is Q1 to Q4."},
	{"2025-W53", 1, PERIOD_BAD_FIELD, "2025 has 52 ISO weeks, W01 to W52."},
	{"2026-W54", 1, PERIOD_BAD_FIELD, "2026 has 53 ISO weeks, W01 to W53."},
	{"2026-W00", 1, PERIOD_BAD_FIELD, "2026 has 53 ISO weeks"},
	{"2026-13", 1, PERIOD_BAD_FIELD, "A month is 01 to 12."},
	{"2026-00", 1, PERIOD_BAD_FIELD, "A month is 01 to 12."},
	{"2026-H3", 1, PERIOD_BAD_FIELD, "A half is H1 or H2."},
	{"2026-H0", 1, PERIOD_BAD_FIELD, "A half is H1 or H2."},
	{"FY2027-Q5", 10, PERIOD_BAD_FIELD, "A fiscal quarter is Q1 to Q4."},
	{"FY2027-H3", 10, PERIOD_BAD_FIELD, "A fiscal half is H1 or H2."},
	{"[2026-12-31,2026-10-01]", 1, PERIOD_BAD_FIELD, "The span ends (2026-10-01) before it starts (2026-12-31)."},
	{"[2026-02-30,2026-03-01]", 1, PERIOD_BAD_FIELD, "first day is not a date: February 2026 has 28 days."},
	{"[2026-02-01,2026-02-29]", 1, PERIOD_BAD_FIELD, "last day is not a date: February 2026 has 28 days."},
	{"[2026-13-01,2026-12-01]", 1, PERIOD_BAD_FIELD, "a month is 01 to 12"},
	{"[2026-04-31,2026-05-01]", 1, PERIOD_BAD_FIELD, "April 2026 has 30 days"},
	{"[2026-01-00,2026-05-01]", 1, PERIOD_BAD_FIELD, "January 2026 has 31 days"},
	{"10000", 1, PERIOD_OUT_OF_RANGE, "Years run from 0001 to 9999."},
	{"0000", 1, PERIOD_OUT_OF_RANGE, "Years run from 0001 to 9999."},
	{"0000-Q1", 1, PERIOD_OUT_OF_RANGE, "Years run from 0001 to 9999."},
	{"99999999999999999999999-Q1", 1, PERIOD_OUT_OF_RANGE, "Years run"},
	{"FY10000", 1, PERIOD_OUT_OF_RANGE, "Years run from 0001 to 9999."},
	{"FY0001", 10, PERIOD_OUT_OF_RANGE, "It would run from 0000-10-01 to 0001-09-30"},
	{"FY0001-H1", 10, PERIOD_OUT_OF_RANGE, "0000-10-01"},
	{"[0000-12-31,0001-01-01]", 1, PERIOD_OUT_OF_RANGE, "first day is out of range"},
	{"[9999-12-31,10000-01-01]", 1, PERIOD_OUT_OF_RANGE, "last day is out of range"},
	{"2026-Q4 junk", 1, PERIOD_SYNTAX, "Unexpected text after \"2026-Q4\"."},
	{"2026 Q4", 1, PERIOD_SYNTAX, "Unexpected text after \"2026\"."},
	{"2026-Q5 junk", 1, PERIOD_SYNTAX, "Unexpected text"},
	{"2026-Q4]", 1, PERIOD_SYNTAX, "Unexpected text"},
	{"", 1, PERIOD_SYNTAX, "The input is empty."},
	{"   ", 1, PERIOD_SYNTAX, "The input is empty."},
	{"\t\n\r\f\v ", 1, PERIOD_SYNTAX, "The input is empty."},
	{"[2026-10-01,2026-12-31", 1, PERIOD_SYNTAX, "A span of days is written"},
	{"[2026-10-01 2026-12-31]", 1, PERIOD_SYNTAX, "A span of days is written"},
	{"[2026-10-01,2026-12-31]x", 1, PERIOD_SYNTAX, "Unexpected text after \"[2026-10-01,2026-12-31]\"."},
	{"[26-10-01,2026-12-31]", 1, PERIOD_SYNTAX, "A span of days is written"},
	{"[2026-10,2026-12-31]", 1, PERIOD_SYNTAX, "A span of days is written"},
	{"[", 1, PERIOD_SYNTAX, "A span of days is written"},
	{"[]", 1, PERIOD_SYNTAX, "A span of days is written"},
	{"FY", 1, PERIOD_SYNTAX, "A fiscal period is written"},
	{"F", 1, PERIOD_SYNTAX, "A fiscal period is written"},
	{"FX2027", 1, PERIOD_SYNTAX, "A fiscal period is written"},
	{"FY27", 1, PERIOD_SYNTAX, "A fiscal period is written"},
	{"FY2027-W01", 1, PERIOD_SYNTAX, "A fiscal period is written"},
	{"FY2027-01", 1, PERIOD_SYNTAX, "A fiscal period is written"},
	{"FY2027-Q", 1, PERIOD_SYNTAX, "Expected digits after \"FY2027-Q\"."},
	{"2026-", 1, PERIOD_SYNTAX, "After the year comes"},
	{"2026-X1", 1, PERIOD_SYNTAX, "After the year comes"},
	{"2026-Q", 1, PERIOD_SYNTAX, "Expected digits after \"2026-Q\"."},
	{"2026-W", 1, PERIOD_SYNTAX, "Expected digits"},
	{"2026-10-01", 1, PERIOD_SYNTAX, "A single day is written as a span"},
	{"26", 1, PERIOD_SYNTAX, "A year is written with four digits"},
	{"202", 1, PERIOD_SYNTAX, "A year is written with four digits"},
	{"Q4 2026", 1, PERIOD_SYNTAX, "A period starts with a year (2026), FY (FY2027) or \"[\""},
	{"-2026", 1, PERIOD_SYNTAX, "A period starts with"},
	{"+2026", 1, PERIOD_SYNTAX, "A period starts with"},
	{"２０２６", 1, PERIOD_SYNTAX, "A period starts with"},
	{"2026\xc2\xa0", 1, PERIOD_SYNTAX, "Unexpected text"},
	{"2026-Q4", 0, PERIOD_BAD_FIELD, "The fiscal year starts in a month 1 to 12, not 0."},
	{"2026-Q4", 13, PERIOD_BAD_FIELD, "not 13"},
};

static void
test_bad(void)
{
	size_t		i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
	{
		const BadCase *b = &bad[i];
		OkrPeriod	p;
		char		detail[PERIOD_DETAIL_LEN];
		char		name[200];
		char		diag[400];
		PeriodStatus st;

		st = period_parse(b->input, b->fs, &p, detail, sizeof(detail));
		snprintf(name, sizeof(name), "reject \"%s\" (fiscal start %d) as %s",
				 show(b->input), b->fs, status_name(b->status));
		snprintf(diag, sizeof(diag), "got %s: %s", status_name(st), detail);
		ok(st == b->status && strstr(detail, b->detail) != NULL, name, diag);
	}
	{
		OkrPeriod	p;

		ok(period_parse(NULL, 1, &p, NULL, 0) == PERIOD_SYNTAX,
		   "NULL input with no detail buffer", NULL);
	}
	/* long inputs: the echoed prefix in the detail is cut */
	{
		size_t		len = 100000;
		char	   *s = malloc(len + 1);
		char		detail[PERIOD_DETAIL_LEN];
		OkrPeriod	p;
		PeriodStatus st;

		memset(s, '9', len);
		s[len] = '\0';
		st = period_parse(s, 1, &p, detail, sizeof(detail));
		ok(st == PERIOD_SYNTAX && strstr(detail, "100000 bytes long") != NULL,
		   "100000 nines: too long", detail);

		memcpy(s, "2026-Q1", 7);
		memset(s + 7, 'x', len - 7);
		st = period_parse(s, 1, &p, detail, sizeof(detail));
		ok(st == PERIOD_SYNTAX && strstr(detail, "at most 100") != NULL,
		   "2026-Q1 and 100 kB of junk: too long", detail);

		memset(s, 'x', len);
		st = period_parse(s, 1, &p, detail, sizeof(detail));
		ok(st == PERIOD_SYNTAX, "100 kB of x", detail);

		/* 100 kB of whitespace around a period is fine */
		memset(s, ' ', len);
		memcpy(s + len / 2, "2026-Q1", 7);
		st = period_parse(s, 1, &p, detail, sizeof(detail));
		ok(st == PERIOD_OK && p.start == D(2026, 1, 1), "2026-Q1 inside 100 kB of spaces", detail);

		/* exactly PERIOD_MAX_INPUT bytes is accepted, one more is not */
		memset(s, '0', PERIOD_MAX_INPUT - 7);
		memcpy(s + PERIOD_MAX_INPUT - 7, "2026-Q1", 8);
		st = period_parse(s, 1, &p, detail, sizeof(detail));
		ok(st == PERIOD_OK && p.start == D(2026, 1, 1), "leading zeros up to the length limit", detail);
		memset(s, '0', PERIOD_MAX_INPUT - 6);
		memcpy(s + PERIOD_MAX_INPUT - 6, "2026-Q1", 8);
		st = period_parse(s, 1, &p, detail, sizeof(detail));
		ok(st == PERIOD_SYNTAX && strstr(detail, "101 bytes long") != NULL,
		   "one byte over the length limit", detail);

		/* a long prefix before junk is cut in the detail */
		memset(s, '0', 60);
		memcpy(s + 60, "2026-Q1 Z", 10);
		st = period_parse(s, 1, &p, detail, sizeof(detail));
		ok(st == PERIOD_SYNTAX && strlen(detail) < 80 && strstr(detail, "0...\"") != NULL,
		   "long prefix before junk is cut in the detail", detail);
		free(s);
	}
	/* tiny detail buffers are still terminated */
	{
		char		detail[4];
		OkrPeriod	p;

		memset(detail, 'z', sizeof(detail));
		ok(period_parse("2026-Q5", 1, &p, detail, sizeof(detail)) == PERIOD_BAD_FIELD &&
		   strcmp(detail, "A q") == 0, "a 4-byte detail buffer gets 3 characters", detail);
		memset(detail, 'z', sizeof(detail));
		ok(period_parse("2026-Q5", 1, &p, detail, 1) == PERIOD_BAD_FIELD &&
		   detail[0] == '\0' && detail[1] == 'z', "a 1-byte detail buffer gets the NUL only", NULL);
	}
}

/* ---------------------------------------------------------------------
 * period_of, period_span, validate, cmp, format
 * ---------------------------------------------------------------------
 */
static void
test_derived(void)
{
	OkrPeriod	p,
				q;
	char		out[PERIOD_OUTPUT_LEN];
	char		detail[PERIOD_DETAIL_LEN];
	int			kind,
				fs;
	int64_t		day;
	int			failures = 0;
	char		diag[300] = "";

	ok(period_of(PERIOD_QUARTER, D(2026, 12, 31), 1, &p, NULL, 0) == PERIOD_OK &&
	   period_format(&p, out, sizeof(out)) > 0 && strcmp(out, "2026-Q4") == 0,
	   "quarter of 2026-12-31 is 2026-Q4", out);
	ok(period_of(PERIOD_WEEK, D(2027, 1, 1), 1, &p, NULL, 0) == PERIOD_OK &&
	   period_format(&p, out, sizeof(out)) > 0 && strcmp(out, "2026-W53") == 0,
	   "week of 2027-01-01 is 2026-W53", out);
	ok(period_of(PERIOD_WEEK, D(2024, 12, 30), 1, &p, NULL, 0) == PERIOD_OK &&
	   period_format(&p, out, sizeof(out)) > 0 && strcmp(out, "2025-W01") == 0,
	   "week of 2024-12-30 is 2025-W01", out);
	ok(period_of(PERIOD_FISCAL_QUARTER, D(2026, 10, 1), 10, &p, NULL, 0) == PERIOD_OK &&
	   period_format(&p, out, sizeof(out)) > 0 && strcmp(out, "FY2027-Q1") == 0,
	   "fiscal quarter of 2026-10-01 (start 10) is FY2027-Q1", out);
	ok(period_of(PERIOD_FISCAL_YEAR, D(2026, 9, 30), 10, &p, NULL, 0) == PERIOD_OK &&
	   period_format(&p, out, sizeof(out)) > 0 && strcmp(out, "FY2026") == 0,
	   "fiscal year of 2026-09-30 (start 10) is FY2026", out);
	ok(period_of(PERIOD_FISCAL_HALF, D(2027, 4, 1), 10, &p, NULL, 0) == PERIOD_OK &&
	   period_format(&p, out, sizeof(out)) > 0 && strcmp(out, "FY2027-H2") == 0,
	   "fiscal half of 2027-04-01 (start 10) is FY2027-H2", out);
	ok(period_of(PERIOD_FISCAL_YEAR, D(9999, 10, 1), 10, &p, detail, sizeof(detail)) == PERIOD_OUT_OF_RANGE,
	   "fiscal year of 9999-10-01 (start 10) would be FY10000", detail);
	ok(period_of(PERIOD_FISCAL_YEAR, D(1, 1, 1), 10, &p, detail, sizeof(detail)) == PERIOD_OUT_OF_RANGE,
	   "fiscal year of 0001-01-01 (start 10) begins in year 0", detail);
	ok(period_of(PERIOD_FISCAL_QUARTER, D(1, 1, 1), 10, &p, detail, sizeof(detail)) == PERIOD_OK &&
	   period_format(&p, out, sizeof(out)) > 0 && strcmp(out, "FY0001-Q2") == 0,
	   "fiscal quarter of 0001-01-01 (start 10) is FY0001-Q2", out);
	ok(period_of(PERIOD_WEEK, D(9999, 12, 31), 1, &p, detail, sizeof(detail)) == PERIOD_OUT_OF_RANGE,
	   "the ISO week of 9999-12-31 ends in 10000", detail);
	ok(period_of(PERIOD_WEEK, D(1, 1, 1), 1, &p, detail, sizeof(detail)) == PERIOD_OK &&
	   p.start == PERIOD_MIN_DAY, "the ISO week of 0001-01-01 is 0001-W01", detail);
	ok(period_of(PERIOD_YEAR, PERIOD_MAX_DAY + 1, 1, &p, detail, sizeof(detail)) == PERIOD_OUT_OF_RANGE &&
	   period_of(PERIOD_YEAR, PERIOD_MIN_DAY - 1, 1, &p, detail, sizeof(detail)) == PERIOD_OUT_OF_RANGE,
	   "days outside 0001..9999 are out of range", detail);
	ok(period_of(PERIOD_SPAN, 0, 1, &p, NULL, 0) == PERIOD_BAD_FIELD &&
	   period_of(PERIOD_KIND_INVALID, 0, 1, &p, NULL, 0) == PERIOD_BAD_FIELD &&
	   period_of((PeriodKind) 42, 0, 1, &p, NULL, 0) == PERIOD_BAD_FIELD,
	   "period_of refuses span and unknown kinds", NULL);

	/* every day 2024..2028, every kind, every fiscal start */
	for (fs = 1; fs <= 12; fs++)
		for (kind = PERIOD_YEAR; kind <= PERIOD_KIND_MAX; kind++)
		{
			if (kind == PERIOD_SPAN)
				continue;
			for (day = D(2024, 1, 1); day <= D(2028, 12, 31); day++)
			{
				PeriodStatus st = period_of((PeriodKind) kind, day, fs, &p, detail, sizeof(detail));
				int			n = st == PERIOD_OK ? period_format(&p, out, sizeof(out)) : -1;
				int			good_one = st == PERIOD_OK && p.start <= day && day <= p.end &&
					p.kind == kind && period_validate(&p, NULL, 0) == PERIOD_OK && n > 0 &&
					period_parse(out, fs, &q, NULL, 0) == PERIOD_OK &&
					memcmp(&p, &q, sizeof(p)) == 0;

				if (!good_one && failures++ == 0)
					snprintf(diag, sizeof(diag), "kind %d fs %d day %lld: %s %s",
							 kind, fs, (long long) day, status_name(st), detail);
			}
		}
	ok(failures == 0, "period_of(kind, d) holds d, validates and round-trips through text (2024..2028, fiscal start 1..12)", diag);

	/* whole range for the calendar kinds (fiscal start 1 and 7) */
	failures = 0;
	for (kind = PERIOD_YEAR; kind <= PERIOD_KIND_MAX; kind++)
	{
		if (kind == PERIOD_SPAN)
			continue;
		for (day = PERIOD_MIN_DAY; day <= PERIOD_MAX_DAY; day += 3)
		{
			PeriodStatus st = period_of((PeriodKind) kind, day, kind >= PERIOD_FISCAL_YEAR ? 7 : 1,
										&p, NULL, 0);

			if (st == PERIOD_OK)
			{
				if (!(p.start <= day && day <= p.end) ||
					period_format(&p, out, sizeof(out)) < 0 ||
					period_parse(out, p.fiscal_start, &q, NULL, 0) != PERIOD_OK ||
					memcmp(&p, &q, sizeof(p)) != 0)
					failures++;
			}
			else if (st != PERIOD_OUT_OF_RANGE)
				failures++;
		}
	}
	ok(failures == 0, "period_of over 0001..9999: holds the day and round-trips, or is out of range", NULL);

	/* spans */
	ok(period_span(D(2026, 10, 1), D(2026, 12, 31), &p, detail, sizeof(detail)) == PERIOD_OK &&
	   p.kind == PERIOD_SPAN && p.fiscal_start == 1, "span constructor", detail);
	ok(period_span(D(2026, 10, 2), D(2026, 10, 1), &p, detail, sizeof(detail)) == PERIOD_BAD_FIELD &&
	   strstr(detail, "ends (2026-10-01) before it starts (2026-10-02)") != NULL,
	   "reversed span", detail);
	ok(period_span(PERIOD_MIN_DAY - 1, 0, &p, detail, sizeof(detail)) == PERIOD_OUT_OF_RANGE &&
	   period_span(0, PERIOD_MAX_DAY + 1, &p, NULL, 0) == PERIOD_OUT_OF_RANGE &&
	   period_span(INT64_MIN / 2, INT64_MAX / 2, &p, NULL, 0) == PERIOD_OUT_OF_RANGE,
	   "span days out of range", detail);

	/* validate */
	{
		struct
		{
			OkrPeriod	v;
			const char *name;
		}			vs[] = {
			{{(int32_t) D(2026, 1, 1), (int32_t) D(2026, 3, 31), PERIOD_QUARTER, 1, 0}, NULL},
			{{(int32_t) D(2026, 1, 2), (int32_t) D(2026, 3, 31), PERIOD_QUARTER, 1, 0}, "a quarter not starting on a quarter"},
			{{(int32_t) D(2026, 1, 1), (int32_t) D(2026, 3, 30), PERIOD_QUARTER, 1, 0}, "a quarter one day short"},
			{{(int32_t) D(2026, 1, 1), (int32_t) D(2026, 3, 31), 0, 1, 0}, "kind 0"},
			{{(int32_t) D(2026, 1, 1), (int32_t) D(2026, 3, 31), 10, 1, 0}, "kind 10"},
			{{(int32_t) D(2026, 1, 1), (int32_t) D(2026, 3, 31), 255, 1, 0}, "kind 255"},
			{{(int32_t) D(2026, 1, 1), (int32_t) D(2026, 3, 31), PERIOD_QUARTER, 2, 0}, "calendar quarter with fiscal start 2"},
			{{(int32_t) D(2026, 1, 1), (int32_t) D(2026, 3, 31), PERIOD_FISCAL_QUARTER, 0, 0}, "fiscal start 0"},
			{{(int32_t) D(2026, 1, 1), (int32_t) D(2026, 3, 31), PERIOD_FISCAL_QUARTER, 13, 0}, "fiscal start 13"},
			{{(int32_t) D(2026, 1, 1), (int32_t) D(2026, 3, 31), PERIOD_FISCAL_QUARTER, 10, 0}, NULL},
			{{(int32_t) D(2026, 1, 1), (int32_t) D(2026, 3, 31), PERIOD_FISCAL_QUARTER, 11, 0}, "fiscal quarter misaligned with its start month"},
			{{(int32_t) D(2026, 1, 1), (int32_t) D(2026, 3, 31), PERIOD_SPAN, 1, 0}, NULL},
			{{(int32_t) D(2026, 1, 1), (int32_t) D(2026, 3, 31), PERIOD_SPAN, 1, 1}, "reserved not zero"},
			{{(int32_t) D(2026, 3, 31), (int32_t) D(2026, 1, 1), PERIOD_SPAN, 1, 0}, "reversed span"},
			{{PERIOD_MIN_DAY - 1, 0, PERIOD_SPAN, 1, 0}, "start before 0001"},
			{{0, PERIOD_MAX_DAY + 1, PERIOD_SPAN, 1, 0}, "end after 9999"},
			{{INT32_MIN, INT32_MAX, PERIOD_SPAN, 1, 0}, "int32 extremes"},
			{{(int32_t) D(2025, 12, 29), (int32_t) D(2026, 1, 4), PERIOD_WEEK, 1, 0}, NULL},
			{{(int32_t) D(2025, 12, 30), (int32_t) D(2026, 1, 5), PERIOD_WEEK, 1, 0}, "a week not starting on Monday"},
			{{(int32_t) D(9999, 12, 27), (int32_t) D(9999, 12, 31), PERIOD_WEEK, 1, 0}, "the cut-off last week of 9999"},
		};
		size_t		i;

		for (i = 0; i < sizeof(vs) / sizeof(vs[0]); i++)
		{
			char		name[200];
			PeriodStatus st = period_validate(&vs[i].v, detail, sizeof(detail));

			if (vs[i].name == NULL)
			{
				snprintf(name, sizeof(name), "validate accepts case %d", (int) i);
				ok(st == PERIOD_OK && period_format(&vs[i].v, out, sizeof(out)) > 0, name, detail);
			}
			else
			{
				snprintf(name, sizeof(name), "validate rejects %s", vs[i].name);
				ok(st == PERIOD_BAD_VALUE && detail[0] != '\0' &&
				   period_format(&vs[i].v, out, sizeof(out)) == -1, name, detail);
			}
		}
	}

	/* format into short buffers */
	period_parse("[2026-10-01,2026-12-31]", 1, &p, NULL, 0);
	ok(period_format(&p, out, 24) == 23 && period_format(&p, out, 23) == -1 &&
	   period_format(&p, out, 0) == -1 && period_format(&p, NULL, 10) == -1,
	   "format refuses a buffer too small", NULL);

	/* comparison */
	{
		OkrPeriod	a,
					b,
					c;

		period_parse("2026-Q4", 1, &a, NULL, 0);
		period_parse("[2026-10-01,2026-12-31]", 1, &b, NULL, 0);
		period_parse("2026-10", 1, &c, NULL, 0);
		ok(period_cmp(&a, &b) == 0 && period_cmp(&c, &a) < 0 && period_cmp(&a, &c) > 0,
		   "cmp: same days equal whatever the form; shorter first at the same start", NULL);
		period_parse("2026-W01", 1, &c, NULL, 0);
		ok(period_cmp(&c, &a) < 0 && period_cmp(&a, &c) > 0, "cmp: earlier start first", NULL);
	}

	/* kind names */
	ok(period_kind_from_name("quarter") == PERIOD_QUARTER &&
	   period_kind_from_name("Fiscal_Quarter") == PERIOD_FISCAL_QUARTER &&
	   period_kind_from_name("span") == PERIOD_SPAN &&
	   period_kind_from_name("quarters") == PERIOD_KIND_INVALID &&
	   period_kind_from_name("quarte") == PERIOD_KIND_INVALID &&
	   period_kind_from_name("") == PERIOD_KIND_INVALID &&
	   period_kind_from_name(NULL) == PERIOD_KIND_INVALID,
	   "kind names", NULL);
	ok(strcmp(period_kind_name(PERIOD_WEEK), "week") == 0 &&
	   strcmp(period_kind_name(PERIOD_FISCAL_HALF), "fiscal_half") == 0 &&
	   period_kind_name(0) == NULL && period_kind_name(10) == NULL,
	   "kind name lookup", NULL);
}

/* ---------------------------------------------------------------------
 * Fuzz: random and mutated strings must never crash, and whatever is
 * accepted must format and re-parse to the identical struct.
 * ---------------------------------------------------------------------
 */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint32_t
rnd(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t) ((rng_state * 0x2545F4914F6CDD1DULL) >> 32);
}

static const char *const seeds[] = {
	"2026", "2026-H1", "2026-Q4", "2026-11", "2026-W47", "2026-W53",
	"[2026-10-01,2026-12-31]", "[ 2024-02-29 , 2024-02-29 ]", "FY2027",
	"FY2027-H2", "FY2027-Q1", "0001-W01", "9999-12", "[0001-01-01,9999-12-31]",
	"fy0001-q2", "2020-w53"
};

static void
test_fuzz(int iterations)
{
	static const char alphabet[] = "0123456789-[], \tQHWFYqhwfyx9120\xc3\xa9";
	int			i;
	int			accepted = 0,
				failures = 0,
				bad_detail = 0;
	char		diag[300] = "";
	char		name[100];

	for (i = 0; i < iterations; i++)
	{
		char		tmp[64];
		size_t		len;
		char	   *s;
		OkrPeriod	p,
					q;
		char		detail[PERIOD_DETAIL_LEN];
		char		out[PERIOD_OUTPUT_LEN];
		int			fs = (int) (rnd() % 12) + 1;
		PeriodStatus st;
		int			mode = (int) (rnd() % 3);

		if (mode == 0)
		{
			/* random bytes from a period-ish alphabet, sometimes any byte */
			size_t		k;

			len = rnd() % 30;
			for (k = 0; k < len; k++)
				tmp[k] = (rnd() % 8 == 0) ? (char) (rnd() % 255 + 1)
					: alphabet[rnd() % (sizeof(alphabet) - 1)];
		}
		else
		{
			/* a valid form with a few mutations */
			const char *seed = seeds[rnd() % (sizeof(seeds) / sizeof(seeds[0]))];
			int			muts = (int) (rnd() % 4) + (mode == 1 ? 1 : 0);
			int			k;

			len = strlen(seed);
			memcpy(tmp, seed, len);
			for (k = 0; k < muts; k++)
			{
				size_t		pos = len ? rnd() % len : 0;
				int			op = (int) (rnd() % 4);
				char		ch = (rnd() % 8 == 0) ? (char) (rnd() % 255 + 1)
					: alphabet[rnd() % (sizeof(alphabet) - 1)];

				if (op == 0 && len > 0)
					tmp[pos] = ch;	/* replace */
				else if (op == 1 && len > 0)
				{
					memmove(tmp + pos, tmp + pos + 1, len - pos - 1);	/* delete */
					len--;
				}
				else if (op == 2 && len < sizeof(tmp) - 1)
				{
					memmove(tmp + pos + 1, tmp + pos, len - pos);	/* insert */
					tmp[pos] = ch;
					len++;
				}
				else if (len > 0)
					len = rnd() % len;	/* truncate */
			}
		}
		/* an exact-size heap copy, so that an over-read shows under valgrind */
		s = malloc(len + 1);
		memcpy(s, tmp, len);
		s[len] = '\0';

		memset(detail, 'z', sizeof(detail));
		st = period_parse(s, fs, &p, detail, sizeof(detail));
		if (memchr(detail, '\0', sizeof(detail)) == NULL ||
			(st != PERIOD_OK && detail[0] == '\0') ||
			(st == PERIOD_OK && detail[0] != '\0'))
			bad_detail++;
		if (st == PERIOD_OK)
		{
			int			n;

			accepted++;
			n = period_format(&p, out, sizeof(out));
			if (period_validate(&p, NULL, 0) != PERIOD_OK || n <= 0 ||
				period_parse(out, fs, &q, NULL, 0) != PERIOD_OK ||
				memcmp(&p, &q, sizeof(p)) != 0)
			{
				if (failures++ == 0)
					snprintf(diag, sizeof(diag), "input \"%s\" fs %d: output \"%s\"",
							 show(s), fs, n > 0 ? out : "(none)");
			}
		}
		else if (st != PERIOD_SYNTAX && st != PERIOD_BAD_FIELD &&
				 st != PERIOD_OUT_OF_RANGE)
			failures++;
		/* no detail buffer at all must work too */
		if (period_parse(s, fs, &q, NULL, 0) != st)
			failures++;
		free(s);
	}
	snprintf(name, sizeof(name),
			 "fuzz: %d strings, %d accepted, all format and re-parse identically",
			 iterations, accepted);
	ok(failures == 0 && accepted > iterations / 50, name, diag);
	ok(bad_detail == 0, "fuzz: the detail is terminated, set on failure, empty on success", NULL);

	/* random structs through validate/format */
	failures = 0;
	for (i = 0; i < iterations; i++)
	{
		OkrPeriod	p,
					q;
		char		out[PERIOD_OUTPUT_LEN];
		int			n;

		p.start = (int32_t) (rnd() % 2 ? (int32_t) rnd() : (int32_t) (rnd() % 20000) - 5000);
		p.end = (int32_t) (rnd() % 2 ? (int32_t) rnd() : p.start + (int32_t) (rnd() % 400));
		p.kind = (uint8_t) (rnd() % 12);
		p.fiscal_start = (uint8_t) (rnd() % 14);
		p.reserved = (uint16_t) (rnd() % 16 == 0);
		n = period_format(&p, out, sizeof(out));
		if ((n > 0) != (period_validate(&p, NULL, 0) == PERIOD_OK))
			failures++;
		if (n > 0 && (period_parse(out, p.fiscal_start, &q, NULL, 0) != PERIOD_OK ||
					  memcmp(&p, &q, sizeof(p)) != 0))
			failures++;
	}
	ok(failures == 0, "fuzz: random structs format only when valid, and then round-trip", NULL);
}

int
main(int argc, char **argv)
{
	int			iterations = 200000;

	if (argc > 1)
		iterations = atoi(argv[1]);

	test_calendar();
	test_good();
	test_bad();
	test_derived();
	test_fuzz(iterations);

	printf("1..%d\n%s", tests_run, out_buf ? out_buf : "");
	free(out_buf);
	return tests_failed == 0 ? 0 : 1;
}

/*
 * period_parse.c — okr.period without PostgreSQL: parser, formatter and the
 * calendar arithmetic (proleptic Gregorian, days since 2000-01-01).
 *
 * See period_parse.h for the statuses and their SQLSTATEs.  Nothing here
 * reads outside the NUL-terminated input, allocates, or depends on the
 * locale: letters and whitespace are matched as ASCII.
 */
#include <stdio.h>
#include <string.h>

#include "period_parse.h"

/* Numbers in the input saturate here: anything larger is simply "too big". */
#define NUMBER_CAP	INT64_C(1000000000)

typedef struct Msg
{
	char	   *buf;
	size_t		len;
} Msg;

/* Write a detail message (snprintf always NUL-terminates and truncates). */
#define SAY(m, ...) \
	((m)->buf != NULL && (m)->len > 0 ? \
	 (void) snprintf((m)->buf, (m)->len, __VA_ARGS__) : (void) 0)

typedef struct Cursor
{
	const char *p;
	const char *end;
} Cursor;

static const char *const kind_names[] = {
	NULL, "year", "half", "quarter", "month", "week", "span",
	"fiscal_year", "fiscal_half", "fiscal_quarter"
};

/* The article-and-noun used in "... are not a quarter." */
static const char *const kind_nouns[] = {
	NULL, "a year", "a half year", "a quarter", "a month", "an ISO week",
	"a span", "a fiscal year", "a fiscal half year", "a fiscal quarter"
};

static const char *const month_names[] = {
	"", "January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};

/* ---------------------------------------------------------------------
 * Calendar arithmetic
 * ---------------------------------------------------------------------
 */

/* floor division and modulo for a positive divisor */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t		q = a / b;

	if ((a % b) != 0 && (a < 0))
		q--;
	return q;
}

static int64_t
floor_mod(int64_t a, int64_t b)
{
	return a - floor_div(a, b) * b;
}

/*
 * Days from 2000-01-01 to year-month-day.  Month 1..12, day 1..31; the year
 * may be anything whose days fit comfortably in int64.  (Counting in 400-year
 * eras of 146097 days, with years starting on March 1 so that the leap day is
 * the last day of the year.)
 */
int64_t
period_days_from_civil(int64_t year, int month, int day)
{
	int64_t		y = year - (month <= 2 ? 1 : 0);
	int64_t		era = floor_div(y, 400);
	int64_t		yoe = y - era * 400;	/* 0..399 */
	int64_t		mp = (month + 9) % 12;	/* March = 0 */
	int64_t		doy = (153 * mp + 2) / 5 + day - 1;	/* 0..365 */
	int64_t		doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;	/* 0..146096 */

	/* era 0 day 0 is 0000-03-01, which is 730425 days before 2000-01-01 */
	return era * 146097 + doe - 730425;
}

void
period_civil_from_days(int64_t days, int64_t *year, int *month, int *day)
{
	int64_t		z = days + 730425;
	int64_t		era = floor_div(z, 146097);
	int64_t		doe = z - era * 146097;
	int64_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t		mp = (5 * doy + 2) / 153;
	int			m = (int) (mp < 10 ? mp + 3 : mp - 9);

	*day = (int) (doy - (153 * mp + 2) / 5 + 1);
	*month = m;
	*year = yoe + era * 400 + (m <= 2 ? 1 : 0);
}

static int
is_leap(int64_t year)
{
	return floor_mod(year, 4) == 0 &&
		(floor_mod(year, 100) != 0 || floor_mod(year, 400) == 0);
}

int
period_days_in_month(int64_t year, int month)
{
	static const int dim[] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && is_leap(year))
		return 29;
	return dim[month];
}

/* Day of the week, Monday = 0 .. Sunday = 6 (2000-01-01 was a Saturday). */
static int
weekday(int64_t days)
{
	return (int) floor_mod(days + 5, 7);
}

/* The Monday of ISO week 1: the week holding January 4 (and so the first
 * Thursday). */
static int64_t
iso_week1_monday(int64_t year)
{
	int64_t		jan4 = period_days_from_civil(year, 1, 4);

	return jan4 - weekday(jan4);
}

int
period_iso_weeks_in_year(int64_t year)
{
	return (int) ((iso_week1_monday(year + 1) - iso_week1_monday(year)) / 7);
}

void
period_iso_week_of(int64_t days, int64_t *iso_year, int *week)
{
	int64_t		y;
	int			m,
				d;

	period_civil_from_days(days, &y, &m, &d);
	if (days >= iso_week1_monday(y + 1))
		y++;
	else if (days < iso_week1_monday(y))
		y--;
	*iso_year = y;
	*week = (int) ((days - iso_week1_monday(y)) / 7 + 1);
}

/* First day of month "month" counted from January of year (month >= 1; 13 is
 * January of the next year). */
static int64_t
first_of_month(int64_t year, int64_t month)
{
	return period_days_from_civil(year + (month - 1) / 12,
								  (int) ((month - 1) % 12 + 1), 1);
}

/* Format a day as YYYY-MM-DD (any year) into buf. */
static void
format_day(int64_t days, char *buf, size_t len)
{
	int64_t		y;
	int			m,
				d;

	period_civil_from_days(days, &y, &m, &d);
	snprintf(buf, len, "%04lld-%02d-%02d", (long long) y, m, d);
}

/* ---------------------------------------------------------------------
 * Building values
 * ---------------------------------------------------------------------
 */

static int
is_fiscal(int kind)
{
	return kind == PERIOD_FISCAL_YEAR || kind == PERIOD_FISCAL_HALF ||
		kind == PERIOD_FISCAL_QUARTER;
}

/* Store a period after checking that its days lie in 0001..9999. */
static PeriodStatus
fill(OkrPeriod *out, PeriodKind kind, int fiscal_start,
	 int64_t start, int64_t end, Msg *m)
{
	if (start < PERIOD_MIN_DAY || end > PERIOD_MAX_DAY)
	{
		char		a[32],
					b[32];

		format_day(start, a, sizeof(a));
		format_day(end, b, sizeof(b));
		SAY(m, "It would run from %s to %s; periods lie between 0001-01-01 and 9999-12-31.",
			a, b);
		return PERIOD_OUT_OF_RANGE;
	}
	out->start = (int32_t) start;
	out->end = (int32_t) end;
	out->kind = (uint8_t) kind;
	out->fiscal_start = (uint8_t) (is_fiscal(kind) ? fiscal_start : 1);
	out->reserved = 0;
	return PERIOD_OK;
}

/* count months from month "month" of year */
static PeriodStatus
fill_months(OkrPeriod *out, PeriodKind kind, int fiscal_start,
			int64_t year, int64_t month, int count, Msg *m)
{
	return fill(out, kind, fiscal_start, first_of_month(year, month),
				first_of_month(year, month + count) - 1, m);
}

/* The calendar year in which fiscal year fy begins. */
static int64_t
fiscal_base_year(int64_t fy, int fiscal_start)
{
	return fiscal_start == 1 ? fy : fy - 1;
}

PeriodStatus
period_span(int64_t start, int64_t end, OkrPeriod *out,
			char *detail, size_t detail_len)
{
	Msg			msg = {detail, detail_len};
	Msg		   *m = &msg;

	if (detail != NULL && detail_len > 0)
		detail[0] = '\0';
	if (start < PERIOD_MIN_DAY || start > PERIOD_MAX_DAY ||
		end < PERIOD_MIN_DAY || end > PERIOD_MAX_DAY)
	{
		SAY(m, "Days run from 0001-01-01 to 9999-12-31.");
		return PERIOD_OUT_OF_RANGE;
	}
	if (end < start)
	{
		char		a[32],
					b[32];

		format_day(start, a, sizeof(a));
		format_day(end, b, sizeof(b));
		SAY(m, "The span ends (%s) before it starts (%s).", b, a);
		return PERIOD_BAD_FIELD;
	}
	return fill(out, PERIOD_SPAN, 1, start, end, m);
}

PeriodStatus
period_of(PeriodKind kind, int64_t day, int fiscal_start, OkrPeriod *out,
		  char *detail, size_t detail_len)
{
	Msg			msg = {detail, detail_len};
	Msg		   *m = &msg;
	int64_t		y;
	int			mo,
				d;

	if (detail != NULL && detail_len > 0)
		detail[0] = '\0';
	if (fiscal_start < 1 || fiscal_start > 12)
	{
		SAY(m, "The fiscal year starts in a month 1 to 12, not %d.", fiscal_start);
		return PERIOD_BAD_FIELD;
	}
	if (day < PERIOD_MIN_DAY || day > PERIOD_MAX_DAY)
	{
		SAY(m, "Days run from 0001-01-01 to 9999-12-31.");
		return PERIOD_OUT_OF_RANGE;
	}
	period_civil_from_days(day, &y, &mo, &d);

	switch (kind)
	{
		case PERIOD_YEAR:
			return fill_months(out, kind, 1, y, 1, 12, m);
		case PERIOD_HALF:
			return fill_months(out, kind, 1, y, (mo - 1) / 6 * 6 + 1, 6, m);
		case PERIOD_QUARTER:
			return fill_months(out, kind, 1, y, (mo - 1) / 3 * 3 + 1, 3, m);
		case PERIOD_MONTH:
			return fill_months(out, kind, 1, y, mo, 1, m);
		case PERIOD_WEEK:
			{
				int64_t		iy;
				int			wk;
				int64_t		monday;

				period_iso_week_of(day, &iy, &wk);
				if (iy < 1 || iy > 9999)
				{
					SAY(m, "The day lies in ISO week %04lld-W%02d; years run from 0001 to 9999.",
						(long long) iy, wk);
					return PERIOD_OUT_OF_RANGE;
				}
				monday = iso_week1_monday(iy) + 7 * (int64_t) (wk - 1);
				return fill(out, kind, 1, monday, monday + 6, m);
			}
		case PERIOD_FISCAL_YEAR:
		case PERIOD_FISCAL_HALF:
		case PERIOD_FISCAL_QUARTER:
			{
				/* FY n is the fiscal year that ends in calendar year n */
				int64_t		fy = (fiscal_start == 1 || mo < fiscal_start) ? y : y + 1;
				int64_t		base = fiscal_base_year(fy, fiscal_start);
				int			offset = (mo - fiscal_start + 12) % 12;

				if (fy > 9999)
				{
					SAY(m, "The day lies in FY%04lld; fiscal years run from FY0001 to FY9999.",
						(long long) fy);
					return PERIOD_OUT_OF_RANGE;
				}
				if (kind == PERIOD_FISCAL_YEAR)
					return fill_months(out, kind, fiscal_start, base,
									   fiscal_start, 12, m);
				if (kind == PERIOD_FISCAL_HALF)
					return fill_months(out, kind, fiscal_start, base,
									   fiscal_start + offset / 6 * 6, 6, m);
				return fill_months(out, kind, fiscal_start, base,
								   fiscal_start + offset / 3 * 3, 3, m);
			}
		case PERIOD_SPAN:
		case PERIOD_KIND_INVALID:
			break;
	}
	SAY(m, "A period of kind %d cannot be derived from one day.", (int) kind);
	return PERIOD_BAD_FIELD;
}

/* ---------------------------------------------------------------------
 * Parsing
 * ---------------------------------------------------------------------
 */

static int
is_space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
		ch == '\f' || ch == '\v';
}

static int
is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static int
to_upper(int ch)
{
	return (ch >= 'a' && ch <= 'z') ? ch - 'a' + 'A' : ch;
}

/* next byte, or -1 at the end */
static int
peek(const Cursor *c)
{
	return c->p < c->end ? (unsigned char) *c->p : -1;
}

static void
skip_space(Cursor *c)
{
	while (c->p < c->end && is_space((unsigned char) *c->p))
		c->p++;
}

/* consume ch (an upper-case letter or punctuation), any case */
static int
accept(Cursor *c, int ch)
{
	if (c->p < c->end && to_upper((unsigned char) *c->p) == ch)
	{
		c->p++;
		return 1;
	}
	return 0;
}

/* Read a run of digits; returns how many.  The value saturates at NUMBER_CAP. */
static int
number(Cursor *c, int64_t *value)
{
	int64_t		v = 0;
	int			n = 0;

	while (c->p < c->end && is_digit((unsigned char) *c->p))
	{
		v = v * 10 + (*c->p - '0');
		if (v > NUMBER_CAP)
			v = NUMBER_CAP;
		c->p++;
		/* count, but do not overflow on absurd inputs */
		if (n < 1000000)
			n++;
	}
	*value = v;
	return n;
}

/*
 * Report text after a complete form, quoting what was read (only ASCII
 * digits, letters, punctuation and whitespace, shown as spaces; cut to 40).
 */
static PeriodStatus
trailing(const Cursor *c, const char *begin, Msg *m)
{
	char		seen[44];
	size_t		len = (size_t) (c->p - begin);
	size_t		i;

	if (len > 40)
	{
		len = 37;
		memcpy(seen + len, "...", 4);
	}
	else
		seen[len] = '\0';
	for (i = 0; i < len; i++)
		seen[i] = is_space((unsigned char) begin[i]) ? ' ' : begin[i];
	SAY(m, "Unexpected text after \"%s\".", seen);
	return PERIOD_SYNTAX;
}

static PeriodStatus
check_year(int64_t year, Msg *m)
{
	if (year < 1 || year > 9999)
	{
		SAY(m, "Years run from 0001 to 9999.");
		return PERIOD_OUT_OF_RANGE;
	}
	return PERIOD_OK;
}

/* "-H1", "-Q3", "-10" or "-W05" after a calendar year, c at the '-'. */
static PeriodStatus
scan_calendar_suffix(Cursor *c, const char *begin, PeriodKind *kind,
					 int64_t *n, Msg *m)
{
	c->p++;
	if (accept(c, 'H'))
		*kind = PERIOD_HALF;
	else if (accept(c, 'Q'))
		*kind = PERIOD_QUARTER;
	else if (accept(c, 'W'))
		*kind = PERIOD_WEEK;
	else if (is_digit(peek(c)))
		*kind = PERIOD_MONTH;
	else
	{
		SAY(m, "After the year comes -H1 or -H2, -Q1 to -Q4, a month -01 to -12 or an ISO week -W01 to -W53.");
		return PERIOD_SYNTAX;
	}
	if (number(c, n) == 0)
	{
		SAY(m, "Expected digits after \"%.*s\".",
			(int) (c->p - begin > 40 ? 40 : c->p - begin), begin);
		return PERIOD_SYNTAX;
	}
	if (*kind == PERIOD_MONTH && peek(c) == '-')
	{
		SAY(m, "A single day is written as a span, as in [2026-10-01,2026-10-01].");
		return PERIOD_SYNTAX;
	}
	return PERIOD_OK;
}

/* The calendar period of a kind, a checked year and its number n. */
static PeriodStatus
calendar_period(PeriodKind kind, int64_t year, int64_t n, OkrPeriod *out, Msg *m)
{
	switch (kind)
	{
		case PERIOD_YEAR:
			return fill_months(out, kind, 1, year, 1, 12, m);
		case PERIOD_HALF:
			if (n < 1 || n > 2)
			{
				SAY(m, "A half is H1 or H2.");
				return PERIOD_BAD_FIELD;
			}
			return fill_months(out, kind, 1, year, 6 * (n - 1) + 1, 6, m);
		case PERIOD_QUARTER:
			if (n < 1 || n > 4)
			{
				SAY(m, "A quarter is Q1 to Q4.");
				return PERIOD_BAD_FIELD;
			}
			return fill_months(out, kind, 1, year, 3 * (n - 1) + 1, 3, m);
		case PERIOD_MONTH:
			if (n < 1 || n > 12)
			{
				SAY(m, "A month is 01 to 12.");
				return PERIOD_BAD_FIELD;
			}
			return fill_months(out, kind, 1, year, n, 1, m);
		case PERIOD_WEEK:
			{
				int			weeks = period_iso_weeks_in_year(year);
				int64_t		monday;

				if (n < 1 || n > weeks)
				{
					SAY(m, "%04lld has %d ISO weeks, W01 to W%02d.",
						(long long) year, weeks, weeks);
					return PERIOD_BAD_FIELD;
				}
				monday = iso_week1_monday(year) + 7 * (n - 1);
				return fill(out, kind, 1, monday, monday + 6, m);
			}
		default:
			break;
	}
	SAY(m, "internal error: unexpected kind %d", (int) kind);
	return PERIOD_SYNTAX;
}

/* calendar forms: 2026, 2026-H1, 2026-Q1, 2026-01, 2026-W01 */
static PeriodStatus
parse_calendar(Cursor *c, OkrPeriod *out, Msg *m)
{
	const char *begin = c->p;
	int64_t		year;
	int64_t		n = 0;
	PeriodKind	kind = PERIOD_YEAR;
	PeriodStatus st;

	if (number(c, &year) < 4)
	{
		SAY(m, "A year is written with four digits, as in 2026.");
		return PERIOD_SYNTAX;
	}
	if (peek(c) == '-' &&
		(st = scan_calendar_suffix(c, begin, &kind, &n, m)) != PERIOD_OK)
		return st;
	if (c->p != c->end)
		return trailing(c, begin, m);
	if ((st = check_year(year, m)) != PERIOD_OK)
		return st;
	return calendar_period(kind, year, n, out, m);
}

/* fiscal forms: FY2027, FY2027-H1, FY2027-Q1 */
static PeriodStatus
parse_fiscal(Cursor *c, int fiscal_start, OkrPeriod *out, Msg *m)
{
	const char *begin = c->p;
	int64_t		fy;
	int64_t		n = 0;
	PeriodKind	kind = PERIOD_FISCAL_YEAR;
	PeriodStatus st;
	int64_t		base;

	if (!accept(c, 'F') || !accept(c, 'Y') || number(c, &fy) < 4)
	{
		SAY(m, "A fiscal period is written FY2027, FY2027-H1 or FY2027-Q1.");
		return PERIOD_SYNTAX;
	}
	if (peek(c) == '-')
	{
		c->p++;
		if (accept(c, 'H'))
			kind = PERIOD_FISCAL_HALF;
		else if (accept(c, 'Q'))
			kind = PERIOD_FISCAL_QUARTER;
		else
		{
			SAY(m, "A fiscal period is written FY2027, FY2027-H1 or FY2027-Q1.");
			return PERIOD_SYNTAX;
		}
		if (number(c, &n) == 0)
		{
			SAY(m, "Expected digits after \"%.*s\".",
				(int) (c->p - begin > 40 ? 40 : c->p - begin), begin);
			return PERIOD_SYNTAX;
		}
	}
	if (c->p != c->end)
		return trailing(c, begin, m);

	if ((st = check_year(fy, m)) != PERIOD_OK)
		return st;
	base = fiscal_base_year(fy, fiscal_start);
	switch (kind)
	{
		case PERIOD_FISCAL_YEAR:
			return fill_months(out, kind, fiscal_start, base, fiscal_start, 12, m);
		case PERIOD_FISCAL_HALF:
			if (n < 1 || n > 2)
			{
				SAY(m, "A fiscal half is H1 or H2.");
				return PERIOD_BAD_FIELD;
			}
			return fill_months(out, kind, fiscal_start, base,
							   fiscal_start + 6 * (n - 1), 6, m);
		case PERIOD_FISCAL_QUARTER:
			if (n < 1 || n > 4)
			{
				SAY(m, "A fiscal quarter is Q1 to Q4.");
				return PERIOD_BAD_FIELD;
			}
			return fill_months(out, kind, fiscal_start, base,
							   fiscal_start + 3 * (n - 1), 3, m);
		default:
			break;
	}
	SAY(m, "internal error: unexpected kind %d", (int) kind);
	return PERIOD_SYNTAX;
}

typedef struct Ymd
{
	int64_t		y;
	int64_t		m;
	int64_t		d;
} Ymd;

/* YYYY-MM-DD (year of four or more digits); returns 0 if not that shape */
static int
parse_ymd(Cursor *c, Ymd *out)
{
	if (number(c, &out->y) < 4 || peek(c) != '-')
		return 0;
	c->p++;
	if (number(c, &out->m) == 0 || peek(c) != '-')
		return 0;
	c->p++;
	if (number(c, &out->d) == 0)
		return 0;
	return 1;
}

static PeriodStatus
check_ymd(const Ymd *v, const char *which, int64_t *days, Msg *m)
{
	int			dim;

	if (v->y < 1 || v->y > 9999)
	{
		SAY(m, "The span's %s day is out of range: years run from 0001 to 9999.",
			which);
		return PERIOD_OUT_OF_RANGE;
	}
	if (v->m < 1 || v->m > 12)
	{
		SAY(m, "The span's %s day is not a date: a month is 01 to 12.", which);
		return PERIOD_BAD_FIELD;
	}
	dim = period_days_in_month(v->y, (int) v->m);
	if (v->d < 1 || v->d > dim)
	{
		SAY(m, "The span's %s day is not a date: %s %04lld has %d days.",
			which, month_names[v->m], (long long) v->y, dim);
		return PERIOD_BAD_FIELD;
	}
	*days = period_days_from_civil(v->y, (int) v->m, (int) v->d);
	return PERIOD_OK;
}

/* [2026-10-01,2026-12-31], spaces allowed inside */
static PeriodStatus
parse_span_text(Cursor *c, OkrPeriod *out, Msg *m)
{
	const char *begin = c->p;
	Ymd			a,
				b;
	int64_t		start,
				end;
	PeriodStatus st;

	c->p++;						/* the '[' */
	skip_space(c);
	if (!parse_ymd(c, &a))
		goto bad;
	skip_space(c);
	if (peek(c) != ',')
		goto bad;
	c->p++;
	skip_space(c);
	if (!parse_ymd(c, &b))
		goto bad;
	skip_space(c);
	if (peek(c) != ']')
		goto bad;
	c->p++;
	if (c->p != c->end)
		return trailing(c, begin, m);

	if ((st = check_ymd(&a, "first", &start, m)) != PERIOD_OK)
		return st;
	if ((st = check_ymd(&b, "last", &end, m)) != PERIOD_OK)
		return st;
	return period_span(start, end, out, m->buf, m->len);

bad:
	SAY(m, "A span of days is written [YYYY-MM-DD,YYYY-MM-DD] (first and last day), as in [2026-10-01,2026-12-31].");
	return PERIOD_SYNTAX;
}

PeriodStatus
period_parse(const char *text, int fiscal_start, OkrPeriod *out,
			 char *detail, size_t detail_len)
{
	Msg			msg = {detail, detail_len};
	Msg		   *m = &msg;
	Cursor		c;
	int			ch;

	if (detail != NULL && detail_len > 0)
		detail[0] = '\0';
	if (text == NULL)
	{
		SAY(m, "The input is empty.");
		return PERIOD_SYNTAX;
	}
	if (fiscal_start < 1 || fiscal_start > 12)
	{
		SAY(m, "The fiscal year starts in a month 1 to 12, not %d.", fiscal_start);
		return PERIOD_BAD_FIELD;
	}

	c.p = text;
	c.end = text + strlen(text);
	skip_space(&c);
	while (c.end > c.p && is_space((unsigned char) c.end[-1]))
		c.end--;

	ch = peek(&c);
	if (ch < 0)
	{
		SAY(m, "The input is empty.");
		return PERIOD_SYNTAX;
	}
	if (c.end - c.p > PERIOD_MAX_INPUT)
	{
		SAY(m, "The input is %lu bytes long; a period is written in at most %d.",
			(unsigned long) (c.end - c.p), PERIOD_MAX_INPUT);
		return PERIOD_SYNTAX;
	}
	if (ch == '[')
		return parse_span_text(&c, out, m);
	if (to_upper(ch) == 'F')
		return parse_fiscal(&c, fiscal_start, out, m);
	if (is_digit(ch))
		return parse_calendar(&c, out, m);
	SAY(m, "A period starts with a year (2026), FY (FY2027) or \"[\" (a span of days).");
	return PERIOD_SYNTAX;
}

/* ---------------------------------------------------------------------
 * Checking, formatting, comparing
 * ---------------------------------------------------------------------
 */

PeriodStatus
period_validate(const OkrPeriod *p, char *detail, size_t detail_len)
{
	Msg			msg = {detail, detail_len};
	Msg		   *m = &msg;
	OkrPeriod	q;

	if (detail != NULL && detail_len > 0)
		detail[0] = '\0';
	if (p->kind < 1 || p->kind > PERIOD_KIND_MAX)
	{
		SAY(m, "Unknown period kind %d.", (int) p->kind);
		return PERIOD_BAD_VALUE;
	}
	if (p->fiscal_start < 1 || p->fiscal_start > 12)
	{
		SAY(m, "The fiscal year start month is %d, not 1 to 12.",
			(int) p->fiscal_start);
		return PERIOD_BAD_VALUE;
	}
	if (!is_fiscal(p->kind) && p->fiscal_start != 1)
	{
		SAY(m, "A %s period has fiscal year start month 1, not %d.",
			kind_names[p->kind], (int) p->fiscal_start);
		return PERIOD_BAD_VALUE;
	}
	if (p->reserved != 0)
	{
		SAY(m, "The reserved field is %d, not 0.", (int) p->reserved);
		return PERIOD_BAD_VALUE;
	}
	if (p->start < PERIOD_MIN_DAY || p->start > PERIOD_MAX_DAY ||
		p->end < PERIOD_MIN_DAY || p->end > PERIOD_MAX_DAY)
	{
		SAY(m, "The days %ld and %ld are not both between 0001-01-01 and 9999-12-31.",
			(long) p->start, (long) p->end);
		return PERIOD_BAD_VALUE;
	}
	if (p->end < p->start)
	{
		char		a[32],
					b[32];

		format_day(p->start, a, sizeof(a));
		format_day(p->end, b, sizeof(b));
		SAY(m, "The period ends (%s) before it starts (%s).", b, a);
		return PERIOD_BAD_VALUE;
	}
	if (p->kind != PERIOD_SPAN &&
		(period_of((PeriodKind) p->kind, p->start, p->fiscal_start, &q, NULL, 0) != PERIOD_OK ||
		 q.start != p->start || q.end != p->end))
	{
		char		a[32],
					b[32];

		format_day(p->start, a, sizeof(a));
		format_day(p->end, b, sizeof(b));
		SAY(m, "The days %s to %s are not %s.", a, b, kind_nouns[p->kind]);
		return PERIOD_BAD_VALUE;
	}
	return PERIOD_OK;
}

int
period_format(const OkrPeriod *p, char *buf, size_t buf_len)
{
	int64_t		y;
	int			mo,
				d;
	int			n;
	int			fs = p->fiscal_start;

	if (buf == NULL || buf_len == 0 || period_validate(p, NULL, 0) != PERIOD_OK)
		return -1;
	period_civil_from_days(p->start, &y, &mo, &d);

	switch ((PeriodKind) p->kind)
	{
		case PERIOD_YEAR:
			n = snprintf(buf, buf_len, "%04lld", (long long) y);
			break;
		case PERIOD_HALF:
			n = snprintf(buf, buf_len, "%04lld-H%d", (long long) y, (mo - 1) / 6 + 1);
			break;
		case PERIOD_QUARTER:
			n = snprintf(buf, buf_len, "%04lld-Q%d", (long long) y, (mo - 1) / 3 + 1);
			break;
		case PERIOD_MONTH:
			n = snprintf(buf, buf_len, "%04lld-%02d", (long long) y, mo);
			break;
		case PERIOD_WEEK:
			{
				int64_t		iy;
				int			wk;

				period_iso_week_of(p->start, &iy, &wk);
				n = snprintf(buf, buf_len, "%04lld-W%02d", (long long) iy, wk);
				break;
			}
		case PERIOD_SPAN:
			{
				int64_t		y2;
				int			mo2,
							d2;

				period_civil_from_days(p->end, &y2, &mo2, &d2);
				n = snprintf(buf, buf_len, "[%04lld-%02d-%02d,%04lld-%02d-%02d]",
							 (long long) y, mo, d, (long long) y2, mo2, d2);
				break;
			}
		case PERIOD_FISCAL_YEAR:
		case PERIOD_FISCAL_HALF:
		case PERIOD_FISCAL_QUARTER:
			{
				int64_t		fy = (fs == 1 || mo < fs) ? y : y + 1;
				int			offset = (mo - fs + 12) % 12;

				if (p->kind == PERIOD_FISCAL_YEAR)
					n = snprintf(buf, buf_len, "FY%04lld", (long long) fy);
				else if (p->kind == PERIOD_FISCAL_HALF)
					n = snprintf(buf, buf_len, "FY%04lld-H%d", (long long) fy, offset / 6 + 1);
				else
					n = snprintf(buf, buf_len, "FY%04lld-Q%d", (long long) fy, offset / 3 + 1);
				break;
			}
		default:
			return -1;
	}
	if (n < 0 || (size_t) n >= buf_len)
		return -1;
	return n;
}

int
period_cmp(const OkrPeriod *a, const OkrPeriod *b)
{
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	return 0;
}

const char *
period_kind_name(int kind)
{
	if (kind < 1 || kind > PERIOD_KIND_MAX)
		return NULL;
	return kind_names[kind];
}

PeriodKind
period_kind_from_name(const char *name)
{
	int			k;

	if (name == NULL)
		return PERIOD_KIND_INVALID;
	for (k = 1; k <= PERIOD_KIND_MAX; k++)
	{
		const char *a = name;
		const char *b = kind_names[k];

		while (*a != '\0' && *b != '\0' &&
			   to_upper((unsigned char) *a) == to_upper((unsigned char) *b))
		{
			a++;
			b++;
		}
		if (*a == '\0' && *b == '\0')
			return (PeriodKind) k;
	}
	return PERIOD_KIND_INVALID;
}

/*
 * period.c — fmgr glue of the okr.period type: text and binary I/O,
 * accessors, constructors, comparison, hashing, containment, the casts to and
 * from daterange, okr.elapsed() and okr.pace_expected().
 *
 * The parsing, formatting and calendar arithmetic live in period_parse.c
 * (pure C); this file maps its statuses to SQLSTATEs:
 *
 *		PERIOD_SYNTAX		22P02 invalid_text_representation
 *		PERIOD_BAD_FIELD	22023 invalid_parameter_value
 *		PERIOD_OUT_OF_RANGE 22003 numeric_value_out_of_range
 *		PERIOD_BAD_VALUE	22P03 invalid_binary_representation
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/rangetypes.h"
#include "utils/sortsupport.h"
#include "utils/timestamp.h"

#include "compat.h"
#include "okr.h"
#include "period_parse.h"

StaticAssertDecl(sizeof(OkrPeriod) == 12, "okr.period is 12 bytes");

#define DatumGetPeriodP(X)		((OkrPeriod *) DatumGetPointer(X))
#define PG_GETARG_PERIOD_P(n)	DatumGetPeriodP(PG_GETARG_DATUM(n))
#define PG_RETURN_PERIOD_P(x)	PG_RETURN_POINTER(x)

/* How much of a bad input is repeated in an error message. */
#define ECHO_CHARS 40

#define PERIOD_FORMS_HINT \
	"A period is written 2026, 2026-H1, 2026-Q1, 2026-01, 2026-W01, " \
	"FY2027, FY2027-H1, FY2027-Q1 or [2026-10-01,2026-12-31]."

#define PERIOD_RANGE_HINT \
	"A period runs from its first to its last day, both within the years 0001 to 9999."

#define PERIOD_BINARY_HINT \
	"The binary form of okr.period is its first and last day (int4 each, days " \
	"since 2000-01-01), its kind and its fiscal year's first month (a byte each)."

#define PERIOD_KINDS_HINT \
	"The kinds are year, half, quarter, month, week, fiscal_year, " \
	"fiscal_half and fiscal_quarter."

/* The input, cut to ECHO_CHARS characters (never inside a character). */
static const char *
echo_input(const char *str)
{
	int			len = strlen(str);
	int			clip;

	if (pg_mbstrlen_with_len(str, len) <= ECHO_CHARS)
		return str;
	clip = pg_mbcliplen(str, len, ECHO_CHARS);
	return psprintf("%.*s...", clip, str);
}

static int
status_errcode(PeriodStatus st)
{
	switch (st)
	{
		case PERIOD_SYNTAX:
			return ERRCODE_INVALID_TEXT_REPRESENTATION;
		case PERIOD_BAD_FIELD:
			return ERRCODE_INVALID_PARAMETER_VALUE;
		case PERIOD_OUT_OF_RANGE:
			return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
		case PERIOD_BAD_VALUE:
			return ERRCODE_INVALID_BINARY_REPRESENTATION;
		case PERIOD_OK:
			break;
	}
	elog(ERROR, "unexpected okr.period status %d", (int) st);
	return 0;					/* keep the compiler quiet */
}

/* Report a failed text input. */
static void
report_input_error(PeriodStatus st, const char *input, const char *detail)
{
	const char *shown = echo_input(input);

	if (st == PERIOD_SYNTAX)
		ereport(ERROR,
				(errcode(status_errcode(st)),
				 errmsg("invalid input syntax for type okr.period: \"%s\"", shown),
				 errdetail("%s", detail),
				 errhint(PERIOD_FORMS_HINT)));
	else if (st == PERIOD_OUT_OF_RANGE)
		ereport(ERROR,
				(errcode(status_errcode(st)),
				 errmsg("okr.period out of range: \"%s\"", shown),
				 errdetail("%s", detail),
				 errhint(PERIOD_RANGE_HINT)));
	else
		ereport(ERROR,
				(errcode(status_errcode(st)),
				 errmsg("invalid value for type okr.period: \"%s\"", shown),
				 errdetail("%s", detail),
				 errhint(PERIOD_FORMS_HINT)));
}

/* Report a failure to build a period from dates. */
static void
report_build_error(PeriodStatus st, const char *detail)
{
	if (st == PERIOD_OUT_OF_RANGE)
		ereport(ERROR,
				(errcode(status_errcode(st)),
				 errmsg("okr.period out of range"),
				 errdetail("%s", detail),
				 errhint(PERIOD_RANGE_HINT)));
	else
		ereport(ERROR,
				(errcode(status_errcode(st)),
				 errmsg("invalid okr.period"),
				 errdetail("%s", detail),
				 errhint(PERIOD_RANGE_HINT)));
}

static OkrPeriod *
new_period(void)
{
	return (OkrPeriod *) palloc0(sizeof(OkrPeriod));
}

/* ---------------------------------------------------------------------
 * I/O
 * ---------------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(okr_period_in);
Datum
okr_period_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	OkrPeriod  *p = new_period();
	char		detail[PERIOD_DETAIL_LEN];
	PeriodStatus st;

	st = period_parse(str, okr_fiscal_year_start, p, detail, sizeof(detail));
	if (st != PERIOD_OK)
		report_input_error(st, str, detail);
	PG_RETURN_PERIOD_P(p);
}

PG_FUNCTION_INFO_V1(okr_period_out);
Datum
okr_period_out(PG_FUNCTION_ARGS)
{
	OkrPeriod  *p = PG_GETARG_PERIOD_P(0);
	char	   *buf = palloc(PERIOD_OUTPUT_LEN);

	if (period_format(p, buf, PERIOD_OUTPUT_LEN) < 0)
		elog(ERROR, "corrupt okr.period value (start %d, end %d, kind %d, fiscal start %d)",
			 p->start, p->end, p->kind, p->fiscal_start);
	PG_RETURN_CSTRING(buf);
}

/*
 * Binary form: start and end (int4, days since 2000-01-01), kind and
 * fiscal_start (one byte each).  Received values are checked as thoroughly
 * as text input.
 */
PG_FUNCTION_INFO_V1(okr_period_recv);
Datum
okr_period_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	OkrPeriod  *p = new_period();
	char		detail[PERIOD_DETAIL_LEN];

	if (buf->len - buf->cursor != 10)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external okr.period value"),
				 errdetail("The binary form has 10 bytes, not %d.",
						   buf->len - buf->cursor),
				 errhint(PERIOD_BINARY_HINT)));
	p->start = (int32) pq_getmsgint(buf, 4);
	p->end = (int32) pq_getmsgint(buf, 4);
	p->kind = (uint8) pq_getmsgbyte(buf);
	p->fiscal_start = (uint8) pq_getmsgbyte(buf);
	p->reserved = 0;
	if (period_validate(p, detail, sizeof(detail)) != PERIOD_OK)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external okr.period value"),
				 errdetail("%s", detail),
				 errhint(PERIOD_BINARY_HINT)));
	PG_RETURN_PERIOD_P(p);
}

PG_FUNCTION_INFO_V1(okr_period_send);
Datum
okr_period_send(PG_FUNCTION_ARGS)
{
	OkrPeriod  *p = PG_GETARG_PERIOD_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, p->start);
	pq_sendint32(&buf, p->end);
	pq_sendbyte(&buf, p->kind);
	pq_sendbyte(&buf, p->fiscal_start);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---------------------------------------------------------------------
 * Accessors and constructors
 * ---------------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(okr_period_start);
Datum
okr_period_start(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATEADT(PG_GETARG_PERIOD_P(0)->start);
}

PG_FUNCTION_INFO_V1(okr_period_end);
Datum
okr_period_end(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATEADT(PG_GETARG_PERIOD_P(0)->end);
}

PG_FUNCTION_INFO_V1(okr_period_days);
Datum
okr_period_days(PG_FUNCTION_ARGS)
{
	OkrPeriod  *p = PG_GETARG_PERIOD_P(0);

	PG_RETURN_INT32(p->end - p->start + 1);
}

PG_FUNCTION_INFO_V1(okr_period_kind);
Datum
okr_period_kind(PG_FUNCTION_ARGS)
{
	OkrPeriod  *p = PG_GETARG_PERIOD_P(0);
	const char *name = period_kind_name(p->kind);

	if (name == NULL)
		elog(ERROR, "corrupt okr.period value (kind %d)", p->kind);
	PG_RETURN_TEXT_P(cstring_to_text(name));
}

/* okr.period(first date, last date): a custom span, both days included */
PG_FUNCTION_INFO_V1(okr_period_make);
Datum
okr_period_make(PG_FUNCTION_ARGS)
{
	DateADT		first = PG_GETARG_DATEADT(0);
	DateADT		last = PG_GETARG_DATEADT(1);
	OkrPeriod  *p = new_period();
	char		detail[PERIOD_DETAIL_LEN];
	PeriodStatus st;

	st = period_span(first, last, p, detail, sizeof(detail));
	if (st != PERIOD_OK)
		report_build_error(st, detail);
	PG_RETURN_PERIOD_P(p);
}

/* okr.period_of(kind, day): the period of that kind holding the day */
PG_FUNCTION_INFO_V1(okr_period_of);
Datum
okr_period_of(PG_FUNCTION_ARGS)
{
	char	   *kind_name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	DateADT		day = PG_GETARG_DATEADT(1);
	PeriodKind	kind = period_kind_from_name(kind_name);
	OkrPeriod  *p = new_period();
	char		detail[PERIOD_DETAIL_LEN];
	PeriodStatus st;

	if (kind == PERIOD_SPAN)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("okr.period_of cannot make a period of kind \"span\""),
				 errdetail("A span is not determined by one day; make it with okr.period(first, last)."),
				 errhint(PERIOD_KINDS_HINT)));
	if (kind == PERIOD_KIND_INVALID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown okr.period kind \"%s\"", echo_input(kind_name)),
				 errdetail("okr.period_of makes the period of a kind that holds a day."),
				 errhint(PERIOD_KINDS_HINT)));

	st = period_of(kind, day, okr_fiscal_year_start, p, detail, sizeof(detail));
	if (st != PERIOD_OK)
		report_build_error(st, detail);
	PG_RETURN_PERIOD_P(p);
}

/*
 * okr.elapsed(period, at): the fraction of the period gone at "at", on the
 * session's local clock: (local time - first day 00:00) / (days * 24 h),
 * clamped to [0, 1].
 */
static double
elapsed_at(const OkrPeriod *p, TimestampTz at)
{
	struct pg_tm tt;
	fsec_t		fsec;
	int			tz;
	Timestamp	local;
	int64		from = (int64) p->start * USECS_PER_DAY;
	int64		to = ((int64) p->end + 1) * USECS_PER_DAY;

	if (TIMESTAMP_IS_NOBEGIN(at))
		return 0.0;
	if (TIMESTAMP_IS_NOEND(at))
		return 1.0;
	/* the local wall-clock time, as timestamptz::timestamp computes it */
	if (timestamp2tm(at, &tz, &tt, &fsec, NULL, NULL) != 0 ||
		tm2timestamp(&tt, fsec, NULL, &local) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range"),
				 errdetail("The instant has no local date and time in the session's time zone."),
				 errhint("Use an instant within the years 0001 to 9999.")));
	if (local <= from)
		return 0.0;
	if (local >= to)
		return 1.0;
	return (double) (local - from) / (double) (to - from);
}

PG_FUNCTION_INFO_V1(okr_period_elapsed);
Datum
okr_period_elapsed(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(elapsed_at(PG_GETARG_PERIOD_P(0), PG_GETARG_TIMESTAMPTZ(1)));
}

static void
pace_error(const char *msg)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("okr.pace_expected: %s", msg),
			 errdetail("The periods and shares of a pace are one-dimensional arrays of equal length without NULLs, as okr.objective_pace holds them."),
			 errhint("Read them from okr.objective_pace.")));
}

/*
 * okr.pace_expected(periods, shares, at): an objective's expected progress,
 * the shares' weighted sum of the periods' elapsed fractions
 * (57-pace.sql), kept within [0, 1] against rounding of the shares' sum.
 * One call per scorecard row: no catalog lookup, one pass.
 */
PG_FUNCTION_INFO_V1(okr_pace_expected);
Datum
okr_pace_expected(PG_FUNCTION_ARGS)
{
	ArrayType  *periods = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *shares = PG_GETARG_ARRAYTYPE_P(1);
	TimestampTz at = PG_GETARG_TIMESTAMPTZ(2);
	int			n = ArrayGetNItems(ARR_NDIM(periods), ARR_DIMS(periods));
	const char *pp;
	const float8 *sp;
	double		sum = 0.0;
	int			i;

	if (ARR_NDIM(periods) > 1 || ARR_NDIM(shares) > 1 ||
		ARR_HASNULL(periods) || ARR_HASNULL(shares) ||
		ARR_ELEMTYPE(shares) != FLOAT8OID ||
		ArrayGetNItems(ARR_NDIM(shares), ARR_DIMS(shares)) != n)
		pace_error("periods and shares do not match");
	if (n == 0)
		PG_RETURN_NULL();
	/*
	 * ARR_DATA_PTR of 1-D arrays without NULLs (avoids a sign warning);
	 * okr.period[] by the signature: 12 bytes, int4-aligned, so no padding
	 */
	pp = (const char *) periods + ARR_OVERHEAD_NONULLS(1);
	sp = (const float8 *) ((const char *) shares + ARR_OVERHEAD_NONULLS(1));
	for (i = 0; i < n; i++)
	{
		if (!isfinite(sp[i]))
			pace_error("a share is not a finite number");
		sum += sp[i] * elapsed_at((const OkrPeriod *) pp, at);
		pp += sizeof(OkrPeriod);
	}
	PG_RETURN_FLOAT8(sum < 0.0 ? 0.0 : (sum > 1.0 ? 1.0 : sum));
}

/* ---------------------------------------------------------------------
 * Comparison, hashing
 * ---------------------------------------------------------------------
 */

#define PERIOD_CMP(fcinfo) \
	period_cmp(PG_GETARG_PERIOD_P(0), PG_GETARG_PERIOD_P(1))

PG_FUNCTION_INFO_V1(okr_period_cmp);
Datum
okr_period_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PERIOD_CMP(fcinfo));
}

PG_FUNCTION_INFO_V1(okr_period_eq);
Datum
okr_period_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PERIOD_CMP(fcinfo) == 0);
}

PG_FUNCTION_INFO_V1(okr_period_ne);
Datum
okr_period_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PERIOD_CMP(fcinfo) != 0);
}

PG_FUNCTION_INFO_V1(okr_period_lt);
Datum
okr_period_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PERIOD_CMP(fcinfo) < 0);
}

PG_FUNCTION_INFO_V1(okr_period_le);
Datum
okr_period_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PERIOD_CMP(fcinfo) <= 0);
}

PG_FUNCTION_INFO_V1(okr_period_gt);
Datum
okr_period_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PERIOD_CMP(fcinfo) > 0);
}

PG_FUNCTION_INFO_V1(okr_period_ge);
Datum
okr_period_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(PERIOD_CMP(fcinfo) >= 0);
}

static int
period_fastcmp(Datum a, Datum b, SortSupport ssup)
{
	return period_cmp(DatumGetPeriodP(a), DatumGetPeriodP(b));
}

PG_FUNCTION_INFO_V1(okr_period_sortsupport);
Datum
okr_period_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = period_fastcmp;
	PG_RETURN_VOID();
}

/*
 * Hash only the days (start and end, in a fixed byte order so the hash does
 * not depend on the machine), so that equal periods hash alike whatever
 * their kind.
 */
static void
hash_key(const OkrPeriod *p, unsigned char key[8])
{
	uint32		s = (uint32) p->start;
	uint32		e = (uint32) p->end;
	int			i;

	for (i = 0; i < 4; i++)
	{
		key[i] = (unsigned char) (s >> (24 - 8 * i));
		key[4 + i] = (unsigned char) (e >> (24 - 8 * i));
	}
}

PG_FUNCTION_INFO_V1(okr_period_hash);
Datum
okr_period_hash(PG_FUNCTION_ARGS)
{
	unsigned char key[8];

	hash_key(PG_GETARG_PERIOD_P(0), key);
	return hash_any(key, sizeof(key));
}

PG_FUNCTION_INFO_V1(okr_period_hash_extended);
Datum
okr_period_hash_extended(PG_FUNCTION_ARGS)
{
	unsigned char key[8];

	hash_key(PG_GETARG_PERIOD_P(0), key);
	return hash_any_extended(key, sizeof(key), PG_GETARG_INT64(1));
}

/* ---------------------------------------------------------------------
 * Containment and overlap
 * ---------------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(okr_period_contains_date);
Datum
okr_period_contains_date(PG_FUNCTION_ARGS)
{
	OkrPeriod  *p = PG_GETARG_PERIOD_P(0);
	DateADT		d = PG_GETARG_DATEADT(1);

	PG_RETURN_BOOL(p->start <= d && d <= p->end);
}

PG_FUNCTION_INFO_V1(okr_date_contained_by_period);
Datum
okr_date_contained_by_period(PG_FUNCTION_ARGS)
{
	DateADT		d = PG_GETARG_DATEADT(0);
	OkrPeriod  *p = PG_GETARG_PERIOD_P(1);

	PG_RETURN_BOOL(p->start <= d && d <= p->end);
}

PG_FUNCTION_INFO_V1(okr_period_contains);
Datum
okr_period_contains(PG_FUNCTION_ARGS)
{
	OkrPeriod  *a = PG_GETARG_PERIOD_P(0);
	OkrPeriod  *b = PG_GETARG_PERIOD_P(1);

	PG_RETURN_BOOL(a->start <= b->start && b->end <= a->end);
}

PG_FUNCTION_INFO_V1(okr_period_contained_by);
Datum
okr_period_contained_by(PG_FUNCTION_ARGS)
{
	OkrPeriod  *a = PG_GETARG_PERIOD_P(0);
	OkrPeriod  *b = PG_GETARG_PERIOD_P(1);

	PG_RETURN_BOOL(b->start <= a->start && a->end <= b->end);
}

PG_FUNCTION_INFO_V1(okr_period_overlaps);
Datum
okr_period_overlaps(PG_FUNCTION_ARGS)
{
	OkrPeriod  *a = PG_GETARG_PERIOD_P(0);
	OkrPeriod  *b = PG_GETARG_PERIOD_P(1);

	PG_RETURN_BOOL(a->start <= b->end && b->start <= a->end);
}

/* ---------------------------------------------------------------------
 * Casts to and from daterange
 * ---------------------------------------------------------------------
 */

/* okr.period -> daterange '[start, end + 1)' */
PG_FUNCTION_INFO_V1(okr_period_to_daterange);
Datum
okr_period_to_daterange(PG_FUNCTION_ARGS)
{
	OkrPeriod  *p = PG_GETARG_PERIOD_P(0);
	TypeCacheEntry *typcache = range_get_typcache(fcinfo, DATERANGEOID);
	RangeBound	lower;
	RangeBound	upper;

	lower.val = DateADTGetDatum(p->start);
	lower.infinite = false;
	lower.inclusive = true;
	lower.lower = true;
	upper.val = DateADTGetDatum(p->end + 1);
	upper.infinite = false;
	upper.inclusive = false;
	upper.lower = false;
	PG_RETURN_RANGE_P(okr_make_range(typcache, &lower, &upper, false));
}

/* daterange -> okr.period (a span); empty and unbounded ranges are errors */
PG_FUNCTION_INFO_V1(okr_period_from_daterange);
Datum
okr_period_from_daterange(PG_FUNCTION_ARGS)
{
	RangeType  *r = PG_GETARG_RANGE_P(0);
	TypeCacheEntry *typcache = range_get_typcache(fcinfo, RangeTypeGetOid(r));
	RangeBound	lower;
	RangeBound	upper;
	bool		empty;
	int64		first,
				last;
	OkrPeriod  *p = new_period();
	char		detail[PERIOD_DETAIL_LEN];
	PeriodStatus st;

	range_deserialize(typcache, r, &lower, &upper, &empty);
	if (empty)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot convert an empty daterange to okr.period"),
				 errdetail("A period has at least one day."),
				 errhint("Write a daterange with its first and last day, e.g. '[2026-10-01,2026-12-31]'.")));
	if (lower.infinite || upper.infinite ||
		DATE_NOT_FINITE(DatumGetDateADT(lower.val)) ||
		DATE_NOT_FINITE(DatumGetDateADT(upper.val)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot convert an unbounded daterange to okr.period"),
				 errdetail("A period has a first and a last day."),
				 errhint("Write a daterange with its first and last day, e.g. '[2026-10-01,2026-12-31]'.")));
	first = (int64) DatumGetDateADT(lower.val) + (lower.inclusive ? 0 : 1);
	last = (int64) DatumGetDateADT(upper.val) - (upper.inclusive ? 0 : 1);
	st = period_span(first, last, p, detail, sizeof(detail));
	if (st != PERIOD_OK)
		report_build_error(st, detail);
	PG_RETURN_PERIOD_P(p);
}

/*
 * limits.c — hostile input refused at the statement that writes it.
 *
 *   okr.limits()        BEFORE ROW trigger on okr's tables: bounded tenant
 *                       names, weights, caps, amounts, values and targets'
 *                       numbers (so that no accepted input overflows a
 *                       weighted mean, a sum, a regression or a forecast),
 *                       finite dates from year 1, check-ins no further in
 *                       the future than the tenant's check_in_max_future,
 *                       and maintained values given on insert (a restore)
 *                       that are numbers and grades
 *   okr.series_start()  the bounds of okr.score_series: finite, at most
 *                       OKR_SERIES_MAX_STEPS steps
 *
 * The CHECK constraints of 0.1.0 (weights and caps above 0, finite values)
 * still refuse what they refused; these refuse what they let through.  The
 * rollup's own writes are computed from bounded inputs and are not checked.
 */
#include "postgres.h"

#include <float.h>
#include <math.h>

#include "commands/trigger.h"
#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/float.h"
#include "utils/rel.h"
#include "utils/timestamp.h"

#include "confidence.h"
#include "okr.h"
#include "rollup.h"
#include "target_parse.h"

/* Bounds: generous for OKRs, far from where float8 arithmetic overflows. */
#define OKR_MAX_WEIGHT 1e6
#define OKR_MAX_CAP 1e3
#define OKR_MAX_MAGNITUDE 1e15	/* check-in values, output amounts, targets */

typedef struct Row
{
	TriggerData *td;
	TupleDesc	desc;
	HeapTuple	tup;
} Row;

/* The column's value; *isnull says whether it is NULL. */
static Datum
column(Row *r, const char *name, bool *isnull)
{
	return SPI_getbinval(r->tup, r->desc, SPI_fnumber(r->desc, name), isnull);
}

static void
check_tenant(Row *r)
{
	bool		isnull;
	Datum		d = column(r, "tenant", &isnull);
	Size		len;

	if (isnull)
		return;					/* NOT NULL refuses it */
	len = VARSIZE_ANY_EXHDR(DatumGetTextPP(d));
	if (len == 0 || len > OKR_TENANT_MAX_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
				 errmsg("tenant name of okr.%s must have 1 to %d bytes, not %zu",
						RelationGetRelationName(r->td->tg_relation),
						OKR_TENANT_MAX_BYTES, len),
				 errdetail("Tenant names appear in locks, notifications and every key."),
				 errhint("Use a short key for the tenant, such as its id or slug.")));
}

/*
 * A float8 column must lie in [low, high] (NULL passes).  A column with a
 * CHECK of 0.1.0 (constrained: finite, and above 0 when low is 0) leaves
 * what it refuses to it.
 */
static void
check_range(Row *r, const char *name, bool constrained, double low, double high,
			const char *hint)
{
	bool		isnull;
	double		v = DatumGetFloat8(column(r, name, &isnull));

	if (isnull || (constrained && (!isfinite(v) || (low == 0 && v <= 0))))
		return;
	if (!(v >= low && v <= high))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s of okr.%s must be a number from %g to %g, not %s",
						name, RelationGetRelationName(r->td->tg_relation),
						low, high, float8out_internal(v)),
				 errdetail("Larger values could overflow okr's sums and weighted means."),
				 errhint("%s", hint)));
}

static char *
interval_text(int64 usecs)
{
	Interval	iv;

	iv.time = usecs;
	iv.day = 0;
	iv.month = 0;
	return DatumGetCString(DirectFunctionCall1(interval_out, IntervalPGetDatum(&iv)));
}

/*
 * A time as text of its own: timestamptz_to_str() returns a static buffer,
 * which two arguments of one call would share.
 */
static char *
timestamp_text(TimestampTz t)
{
	return pstrdup(timestamptz_to_str(t));
}

/* The first instant of year 1 (UTC), where okr.period starts. */
#define EARLIEST_TIME ((TimestampTz) (date2j(1, 1, 1) - POSTGRES_EPOCH_JDATE) * USECS_PER_DAY)

/*
 * A timestamptz column must be finite, in year 1 or later, and at most
 * max_future from now.
 */
static void
check_time(Row *r, const char *name, bool future_bounded)
{
	bool		isnull;
	TimestampTz t = DatumGetTimestampTz(column(r, name, &isnull));
	OkrPolicy	p;
	TimestampTz latest;
	char	   *tenant;

	if (isnull)
		return;
	if (TIMESTAMP_NOT_FINITE(t))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s of okr.%s must be a finite time, not %s",
						name, RelationGetRelationName(r->td->tg_relation),
						TIMESTAMP_IS_NOBEGIN(t) ? "-infinity" : "infinity"),
				 errdetail("An infinite time would be the latest or earliest for ever."),
				 errhint("Give the time the measurement was taken.")));
	if (t < EARLIEST_TIME)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s of okr.%s must be at or after 0001-01-01 00:00:00+00, not %s",
						name, RelationGetRelationName(r->td->tg_relation), timestamp_text(t)),
				 errdetail("okr's periods start in year 1, and its history steps back from each time."),
				 errhint("Give the time the measurement was taken.")));
	if (!future_bounded)
		return;
	tenant = TextDatumGetCString(column(r, "tenant", &isnull));
	okr_tenant_policy(tenant, &p);
	latest = GetCurrentTimestamp() + p.check_in_max_future;
	if (t > latest)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("check-in dated %s is in the future",
						timestamp_text(t)),
				 errdetail("Check-ins of tenant \"%s\" may be dated at most %s ahead (okr.check_in_max_future), that is until %s.",
						   tenant, interval_text(p.check_in_max_future),
						   timestamp_text(latest)),
				 errhint("Date the check-in when the value was measured; a key result's value is that of its latest check-in.")));
}

/*
 * A check-in's confidence lies on its tenant's scale (model).  A restore
 * (okr.maintenance off) writes check-ins before okr.tenant_config.
 */
static void
check_confidence(Row *r)
{
	bool		isnull;
	Datum		c = column(r, "confidence", &isnull);

	if (!isnull && okr_maintenance)
		okr_check_confidence(TextDatumGetCString(column(r, "tenant", &isnull)),
							 DatumGetFloat8(c));
}

/*
 * A key result's target has numbers bounded like the values that meet it,
 * so that a forecast's range (baseline + cap * distance) stays finite.
 */
static void
check_target(Row *r)
{
	bool		isnull;
	Datum		d = column(r, "target", &isnull);
	const OkrTarget *t = (const OkrTarget *) DatumGetPointer(d);
	double		numbers[3];
	int			n = 0,
				i;

	if (isnull)
		return;
	numbers[n++] = t->from;
	numbers[n++] = t->to;
	if (target_kind(t) == TARGET_WITHIN_FROM)
		numbers[n++] = target_worst(t);
	for (i = 0; i < n; i++)
		if (fabs(numbers[i]) > OKR_MAX_MAGNITUDE)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("target of okr.key_result must have numbers from %g to %g, not %s",
							-OKR_MAX_MAGNITUDE, OKR_MAX_MAGNITUDE, float8out_internal(numbers[i])),
					 errdetail("Larger numbers could overflow okr's forecasts; check-in values and output amounts have the same bound."),
					 errhint("Measure in a larger unit.")));
}

/* Maintained values given on insert (a restore) must be usable. */
static void
check_objective(Row *r)
{
	bool		isnull;
	Datum		grade = column(r, "final_grade", &isnull);

	check_range(r, "score", false, 0, OKR_MAX_CAP,
				"Leave score out: okr computes it (a restore keeps a closed objective's).");
	if (!isnull)
	{
		char	   *g = TextDatumGetCString(grade);
		Datum		state = column(r, "state", &isnull);
		bool		closed = !isnull && strcmp(TextDatumGetCString(state), "closed") == 0;

		if (!closed || (strcmp(g, "red") != 0 && strcmp(g, "yellow") != 0 &&
						strcmp(g, "green") != 0))
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("final_grade of okr.objective cannot be \"%s\"%s", g,
							closed ? "" : " while it is not closed"),
					 errdetail("A closed objective's final grade is red, yellow or green; any other objective has none."),
					 errhint("Leave final_grade out: okr records it when the objective is closed.")));
	}
}

static void
check_row(Row *r)
{
	const char *table = RelationGetRelationName(r->td->tg_relation);

	check_tenant(r);
	if (strcmp(table, "objective") == 0)
		check_objective(r);
	else if (strcmp(table, "key_result") == 0)
	{
		check_range(r, "weight", true, 0, OKR_MAX_WEIGHT, "Weights are relative: scale them down.");
		check_range(r, "cap", true, 0, OKR_MAX_CAP, "The usual cap is 1 (100%); 1.5 lets overachievement count up to 150%.");
		check_target(r);
		check_range(r, "value", false, -DBL_MAX, DBL_MAX,
					"Leave value out: okr computes it from check-ins or outputs.");
		check_range(r, "score", false, 0, OKR_MAX_CAP,
					"Leave score out: okr computes it from the value.");
	}
	else if (strcmp(table, "alignment") == 0)
		check_range(r, "weight", true, 0, OKR_MAX_WEIGHT, "Weights are relative: scale them down.");
	else if (strcmp(table, "output") == 0)
	{
		check_range(r, "amount", true, -OKR_MAX_MAGNITUDE, OKR_MAX_MAGNITUDE,
					"Measure in a larger unit.");
		check_time(r, "done_at", false);
	}
	else if (strcmp(table, "check_in") == 0)
	{
		check_range(r, "value", true, -OKR_MAX_MAGNITUDE, OKR_MAX_MAGNITUDE,
					"Measure in a larger unit.");
		check_time(r, "at", true);
		check_confidence(r);
	}
}

PG_FUNCTION_INFO_V1(okr_limits);
Datum
okr_limits(PG_FUNCTION_ARGS)
{
	TriggerData *td;
	Row			r;

	td = okr_trigger_data(fcinfo, "okr.limits()");
	r.td = td;
	r.desc = RelationGetDescr(td->tg_relation);
	r.tup = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	if (!okr_in_flush)
		check_row(&r);
	return PointerGetDatum(r.tup);
}

/*
 * okr.series_start(from_at, to_at, step) — from_at, once the series from_at,
 * from_at + step, ... up to to_at is known to be finite and short; counting
 * the steps is exact (months and days vary) and bounded.
 */
PG_FUNCTION_INFO_V1(okr_series_start);
Datum
okr_series_start(PG_FUNCTION_ARGS)
{
	TimestampTz from = PG_GETARG_TIMESTAMPTZ(0);
	TimestampTz to = PG_GETARG_TIMESTAMPTZ(1);
	Interval   *step = PG_GETARG_INTERVAL_P(2);
	TimestampTz t = from;
	int			n;

	if (TIMESTAMP_NOT_FINITE(from) || TIMESTAMP_NOT_FINITE(to))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("a score series needs finite bounds"),
				 errdetail("from_at is %s, to_at is %s.",
						   timestamp_text(from), timestamp_text(to)),
				 errhint("Give the period of interest, e.g. okr.period_start(period) to okr.period_end(period) + 1.")));
	for (n = 0; t <= to; n++)
	{
		TimestampTz next;

		if (n == OKR_SERIES_MAX_STEPS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("a score series may have at most %d points", OKR_SERIES_MAX_STEPS),
					 errdetail("From %s to %s by %s is more.", timestamp_text(from),
							   timestamp_text(to),
							   DatumGetCString(DirectFunctionCall1(interval_out, IntervalPGetDatum(step)))),
					 errhint("Use a longer step or a shorter span.")));
		next = DatumGetTimestampTz(DirectFunctionCall2(timestamptz_pl_interval,
													   TimestampTzGetDatum(t),
													   IntervalPGetDatum(step)));
		if (next <= t)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the step of a score series must move forward, not %s",
							DatumGetCString(DirectFunctionCall1(interval_out, IntervalPGetDatum(step)))),
					 errdetail("The series steps from its first instant to its last; a step that does not move forward never gets there."),
					 errhint("Use a positive step such as '1 day' or '1 week'.")));
		t = next;
	}
	PG_RETURN_TIMESTAMPTZ(from);
}

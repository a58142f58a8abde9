/*
 * scoring.c — how far a key result is: okr.progress, okr.score, okr.status,
 * okr.grade and the aggregate okr.weighted_score.
 *
 * okr.score is the hot path (one call per key result per row in a report):
 * it reads its target by pointer, allocates nothing and returns a by-value
 * float8.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "okr.h"
#include "scoring.h"
#include "target_parse.h"

void
okr_value_nan_error(const char *what)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s must be a number, not NaN", what),
			 errdetail("NaN is no point on a scale: it has no progress, score or status."),
			 errhint("Leave out what is not known, or pass NULL.")));
}

pg_noreturn static pg_noinline void
cap_error(double cap);

static pg_noinline void
cap_error(double cap)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("cap must be a finite number above 0, not %s",
					float8out_internal(cap)),
			 errdetail("The cap is the most a score may count for: 1 is the goal reached."),
			 errhint("The usual cap is 1 (100%%); use e.g. 1.5 to let overachievement count up to 150%%.")));
}

/* okr.progress(okr.target, float8): uncapped progress toward the goal */
PG_FUNCTION_INFO_V1(okr_progress);
Datum
okr_progress(PG_FUNCTION_ARGS)
{
	const OkrTarget *t = PG_GETARG_OKR_TARGET(0);
	double		value = PG_GETARG_FLOAT8(1);

	if (unlikely(isnan(value)))
		okr_value_nan_error("value");
	PG_RETURN_FLOAT8(okr_target_progress(t, value));
}

/* okr.score(okr.target, float8, cap float8): progress clamped to [0, cap] */
PG_FUNCTION_INFO_V1(okr_score);
Datum
okr_score(PG_FUNCTION_ARGS)
{
	const OkrTarget *t = PG_GETARG_OKR_TARGET(0);
	double		value = PG_GETARG_FLOAT8(1);
	double		cap = PG_GETARG_FLOAT8(2);
	double		p;

	if (unlikely(isnan(value)))
		okr_value_nan_error("value");
	if (unlikely(!(cap > 0.0 && cap < HUGE_VAL)))
		cap_error(cap);
	p = okr_target_progress(t, value);
	if (p > cap)
		p = cap;
	else if (!(p > 0.0))
		p = 0.0;
	PG_RETURN_FLOAT8(p);
}

/*
 * Pace against the share of the period elapsed: on_track when score >=
 * expected - at_risk_gap, at_risk when score >= expected - off_track_gap,
 * else off_track (boundaries inclusive, up to OKR_SCORE_EPSILON of binary
 * rounding).
 */
static Datum
status_of(double score, double expected, const OkrPolicy *p)
{
	const char *status;

	if (isnan(score))
		okr_value_nan_error("score");
	if (isnan(expected))
		okr_value_nan_error("expected");
	if (score >= expected - p->at_risk_gap - OKR_SCORE_EPSILON)
		status = "on_track";
	else if (score >= expected - p->off_track_gap - OKR_SCORE_EPSILON)
		status = "at_risk";
	else
		status = "off_track";
	PG_RETURN_TEXT_P(cstring_to_text(status));
}

/* Google's bands red / yellow / green. */
static Datum
grade_of(double score, const OkrPolicy *p)
{
	const char *grade;

	if (isnan(score))
		okr_value_nan_error("score");
	if (score >= p->grade_green - OKR_SCORE_EPSILON)
		grade = "green";
	else if (score >= p->grade_yellow - OKR_SCORE_EPSILON)
		grade = "yellow";
	else
		grade = "red";
	PG_RETURN_TEXT_P(cstring_to_text(grade));
}

/* The policy of the tenant named by a text argument, or the defaults. */
static void
policy_arg(FunctionCallInfo fcinfo, int argno, OkrPolicy *p)
{
	okr_tenant_policy(argno < PG_NARGS() ? text_to_cstring(PG_GETARG_TEXT_PP(argno)) : NULL, p);
}

/* okr.status(score, expected [, tenant]): the server-wide or the tenant's gaps */
PG_FUNCTION_INFO_V1(okr_status);
Datum
okr_status(PG_FUNCTION_ARGS)
{
	OkrPolicy	p;

	policy_arg(fcinfo, 2, &p);
	return status_of(PG_GETARG_FLOAT8(0), PG_GETARG_FLOAT8(1), &p);
}

/* okr.grade(score [, tenant]): the server-wide or the tenant's bands */
PG_FUNCTION_INFO_V1(okr_grade);
Datum
okr_grade(PG_FUNCTION_ARGS)
{
	OkrPolicy	p;

	policy_arg(fcinfo, 1, &p);
	return grade_of(PG_GETARG_FLOAT8(0), &p);
}

/* --- okr.weighted_score(score, weight): sum(w * s) / sum(w) ------------ */

/* The state: float8[2] = {sum of weight * score, sum of weight}. */
static float8 *
state_values(ArrayType *state, const char *caller)
{
	if (ARR_NDIM(state) != 1 || ARR_DIMS(state)[0] != 2 ||
		ARR_HASNULL(state) || ARR_ELEMTYPE(state) != FLOAT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: the state must be a float8[] of 2 elements without NULLs",
						caller),
				 errdetail("The state is {sum of weight * score, sum of weight}."),
				 errhint("Use okr.weighted_score(score, weight) as an aggregate rather than its support functions.")));
	/* ARR_DATA_PTR, for a 1-D array without NULLs (avoids a sign warning) */
	return (float8 *) ((char *) state + ARR_OVERHEAD_NONULLS(1));
}

/*
 * Return a state holding sums: in place when called as an aggregate (the
 * state belongs to the aggregate, as in PostgreSQL's float8_accum), else in a
 * new array.
 */
static Datum
state_result(FunctionCallInfo fcinfo, ArrayType *state, float8 *values,
			 float8 sum_ws, float8 sum_w)
{
	Datum		elems[2];

	if (unlikely(isinf(sum_ws) || isinf(sum_w)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("weighted score out of range: the sum of %s overflows double precision",
						isinf(sum_w) ? "the weights" : "weight times score"),
				 errdetail("okr.weighted_score sums weight * score and the weights of its inputs."),
				 errhint("Use weights of a smaller magnitude: only their ratios matter.")));
	if (AggCheckCallContext(fcinfo, NULL))
	{
		values[0] = sum_ws;
		values[1] = sum_w;
		PG_RETURN_ARRAYTYPE_P(state);
	}
	elems[0] = Float8GetDatumFast(sum_ws);
	elems[1] = Float8GetDatumFast(sum_w);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, 2, FLOAT8OID, sizeof(float8),
										  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/*
 * Refuse an input okr.weighted_score cannot average: the aggregate and the
 * rollup (rollup.c) fail alike.
 */
void
okr_weighted_input_check(double score, double weight)
{
	if (!isfinite(score))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("score must be a finite number, not %s",
						float8out_internal(score)),
				 errdetail("A weighted mean of scores is only defined for finite scores."),
				 errhint("Leave a row out of the average with a NULL score.")));
	if (!(weight >= 0.0 && weight < HUGE_VAL))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weight must be a finite number of 0 or more, not %s",
						float8out_internal(weight)),
				 errdetail("A weight is a row's share of the mean: a negative or infinite share has no meaning."),
				 errhint("Leave a row out of the average with a weight of 0 or NULL.")));
}

PG_FUNCTION_INFO_V1(okr_weighted_score_accum);
Datum
okr_weighted_score_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *state = PG_GETARG_ARRAYTYPE_P(0);
	double		score = PG_GETARG_FLOAT8(1);
	double		weight = PG_GETARG_FLOAT8(2);
	float8	   *values = state_values(state, "okr.weighted_score_accum");

	okr_weighted_input_check(score, weight);
	if (weight == 0.0)
		PG_RETURN_ARRAYTYPE_P(state);	/* contributes nothing */
	return state_result(fcinfo, state, values,
						values[0] + weight * score, values[1] + weight);
}

PG_FUNCTION_INFO_V1(okr_weighted_score_combine);
Datum
okr_weighted_score_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *state1 = PG_GETARG_ARRAYTYPE_P(0);
	ArrayType  *state2 = PG_GETARG_ARRAYTYPE_P(1);
	float8	   *v1 = state_values(state1, "okr.weighted_score_combine");
	float8	   *v2 = state_values(state2, "okr.weighted_score_combine");

	return state_result(fcinfo, state1, v1, v1[0] + v2[0], v1[1] + v2[1]);
}

PG_FUNCTION_INFO_V1(okr_weighted_score_final);
Datum
okr_weighted_score_final(PG_FUNCTION_ARGS)
{
	ArrayType  *state = PG_GETARG_ARRAYTYPE_P(0);
	float8	   *values = state_values(state, "okr.weighted_score_final");

	if (values[1] == 0.0)
		PG_RETURN_NULL();		/* no weight: nothing to average */
	PG_RETURN_FLOAT8(values[0] / values[1]);
}

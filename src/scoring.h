/*
 * scoring.h — the arithmetic of okr.target against a measured value,
 * shared by okr.is_met (target.c) and okr.progress / okr.score (scoring.c).
 *
 * Requires postgres.h first.  The target must be valid (target_check) and
 * the value must not be NaN: then the results are never NaN, since a
 * valid a -> b target has a finite, non-zero span.
 */
#ifndef OKR_SCORING_H
#define OKR_SCORING_H

#include "fmgr.h"

#include "compat.h"
#include "target_parse.h"

/*
 * An okr.target argument.  The type is fixed-length and STORAGE plain, so it
 * is never toasted: the pointer is all there is to fetch.
 */
#define PG_GETARG_OKR_TARGET(n) ((const OkrTarget *) PG_GETARG_POINTER(n))

/* Does value meet the goal?  All bounds are inclusive. */
static inline bool
okr_target_met(const OkrTarget *t, double value)
{
	switch (target_kind(t))
	{
		case TARGET_INCREASE:
		case TARGET_AT_LEAST:
		case TARGET_AT_LEAST_FROM:
		case TARGET_MILESTONE:	/* to = 1: done at 1 or more */
			return value >= t->to;
		case TARGET_DECREASE:
		case TARGET_AT_MOST:
		case TARGET_AT_MOST_FROM:
			return value <= t->to;
		case TARGET_WITHIN:
		case TARGET_WITHIN_FROM:
			return value >= t->from && value <= t->to;
	}
	return false;
}

/*
 * Progress: for a -> b (either way) (value - a) / (b - a), uncapped; for a
 * threshold with partial credit, 1 when met, else the same line from its
 * worst value w (0) to the threshold x (1), (value - w) / (x - w), below 0
 * beyond w; for a band with partial credit 1 within it, else 1 - d / tol
 * where d is the value's distance from the band and tol the worst value's
 * (0 at tol, below 0 beyond); for the other forms 1 when met, else 0.
 */
static inline double
okr_target_progress(const OkrTarget *t, double value)
{
	switch (target_kind(t))
	{
		case TARGET_WITHIN_FROM:
			if (okr_target_met(t, value))
				return 1.0;
			return 1.0 - (value < t->from ? t->from - value : value - t->to) /
				target_tolerance(t);
		case TARGET_AT_LEAST_FROM:
		case TARGET_AT_MOST_FROM:
			if (okr_target_met(t, value))
				return 1.0;
			/* FALLTHROUGH */
		case TARGET_INCREASE:
		case TARGET_DECREASE:
			/* "+ 0.0" turns -0 (72 -> 2 at 72: 0 / -70) into 0 */
			return (value - t->from) / (t->to - t->from) + 0.0;
	}
	return okr_target_met(t, value) ? 1.0 : 0.0;
}

/*
 * okr.status and okr.grade compare a score with a boundary computed in
 * binary floating point: 0.4 - 0.1 is 0.30000000000000004, which would put
 * a score of exactly 0.3 outside "score >= expected - gap".  Differences
 * smaller than this count as equal, so every decimal boundary is inclusive
 * as documented.
 */
#define OKR_SCORE_EPSILON 1e-9

/* ereport 22023 "value must be a number" (kept out of line: cold path). */
pg_noreturn extern void okr_value_nan_error(const char *what);

/* okr.score(target, value, cap), also called by the rollup (rollup.c). */
extern Datum okr_score(PG_FUNCTION_ARGS);

extern void okr_weighted_input_check(double score, double weight);

#endif							/* OKR_SCORING_H */

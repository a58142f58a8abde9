/*
 * target_parse.h — okr.target: what a key result must reach.
 *
 * Pure C (no PostgreSQL headers): the value layout, the text parser, the
 * validity rules shared by text and binary input, and the canonical
 * formatter.  src/target.c is the fmgr glue around it.
 *
 * Text forms (whitespace around tokens optional):
 *   a -> b      increase when a < b, decrease when a > b (a = b is invalid)
 *   >= x        at least x (inclusive)
 *   <= x        at most x (inclusive)
 *   >= x from w at least x, with partial credit from the worst value w < x
 *   <= x from w at most x, with partial credit from the worst value w > x
 *   lo .. hi    within the inclusive band [lo, hi] (lo <= hi)
 *   milestone   done (value >= 1) or not (case-insensitive)
 * Numbers: [+-]?(digits[.digits?]|.digits)([eE][+-]?digits)?, finite.
 */
#ifndef TARGET_PARSE_H
#define TARGET_PARSE_H

#include <stdint.h>
#include <stdlib.h>				/* size_t */

typedef enum TargetDirection
{
	TARGET_INCREASE,
	TARGET_DECREASE,
	TARGET_AT_LEAST,
	TARGET_AT_MOST,
	TARGET_WITHIN,
	TARGET_MILESTONE,
	TARGET_AT_LEAST_FROM,		/* >= x from w: partial credit */
	TARGET_AT_MOST_FROM			/* <= x from w: partial credit */
} TargetDirection;

#define TARGET_DIRECTION_COUNT 8

/*
 * The on-disk value: 24 bytes, no padding, double-aligned.  Every field of a
 * valid value is fully determined (reserved is zero, numbers are finite and
 * -0 is stored as 0), so equal values are bytewise equal.
 */
typedef struct OkrTarget
{
	double		from;			/* a -> b: a; within: low bound; >= / <= x:
								 * 0; ... from w: w; milestone: 0 */
	double		to;				/* a -> b: b; >= x / <= x: x; within: high
								 * bound; milestone: 1 */
	int32_t		direction;		/* TargetDirection */
	int32_t		reserved;		/* zero */
} OkrTarget;

typedef enum TargetParseStatus
{
	TARGET_OK = 0,
	TARGET_ERR_SYNTAX,			/* malformed text (22P02) */
	TARGET_ERR_RANGE,			/* a number over- or underflows (22003) */
	TARGET_ERR_INVALID			/* well-formed but meaningless, e.g. 5 -> 5
								 * (22023) */
} TargetParseStatus;

/* Messages for the caller's error report; empty strings when there is none. */
#define TARGET_MSG_LEN 256
typedef struct TargetParseError
{
	char		detail[TARGET_MSG_LEN];
	char		hint[TARGET_MSG_LEN];
} TargetParseError;

/* Longest number (in characters) the parser converts. */
#define TARGET_MAX_NUMBER_LEN 400

/* Longest text target_format writes, including the terminating NUL. */
#define TARGET_TEXT_LEN 64

/*
 * Parse NUL-terminated text into *out.  On failure *out is unspecified and
 * err (if not NULL) says why.
 */
extern TargetParseStatus target_parse(const char *str, OkrTarget *out,
									  TargetParseError *err);

/*
 * Check a value built from parts (binary input): known direction, zero
 * reserved word, finite numbers and the same rules as the text form.
 * Normalizes -0 to 0 in place.  Returns TARGET_OK or TARGET_ERR_INVALID.
 */
extern TargetParseStatus target_check(OkrTarget *t, TargetParseError *err);

/*
 * Write the canonical text of a valid value into buf (at least
 * TARGET_TEXT_LEN bytes).  Returns the length written.
 */
extern size_t target_format(const OkrTarget *t, char *buf, size_t buflen);

/*
 * Write the shortest decimal that converts back to exactly d (finite), with
 * -0 written as 0, into buf (at least 32 bytes).  Returns the length.
 */
extern size_t target_format_number(double d, char *buf, size_t buflen);

/*
 * 'increase', 'decrease', 'at_least', 'at_most', 'within', 'milestone'
 * (a threshold with partial credit is still 'at_least' or 'at_most')
 */
extern const char *target_direction_name(int32_t direction);

#endif							/* TARGET_PARSE_H */

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
 *   lo .. hi from w  within the band, with partial credit from the worst
 *               value w outside it (w < lo or w > hi), the same distance
 *               (tolerance) on both sides
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
	TARGET_AT_MOST_FROM,		/* <= x from w: partial credit */
	TARGET_WITHIN_FROM			/* lo .. hi from w: partial credit (packed) */
} TargetDirection;

/* Kinds, and the codes stored as they are (all but TARGET_WITHIN_FROM). */
#define TARGET_DIRECTION_COUNT 9
#define TARGET_PLAIN_DIRECTIONS 8

/*
 * The on-disk value: 24 bytes, no padding, double-aligned.  Every field of a
 * valid value is fully determined (numbers are finite and -0 is stored as
 * 0), so equal values are bytewise equal.
 *
 * A band with partial credit needs a third number, its worst value w: it is
 * packed, exactly, into direction and reserved (0.1.0's layout, so every
 * stored 0.1.0 value reads as before).  The 64 bits of w go to reserved (low
 * word) and direction (high word XOR 0x7FF00000).  A finite double's high
 * word never has the exponent bits 20-30 all set, so the XOR never leaves
 * them all clear: a packed direction is never one of the plain codes 0-7,
 * and every plain code unpacks to a NaN or infinity (invalid).  Plain codes
 * keep reserved zero.  Use target_kind() and target_worst(), never the raw
 * direction.
 */
typedef struct OkrTarget
{
	double		from;			/* a -> b: a; within: low bound; >= / <= x:
								 * 0; ... from w: w; milestone: 0 */
	double		to;				/* a -> b: b; >= x / <= x: x; within: high
								 * bound; milestone: 1 */
	int32_t		direction;		/* TargetDirection 0-7, or packed w */
	int32_t		reserved;		/* zero, or packed w */
} OkrTarget;

#define TARGET_PACK_XOR 0x7FF00000u

/* The kind of a valid value (a TargetDirection). */
static inline int
target_kind(const OkrTarget *t)
{
	return (t->direction >= 0 && t->direction < TARGET_PLAIN_DIRECTIONS)
		? t->direction : TARGET_WITHIN_FROM;
}

/* The worst value packed into a TARGET_WITHIN_FROM value. */
extern double target_worst(const OkrTarget *t);

/* Pack w (finite, not -0) into t as a TARGET_WITHIN_FROM value. */
extern void target_set_worst(OkrTarget *t, double w);

/*
 * The tolerance of a band with partial credit: the distance from the band
 * to its worst value, the same on both sides.
 */
static inline double
target_tolerance(const OkrTarget *t)
{
	double		w = target_worst(t);

	return (w < t->from) ? t->from - w : w - t->to;
}

typedef enum TargetParseStatus
{
	TARGET_OK = 0,
	TARGET_ERR_SYNTAX,			/* malformed text (22P02) */
	TARGET_ERR_RANGE,			/* a number over- or underflows (22003) */
	TARGET_ERR_INVALID			/* well-formed but meaningless, e.g. 5 -> 5
								 * (22023) */
} TargetParseStatus;

/* Messages for the caller's error report: every refusal sets both. */
#define TARGET_MSG_LEN 256
typedef struct TargetParseError
{
	char		detail[TARGET_MSG_LEN];
	char		hint[TARGET_MSG_LEN];
} TargetParseError;

/* Longest number (in characters) the parser converts. */
#define TARGET_MAX_NUMBER_LEN 400

/* Longest text target_format writes, including the terminating NUL. */
#define TARGET_TEXT_LEN 96

/*
 * Parse NUL-terminated text into *out.  On failure *out is unspecified and
 * err (if not NULL) says why.
 */
extern TargetParseStatus target_parse(const char *str, OkrTarget *out,
									  TargetParseError *err);

/*
 * Check a value built from parts (binary input): known direction, zero
 * reserved word (unless packed), finite numbers and the same rules as the
 * text form.
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
 * 'increase', 'decrease', 'at_least', 'at_most', 'within', 'milestone' for a
 * kind (target_kind); with partial credit a threshold is still 'at_least' or
 * 'at_most', a band 'within'
 */
extern const char *target_direction_name(int kind);

#endif							/* TARGET_PARSE_H */

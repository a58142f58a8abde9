/*
 * target.c — okr.target, what a key result must reach: fmgr glue for text
 * and binary I/O, equality, hashing and the accessors.  The parser, rules
 * and formatter are pure C in target_parse.c.
 *
 * The type is fixed-length (24 bytes) and STORAGE plain, so a value is
 * never toasted: PG_GETARG_POINTER is all it takes to read one.
 */
#include "postgres.h"

#include <math.h>

#include "common/hashfn.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "scoring.h"
#include "target_parse.h"

StaticAssertDecl(sizeof(OkrTarget) == 24, "okr.target must be 24 bytes");

/* How much of a bad input the error message echoes. */
#define ECHO_LEN 40

/*
 * The input, cut to ECHO_LEN bytes (on a character boundary) plus "..." when
 * longer, for an error message.
 */
static char *
echo_input(const char *str)
{
	int			len = strlen(str);
	int			cut;

	if (len <= ECHO_LEN)
		return pstrdup(str);
	cut = pg_mbcliplen(str, len, ECHO_LEN);
	return psprintf("%.*s...", cut, str);
}

PG_FUNCTION_INFO_V1(okr_target_in);
Datum
okr_target_in(PG_FUNCTION_ARGS)
{
	const char *str = PG_GETARG_CSTRING(0);
	OkrTarget  *result = palloc(sizeof(OkrTarget));
	TargetParseError err;

	switch (target_parse(str, result, &err))
	{
		case TARGET_OK:
			break;
		case TARGET_ERR_SYNTAX:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type %s: \"%s\"",
							"okr.target", echo_input(str)),
					 errdetail_internal("%s", err.detail),
					 errhint("%s", err.hint)));
			break;
		case TARGET_ERR_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value out of range for type %s: \"%s\"",
							"okr.target", echo_input(str)),
					 errdetail_internal("%s", err.detail),
					 errhint("%s", err.hint)));
			break;
		case TARGET_ERR_INVALID:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid value for type %s: \"%s\"",
							"okr.target", echo_input(str)),
					 errdetail_internal("%s", err.detail),
					 errhint("%s", err.hint)));
			break;
	}
	PG_RETURN_POINTER(result);
}

PG_FUNCTION_INFO_V1(okr_target_out);
Datum
okr_target_out(PG_FUNCTION_ARGS)
{
	const OkrTarget *t = PG_GETARG_OKR_TARGET(0);
	char	   *buf = palloc(TARGET_TEXT_LEN);

	target_format(t, buf, TARGET_TEXT_LEN);
	PG_RETURN_CSTRING(buf);
}

pg_noreturn static pg_noinline void
binary_error(const char *detail);

static pg_noinline void
binary_error(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary data for type %s", "okr.target"),
			 errdetail_internal("%s", detail),
			 errhint("The binary form of okr.target is its kind (int4, 0 to 8), "
					 "its two numbers (float8 each) and, for kind 8, its worst value (float8).")));
}

/*
 * Binary form: kind (int4, TargetDirection), from (float8), to (float8), and
 * for a band with partial credit (kind 8) its worst value (float8).  The
 * wire never carries the packed layout: 0.1.0's 20-byte values are unchanged.
 */
PG_FUNCTION_INFO_V1(okr_target_recv);
Datum
okr_target_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	OkrTarget  *result;
	TargetParseError err;
	int			len = buf->len - buf->cursor;
	int			expected;
	int32		kind;

	kind = (len >= 4) ? (int32) pq_getmsgint(buf, 4) : -1;
	expected = (kind == TARGET_WITHIN_FROM) ? 4 + 8 + 8 + 8 : 4 + 8 + 8;
	if (len != expected)
		binary_error(psprintf("Expected %d bytes, got %d.", expected, len));
	if (kind < 0 || kind >= TARGET_DIRECTION_COUNT)
		binary_error(psprintf("Unknown direction code %d.", kind));
	result = palloc(sizeof(OkrTarget));
	result->direction = kind;
	result->from = pq_getmsgfloat8(buf);
	result->to = pq_getmsgfloat8(buf);
	result->reserved = 0;
	if (kind == TARGET_WITHIN_FROM)
	{
		double		worst = pq_getmsgfloat8(buf);

		if (!isfinite(worst))
			binary_error("Numbers must be finite.");
		target_set_worst(result, worst);
	}
	if (target_check(result, &err) != TARGET_OK)
		binary_error(err.detail);
	PG_RETURN_POINTER(result);
}

PG_FUNCTION_INFO_V1(okr_target_send);
Datum
okr_target_send(PG_FUNCTION_ARGS)
{
	const OkrTarget *t = PG_GETARG_OKR_TARGET(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, target_kind(t));
	pq_sendfloat8(&buf, t->from);
	pq_sendfloat8(&buf, t->to);
	if (target_kind(t) == TARGET_WITHIN_FROM)
		pq_sendfloat8(&buf, target_worst(t));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * Equal: same direction and numbers (double comparison, so -0 = 0); the
 * packed worst value of a band is bytewise (it is stored normalized), and
 * reserved is zero in every other value.
 */
static inline bool
target_equal(const OkrTarget *a, const OkrTarget *b)
{
	return a->direction == b->direction && a->reserved == b->reserved &&
		a->from == b->from && a->to == b->to;
}

PG_FUNCTION_INFO_V1(okr_target_eq);
Datum
okr_target_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(target_equal(PG_GETARG_OKR_TARGET(0),
								PG_GETARG_OKR_TARGET(1)));
}

PG_FUNCTION_INFO_V1(okr_target_ne);
Datum
okr_target_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!target_equal(PG_GETARG_OKR_TARGET(0),
								 PG_GETARG_OKR_TARGET(1)));
}

/*
 * The bytes hashed: a copy with -0 made 0, so values that are equal hash
 * equal even if one was built with -0 (input never stores -0, but hashing
 * does not rely on that).  reserved is zero but in a band with partial
 * credit, so 0.1.0's values hash as they did (hash indexes stay valid).
 */
static void
hash_key(const OkrTarget *t, OkrTarget *key)
{
	key->from = (t->from == 0.0) ? 0.0 : t->from;
	key->to = (t->to == 0.0) ? 0.0 : t->to;
	key->direction = t->direction;
	key->reserved = t->reserved;
}

PG_FUNCTION_INFO_V1(okr_target_hash);
Datum
okr_target_hash(PG_FUNCTION_ARGS)
{
	OkrTarget	key;

	hash_key(PG_GETARG_OKR_TARGET(0), &key);
	return hash_any((const unsigned char *) &key, sizeof(key));
}

PG_FUNCTION_INFO_V1(okr_target_hash_extended);
Datum
okr_target_hash_extended(PG_FUNCTION_ARGS)
{
	OkrTarget	key;

	hash_key(PG_GETARG_OKR_TARGET(0), &key);
	return hash_any_extended((const unsigned char *) &key, sizeof(key),
							 PG_GETARG_INT64(1));
}

/* --- accessors ------------------------------------------------------------ */

PG_FUNCTION_INFO_V1(okr_target_direction);
Datum
okr_target_direction(PG_FUNCTION_ARGS)
{
	const OkrTarget *t = PG_GETARG_OKR_TARGET(0);
	const char *name = target_direction_name(target_kind(t));

	if (name == NULL)
		elog(ERROR, "okr.target has unknown direction %d", t->direction);
	PG_RETURN_TEXT_P(cstring_to_text(name));
}

/*
 * a for a -> b, w for ... from w (where progress is 0; a band's worst value
 * w, on the side it was given), 0 for milestone, NULL otherwise
 */
PG_FUNCTION_INFO_V1(okr_target_baseline);
Datum
okr_target_baseline(PG_FUNCTION_ARGS)
{
	const OkrTarget *t = PG_GETARG_OKR_TARGET(0);

	switch (target_kind(t))
	{
		case TARGET_WITHIN_FROM:
			PG_RETURN_FLOAT8(target_worst(t));
		case TARGET_INCREASE:
		case TARGET_DECREASE:
		case TARGET_AT_LEAST_FROM:
		case TARGET_AT_MOST_FROM:
		case TARGET_MILESTONE:
			PG_RETURN_FLOAT8(t->from);
	}
	PG_RETURN_NULL();
}

/* b for a -> b, x for >= x and <= x, 1 for milestone, NULL for within */
PG_FUNCTION_INFO_V1(okr_target_goal);
Datum
okr_target_goal(PG_FUNCTION_ARGS)
{
	const OkrTarget *t = PG_GETARG_OKR_TARGET(0);

	if (target_kind(t) == TARGET_WITHIN || target_kind(t) == TARGET_WITHIN_FROM)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(t->to);
}

/* Lowest value that meets the goal; NULL when there is no lower limit. */
PG_FUNCTION_INFO_V1(okr_target_goal_low);
Datum
okr_target_goal_low(PG_FUNCTION_ARGS)
{
	const OkrTarget *t = PG_GETARG_OKR_TARGET(0);

	switch (target_kind(t))
	{
		case TARGET_INCREASE:
		case TARGET_AT_LEAST:
		case TARGET_AT_LEAST_FROM:
		case TARGET_MILESTONE:
			PG_RETURN_FLOAT8(t->to);
		case TARGET_WITHIN:
		case TARGET_WITHIN_FROM:
			PG_RETURN_FLOAT8(t->from);
	}
	PG_RETURN_NULL();
}

/* Highest value that meets the goal; NULL when there is no upper limit. */
PG_FUNCTION_INFO_V1(okr_target_goal_high);
Datum
okr_target_goal_high(PG_FUNCTION_ARGS)
{
	const OkrTarget *t = PG_GETARG_OKR_TARGET(0);

	switch (target_kind(t))
	{
		case TARGET_DECREASE:
		case TARGET_AT_MOST:
		case TARGET_AT_MOST_FROM:
		case TARGET_WITHIN:
		case TARGET_WITHIN_FROM:
			PG_RETURN_FLOAT8(t->to);
	}
	PG_RETURN_NULL();
}

PG_FUNCTION_INFO_V1(okr_target_is_met);
Datum
okr_target_is_met(PG_FUNCTION_ARGS)
{
	const OkrTarget *t = PG_GETARG_OKR_TARGET(0);
	double		value = PG_GETARG_FLOAT8(1);

	if (isnan(value))
		okr_value_nan_error("value");
	PG_RETURN_BOOL(okr_target_met(t, value));
}

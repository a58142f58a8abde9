/*
 * target_parse.c — okr.target's text parser, validity rules and formatter.
 *
 * Pure C: no PostgreSQL headers, no allocation.  The parser first checks the
 * shape of the whole text, then converts the validated number spans (copied
 * into a bounded local buffer, so strtod never sees "nan", "inf", hex or a
 * neighbouring token), then applies the rules shared with binary input
 * (target_check).  So a malformed text is always a syntax error, even when
 * one of its numbers would also be out of range.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "target_parse.h"

#define EXPECTED_FORMS \
	"Expected \"a -> b\", \">= x [from w]\", \"<= x [from w]\", \"lo .. hi [from w]\" or \"milestone\""
#define NUMBER_HINT \
	"Numbers are plain decimals such as 30, -1.5, .5 or 2e3 " \
	"(no NaN, infinity or hexadecimal)."
#define FORMS_HINT \
	"For example \"72 -> 2\" (from a baseline to a goal), \">= 99.9\", " \
	"\"0 .. 5 from 10\" (a band with partial credit) or \"milestone\"."
#define RANGE_HINT "Measure in a larger unit, so that the numbers are smaller."
#define DIGITS_HINT "Round the number: okr keeps double precision, about 17 significant digits."
#define BINARY_HINT \
	"A binary okr.target comes from okr.target's send function " \
	"(binary COPY, a driver's binary transfer); this one did not."

/* How much of the input a detail message quotes. */
#define SNIPPET_LEN 20

typedef enum TargetForm
{
	FORM_ARROW,					/* a -> b */
	FORM_BAND,					/* lo .. hi [from w] */
	FORM_AT_LEAST,				/* >= x [from w] */
	FORM_AT_MOST,				/* <= x [from w] */
	FORM_MILESTONE				/* milestone */
} TargetForm;

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		c == '\f' || c == '\v';
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int
is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static const char *
skip_space(const char *p)
{
	while (is_space(*p))
		p++;
	return p;
}

/*
 * Copy at most SNIPPET_LEN bytes of s (up to len, or the NUL) into buf,
 * adding "..." when cut.  Never cuts inside a run of bytes >= 0x80: in every
 * server encoding those runs are whole multibyte characters, so the snippet
 * stays valid text whatever the encoding.
 */
static const char *
snippet(const char *s, size_t len, char *buf)
{
	size_t		n = 0;

	while (n < len && n < SNIPPET_LEN && s[n] != '\0')
		n++;
	if (n < len && s[n] != '\0')
	{
		while (n > 0 && (unsigned char) s[n] >= 0x80 &&
			   (unsigned char) s[n - 1] >= 0x80)
			n--;
		memcpy(buf, s, n);
		memcpy(buf + n, "...", 4);
	}
	else
	{
		memcpy(buf, s, n);
		buf[n] = '\0';
	}
	return buf;
}

static void
set_error(TargetParseError *err, const char *hint, const char *fmt,
		  const char *a, const char *b)
{
	if (err == NULL)
		return;
	snprintf(err->detail, sizeof(err->detail), fmt, a, b);
	snprintf(err->hint, sizeof(err->hint), "%s", hint ? hint : "");
}

/* The hint for a place where a number was expected but text was found. */
static const char *
number_hint(const char *found)
{
	if (is_letter(*found) || is_digit(*found) || *found == '.' ||
		*found == '+' || *found == '-')
		return NUMBER_HINT;
	return FORMS_HINT;
}

/*
 * Length of the number starting at p, 0 if none:
 * [+-]?(digits[.digits?]|.digits)([eE][+-]?digits)?
 * A '.' that starts ".." belongs to the band operator, not to the number.
 */
static size_t
scan_number(const char *p)
{
	const char *s = p;
	size_t		digits = 0;

	if (*s == '+' || *s == '-')
		s++;
	while (is_digit(*s))
	{
		s++;
		digits++;
	}
	if (*s == '.' && s[1] != '.')
	{
		s++;
		while (is_digit(*s))
		{
			s++;
			digits++;
		}
	}
	if (digits == 0)
		return 0;
	if (*s == 'e' || *s == 'E')
	{
		const char *e = s + 1;

		if (*e == '+' || *e == '-')
			e++;
		if (is_digit(*e))
		{
			while (is_digit(*e))
				e++;
			s = e;
		}
	}
	return (size_t) (s - p);
}

/* Convert a span that scan_number accepted. */
static TargetParseStatus
convert_number(const char *p, size_t len, double *out, TargetParseError *err)
{
	char		buf[TARGET_MAX_NUMBER_LEN + 1];
	char		snip[SNIPPET_LEN + 4];
	char	   *end;
	double		d;

	if (len > TARGET_MAX_NUMBER_LEN)
	{
		char		max[16];

		snprintf(max, sizeof(max), "%d", TARGET_MAX_NUMBER_LEN);
		set_error(err, DIGITS_HINT, "The number \"%s\" is longer than %s characters.",
				  snippet(p, len, snip), max);
		return TARGET_ERR_SYNTAX;
	}
	memcpy(buf, p, len);
	buf[len] = '\0';
	errno = 0;
	d = strtod(buf, &end);
	if (end != buf + len)
	{
		/* cannot happen: the span has strtod's decimal syntax */
		set_error(err, NUMBER_HINT, "\"%s\" is not a number.",
				  snippet(p, len, snip), NULL);
		return TARGET_ERR_SYNTAX;
	}

	/*
	 * strtod may report ERANGE for a subnormal result too; like PostgreSQL's
	 * float8in, only a result of zero or infinity is out of range.
	 */
	if ((errno == ERANGE && (d == 0.0 || isinf(d))) || !isfinite(d))
	{
		set_error(err, RANGE_HINT,
				  "The number \"%s\" is out of range for type double precision.",
				  snippet(p, len, snip), NULL);
		return TARGET_ERR_RANGE;
	}
	*out = (d == 0.0) ? 0.0 : d;	/* -0 is 0 */
	return TARGET_OK;
}

/* Case-insensitive ASCII match of a keyword at p. */
static size_t
match_keyword(const char *p, const char *kw)
{
	size_t		n = 0;

	for (; kw[n] != '\0'; n++)
	{
		char		c = p[n];

		if (c >= 'A' && c <= 'Z')
			c = (char) (c - 'A' + 'a');
		if (c != kw[n])
			return 0;
	}
	return n;
}

/*
 * An optional "from w" at *pp: if present, the worst value's span goes to
 * *num and *len and *pp moves past it.  Returns 0 (err set) when "from" has
 * no number after it.
 */
static int
scan_worst(const char **pp, const char **num, size_t *len, TargetParseError *err)
{
	const char *p = *pp;
	size_t		n = match_keyword(p, "from");
	char		snip[SNIPPET_LEN + 4];

	if (n == 0 || is_letter(p[n]))
		return 1;
	p = skip_space(p + n);
	*num = p;
	*len = scan_number(p);
	if (*len == 0)
	{
		set_error(err, number_hint(p),
				  *p ? "Expected the worst value after \"%s\", found \"%s\"."
				  : "Expected the worst value after \"%s\", found nothing.",
				  "from", snippet(p, (size_t) -1, snip));
		return 0;
	}
	*pp = p + *len;
	return 1;
}

/* The number spans of a target whose shape has been checked. */
typedef struct TargetSpans
{
	TargetForm	form;
	const char *num[3];			/* first, second, a band's worst value */
	size_t		len[3];
} TargetSpans;

/* Expect a number at p after op; its span goes to s->num[i]. */
static int
scan_operand(const char *p, const char *op, TargetSpans *s, int i,
			 TargetParseError *err)
{
	char		snip[SNIPPET_LEN + 4];

	s->num[i] = p;
	s->len[i] = scan_number(p);
	if (s->len[i] == 0)
	{
		set_error(err, number_hint(p),
				  *p ? "Expected a number after \"%s\", found \"%s\"."
				  : "Expected a number after \"%s\", found nothing.",
				  op, snippet(p, (size_t) -1, snip));
		return 0;
	}
	return 1;
}

/* ">= x [from w]" or "<= x [from w]" at p; returns the end, NULL on error. */
static const char *
scan_threshold(const char *p, TargetSpans *s, TargetParseError *err)
{
	const char *op = (p[0] == '>') ? ">=" : "<=";

	s->form = (p[0] == '>') ? FORM_AT_LEAST : FORM_AT_MOST;
	p = skip_space(p + 2);
	if (!scan_operand(p, op, s, 1, err))
		return NULL;
	p = skip_space(p + s->len[1]);
	return scan_worst(&p, &s->num[0], &s->len[0], err) ? p : NULL;
}

/* "a -> b" or "lo .. hi", the first number at p; the end, NULL on error. */
static const char *
scan_pair(const char *p, TargetSpans *s, TargetParseError *err)
{
	char		snip1[SNIPPET_LEN + 4];
	char		snip2[SNIPPET_LEN + 4];
	const char *op;

	s->num[0] = p;
	p = skip_space(p + s->len[0]);
	if (p[0] == '-' && p[1] == '>')
		s->form = FORM_ARROW, op = "->";
	else if (p[0] == '.' && p[1] == '.')
		s->form = FORM_BAND, op = "..";
	else
	{
		set_error(err, number_hint(p),
				  *p ? "Expected \"->\" or \"..\" after \"%s\", found \"%s\"."
				  : "Expected \"->\" or \"..\" after \"%s\", found nothing.",
				  snippet(s->num[0], s->len[0], snip1),
				  snippet(p, (size_t) -1, snip2));
		return NULL;
	}
	p = skip_space(p + 2);
	return scan_operand(p, op, s, 1, err) ? p + s->len[1] : NULL;
}

/* The form and its operands, up to what may follow them; NULL on error. */
static const char *
scan_form(const char *p, TargetSpans *s, TargetParseError *err)
{
	char		snip[SNIPPET_LEN + 4];
	size_t		n;

	if (*p == '\0')
	{
		set_error(err, FORMS_HINT, EXPECTED_FORMS ", but the text is empty.",
				  NULL, NULL);
		return NULL;
	}
	if ((n = match_keyword(p, "milestone")) > 0)
	{
		s->form = FORM_MILESTONE;
		return p + n;
	}
	if ((p[0] == '>' || p[0] == '<') && p[1] == '=')
		return scan_threshold(p, s, err);
	if ((s->len[0] = scan_number(p)) > 0)
		return scan_pair(p, s, err);
	if ((p[0] == '-' && p[1] == '>') || (p[0] == '.' && p[1] == '.'))
		set_error(err,
				  "Write the first number before the operator, e.g. \"0 -> 30\" or \"10 .. 20\".",
				  "A number is missing before \"%s\".",
				  p[0] == '-' ? "->" : "..", NULL);
	else
		set_error(err, number_hint(p), EXPECTED_FORMS ", found \"%s\".",
				  snippet(p, (size_t) -1, snip), NULL);
	return NULL;
}

/*
 * The shape of the whole text: a form, a band's optional worst value, and
 * nothing after them.
 */
static int
scan_shape(const char *str, TargetSpans *s, TargetParseError *err)
{
	char		snip[SNIPPET_LEN + 4];
	const char *p = scan_form(skip_space(str), s, err);

	if (p == NULL)
		return 0;
	p = skip_space(p);
	if (s->form == FORM_BAND)
	{
		if (!scan_worst(&p, &s->num[2], &s->len[2], err))
			return 0;
		p = skip_space(p);
	}
	if (match_keyword(p, "from") > 0 &&
		(s->form == FORM_ARROW || s->form == FORM_MILESTONE))
	{
		set_error(err,
				  "Partial credit needs a threshold or a band: \">= x from w\", \"<= x from w\" or \"lo .. hi from w\".",
				  "Only a threshold or a band takes a worst value, not \"%s\".",
				  snippet(str, (size_t) -1, snip), NULL);
		return 0;
	}
	if (*p != '\0')
	{
		set_error(err, FORMS_HINT,
				  "Unexpected \"%s\" after the end of the target.",
				  snippet(p, (size_t) -1, snip), NULL);
		return 0;
	}
	return 1;
}

/* The direction code of a form; has_first: a threshold has "from w". */
static TargetDirection
direction_of(TargetForm form, int has_first, const OkrTarget *t)
{
	switch (form)
	{
		case FORM_ARROW:
			return (t->from <= t->to) ? TARGET_INCREASE : TARGET_DECREASE;
		case FORM_BAND:
			return TARGET_WITHIN;
		case FORM_AT_LEAST:
			return has_first ? TARGET_AT_LEAST_FROM : TARGET_AT_LEAST;
		case FORM_AT_MOST:
			return has_first ? TARGET_AT_MOST_FROM : TARGET_AT_MOST;
		case FORM_MILESTONE:
			break;
	}
	return TARGET_MILESTONE;
}

TargetParseStatus
target_parse(const char *str, OkrTarget *out, TargetParseError *err)
{
	TargetSpans s = {0};
	double		value[3] = {0.0, 1.0, 0.0};
	int			i;

	/* 1. Shape: a malformed text is a syntax error whatever its numbers. */
	if (!scan_shape(str, &s, err))
		return TARGET_ERR_SYNTAX;

	/* 2. Numbers. */
	for (i = 0; i < 3; i++)
	{
		TargetParseStatus status;

		if (s.num[i] != NULL &&
			(status = convert_number(s.num[i], s.len[i], &value[i], err)) != TARGET_OK)
			return status;
	}

	/* 3. Rules, shared with binary input. */
	out->from = value[0];
	out->to = value[1];
	out->reserved = 0;
	out->direction = direction_of(s.form, s.num[0] != NULL, out);
	if (s.num[2] != NULL)
		target_set_worst(out, value[2]);
	return target_check(out, err);
}

/* A value's numbers as text (a and b hold 32 bytes), for an error message. */
static void
format_numbers(const OkrTarget *t, char *a, char *b)
{
	target_format_number(t->from, a, 32);
	target_format_number(t->to, b, 32);
}

/*
 * The error of a band lo .. hi whose bounds are reversed (a and b hold 32
 * bytes), shared by bands with and without a worst value.
 */
static TargetParseStatus
band_reversed(const OkrTarget *t, TargetParseError *err, char *a, char *b)
{
	format_numbers(t, a, b);
	set_error(err, NULL, "The low bound %s is above the high bound %s.", a, b);
	if (err != NULL)
		snprintf(err->hint, sizeof(err->hint),
				 "Write the band from low to high: \"%s .. %s\".", b, a);
	return TARGET_ERR_INVALID;
}

/*
 * lo .. hi from w: a band, and a worst value outside it at a distance that
 * is a finite double (normalized: a packed -0 becomes 0).
 */
static TargetParseStatus
check_band_worst(OkrTarget *t, TargetParseError *err)
{
	char		a[32];
	char		b[32];
	char		w[32];
	double		worst = target_worst(t);

	if (worst == 0.0)
		target_set_worst(t, 0.0);
	if (t->from > t->to)
		return band_reversed(t, err, a, b);
	format_numbers(t, a, b);
	target_format_number(worst, w, sizeof(w));
	if (worst >= t->from && worst <= t->to)
	{
		if (err != NULL)
		{
			snprintf(err->detail, sizeof(err->detail),
					 "The worst value %s lies within the band %s .. %s.", w, a, b);
			snprintf(err->hint, sizeof(err->hint),
					 "Partial credit falls from 1 at the band to 0 at the worst value, "
					 "below it or above it (the same distance on both sides).");
		}
		return TARGET_ERR_INVALID;
	}
	if (isinf(target_tolerance(t)))
	{
		set_error(err, RANGE_HINT,
				  "The distance from the worst value %s to the band %s "
				  "is out of range for type double precision.",
				  w, worst < t->from ? a : b);
		return TARGET_ERR_RANGE;
	}
	return TARGET_OK;
}

/* to - from must be a finite double (fmt takes both numbers as text). */
static TargetParseStatus
check_distance(const OkrTarget *t, const char *fmt, const char *a,
			   const char *b, TargetParseError *err)
{
	if (!isinf(t->to - t->from))
		return TARGET_OK;
	set_error(err, RANGE_HINT, fmt, a, b);
	return TARGET_ERR_RANGE;
}

/* a -> b: a baseline and a goal, distinct, finitely apart, the right way. */
static TargetParseStatus
check_arrow(const OkrTarget *t, TargetParseError *err)
{
	char		a[32];
	char		b[32];

	format_numbers(t, a, b);
	if (t->from == t->to)
	{
		if (err != NULL)
		{
			snprintf(err->detail, sizeof(err->detail),
					 "The baseline equals the goal (%s), so progress "
					 "(value - baseline) / (goal - baseline) would divide by zero.",
					 a);
			snprintf(err->hint, sizeof(err->hint),
					 "Use \">= %s\" or \"<= %s\" for a threshold, "
					 "or \"milestone\" for done or not done.",
					 a, a);
		}
		return TARGET_ERR_INVALID;
	}
	if ((t->direction == TARGET_INCREASE) != (t->from < t->to))
	{
		set_error(err, BINARY_HINT,
				  t->direction == TARGET_INCREASE
				  ? "An increase must start below its goal (%s -> %s)."
				  : "A decrease must start above its goal (%s -> %s).",
				  a, b);
		return TARGET_ERR_INVALID;
	}
	return check_distance(t, "The distance from the baseline %s to the goal %s "
						  "is out of range for type double precision.",
						  a, b, err);
}

/* >= x from w, <= x from w: a worst value on the losing side, finitely far. */
static TargetParseStatus
check_threshold_worst(const OkrTarget *t, TargetParseError *err)
{
	char		a[32];
	char		b[32];
	int			at_least = (t->direction == TARGET_AT_LEAST_FROM);

	format_numbers(t, a, b);
	if (at_least ? !(t->from < t->to) : !(t->from > t->to))
	{
		set_error(err, NULL,
				  at_least
				  ? "The worst value of \">= %s\" must lie below it, not at %s."
				  : "The worst value of \"<= %s\" must lie above it, not at %s.",
				  b, a);
		if (err != NULL)
			snprintf(err->hint, sizeof(err->hint),
					 "Partial credit falls from 1 at the threshold to 0 at the worst value: "
					 "below it for \">=\", above it for \"<=\".");
		return TARGET_ERR_INVALID;
	}
	return check_distance(t, "The distance from the worst value %s to the threshold %s "
						  "is out of range for type double precision.",
						  a, b, err);
}

/* The rules of each kind, on a value whose encoding target_check accepted. */
static TargetParseStatus
check_kind(OkrTarget *t, TargetParseError *err)
{
	char		a[32];
	char		b[32];

	switch ((TargetDirection) target_kind(t))
	{
		case TARGET_INCREASE:
		case TARGET_DECREASE:
			return check_arrow(t, err);
		case TARGET_AT_LEAST:
		case TARGET_AT_MOST:
			if (t->from != 0.0)
			{
				format_numbers(t, a, b);
				set_error(err, BINARY_HINT,
						  "A threshold has no baseline: its first number must be 0, not %s.",
						  a, NULL);
				return TARGET_ERR_INVALID;
			}
			break;
		case TARGET_AT_LEAST_FROM:
		case TARGET_AT_MOST_FROM:
			return check_threshold_worst(t, err);
		case TARGET_WITHIN_FROM:
			return check_band_worst(t, err);
		case TARGET_WITHIN:
			if (t->from > t->to)
				return band_reversed(t, err, a, b);
			break;
		case TARGET_MILESTONE:
			if (t->from != 0.0 || t->to != 1.0)
			{
				format_numbers(t, a, b);
				set_error(err, BINARY_HINT,
						  "A milestone's numbers must be 0 and 1, not %s and %s.",
						  a, b);
				return TARGET_ERR_INVALID;
			}
			break;
	}
	return TARGET_OK;
}

TargetParseStatus
target_check(OkrTarget *t, TargetParseError *err)
{
	char		code[16];

	if (target_kind(t) == TARGET_WITHIN_FROM && !isfinite(target_worst(t)))
	{
		snprintf(code, sizeof(code), "%d", (int) t->direction);
		set_error(err, BINARY_HINT, "Unknown direction code %s.", code, NULL);
		return TARGET_ERR_INVALID;
	}
	if (target_kind(t) != TARGET_WITHIN_FROM && t->reserved != 0)
	{
		set_error(err, BINARY_HINT, "The reserved word must be zero.", NULL, NULL);
		return TARGET_ERR_INVALID;
	}
	if (!isfinite(t->from) || !isfinite(t->to))
	{
		set_error(err, BINARY_HINT, "Numbers must be finite.", NULL, NULL);
		return TARGET_ERR_INVALID;
	}
	if (t->from == 0.0)
		t->from = 0.0;			/* -0 is 0 */
	if (t->to == 0.0)
		t->to = 0.0;
	return check_kind(t, err);
}

size_t
target_format_number(double d, char *buf, size_t buflen)
{
	int			digits;
	int			exponent;
	int			len = 0;
	const char *e;

	if (d == 0.0)
		return (size_t) snprintf(buf, buflen, "0");	/* also -0 */

	/* the fewest significant digits that convert back to d */
	for (digits = 1; digits <= 17; digits++)
	{
		len = snprintf(buf, buflen, "%.*e", digits - 1, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	if (digits > 17)
		digits = 17;

	/*
	 * Like PostgreSQL's float8out, write moderate magnitudes without an
	 * exponent: 30, not 3e+01.  The fixed form has the same rounding
	 * position, so the same digits (an integer below 1e15 is exact).
	 */
	e = strchr(buf, 'e');
	exponent = e ? atoi(e + 1) : 0;
	if (exponent >= -4 && exponent < 15)
	{
		int			decimals = digits - 1 - exponent;

		len = snprintf(buf, buflen, "%.*f", decimals > 0 ? decimals : 0, d);
	}
	return (size_t) len;
}

const char *
target_direction_name(int kind)
{
	static const char *const names[TARGET_DIRECTION_COUNT] = {
		"increase", "decrease", "at_least", "at_most", "within", "milestone",
		"at_least", "at_most", "within"
	};

	if (kind < 0 || kind >= TARGET_DIRECTION_COUNT)
		return NULL;
	return names[kind];
}

double
target_worst(const OkrTarget *t)
{
	uint64_t	bits = ((uint64_t) ((uint32_t) t->direction ^ TARGET_PACK_XOR) << 32) |
		(uint32_t) t->reserved;
	double		w;

	memcpy(&w, &bits, sizeof(w));
	return w;
}

void
target_set_worst(OkrTarget *t, double w)
{
	uint64_t	bits;

	memcpy(&bits, &w, sizeof(bits));
	t->direction = (int32_t) ((uint32_t) (bits >> 32) ^ TARGET_PACK_XOR);
	t->reserved = (int32_t) (uint32_t) bits;
}

size_t
target_format(const OkrTarget *t, char *buf, size_t buflen)
{
	char		a[32];
	char		b[32];
	char		w[32];
	int			len;

	target_format_number(t->from, a, sizeof(a));
	target_format_number(t->to, b, sizeof(b));
	switch ((TargetDirection) target_kind(t))
	{
		case TARGET_INCREASE:
		case TARGET_DECREASE:
			len = snprintf(buf, buflen, "%s -> %s", a, b);
			break;
		case TARGET_AT_LEAST:
			len = snprintf(buf, buflen, ">= %s", b);
			break;
		case TARGET_AT_MOST:
			len = snprintf(buf, buflen, "<= %s", b);
			break;
		case TARGET_AT_LEAST_FROM:
			len = snprintf(buf, buflen, ">= %s from %s", b, a);
			break;
		case TARGET_AT_MOST_FROM:
			len = snprintf(buf, buflen, "<= %s from %s", b, a);
			break;
		case TARGET_WITHIN:
			len = snprintf(buf, buflen, "%s .. %s", a, b);
			break;
		case TARGET_WITHIN_FROM:
			target_format_number(target_worst(t), w, sizeof(w));
			len = snprintf(buf, buflen, "%s .. %s from %s", a, b, w);
			break;
		case TARGET_MILESTONE:
			len = snprintf(buf, buflen, "milestone");
			break;
		default:
			len = snprintf(buf, buflen, "?");
			break;
	}
	return (size_t) len;
}

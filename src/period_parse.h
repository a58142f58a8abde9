/*
 * period_parse.h — okr.period without PostgreSQL: the value, its text forms
 * and the calendar arithmetic behind them.
 *
 * Pure C (no postgres.h, no palloc, no ereport): every function reports
 * failure through a PeriodStatus and, where useful, a human-readable detail
 * written into a caller-supplied buffer.  The fmgr glue (period.c) maps the
 * statuses to SQLSTATEs:
 *
 *		PERIOD_SYNTAX		22P02  the text has the shape of no period form
 *		PERIOD_BAD_FIELD	22023  a well-formed form with an impossible field
 *							   (2026-Q5, 2025-W53, 2026-02-30, reversed span)
 *		PERIOD_OUT_OF_RANGE 22003  a year or day outside 0001-01-01..9999-12-31
 *		PERIOD_BAD_VALUE	22P03  (binary input) a struct that is not a period
 *
 * Days are counted from 2000-01-01 (day 0), like PostgreSQL's DateADT, in the
 * proleptic Gregorian calendar.
 */
#ifndef PERIOD_PARSE_H
#define PERIOD_PARSE_H

#include <stdlib.h>
#include <stdint.h>

typedef struct OkrPeriod
{
	int32_t		start;			/* first day, days since 2000-01-01 */
	int32_t		end;			/* last day, inclusive */
	uint8_t		kind;			/* PeriodKind: the text form it was given in */
	uint8_t		fiscal_start;	/* first month of the fiscal year (FY kinds);
								 * 1 otherwise */
	uint16_t	reserved;		/* zero */
} OkrPeriod;

typedef enum PeriodKind
{
	PERIOD_KIND_INVALID = 0,
	PERIOD_YEAR = 1,			/* 2026 */
	PERIOD_HALF = 2,			/* 2026-H1 */
	PERIOD_QUARTER = 3,			/* 2026-Q1 */
	PERIOD_MONTH = 4,			/* 2026-01 */
	PERIOD_WEEK = 5,			/* 2026-W01 (ISO 8601) */
	PERIOD_SPAN = 6,			/* [2026-10-01,2026-12-31] */
	PERIOD_FISCAL_YEAR = 7,		/* FY2027 */
	PERIOD_FISCAL_HALF = 8,		/* FY2027-H1 */
	PERIOD_FISCAL_QUARTER = 9	/* FY2027-Q1 */
} PeriodKind;

#define PERIOD_KIND_MAX PERIOD_FISCAL_QUARTER

typedef enum PeriodStatus
{
	PERIOD_OK = 0,
	PERIOD_SYNTAX,
	PERIOD_BAD_FIELD,
	PERIOD_OUT_OF_RANGE,
	PERIOD_BAD_VALUE
} PeriodStatus;

/* 0001-01-01 and 9999-12-31 as days since 2000-01-01 */
#define PERIOD_MIN_DAY	(-730119)
#define PERIOD_MAX_DAY	2921939

/* room for the longest output, "[9999-12-31,9999-12-31]", and its NUL */
#define PERIOD_OUTPUT_LEN 32
/* longest accepted input, after trimming surrounding whitespace (bytes) */
#define PERIOD_MAX_INPUT 100
/* a detail buffer of this size never truncates a message */
#define PERIOD_DETAIL_LEN 256

/* Calendar arithmetic (any year; no range check). */
extern int64_t period_days_from_civil(int64_t year, int month, int day);
extern void period_civil_from_days(int64_t days, int64_t *year, int *month,
								   int *day);
extern int	period_days_in_month(int64_t year, int month);
extern int	period_iso_weeks_in_year(int64_t year);
extern void period_iso_week_of(int64_t days, int64_t *iso_year, int *week);

/*
 * Parse text (NUL-terminated, surrounding whitespace ignored, letters in any
 * case, at most PERIOD_MAX_INPUT bytes once trimmed).  fiscal_start (1..12) is the first month of the fiscal year used by
 * the FY forms.  On success fills *out (reserved = 0).
 */
extern PeriodStatus period_parse(const char *text, int fiscal_start,
								 OkrPeriod *out, char *detail,
								 size_t detail_len);

/*
 * Canonical text of a valid period into buf; returns its length, or -1 when
 * the value is not valid or buf is too small.
 */
extern int	period_format(const OkrPeriod *p, char *buf, size_t buf_len);

/* The period of the given kind (not PERIOD_SPAN) that contains day. */
extern PeriodStatus period_of(PeriodKind kind, int64_t day, int fiscal_start,
							  OkrPeriod *out, char *detail, size_t detail_len);

/* The custom span [start, end] (inclusive). */
extern PeriodStatus period_span(int64_t start, int64_t end, OkrPeriod *out,
								char *detail, size_t detail_len);

/*
 * Check a struct that came from outside (binary input): known kind, fiscal
 * start 1..12 (1 for calendar kinds), days in range, end >= start, a named
 * kind covering exactly the days its name says, reserved zero.  Returns
 * PERIOD_OK or PERIOD_BAD_VALUE.
 */
extern PeriodStatus period_validate(const OkrPeriod *p, char *detail,
									size_t detail_len);

/* Order by start, then end (the kind does not take part): -1, 0 or 1. */
extern int	period_cmp(const OkrPeriod *a, const OkrPeriod *b);

/* SQL names of the kinds ("year", ..., "fiscal_quarter"); NULL if unknown. */
extern const char *period_kind_name(int kind);
/* The kind with that SQL name (ASCII case-insensitive), or INVALID. */
extern PeriodKind period_kind_from_name(const char *name);

#endif							/* PERIOD_PARSE_H */

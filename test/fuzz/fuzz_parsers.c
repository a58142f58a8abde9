/*
 * fuzz_parsers.c — libFuzzer target for okr's pure-C parsers.
 *
 * Feeds arbitrary bytes to period_parse() and target_parse() and checks the
 * round trip: whatever is accepted formats to text that parses back to the
 * identical value.  Built with AddressSanitizer and UBSan by `make fuzz`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "period_parse.h"
#include "target_parse.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_period(const char *text, int fiscal_start)
{
	OkrPeriod	p,
				again;
	char		detail[PERIOD_DETAIL_LEN];
	char		buf[PERIOD_OUTPUT_LEN];

	if (period_parse(text, fiscal_start, &p, detail, sizeof(detail)) != PERIOD_OK)
		return;
	if (period_format(&p, buf, sizeof(buf)) < 0 ||
		period_parse(buf, fiscal_start, &again, detail, sizeof(detail)) != PERIOD_OK ||
		memcmp(&p, &again, sizeof(p)) != 0)
	{
		fprintf(stderr, "period round trip failed for \"%s\" -> \"%s\"\n", text, buf);
		abort();
	}
}

static void
check_target(const char *text)
{
	OkrTarget	t,
				again;
	TargetParseError err;
	char		buf[TARGET_TEXT_LEN];

	if (target_parse(text, &t, &err) != TARGET_OK)
		return;
	if (target_format(&t, buf, sizeof(buf)) >= sizeof(buf))
	{
		fprintf(stderr, "target text of \"%s\" does not fit TARGET_TEXT_LEN\n", text);
		abort();
	}
	if (target_parse(buf, &again, &err) != TARGET_OK ||
		memcmp(&t, &again, sizeof(t)) != 0)
	{
		fprintf(stderr, "target round trip failed for \"%s\" -> \"%s\"\n", text, buf);
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	check_period(text, 1 + (size % 12));
	check_target(text);
	free(text);
	return 0;
}

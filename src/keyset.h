/*
 * keyset.h — a set of distinct (tenant, a, b) keys, kept both hashed (to
 * deduplicate) and as parallel arrays (to pass to okr's queries as text[],
 * int8[], int8[]).  Used by the triggers
 * for transition tables and by the rollup for its batches.
 */
#ifndef OKR_KEYSET_H
#define OKR_KEYSET_H

#include "postgres.h"

#include "utils/hsearch.h"

typedef struct OkrKeySet
{
	int			n;
	int			size;
	Datum	   *tenant;			/* text *, shared per tenant (tenant.c) */
	int32	   *tenant_no;
	Datum	   *a;
	Datum	   *b;
	HTAB	   *seen;
} OkrKeySet;

extern void okr_keyset_init(OkrKeySet *ks);
extern void okr_keyset_add(OkrKeySet *ks, int32 tenant_no, int64 a, int64 b);
extern bool okr_keyset_contains(OkrKeySet *ks, int32 tenant_no, int64 a, int64 b);
extern void okr_keyset_args(OkrKeySet *ks, Datum *args);

#endif							/* OKR_KEYSET_H */

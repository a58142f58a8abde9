/*
 * rollup.h — keeping maintained scores exact: what changed in this
 * transaction, the tenant locks, and the flush that recomputes at commit.
 *
 * Lock protocol:
 *   1. Every statement that writes existing okr rows first takes its
 *      tenant's lock (the tenant of okr.tenant, before any row is touched):
 *      ShareLock for check-ins and outputs, ExclusiveLock for structure
 *      (objectives, alignments, key results).  Inserting an objective
 *      touches no existing row; its rollup takes the lock at commit.  So structure never changes under a
 *      running rollup, and structure validation sees every commit.  Rows of
 *      another tenant take its lock only if it is free at once (else 55P03).
 *   2. The flush runs once, at commit, and locks rows in one global order:
 *      key results by (tenant, id), then objectives by (depth descending,
 *      tenant, id), each before reading what it recomputes.
 * So rollups never deadlock with each other.  A transaction that checks in
 * and then edits structure upgrades Share to Exclusive, which can deadlock
 * with another doing the same: do structure edits in their own transactions.
 */
#ifndef OKR_ROLLUP_H
#define OKR_ROLLUP_H

#include "postgres.h"

#include "executor/spi.h"

typedef enum DirtyKind
{
	DIRTY_KEY_RESULT,			/* value and score need recomputing */
	DIRTY_OBJECTIVE,			/* score needs recomputing */
	DIRTY_CLOSING				/* objective closed in this transaction */
} DirtyKind;

/* True while the flush itself writes maintained columns. */
extern bool okr_in_flush;

/* A query prepared once per session, on first use. */
typedef struct OkrQuery
{
	const char *sql;
	int			nargs;
	Oid			argtypes[5];
	SPIPlanPtr	plan;
} OkrQuery;

extern SPIPlanPtr okr_plan(OkrQuery *q);
extern void okr_rollup_init(void);
extern int32 okr_tenant_number(text *tenant);
extern text *okr_tenant_text(int32 tenant_no);
extern void okr_lock_tenant(text *tenant, bool structure, bool wait);
extern void okr_mark(DirtyKind kind, text *tenant, int64 id);
extern void okr_as_owner(void (*fn) (void *), void *arg);
extern void okr_flush_unless_queued(void);

#endif							/* OKR_ROLLUP_H */

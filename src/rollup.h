/*
 * rollup.h — keeping maintained scores exact: what changed in this
 * transaction, and the flush that brings the maintained values up to date.
 *
 * Lock protocol (see tenant.h for the tenant locks):
 *   1. Every statement that writes existing okr rows first takes the lock of
 *      its tenant, before any row is touched: shared for check-ins and
 *      outputs, exclusive for structure (objectives, alignments, key
 *      results).  Inserting an objective touches no existing row; its
 *      rollup takes the lock at commit.  So structure never changes under a
 *      running rollup, and structure validation sees every commit.
 *   2. The flush runs once, at commit, and takes rows in one global order:
 *      tenant by tenant (by name); key results by id, then objectives by
 *      (depth descending, id).  A row is either locked before reading what
 *      it recomputes, or read and then updated directly, the update being
 *      its lock (store.c okr_store_replace: one WAL record instead of two);
 *      the update fails if another transaction committed a newer version
 *      meanwhile, and the row is recomputed from that one.  That is exact
 *      only if every flush that reads a row to recompute it leaves a new
 *      version, even of an unchanged value (a committed lock alone does not
 *      stop the direct update): check-in-fed key results are always written,
 *      and an objective whose pending rows were folded is written.
 *   3. An objective whose change is linear (structure fixed, it has a score,
 *      W > 0) is updated only if no other transaction holds it (an update
 *      that never waits); when one does, the change w·Δ/W goes to
 *      okr.pending_score (pending.h) and propagation goes on above it.  Key
 *      results, and objectives recomputed from their inputs (structure
 *      edits, a first score, closing), are still waited for.
 * So rollups never deadlock with each other, and a check-in never waits for
 * another transaction's commit on a shared objective (the root).
 *
 * Contract — exact at commit for every reader: every committed change of an
 * objective's score is either in objective.score or in exactly one row of
 * okr.pending_score, never both, in every snapshot, because the rows are
 * deleted (folded) in the same transaction that adds them to the score, and
 * only by a holder of the objective's row lock.  Readers read
 * okr.objective_current (stored + Σ pending); okr.verify() checks it.  Two ways out of that order,
 * and what okr does about them:
 *   - a transaction that flushed early (okr.flush(), IMMEDIATE) and writes
 *     more holds rows high in the order: its later flushes do not wait for
 *     rows, they fail with 55P03 instead (only that transaction can fail);
 *   - a transaction that checks in and then edits structure upgrades its
 *     tenant lock, which can deadlock with another doing the same: do
 *     structure edits first, or in transactions of their own.
 */
#ifndef OKR_ROLLUP_H
#define OKR_ROLLUP_H

#include "postgres.h"

typedef enum DirtyKind
{
	DIRTY_KEY_RESULT,			/* value and score need recomputing */
	DIRTY_OBJECTIVE,			/* score needs recomputing */
	DIRTY_CLOSING,				/* objective closed in this transaction */
	DIRTY_PARENTS				/* whether it counts for its parents changed */
} DirtyKind;

/* True while the flush itself writes maintained columns. */
extern bool okr_in_flush;

extern void okr_rollup_init(void);
extern void okr_mark(DirtyKind kind, text *tenant, int64 id);
extern void okr_flush_unless_queued(void);

#endif							/* OKR_ROLLUP_H */

/*
 * pending.h — score changes appended instead of waited for.
 *
 * A flush that reaches an objective whose row another transaction holds
 * (it is rolling up through the same objective and has not committed) does
 * not wait for that commit: while structure is fixed an objective's score
 * is linear in its inputs, so it appends its change Δ to okr.pending_score,
 * where it becomes visible exactly when its own transaction commits.  A
 * flush that does get the row lock folds every committed change of that
 * objective into objective.score and deletes those rows in the same
 * transaction, so each change counts exactly once: either as a pending row
 * or inside the stored score, never both, for every snapshot.  Readers see
 * okr.objective_current (stored + Σ pending, sql/install/40-store.sql).
 *
 * Only a holder of the objective's row lock deletes its pending rows (the
 * flush when it folds or recomputes; deleting an objective cascades under
 * the exclusive tenant lock), so deletions never race each other.
 */
#ifndef OKR_PENDING_H
#define OKR_PENDING_H

#include "postgres.h"

#include "store.h"

/* Pending rows found by okr_pending_read, deleted by okr_pending_drop. */
typedef struct OkrPendingRows
{
	int			n;
	int			size;
	ItemPointerData *tids;
} OkrPendingRows;

extern void okr_pending_open(OkrStore *s);
extern void okr_pending_add(OkrStore *s, text *tenant, int64 objective_id, double delta);
extern double okr_pending_read(OkrStore *s, text *tenant, int64 objective_id,
							   OkrPendingRows *rows);
extern void okr_pending_drop(OkrStore *s, OkrPendingRows *rows);
extern double okr_pending_take(OkrStore *s, text *tenant, int64 objective_id, int *ntaken);
extern int64 *okr_pending_objectives(OkrStore *s, text *tenant, int *n);

#endif							/* OKR_PENDING_H */

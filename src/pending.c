/*
 * pending.c — okr.pending_score: appending a change, folding them (see
 * pending.h), and the guard that keeps the table okr's own.
 */
#include "postgres.h"

#include "access/genam.h"
#include "commands/trigger.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/rel.h"

#include "okr.h"
#include "pending.h"

/* okr.pending_score (tenant, objective_id, delta) */
#define ATT_OBJECTIVE 2
#define ATT_DELTA 3

void
okr_pending_open(OkrStore *s)
{
	okr_store_open_by(s, "pending_score", "pending_score_objective");
}

/* Objective objective_id moves by delta once this transaction commits. */
void
okr_pending_add(OkrStore *s, text *tenant, int64 objective_id, double delta)
{
	Datum		values[3] = {PointerGetDatum(tenant), Int64GetDatum(objective_id),
	Float8GetDatum(delta)};
	bool		nulls[3] = {false, false, false};

	okr_store_insert(s, values, nulls);
}

/*
 * The objective's pending changes that this transaction sees (the committed
 * ones and its own): their sum, and their tids in *rows (zeroed by the
 * caller).  Only a holder of the objective's row lock may delete them.
 */
double
okr_pending_read(OkrStore *s, text *tenant, int64 objective_id, OkrPendingRows *rows)
{
	IndexScanDesc scan = okr_store_scan(s, tenant, true, objective_id);
	double		sum = 0;

	while (index_getnext_slot(scan, ForwardScanDirection, s->row))
	{
		bool		isnull;

		sum += DatumGetFloat8(slot_getattr(s->row, ATT_DELTA, &isnull));
		if (rows->n == rows->size)
		{
			rows->size = Max(4, rows->size * 2);
			rows->tids = rows->tids ? repalloc(rows->tids, sizeof(ItemPointerData) * rows->size)
				: palloc(sizeof(ItemPointerData) * rows->size);
		}
		rows->tids[rows->n++] = s->row->tts_tid;
	}
	okr_store_endscan(scan);
	return sum;
}

/* Delete the rows okr_pending_read found; the caller now holds the objective. */
void
okr_pending_drop(OkrStore *s, OkrPendingRows *rows)
{
	int			i;

	for (i = 0; i < rows->n; i++)
		okr_store_delete(s, &rows->tids[i]);
	if (rows->n > 0)
		CommandCounterIncrement();
}

/*
 * Delete the objective's pending changes that this transaction sees and
 * return their sum; the caller holds the objective's row lock and adds the
 * sum to the stored score.
 */
double
okr_pending_take(OkrStore *s, text *tenant, int64 objective_id, int *ntaken)
{
	OkrPendingRows rows = {0};
	double		sum = okr_pending_read(s, tenant, objective_id, &rows);

	okr_pending_drop(s, &rows);
	*ntaken = rows.n;
	if (rows.tids)
		pfree(rows.tids);
	return sum;
}

/* The distinct objectives of tenant with pending changes, ascending. */
int64 *
okr_pending_objectives(OkrStore *s, text *tenant, int *n)
{
	IndexScanDesc scan = okr_store_scan(s, tenant, false, 0);
	int			size = 16;
	int64	   *ids = palloc(sizeof(int64) * size);

	*n = 0;
	while (index_getnext_slot(scan, ForwardScanDirection, s->row))
	{
		bool		isnull;
		int64		id = DatumGetInt64(slot_getattr(s->row, ATT_OBJECTIVE, &isnull));

		if (*n > 0 && ids[*n - 1] == id)
			continue;
		if (*n == size)
			ids = repalloc_huge(ids, sizeof(int64) * (size *= 2));
		ids[(*n)++] = id;
	}
	okr_store_endscan(scan);
	return ids;
}

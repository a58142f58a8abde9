/*
 * triggers.c — the triggers on okr's tables.
 *
 *   okr.lock_tenant()      BEFORE STATEMENT: the tenant lock (see rollup.h)
 *   okr.objective_guard(), okr.key_result_guard(), okr.output_guard()
 *                          BEFORE ROW: maintained columns, closing, done_at
 *   okr.after_statement()  AFTER STATEMENT, with transition tables: records
 *                          what the rollup must recompute and validates the
 *                          structure, set-wise, once per statement
 *
 * The transition tables are read directly (no SQL) and reduced to distinct
 * keys; the validation queries then take those keys as arrays, so their
 * plans are prepared once per session.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/hsearch.h"
#include "utils/rel.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

#include "acyclic.h"
#include "keyset.h"
#include "okr.h"
#include "query.h"
#include "rollup.h"
#include "store.h"
#include "structure.h"
#include "tenant.h"

/* ---------- BEFORE STATEMENT: the tenant lock ---------- */

/* The tenant lock; for a structure edit, on a snapshot that sees the last. */
static void
lock_tenant(text *tenant, bool structure, bool wait)
{
	okr_lock_tenant(tenant, structure, wait);
	if (structure)
		okr_structure_check_snapshot(tenant);
}

PG_FUNCTION_INFO_V1(okr_lock_tenant_trigger);
Datum
okr_lock_tenant_trigger(PG_FUNCTION_ARGS)
{
	TriggerData *td = okr_trigger_data(fcinfo, "okr.lock_tenant()");
	bool		structure = td->tg_trigger->tgnargs > 0 &&
		strcmp(td->tg_trigger->tgargs[0], "structure") == 0;

	if (!okr_in_flush && okr_maintenance)
		lock_tenant(cstring_to_text(okr_session_tenant()), structure, true);
	else if (!okr_in_flush)
		okr_tenant_set_unmaintained();
	return PointerGetDatum(NULL);
}

/* ---------- BEFORE ROW guards ---------- */

static bool
column_changed(TupleDesc desc, HeapTuple oldtup, HeapTuple newtup, const char *column)
{
	int			attnum = SPI_fnumber(desc, column);
	Form_pg_attribute att = TupleDescAttr(desc, attnum - 1);
	bool		oldnull,
				newnull;
	Datum		o = heap_getattr(oldtup, attnum, desc, &oldnull);
	Datum		n = heap_getattr(newtup, attnum, desc, &newnull);

	if (oldnull || newnull)
		return oldnull != newnull;
	return !datumIsEqual(o, n, att->attbyval, att->attlen);
}

static void
refuse_maintained(TriggerData *td, const char *column, const char *from)
{
	TupleDesc	desc = RelationGetDescr(td->tg_relation);

	if (!okr_in_flush && column_changed(desc, td->tg_trigtuple, td->tg_newtuple, column))
		ereport(ERROR,
				(errcode(ERRCODE_GENERATED_ALWAYS),
				 errmsg("column \"%s\" of okr.%s is maintained by okr",
						column, RelationGetRelationName(td->tg_relation)),
				 errdetail("okr computes it from %s.", from),
				 errhint("Change those instead; okr.rebuild() recomputes every maintained value.")));
}

/*
 * The paths, shapes, pace and key-result versions okr maintains are keyed
 * by (tenant, id): an objective or key result whose key changed would leave
 * them behind.
 */
static void
refuse_key_change(TriggerData *td, const char *column)
{
	TupleDesc	desc = RelationGetDescr(td->tg_relation);

	if (column_changed(desc, td->tg_trigtuple, td->tg_newtuple, column))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("column \"%s\" of okr.%s cannot be changed",
						column, RelationGetRelationName(td->tg_relation)),
				 errdetail("okr keys what it maintains (paths, shapes, pace, key-result versions) by a row's tenant and id."),
				 errhint("Insert the row anew under the new key, move what refers to it, then delete the old one.")));
}

/*
 * Whether a text column equals value.  A NULL (which NOT NULL refuses after
 * BEFORE ROW triggers) equals nothing.
 */
static bool
column_is(TupleDesc desc, HeapTuple tup, const char *column, const char *value)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, SPI_fnumber(desc, column), desc, &isnull);

	return !isnull && strcmp(TextDatumGetCString(d), value) == 0;
}

/* Record a changed objective row; one without tenant or id fails NOT NULL. */
static void
mark_objective(DirtyKind kind, TupleDesc desc, HeapTuple tup)
{
	bool		tenant_null,
				id_null;
	Datum		tenant = heap_getattr(tup, SPI_fnumber(desc, "tenant"), desc, &tenant_null);
	Datum		id = heap_getattr(tup, SPI_fnumber(desc, "id"), desc, &id_null);

	if (!tenant_null && !id_null)
		okr_mark(kind, DatumGetTextPP(tenant), DatumGetInt64(id));
}

static HeapTuple
set_columns(TupleDesc desc, HeapTuple tup, int n, const char **columns,
			Datum *values, bool *nulls)
{
	int			cols[3];
	int			i;

	for (i = 0; i < n; i++)
		cols[i] = SPI_fnumber(desc, columns[i]);
	return heap_modify_tuple_by_cols(tup, desc, n, cols, values, nulls);
}

/* The row a BEFORE ROW trigger returns unchanged. */
static Datum
unchanged(TriggerData *td)
{
	return PointerGetDatum(TRIGGER_FIRED_BY_UPDATE(td->tg_event) ?
						   td->tg_newtuple : td->tg_trigtuple);
}

/*
 * An objective becomes closed: closed_at is the clock (when it was closed,
 * even late in a long transaction); the rollup then freezes its score, at
 * final_score when one is given (objective_computed), and records the grade.
 */
static HeapTuple
objective_closing(TupleDesc desc, HeapTuple tup)
{
	static const char *cols[] = {"closed_at"};
	Datum		values[1] = {TimestampTzGetDatum(GetCurrentTimestamp())};
	bool		nulls[1] = {false};

	tup = set_columns(desc, tup, 1, cols, values, nulls);
	mark_objective(DIRTY_CLOSING, desc, tup);
	return tup;
}

/*
 * An inserted objective's maintained columns are okr's as well: a new
 * objective has no inputs, so no score unless it is closed with a
 * final_score.  Only a restore (okr.maintenance off) writes them as given.
 */
static HeapTuple
objective_inserted(TupleDesc desc, HeapTuple tup)
{
	static const char *cols[] = {"score", "final_grade", "closed_at"};
	int			atts[3];
	Datum		values[3] = {0, 0, 0};
	bool		nulls[3] = {true, true, true};
	bool		given = false;
	int			i;

	for (i = 0; i < 3; i++)
	{
		atts[i] = SPI_fnumber(desc, cols[i]);
		given |= !heap_attisnull(tup, atts[i], desc);
	}
	/* the row is copied only if one is given: a COPY gives none */
	if (given)
		tup = heap_modify_tuple_by_cols(tup, desc, 3, atts, values, nulls);
	if (column_is(desc, tup, "state", "closed"))
		tup = objective_closing(desc, tup);
	return tup;
}

static void
refuse_final_score(TupleDesc desc, HeapTuple tup)
{
	bool		isnull;
	int64		id = DatumGetInt64(heap_getattr(tup, SPI_fnumber(desc, "id"), desc, &isnull));

	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("cannot change the final score of objective %lld: it is closed", (long long) id),
			 errdetail("A closed objective is frozen with its final grade."),
			 errhint("Reopen it, then close it with the new score: UPDATE okr.objective SET state = 'active' WHERE id = %lld.",
					 (long long) id)));
}

/*
 * okr.objective: maintained columns are read-only; closing freezes the score
 * (see objective_closing), reopening thaws it and forgets the final score.
 */
PG_FUNCTION_INFO_V1(okr_objective_guard);
Datum
okr_objective_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = okr_trigger_data(fcinfo, "okr.objective_guard()");
	TupleDesc	desc = RelationGetDescr(td->tg_relation);
	HeapTuple	newtup = td->tg_newtuple;
	bool		was_closed,
				closed;
	static const char *reopen_cols[] = {"closed_at", "final_grade", "final_score"};
	Datum		values[3] = {0, 0, 0};
	bool		nulls[3] = {true, true, true};

	if (!okr_maintenance || okr_in_flush)
		return unchanged(td);
	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
		return PointerGetDatum(objective_inserted(desc, td->tg_trigtuple));

	refuse_key_change(td, "tenant");
	refuse_key_change(td, "id");
	refuse_maintained(td, "score", "its key results and aligned objectives");
	refuse_maintained(td, "final_grade", "its score when it is closed");
	refuse_maintained(td, "closed_at", "the time it is closed");

	was_closed = column_is(desc, td->tg_trigtuple, "state", "closed");
	closed = column_is(desc, newtup, "state", "closed");
	if (closed && !was_closed)
		newtup = objective_closing(desc, newtup);
	else if (was_closed && !closed)
	{
		/* a final score given while reopening is left to its CHECK */
		int			n = column_changed(desc, td->tg_trigtuple, newtup, "final_score") ? 2 : 3;

		newtup = set_columns(desc, newtup, n, reopen_cols, values, nulls);
		mark_objective(DIRTY_OBJECTIVE, desc, newtup);
	}
	else if (closed && column_changed(desc, td->tg_trigtuple, newtup, "final_score"))
		refuse_final_score(desc, newtup);
	else if (column_changed(desc, td->tg_trigtuple, newtup, "rollup"))
		mark_objective(DIRTY_OBJECTIVE, desc, newtup);
	/* drafts do not count toward their parents: becoming or leaving one recounts them */
	if (column_is(desc, td->tg_trigtuple, "state", "draft") != column_is(desc, newtup, "state", "draft"))
		mark_objective(DIRTY_PARENTS, desc, newtup);
	return PointerGetDatum(newtup);
}

/* okr.key_result: value and score are maintained. */
PG_FUNCTION_INFO_V1(okr_key_result_guard);
Datum
okr_key_result_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = okr_trigger_data(fcinfo, "okr.key_result_guard()");

	if (!TRIGGER_FIRED_BY_UPDATE(td->tg_event) || !okr_maintenance)
		return unchanged(td);	/* an update with maintenance off: as given */
	refuse_key_change(td, "tenant");
	refuse_key_change(td, "id");
	refuse_maintained(td, "value", "its check-ins or outputs");
	refuse_maintained(td, "score", "its target, value and cap");
	return PointerGetDatum(td->tg_newtuple);
}

/* okr.output: done_at is when status became done, unless given. */
PG_FUNCTION_INFO_V1(okr_output_guard);
Datum
okr_output_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = okr_trigger_data(fcinfo, "okr.output_guard()");
	TupleDesc	desc = RelationGetDescr(td->tg_relation);
	HeapTuple	tup = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	bool		done = column_is(desc, tup, "status", "done");
	bool		has_done_at;
	static const char *cols[] = {"done_at"};
	Datum		values[1] = {0};
	bool		nulls[1] = {true};

	if (!okr_maintenance)
		return PointerGetDatum(tup);
	(void) heap_getattr(tup, SPI_fnumber(desc, "done_at"), desc, &has_done_at);
	has_done_at = !has_done_at;
	if (done && !has_done_at)
	{
		values[0] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
		nulls[0] = false;
		tup = set_columns(desc, tup, 1, cols, values, nulls);
	}
	else if (!done && has_done_at)
		tup = set_columns(desc, tup, 1, cols, values, nulls);
	return PointerGetDatum(tup);
}

/* ---------- AFTER STATEMENT: mark and validate ---------- */

/* Add (tenant, column_a[, column_b]) of every row of a transition table. */
static void
keyset_scan(OkrKeySet *ks, Tuplestorestate *rows, TupleDesc desc,
			const char *column_a, const char *column_b)
{
	TupleTableSlot *slot;
	int			tenant_att = SPI_fnumber(desc, "tenant");
	int			a_att = SPI_fnumber(desc, column_a);
	int			b_att = column_b ? SPI_fnumber(desc, column_b) : 0;

	if (rows == NULL)
		return;
	slot = MakeSingleTupleTableSlot(desc, &TTSOpsMinimalTuple);
	tuplestore_rescan(rows);
	while (tuplestore_gettupleslot(rows, true, false, slot))
	{
		bool		isnull;
		text	   *tenant = DatumGetTextPP(slot_getattr(slot, tenant_att, &isnull));
		int64		a = DatumGetInt64(slot_getattr(slot, a_att, &isnull));
		int64		b = b_att ? DatumGetInt64(slot_getattr(slot, b_att, &isnull)) : 0;

		CHECK_FOR_INTERRUPTS();
		okr_keyset_add(ks, okr_tenant_number(tenant), a, b);
	}
	ExecDropSingleTupleTableSlot(slot);
}

/* The tenant lock of every key's tenant: one call per run of its keys. */
static void
keyset_lock(OkrKeySet *ks, bool structure)
{
	Pointer		locked = NULL;
	int			i;

	for (i = 0; i < ks->n; i++)
		/* a tenant's keys share its text (see tenant.c) */
		if (DatumGetPointer(ks->tenant[i]) != locked)
		{
			locked = DatumGetPointer(ks->tenant[i]);
			lock_tenant(DatumGetTextPP(ks->tenant[i]), structure, false);
		}
}

static void
keyset_mark(OkrKeySet *ks, DirtyKind kind, bool use_b, bool structure)
{
	int			i;

	keyset_lock(ks, structure);
	for (i = 0; i < ks->n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		okr_mark(kind, DatumGetTextPP(ks->tenant[i]),
				 DatumGetInt64(use_b ? ks->b[i] : ks->a[i]));
	}
}

/* Run a validation query over the key set; returns its first row or NULL. */
static HeapTuple
first_violation(OkrQuery *check, OkrKeySet *ks, TupleDesc *desc)
{
	Datum		args[3];

	if (ks->n == 0)
		return NULL;
	okr_keyset_args(ks, args);
	if (okr_execute(check, args, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "okr: validation query failed");
	if (SPI_processed == 0)
		return NULL;
	*desc = SPI_tuptable->tupdesc;
	return SPI_tuptable->vals[0];
}

static char *
col(HeapTuple tup, TupleDesc desc, int n)
{
	return SPI_getvalue(tup, desc, n);
}

/*
 * Every validation query below is a chain of index lookups written into the
 * query (LATERAL ... OFFSET 0): a generic plan prepared before statistics
 * arrived, or one that prefers another index for a whole tenant, cannot turn
 * them into a scan per row.
 */

static OkrQuery alignment_period = {
	"SELECT c.id, c.period::text, p.id, p.period::text"
	"  FROM unnest($1, $2, $3) AS d (tenant, child, parent)"
	" CROSS JOIN LATERAL (SELECT c.id, c.period FROM okr.objective c"
	"                      WHERE c.tenant = d.tenant AND c.id = d.child OFFSET 0) c"
	" CROSS JOIN LATERAL (SELECT p.id, p.period FROM okr.objective p"
	"                      WHERE p.tenant = d.tenant AND p.id = d.parent OFFSET 0) p"
	" WHERE NOT c.period OPERATOR(okr.<@) p.period LIMIT 1",
	3, {TEXTARRAYOID, INT8ARRAYOID, INT8ARRAYOID}, NULL
};

static OkrQuery objective_period = {
	"SELECT c.id, c.period::text, p.id, p.period::text"
	"  FROM unnest($1, $2) AS d (tenant, id)"
	" CROSS JOIN LATERAL ("	/* two index lookups, not an OR over a scan */
	"   SELECT a.child_id, a.parent_id FROM okr.alignment a"
	"    WHERE a.tenant = d.tenant AND a.child_id = d.id"
	"   UNION ALL"
	"   SELECT a.child_id, a.parent_id FROM okr.alignment a"
	"    WHERE a.tenant = d.tenant AND a.parent_id = d.id OFFSET 0) a"
	" CROSS JOIN LATERAL (SELECT c.id, c.period FROM okr.objective c"
	"                      WHERE c.tenant = d.tenant AND c.id = a.child_id OFFSET 0) c"
	" CROSS JOIN LATERAL (SELECT p.id, p.period FROM okr.objective p"
	"                      WHERE p.tenant = d.tenant AND p.id = a.parent_id OFFSET 0) p"
	" WHERE NOT c.period OPERATOR(okr.<@) p.period LIMIT 1",
	2, {TEXTARRAYOID, INT8ARRAYOID}, NULL
};

/* What check_not_closed_kr probes, opened when first needed. */
typedef struct ClosedCheck
{
	OkrStore	kr;
	OkrStore	obj;
} ClosedCheck;

/* The objective of key result id by a primary-key probe; false: it is gone. */
static bool
probe_objective_of(ClosedCheck *c, text *tenant, int64 id, int64 *objective)
{
	bool		isnull;

	if (c->kr.rel == NULL)
		okr_store_open_read(&c->kr, "key_result");
	if (!okr_store_find(&c->kr, tenant, true, id))
		return false;
	*objective = DatumGetInt64(okr_store_get(&c->kr, okr_store_att(&c->kr, "objective_id"),
											 &isnull));
	return true;
}

static bool
probe_closed(ClosedCheck *c, text *tenant, int64 objective)
{
	if (c->obj.rel == NULL)
		okr_store_open_read(&c->obj, "objective");
	return okr_store_find(&c->obj, tenant, true, objective) &&
		okr_store_text_is(&c->obj, okr_store_att(&c->obj, "state"), "closed");
}

/*
 * Rows under a closed objective are frozen, whatever they say about when
 * they were written; a restore writes them with okr.maintenance off.  This
 * runs for every check-in, so without SQL: each key result's objective and
 * whether it is closed come from the tenant's structure cache (structure.c),
 * else from primary-key probes of the latest committed rows.  The cache is
 * current here: the tenant lock is held, okr_structure_open checked its
 * version under that lock, and closing or reopening an objective and moving
 * a key result are structure edits, which take the lock exclusively and
 * bump the version before they commit.  A transaction that edits the
 * tenant's structure itself sees its own edits only in the rows: it probes,
 * as does one that wrote okr's tables with okr.maintenance off (unlocked,
 * no bump).
 * A key result that is gone fails its foreign key.
 */
static void
check_not_closed_kr(OkrKeySet *krs, const char *what)
{
	ClosedCheck c;
	OkrStructure *st = NULL;
	int32		st_tenant = -1;
	int			i;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < krs->n; i++)
	{
		text	   *tenant = DatumGetTextPP(krs->tenant[i]);
		int32		tenant_no = krs->tenant_no[i];
		int64		id = DatumGetInt64(krs->a[i]);
		bool		cached = okr_tenant_cached(tenant_no);
		int64		objective;
		OkrNode    *node;

		CHECK_FOR_INTERRUPTS();
		if (cached && tenant_no != st_tenant)
		{
			st = okr_structure_open(tenant, false);
			st_tenant = tenant_no;
		}
		if (!cached || !okr_structure_objective_of(st, id, &objective))
		{
			if (!probe_objective_of(&c, tenant, id, &objective))
				continue;
			if (cached)
				okr_structure_set_objective_of(st, id, objective);
		}
		node = cached ? okr_structure_node(st, objective) : NULL;
		if (node ? node->closed : probe_closed(&c, tenant, objective))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("cannot change %s of key result " INT64_FORMAT ": objective " INT64_FORMAT " is closed",
							what, id, objective),
					 errdetail("A closed objective is frozen with its final grade."),
					 errhint("Reopen it first: UPDATE okr.objective SET state = 'active' WHERE id = " INT64_FORMAT ".",
							 objective)));
	}
	okr_store_close(&c.obj);
	okr_store_close(&c.kr);
}

/*
 * No key result is added to, moved from or removed from a closed objective;
 * by primary-key probes, without SQL (a bulk load of key results checks
 * every objective it reaches).
 */
static void
check_not_closed_objective(OkrKeySet *objectives)
{
	OkrStore	obj;
	AttrNumber	state;
	int			i;

	if (objectives->n == 0)
		return;
	/* the latest snapshot sees an objective this statement changed (a CTE) */
	CommandCounterIncrement();
	okr_store_open_read(&obj, "objective");
	state = okr_store_att(&obj, "state");
	for (i = 0; i < objectives->n; i++)
	{
		int64		id = DatumGetInt64(objectives->a[i]);

		CHECK_FOR_INTERRUPTS();
		if (okr_store_find(&obj, DatumGetTextPP(objectives->tenant[i]), true, id) &&
			okr_store_text_is(&obj, state, "closed"))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("cannot change key results of objective " INT64_FORMAT ": it is closed", id),
					 errdetail("A closed objective is frozen with its final grade."),
					 errhint("Reopen it first: UPDATE okr.objective SET state = 'active' WHERE id = " INT64_FORMAT ".",
							 id)));
	}
	okr_store_close(&obj);
}

/*
 * No objective that gained a key result has more than its tenant's
 * max_key_results (okr.tenant_config, else okr.max_key_results; 0 = none),
 * counted by a scan of key_result_objective.  The statement's own rows
 * become visible to the latest snapshot by a new command.
 */
static void
check_key_result_limit(OkrKeySet *objectives)
{
	OkrStore	kr;
	OkrPolicy	policy;
	Pointer		tenant_of_policy = NULL;
	int			i;

	if (objectives->n == 0)
		return;
	CommandCounterIncrement();
	okr_store_open_read_by(&kr, "key_result", "key_result_objective");
	for (i = 0; i < objectives->n; i++)
	{
		text	   *tenant = DatumGetTextPP(objectives->tenant[i]);
		int64		id = DatumGetInt64(objectives->a[i]);
		IndexScanDesc scan;
		int64		count = 0;

		CHECK_FOR_INTERRUPTS();
		/* one policy look-up per tenant (their texts are shared, see tenant.c) */
		if (DatumGetPointer(objectives->tenant[i]) != tenant_of_policy)
		{
			tenant_of_policy = DatumGetPointer(objectives->tenant[i]);
			okr_tenant_policy(text_to_cstring(tenant), &policy);
		}
		if (policy.max_key_results <= 0)
			continue;
		scan = okr_store_scan(&kr, tenant, true, id);
		while (index_getnext_slot(scan, ForwardScanDirection, kr.row))
			count++;
		okr_store_endscan(scan);
		if (count > policy.max_key_results)
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("objective " INT64_FORMAT " would have " INT64_FORMAT " key results, more than okr.max_key_results (%d)",
							id, count, policy.max_key_results),
					 errdetail("The limit is the tenant's max_key_results in okr.tenant_config, else the setting okr.max_key_results."),
					 errhint("Keep the few key results that matter most, or raise okr.max_key_results (0 = unlimited).")));
	}
	okr_store_close(&kr);
}

static void
check_periods_nest(OkrQuery *check, OkrKeySet *keys)
{
	TupleDesc	desc;
	HeapTuple	bad = first_violation(check, keys, &desc);

	if (bad)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("period %s of objective %s does not lie within period %s of objective %s it is aligned to",
						col(bad, desc, 2), col(bad, desc, 1), col(bad, desc, 4), col(bad, desc, 3)),
				 errdetail("An objective contributes to the objectives it is aligned to during their period, so its period must lie within each of theirs."),
				 errhint("An aligned objective's period must lie within its parent's: change a period or the alignment.")));
}

static void
check_acyclic(OkrKeySet *edges)
{
	int64		child,
				parent;

	if (!okr_alignment_cycle(edges, &child, &parent))
		return;
	if (child == parent)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("objective " INT64_FORMAT " cannot be aligned to itself", child),
				 errdetail("An objective's score would be an input of itself."),
				 errhint("Align it to a different objective.")));
	ereport(ERROR,
			(errcode(ERRCODE_CHECK_VIOLATION),
			 errmsg("aligning objective " INT64_FORMAT " to objective " INT64_FORMAT " would create a cycle",
					child, parent),
			 errdetail("Objective " INT64_FORMAT " already contributes to objective " INT64_FORMAT ", directly or through other objectives.",
					   parent, child),
			 errhint("Remove one of the alignments on the cycle first.")));
}

typedef struct StatementWork
{
	TriggerData *td;
} StatementWork;

static void
after_statement(void *arg)
{
	TriggerData *td = ((StatementWork *) arg)->td;
	const char *table = RelationGetRelationName(td->tg_relation);
	TupleDesc	desc = RelationGetDescr(td->tg_relation);
	Tuplestorestate *oldrows = td->tg_oldtable;
	Tuplestorestate *newrows = td->tg_newtable;
	OkrKeySet		keys,
				more;

	okr_keyset_init(&keys);
	okr_keyset_init(&more);
	okr_spi_connect();

	if (strcmp(table, "key_result") == 0)
	{
		/*
		 * keys: objectives touched; more: key results whose value may change;
		 * gained: objectives that received a key result, row by row (the
		 * limit applies to them).
		 */
		OkrKeySet		old_rows,
					new_rows,
					gained;
		int			i;

		okr_keyset_init(&old_rows);
		okr_keyset_init(&new_rows);
		okr_keyset_init(&gained);
		keyset_scan(&keys, oldrows, desc, "objective_id", NULL);
		keyset_scan(&keys, newrows, desc, "objective_id", NULL);
		keyset_scan(&old_rows, oldrows, desc, "id", "objective_id");
		keyset_scan(&new_rows, newrows, desc, "id", "objective_id");
		for (i = 0; i < new_rows.n; i++)
			if (!okr_keyset_contains(&old_rows, new_rows.tenant_no[i],
									 DatumGetInt64(new_rows.a[i]), DatumGetInt64(new_rows.b[i])))
				okr_keyset_add(&gained, new_rows.tenant_no[i],
							   DatumGetInt64(new_rows.b[i]), 0);
		keyset_scan(&more, newrows, desc, "id", NULL);
		keyset_mark(&keys, DIRTY_OBJECTIVE, false, true);
		keyset_mark(&more, DIRTY_KEY_RESULT, false, true);
		check_not_closed_objective(&keys);
		check_key_result_limit(&gained);
	}
	else if (strcmp(table, "alignment") == 0)
	{
		/* (child, parent) edges, old and new: the parents' scores change */
		keyset_scan(&more, oldrows, desc, "child_id", "parent_id");
		keyset_mark(&more, DIRTY_OBJECTIVE, true, true);
		keyset_scan(&keys, newrows, desc, "child_id", "parent_id");
		keyset_mark(&keys, DIRTY_OBJECTIVE, true, true);
		check_acyclic(&keys);
		check_periods_nest(&alignment_period, &keys);
	}
	else if (strcmp(table, "objective") == 0)
	{
		keyset_scan(&keys, newrows, desc, "id", NULL);
		keyset_lock(&keys, true);
		check_periods_nest(&objective_period, &keys);
	}
	else
		elog(ERROR, "okr.after_statement() fired on unexpected table %s", table);

	SPI_finish();
}

/*
 * Check-ins and outputs: mark their key results, check that none is under a
 * closed objective.  No SQL, so not as the owner: nothing here checks
 * privileges or runs user code (the index probes read the tables directly).
 */
static void
after_data_statement(TriggerData *td, const char *table)
{
	TupleDesc	desc = RelationGetDescr(td->tg_relation);
	OkrKeySet	keys;

	okr_keyset_init(&keys);
	keyset_scan(&keys, td->tg_oldtable, desc, "key_result_id", NULL);
	keyset_scan(&keys, td->tg_newtable, desc, "key_result_id", NULL);
	keyset_mark(&keys, DIRTY_KEY_RESULT, false, false);
	check_not_closed_kr(&keys, strcmp(table, "output") == 0 ? "outputs" : "check-ins");
}

PG_FUNCTION_INFO_V1(okr_after_statement);
Datum
okr_after_statement(PG_FUNCTION_ARGS)
{
	StatementWork work;
	const char *table;

	work.td = okr_trigger_data(fcinfo, "okr.after_statement()");
	table = RelationGetRelationName(work.td->tg_relation);
	if (!okr_in_flush && okr_maintenance)
	{
		if (strcmp(table, "check_in") == 0 || strcmp(table, "output") == 0)
			after_data_statement(work.td, table);
		else
			okr_as_owner(after_statement, &work);
		okr_flush_unless_queued();
	}
	return PointerGetDatum(NULL);
}

/*
 * history.c — okr.scores_over(steps, for_tenant, root, only_root): every
 * objective's score at each of the ascending instants steps, by the rules
 * of sql/install/80-history.sql, in one pass children first.
 *
 * Two queries read the inputs, as the caller (row-level security applies):
 * the objectives with their parents and edge weights, then the changes of
 * their key results per step, both through cursors so that no result set
 * is held whole.  A subtree's key results are looked up from its objectives
 * (okr.key_result_steps); a whole organisation's, at one instant, are read
 * set-wise in key order (okr.key_results_at).  The pass is pure computation over
 * float8 arrays per (objective, step) in a memory context of its own,
 * deleted once the rows are in the function's tuplestore (which spills to
 * disk past work_mem).  A score not known (or NULL) is NaN, which scores
 * never are.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "compat.h"
#include "okr.h"
#include "query.h"

/* An objective as the pass sees it. */
typedef struct HistObjective
{
	int64		id;
	TimestampTz closed_at;		/* valid if closed */
	double		frozen;			/* the score a closed objective keeps */
	int			tenant;			/* index into History.tenants */
	int			pstart;			/* its parents: edges[pstart .. next's pstart) */
	int			slot;			/* with children: its row of ch_num/ch_den, else -1 */
	char		rollup;			/* 'k' key_results, 'c' children, 'b' both */
	bool		draft;
	bool		closed;
} HistObjective;

typedef struct HistEdge
{
	int64		parent_id;		/* as read */
	int			parent;			/* index, once resolved */
	double		weight;
} HistEdge;

typedef struct History
{
	int			nsteps;
	TimestampTz *steps;
	bool	   *step_null;
	/* objectives in (tenant, id) order, tenants in the same order */
	int			n;
	int			cap;
	HistObjective *obj;			/* n + 1: the last one ends the edges */
	int			ntenants;
	char	  **tenants;
	int		   *tstart;			/* tenant t's objectives: [tstart[t], tstart[t + 1]) */
	int			nedges;
	int			ecap;
	HistEdge   *edges;
	/* per (objective, step), at i * nsteps + s */
	double	   *kr_num;			/* change of sum(w * score) of its key results; then its score */
	double	   *kr_den;			/* change of sum(w) */
	/* per (slot, step) */
	double	   *ch_num;			/* sum(w * score) of scored children */
	double	   *ch_den;			/* sum(w) of them */
	HTAB	   *tenant_index;	/* of a set-wise read */
	int			last_tenant;	/* the tenant of its last row, or -1 */
} History;

/* p, with room for need elements of elem bytes (*cap of them now). */
static void *
grow(void *p, int *cap, int need, Size elem)
{
	if (p != NULL && need <= *cap)
		return p;
	while (*cap < need)
		*cap = Max(*cap * 2, 1024);
	if (p == NULL)
		return palloc_extended((Size) *cap * elem, MCXT_ALLOC_HUGE);
	return repalloc_huge(p, (Size) *cap * elem);
}

/* Is tenant the one at index t? */
static bool
is_tenant(History *h, int t, text *tenant)
{
	const char *name = h->tenants[t];

	return strlen(name) == VARSIZE_ANY_EXHDR(tenant) &&
		memcmp(name, VARDATA_ANY(tenant), VARSIZE_ANY_EXHDR(tenant)) == 0;
}

/* The (tenant, id) a row of either query starts with. */
static int64
row_key(HeapTuple tup, TupleDesc desc, text **tenant)
{
	bool		isnull;

	*tenant = DatumGetTextPP(SPI_getbinval(tup, desc, 1, &isnull));
	return DatumGetInt64(SPI_getbinval(tup, desc, 2, &isnull));
}

/* One row of the objectives' query: an objective, or another parent of it. */
static void
read_objective_row(void *arg, HeapTuple tup, TupleDesc desc)
{
	History    *h = arg;
	bool		isnull;
	text	   *tenant;
	int64		id = row_key(tup, desc, &tenant);
	Datum		parent = SPI_getbinval(tup, desc, 7, &isnull);
	bool		orphan = isnull;
	bool		new_tenant = h->ntenants == 0 || !is_tenant(h, h->ntenants - 1, tenant);
	HistObjective *o;
	Datum		d;

	if (new_tenant || h->obj[h->n - 1].id != id)
	{
		h->obj = grow(h->obj, &h->cap, h->n + 2, sizeof(HistObjective));
		if (new_tenant)
		{
			h->tenants = repalloc(h->tenants, sizeof(char *) * (h->ntenants + 1));
			h->tstart = repalloc(h->tstart, sizeof(int) * (h->ntenants + 2));
			h->tenants[h->ntenants] = text_to_cstring(tenant);
			h->tstart[h->ntenants] = h->n;
			h->ntenants++;
		}
		o = &h->obj[h->n++];
		o->id = id;
		o->tenant = h->ntenants - 1;
		o->rollup = TextDatumGetCString(SPI_getbinval(tup, desc, 3, &isnull))[0];
		o->draft = DatumGetBool(SPI_getbinval(tup, desc, 4, &isnull));
		d = SPI_getbinval(tup, desc, 5, &isnull);
		o->closed = !isnull;
		o->closed_at = isnull ? 0 : DatumGetTimestampTz(d);
		d = SPI_getbinval(tup, desc, 6, &isnull);
		o->frozen = isnull ? get_float8_nan() : DatumGetFloat8(d);
		o->pstart = h->nedges;
		o->slot = -1;
	}
	if (orphan)
		return;
	h->edges = grow(h->edges, &h->ecap, h->nedges + 1, sizeof(HistEdge));
	h->edges[h->nedges].parent_id = DatumGetInt64(parent);
	h->edges[h->nedges].weight = DatumGetFloat8(SPI_getbinval(tup, desc, 8, &isnull));
	h->nedges++;
}

/*
 * The objectives (of for_tenant, or all; with root, it and those aligned
 * under it), one row per parent, in (tenant, id) order.
 */
static void
read_objectives(History *h, Datum for_tenant, bool no_tenant, Datum root, bool no_root)
{
	Oid			types[2] = {TEXTOID, INT8OID};
	Datum		values[2] = {for_tenant, root};
	char		nulls[2] = {no_tenant ? 'n' : ' ', no_root ? 'n' : ' '};
	MemoryContext cxt = CurrentMemoryContext;

	h->tenants = palloc(sizeof(char *));
	h->tstart = palloc(sizeof(int) * 2);
	h->obj = grow(NULL, &h->cap, 1, sizeof(HistObjective));
	okr_read_cursor(SPI_cursor_open_with_args(NULL,
											  "SELECT o.tenant, o.id, o.rollup, o.state = 'draft',"
											  "       CASE WHEN o.state = 'closed' THEN o.closed_at END,"
											  "       o.score, a.parent_id, a.weight"
											  "  FROM okr.objectives_under($1, $2) o"
											  "  LEFT JOIN okr.alignment a"
											  "    ON a.tenant = o.tenant AND a.child_id = o.id"
											  " ORDER BY o.tenant, o.id",
											  2, types, values, nulls, true, CURSOR_OPT_NO_SCROLL),
					cxt, read_objective_row, h);
	h->obj[h->n].pstart = h->nedges;
	h->tstart[h->ntenants] = h->n;
}

/* The index of objective id of tenant t, or -1 if it was not read. */
static int
find_objective(History *h, int t, int64 id)
{
	int			lo = h->tstart[t],
				hi = h->tstart[t + 1] - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (h->obj[mid].id == id)
			return mid;
		if (h->obj[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/*
 * Parents by index, those not read (outside the subtree) left out, and a
 * row of children's sums for each objective that has children.
 */
static void
resolve_parents(History *h)
{
	int			i,
				e,
				kept = 0,
				nslots = 0;
	Size		cells;

	for (i = 0; i < h->n; i++)
	{
		int			end = h->obj[i + 1].pstart;

		for (e = h->obj[i].pstart, h->obj[i].pstart = kept; e < end; e++)
		{
			int			p = find_objective(h, h->obj[i].tenant, h->edges[e].parent_id);

			if (p < 0)
				continue;
			h->edges[kept].parent = p;
			h->edges[kept].weight = h->edges[e].weight;
			kept++;
			if (h->obj[p].slot < 0)
				h->obj[p].slot = nslots++;
		}
	}
	h->obj[h->n].pstart = kept;
	h->nedges = kept;
	cells = Max((Size) nslots * h->nsteps, 1);
	h->ch_num = palloc_extended(sizeof(double) * cells, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	h->ch_den = palloc_extended(sizeof(double) * cells, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
}

/* The objectives as okr.key_result_steps takes them: tenants[], ids[]. */
static void
objective_arrays(History *h, Datum *tenants_array, Datum *ids_array)
{
	Datum	   *tenants = palloc_extended(sizeof(Datum) * h->n, MCXT_ALLOC_HUGE);
	Datum	   *ids = palloc_extended(sizeof(Datum) * h->n, MCXT_ALLOC_HUGE);
	Datum	   *names = palloc(sizeof(Datum) * h->ntenants);
	int			i;

	for (i = 0; i < h->ntenants; i++)
		names[i] = CStringGetTextDatum(h->tenants[i]);
	for (i = 0; i < h->n; i++)
	{
		tenants[i] = names[h->obj[i].tenant];
		ids[i] = Int64GetDatum(h->obj[i].id);
	}
	*tenants_array = PointerGetDatum(construct_array(tenants, h->n, TEXTOID, -1, false,
													 TYPALIGN_INT));
	*ids_array = PointerGetDatum(construct_array(ids, h->n, INT8OID, 8, FLOAT8PASSBYVAL,
												 TYPALIGN_DOUBLE));
	pfree(tenants);
	pfree(ids);
}

/* One row of okr.key_result_steps: added to its objective's changes. */
static void
read_key_result_row(void *arg, HeapTuple tup, TupleDesc desc)
{
	History    *h = arg;
	bool		isnull;
	int64		ord = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
	double		weight = DatumGetFloat8(SPI_getbinval(tup, desc, 2, &isnull));
	Datum		step = SPI_getbinval(tup, desc, 3, &isnull);
	bool		no_step = isnull;
	double		delta = DatumGetFloat8(SPI_getbinval(tup, desc, 4, &isnull));
	double		dden = DatumGetFloat8(SPI_getbinval(tup, desc, 5, &isnull));
	bool		first = DatumGetBool(SPI_getbinval(tup, desc, 6, &isnull));
	Size		base;

	if (ord < 1 || ord > h->n)
		elog(ERROR, "okr: key result row of objective " INT64_FORMAT " out of range", ord);
	if (h->obj[ord - 1].rollup == 'c')
		return;
	base = (Size) (ord - 1) * h->nsteps;
	if (!no_step)
	{
		int32		s = DatumGetInt32(step);

		if (s < 1 || s > h->nsteps)
			elog(ERROR, "okr: key result step %d out of range", s);
		h->kr_num[base + s - 1] += delta;
		h->kr_den[base + s - 1] += dden;
	}
	if (first)
		h->kr_den[base] += weight;
}

/* The tenants' indexes by name, for rows that come in no order. */
typedef struct TenantEntry
{
	char		name[OKR_TENANT_MAX_BYTES + 1];
	int			index;
} TenantEntry;

static HTAB *
tenant_index(History *h)
{
	HASHCTL		ctl;
	HTAB	   *tab;
	int			t;

	ctl.keysize = OKR_TENANT_MAX_BYTES + 1;
	ctl.entrysize = sizeof(TenantEntry);
	ctl.hcxt = CurrentMemoryContext;
	tab = hash_create("okr history tenants", Max(h->ntenants, 16), &ctl,
					  HASH_ELEM | HASH_STRINGS | HASH_CONTEXT);
	for (t = 0; t < h->ntenants; t++)
		((TenantEntry *) hash_search(tab, h->tenants[t], HASH_ENTER, NULL))->index = t;
	return tab;
}

/* The objective a row of okr.key_results_at belongs to, or -1. */
static int
row_objective(History *h, HeapTuple tup, TupleDesc desc)
{
	text	   *tenant;
	int64		id = row_key(tup, desc, &tenant);

	/* rows come by key result: mostly of the tenant of the one before */
	if (h->last_tenant < 0 || !is_tenant(h, h->last_tenant, tenant))
	{
		char	   *name = text_to_cstring(tenant);
		TenantEntry *t = strlen(name) > OKR_TENANT_MAX_BYTES ? NULL :
			hash_search(h->tenant_index, name, HASH_FIND, NULL);

		pfree(name);
		h->last_tenant = t == NULL ? -1 : t->index;
		if (t == NULL)
			return -1;
	}
	return find_objective(h, h->last_tenant, id);
}

/* One row of okr.key_results_at: added to its objective's (one) step. */
static void
read_key_result_at_row(void *arg, HeapTuple tup, TupleDesc desc)
{
	History    *h = arg;
	int			i = row_objective(h, tup, desc);
	bool		isnull,
				no_score;
	Datum		score;
	double		weight;

	if (i < 0 || h->obj[i].rollup == 'c')
		return;
	score = SPI_getbinval(tup, desc, 3, &no_score);
	weight = DatumGetFloat8(SPI_getbinval(tup, desc, 4, &isnull));
	if (!no_score)
		h->kr_num[i] += weight * DatumGetFloat8(score);
	h->kr_den[i] += weight;
}

/*
 * The changes of the objectives' key results per step: for a whole
 * organisation at one instant set-wise (okr.key_results_at), else by
 * lookups from the objectives (okr.key_result_steps).
 */
static void
read_key_results(History *h, ArrayType *steps, Datum for_tenant, bool no_tenant, bool whole)
{
	Size		cells = (Size) h->n * h->nsteps;
	MemoryContext cxt = CurrentMemoryContext;
	Portal		portal;

	h->kr_num = palloc_extended(sizeof(double) * cells, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	h->kr_den = palloc_extended(sizeof(double) * cells, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	if (whole && h->nsteps == 1 && !h->step_null[0])
	{
		Oid			types[2] = {TIMESTAMPTZOID, TEXTOID};
		Datum		values[2] = {TimestampTzGetDatum(h->steps[0]), for_tenant};
		char		nulls[2] = {' ', no_tenant ? 'n' : ' '};

		h->tenant_index = tenant_index(h);
		h->last_tenant = -1;
		portal = SPI_cursor_open_with_args(NULL,
										   "SELECT k.tenant, k.objective_id, k.score, k.weight"
										   "  FROM okr.key_results_at($1, $2) k",
										   2, types, values, nulls, true, CURSOR_OPT_NO_SCROLL);
		okr_read_cursor(portal, cxt, read_key_result_at_row, h);
	}
	else
	{
		Oid			types[3] = {TIMESTAMPTZARRAYOID, TEXTARRAYOID, INT8ARRAYOID};
		Datum		values[3];

		values[0] = PointerGetDatum(steps);
		objective_arrays(h, &values[1], &values[2]);
		portal = SPI_cursor_open_with_args(NULL,
										   "SELECT v.ord, v.weight, v.step, v.delta, v.dden, v.first"
										   "  FROM okr.key_result_steps($1, $2, $3) v",
										   3, types, values, NULL, true, CURSOR_OPT_NO_SCROLL);
		okr_read_cursor(portal, cxt, read_key_result_row, h);
	}
}

/*
 * Children before parents (Kahn's algorithm over the edges read): an
 * objective's scores are final before any parent reads them.
 */
static int *
children_first(History *h)
{
	int		   *order = palloc_extended(sizeof(int) * h->n, MCXT_ALLOC_HUGE);
	int		   *waiting = palloc_extended(sizeof(int) * h->n, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	int			head = 0,
				tail = 0,
				i,
				e;

	for (e = 0; e < h->nedges; e++)
		waiting[h->edges[e].parent]++;
	for (i = 0; i < h->n; i++)
		if (waiting[i] == 0)
			order[tail++] = i;
	while (head < tail)
	{
		i = order[head++];
		for (e = h->obj[i].pstart; e < h->obj[i + 1].pstart; e++)
			if (--waiting[h->edges[e].parent] == 0)
				order[tail++] = h->edges[e].parent;
	}
	if (tail < h->n)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("alignments form a cycle"),
				 errdetail("%d objectives lie on or above a cycle of alignments.", h->n - tail),
				 errhint("okr refuses cycles when alignments are written; one can only come from writes with triggers disabled. Remove an alignment on it.")));
	pfree(waiting);
	return order;
}

/* Objective i's score at step s: frozen if closed by then, else the weighted mean. */
static double
score_at(History *h, int i, int s, double cum, double cum_den)
{
	HistObjective *o = &h->obj[i];
	double		num = 0,
				den = 0;

	if (o->closed && !h->step_null[s] && o->closed_at <= h->steps[s])
		return o->frozen;
	if (o->slot >= 0)
	{
		num = h->ch_num[(Size) o->slot * h->nsteps + s];
		den = h->ch_den[(Size) o->slot * h->nsteps + s];
	}
	if (o->rollup != 'c')
	{
		den += cum_den;
		num += cum;
	}
	return den > 0 ? num / den : get_float8_nan();
}

/*
 * Objective i's scores, from its key results' changes (summed up to each
 * step) and its children's sums, written over its kr_num; then added to
 * its parents' sums unless it is a draft or has no score.
 */
static void
score_objective(History *h, int i)
{
	Size		base = (Size) i * h->nsteps;
	double		cum = 0,
				cum_den = 0;
	int			s,
				e;

	for (s = 0; s < h->nsteps; s++)
	{
		double		x;

		cum += h->kr_num[base + s];
		cum_den += h->kr_den[base + s];
		x = score_at(h, i, s, cum, cum_den);
		h->kr_num[base + s] = x;
		if (isnan(x) || h->obj[i].draft)
			continue;
		for (e = h->obj[i].pstart; e < h->obj[i + 1].pstart; e++)
		{
			HistObjective *p = &h->obj[h->edges[e].parent];
			Size		cell = (Size) p->slot * h->nsteps + s;

			if (p->rollup == 'k')
				continue;
			h->ch_num[cell] += h->edges[e].weight * x;
			h->ch_den[cell] += h->edges[e].weight;
		}
	}
}

static void
history_pass(History *h)
{
	int		   *order = children_first(h);
	int			k;

	for (k = 0; k < h->n; k++)
	{
		score_objective(h, order[k]);
		CHECK_FOR_INTERRUPTS();
	}
	pfree(order);
}

/* The rows (tenant, id, step, score), in (tenant, id, step) order. */
static void
emit_rows(History *h, ReturnSetInfo *rsinfo, bool only_root, int64 root)
{
	Datum	   *names = palloc(sizeof(Datum) * h->ntenants);
	int			i,
				s;

	for (i = 0; i < h->ntenants; i++)
		names[i] = CStringGetTextDatum(h->tenants[i]);
	for (i = 0; i < h->n; i++)
	{
		if (only_root && h->obj[i].id != root)
			continue;
		for (s = 0; s < h->nsteps; s++)
		{
			double		x = h->kr_num[(Size) i * h->nsteps + s];
			Datum		values[4];
			bool		nulls[4] = {false, false, false, isnan(x)};

			values[0] = names[h->obj[i].tenant];
			values[1] = Int64GetDatum(h->obj[i].id);
			values[2] = Int32GetDatum(s + 1);
			values[3] = Float8GetDatum(x);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
}

/* The instants, NULL ones kept (no objective is closed by them). */
static void
read_steps(History *h, ArrayType *steps)
{
	Datum	   *elems;
	int			s;

	deconstruct_array(steps, TIMESTAMPTZOID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &h->step_null, &h->nsteps);
	h->steps = palloc(sizeof(TimestampTz) * Max(h->nsteps, 1));
	for (s = 0; s < h->nsteps; s++)
		h->steps[s] = h->step_null[s] ? 0 : DatumGetTimestampTz(elems[s]);
}

PG_FUNCTION_INFO_V1(okr_scores_over);

/*
 * okr.scores_over(steps timestamptz[], for_tenant text, root bigint,
 * only_root boolean): only_root NULL keeps the root's rows, as the SQL
 * condition "NOT only_root OR id = root" did.
 */
Datum
okr_scores_over(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	bool		only_root = PG_ARGISNULL(3) || PG_GETARG_BOOL(3);
	ArrayType  *steps;
	History		h;
	MemoryContext cxt,
				old;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || (only_root && PG_ARGISNULL(2)))
		return (Datum) 0;
	steps = PG_GETARG_ARRAYTYPE_P(0);
	memset(&h, 0, sizeof(h));
	cxt = AllocSetContextCreate(CurrentMemoryContext, "okr history", ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(cxt);
	read_steps(&h, steps);
	if (h.nsteps > 0)
	{
		int			nest = NewGUCNestLevel();

		/*
		 * A whole organisation is read in key order (merge joins over the
		 * indexes' order), not hashed: memory stays flat at any size.
		 */
		if (PG_ARGISNULL(2))
			(void) set_config_option("enable_hashjoin", "off", PGC_USERSET, PGC_S_SESSION,
									 GUC_ACTION_SAVE, true, 0, false);
		okr_spi_connect();
		MemoryContextSwitchTo(cxt);
		read_objectives(&h, PG_GETARG_DATUM(1), PG_ARGISNULL(1),
						PG_GETARG_DATUM(2), PG_ARGISNULL(2));
		if (h.n > 0)
		{
			resolve_parents(&h);
			read_key_results(&h, steps, PG_GETARG_DATUM(1), PG_ARGISNULL(1), PG_ARGISNULL(2));
		}
		SPI_finish();
		AtEOXact_GUC(true, nest);
		MemoryContextSwitchTo(cxt);
		if (h.n > 0)
		{
			history_pass(&h);
			emit_rows(&h, rsinfo, only_root, PG_ARGISNULL(2) ? 0 : PG_GETARG_INT64(2));
		}
	}
	MemoryContextSwitchTo(old);
	MemoryContextDelete(cxt);
	return (Datum) 0;
}

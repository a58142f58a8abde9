/*
 * history.c — okr.scores_over(steps, for_tenant, root, only_root): every
 * objective's score at each of the ascending instants steps, by the rules
 * of sql/install/80-history.sql, in one pass children first.
 *
 * Queries read the inputs, as the caller (row-level security applies): the
 * objectives with their parents and edge weights, then the changes of their
 * key results per step, all through cursors so that no result set is held
 * whole.  Memory follows the output, not the organisation times the
 * instants: what is kept per objective is its structure (about 70 bytes);
 * per (objective, step) only
 *   - the key results' changes of a batch of objectives (okr.history_batch,
 *     or as many as fit 2^19 values), read from okr.key_result_steps for
 *     the batch just before the pass reaches it - the pass goes children
 *     first in a depth-first post-order, batch by batch;
 *   - the children's sums of a parent, from its first scored child until
 *     it is scored itself (the post-order keeps few such parents open: in
 *     a tree, those on the current path);
 *   - the scores emitted: every objective's, or the root's only.
 * A whole organisation at one instant is read set-wise in key order instead
 * (okr.key_results_at: one value per objective and no per-step memory); a
 * large subtree at several instants from one scan of the tenant's key
 * results by objective, check-ins and outputs merged, each key result's
 * rows reduced here to its changes per step and each objective scored once
 * it and its children are read (okr.history_scan; memory per step only for
 * the objectives still waiting, within a bound: OKR_SCAN_MAX_BYTES).
 * Rows go to the function's tuplestore (which spills to disk past
 * work_mem).  A score not known (or NULL) is NaN, which scores never are.
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

#include "acyclic.h"
#include "compat.h"
#include "okr.h"
#include "query.h"
#include "scoring.h"

/* An objective as the pass sees it. */
typedef struct HistObjective
{
	int64		id;
	TimestampTz closed_at;		/* valid if closed */
	double		frozen;			/* the score a closed objective keeps */
	int			tenant;			/* index into History.tenants */
	int			pstart;			/* its parents: edges[pstart .. next's pstart) */
	int			slot;			/* with children: its entry of acc, else -1 */
	char		rollup;			/* 'k' key_results, 'c' children, 'b' both */
	bool		draft;
	bool		closed;
	bool		looked_up;		/* a scan leaves its key results to lookups */
} HistObjective;

/* 16 bytes: the parent's id as read, then (resolve_parents) its index */
typedef struct HistEdge
{
	union
	{
		int64		id;
		int			index;
	}			parent;
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
	int		   *order;			/* children first: the pass's order */
	int			batch_start;	/* the batch being read and passed: order[start .. + n) */
	int			batch_n;
	bool		in_order;		/* batches in (tenant, id) order, not order[] */
	Datum		for_tenant;
	bool		no_tenant;
	bool		accumulate;		/* key result rows add to kr_num/kr_den */
	ReturnSetInfo *kr_rows;		/* okr.scores_at: key result rows go here too */
	/*
	 * Key results' changes per (objective, step): of the whole organisation
	 * (set-wise, one step: at i), or of the batch being passed (at its
	 * position in the batch * nsteps); a scan keeps its own (below)
	 */
	bool		set_wise;
	double	   *kr_num;			/* change of sum(w * score) of its key results */
	double	   *kr_den;			/* change of sum(w) */
	/* per slot (an objective with children): NULL, or nsteps sums of w * score, then of w */
	double	  **acc;
	/* scores emitted, per (objective, step): every objective's, or root's */
	bool		only_root;
	int64		root;
	int			nroots;			/* only_root: the objectives with id root (one per tenant) */
	int		   *roots;
	double	   *out;
	HTAB	   *tenant_index;	/* of a set-wise read or a scan */
	int			last_tenant;	/* the tenant of its last row, or -1 */
	/*
	 * A scan reads the key results objective by objective, in (tenant, id)
	 * order, and scores each objective as soon as it and its children are
	 * read: scan_at's changes in cur (nsteps of sum(w * score), then the
	 * sum of weights, which counts from step 1), the children each
	 * objective waits for in waiting[] (none for rollup 'k': it does not
	 * read them), and per slot whether one read is still waiting (parked:
	 * its own sums then wait in its children's, acc).
	 */
	struct ScanKeyResult *scan_kr;	/* the key result being read */
	int			scan_at;
	double	   *cur;
	double	   *zeros;			/* nsteps zeros: no changes */
	int		   *waiting;
	bool	   *parked;
	int		   *ready;			/* objectives whose children are all scored */
	int			scored;
	int		   *looked_up;		/* the objectives it leaves to lookups */
	double	   *lu_num;			/* ... their changes per step */
	double	   *lu_den;
} History;

/* Objectives whose key results one query reads (0: as many as fit 2^19 values). */
int			okr_history_batch = 0;

/* okr.history_scan: how a subtree's key results are read */
int			okr_history_scan = OKR_HISTORY_SCAN_AUTO;

/* Most doubles one array of a history query holds: 256 MB. */
#define HISTORY_MAX_VALUES (1 << 25)

/*
 * rows x cols doubles (flags as palloc_extended's), refused with an error
 * above HISTORY_MAX_VALUES (tested by division: the product could wrap).
 */
static double *
alloc_values(Size rows, Size cols, int flags)
{
	if (cols != 0 && rows > HISTORY_MAX_VALUES / cols)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("too many scores for one history query"),
				 errdetail("%zu objectives at %zu instants are more than the %d scores (%d MB) one history query may hold.",
						   rows, cols, HISTORY_MAX_VALUES, (int) (HISTORY_MAX_VALUES * sizeof(double) >> 20)),
				 errhint("Ask for fewer instants, or for one tenant or a smaller subtree.")));
	return palloc_extended(sizeof(double) * rows * cols, MCXT_ALLOC_HUGE | flags);
}

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
		/* the first letter of the rollup, read in place: no copy per objective */
		d = SPI_getbinval(tup, desc, 3, &isnull);
		o->rollup = VARSIZE_ANY_EXHDR(DatumGetTextPP(d)) > 0 ? VARDATA_ANY(DatumGetTextPP(d))[0] : 'b';
		o->draft = DatumGetBool(SPI_getbinval(tup, desc, 4, &isnull));
		d = SPI_getbinval(tup, desc, 5, &isnull);
		o->closed = !isnull;
		o->closed_at = isnull ? 0 : DatumGetTimestampTz(d);
		d = SPI_getbinval(tup, desc, 6, &isnull);
		o->frozen = isnull ? get_float8_nan() : DatumGetFloat8(d);
		o->pstart = h->nedges;
		o->slot = -1;
		o->looked_up = false;
	}
	if (orphan)
		return;
	h->edges = grow(h->edges, &h->ecap, h->nedges + 1, sizeof(HistEdge));
	h->edges[h->nedges].parent.id = DatumGetInt64(parent);
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
	okr_read_query("SELECT o.tenant, o.id, o.rollup, o.state = 'draft',"
				   "       CASE WHEN o.state = 'closed' THEN o.closed_at END,"
				   "       o.score, a.parent_id, a.weight"
				   "  FROM okr.objectives_under($1, $2) o"
				   "  LEFT JOIN okr.alignment a"
				   "    ON a.tenant = o.tenant AND a.child_id = o.id"
				   " ORDER BY o.tenant, o.id",
				   2, types, values, nulls, cxt, read_objective_row, h);
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
 * slot for the children's sums of each objective that has children.
 */
static void
resolve_parents(History *h)
{
	int			i,
				e,
				kept = 0,
				nslots = 0;

	for (i = 0; i < h->n; i++)
	{
		int			end = h->obj[i + 1].pstart;

		for (e = h->obj[i].pstart, h->obj[i].pstart = kept; e < end; e++)
		{
			int			p = find_objective(h, h->obj[i].tenant, h->edges[e].parent.id);

			if (p < 0)
				continue;
			h->edges[kept].parent.index = p;
			h->edges[kept].weight = h->edges[e].weight;
			kept++;
			if (h->obj[p].slot < 0)
				h->obj[p].slot = nslots++;
		}
	}
	h->obj[h->n].pstart = kept;
	h->nedges = kept;
	h->acc = palloc_extended(sizeof(double *) * Max(nslots, 1), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
}

/*
 * The objectives index[start .. start + n) (index NULL: start .. start + n)
 * as okr.key_result_steps takes them: tenants[], ids[].
 */
static void
batch_arrays(History *h, Datum *names, const int *index, int start, int n,
			 Datum *tenants_array, Datum *ids_array)
{
	Datum	   *tenants = palloc_extended(sizeof(Datum) * n, MCXT_ALLOC_HUGE);
	Datum	   *ids = palloc_extended(sizeof(Datum) * n, MCXT_ALLOC_HUGE);
	int			k;

	for (k = 0; k < n; k++)
	{
		int			i = index == NULL ? start + k : index[start + k];
		HistObjective *o = &h->obj[i];

		tenants[k] = names[o->tenant];
		ids[k] = Int64GetDatum(o->id);
	}
	*tenants_array = PointerGetDatum(construct_array(tenants, n, TEXTOID, -1, false,
													 TYPALIGN_INT));
	*ids_array = PointerGetDatum(construct_array(ids, n, INT8OID, 8, FLOAT8PASSBYVAL,
												 TYPALIGN_DOUBLE));
	pfree(tenants);
	pfree(ids);
}

/*
 * A row's change (columns ord, weight, step, delta, dden, first) added to
 * the changes of objective i per step, num[] and den[].
 */
static void
add_change(History *h, int i, double *num, double *den, HeapTuple tup, TupleDesc desc)
{
	bool		isnull;
	double		weight = DatumGetFloat8(SPI_getbinval(tup, desc, 2, &isnull));
	Datum		step = SPI_getbinval(tup, desc, 3, &isnull);
	bool		no_step = isnull;
	double		delta = DatumGetFloat8(SPI_getbinval(tup, desc, 4, &isnull));
	double		dden = DatumGetFloat8(SPI_getbinval(tup, desc, 5, &isnull));
	bool		first = DatumGetBool(SPI_getbinval(tup, desc, 6, &isnull));

	if (h->obj[i].rollup == 'c')
		return;
	if (!no_step)
	{
		int32		s = DatumGetInt32(step);

		if (s < 1 || s > h->nsteps)
			elog(ERROR, "okr: key result step %d out of range", s);
		num[s - 1] += delta;
		den[s - 1] += dden;
	}
	if (first)
		den[0] += weight;
}

/* One row of okr.key_result_steps: added to its objective's changes, and/or emitted. */
static void
read_key_result_row(void *arg, HeapTuple tup, TupleDesc desc)
{
	History    *h = arg;
	bool		isnull;
	int64		ord = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));

	if (ord < 1 || ord > h->batch_n)
		elog(ERROR, "okr: key result row of objective " INT64_FORMAT " out of range", ord);
	if (h->kr_rows != NULL)
	{
		/* (tenant, 'key_result', id, value, score): one row per key result at one instant */
		Datum		values[5];
		bool		nulls[5] = {false, false, false, false, false};

		values[0] = SPI_getbinval(tup, desc, 7, &isnull);
		values[1] = CStringGetTextDatum("key_result");
		values[2] = SPI_getbinval(tup, desc, 8, &isnull);
		values[3] = SPI_getbinval(tup, desc, 9, &nulls[3]);
		values[4] = SPI_getbinval(tup, desc, 10, &nulls[4]);
		tuplestore_putvalues(h->kr_rows->setResult, h->kr_rows->setDesc, values, nulls);
		pfree(DatumGetPointer(values[1]));
	}
	if (h->accumulate)
	{
		Size		base = (Size) (ord - 1) * h->nsteps;

		add_change(h, h->order[h->batch_start + ord - 1], &h->kr_num[base], &h->kr_den[base],
				   tup, desc);
	}
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
 * A whole organisation at one instant: every key result's value read
 * set-wise (okr.key_results_at), per objective.
 */
static void
read_key_results_set_wise(History *h, Datum for_tenant, bool no_tenant)
{
	Oid			types[2] = {TIMESTAMPTZOID, TEXTOID};
	Datum		values[2] = {TimestampTzGetDatum(h->steps[0]), for_tenant};
	char		nulls[2] = {' ', no_tenant ? 'n' : ' '};

	h->kr_num = palloc_extended(sizeof(double) * h->n, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	h->kr_den = palloc_extended(sizeof(double) * h->n, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	h->tenant_index = tenant_index(h);
	h->last_tenant = -1;
	okr_read_query("SELECT k.tenant, k.objective_id, k.score, k.weight"
				   "  FROM okr.key_results_at($1, $2) k",
				   2, types, values, nulls, CurrentMemoryContext, read_key_result_at_row, h);
}

/* The key results' changes of the batch order[start .. start + n), by lookups. */
static void
read_key_result_batch(History *h, ArrayType *steps, Datum *names, int start, int n)
{
	MemoryContext cxt = CurrentMemoryContext;
	Oid			types[3] = {TIMESTAMPTZARRAYOID, TEXTARRAYOID, INT8ARRAYOID};
	Datum		values[3];

	h->batch_start = start;
	h->batch_n = n;
	if (h->accumulate)
	{
		memset(h->kr_num, 0, sizeof(double) * n * h->nsteps);
		memset(h->kr_den, 0, sizeof(double) * n * h->nsteps);
	}
	values[0] = PointerGetDatum(steps);
	batch_arrays(h, names, h->in_order ? NULL : h->order, start, n, &values[1], &values[2]);
	okr_read_query("SELECT v.ord, v.weight, v.step, v.delta, v.dden, v.first,"
				   "       v.tenant, v.id, v.value, v.score"
				   "  FROM okr.key_result_steps($1, $2, $3) v",
				   3, types, values, NULL, cxt, read_key_result_row, h);
	pfree(DatumGetPointer(values[1]));
	pfree(DatumGetPointer(values[2]));
}

/* The objectives on or above a cycle: Kahn's algorithm over the edges read. */
static void
refuse_cycle(History *h)
{
	int		   *queue = palloc_extended(sizeof(int) * h->n, MCXT_ALLOC_HUGE);
	int		   *waiting = palloc_extended(sizeof(int) * h->n, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	int			head = 0,
				tail = 0,
				i,
				e;

	for (e = 0; e < h->nedges; e++)
		waiting[h->edges[e].parent.index]++;
	for (i = 0; i < h->n; i++)
		if (waiting[i] == 0)
			queue[tail++] = i;
	while (head < tail)
	{
		i = queue[head++];
		for (e = h->obj[i].pstart; e < h->obj[i + 1].pstart; e++)
			if (--waiting[h->edges[e].parent.index] == 0)
				queue[tail++] = h->edges[e].parent.index;
	}
	if (tail < h->n)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("alignments form a cycle"),
				 errdetail("%d objectives lie on or above a cycle of alignments.", h->n - tail),
				 errhint(OKR_CYCLE_HINT)));
	elog(ERROR, "okr: no order of the objectives found");
}

/*
 * Children before parents: a depth-first post-order from the objectives
 * without parents, children by id.  An objective's scores are final before
 * any parent reads them, and a parent's sums are open only from its first
 * child to itself (in a tree, the objectives on the current path).
 */
static void
children_first(History *h)
{
	int		   *cstart = palloc_extended(sizeof(int) * (h->n + 1), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	int		   *child = palloc_extended(sizeof(int) * Max(h->nedges, 1), MCXT_ALLOC_HUGE);
	int		   *stack = palloc_extended(sizeof(int) * h->n, MCXT_ALLOC_HUGE);
	int		   *next = palloc_extended(sizeof(int) * h->n, MCXT_ALLOC_HUGE);
	char	   *state = palloc_extended(h->n, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	int			tail = 0,
				i,
				e;

	/* children lists: by child index, so by id */
	for (e = 0; e < h->nedges; e++)
		cstart[h->edges[e].parent.index + 1]++;
	for (i = 0; i < h->n; i++)
		cstart[i + 1] += cstart[i];
	memcpy(next, cstart, sizeof(int) * h->n);
	for (i = 0; i < h->n; i++)
		for (e = h->obj[i].pstart; e < h->obj[i + 1].pstart; e++)
			child[next[h->edges[e].parent.index]++] = i;

	h->order = palloc_extended(sizeof(int) * h->n, MCXT_ALLOC_HUGE);
	for (i = 0; i < h->n; i++)
	{
		int			depth = 0;

		if (h->obj[i].pstart != h->obj[i + 1].pstart)
			continue;			/* not a top: reached from one */
		stack[depth] = i;
		next[depth++] = cstart[i];
		state[i] = 1;
		while (depth > 0)
		{
			int			v = stack[depth - 1];

			if (next[depth - 1] < cstart[v + 1])
			{
				int			c = child[next[depth - 1]++];

				if (state[c] == 1)
					refuse_cycle(h);
				if (state[c] == 0)
				{
					state[c] = 1;
					stack[depth] = c;
					next[depth++] = cstart[c];
				}
				continue;
			}
			state[v] = 2;
			h->order[tail++] = v;
			depth--;
		}
		CHECK_FOR_INTERRUPTS();
	}
	if (tail < h->n)
		refuse_cycle(h);		/* objectives on a cycle with no top above them */
	pfree(cstart);
	pfree(child);
	pfree(stack);
	pfree(next);
	pfree(state);
}

/* Whether objective o's score reads its children's (rollup not 'k'). */
static inline bool
reads_children(const HistObjective *o)
{
	return o->rollup != 'k';
}

/*
 * Step s of an objective's own changes (num[], and den[] of its first nden
 * steps) into its running sums.
 */
static inline void
add_own_step(const double *num, const double *den, int nden, int s,
			 double *cum, double *cum_den)
{
	*cum += num[s];
	if (s < nden)
		*cum_den += den[s];
}

/* Where objective i's scores go, or NULL if they are not emitted. */
static double *
out_of(History *h, int i)
{
	int			r;

	if (!h->only_root)
		return &h->out[(Size) i * h->nsteps];
	if (h->obj[i].id != h->root)
		return NULL;
	for (r = 0; r < h->nroots; r++)
		if (h->roots[r] == i)
			return &h->out[(Size) r * h->nsteps];
	return NULL;
}

/* Objective i's score at step s: frozen if closed by then, else the weighted mean. */
static double
score_at(History *h, int i, int s, double cum, double cum_den, const double *acc)
{
	HistObjective *o = &h->obj[i];
	double		num = 0,
				den = 0;

	if (o->closed && !h->step_null[s] && o->closed_at <= h->steps[s])
		return o->frozen;
	if (acc != NULL)
	{
		num = acc[s];
		den = acc[h->nsteps + s];
	}
	if (o->rollup != 'c')
	{
		den += cum_den;
		num += cum;
	}
	return den > 0 ? num / den : get_float8_nan();
}

/*
 * Objective i's scores, from its key results' changes per step (summed up
 * to each step: num[], and den[] of its first nden steps, the rest none)
 * and its children's sums, kept if emitted; then added to its parents'
 * sums unless it is a draft or has no score.  Its own children's sums are
 * done with.
 */
static void
score_objective(History *h, int i, const double *num, const double *den, int nden)
{
	HistObjective *o = &h->obj[i];
	double	   *acc = o->slot >= 0 ? h->acc[o->slot] : NULL;
	double	   *out = out_of(h, i);
	double		cum = 0,
				cum_den = 0;
	int			s,
				e;

	for (s = 0; s < h->nsteps; s++)
	{
		double		x;

		add_own_step(num, den, nden, s, &cum, &cum_den);
		x = score_at(h, i, s, cum, cum_den, acc);
		if (out != NULL)
			out[s] = x;
		if (isnan(x) || o->draft)
			continue;
		for (e = o->pstart; e < h->obj[i + 1].pstart; e++)
		{
			HistObjective *p = &h->obj[h->edges[e].parent.index];
			double	  **pacc;

			if (!reads_children(p))
				continue;
			pacc = &h->acc[p->slot];
			if (*pacc == NULL)
				*pacc = palloc0(sizeof(double) * 2 * h->nsteps);
			(*pacc)[s] += h->edges[e].weight * x;
			(*pacc)[h->nsteps + s] += h->edges[e].weight;
		}
	}
	if (acc != NULL)
	{
		pfree(acc);
		h->acc[o->slot] = NULL;
	}
}

/*
 * A key result as the scan reads its rows.  Memory: per step, for the key
 * result being read (the objectives' is counted at OKR_SCAN_MAX_BYTES).
 */
typedef struct ScanKeyResult
{
	int64		id;
	int			tenant;			/* -1: none read yet, or not a tenant read */
	int			obj;			/* its objective, or -1: it does not count here */
	bool		outputs;		/* fed by outputs, else by check-ins */
	double		weight;
	OkrTarget	target;			/* outputs: to score the sums */
	double		cap;
	double		baseline;
	double	   *score;			/* check-ins: per step its latest's score, or NaN */
	TimestampTz *at;			/* check-ins: per step its latest's at and id */
	int64	   *check_in;
	double	   *amount;			/* outputs: per step the amounts done, or NaN */
} ScanKeyResult;

/*
 * A scan holds beyond the structure 5 bytes per objective (the children it
 * waits for, whether it waits) and, for each parent not yet scored, its
 * sums: 16 bytes per step, from its first child read or, if it is read
 * first, from then on (its own changes added in).  Parents read before
 * their children (ids given top-down) wait; at 10^6 objectives of fan-out
 * 10 that is about 1 % of them.  At worst, every objective a parent not
 * yet scored (a chain given top-down), that is 16 bytes per (objective,
 * step): the scan is chosen only while those fit 2^28 bytes (10^6
 * objectives at a quarter's 14 weekly instants: 224 MB).  The objectives
 * looked up instead (a key result's target, weight or cap changed: few)
 * hold 16 bytes per step more.
 */
#define OKR_SCAN_MAX_BYTES ((Size) 1 << 28)

/*
 * The key result read: weight * the change of its score at each step that
 * has one - its latest check-in's, or baseline + the outputs' running sum -
 * into its objective's changes.
 */
static void
add_score_changes(History *h, ScanKeyResult *kr)
{
	double		before = 0,
				sum = 0;
	int			s;

	if (kr->obj < 0)
		return;
	for (s = 0; s < h->nsteps; s++)
	{
		double		score = kr->score[s];

		if (kr->outputs && !isnan(kr->amount[s]))
		{
			sum += kr->amount[s];
			score = DatumGetFloat8(DirectFunctionCall3(okr_score, PointerGetDatum(&kr->target),
													   Float8GetDatum(kr->baseline + sum),
													   Float8GetDatum(kr->cap)));
		}
		if (isnan(score))
			continue;
		h->cur[s] += kr->weight * (score - before);
		before = score;
	}
}

/* Parents of i that were waiting for it alone, and were read: ready. */
static int
release_parents(History *h, int i, int top)
{
	int			e;

	for (e = h->obj[i].pstart; e < h->obj[i + 1].pstart; e++)
	{
		int			p = h->edges[e].parent.index;

		if (reads_children(&h->obj[p]) && --h->waiting[p] == 0 && h->parked[h->obj[p].slot])
			h->ready[top++] = p;
	}
	return top;
}

/* Objective i, its children scored, then each parent this makes ready. */
static void
score_ready(History *h, int i, const double *num, const double *den, int nden)
{
	int			top;

	score_objective(h, i, num, den, nden);
	h->scored++;
	top = release_parents(h, i, 0);
	while (top > 0)
	{
		int			p = h->ready[--top];

		h->parked[h->obj[p].slot] = false;
		score_objective(h, p, h->zeros, h->zeros, 1);	/* its own are in acc */
		h->scored++;
		top = release_parents(h, p, top);
	}
}

/* The position of objective i among those looked up (h->looked_up, ascending), or -1. */
static int
looked_up_at(History *h, int i)
{
	int			lo = 0,
				hi = h->batch_n - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (h->looked_up[mid] == i)
			return mid;
		if (h->looked_up[mid] < i)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/*
 * Objective i, read, waits for its children: its own sums per step (as
 * score_objective adds them up) wait in its children's, which score_at adds
 * to its own unless its rollup is 'c'; so they are done with.
 */
static void
park(History *h, int i, const double *num, const double *den, int nden)
{
	HistObjective *o = &h->obj[i];
	double	  **acc = &h->acc[o->slot];
	double		cum = 0,
				cum_den = 0;
	int			s;

	h->parked[o->slot] = true;
	if (o->rollup == 'c')
		return;
	if (*acc == NULL)
		*acc = palloc0(sizeof(double) * 2 * h->nsteps);
	for (s = 0; s < h->nsteps; s++)
	{
		add_own_step(num, den, nden, s, &cum, &cum_den);
		(*acc)[s] += cum;
		(*acc)[h->nsteps + s] += cum_den;
	}
}

/*
 * Objective i's key results are all read: scored now if its children are,
 * else its changes wait with it.
 */
static void
objective_read(History *h, int i)
{
	int			lu = h->obj[i].looked_up ? looked_up_at(h, i) : -1;
	const double *num = lu >= 0 ? &h->lu_num[(Size) lu * h->nsteps] : h->cur;
	const double *den = lu >= 0 ? &h->lu_den[(Size) lu * h->nsteps] : h->cur + h->nsteps;
	int			nden = lu >= 0 ? h->nsteps : 1;

	if (h->waiting[i] == 0)
		score_ready(h, i, num, den, nden);
	else
		park(h, i, num, den, nden);
}

/* The scan reaches objective i (h->n: its end): those before it are read. */
static void
scan_reach(History *h, int i)
{
	if (i < h->scan_at)
		elog(ERROR, "okr: key results of objective " INT64_FORMAT " out of order", h->obj[i].id);
	for (; h->scan_at < i; h->scan_at++)
	{
		objective_read(h, h->scan_at);
		memset(h->cur, 0, sizeof(double) * (h->nsteps + 1));
		CHECK_FOR_INTERRUPTS();
	}
}

/*
 * A row (tenant, objective_id, id, weight, outputs, ...) of the key result
 * before it, or of the next one: then the one before is done, and the next
 * one's weight counts from step 1.  True for the next.
 */
static bool
next_key_result(History *h, ScanKeyResult *kr, HeapTuple tup, TupleDesc desc)
{
	bool		isnull;
	int64		id = DatumGetInt64(SPI_getbinval(tup, desc, 3, &isnull));
	int			i,
				s;

	if (kr->tenant >= 0 && kr->id == id &&
		is_tenant(h, kr->tenant, DatumGetTextPP(SPI_getbinval(tup, desc, 1, &isnull))))
		return false;
	add_score_changes(h, kr);
	i = row_objective(h, tup, desc);
	if (i >= 0)
		scan_reach(h, i);
	kr->id = id;
	kr->tenant = h->last_tenant;
	kr->obj = i >= 0 && h->obj[i].rollup != 'c' && !h->obj[i].looked_up ? i : -1;
	kr->weight = DatumGetFloat8(SPI_getbinval(tup, desc, 4, &isnull));
	kr->outputs = DatumGetBool(SPI_getbinval(tup, desc, 5, &isnull));
	for (s = 0; s < h->nsteps; s++)
		kr->score[s] = kr->amount[s] = get_float8_nan();
	kr->amount[0] = 0;			/* outputs: step 1 is scored even without one */
	if (kr->obj >= 0)
		h->cur[h->nsteps] += kr->weight;
	return true;
}

/* The step (1 .. nsteps) of a row's column, or 0 if it is NULL. */
static int
row_step(History *h, HeapTuple tup, TupleDesc desc, int column)
{
	bool		isnull;
	Datum		d = SPI_getbinval(tup, desc, column, &isnull);
	int32		s = isnull ? 0 : DatumGetInt32(d);

	if (!isnull && (s < 1 || s > h->nsteps))
		elog(ERROR, "okr: key result step %d out of range", s);
	return s;
}

/*
 * One row (tenant, objective_id, id, weight, outputs, step, value, at,
 * check-in id, target, cap, baseline) of the scan, by key result: of a
 * check-in (value its score; each step keeps its latest, by at then id) or
 * of a done output (value its amount; each step sums them).
 */
static void
read_scan_row(void *arg, HeapTuple tup, TupleDesc desc)
{
	History    *h = arg;
	ScanKeyResult *kr = h->scan_kr;
	bool		isnull;
	int			s;
	double		value;
	TimestampTz at;
	int64		id;

	if (next_key_result(h, kr, tup, desc) && kr->obj >= 0 && kr->outputs)
	{
		memcpy(&kr->target, DatumGetPointer(SPI_getbinval(tup, desc, 10, &isnull)), sizeof(OkrTarget));
		kr->cap = DatumGetFloat8(SPI_getbinval(tup, desc, 11, &isnull));
		kr->baseline = DatumGetFloat8(SPI_getbinval(tup, desc, 12, &isnull));
	}
	s = row_step(h, tup, desc, 6);
	if (kr->obj < 0 || s == 0)
		return;
	value = DatumGetFloat8(SPI_getbinval(tup, desc, 7, &isnull));
	if (kr->outputs)
	{
		kr->amount[s - 1] = isnan(kr->amount[s - 1]) ? value : kr->amount[s - 1] + value;
		return;
	}
	at = DatumGetTimestampTz(SPI_getbinval(tup, desc, 8, &isnull));
	id = DatumGetInt64(SPI_getbinval(tup, desc, 9, &isnull));
	if (!isnan(kr->score[s - 1]) &&
		(at < kr->at[s - 1] || (at == kr->at[s - 1] && id < kr->check_in[s - 1])))
		return;
	kr->score[s - 1] = value;
	kr->at[s - 1] = at;
	kr->check_in[s - 1] = id;
}

/* One row (tenant, objective_id) of an objective whose key results are looked up. */
static void
read_looked_up_row(void *arg, HeapTuple tup, TupleDesc desc)
{
	History    *h = arg;
	int			i = row_objective(h, tup, desc);

	if (i >= 0)
		h->obj[i].looked_up = true;
}

/* One row of okr.key_result_steps for the objectives looked up (h->looked_up). */
static void
read_looked_up_change(void *arg, HeapTuple tup, TupleDesc desc)
{
	History    *h = arg;
	bool		isnull;
	int64		ord = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
	Size		base = (Size) (ord - 1) * h->nsteps;

	if (ord < 1 || ord > h->batch_n)
		elog(ERROR, "okr: key result row of objective " INT64_FORMAT " out of range", ord);
	add_change(h, h->looked_up[ord - 1], &h->lu_num[base], &h->lu_den[base], tup, desc);
}

/*
 * The objectives the scan leaves to lookups (a key result's target, weight
 * or cap changed: their weights change at any step) read by
 * okr.key_result_steps, per step.
 */
static void
read_looked_up(History *h, ArrayType *steps, Datum *names, Oid *types, Datum *values,
			   const char *nulls)
{
	Datum		lu_values[3] = {PointerGetDatum(steps)};
	Oid			lu_types[3] = {TIMESTAMPTZARRAYOID, TEXTARRAYOID, INT8ARRAYOID};
	int			i,
				k;

	okr_read_query("SELECT DISTINCT k.tenant, k.objective_id"
				   "  FROM okr.key_result_version x"
				   "  JOIN okr.key_result k ON k.tenant = x.tenant AND k.id = x.key_result_id"
				   " WHERE $2 IS NULL OR x.tenant = $2",
				   3, types, values, nulls, CurrentMemoryContext, read_looked_up_row, h);
	for (i = 0, k = 0; i < h->n; i++)
		k += h->obj[i].looked_up ? 1 : 0;
	h->looked_up = palloc(sizeof(int) * Max(k, 1));
	h->lu_num = alloc_values(Max(k, 1), h->nsteps, MCXT_ALLOC_ZERO);
	h->lu_den = alloc_values(Max(k, 1), h->nsteps, MCXT_ALLOC_ZERO);
	for (i = 0, k = 0; i < h->n; i++)
		if (h->obj[i].looked_up)
			h->looked_up[k++] = i;
	h->batch_n = k;
	if (k == 0)
		return;
	batch_arrays(h, names, h->looked_up, 0, k, &lu_values[1], &lu_values[2]);
	okr_read_query("SELECT v.ord, v.weight, v.step, v.delta, v.dden, v.first"
				   "  FROM okr.key_result_steps($1, $2, $3) v",
				   3, lu_types, lu_values, NULL, CurrentMemoryContext, read_looked_up_change, h);
}

/* Room for a scan: per objective the children it waits for, per slot whether it waits. */
static void
prepare_scan(History *h)
{
	int			e,
				nslots = 0,
				i;

	h->waiting = palloc_extended(sizeof(int) * h->n, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	for (e = 0; e < h->nedges; e++)
		if (reads_children(&h->obj[h->edges[e].parent.index]))
			h->waiting[h->edges[e].parent.index]++;
	for (i = 0; i < h->n; i++)
		nslots = Max(nslots, h->obj[i].slot + 1);
	h->parked = palloc_extended(sizeof(bool) * Max(nslots, 1), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	h->ready = palloc_extended(sizeof(int) * h->n, MCXT_ALLOC_HUGE);
	h->cur = palloc0(sizeof(double) * (h->nsteps + 1));
	h->zeros = palloc0(sizeof(double) * h->nsteps);
	h->scan_at = 0;
	h->scored = 0;
}

/* The scan's rows (read_scan_row) in the order given, by objective. */
#define SCAN_QUERY(order) \
	"(SELECT k.tenant, k.objective_id, k.id, k.weight, false," \
	"        1 + pg_catalog.width_bucket(c.at - interval '1 microsecond', $1)," \
	"        okr.score(k.target, c.value, k.cap), c.at, c.id," \
	"        NULL::okr.target, NULL::float8, NULL::float8" \
	"   FROM okr.key_result k" \
	"   LEFT JOIN okr.check_in c" \
	"     ON c.tenant = k.tenant AND c.key_result_id = k.id AND c.at <= $3" \
	"  WHERE ($2 IS NULL OR k.tenant = $2)" \
	"    AND k.target IS NOT NULL AND k.source = 'check_ins'" \
	"  ORDER BY k.tenant, k.objective_id, k.id)" \
	" UNION ALL " \
	"(SELECT k.tenant, k.objective_id, k.id, k.weight, true," \
	"        1 + pg_catalog.width_bucket(d.done_at - interval '1 microsecond', $1)," \
	"        d.amount, NULL, NULL, k.target, k.cap, COALESCE(okr.baseline(k.target), 0)" \
	"   FROM okr.key_result k" \
	"   LEFT JOIN okr.output d" \
	"     ON d.tenant = k.tenant AND d.key_result_id = k.id" \
	"    AND d.status = 'done' AND d.done_at <= $3" \
	"  WHERE ($2 IS NULL OR k.tenant = $2)" \
	"    AND k.target IS NOT NULL AND k.source = 'outputs'" \
	"  ORDER BY k.tenant, k.objective_id, k.id)" \
	" ORDER BY " order

/*
 * Every objective's scores from one scan of the tenant's key results by
 * objective, each key result's check-ins or done outputs reduced as they
 * come, each objective scored once it and its children are read (see
 * History); the objectives with a key result whose target, weight or cap
 * changed (few) by okr.key_result_steps first.
 */
static void
read_key_results_scanned(History *h, ArrayType *steps, Datum *names)
{
	Oid			types[3] = {TIMESTAMPTZARRAYOID, TEXTOID, TIMESTAMPTZOID};
	Datum		values[3] = {PointerGetDatum(steps), h->for_tenant,
		TimestampTzGetDatum(h->steps[h->nsteps - 1])};
	char		nulls[3] = {' ', h->no_tenant ? 'n' : ' ', ' '};
	ScanKeyResult kr;

	h->tenant_index = tenant_index(h);
	h->last_tenant = -1;
	read_looked_up(h, steps, names, types, values, nulls);
	prepare_scan(h);
	h->scan_kr = &kr;
	kr.score = palloc(sizeof(double) * h->nsteps);
	kr.amount = palloc(sizeof(double) * h->nsteps);
	kr.at = palloc(sizeof(TimestampTz) * h->nsteps);
	kr.check_in = palloc(sizeof(int64) * h->nsteps);
	kr.tenant = -1;
	kr.obj = -1;
	/*
	 * Each branch in its order, merged (for one tenant by objective: its
	 * fixed tenant is no sort key of the branches): a key result's rows
	 * stay together.
	 */
	okr_read_query(h->no_tenant ? SCAN_QUERY("1, 2, 3") : SCAN_QUERY("2, 3"),
				   3, types, values, nulls, CurrentMemoryContext, read_scan_row, h);
	add_score_changes(h, &kr);
	scan_reach(h, h->n);
	if (h->scored != h->n)
		elog(ERROR, "okr: %d of %d objectives left unscored", h->n - h->scored, h->n);
}

/* One row of the count of the tenant's objectives. */
static void
read_count_row(void *arg, HeapTuple tup, TupleDesc desc)
{
	bool		isnull;

	*(int64 *) arg = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
}

/*
 * Is one scan of the tenant's check-ins and outputs cheaper than looking up
 * the key results of the objectives read?  (okr.history_scan; auto: for a
 * whole tenant, or a subtree of at least half its objectives: at 10^4 and
 * 10^5 objectives looking up every key result cost about twice the scan.)
 */
static bool
scan_chosen(History *h, bool no_root)
{
	Oid			types[1] = {TEXTOID};
	char		nulls[1] = {h->no_tenant ? 'n' : ' '};
	int64		count = 0;
	int			s;

	if (h->set_wise || h->kr_rows != NULL || okr_history_scan == OKR_HISTORY_SCAN_OFF ||
		(double) 2 * sizeof(double) * h->n * h->nsteps > (double) OKR_SCAN_MAX_BYTES)
		return false;
	/* as okr.key_result_steps reads them: ascending, none NULL */
	for (s = 0; s < h->nsteps; s++)
		if (h->step_null[s] || (s > 0 && h->steps[s] < h->steps[s - 1]))
			return false;
	if (okr_history_scan == OKR_HISTORY_SCAN_ON || no_root)
		return true;
	if (h->n < 1000)
		return false;			/* counting would cost more than it saves */
	okr_read_query("SELECT count(*) FROM okr.objective o WHERE $1 IS NULL OR o.tenant = $1",
				   1, types, &h->for_tenant, nulls, CurrentMemoryContext, read_count_row, &count);
	return (int64) h->n * 2 >= count;
}

/*
 * The pass, children first: set-wise, over the changes read for every
 * objective; else batch by batch, each batch's key results read just
 * before it is passed, by lookups or from one scan of the tenant.
 */
static void
history_pass(History *h, ArrayType *steps, bool no_root)
{
	int			batch = okr_history_batch > 0 ? okr_history_batch : Max(1, (1 << 19) / h->nsteps);
	Datum	   *names = palloc(sizeof(Datum) * h->ntenants);
	int			k,
				t;

	batch = Min(batch, h->n);
	for (t = 0; t < h->ntenants; t++)
		names[t] = CStringGetTextDatum(h->tenants[t]);
	h->accumulate = !h->set_wise;
	if (h->set_wise)
	{
		for (k = 0; k < h->n; k++)
		{
			score_objective(h, h->order[k], &h->kr_num[h->order[k]], &h->kr_den[h->order[k]], 1);
			CHECK_FOR_INTERRUPTS();
		}
		if (h->kr_rows == NULL)
			return;
		/* okr.scores_at: the key results' rows, by lookups as before, in key order */
		h->in_order = true;
		for (k = 0; k < h->n; k += batch)
			read_key_result_batch(h, steps, names, k, Min(batch, h->n - k));
		return;
	}
	if (scan_chosen(h, no_root))
	{
		/* in key order, not hashed (as a whole organisation's read) */
		(void) set_config_option("enable_hashjoin", "off", PGC_USERSET, PGC_S_SESSION,
								 GUC_ACTION_SAVE, true, 0, false);
		read_key_results_scanned(h, steps, names);
		return;
	}
	h->kr_num = alloc_values(batch, h->nsteps, 0);
	h->kr_den = alloc_values(batch, h->nsteps, 0);
	for (k = 0; k < h->n; k += batch)
	{
		int			j;

		read_key_result_batch(h, steps, names, k, Min(batch, h->n - k));
		for (j = 0; j < h->batch_n; j++)
		{
			Size		base = (Size) j * h->nsteps;

			score_objective(h, h->order[k + j], &h->kr_num[base], &h->kr_den[base], h->nsteps);
			CHECK_FOR_INTERRUPTS();
		}
	}
}

/* Room for the scores emitted: every objective's, or those with id root. */
static void
prepare_out(History *h)
{
	int			i;

	if (h->only_root)
	{
		h->roots = palloc(sizeof(int) * Max(h->ntenants, 1));
		for (i = 0; i < h->n; i++)
			if (h->obj[i].id == h->root && h->nroots < h->ntenants)
				h->roots[h->nroots++] = i;
		h->out = alloc_values(Max(h->nroots, 1), h->nsteps, 0);
	}
	else
		h->out = alloc_values(h->n, h->nsteps, 0);
}

/*
 * The rows (tenant, id, step, score), in (tenant, id, step) order; for
 * okr.scores_at (tenant, 'objective', id, NULL, score).
 */
static void
emit_rows(History *h, ReturnSetInfo *rsinfo, bool scores_at)
{
	Datum	   *names = palloc(sizeof(Datum) * h->ntenants);
	Datum		kind = CStringGetTextDatum("objective");
	int			i,
				s;

	for (i = 0; i < h->ntenants; i++)
		names[i] = CStringGetTextDatum(h->tenants[i]);
	for (i = 0; i < h->n; i++)
	{
		double	   *out = out_of(h, i);

		CHECK_FOR_INTERRUPTS();
		if (out == NULL)
			continue;
		for (s = 0; s < h->nsteps; s++)
		{
			double		x = out[s];
			Datum		values[5];
			bool		nulls[5] = {false, false, false, false, false};

			values[0] = names[h->obj[i].tenant];
			if (scores_at)
			{
				values[1] = kind;
				values[2] = Int64GetDatum(h->obj[i].id);
				nulls[3] = true;
				values[3] = (Datum) 0;
				nulls[4] = isnan(x);
				values[4] = Float8GetDatum(x);
			}
			else
			{
				values[1] = Int64GetDatum(h->obj[i].id);
				values[2] = Int32GetDatum(s + 1);
				nulls[3] = isnan(x);
				values[3] = Float8GetDatum(x);
			}
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
}

/*
 * The instants: a one-dimensional array from index 1 (the queries take
 * instant i as steps[i]), ascending (they bucket times by width_bucket), at
 * most OKR_SERIES_MAX_STEPS of them.  A NULL one is kept only alone
 * (okr.scores_at(NULL): no objective is closed by it).
 */
static void
read_steps(History *h, ArrayType *steps)
{
	Datum	   *elems;
	int			s;

	if (ARR_NDIM(steps) > 1 || (ARR_NDIM(steps) == 1 && ARR_LBOUND(steps)[0] != 1))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the instants of okr.scores_over must be a one-dimensional array from index 1"),
				 errdetail_plural("The array given has %d dimension, from index %d.",
								  "The array given has %d dimensions, the first from index %d.",
								  ARR_NDIM(steps), ARR_NDIM(steps), ARR_LBOUND(steps)[0]),
				 errhint("Build it with ARRAY[...] or array_agg(t ORDER BY t).")));
	deconstruct_array(steps, TIMESTAMPTZOID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &h->step_null, &h->nsteps);
	if (h->nsteps > OKR_SERIES_MAX_STEPS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("okr.scores_over takes at most %d instants, not %d",
						OKR_SERIES_MAX_STEPS, h->nsteps),
				 errdetail("Its time and memory grow with the objectives times the instants."),
				 errhint("Ask for fewer instants, as okr.score_series does.")));
	h->steps = palloc(sizeof(TimestampTz) * Max(h->nsteps, 1));
	for (s = 0; s < h->nsteps; s++)
	{
		if (h->step_null[s] && h->nsteps > 1)
			ereport(ERROR,
					(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
					 errmsg("instant %d of okr.scores_over is NULL", s + 1),
					 errdetail("Each instant of several is a time the scores are computed at."),
					 errhint("Leave NULLs out of the array.")));
		h->steps[s] = h->step_null[s] ? 0 : DatumGetTimestampTz(elems[s]);
		if (s > 0 && h->steps[s] < h->steps[s - 1])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the instants of okr.scores_over must be in ascending order"),
					 errdetail("Instant %d, %s, comes before instant %d, %s.", s + 1,
							   pstrdup(timestamptz_to_str(h->steps[s])), s,
							   pstrdup(timestamptz_to_str(h->steps[s - 1]))),
					 errhint("Sort them: array_agg(t ORDER BY t).")));
	}
}

/*
 * The history of steps for for_tenant (NULL: every tenant) and root (NULL:
 * every objective) into rsinfo: only_root keeps the root's rows; scores_at
 * gives okr.scores_at's rows (objectives and key results, one instant).
 */
static void
run_history(ReturnSetInfo *rsinfo, ArrayType *steps, Datum for_tenant, bool no_tenant,
			Datum root, bool no_root, bool only_root, bool scores_at)
{
	History		h;
	MemoryContext cxt,
				old;

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
		if (no_root)
			(void) set_config_option("enable_hashjoin", "off", PGC_USERSET, PGC_S_SESSION,
									 GUC_ACTION_SAVE, true, 0, false);
		h.only_root = only_root;
		h.root = no_root ? 0 : DatumGetInt64(root);
		h.set_wise = no_root && h.nsteps == 1 && !h.step_null[0];
		h.kr_rows = scores_at ? rsinfo : NULL;
		h.for_tenant = for_tenant;
		h.no_tenant = no_tenant;
		okr_spi_connect();
		MemoryContextSwitchTo(cxt);
		read_objectives(&h, for_tenant, no_tenant, root, no_root);
		if (h.n > 0)
		{
			resolve_parents(&h);
			children_first(&h);
			prepare_out(&h);
			if (h.set_wise)
				read_key_results_set_wise(&h, for_tenant, no_tenant);
			history_pass(&h, steps, no_root);
		}
		SPI_finish();
		AtEOXact_GUC(true, nest);
		MemoryContextSwitchTo(cxt);
		if (h.n > 0)
			emit_rows(&h, rsinfo, scores_at);
	}
	MemoryContextSwitchTo(old);
	MemoryContextDelete(cxt);
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
	bool		only_root = PG_ARGISNULL(3) || PG_GETARG_BOOL(3);

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || (only_root && PG_ARGISNULL(2)))
		return (Datum) 0;
	run_history((ReturnSetInfo *) fcinfo->resultinfo, PG_GETARG_ARRAYTYPE_P(0),
				PG_GETARG_DATUM(1), PG_ARGISNULL(1), PG_GETARG_DATUM(2), PG_ARGISNULL(2),
				only_root, false);
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(okr_scores_at);

/*
 * okr.scores_at(at timestamptz, for_tenant text, root bigint): the
 * objectives' scores and the key results' values and scores at one
 * instant, the key results' rows as they are read (no second read of the
 * subtree: memory does not grow with it).
 */
Datum
okr_scores_at(PG_FUNCTION_ARGS)
{
	Datum		at = PG_GETARG_DATUM(0);
	bool		no_at = PG_ARGISNULL(0);
	int			dims[1] = {1};
	int			lbs[1] = {1};

	InitMaterializedSRF(fcinfo, 0);
	run_history((ReturnSetInfo *) fcinfo->resultinfo,
				construct_md_array(&at, &no_at, 1, dims, lbs, TIMESTAMPTZOID, 8, FLOAT8PASSBYVAL,
								   TYPALIGN_DOUBLE),
				PG_GETARG_DATUM(1), PG_ARGISNULL(1), PG_GETARG_DATUM(2), PG_ARGISNULL(2),
				false, true);
	return (Datum) 0;
}

/*
 * explain.c — okr.explain_walk(tenant, root, at): the rows of okr.explain,
 * the tree of inputs below one objective walked depth first.
 *
 * Two queries read everything, as the caller: the objectives under root
 * (okr.objectives_under), then their inputs (okr.explain_inputs), given the
 * objectives as constant arrays so that the planner knows how many there
 * are: a leaf's inputs are looked up, a whole organisation's are joined
 * set-wise.  The walk itself is in memory: inputs sorted by parent (key
 * results first, then objectives, each by id: the order of the path keys
 * okr.explain always had), shares per parent, rows emitted in depth-first
 * order, so no sort of the result is needed.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "query.h"

typedef struct Input
{
	int64		parent;			/* the objective it is an input of */
	int64		id;
	char	   *title;
	double		weight;
	double		score;
	double		value;
	double		share;
	bool		kr;				/* a key result, else an objective */
	bool		no_score;
	bool		no_value;
	bool		frozen;			/* a closed objective: a leaf here */
	bool		counts;			/* a draft does not */
} Input;

typedef struct Walk
{
	Input		root;
	bool		have_root;
	Input	   *in;
	int			n;
	int			cap;
	/* the objectives on the current path, for the cycle guard */
	int64	   *path_ids;
	int			path_len;
	int			path_cap;
	StringInfoData path;
	ReturnSetInfo *rsinfo;
} Walk;

/* One row of okr.explain_inputs: an input, or root's own row. */
static void
read_input(void *arg, HeapTuple tup, TupleDesc desc)
{
	Walk	   *w = arg;
	bool		isnull;
	Datum		parent = SPI_getbinval(tup, desc, 1, &isnull);
	bool		is_root = isnull;
	Input	   *x;
	Datum		d;
	char	   *kind;

	if (is_root)
		x = &w->root;
	else
	{
		if (w->n == w->cap)
		{
			w->cap = Max(w->cap * 2, 1024);
			w->in = w->in == NULL ? palloc_extended(sizeof(Input) * w->cap, MCXT_ALLOC_HUGE)
				: repalloc_huge(w->in, sizeof(Input) * w->cap);
		}
		x = &w->in[w->n++];
		x->parent = DatumGetInt64(parent);
	}
	kind = TextDatumGetCString(SPI_getbinval(tup, desc, 2, &isnull));
	x->kr = strcmp(kind, "key_result") == 0;
	x->id = DatumGetInt64(SPI_getbinval(tup, desc, 3, &isnull));
	d = SPI_getbinval(tup, desc, 4, &isnull);
	x->title = isnull ? NULL : TextDatumGetCString(d);
	d = SPI_getbinval(tup, desc, 5, &isnull);
	x->weight = isnull ? 0 : DatumGetFloat8(d);
	d = SPI_getbinval(tup, desc, 6, &isnull);
	x->no_score = isnull;
	x->score = isnull ? 0 : DatumGetFloat8(d);
	d = SPI_getbinval(tup, desc, 7, &isnull);
	x->no_value = isnull;
	x->value = isnull ? 0 : DatumGetFloat8(d);
	x->frozen = DatumGetBool(SPI_getbinval(tup, desc, 8, &isnull));
	x->counts = DatumGetBool(SPI_getbinval(tup, desc, 9, &isnull));
	if (is_root)
		w->have_root = true;
}

typedef struct Objectives
{
	Datum	   *ids;
	Datum	   *rollups;
	int			n;
	int			cap;
} Objectives;

static void
read_objective(void *arg, HeapTuple tup, TupleDesc desc)
{
	Objectives *o = arg;
	bool		isnull;

	if (o->n == o->cap)
	{
		o->cap = Max(o->cap * 2, 1024);
		o->ids = o->ids == NULL ? palloc_extended(sizeof(Datum) * o->cap, MCXT_ALLOC_HUGE)
			: repalloc_huge(o->ids, sizeof(Datum) * o->cap);
		o->rollups = o->rollups == NULL ? palloc_extended(sizeof(Datum) * o->cap, MCXT_ALLOC_HUGE)
			: repalloc_huge(o->rollups, sizeof(Datum) * o->cap);
	}
	o->ids[o->n] = SPI_getbinval(tup, desc, 1, &isnull);
	o->rollups[o->n] = PointerGetDatum(DatumGetTextPCopy(SPI_getbinval(tup, desc, 2, &isnull)));
	o->n++;
}

/* The objectives under root, then their inputs (and root's own row). */
static void
read_inputs(Walk *w, Datum tenant, Datum root, Datum at, bool no_at)
{
	MemoryContext cxt = CurrentMemoryContext;
	Objectives	o = {0};
	Oid			otypes[2] = {TEXTOID, INT8OID};
	Datum		ovalues[2] = {tenant, root};
	Oid			types[5] = {TEXTOID, INT8OID, INT8ARRAYOID, TEXTARRAYOID, TIMESTAMPTZOID};
	Datum		values[5];
	char		nulls[5] = {' ', ' ', ' ', ' ', no_at ? 'n' : ' '};

	okr_read_cursor(SPI_cursor_open_with_args(NULL,
											  "SELECT o.id, o.rollup FROM okr.objectives_under($1, $2) o",
											  2, otypes, ovalues, NULL, true, CURSOR_OPT_NO_SCROLL),
					cxt, read_objective, &o);
	if (o.n == 0)
		return;
	values[0] = tenant;
	values[1] = root;
	values[2] = PointerGetDatum(construct_array(o.ids, o.n, INT8OID, 8, FLOAT8PASSBYVAL,
												TYPALIGN_DOUBLE));
	values[3] = PointerGetDatum(construct_array(o.rollups, o.n, TEXTOID, -1, false,
												TYPALIGN_INT));
	values[4] = at;
	okr_read_cursor(SPI_cursor_open_with_args(NULL,
											  "SELECT * FROM okr.explain_inputs($1, $2, $3, $4, $5)",
											  5, types, values, nulls, true, CURSOR_OPT_NO_SCROLL),
					cxt, read_input, w);
}

/* By parent, then key results before objectives, then by id. */
static int
input_cmp(const void *a, const void *b)
{
	const Input *x = a;
	const Input *y = b;

	if (x->parent != y->parent)
		return x->parent < y->parent ? -1 : 1;
	if (x->kr != y->kr)
		return x->kr ? -1 : 1;
	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return 0;
}

/* share = weight / the sum of the weights of the parent's counted, scored inputs */
static void
compute_shares(Walk *w)
{
	int			start = 0;

	while (start < w->n)
	{
		int			end = start;
		double		total = 0;
		int			i;

		while (end < w->n && w->in[end].parent == w->in[start].parent)
		{
			if (w->in[end].counts && !w->in[end].no_score)
				total += w->in[end].weight;
			end++;
		}
		for (i = start; i < end; i++)
			w->in[i].share = w->in[i].counts && !w->in[i].no_score ? w->in[i].weight / total : 0;
		start = end;
	}
}

/* The first input of objective parent, or -1. */
static int
first_input(Walk *w, int64 parent)
{
	int			lo = 0,
				hi = w->n;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (w->in[mid].parent < parent)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < w->n && w->in[lo].parent == parent ? lo : -1;
}

static void
emit(Walk *w, int depth, const Input *x, bool is_root)
{
	Datum		values[10];
	bool		nulls[10] = {0};

	values[0] = Int32GetDatum(depth);
	values[1] = PointerGetDatum(cstring_to_text_with_len(w->path.data, w->path.len));
	values[2] = CStringGetTextDatum(x->kr ? "key_result" : "objective");
	values[3] = Int64GetDatum(x->id);
	nulls[4] = x->title == NULL;
	values[4] = nulls[4] ? (Datum) 0 : CStringGetTextDatum(x->title);
	nulls[5] = is_root;
	values[5] = Float8GetDatum(x->weight);
	nulls[6] = x->no_score;
	values[6] = Float8GetDatum(x->score);
	values[7] = Float8GetDatum(is_root ? 1 : x->share);
	/* the root's contribution is its score, NULL or not */
	nulls[8] = is_root && x->no_score;
	values[8] = Float8GetDatum(is_root ? x->score : (x->no_score ? 0 : x->share * x->score));
	nulls[9] = x->no_value;
	values[9] = Float8GetDatum(x->value);
	tuplestore_putvalues(w->rsinfo->setResult, w->rsinfo->setDesc, values, nulls);
	pfree(DatumGetPointer(values[1]));
	pfree(DatumGetPointer(values[2]));
	if (!nulls[4])
		pfree(DatumGetPointer(values[4]));
}

static bool
on_path(Walk *w, int64 id)
{
	int			i;

	for (i = 0; i < w->path_len; i++)
		if (w->path_ids[i] == id)
			return true;
	return false;
}

/*
 * The inputs of objective parent (at depth, its path in w->path), each
 * followed by its own inputs if it is an objective that is not frozen and
 * not already on the path (a cycle written with triggers disabled).
 */
static void
walk(Walk *w, int64 parent, int depth)
{
	int			i = first_input(w, parent);

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	if (i < 0)
		return;
	if (w->path_len == w->path_cap)
	{
		w->path_cap = Max(w->path_cap * 2, 64);
		w->path_ids = repalloc(w->path_ids, sizeof(int64) * w->path_cap);
	}
	w->path_ids[w->path_len++] = parent;
	for (; i < w->n && w->in[i].parent == parent; i++)
	{
		Input	   *x = &w->in[i];
		int			len = w->path.len;

		if (!x->kr && on_path(w, x->id))
			continue;
		appendStringInfo(&w->path, " > %s" INT64_FORMAT, x->kr ? "KR" : "O", x->id);
		emit(w, depth + 1, x, false);
		if (!x->kr && !x->frozen)
			walk(w, x->id, depth + 1);
		w->path.len = len;
		w->path.data[len] = '\0';
	}
	w->path_len--;
}

PG_FUNCTION_INFO_V1(okr_explain_walk);

/* okr.explain_walk(tenant text, root bigint, at timestamptz) */
Datum
okr_explain_walk(PG_FUNCTION_ARGS)
{
	MemoryContext cxt,
				old;
	Walk		w;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		return (Datum) 0;
	memset(&w, 0, sizeof(w));
	w.rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	cxt = AllocSetContextCreate(CurrentMemoryContext, "okr explain", ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(cxt);
	okr_spi_connect();
	MemoryContextSwitchTo(cxt);
	read_inputs(&w, PG_GETARG_DATUM(0), PG_GETARG_DATUM(1),
				PG_ARGISNULL(2) ? (Datum) 0 : PG_GETARG_DATUM(2), PG_ARGISNULL(2));
	SPI_finish();
	MemoryContextSwitchTo(cxt);
	if (w.have_root)
	{
		if (w.n > 0)
			qsort(w.in, w.n, sizeof(Input), input_cmp);
		compute_shares(&w);
		w.path_ids = palloc(sizeof(int64) * 64);
		w.path_cap = 64;
		initStringInfo(&w.path);
		appendStringInfo(&w.path, "O" INT64_FORMAT, w.root.id);
		emit(&w, 0, &w.root, true);
		walk(&w, w.root.id, 0);
	}
	MemoryContextSwitchTo(old);
	MemoryContextDelete(cxt);
	return (Datum) 0;
}

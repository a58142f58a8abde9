/*
 * explain.c — okr.explain_walk(tenant, root, at): the rows of okr.explain,
 * the tree of inputs below one objective walked depth first.
 *
 * Two queries read everything, as the caller: the objectives under root
 * (okr.objectives_under), then their inputs (okr.explain_inputs), given the
 * objectives as constant arrays so that the planner knows how many there
 * are: a leaf's inputs are looked up, a whole organisation's are joined
 * set-wise.  The inputs come sorted by parent (key results first, then
 * objectives, each by id: the order of the path keys okr.explain always
 * had; the executor's sort spills past work_mem) and are written to a
 * temporary file (BufFile), one record each; only where each parent's
 * inputs start is kept in memory.  The walk reads a parent's inputs back
 * when it reaches the parent, computes their shares and emits rows in
 * depth-first order, holding only the inputs of the objectives on the
 * current path.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "storage/buffile.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "query.h"

/* An input as written to the temporary file: this, then title_len bytes. */
typedef struct InputRecord
{
	int64		id;
	double		weight;
	double		score;
	double		value;
	int32		title_len;		/* -1: NULL */
	bool		kr;				/* a key result, else an objective */
	bool		no_score;
	bool		no_value;
	bool		frozen;			/* a closed objective: a leaf here */
	bool		counts;			/* a draft does not */
} InputRecord;

typedef struct Input
{
	InputRecord r;
	char	   *title;
	double		share;
} Input;

/* Where the inputs of one parent start in the file, and how many. */
typedef struct InputGroup
{
	int64		parent;
	off_t		offset;
	int			fileno;
	int			count;
} InputGroup;

typedef struct Walk
{
	Input		root;
	bool		have_root;
	BufFile    *file;
	InputGroup	   *groups;			/* by parent, as the rows came */
	int			ngroups;
	int			gcap;
	/* the objectives on the current path, for the cycle guard */
	int64	   *path_ids;
	int			path_len;
	int			path_cap;
	StringInfoData path;
	ReturnSetInfo *rsinfo;
} Walk;

/* One row of okr.explain_inputs: root's own row, or an input, written to the file. */
static void
read_input(void *arg, HeapTuple tup, TupleDesc desc)
{
	Walk	   *w = arg;
	bool		isnull;
	Datum		parent = SPI_getbinval(tup, desc, 1, &isnull);
	bool		is_root = isnull;
	InputRecord r;
	Datum		d;
	char	   *kind;
	text	   *title = NULL;
	Datum		title_datum = (Datum) 0;

	memset(&r, 0, sizeof(r));	/* padding too: the record goes to a file */
	kind = TextDatumGetCString(SPI_getbinval(tup, desc, 2, &isnull));
	r.kr = strcmp(kind, "key_result") == 0;
	pfree(kind);
	r.id = DatumGetInt64(SPI_getbinval(tup, desc, 3, &isnull));
	title_datum = SPI_getbinval(tup, desc, 4, &isnull);
	if (!isnull)
		title = DatumGetTextPP(title_datum);
	r.title_len = isnull ? -1 : (int32) VARSIZE_ANY_EXHDR(title);
	d = SPI_getbinval(tup, desc, 5, &isnull);
	r.weight = isnull ? 0 : DatumGetFloat8(d);
	d = SPI_getbinval(tup, desc, 6, &isnull);
	r.no_score = isnull;
	r.score = isnull ? 0 : DatumGetFloat8(d);
	d = SPI_getbinval(tup, desc, 7, &isnull);
	r.no_value = isnull;
	r.value = isnull ? 0 : DatumGetFloat8(d);
	r.frozen = DatumGetBool(SPI_getbinval(tup, desc, 8, &isnull));
	r.counts = DatumGetBool(SPI_getbinval(tup, desc, 9, &isnull));
	if (is_root)
	{
		w->root.r = r;
		w->root.title = title == NULL ? NULL : text_to_cstring(title);
		if (title != NULL && (Pointer) title != DatumGetPointer(title_datum))
			pfree(title);
		w->have_root = true;
		return;
	}
	if (w->ngroups == 0 || w->groups[w->ngroups - 1].parent != DatumGetInt64(parent))
	{
		InputGroup	   *g;

		if (w->ngroups > 0 && w->groups[w->ngroups - 1].parent > DatumGetInt64(parent))
			elog(ERROR, "okr: explain inputs not sorted by parent");
		if (w->ngroups == w->gcap)
		{
			w->gcap = Max(w->gcap * 2, 1024);
			w->groups = w->groups == NULL ? palloc_extended(sizeof(InputGroup) * w->gcap, MCXT_ALLOC_HUGE)
				: repalloc_huge(w->groups, sizeof(InputGroup) * w->gcap);
		}
		g = &w->groups[w->ngroups++];
		g->parent = DatumGetInt64(parent);
		BufFileTell(w->file, &g->fileno, &g->offset);
		g->count = 0;
	}
	BufFileWrite(w->file, &r, sizeof(r));
	if (r.title_len > 0)
		BufFileWrite(w->file, VARDATA_ANY(title), r.title_len);
	w->groups[w->ngroups - 1].count++;
	if (title != NULL && (Pointer) title != DatumGetPointer(title_datum))
		pfree(title);			/* detoasted */
}

typedef struct Objectives
{
	Datum	   *ids;
	Datum	   *rollups;
	int			n;
	int			cap;
	/* the rollups seen, each kept once: 'key_results', 'children', 'both' */
	Datum		seen[4];
	int			nseen;
} Objectives;

/* The one copy of rollup r. */
static Datum
rollup_datum(Objectives *o, Datum r)
{
	text	   *t = DatumGetTextPP(r);
	int			i;

	for (i = 0; i < o->nseen; i++)
	{
		text	   *s = DatumGetTextPP(o->seen[i]);

		if (VARSIZE_ANY_EXHDR(s) == VARSIZE_ANY_EXHDR(t) &&
			memcmp(VARDATA_ANY(s), VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t)) == 0)
			return o->seen[i];
	}
	r = PointerGetDatum(DatumGetTextPCopy(r));
	if (o->nseen < (int) lengthof(o->seen))
		o->seen[o->nseen++] = r;
	return r;
}

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
	o->rollups[o->n] = rollup_datum(o, SPI_getbinval(tup, desc, 2, &isnull));
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

	okr_read_query("SELECT o.id, o.rollup FROM okr.objectives_under($1, $2) o",
				   2, otypes, ovalues, NULL, cxt, read_objective, &o);
	if (o.n == 0)
		return;
	values[0] = tenant;
	values[1] = root;
	values[2] = PointerGetDatum(construct_array(o.ids, o.n, INT8OID, 8, FLOAT8PASSBYVAL,
												TYPALIGN_DOUBLE));
	values[3] = PointerGetDatum(construct_array(o.rollups, o.n, TEXTOID, -1, false,
												TYPALIGN_INT));
	values[4] = at;
	pfree(o.ids);
	pfree(o.rollups);
	w->file = BufFileCreateTemp(false);
	okr_read_query("SELECT * FROM okr.explain_inputs($1, $2, $3, $4, $5) i"
				   " ORDER BY i.parent_id NULLS FIRST, i.kind <> 'key_result', i.id",
				   5, types, values, nulls, cxt, read_input, w);
	pfree(DatumGetPointer(values[2]));
	pfree(DatumGetPointer(values[3]));
}

/* The group of parent's inputs, or NULL. */
static InputGroup *
find_group(Walk *w, int64 parent)
{
	int			lo = 0,
				hi = w->ngroups;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (w->groups[mid].parent < parent)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < w->ngroups && w->groups[lo].parent == parent ? &w->groups[lo] : NULL;
}

/*
 * The inputs of group g read back from the file, with their shares: weight
 * / the sum of the weights of the parent's counted, scored inputs.
 */
static Input *
read_group(Walk *w, InputGroup *g)
{
	Input	   *in = palloc_extended(sizeof(Input) * g->count, MCXT_ALLOC_HUGE);
	double		total = 0;
	int			i;

	if (BufFileSeek(w->file, g->fileno, g->offset, SEEK_SET) != 0)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not seek in okr.explain's temporary file: %m"),
				 errdetail("okr.explain keeps the inputs it has read in a temporary file once they pass work_mem."),
				 errhint("Check the space where the server writes temporary files (temp_tablespaces).")));
	for (i = 0; i < g->count; i++)
	{
		Input	   *x = &in[i];

		if (BufFileRead(w->file, &x->r, sizeof(x->r)) != sizeof(x->r))
			elog(ERROR, "okr: short read from okr.explain's temporary file");
		x->title = NULL;
		if (x->r.title_len >= 0)
		{
			x->title = palloc(x->r.title_len + 1);
			if (BufFileRead(w->file, x->title, x->r.title_len) != (size_t) x->r.title_len)
				elog(ERROR, "okr: short read from okr.explain's temporary file");
			x->title[x->r.title_len] = '\0';
		}
		if (x->r.counts && !x->r.no_score)
			total += x->r.weight;
	}
	for (i = 0; i < g->count; i++)
		in[i].share = in[i].r.counts && !in[i].r.no_score ? in[i].r.weight / total : 0;
	return in;
}

static void
free_group(Input *in, int n)
{
	int			i;

	for (i = 0; i < n; i++)
		if (in[i].title != NULL)
			pfree(in[i].title);
	pfree(in);
}

static void
emit(Walk *w, int depth, const Input *x, bool is_root)
{
	Datum		values[10];
	bool		nulls[10] = {0};

	values[0] = Int32GetDatum(depth);
	values[1] = PointerGetDatum(cstring_to_text_with_len(w->path.data, w->path.len));
	values[2] = CStringGetTextDatum(x->r.kr ? "key_result" : "objective");
	values[3] = Int64GetDatum(x->r.id);
	nulls[4] = x->title == NULL;
	values[4] = nulls[4] ? (Datum) 0 : CStringGetTextDatum(x->title);
	nulls[5] = is_root;
	values[5] = Float8GetDatum(x->r.weight);
	nulls[6] = x->r.no_score;
	values[6] = Float8GetDatum(x->r.score);
	values[7] = Float8GetDatum(is_root ? 1 : x->share);
	/* the root's contribution is its score, NULL or not */
	nulls[8] = is_root && x->r.no_score;
	values[8] = Float8GetDatum(is_root ? x->r.score : (x->r.no_score ? 0 : x->share * x->r.score));
	nulls[9] = x->r.no_value;
	values[9] = Float8GetDatum(x->r.value);
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
	InputGroup	   *g = find_group(w, parent);
	Input	   *in;
	int			n,
				i;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	if (g == NULL)
		return;
	n = g->count;
	in = read_group(w, g);
	if (w->path_len == w->path_cap)
	{
		w->path_cap = Max(w->path_cap * 2, 64);
		w->path_ids = repalloc(w->path_ids, sizeof(int64) * w->path_cap);
	}
	w->path_ids[w->path_len++] = parent;
	for (i = 0; i < n; i++)
	{
		Input	   *x = &in[i];
		int			len = w->path.len;

		if (!x->r.kr && on_path(w, x->r.id))
			continue;
		appendStringInfo(&w->path, " > %s" INT64_FORMAT, x->r.kr ? "KR" : "O", x->r.id);
		emit(w, depth + 1, x, false);
		if (!x->r.kr && !x->r.frozen)
			walk(w, x->r.id, depth + 1);
		w->path.len = len;
		w->path.data[len] = '\0';
	}
	w->path_len--;
	free_group(in, n);
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
		w.path_ids = palloc(sizeof(int64) * 64);
		w.path_cap = 64;
		initStringInfo(&w.path);
		appendStringInfo(&w.path, "O" INT64_FORMAT, w.root.r.id);
		emit(&w, 0, &w.root, true);
		walk(&w, w.root.r.id, 0);
	}
	if (w.file != NULL)
		BufFileClose(w.file);
	MemoryContextSwitchTo(old);
	MemoryContextDelete(cxt);
	return (Datum) 0;
}

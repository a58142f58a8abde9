/*
 * rollup.c — exact, deadlock-free maintenance of key-result values and
 * objective scores.
 *
 * Statement triggers (triggers.c) only record what changed: "key result 7 of
 * tenant acme is dirty".  A deferred constraint trigger, queued once per
 * transaction, runs the flush at commit, tenant by tenant:
 *
 *   1. recompute the dirty key results in id order: check-in-fed ones in C,
 *      each written by a direct update of its latest version; output-fed
 *      ones locked, in chunks, and recomputed by one query per chunk;
 *   2. propagate up the alignment graph in one topological pass, deepest
 *      objectives first (structure.c knows parents, weights and depths):
 *      an objective whose inputs changed is locked and, while structure is
 *      fixed, moved by Σ w·Δ / W (delta propagation, O(1) whatever its
 *      fan-in); a transaction that edited structure recomputes it from its
 *      inputs instead.  Propagation stops where nothing changed and at
 *      closed objectives, which are frozen.  A linear change of an
 *      objective another transaction holds is not waited for: it goes to
 *      okr.pending_score, folded by the next flush that holds the row
 *      (pending.h; the contract is in rollup.h).
 *
 * Every row is written on its latest version, either locked before it is
 * read or updated directly where the update fails on a newer committed
 * version (rollup.h), so under READ COMMITTED no update is lost; values are
 * written by store.c, which fires no trigger.  The lock order is in
 * rollup.h.  Changed scores are announced by notify.c.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "lib/binaryheap.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include "notify.h"
#include "okr.h"
#include "pending.h"
#include "query.h"
#include "rollup.h"
#include "scoring.h"
#include "store.h"
#include "structure.h"
#include "tenant.h"

/* Key results recomputed per query: bounds the flush's memory. */
#define CHUNK 4096

bool		okr_in_flush = false;

/* What this transaction changed; all of it lives in TopTransactionContext. */
typedef struct RowKey
{
	int32		tenant_no;
	int32		kind;			/* DirtyKind */
	int64		id;
} RowKey;

/*
 * A dirty row, with the subtransaction that first marked it: what a
 * subtransaction that aborts first marked is clean again (its changes are
 * gone), so that a statement refused in a savepoint leaves nothing for a
 * later flush to read the structure for.  In IMMEDIATE mode a statement's
 * own flush event fires before its validation: it read a cycle that
 * statement made and was about to refuse (54000 instead of 23514).
 */
typedef struct DirtyRow
{
	RowKey		key;
	SubTransactionId first;
} DirtyRow;

/* A dirty row flushed inside a subtransaction: dirty again if it aborts. */
typedef struct FlushedRow
{
	RowKey		key;
	int			level;
	SubTransactionId first;		/* as in DirtyRow */
} FlushedRow;

static HTAB *dirty = NULL;		/* RowKey -> DirtyRow */

/*
 * The rows first marked inside subtransactions, in marking order: those of
 * one that aborts are the suffix (later subtransactions have higher ids).
 */
static DirtyRow *subxact_marks = NULL;
static int	nsubxact_marks = 0;
static int	maxsubxact_marks = 0;
static HTAB *flushed = NULL;	/* RowKey -> FlushedRow */
static bool rollup_queued = false;
static int	rollup_queued_level = 0;
static bool flushed_before = false; /* this transaction holds rollup row locks */
static bool rebuilding_key_results = false;	/* okr.rebuild_in_batches' first pass */
static uint64 flush_epoch = 0;

static void rollup_xact_callback(XactEvent event, void *arg);
typedef struct Flush Flush;
static bool row_closed(Flush *f);
static void rollup_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
									SubTransactionId parentSubid, void *arg);

void
okr_rollup_init(void)
{
	RegisterXactCallback(rollup_xact_callback, NULL);
	RegisterSubXactCallback(rollup_subxact_callback, NULL);
}

static void
forget_transaction(void)
{
	/* The memory itself goes with TopTransactionContext. */
	dirty = NULL;
	subxact_marks = NULL;
	nsubxact_marks = maxsubxact_marks = 0;
	flushed = NULL;
	rollup_queued = false;
	rollup_queued_level = 0;
	flushed_before = false;
	rebuilding_key_results = false;
	okr_in_flush = false;
	okr_tenant_forget();
}

static HTAB *
transaction_hash(const char *name, Size entrysize)
{
	HASHCTL		ctl;

	ctl.keysize = sizeof(RowKey);
	ctl.entrysize = entrysize;
	ctl.hcxt = TopTransactionContext;
	return hash_create(name, 64, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

static void
remember_subxact_mark(RowKey *key, SubTransactionId first)
{
	if (nsubxact_marks == maxsubxact_marks)
	{
		maxsubxact_marks = Max(64, maxsubxact_marks * 2);
		subxact_marks = subxact_marks == NULL
			? MemoryContextAllocHuge(TopTransactionContext, sizeof(DirtyRow) * maxsubxact_marks)
			: repalloc_huge(subxact_marks, sizeof(DirtyRow) * maxsubxact_marks);
	}
	subxact_marks[nsubxact_marks].key = *key;
	subxact_marks[nsubxact_marks++].first = first;
}

/*
 * The rows first marked inside subtransaction subid are clean again.  (A
 * row made dirty again after an inner abort may end the suffix early: what
 * is left behind is extra work, never a lost mark.)
 */
static void
forget_subxact_marks(SubTransactionId subid)
{
	while (nsubxact_marks > 0 && subxact_marks[nsubxact_marks - 1].first >= subid)
		(void) hash_search(dirty, &subxact_marks[--nsubxact_marks].key, HASH_REMOVE, NULL);
}

/* Mark key dirty, first by subtransaction first if it was not. */
static void
mark_dirty(RowKey *key, SubTransactionId first)
{
	bool		found;
	DirtyRow   *row;

	if (dirty == NULL)
		dirty = transaction_hash("okr dirty rows", sizeof(DirtyRow));
	row = hash_search(dirty, key, HASH_ENTER, &found);
	if (found)
		return;
	row->first = first;
	if (first > TopSubTransactionId)
		remember_subxact_mark(key, first);
}

void
okr_mark(DirtyKind kind, text *tenant, int64 id)
{
	RowKey		key;

	memset(&key, 0, sizeof(key));
	key.tenant_no = okr_tenant_number(tenant);
	key.kind = kind;
	key.id = id;
	mark_dirty(&key, GetCurrentSubTransactionId());
}

/* ---------- one tenant's flush ---------- */

struct Flush
{
	int32		tenant_no;
	text	   *tenant;
	bool		full;			/* structure edited: recompute, don't add */
	bool		exclusive;		/* ... and its exclusive tenant lock still held */
	OkrStructure *st;
	OkrStore	kr;
	OkrStore	obj;
	OkrStore	pending;		/* okr.pending_score */
	OkrStore	check_in;		/* okr.check_in by check_in_latest */
	OkrStore	kr_of;			/* a structure edit's: okr.key_result by objective, */
	OkrStore	edges;			/* okr.alignment by parent, */
	OkrStore	child;			/* okr.objective read (computed_score) */
	AttrNumber	kr_value,
				kr_score,
				kr_weight,
				kr_objective,
				kr_source,
				kr_target,
				kr_cap,
				check_in_value,
				obj_score,
				obj_grade,
				obj_state,
				edge_child,
				edge_weight;
	binaryheap *queue;
	HTAB	   *seeds;			/* objective id -> Seed */
	uint64		changed;
};

/* An objective whose key results changed, before its structure is known. */
typedef struct Seed
{
	int64		id;
	double		pending;		/* Σ w·Δ */
} Seed;

static OkrQuery key_result_values = {
	"SELECT d.i, c.value, c.score FROM unnest($2::int8[]) WITH ORDINALITY AS d (id, i)"
	" CROSS JOIN LATERAL (SELECT c.value, c.score FROM okr.key_result_computed c"
	"                      WHERE c.tenant = $1 AND c.id = d.id OFFSET 0) c",
	2, {TEXTOID, INT8ARRAYOID}, NULL
};

/*
 * An objective recomputed from its inputs: the pending changes it had are
 * already in those inputs as this statement's snapshot sees them, so they go
 * in the same snapshot (the caller holds the objective's row lock), and
 * their sum is part of the score its parents last saw.  The view's score is
 * read in a subquery of its own (OFFSET 0): flattened, each use of c.score
 * (the score and its grade) was a copy of the view's subplans, so every
 * objective's inputs were read and summed twice (a bulk load of key results
 * recomputes each of their objectives).
 */
static OkrQuery objective_score = {
	"WITH folded AS (DELETE FROM okr.pending_score p"
	"                 WHERE p.tenant = $1 AND p.objective_id = $2 RETURNING p.delta)"
	" SELECT c.score, okr.grade(c.score, $1),"
	"        (SELECT pg_catalog.sum(f.delta) FROM folded f),"
	"        (SELECT pg_catalog.count(*) FROM folded f)"
	" FROM (SELECT c.score FROM okr.objective_computed c"
	"        WHERE c.tenant = $1 AND c.id = $2 OFFSET 0) c",
	2, {TEXTOID, INT8OID}, NULL
};

static void
seed(Flush *f, int64 objective_id, double pending)
{
	bool		found;
	Seed	   *s = hash_search(f->seeds, &objective_id, HASH_ENTER, &found);

	if (!found)
		s->pending = 0;
	s->pending += pending;
}

static bool
same(bool anull, double a, bool bnull, double b)
{
	return anull == bnull && (anull || a == b);
}

/*
 * Whether this transaction wrote the version of the key result in f->kr.row
 * (inserted or updated it).  No other transaction can then have read that
 * version, and any older one is locked by the write that replaced it, so
 * rewriting an unchanged row guards against nothing: a bulk load of key
 * results has every new one written once more by its flush for nothing
 * (an update of each of its indexes, as COPY just filled the pages).
 */
static bool
written_here(OkrStore *s)
{
	HeapTuple	tup = ExecFetchSlotHeapTuple(s->row, false, NULL);

	/* not the raw xmin: a frozen row's may equal a current xid mod 2^32 */
	return TransactionIdIsCurrentTransactionId(HeapTupleHeaderGetXmin(tup->t_data));
}

/*
 * Write a key result's new value and score; its objective gets w·Δ.  A key
 * result without a target has no score (model): it gains or loses one only
 * by a key-result edit, which recomputes its objective in full.
 *
 * locked: the row is locked (an output-fed key result, or a flush after an
 * earlier one in this transaction).  Otherwise the row was only found and
 * the write is its lock (okr_store_replace): OKR_MOVED means recompute from
 * the newer version.  A check-in-fed key result is written even when
 * nothing changed, so that a concurrent flush that read the older version
 * sees a newer one: a lock alone would not stop it writing a value computed
 * before this transaction's check-in committed (unless this transaction
 * wrote that row: written_here).
 */
static OkrLock
key_result_changed(Flush *f, int64 id, bool locked, bool always, bool vnull,
				   Datum value, bool snull, double score)
{
	bool		isnull;
	bool		oldvnull,
				oldsnull;
	Datum		oldvalue = okr_store_get(&f->kr, f->kr_value, &oldvnull);
	Datum		oldsd = okr_store_get(&f->kr, f->kr_score, &oldsnull);
	double		oldscore = oldsnull ? 0 : DatumGetFloat8(oldsd);
	double		weight = DatumGetFloat8(okr_store_get(&f->kr, f->kr_weight, &isnull));
	int64		objective = DatumGetInt64(okr_store_get(&f->kr, f->kr_objective, &isnull));
	AttrNumber	atts[2] = {f->kr_value, f->kr_score};
	Datum		values[2] = {value, Float8GetDatum(score)};
	bool		nulls[2] = {vnull, snull};
	bool		unchanged;

	unchanged = same(oldvnull, oldvnull ? 0 : DatumGetFloat8(oldvalue), vnull,
					 vnull ? 0 : DatumGetFloat8(value)) &&
		same(oldsnull, oldscore, snull, score);
	if (unchanged && (!always || written_here(&f->kr)))
		return OKR_LOCKED;
	if (locked)
		okr_store_update(&f->kr, 2, atts, values, nulls);
	else
	{
		OkrLock		r = okr_store_replace(&f->kr, 2, atts, values, nulls, true);

		if (r != OKR_LOCKED)
			return r;
	}
	if (unchanged)
		return OKR_LOCKED;
	f->changed++;
	okr_notify_record(f->tenant_no, false, id, oldsnull, oldscore, snull, score);
	/* a rebuild recomputes every objective after the key results */
	if (!rebuilding_key_results)
		seed(f, objective, oldsnull || snull ? 0 : weight * (score - oldscore));
	return OKR_LOCKED;
}

/* Whether check-ins feed the key result in f->kr.row (else outputs). */
static bool
fed_by_check_ins(Flush *f)
{
	bool		isnull;
	Datum		source = okr_store_get(&f->kr, f->kr_source, &isnull);

	return strcmp(TextDatumGetCString(source), "check_ins") == 0;
}

/*
 * Recompute the check-in-fed key result in f->kr.row without SQL, as
 * okr.key_result_computed defines it: the latest check-in by (at, id) is
 * its value (one index probe); the score is okr.score(target, value, cap),
 * 0 without a value, NULL without a target.
 */
static OkrLock
key_result_from_check_ins(Flush *f, int64 id, bool locked)
{
	bool		isnull,
				tnull;
	Datum		target = okr_store_get(&f->kr, f->kr_target, &tnull);
	Datum		cap = okr_store_get(&f->kr, f->kr_cap, &isnull);
	Datum		value = (Datum) 0;
	bool		vnull;
	double		score = 0;

	vnull = !okr_store_first(&f->check_in, f->tenant, id, f->check_in_value, &value);
	if (!tnull && !vnull)
		score = DatumGetFloat8(DirectFunctionCall3(okr_score, target, value, cap));
	return key_result_changed(f, id, locked, true, vnull, value, tnull, score);
}

/*
 * Bring a check-in-fed key result up to date by updating its latest
 * version directly (the update is its row lock), recomputing after every
 * newer version another transaction committed meanwhile.  False: outputs
 * feed it, and it is still to be done.
 */
static bool
key_result_direct(Flush *f, int64 id)
{
	for (;;)
	{
		if (!okr_store_find(&f->kr, f->tenant, true, id))
			return true;		/* deleted */
		if (!fed_by_check_ins(f))
			return false;
		if (key_result_from_check_ins(f, id, false) != OKR_MOVED)
			return true;
		CHECK_FOR_INTERRUPTS();
	}
}

/*
 * Bring a chunk of key results (in id order) up to date: check-in-fed ones
 * one by one, the others locked, then recomputed by one query.  After an
 * earlier flush of this transaction rows are locked first (s->nowait: its
 * own row locks, say the foreign key's on the key result, would make a
 * non-waiting update fail).
 */
static void
key_result_chunk(Flush *f, int64 *ids, int n)
{
	ItemPointerData *tids = palloc(sizeof(ItemPointerData) * n);
	Datum	   *locked = palloc(sizeof(Datum) * n);
	int			nlocked = 0;
	Datum		args[2];
	SPITupleTable *tt;
	uint64		nrows;
	uint64		r;
	int			i;

	for (i = 0; i < n; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (!f->kr.nowait && key_result_direct(f, ids[i]))
			continue;
		if (!okr_store_lock(&f->kr, f->tenant, true, ids[i]))
			continue;
		if (fed_by_check_ins(f))
			(void) key_result_from_check_ins(f, ids[i], true);
		else
		{
			tids[nlocked] = f->kr.row->tts_tid;
			locked[nlocked++] = Int64GetDatum(ids[i]);
		}
	}
	if (nlocked == 0)
		return;
	args[0] = PointerGetDatum(f->tenant);
	args[1] = PointerGetDatum(construct_array(locked, nlocked, INT8OID, 8,
											  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	okr_run(&key_result_values, args, SPI_OK_SELECT, 0);
	tt = SPI_tuptable;			/* notify.c may run queries of its own */
	nrows = SPI_processed;
	for (r = 0; r < nrows; r++)
	{
		HeapTuple	tup = tt->vals[r];
		TupleDesc	desc = tt->tupdesc;
		bool		isnull,
					vnull,
					snull;
		int64		i1 = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull)) - 1;
		Datum		value = SPI_getbinval(tup, desc, 2, &vnull);
		Datum		sd = SPI_getbinval(tup, desc, 3, &snull);

		okr_store_fetch(&f->kr, &tids[i1]);
		(void) key_result_changed(f, DatumGetInt64(locked[i1]), true, false, vnull, value,
								  snull, snull ? 0 : DatumGetFloat8(sd));
	}
	SPI_freetuptable(tt);
	pfree(tids);
	pfree(locked);
}

/* Per-flush state of a node, reset the first time this flush sees it. */
static void
touch(OkrNode *n)
{
	if (n->epoch == flush_epoch)
		return;
	n->epoch = flush_epoch;
	n->pending = 0;
	n->queued = n->full = n->closing = n->force_parents = false;
}

static void
enqueue(Flush *f, OkrNode *n)
{
	touch(n);
	if (n->queued)
		return;
	(void) okr_structure_depth(f->st, n);
	n->queued = true;
	binaryheap_add(f->queue, PointerGetDatum(n));
}

/* Deepest first, then by id: a topological order, the same in every backend. */
static int
node_cmp(Datum a, Datum b, void *arg)
{
	OkrNode    *x = (OkrNode *) DatumGetPointer(a);
	OkrNode    *y = (OkrNode *) DatumGetPointer(b);

	if (x->depth != y->depth)
		return x->depth > y->depth ? 1 : -1;
	return (x->id < y->id) - (x->id > y->id);
}

/* Tell n's parents that n changed (from old to new), or must be recounted. */
static void
pass_up(Flush *f, OkrNode *n, bool oldnull, double old, bool newnull, double new,
		bool recount)
{
	int			i;

	if (n->draft && !recount)
		return;					/* drafts do not count toward their parents */
	for (i = 0; i < n->nparents; i++)
	{
		OkrNode    *p = okr_structure_node(f->st, n->parents[i]);

		if (p == NULL || p->rollup == 'k')
			continue;
		touch(p);
		if (recount || f->full || oldnull != newnull)
			p->full = true;
		else
			p->pending += n->weights[i] * (new - old);
		enqueue(f, p);
	}
}

/* One input of a weighted mean, as okr.weighted_score_accum adds it. */
static void
accumulate(double *sum, double *total, Datum score, bool snull, Datum weight, bool wnull)
{
	if (snull || wnull)
		return;					/* the aggregate is strict */
	okr_weighted_input_check(DatumGetFloat8(score), DatumGetFloat8(weight));
	if (DatumGetFloat8(weight) == 0.0)
		return;
	*sum += DatumGetFloat8(weight) * DatumGetFloat8(score);
	*total += DatumGetFloat8(weight);
	if (unlikely(isinf(*sum) || isinf(*total)))
		float_overflow_error();
}

/* A child's score as okr.objective_current has it; NULL for a draft. */
static Datum
child_score(Flush *f, int64 id, bool *isnull)
{
	OkrPendingRows rows = {0};
	Datum		d;
	double		pending;

	*isnull = true;
	if (!okr_store_find(&f->child, f->tenant, true, id))
		return (Datum) 0;
	if (okr_store_text_is(&f->child, f->obj_state, "draft"))
		return (Datum) 0;
	d = okr_store_get(&f->child, f->obj_score, isnull);
	if (*isnull)
		return (Datum) 0;
	pending = okr_pending_read(&f->pending, f->tenant, id, &rows);
	if (rows.tids)
		pfree(rows.tids);
	return Float8GetDatum(DatumGetFloat8(d) + pending);
}

/*
 * okr.objective_computed's score of the objective n, not closed, in C: the
 * weighted mean of its key results' scores and its children's current
 * scores, per its rollup.  Only in a structure edit's flush that still holds
 * the exclusive tenant lock (f->exclusive; a savepoint rolled back may have
 * released it): the lock keeps every input still, so index probes on the
 * latest snapshot read what the view would (a bulk load of key results
 * recomputes every objective it touched, and one query each was 30% of it).
 * Without it the query computes and folds under one snapshot.
 */
static double
computed_score(Flush *f, OkrNode *n, bool *isnull)
{
	double		sum = 0,
				total = 0;
	IndexScanDesc scan;
	bool		snull,
				wnull;
	Datum		score,
				weight;

	if (n->rollup != 'c')
	{
		scan = okr_store_scan(&f->kr_of, f->tenant, true, n->id);
		while (index_getnext_slot(scan, ForwardScanDirection, f->kr_of.row))
		{
			score = slot_getattr(f->kr_of.row, f->kr_score, &snull);
			weight = slot_getattr(f->kr_of.row, f->kr_weight, &wnull);
			accumulate(&sum, &total, score, snull, weight, wnull);
		}
		okr_store_endscan(scan);
	}
	if (n->rollup != 'k')
	{
		scan = okr_store_scan(&f->edges, f->tenant, true, n->id);
		while (index_getnext_slot(scan, ForwardScanDirection, f->edges.row))
		{
			int64		child = DatumGetInt64(slot_getattr(f->edges.row, f->edge_child, &wnull));

			weight = slot_getattr(f->edges.row, f->edge_weight, &wnull);
			score = child_score(f, child, &snull);
			accumulate(&sum, &total, score, snull, weight, wnull);
		}
		okr_store_endscan(scan);
	}
	*isnull = total == 0.0;
	return *isnull ? 0 : sum / total;
}

/*
 * Recompute n from its inputs: score and the grade it would close with; the
 * pending changes folded meanwhile (their sum, and how many).  In C when
 * it is a structure edit's and no grade is wanted (closing, or a closed
 * row's final score, take the query).
 */
static double
recompute(Flush *f, OkrNode *n, bool *isnull, Datum *grade, bool *grade_null,
		  double *folded, int64 *nfolded)
{
	Datum		args[2] = {PointerGetDatum(f->tenant), Int64GetDatum(n->id)};
	double		score = 0;

	if (f->exclusive && !n->closing && !row_closed(f))
	{
		int			ntaken;

		score = computed_score(f, n, isnull);
		*grade_null = true;
		*folded = okr_pending_take(&f->pending, f->tenant, n->id, &ntaken);
		*nfolded = ntaken;
		return score;
	}
	okr_refuse_foreign_triggers("pending_score");
	okr_run(&objective_score, args, SPI_OK_SELECT, 0);
	*isnull = *grade_null = true;
	*folded = 0;
	*nfolded = 0;
	if (SPI_processed == 1)
	{
		Datum		d = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, isnull);
		bool		fnull;
		Datum		fd = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3, &fnull);

		if (!fnull)
			*folded = DatumGetFloat8(fd);
		*nfolded = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0],
											   SPI_tuptable->tupdesc, 4, &fnull));
		score = *isnull ? 0 : DatumGetFloat8(d);
		*grade = SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2, grade_null);
		if (!*grade_null)
			*grade = PointerGetDatum(DatumGetTextPCopy(*grade));
	}
	SPI_freetuptable(SPI_tuptable);
	return score;
}

/* Announce an objective's change and pass it on to its parents. */
static void
objective_changed(Flush *f, OkrNode *n, bool oldnull, double old, bool newnull,
				  double new)
{
	if (same(oldnull, old, newnull, new))
		return;
	okr_notify_record(f->tenant_no, true, n->id, oldnull, old, newnull, new);
	pass_up(f, n, oldnull, old, newnull, new, false);
}

/* Write a locked objective's new score (and grade when closing), pass it on. */
static void
objective_moved(Flush *f, OkrNode *n, bool oldnull, double old, bool newnull,
				double new, Datum grade, bool grade_null, bool write)
{
	AttrNumber	atts[2] = {f->obj_score, f->obj_grade};
	Datum		values[2] = {Float8GetDatum(new), grade};
	bool		nulls[2] = {newnull, grade_null};

	if (write || !same(oldnull, old, newnull, new) || n->closing)
	{
		okr_store_update(&f->obj, n->closing ? 2 : 1, atts, values, nulls);
		f->changed++;
	}
	objective_changed(f, n, oldnull, old, newnull, new);
}

/*
 * Whether the locked objective row is closed.  A closing mark can outlive
 * the closing (one an inner savepoint made dirty again, after its own
 * rollback, is kept: marks are only ever extra work, except this one), so
 * the row, not the mark, says whether to freeze.
 */
static bool
row_closed(Flush *f)
{
	return okr_store_text_is(&f->obj, f->obj_state, "closed");
}

/* The waiting path: lock the row, recompute it or move it by its change. */
static void
objective_locked_step(Flush *f, OkrNode *n)
{
	bool		oldnull,
				newnull = false,
				grade_null = true;
	double		old,
				new;
	Datum		grade = (Datum) 0;
	Datum		d;
	int			ntaken = 0;

	if (!okr_store_lock(&f->obj, f->tenant, true, n->id))
		return;
	if (n->closing && !row_closed(f))
		n->closing = false;		/* closed by a rolled-back subtransaction */
	d = okr_store_get(&f->obj, f->obj_score, &oldnull);
	old = oldnull ? 0 : DatumGetFloat8(d);
	if (n->full || n->closing || oldnull || n->weight_total <= 0)
	{
		double		folded;
		int64		nfolded;

		new = recompute(f, n, &newnull, &grade, &grade_null, &folded, &nfolded);
		if (!oldnull)
			old += folded;		/* what its parents saw: stored + pending */
		ntaken = nfolded > 0;	/* deleted rows: a new version (rollup.h) */
	}
	else
	{
		old += okr_pending_take(&f->pending, f->tenant, n->id, &ntaken);
		new = Max(0.0, old + n->pending / n->weight_total); /* no -1e-16 from rounding */
	}
	objective_moved(f, n, oldnull, old, newnull, new, grade, grade_null, ntaken > 0);
}

/*
 * Add delta to the scored objective in f->obj.row by updating that version
 * directly (the update is its row lock; it waits for nobody), folding the
 * committed pending changes in the same write.  OKR_BUSY: another
 * transaction holds the row; OKR_MOVED: a newer version committed meanwhile.
 */
static OkrLock
objective_add_direct(Flush *f, OkrNode *n, double delta)
{
	bool		isnull = false;
	double		old = DatumGetFloat8(okr_store_get(&f->obj, f->obj_score, &isnull));
	OkrPendingRows rows = {0};
	double		new;
	Datum		value;
	OkrLock		r;

	old += okr_pending_read(&f->pending, f->tenant, n->id, &rows);
	new = Max(0.0, old + delta);
	if (new == old && rows.n == 0)
		return OKR_LOCKED;		/* nothing to write (nor to pass on) */
	value = Float8GetDatum(new);
	r = okr_store_replace(&f->obj, 1, &f->obj_score, &value, &isnull, false);
	if (r == OKR_LOCKED)
	{
		okr_pending_drop(&f->pending, &rows);
		f->changed++;
		objective_changed(f, n, false, old, false, new);
	}
	if (rows.tids)
		pfree(rows.tids);
	return r;
}

/*
 * The path that waits for nobody: a linear change of a scored objective.
 * If no other transaction holds its row, write it with the committed
 * pending changes folded and this one added; if one does, append this
 * change to okr.pending_score instead (pending.h).  False: take the
 * waiting path.
 */
static bool
objective_delta_step(Flush *f, OkrNode *n)
{
	double		delta = n->pending / n->weight_total;
	bool		oldnull;
	double		old;
	int			ntaken;

	for (;;)
	{
		if (!okr_store_find(&f->obj, f->tenant, true, n->id))
			return true;		/* deleted */
		(void) okr_store_get(&f->obj, f->obj_score, &oldnull);
		if (oldnull)
			return false;		/* it gains its first score: not linear */
		if (f->obj.nowait)
			break;				/* locks of this transaction's earlier flush */
		switch (objective_add_direct(f, n, delta))
		{
			case OKR_LOCKED:
			case OKR_GONE:
				return true;
			case OKR_MOVED:
				CHECK_FOR_INTERRUPTS();
				continue;
			case OKR_BUSY:
				break;
		}
		break;
	}

	/*
	 * Held: by another transaction (then append), or only by lockers a
	 * tuple lock does not conflict with, this transaction's own among them.
	 */
	switch (okr_store_try_lock(&f->obj))
	{
		case OKR_GONE:
		case OKR_MOVED:
			return true;
		case OKR_BUSY:
			okr_pending_add(&f->pending, f->tenant, n->id, delta);
			f->changed++;
			okr_notify_record_delta(f->tenant_no, true, n->id, delta);
			pass_up(f, n, false, 0, false, delta, false);
			return true;
		case OKR_LOCKED:
			break;
	}
	old = DatumGetFloat8(okr_store_get(&f->obj, f->obj_score, &oldnull));
	if (oldnull)
		return false;
	old += okr_pending_take(&f->pending, f->tenant, n->id, &ntaken);
	objective_moved(f, n, false, old, false, Max(0.0, old + delta), (Datum) 0, true,
					ntaken > 0);
	return true;
}

static void
objective_step(Flush *f, OkrNode *n)
{
	if (n->closed && !n->closing)
		return;					/* frozen: propagation stops here */
	if (n->full || n->closing || n->pending != 0)
	{
		bool		linear = !n->full && !n->closing && n->weight_total > 0;

		if (!linear || !objective_delta_step(f, n))
			objective_locked_step(f, n);
	}
	if (n->force_parents)
		pass_up(f, n, true, 0, true, 0, true);
}

static void
open_stores(Flush *f)
{
	okr_store_open(&f->kr, "key_result");
	okr_store_open(&f->obj, "objective");
	okr_pending_open(&f->pending);
	f->kr.nowait = f->obj.nowait = flushed_before;
	f->kr_value = okr_store_att(&f->kr, "value");
	f->kr_score = okr_store_att(&f->kr, "score");
	f->kr_weight = okr_store_att(&f->kr, "weight");
	f->kr_objective = okr_store_att(&f->kr, "objective_id");
	f->kr_source = okr_store_att(&f->kr, "source");
	f->kr_target = okr_store_att(&f->kr, "target");
	f->kr_cap = okr_store_att(&f->kr, "cap");
	okr_store_open_by(&f->check_in, "check_in", "check_in_latest");
	f->check_in_value = okr_store_att(&f->check_in, "value");
	f->obj_score = okr_store_att(&f->obj, "score");
	f->obj_grade = okr_store_att(&f->obj, "final_grade");
	f->obj_state = okr_store_att(&f->obj, "state");
	if (f->full)
	{
		okr_store_open_read_by(&f->kr_of, "key_result", "key_result_objective");
		okr_store_open_read_by(&f->edges, "alignment", "alignment_parent");
		okr_store_open_read(&f->child, "objective");
		f->edge_child = okr_store_att(&f->edges, "child_id");
		f->edge_weight = okr_store_att(&f->edges, "weight");
	}
}

/* The dirty rows of one tenant, sorted by id. */
typedef struct TenantBatch
{
	int32		tenant_no;
	int			nkr;
	int			nobj;
	int			size_kr;
	int			size_obj;
	int64	   *krs;
	RowKey	   *objs;
} TenantBatch;

/* Objectives to start from: those of changed key results, and dirty ones. */
static void
seed_objectives(Flush *f, TenantBatch *b)
{
	int64	   *ids = palloc(sizeof(int64) * (b->nobj + hash_get_num_entries(f->seeds) + 1));
	int			n = 0;
	HASH_SEQ_STATUS seq;
	Seed	   *s;
	int			i;

	hash_seq_init(&seq, f->seeds);
	while ((s = hash_seq_search(&seq)) != NULL)
		ids[n++] = s->id;
	for (i = 0; i < b->nobj; i++)
		ids[n++] = b->objs[i].id;
	okr_structure_load(f->st, f->tenant, ids, n);
	f->queue = binaryheap_allocate(Max(1, (int) hash_get_num_entries(f->st->nodes)),
								   node_cmp, NULL);
	hash_seq_init(&seq, f->seeds);
	while ((s = hash_seq_search(&seq)) != NULL)
	{
		OkrNode    *node = okr_structure_node(f->st, s->id);

		if (node == NULL || node->rollup == 'c')
			continue;			/* gone, or its key results do not count */
		touch(node);
		if (f->full)
			node->full = true;
		node->pending += s->pending;
		enqueue(f, node);
	}
	for (i = 0; i < b->nobj; i++)
	{
		OkrNode    *node = okr_structure_node(f->st, b->objs[i].id);

		if (node == NULL)
			continue;
		touch(node);
		node->full |= b->objs[i].kind != DIRTY_PARENTS;
		node->closing |= b->objs[i].kind == DIRTY_CLOSING;
		node->force_parents |= b->objs[i].kind == DIRTY_PARENTS;
		enqueue(f, node);
	}
}

/*
 * A structure edit folds every pending change of the tenant it can lock at
 * once (all of them under the exclusive tenant lock) and drops those of
 * objectives that are gone, so pending rows never outlive their objective.
 */
static void
fold_all(Flush *f)
{
	int			n;
	int64	   *ids = okr_pending_objectives(&f->pending, f->tenant, &n);
	int			i;

	for (i = 0; i < n; i++)
	{
		int			ntaken;
		double		sum;
		bool		isnull;
		Datum		d;

		if (!okr_store_find(&f->obj, f->tenant, true, ids[i]))
		{
			(void) okr_pending_take(&f->pending, f->tenant, ids[i], &ntaken);
			continue;
		}
		if (okr_store_try_lock(&f->obj) != OKR_LOCKED)
			continue;			/* its holder folds it */
		sum = okr_pending_take(&f->pending, f->tenant, ids[i], &ntaken);
		d = okr_store_get(&f->obj, f->obj_score, &isnull);
		if (ntaken > 0 && !isnull)
		{
			Datum		value = Float8GetDatum(Max(0.0, DatumGetFloat8(d) + sum));

			okr_store_update(&f->obj, 1, &f->obj_score, &value, &isnull);
			f->changed++;
		}
	}
	pfree(ids);
}

static void
flush_tenant(TenantBatch *b, uint64 *changed)
{
	Flush		f;
	HASHCTL		ctl;
	int			i;

	memset(&f, 0, sizeof(f));
	f.tenant_no = b->tenant_no;
	f.tenant = okr_tenant_text(b->tenant_no);
	f.full = okr_tenant_structure(b->tenant_no);
	f.exclusive = f.full && okr_tenant_locked_for_structure(f.tenant);
	flush_epoch++;
	open_stores(&f);
	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(Seed);
	ctl.hcxt = CurrentMemoryContext;
	f.seeds = hash_create("okr seeds", 64, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	if (f.full)
		fold_all(&f);
	for (i = 0; i < b->nkr; i += CHUNK)
		key_result_chunk(&f, b->krs + i, Min(CHUNK, b->nkr - i));

	f.st = okr_structure_open(f.tenant, f.full);
	seed_objectives(&f, b);
	while (!binaryheap_empty(f.queue))
	{
		CHECK_FOR_INTERRUPTS();
		objective_step(&f, (OkrNode *) DatumGetPointer(binaryheap_remove_first(f.queue)));
	}
	okr_structure_close(f.st);
	if (f.full)
		okr_structure_bump(f.tenant);
	okr_store_close(&f.kr);
	okr_store_close(&f.obj);
	okr_store_close(&f.pending);
	okr_store_close(&f.check_in);
	okr_store_close(&f.kr_of);
	okr_store_close(&f.edges);
	okr_store_close(&f.child);
	*changed += f.changed;
}

/* ---------- the flush ---------- */

static int
int64_cmp(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

static int
batch_cmp(const void *a, const void *b)
{
	return okr_tenant_cmp(((const TenantBatch *) a)->tenant_no,
						  ((const TenantBatch *) b)->tenant_no);
}

static void
batch_add(TenantBatch *b, RowKey *key)
{
	if (key->kind == DIRTY_KEY_RESULT)
	{
		if (b->nkr == b->size_kr)
		{
			b->size_kr = Max(16, b->size_kr * 2);
			b->krs = b->krs ? repalloc_huge(b->krs, sizeof(int64) * b->size_kr)
				: palloc(sizeof(int64) * b->size_kr);
		}
		b->krs[b->nkr++] = key->id;
		return;
	}
	if (b->nobj == b->size_obj)
	{
		b->size_obj = Max(16, b->size_obj * 2);
		b->objs = b->objs ? repalloc_huge(b->objs, sizeof(RowKey) * b->size_obj)
			: palloc(sizeof(RowKey) * b->size_obj);
	}
	b->objs[b->nobj++] = *key;
}

/* The dirty rows by tenant, tenants in lock order. */
static TenantBatch *
dirty_batches(int *nbatches)
{
	int			n = okr_tenant_count();
	TenantBatch *batches = palloc0(sizeof(TenantBatch) * Max(n, 1));
	HASH_SEQ_STATUS seq;
	RowKey	   *key;
	int			i;

	for (i = 0; i < n; i++)
		batches[i].tenant_no = i;
	hash_seq_init(&seq, dirty);
	while ((key = hash_seq_search(&seq)) != NULL)
		batch_add(&batches[key->tenant_no], key);
	for (i = 0; i < n; i++)
		if (batches[i].nkr > 1)
			qsort(batches[i].krs, batches[i].nkr, sizeof(int64), int64_cmp);
	qsort(batches, n, sizeof(TenantBatch), batch_cmp);
	*nbatches = n;
	return batches;
}

/*
 * The dirty rows are done: forget them, but only once the flush succeeded
 * (one that fails in a savepoint is redone), and remember those flushed in
 * a subtransaction until it ends.
 */
static void
forget_flushed_rows(void)
{
	int			level = GetCurrentTransactionNestLevel();
	HASH_SEQ_STATUS seq;
	DirtyRow   *d;

	if (level > 1)
	{
		if (flushed == NULL)
			flushed = transaction_hash("okr flushed rows", sizeof(FlushedRow));
		hash_seq_init(&seq, dirty);
		while ((d = hash_seq_search(&seq)) != NULL)
		{
			bool		found;
			FlushedRow *row = hash_search(flushed, &d->key, HASH_ENTER, &found);

			if (!found || d->first < row->first)
				row->first = d->first;
			row->level = level;
		}
	}
	hash_destroy(dirty);
	dirty = NULL;
	nsubxact_marks = 0;
}

static void
flush_body(void *arg)
{
	uint64	   *changed = (uint64 *) arg;
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "okr flush",
											  ALLOCSET_DEFAULT_SIZES);
	MemoryContext old = MemoryContextSwitchTo(cxt);
	MemoryContext tenant_cxt;
	int			nbatches;
	TenantBatch *batches = dirty_batches(&nbatches);
	int			i;

	for (i = 0; i < nbatches; i++)
		if (batches[i].nkr + batches[i].nobj > 0)
			okr_lock_tenant(okr_tenant_text(batches[i].tenant_no), false, true);
	okr_spi_connect();
	/* what one tenant's flush allocates goes with it: any number of tenants */
	tenant_cxt = AllocSetContextCreate(cxt, "okr flush tenant", ALLOCSET_DEFAULT_SIZES);
	for (i = 0; i < nbatches; i++)
		if (batches[i].nkr + batches[i].nobj > 0)
		{
			MemoryContext spi_cxt = MemoryContextSwitchTo(tenant_cxt);

			flush_tenant(&batches[i], changed);
			MemoryContextSwitchTo(spi_cxt);
			MemoryContextReset(tenant_cxt);
		}
	SPI_finish();
	MemoryContextSwitchTo(old);
	MemoryContextDelete(cxt);
	forget_flushed_rows();
	flushed_before = true;
}

/* Run the flush now; returns how many maintained rows changed. */
static uint64
flush(void)
{
	uint64		changed = 0;

	if (dirty == NULL || hash_get_num_entries(dirty) == 0 || okr_in_flush)
		return 0;

	okr_in_flush = true;
	PG_TRY();
	{
		okr_as_owner(flush_body, &changed);
	}
	PG_FINALLY();
	{
		okr_in_flush = false;
	}
	PG_END_TRY();
	return changed;
}

/* ---------- SQL-callable ---------- */

/*
 * okr.rollup_queue() — WHEN condition of the deferred rollup triggers: true
 * for the first changed row of a transaction, so exactly one flush event is
 * queued however many rows change.
 */
PG_FUNCTION_INFO_V1(okr_rollup_queue);
Datum
okr_rollup_queue(PG_FUNCTION_ARGS)
{
	if (okr_in_flush || rollup_queued)
		PG_RETURN_BOOL(false);
	rollup_queued = true;
	rollup_queued_level = GetCurrentTransactionNestLevel();
	PG_RETURN_BOOL(true);
}

/* okr.rollup_at_commit() — the deferred constraint trigger: flush. */
PG_FUNCTION_INFO_V1(okr_rollup_at_commit);
Datum
okr_rollup_at_commit(PG_FUNCTION_ARGS)
{
	(void) okr_trigger_data(fcinfo, "okr.rollup_at_commit()");
	rollup_queued = false;
	(void) flush();
	return PointerGetDatum(NULL);
}

/*
 * Flush now unless a flush event is queued: in IMMEDIATE mode, or after an
 * explicit flush, the event of a statement's rows fires before that
 * statement's triggers have recorded what changed.  The statement's own
 * rows (a deleted check-in) must be what the flush's latest snapshot sees.
 */
void
okr_flush_unless_queued(void)
{
	if (!rollup_queued && dirty != NULL)
	{
		CommandCounterIncrement();
		(void) flush();
	}
}

/* okr.flush() — bring every maintained value up to date now. */
PG_FUNCTION_INFO_V1(okr_flush);
Datum
okr_flush(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64((int64) flush());
}

/* Mark dirty the rows SPI listed as (tenant, id, 0 key result / 1 objective). */
static void
mark_listed(bool structure)
{
	uint64		i;

	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		text	   *tenant = DatumGetTextPP(SPI_getbinval(tup, desc, 1, &isnull));

		okr_mark(DatumGetInt32(SPI_getbinval(tup, desc, 3, &isnull)) == 0 ?
				 DIRTY_KEY_RESULT : DIRTY_OBJECTIVE,
				 tenant, DatumGetInt64(SPI_getbinval(tup, desc, 2, &isnull)));
		if (structure)
			okr_tenant_set_structure(okr_tenant_number(tenant));
	}
}

/*
 * Mark every row dirty, as a structure edit of every tenant: a full
 * recompute, and every backend's structure cache is dropped.
 */
static void
mark_everything(void *arg)
{
	okr_spi_connect();
	if (SPI_execute("SELECT tenant, id, 0 FROM okr.key_result"
					" UNION ALL SELECT tenant, id, 1 FROM okr.objective",
					true, 0) != SPI_OK_SELECT)
		elog(ERROR, "okr: could not list rows to rebuild");
	mark_listed(true);
	SPI_finish();
}

/* TRUNCATE okr.objective: every pending change lost its objective. */
static void
drop_pending(void *arg)
{
	okr_refuse_foreign_triggers("pending_score");
	okr_spi_connect();
	if (SPI_execute("DELETE FROM okr.pending_score", false, 0) != SPI_OK_DELETE)
		elog(ERROR, "okr: could not empty okr.pending_score");
	SPI_finish();
}

/*
 * okr.after_truncate() — TRUNCATE fires no row triggers: recompute all now.
 * A bound role may not: TRUNCATE would empty every tenant's rows.
 * A full recompute bumps every tenant's structure version, so it waits for
 * every check-in, as structure edits do (structure.c): a check-in that
 * verified its cache before the TRUNCATE committed must not flush through
 * it after.
 */
PG_FUNCTION_INFO_V1(okr_after_truncate);
Datum
okr_after_truncate(PG_FUNCTION_ARGS)
{
	TriggerData *td = okr_trigger_data(fcinfo, "okr.after_truncate()");

	if (okr_bound_tenant() != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("a role bound to a tenant cannot truncate okr's tables"),
				 errdetail("TRUNCATE empties a table for every tenant: row-level security does not apply to it."),
				 errhint("Delete the tenant's rows with DELETE.")));
	okr_lock_all_tenants();
	if (strcmp(RelationGetRelationName(td->tg_relation), "objective") == 0)
		okr_as_owner(drop_pending, NULL);
	okr_as_owner(mark_everything, NULL);
	(void) flush();
	return PointerGetDatum(NULL);
}

/* okr.rebuild_structure() (sql/install/55-structure.sql), adding its count to *arg */
static void
rebuild_structure(void *arg)
{
	bool		isnull;

	okr_spi_connect();
	if (SPI_execute("SELECT okr.rebuild_structure()", false, 1) != SPI_OK_SELECT)
		elog(ERROR, "okr: okr.rebuild_structure() failed");
	*(int64 *) arg += DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0],
												  SPI_tuptable->tupdesc, 1, &isnull));
	SPI_finish();
}

/*
 * okr.rebuild() — recompute every maintained value from scratch, in one
 * transaction: a maintenance-window operation (it locks every row it
 * changes until it commits; see the README).  The maintained structure
 * (paths and shapes) too, so that one call repairs everything a restore
 * with okr's triggers disabled left out.
 */
PG_FUNCTION_INFO_V1(okr_rebuild);
Datum
okr_rebuild(PG_FUNCTION_ARGS)
{
	int64		n;

	okr_lock_all_tenants();
	okr_as_owner(mark_everything, NULL);
	n = (int64) flush();
	okr_as_owner(rebuild_structure, &n);
	PG_RETURN_INT64(n);
}

/*
 * okr.rebuild_in_batches(batch_size) — the same recompute, batch_size rows
 * per transaction: key results, then objectives, each by (tenant, id).  A
 * recomputed row is exact, and the delta propagation of later batches and
 * of concurrent check-ins keeps it exact, so the order of batches does not
 * matter; each batch locks its rows (and what they reach above) only until
 * it commits.
 */
typedef struct Batch
{
	int			kind;			/* 0 key results, 1 objectives, 2 done */
	int32		size;
	text	   *tenant;			/* last row done: (tenant, id); NULL: none yet */
	int64		id;
	uint64		changed;
} Batch;

static OkrQuery next_key_results = {
	"SELECT k.tenant, k.id, 0 FROM okr.key_result k"
	" WHERE (k.tenant, k.id) > ($1, $2)"
	" ORDER BY k.tenant, k.id LIMIT $3",
	3, {TEXTOID, INT8OID, INT4OID}, NULL
};

static OkrQuery next_objectives = {
	"SELECT o.tenant, o.id, 1 FROM okr.objective o"
	" WHERE (o.tenant, o.id) > ($1, $2)"
	" ORDER BY o.tenant, o.id LIMIT $3",
	3, {TEXTOID, INT8OID, INT4OID}, NULL
};

/* Mark the next batch_size rows dirty and flush them; advance the batch. */
static void
rebuild_batch(void *arg)
{
	Batch	   *b = (Batch *) arg;
	bool		key_results = b->kind == 0;
	Datum		args[3] = {PointerGetDatum(b->tenant ? b->tenant : cstring_to_text("")),
	Int64GetDatum(b->tenant ? b->id : PG_INT64_MIN), Int32GetDatum(b->size)};

	okr_spi_connect();
	if (okr_execute(key_results ? &next_key_results : &next_objectives, args, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "okr: could not list rows to rebuild");
	mark_listed(false);
	if (SPI_processed > 0)
	{
		HeapTuple	last = SPI_tuptable->vals[SPI_processed - 1];
		bool		isnull;
		text	   *tenant = DatumGetTextPP(SPI_getbinval(last, SPI_tuptable->tupdesc, 1, &isnull));

		b->tenant = (text *) SPI_palloc(VARSIZE_ANY(tenant));
		memcpy(b->tenant, tenant, VARSIZE_ANY(tenant));
		b->id = DatumGetInt64(SPI_getbinval(last, SPI_tuptable->tupdesc, 2, &isnull));
	}
	if (SPI_processed < (uint64) b->size)
	{
		b->kind++;				/* the next kind starts from the beginning */
		b->tenant = NULL;
	}
	SPI_finish();
	rebuilding_key_results = key_results;	/* an error ends the transaction: reset there */
	b->changed += flush();
	rebuilding_key_results = false;
}

PG_FUNCTION_INFO_V1(okr_rebuild_in_batches);
Datum
okr_rebuild_in_batches(PG_FUNCTION_ARGS)
{
	Batch		b;
	int			batches = 0;

	memset(&b, 0, sizeof(b));
	b.size = PG_ARGISNULL(0) ? 0 : PG_GETARG_INT32(0);
	if (b.size < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("batch_size must be at least 1"),
				 errdetail("Each batch recomputes batch_size rows in a transaction of its own."),
				 errhint("Give the number of rows to recompute per transaction, e.g. CALL okr.rebuild_in_batches(1000).")));
	if (fcinfo->context == NULL || !IsA(fcinfo->context, CallContext) ||
		((CallContext *) fcinfo->context)->atomic)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TRANSACTION_TERMINATION),
				 errmsg("okr.rebuild_in_batches() commits after each batch"),
				 errdetail("It was called inside a transaction block or a function."),
				 errhint("CALL it on its own, outside BEGIN ... COMMIT; or use SELECT okr.rebuild() for one transaction.")));
	if (SPI_connect_ext(SPI_OPT_NONATOMIC) != SPI_OK_CONNECT)
		elog(ERROR, "okr: SPI_connect failed");
	while (b.kind < 2)
	{
		okr_as_owner(rebuild_batch, &b);
		SPI_commit();
		batches++;
	}
	SPI_finish();
	ereport(NOTICE,
			(errcode(ERRCODE_SUCCESSFUL_COMPLETION),
			 errmsg("okr.rebuild_in_batches: " UINT64_FORMAT " maintained values rewritten in %d transactions",
					b.changed, batches),
			 errdetail("An objective recomputed before one of its inputs was repaired is rewritten again by that input's batch.")));
	PG_RETURN_VOID();
}

/* ---------- transaction boundaries ---------- */

static void
rollup_xact_callback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_PRE_COMMIT:
		case XACT_EVENT_PRE_PREPARE:
			/* fail closed: a queued rollup must have run by now */
			if (rollup_queued && dirty != NULL && hash_get_num_entries(dirty) > 0)
				ereport(ERROR,
						(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
						 errmsg("okr's rollup did not run before commit"),
						 errdetail("okr.rollup_queue() was called outside the rollup_at_commit triggers."),
						 errhint("Do not call okr.rollup_queue() directly; the transaction is rolled back.")));
			if (event == XACT_EVENT_PRE_COMMIT)
				okr_notify_send();
			break;
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PREPARE:
		case XACT_EVENT_PARALLEL_COMMIT:
		case XACT_EVENT_PARALLEL_ABORT:
			forget_transaction();
			okr_notify_forget();
			break;
		default:
			break;
	}
}

static void
rollup_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
						SubTransactionId parentSubid, void *arg)
{
	int			level = GetCurrentTransactionNestLevel();
	bool		aborted = (event == SUBXACT_EVENT_ABORT_SUB);
	HASH_SEQ_STATUS seq;

	if (!aborted && event != SUBXACT_EVENT_COMMIT_SUB)
		return;

	/*
	 * What the subtransaction did passes to its parent, or is gone: the
	 * queued flush event, the rows it marked, the flushes it made, and their
	 * announcements.
	 */
	if (rollup_queued && rollup_queued_level >= level)
	{
		rollup_queued = !aborted;
		rollup_queued_level = level - 1;
	}
	if (aborted)
		forget_subxact_marks(mySubid);
	if (flushed != NULL)
	{
		FlushedRow *row;

		hash_seq_init(&seq, flushed);
		while ((row = hash_seq_search(&seq)) != NULL)
		{
			if (row->level < level)
				continue;
			/*
			 * the flush's updates are gone: dirty again, unless the changes
			 * it flushed were this subtransaction's own (gone too); after
			 * its own marks are forgotten, so that none of these is lost
			 */
			if (aborted && row->first < mySubid)
				mark_dirty(&row->key, row->first);
			if (aborted || level - 1 <= 1)
				(void) hash_search(flushed, &row->key, HASH_REMOVE, NULL);
			else
				row->level = level - 1;
		}
	}
	okr_notify_end_subxact(level, aborted);
}

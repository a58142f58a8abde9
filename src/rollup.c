/*
 * rollup.c — exact, deadlock-free maintenance of key-result values and
 * objective scores.
 *
 * Statement triggers (triggers.c) only record what changed: "key result 7 of
 * tenant acme is dirty".  A deferred constraint trigger, queued once per
 * transaction, runs the flush at commit, bottom-up:
 *
 *   1. lock the dirty key results, in (tenant, id) order, and recompute them
 *      from their check-ins or outputs;
 *   2. find the objectives above them (and above dirty objectives), each
 *      with its depth: the longest alignment path up to a root;
 *   3. deepest level first: lock that level's objectives whose inputs
 *      changed, in (tenant, id) order, recompute them, and pass the changes
 *      up to their parents.
 *
 * Every transaction locks in the same global order, key results, then
 * objectives by (depth descending, tenant, id), so flushes cannot deadlock;
 * and roots, the hottest rows, are locked last, just before commit.  Each
 * recompute is a statement of its own, taken after its lock was granted, so
 * under READ COMMITTED it sees every committed input: no update is lost.
 * Structure (and so depth) cannot change meanwhile: see the tenant lock in
 * rollup.h.  Changed scores are announced by notify.c.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "notify.h"
#include "rollup.h"

/* Lock class of okr's tenant locks, as shown in pg_locks.classid ("okr"). */
#define OKR_LOCK_CLASS 0x006F6B72

bool		okr_in_flush = false;

/* What this transaction changed; all of it lives in TopTransactionContext. */
typedef struct RowKey
{
	int32		tenant_no;		/* index into tenants */
	int32		kind;			/* DirtyKind */
	int64		id;
} RowKey;

/*
 * A dirty row flushed inside a subtransaction: if the subtransaction aborts,
 * so does the flush's work, and the row is dirty again.
 */
typedef struct FlushedRow
{
	RowKey		key;
	int			level;
} FlushedRow;

static List *tenants = NIL;		/* text *, distinct */
static HTAB *dirty = NULL;		/* set of RowKey */
static HTAB *flushed = NULL;	/* RowKey -> FlushedRow: flushed in a subxact */
static bool rollup_queued = false;
static int	rollup_queued_level = 0;

static void rollup_xact_callback(XactEvent event, void *arg);
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
	tenants = NIL;
	dirty = NULL;
	flushed = NULL;
	rollup_queued = false;
	rollup_queued_level = 0;
	okr_in_flush = false;
}

/* ---------- tenants and their locks ---------- */

int32
okr_tenant_number(text *tenant)
{
	ListCell   *lc;
	int32		n = 0;
	Size		len = VARSIZE_ANY_EXHDR(tenant);
	MemoryContext old;
	text	   *copy;

	foreach(lc, tenants)
	{
		text	   *t = (text *) lfirst(lc);

		if (VARSIZE_ANY_EXHDR(t) == len &&
			memcmp(VARDATA_ANY(t), VARDATA_ANY(tenant), len) == 0)
			return n;
		n++;
	}
	old = MemoryContextSwitchTo(TopTransactionContext);
	copy = (text *) palloc(VARHDRSZ + len);
	SET_VARSIZE(copy, VARHDRSZ + len);
	memcpy(VARDATA(copy), VARDATA_ANY(tenant), len);
	tenants = lappend(tenants, copy);
	MemoryContextSwitchTo(old);
	return n;
}

text *
okr_tenant_text(int32 tenant_no)
{
	return (text *) list_nth(tenants, tenant_no);
}

/*
 * Take the tenant lock.  Rows already touched must not wait for it (that
 * could deadlock with a transaction waiting for those rows): with wait =
 * false, a lock that is not free at once is an error to retry.
 */
void
okr_lock_tenant(text *tenant, bool structure, bool wait)
{
	LOCKTAG		tag;
	uint32		h = DatumGetUInt32(hash_any((const unsigned char *) VARDATA_ANY(tenant),
											VARSIZE_ANY_EXHDR(tenant)));

	SET_LOCKTAG_ADVISORY(tag, MyDatabaseId, OKR_LOCK_CLASS, h, 2);
	if (LockAcquire(&tag, structure ? ExclusiveLock : ShareLock, false, !wait) == LOCKACQUIRE_NOT_AVAIL)
		ereport(ERROR,
				(errcode(ERRCODE_LOCK_NOT_AVAILABLE),
				 errmsg("could not lock okr tenant \"%s\"", text_to_cstring(tenant)),
				 errdetail("The statement writes rows of a tenant other than okr.tenant, which another transaction is using."),
				 errhint("SET okr.tenant = '%s' before writing its rows (the lock is then taken before any row is touched), or retry.",
						 text_to_cstring(tenant))));
}

/* ---------- the dirty set ---------- */

static HTAB *
transaction_hash(const char *name, Size entrysize)
{
	HASHCTL		ctl;

	ctl.keysize = sizeof(RowKey);
	ctl.entrysize = entrysize;
	ctl.hcxt = TopTransactionContext;
	return hash_create(name, 64, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

void
okr_mark(DirtyKind kind, text *tenant, int64 id)
{
	RowKey		key;

	if (dirty == NULL)
		dirty = transaction_hash("okr dirty rows", sizeof(RowKey));
	memset(&key, 0, sizeof(key));
	key.tenant_no = okr_tenant_number(tenant);
	key.kind = kind;
	key.id = id;
	(void) hash_search(dirty, &key, HASH_ENTER, NULL);
}

/* ---------- okr's own queries: as the tables' owner, with a safe path ---------- */

/*
 * Run fn as the owner of okr's tables, with search_path = pg_catalog,
 * pg_temp, as PostgreSQL runs its foreign-key checks: the rollup and the
 * validation read and write every row they must whatever the caller may
 * touch (a role that may only insert check-ins still gets exact scores), and
 * resolve names and operators the same way whatever the session's path.
 * An error restores the user and the settings with the (sub)transaction.
 */
void
okr_as_owner(void (*fn) (void *), void *arg)
{
	Oid			relid = get_relname_relid("objective", get_namespace_oid("okr", false));
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Oid			owner;
	Oid			save_userid;
	int			save_sec_context;
	int			save_nestlevel;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "okr: cache lookup failed for okr.objective");
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(owner, save_sec_context |
						   SECURITY_LOCAL_USERID_CHANGE | SECURITY_NOFORCE_RLS);
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	fn(arg);
	AtEOXact_GUC(true, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec_context);
}

/* ---------- prepared statements ---------- */

SPIPlanPtr
okr_plan(OkrQuery *q)
{
	if (q->plan == NULL)
	{
		/*
		 * Generic plans: the arrays' contents should not make the plan
		 * cache re-plan these queries on every call.
		 */
		SPIPlanPtr	p = SPI_prepare_cursor(q->sql, q->nargs, q->argtypes,
										   CURSOR_OPT_GENERIC_PLAN);

		if (p == NULL)
			elog(ERROR, "okr: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		SPI_keepplan(p);
		q->plan = p;
	}
	return q->plan;
}

/*
 * The queries below join the dirty keys LATERALly to the views (OFFSET 0
 * keeps the planner from flattening them) so that only dirty rows are
 * computed, with index lookups, whatever the generic plan estimates.  The
 * score before the update comes from a subquery in RETURNING, which reads
 * with the statement's snapshot: the row as it was.
 */

static OkrQuery lock_key_results = {
	"SELECT FROM okr.key_result k"
	"  JOIN unnest($1::text[], $2::int8[]) AS d (tenant, id)"
	"    ON k.tenant = d.tenant AND k.id = d.id"
	" ORDER BY k.tenant, k.id FOR NO KEY UPDATE OF k",
	2, {TEXTARRAYOID, INT8ARRAYOID}, NULL
};

static OkrQuery lock_objectives = {
	"SELECT FROM okr.objective o"
	"  JOIN unnest($1::text[], $2::int8[]) AS d (tenant, id)"
	"    ON o.tenant = d.tenant AND o.id = d.id"
	" ORDER BY o.tenant, o.id FOR NO KEY UPDATE OF o",
	2, {TEXTARRAYOID, INT8ARRAYOID}, NULL
};

/* The objectives above the dirty ones, with depth, parents and flags. */
static OkrQuery objectives_above = {
	"WITH RECURSIVE"
	" start (tenant, id, closing) AS ("
	"   SELECT * FROM unnest($1::text[], $2::int8[], $3::bool[])),"
	" above (tenant, id) AS ("
	"   SELECT tenant, id FROM start"
	"   UNION"
	"   SELECT a.tenant, a.parent_id"
	"     FROM above JOIN okr.alignment a ON a.tenant = above.tenant AND a.child_id = above.id),"
	" climb (tenant, id, top, steps) AS ("	/* UNION: paths of equal length merge */
	"   SELECT tenant, id, id, 0 FROM above"
	"   UNION"
	"   SELECT c.tenant, c.id, a.parent_id, c.steps + 1"
	"     FROM climb c JOIN okr.alignment a ON a.tenant = c.tenant AND a.child_id = c.top"
	"    WHERE c.steps < 10000)"
	" SELECT c.tenant, c.id, max(c.steps),"
	"        EXISTS (SELECT FROM start s WHERE s.tenant = c.tenant AND s.id = c.id),"
	"        EXISTS (SELECT FROM start s WHERE s.tenant = c.tenant AND s.id = c.id AND s.closing),"
	"        ARRAY (SELECT a.parent_id FROM okr.alignment a"
	"                WHERE a.tenant = c.tenant AND a.child_id = c.id)"
	"   FROM climb c GROUP BY c.tenant, c.id",
	3, {TEXTARRAYOID, INT8ARRAYOID, BOOLARRAYOID}, NULL
};

static OkrQuery update_key_results = {
	"UPDATE okr.key_result k SET value = c.value, score = c.score"
	"  FROM unnest($1::text[], $2::int8[]) AS d (tenant, id)"
	" CROSS JOIN LATERAL (SELECT * FROM okr.key_result_computed c"
	"                      WHERE c.tenant = d.tenant AND c.id = d.id OFFSET 0) c"
	" WHERE k.tenant = d.tenant AND k.id = d.id"
	"   AND (k.value IS DISTINCT FROM c.value OR k.score IS DISTINCT FROM c.score)"
	" RETURNING k.tenant, k.id,"
	"           (SELECT p.score FROM okr.key_result p WHERE p.tenant = k.tenant AND p.id = k.id),"
	"           k.score, k.objective_id",
	2, {TEXTARRAYOID, INT8ARRAYOID}, NULL
};

static OkrQuery update_objectives = {
	"UPDATE okr.objective o SET score = c.score,"
	"       final_grade = CASE WHEN o.state = 'closed' THEN okr.grade(c.score, o.tenant) END"
	"  FROM unnest($1::text[], $2::int8[], $3::bool[]) AS d (tenant, id, closing)"
	" CROSS JOIN LATERAL (SELECT * FROM okr.objective_computed c"
	"                      WHERE c.tenant = d.tenant AND c.id = d.id OFFSET 0) c"
	" WHERE o.tenant = d.tenant AND o.id = d.id"
	"   AND (o.state <> 'closed' OR d.closing)"
	"   AND (o.score IS DISTINCT FROM c.score OR d.closing)"
	" RETURNING o.tenant, o.id,"
	"           (SELECT p.score FROM okr.objective p WHERE p.tenant = o.tenant AND p.id = o.id),"
	"           o.score",
	3, {TEXTARRAYOID, INT8ARRAYOID, BOOLARRAYOID}, NULL
};

/* ---------- the flush ---------- */

/* An objective above the dirty rows. */
typedef struct Above
{
	RowKey		key;			/* tenant_no, id */
	int32		depth;			/* longest alignment path up to a root */
	bool		closing;		/* closed in this transaction */
	bool		needed;			/* dirty, or an input of it changed */
	ArrayType  *parents;		/* int8[] of parent ids */
} Above;

typedef struct Keys
{
	int			n;
	Datum	   *tenant;
	Datum	   *id;
	Datum	   *flag;
} Keys;

static void
keys_init(Keys *k, int size)
{
	k->n = 0;
	k->tenant = palloc(sizeof(Datum) * Max(size, 1));
	k->id = palloc(sizeof(Datum) * Max(size, 1));
	k->flag = palloc(sizeof(Datum) * Max(size, 1));
}

static void
keys_add(Keys *k, int32 tenant_no, int64 id, bool flag)
{
	k->tenant[k->n] = PointerGetDatum(okr_tenant_text(tenant_no));
	k->id[k->n] = Int64GetDatum(id);
	k->flag[k->n] = BoolGetDatum(flag);
	k->n++;
}

/* Fill args[0..2] with text[], int8[], bool[] of the keys. */
static void
keys_args(Keys *k, Datum *args)
{
	args[0] = PointerGetDatum(construct_array(k->tenant, k->n, TEXTOID, -1, false, TYPALIGN_INT));
	args[1] = PointerGetDatum(construct_array(k->id, k->n, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	args[2] = PointerGetDatum(construct_array(k->flag, k->n, BOOLOID, 1, true, TYPALIGN_CHAR));
}

static void
execute(OkrQuery *q, Datum *args, int expected)
{
	int			rc = SPI_execute_plan(okr_plan(q), args, NULL, false, 0);

	if (rc != expected)
		elog(ERROR, "okr: rollup query failed: %s", SPI_result_code_string(rc));
}

static int
above_cmp(const void *a, const void *b)
{
	const Above *x = *(const Above *const *) a;
	const Above *y = *(const Above *const *) b;

	/* deepest first; within a level the lock query sorts by (tenant, id) */
	return (y->depth > x->depth) - (y->depth < x->depth);
}

/* Mark the parents of objective (tenant_no, id) as needing a recompute. */
static void
need_parents(HTAB *above, int32 tenant_no, int64 id)
{
	RowKey		key;
	Above	   *node;
	Datum	   *parents;
	int			nparents;
	int			i;

	memset(&key, 0, sizeof(key));
	key.tenant_no = tenant_no;
	key.id = id;
	node = hash_search(above, &key, HASH_FIND, NULL);
	if (node == NULL)
		return;
	deconstruct_array(node->parents, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &parents, NULL, &nparents);
	for (i = 0; i < nparents; i++)
	{
		Above	   *parent;

		key.id = DatumGetInt64(parents[i]);
		parent = hash_search(above, &key, HASH_FIND, NULL);
		if (parent)
			parent->needed = true;
	}
}

/* Tenant number and id of row i of the last SPI result (columns 1, 2). */
static RowKey
result_key(uint64 i)
{
	RowKey		key;
	bool		isnull;
	HeapTuple	tup = SPI_tuptable->vals[i];

	memset(&key, 0, sizeof(key));
	key.tenant_no = okr_tenant_number(DatumGetTextPP(SPI_getbinval(tup, SPI_tuptable->tupdesc, 1, &isnull)));
	key.id = DatumGetInt64(SPI_getbinval(tup, SPI_tuptable->tupdesc, 2, &isnull));
	return key;
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
	RowKey	   *key;

	if (level > 1)
	{
		if (flushed == NULL)
			flushed = transaction_hash("okr flushed rows", sizeof(FlushedRow));
		hash_seq_init(&seq, dirty);
		while ((key = hash_seq_search(&seq)) != NULL)
		{
			FlushedRow *row = hash_search(flushed, key, HASH_ENTER, NULL);

			row->level = level;
		}
	}
	hash_destroy(dirty);
	dirty = NULL;
}

static void
flush_body(void *arg)
{
	uint64	   *changed = (uint64 *) arg;
	MemoryContext flush_cxt = CurrentMemoryContext;
	long		ndirty = hash_get_num_entries(dirty);
	Keys		krs,
				start;
	HASH_SEQ_STATUS seq;
	RowKey	   *key;
	ListCell   *lc;
	Datum		args[3];
	HASHCTL		ctl;
	HTAB	   *above;
	Above	  **order;
	Keys		batch;
	int			nabove;
	int			i;
	uint64		r;

	keys_init(&krs, ndirty);
	keys_init(&start, 2 * ndirty);	/* dirty objectives + one per key result */
	hash_seq_init(&seq, dirty);
	while ((key = hash_seq_search(&seq)) != NULL)
		keys_add(key->kind == DIRTY_KEY_RESULT ? &krs : &start,
				 key->tenant_no, key->id, key->kind == DIRTY_CLOSING);

	foreach(lc, tenants)
		okr_lock_tenant((text *) lfirst(lc), false, true);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "okr: SPI_connect failed");

	/* 1. key results; their objectives need a recompute if they changed */
	if (krs.n > 0)
	{
		keys_args(&krs, args);
		execute(&lock_key_results, args, SPI_OK_SELECT);
		execute(&update_key_results, args, SPI_OK_UPDATE_RETURNING);
		okr_notify_record(false);
		*changed += SPI_processed;
		for (r = 0; r < SPI_processed; r++)
		{
			bool		isnull;
			int64		objective_id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r],
																   SPI_tuptable->tupdesc, 5, &isnull));

			keys_add(&start, result_key(r).tenant_no, objective_id, false);
		}
	}
	if (start.n == 0)
		goto done;

	/* 2. the objectives above, with their depth */
	keys_args(&start, args);
	execute(&objectives_above, args, SPI_OK_SELECT);
	ctl.keysize = sizeof(RowKey);
	ctl.entrysize = sizeof(Above);
	ctl.hcxt = flush_cxt;
	above = hash_create("okr objectives above", 64, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	nabove = (int) SPI_processed;
	order = MemoryContextAlloc(flush_cxt, sizeof(Above *) * Max(nabove, 1));
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		RowKey		k = result_key(r);
		bool		isnull;
		Above	   *node = hash_search(above, &k, HASH_ENTER, NULL);
		MemoryContext old;

		node->depth = DatumGetInt32(SPI_getbinval(tup, desc, 3, &isnull));
		node->needed = DatumGetBool(SPI_getbinval(tup, desc, 4, &isnull));
		node->closing = DatumGetBool(SPI_getbinval(tup, desc, 5, &isnull));
		old = MemoryContextSwitchTo(flush_cxt);
		node->parents = DatumGetArrayTypePCopy(SPI_getbinval(tup, desc, 6, &isnull));
		MemoryContextSwitchTo(old);
		if (node->depth >= 10000)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("alignments above objective " INT64_FORMAT " nest 10000 levels deep or form a cycle", k.id),
					 errhint("okr refuses cycles when alignments are written; one can only come from writes with triggers disabled. Remove an alignment on it.")));
		order[r] = node;
	}
	qsort(order, nabove, sizeof(Above *), above_cmp);

	/* 3. level by level, deepest first, only what an input change reached */
	keys_init(&batch, nabove);
	for (i = 0; i < nabove;)
	{
		int			level = order[i]->depth;

		batch.n = 0;
		for (; i < nabove && order[i]->depth == level; i++)
			if (order[i]->needed)
				keys_add(&batch, order[i]->key.tenant_no, order[i]->key.id, order[i]->closing);
		if (batch.n == 0)
			continue;
		keys_args(&batch, args);
		execute(&lock_objectives, args, SPI_OK_SELECT);
		execute(&update_objectives, args, SPI_OK_UPDATE_RETURNING);
		okr_notify_record(true);
		*changed += SPI_processed;
		for (r = 0; r < SPI_processed; r++)
		{
			RowKey		k = result_key(r);

			need_parents(above, k.tenant_no, k.id);
		}
	}

done:
	SPI_finish();
	forget_flushed_rows();
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
	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("okr.rollup_at_commit() must be called as a trigger")));
	rollup_queued = false;
	(void) flush();
	return PointerGetDatum(NULL);
}

/*
 * Flush now unless a flush event is queued: in IMMEDIATE mode, or after an
 * explicit flush, the event of a statement's rows fires before that
 * statement's triggers have recorded what changed.
 */
void
okr_flush_unless_queued(void)
{
	if (!rollup_queued)
		(void) flush();
}

/* okr.flush() — bring every maintained value up to date now. */
PG_FUNCTION_INFO_V1(okr_flush);
Datum
okr_flush(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64((int64) flush());
}

/* okr.rebuild() — recompute every maintained value from scratch. */
static void
mark_everything(void *arg)
{
	uint64		i;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "okr: SPI_connect failed");
	if (SPI_execute("SELECT tenant, id, 0 FROM okr.key_result"
					" UNION ALL SELECT tenant, id, 1 FROM okr.objective",
					true, 0) != SPI_OK_SELECT)
		elog(ERROR, "okr: could not list rows to rebuild");
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;

		okr_mark(DatumGetInt32(SPI_getbinval(tup, desc, 3, &isnull)) == 0 ?
				 DIRTY_KEY_RESULT : DIRTY_OBJECTIVE,
				 DatumGetTextPP(SPI_getbinval(tup, desc, 1, &isnull)),
				 DatumGetInt64(SPI_getbinval(tup, desc, 2, &isnull)));
	}
	SPI_finish();
}

/* okr.after_truncate() — TRUNCATE fires no row triggers: recompute all now. */
PG_FUNCTION_INFO_V1(okr_after_truncate);
Datum
okr_after_truncate(PG_FUNCTION_ARGS)
{
	okr_as_owner(mark_everything, NULL);
	(void) flush();
	return PointerGetDatum(NULL);
}

PG_FUNCTION_INFO_V1(okr_rebuild);
Datum
okr_rebuild(PG_FUNCTION_ARGS)
{
	okr_as_owner(mark_everything, NULL);
	PG_RETURN_INT64((int64) flush());
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
	 * queued flush event, the flushes it made, and their announcements.
	 */
	if (rollup_queued && rollup_queued_level >= level)
	{
		rollup_queued = !aborted;
		rollup_queued_level = level - 1;
	}
	if (flushed != NULL)
	{
		FlushedRow *row;

		hash_seq_init(&seq, flushed);
		while ((row = hash_seq_search(&seq)) != NULL)
		{
			if (row->level < level)
				continue;
			if (aborted)
			{
				/* the flush's updates are gone: dirty again */
				if (dirty == NULL)
					dirty = transaction_hash("okr dirty rows", sizeof(RowKey));
				(void) hash_search(dirty, &row->key, HASH_ENTER, NULL);
			}
			if (aborted || level - 1 <= 1)
				(void) hash_search(flushed, &row->key, HASH_REMOVE, NULL);
			else
				row->level = level - 1;
		}
	}
	okr_notify_end_subxact(level, aborted);
}

/*
 * store.c — maintained values written without the executor's per-statement
 * machinery (see store.h).  Study of execReplication.c's
 * RelationFindReplTupleByIndex / ExecSimpleRelationUpdate, minus the
 * triggers and constraint checks they run.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "executor/executor.h"
#include "parser/parse_relation.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/fmgroids.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/relcache.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "compat.h"
#include "store.h"

/*
 * okr's schema and relations by name, looked up once per backend (every
 * check-in opens a handful): an invalidation of a cached relation (DROP,
 * rename), any change of a schema, or a cache reset forgets them all.
 */
#define MAX_NAMES 16

typedef struct NamedOid
{
	char		name[NAMEDATALEN];
	Oid			oid;
} NamedOid;

static NamedOid names[MAX_NAMES];
static int	nnames = -1;		/* -1: the callbacks are not registered yet */
static Oid	okr_nsp = InvalidOid;

static void
forget_names(void)
{
	nnames = 0;
	okr_nsp = InvalidOid;
}

static void
relcache_changed(Datum arg, Oid relid)
{
	int			i;

	for (i = 0; i < nnames; i++)
		if (!OidIsValid(relid) || names[i].oid == relid)
		{
			forget_names();
			return;
		}
}

static void
namespace_changed(Datum arg, int cacheid, uint32 hashvalue)
{
	forget_names();
}

/* The schema okr; an error if there is none. */
Oid
okr_namespace(void)
{
	if (nnames < 0)
	{
		CacheRegisterRelcacheCallback(relcache_changed, (Datum) 0);
		CacheRegisterSyscacheCallback(NAMESPACEOID, namespace_changed, (Datum) 0);
		nnames = 0;
	}
	if (!OidIsValid(okr_nsp))
		okr_nsp = get_namespace_oid("okr", false);
	return okr_nsp;
}

/* The relation okr.name, InvalidOid if there is none. */
Oid
okr_relation_oid(const char *name)
{
	Oid			nsp = okr_namespace();
	Oid			relid;
	int			i;

	for (i = 0; i < nnames; i++)
		if (strcmp(names[i].name, name) == 0)
			return names[i].oid;
	relid = get_relname_relid(name, nsp);
	if (OidIsValid(relid) && nnames < MAX_NAMES)
	{
		strlcpy(names[nnames].name, name, NAMEDATALEN);
		names[nnames++].oid = relid;
	}
	return relid;
}

/* The owner of relation relid. */
Oid
okr_relation_owner(Oid relid)
{
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Oid			owner;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "okr: cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

static Oid
relation_oid(const char *name)
{
	Oid			relid = okr_relation_oid(name);

	if (!OidIsValid(relid))
		elog(ERROR, "okr: relation okr.%s does not exist", name);
	return relid;
}

/*
 * Open table for writes; lookups go through index (NULL: its primary key).
 * The executor state that maintains the other indexes is made only when a
 * write needs index entries (see insert_index_entries): most of the flush's
 * updates are HOT, and most stores are only read.
 */
static void
store_open(OkrStore *s, const char *table, const char *index, LOCKMODE mode)
{
	memset(s, 0, sizeof(*s));
	s->cxt = CurrentMemoryContext;
	s->rel = table_open(relation_oid(table), mode);
	s->pk = index_open(index ? relation_oid(index) : okr_primary_key_index(s->rel), mode);
	s->row = table_slot_create(s->rel, NULL);
	s->next = table_slot_create(s->rel, NULL);
}

void
okr_store_open_by(OkrStore *s, const char *table, const char *index)
{
	store_open(s, table, index, RowExclusiveLock);
}

/* Open table for lookups by primary key only (okr_store_find, _get). */
void
okr_store_open_read(OkrStore *s, const char *table)
{
	store_open(s, table, NULL, AccessShareLock);
}

/* Open table for lookups by index only (okr_store_scan). */
void
okr_store_open_read_by(OkrStore *s, const char *table, const char *index)
{
	store_open(s, table, index, AccessShareLock);
}

void
okr_store_open(OkrStore *s, const char *table)
{
	okr_store_open_by(s, table, NULL);
}

void
okr_store_close(OkrStore *s)
{
	if (s->rel == NULL)
		return;
	ExecDropSingleTupleTableSlot(s->row);
	ExecDropSingleTupleTableSlot(s->next);
	if (s->rri != NULL)
	{
		ExecCloseIndices(s->rri);
		FreeExecutorState(s->estate);
	}
	index_close(s->pk, NoLock);
	table_close(s->rel, NoLock);
	s->rel = NULL;
}

AttrNumber
okr_store_att(OkrStore *s, const char *column)
{
	AttrNumber	att = attnameAttNum(s->rel, column, false);

	if (att == InvalidAttrNumber)
		elog(ERROR, "okr: okr.%s has no column %s", RelationGetRelationName(s->rel), column);
	return att;
}

/*
 * Start a scan of the lookup index for (tenant[, id]), under a registered
 * copy of the latest snapshot: a nested scan takes the latest snapshot
 * again, which PostgreSQL refills in place.  End it with okr_store_endscan.
 */
IndexScanDesc
okr_store_scan(OkrStore *s, text *tenant, bool has_id, int64 id)
{
	ScanKeyData keys[2];
	IndexScanDesc scan;

	ScanKeyEntryInitialize(&keys[0], 0, 1, BTEqualStrategyNumber, InvalidOid,
						   s->pk->rd_indcollation[0], F_TEXTEQ, PointerGetDatum(tenant));
	if (has_id)
		ScanKeyEntryInitialize(&keys[1], 0, 2, BTEqualStrategyNumber, InvalidOid,
							   InvalidOid, F_INT8EQ, Int64GetDatum(id));
	scan = okr_index_beginscan(s->rel, s->pk, RegisterSnapshot(GetLatestSnapshot()),
							   has_id ? 2 : 1, 0);
	index_rescan(scan, keys, has_id ? 2 : 1, NULL, 0);
	return scan;
}

void
okr_store_endscan(IndexScanDesc scan)
{
	Snapshot	snapshot = scan->xs_snapshot;

	index_endscan(scan);
	UnregisterSnapshot(snapshot);
}

/* The row's current version by primary key, or false. */
bool
okr_store_find(OkrStore *s, text *tenant, bool has_id, int64 id)
{
	IndexScanDesc scan = okr_store_scan(s, tenant, has_id, id);
	bool		found = index_getnext_slot(scan, ForwardScanDirection, s->row);

	okr_store_endscan(scan);
	return found;
}

static void
would_wait(OkrStore *s)
{
	ereport(ERROR,
			(errcode(ERRCODE_LOCK_NOT_AVAILABLE),
			 errmsg("okr's rollup would wait for a row of okr.%s that another transaction is rolling up",
					RelationGetRelationName(s->rel)),
			 errdetail("This transaction already holds rollup locks from an earlier okr.flush() or IMMEDIATE rollup; waiting now could deadlock."),
			 errhint("Retry the transaction; to avoid this, flush only after a transaction's last write.")));
}

/*
 * Lock the latest version of the row okr_store_find found FOR NO KEY
 * UPDATE; under READ COMMITTED the latest committed version is the one to
 * build on, whatever the snapshot.  With LockWaitSkip a row another
 * transaction holds is OKR_BUSY at once.
 */
static OkrLock
lock_found(OkrStore *s, LockWaitPolicy policy)
{
	TM_FailureData tmfd;
	ItemPointerData tid = s->row->tts_tid;

	switch (table_tuple_lock(s->rel, &tid, GetLatestSnapshot(), s->row,
							 GetCurrentCommandId(false), LockTupleNoKeyExclusive,
							 policy, TUPLE_LOCK_FLAG_FIND_LAST_VERSION, &tmfd))
	{
		case TM_Ok:
			return OKR_LOCKED;
		case TM_Deleted:
			return OKR_GONE;
		case TM_WouldBlock:
			return OKR_BUSY;
		default:
			ereport(ERROR,
					(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
					 errmsg("could not serialize access due to concurrent update of okr.%s",
							RelationGetRelationName(s->rel)),
					 errdetail("A row the rollup must write was changed by a transaction this one's snapshot cannot see."),
					 errhint("The transaction might succeed if retried.")));
	}
	return OKR_GONE;
}

/*
 * Lock the latest version of (tenant[, id]), waiting for other writers
 * (unless s->nowait); false when it no longer exists.
 */
bool
okr_store_lock(OkrStore *s, text *tenant, bool has_id, int64 id)
{
	if (!okr_store_find(s, tenant, has_id, id))
		return false;
	switch (lock_found(s, s->nowait ? LockWaitSkip : LockWaitBlock))
	{
		case OKR_LOCKED:
			return true;
		case OKR_BUSY:
			would_wait(s);
			break;
		case OKR_GONE:
		case OKR_MOVED:
			break;
	}
	return false;
}

/* Lock the row okr_store_find found, unless another transaction holds it. */
OkrLock
okr_store_try_lock(OkrStore *s)
{
	return lock_found(s, LockWaitSkip);
}

/* Read a row this transaction holds locked, by its tid. */
void
okr_store_fetch(OkrStore *s, ItemPointer tid)
{
	if (!table_tuple_fetch_row_version(s->rel, tid, SnapshotAny, s->row))
		elog(ERROR, "okr: locked row of okr.%s vanished", RelationGetRelationName(s->rel));
}

Datum
okr_store_get(OkrStore *s, AttrNumber att, bool *isnull)
{
	return slot_getattr(s->row, att, isnull);
}

/* Whether the text column att of the row equals value (a NULL equals nothing). */
bool
okr_store_text_is(OkrStore *s, AttrNumber att, const char *value)
{
	bool		isnull;
	Datum		d = slot_getattr(s->row, att, &isnull);

	return !isnull && strcmp(TextDatumGetCString(d), value) == 0;
}

/*
 * update = false: the "index unchanged" hint needs a range table, which
 * okr's writes have none of; it only helps bottom-up index deletion.
 */
static void
insert_index_entries(OkrStore *s, bool update, bool only_summarizing)
{
	List	   *recheck;

	if (s->rri == NULL)
	{
		MemoryContext old = MemoryContextSwitchTo(s->cxt);

		s->estate = CreateExecutorState();
		s->rri = makeNode(ResultRelInfo);
		InitResultRelInfo(s->rri, s->rel, 1, NULL, 0);
		ExecOpenIndices(s->rri, false);
		MemoryContextSwitchTo(old);
	}
	if (s->rri->ri_NumIndices == 0)
		return;
	recheck = okr_insert_index_tuples(s->rri, s->next, s->estate, update,
									  only_summarizing);
	list_free(recheck);
	ResetPerTupleExprContext(s->estate);
}

/* The found row with n columns replaced, in s->next. */
static void
form_next(OkrStore *s, int n, const AttrNumber *atts, const Datum *values,
		  const bool *nulls)
{
	HeapTuple	old = ExecFetchSlotHeapTuple(s->row, false, NULL);
	int			cols[4];
	int			i;

	Assert(n <= 4);
	for (i = 0; i < n; i++)
		cols[i] = atts[i];
	ExecForceStoreHeapTuple(heap_modify_tuple_by_cols(old, RelationGetDescr(s->rel), n, cols,
													  (Datum *) values, (bool *) nulls),
							s->next, true);
}

/* After a write: the new version's index entries; it becomes s->row. */
static void
written(OkrStore *s, OkrUpdateIndexes update_indexes)
{
	if (okr_update_indexes_needed(update_indexes))
		insert_index_entries(s, false, okr_update_indexes_summarizing(update_indexes));
	ExecCopySlot(s->row, s->next);
	CommandCounterIncrement();
}

/* Replace columns of the locked row; it stays current for okr_store_get. */
void
okr_store_update(OkrStore *s, int n, const AttrNumber *atts,
				 const Datum *values, const bool *nulls)
{
	OkrUpdateIndexes update_indexes;

	form_next(s, n, atts, values, nulls);
	simple_table_tuple_update(s->rel, &s->row->tts_tid, s->next,
							  GetLatestSnapshot(), &update_indexes);
	written(s, update_indexes);
}

/*
 * Replace columns of the row okr_store_find found, without locking it
 * first: the update is the row lock, one WAL record instead of a lock and
 * an update.  It succeeds only if no other transaction committed a newer
 * version meanwhile (OKR_MOVED: find it again and recompute), so what was
 * computed from the found row is exact, provided every writer of the row
 * that read it leaves a new version (see rollup.h).  wait: wait for another
 * transaction that holds the row, as an UPDATE does; otherwise OKR_BUSY.
 */
OkrLock
okr_store_replace(OkrStore *s, int n, const AttrNumber *atts,
				  const Datum *values, const bool *nulls, bool wait)
{
	TM_FailureData tmfd;
	LockTupleMode lockmode;
	OkrUpdateIndexes update_indexes;

	form_next(s, n, atts, values, nulls);
	switch (table_tuple_update(s->rel, &s->row->tts_tid, s->next,
							   GetCurrentCommandId(true), GetLatestSnapshot(),
							   InvalidSnapshot, wait, &tmfd, &lockmode,
							   &update_indexes))
	{
		case TM_Ok:
			written(s, update_indexes);
			return OKR_LOCKED;
		case TM_BeingModified:
			return OKR_BUSY;
		case TM_Updated:
			return OKR_MOVED;
		case TM_Deleted:
			return OKR_GONE;
		default:
			elog(ERROR, "okr: unexpected result updating a row of okr.%s",
				 RelationGetRelationName(s->rel));
	}
	return OKR_GONE;
}

void
okr_store_insert(OkrStore *s, const Datum *values, const bool *nulls)
{
	HeapTuple	tup = heap_form_tuple(RelationGetDescr(s->rel), (Datum *) values, (bool *) nulls);

	ExecForceStoreHeapTuple(tup, s->next, true);
	simple_table_tuple_insert(s->rel, s->next);
	insert_index_entries(s, false, false);
	CommandCounterIncrement();
}

/*
 * Column att of the first row of the lookup index's order for (tenant, id),
 * latest snapshot; false when there is none.  att must be by value.
 */
bool
okr_store_first(OkrStore *s, text *tenant, int64 id, AttrNumber att, Datum *value)
{
	IndexScanDesc scan = okr_store_scan(s, tenant, true, id);
	bool		found = index_getnext_slot(scan, ForwardScanDirection, s->row);
	bool		isnull = true;

	if (found)
		*value = slot_getattr(s->row, att, &isnull);
	okr_store_endscan(scan);
	return found && !isnull;
}

/* Delete the row a scan returned (this transaction holds what it guards). */
void
okr_store_delete(OkrStore *s, ItemPointer tid)
{
	simple_table_tuple_delete(s->rel, tid, GetLatestSnapshot());
}


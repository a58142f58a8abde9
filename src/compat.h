/*
 * compat.h — the differences between the PostgreSQL versions okr builds
 * against (15 to 18), in one place.  Include after postgres.h.
 */
#ifndef OKR_COMPAT_H
#define OKR_COMPAT_H

/* 16 moved the varlena macros (VARDATA, VARSIZE_ANY_EXHDR...) to varatt.h. */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

/*
 * 18 replaced the postfix pg_attribute_noreturn() with the prefix
 * pg_noreturn; before 18, the old attribute works in the prefix position.
 */
#ifndef pg_noreturn
#define pg_noreturn pg_attribute_noreturn()
#endif

/*
 * 16 gave make_range() an escontext argument for soft errors; okr's ranges
 * are valid by construction, so errors (none expected) are thrown.
 */
#if PG_VERSION_NUM >= 160000
#define okr_make_range(typcache, lower, upper, empty) \
	make_range((typcache), (lower), (upper), (empty), NULL)
#else
#define okr_make_range(typcache, lower, upper, empty) \
	make_range((typcache), (lower), (upper), (empty))
#endif

/*
 * okr's direct table writes (store.c).  16: ExecInsertIndexTuples() takes
 * onlySummarizing, and simple_table_tuple_update() says which indexes need
 * new entries (TU_UpdateIndexes: none, all, or only summarizing ones).
 */
#if PG_VERSION_NUM >= 160000
#include "access/tableam.h"
typedef TU_UpdateIndexes OkrUpdateIndexes;
#define okr_update_indexes_needed(u) ((u) != TU_None)
#define okr_update_indexes_summarizing(u) ((u) == TU_Summarizing)
#define okr_insert_index_tuples(rri, slot, estate, update, only_summarizing) \
	ExecInsertIndexTuples((rri), (slot), (estate), (update), false, NULL, NIL, \
						  (only_summarizing))
#else
typedef bool OkrUpdateIndexes;
#define okr_update_indexes_needed(u) (u)
#define okr_update_indexes_summarizing(u) false
#define okr_insert_index_tuples(rri, slot, estate, update, only_summarizing) \
	ExecInsertIndexTuples((rri), (slot), (estate), (update), false, NULL, NIL)
#endif

/* 17 gave LockHeldByMe() an orstronger argument (here: exactly this mode). */
#if PG_VERSION_NUM >= 170000
#define okr_lock_held(tag, mode) LockHeldByMe((tag), (mode), false)
#else
#define okr_lock_held(tag, mode) LockHeldByMe((tag), (mode))
#endif

/* 17 moved a backend's local transaction id into its virtual one. */
#if PG_VERSION_NUM >= 170000
#define okr_local_xid() (MyProc->vxid.lxid)
#else
#define okr_local_xid() (MyProc->lxid)
#endif

/*
 * 18: RelationGetPrimaryKeyIndex() can skip deferrable keys (okr's are not
 * deferrable), and index_beginscan() takes instrumentation (none here).
 */
#if PG_VERSION_NUM >= 180000
#define okr_primary_key_index(rel) RelationGetPrimaryKeyIndex((rel), false)
#define okr_index_beginscan(heap, index, snapshot, nkeys, norderbys) \
	index_beginscan((heap), (index), (snapshot), NULL, (nkeys), (norderbys))
#else
#define okr_primary_key_index(rel) RelationGetPrimaryKeyIndex(rel)
#define okr_index_beginscan(heap, index, snapshot, nkeys, norderbys) \
	index_beginscan((heap), (index), (snapshot), (nkeys), (norderbys))
#endif

#endif							/* OKR_COMPAT_H */

/*
 * store.h — okr's writes of maintained values, straight into the table as
 * PostgreSQL's own replication apply does: find a row by primary key, lock
 * its latest version, replace a few columns, maintain the indexes.  No
 * trigger fires (no user trigger can run as the owner) and no CHECK is
 * re-evaluated (maintained columns have none to re-check).
 */
#ifndef OKR_STORE_H
#define OKR_STORE_H

#include "postgres.h"

#include "access/genam.h"
#include "access/tableam.h"
#include "nodes/execnodes.h"
#include "utils/rel.h"

typedef struct OkrStore
{
	Relation	rel;
	Relation	pk;				/* lookup index: (tenant[, id]), the primary key by default */
	ResultRelInfo *rri;			/* the indexes to maintain: NULL until a */
	EState	   *estate;			/* write needs index entries */
	MemoryContext cxt;			/* where it was opened: they go there */
	TupleTableSlot *row;		/* the locked row */
	TupleTableSlot *next;		/* its new version */
	bool		nowait;			/* fail rather than wait for a row lock */
} OkrStore;

typedef enum OkrLock
{
	OKR_LOCKED,					/* locked by this transaction */
	OKR_BUSY,					/* another transaction holds it */
	OKR_GONE,					/* deleted meanwhile */
	OKR_MOVED					/* a newer version committed: find it again */
} OkrLock;

extern Oid	okr_namespace(void);
extern Oid	okr_relation_oid(const char *name);
extern Oid	okr_relation_owner(Oid relid);
extern void okr_store_open(OkrStore *s, const char *table);
extern void okr_store_open_by(OkrStore *s, const char *table, const char *index);
extern void okr_store_open_read(OkrStore *s, const char *table);
extern void okr_store_open_read_by(OkrStore *s, const char *table, const char *index);
extern void okr_store_close(OkrStore *s);
extern AttrNumber okr_store_att(OkrStore *s, const char *column);
extern IndexScanDesc okr_store_scan(OkrStore *s, text *tenant, bool has_id, int64 id);
extern void okr_store_endscan(IndexScanDesc scan);
extern bool okr_store_find(OkrStore *s, text *tenant, bool has_id, int64 id);
extern bool okr_store_first(OkrStore *s, text *tenant, int64 id, AttrNumber att,
							Datum *value);
extern bool okr_store_lock(OkrStore *s, text *tenant, bool has_id, int64 id);
extern OkrLock okr_store_try_lock(OkrStore *s);
extern void okr_store_fetch(OkrStore *s, ItemPointer tid);
extern Datum okr_store_get(OkrStore *s, AttrNumber att, bool *isnull);
extern bool okr_store_text_is(OkrStore *s, AttrNumber att, const char *value);
extern void okr_store_update(OkrStore *s, int n, const AttrNumber *atts,
							 const Datum *values, const bool *nulls);
extern OkrLock okr_store_replace(OkrStore *s, int n, const AttrNumber *atts,
								 const Datum *values, const bool *nulls, bool wait);
extern void okr_store_insert(OkrStore *s, const Datum *values, const bool *nulls);
extern void okr_store_delete(OkrStore *s, ItemPointer tid);

#endif							/* OKR_STORE_H */

/*
 * query.h — okr's own SQL: prepared once per session, run as the owner of
 * okr's tables the way PostgreSQL runs maintenance.
 */
#ifndef OKR_QUERY_H
#define OKR_QUERY_H

#include "postgres.h"

#include "executor/spi.h"

/* A query prepared once per session, on first use. */
typedef struct OkrQuery
{
	const char *sql;
	int			nargs;
	Oid			argtypes[5];
	SPIPlanPtr	plan;
} OkrQuery;

extern void okr_query_init(void);
extern int	okr_execute(OkrQuery *q, Datum *args, bool read_only, long tcount);
extern void okr_run(OkrQuery *q, Datum *args, int expected, long tcount);
extern void okr_as_owner(void (*fn) (void *), void *arg);
extern void okr_refuse_foreign_triggers(const char *relname);
extern void okr_spi_connect(void);
extern void okr_read_cursor(Portal portal, MemoryContext cxt,
							void (*fn) (void *arg, HeapTuple tup, TupleDesc desc), void *arg);
extern void okr_read_query(const char *sql, int nargs, Oid *types, Datum *values,
						   const char *nulls, MemoryContext cxt,
						   void (*fn) (void *arg, HeapTuple tup, TupleDesc desc), void *arg);

#endif							/* OKR_QUERY_H */

/*
 * query.c — prepared statements and running as the tables' owner.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "miscadmin.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

#include "query.h"
#include "store.h"

SPIPlanPtr
okr_plan(OkrQuery *q)
{
	if (q->plan == NULL)
	{
		/*
		 * Generic plans whose shapes are index lookups written into the
		 * query (LATERAL ... OFFSET 0, scalar subqueries), so neither the
		 * arrays' contents nor when statistics arrived change them.
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

/* Run q; anything but the expected result is a can't-happen. */
void
okr_run(OkrQuery *q, Datum *args, int expected, long tcount)
{
	int			rc = SPI_execute_plan(okr_plan(q), args, NULL, false, tcount);

	if (rc != expected)
		elog(ERROR, "okr: query failed: %s", SPI_result_code_string(rc));
}

void
okr_spi_connect(void)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "okr: SPI_connect failed");
}

/*
 * Every row of a cursor, a batch at a time (no result set held whole), each
 * given to fn in context cxt (SPI calls return to SPI's own); then closed.
 */
void
okr_read_cursor(Portal portal, MemoryContext cxt,
				void (*fn) (void *arg, HeapTuple tup, TupleDesc desc), void *arg)
{
	for (;;)
	{
		uint64		r;

		SPI_cursor_fetch(portal, true, 4096);
		MemoryContextSwitchTo(cxt);
		if (SPI_processed == 0)
			break;
		for (r = 0; r < SPI_processed; r++)
			fn(arg, SPI_tuptable->vals[r], SPI_tuptable->tupdesc);
		SPI_freetuptable(SPI_tuptable);
		CHECK_FOR_INTERRUPTS();
	}
	SPI_cursor_close(portal);
	MemoryContextSwitchTo(cxt);
}

/* Every row of the query sql with the given arguments, as okr_read_cursor. */
void
okr_read_query(const char *sql, int nargs, Oid *types, Datum *values, const char *nulls,
			   MemoryContext cxt, void (*fn) (void *arg, HeapTuple tup, TupleDesc desc), void *arg)
{
	okr_read_cursor(SPI_cursor_open_with_args(NULL, sql, nargs, types, values, nulls, true,
											  CURSOR_OPT_NO_SCROLL),
					cxt, fn, arg);
}

/*
 * Run fn as the owner of okr's tables, as PostgreSQL runs its foreign-key
 * checks and maintenance: security-restricted, with search_path =
 * pg_catalog, pg_temp, no JIT (okr's statements are short; compiling them
 * costs more than running them) and no sequential scans (every okr query
 * looks rows up by key; on a small or unanalyzed table the planner would
 * otherwise scan it per row).  The rollup and the validation so
 * read and write every row they must whatever the caller may touch, and
 * resolve names and operators the same way whatever the session's path.
 * An error restores the user and the settings with the (sub)transaction.
 */
void
okr_as_owner(void (*fn) (void *), void *arg)
{
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(okr_relation_oid("objective")));
	Oid			owner;
	Oid			save_userid;
	int			save_sec_context;
	int			save_nestlevel;

	if (!HeapTupleIsValid(tup))
		elog(ERROR, "okr: cache lookup failed for okr.objective");
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(owner, save_sec_context | SECURITY_LOCAL_USERID_CHANGE |
						   SECURITY_RESTRICTED_OPERATION | SECURITY_NOFORCE_RLS);
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	(void) set_config_option("jit", "off", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	/* plans prepared here are lookups by key: never a scan, whatever the statistics */
	(void) set_config_option("enable_seqscan", "off", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	fn(arg);
	AtEOXact_GUC(true, save_nestlevel);
	SetUserIdAndSecContext(save_userid, save_sec_context);
}

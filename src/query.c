/*
 * query.c — prepared statements and running as the tables' owner.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_trigger.h"
#include "commands/event_trigger.h"
#include "miscadmin.h"
#include "optimizer/plancat.h"
#include "utils/builtins.h"
#include "utils/acl.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/selfuncs.h"
#include "utils/snapmgr.h"

#include "okr.h"
#include "query.h"
#include "store.h"

/*
 * okr's prepared statements are lookups by key, and they are planned as if
 * every table were large and had no statistics: which index a lookup takes
 * must not depend on what ANALYZE found, or when.  An autoanalyze that
 * sampled a bulk load's table while its rows were uncommitted recorded 14
 * rows over 2,032 pages; replanned on that, a lookup by (tenant,
 * objective_id) scanned the smallest (tenant, ...) index by the tenant
 * alone, once per objective: a stall of minutes (BENCHMARKS.md, "Shapes").
 * Without statistics each equality narrows by the same default factor, so
 * the index that matches most of the key wins, and a lookup costs the same
 * on a large table as on a small one.
 */
#define LOOKUP_TABLE_ROWS 1e6

bool		okr_plan_lookups = false;	/* the setting: okr's structure triggers */
static bool planning_lookups = false;	/* okr_plan, okr_execute */
static get_relation_info_hook_type prev_relation_info = NULL;
static get_relation_stats_hook_type prev_relation_stats = NULL;
static get_index_stats_hook_type prev_index_stats = NULL;

static void
lookup_relation_info(PlannerInfo *root, Oid relid, bool inhparent, RelOptInfo *rel)
{
	ListCell   *lc;

	if (prev_relation_info)
		prev_relation_info(root, relid, inhparent, rel);
	if (!planning_lookups && !okr_plan_lookups)
		return;
	rel->tuples = Max(rel->tuples, LOOKUP_TABLE_ROWS);
	rel->statlist = NIL;		/* no extended statistics either */
	foreach(lc, rel->indexlist)
	{
		IndexOptInfo *index = (IndexOptInfo *) lfirst(lc);

		index->tuples = Max(index->tuples, LOOKUP_TABLE_ROWS);
	}
}

/* true with no tuple: "the hook took control", so the planner's defaults */
static bool
lookup_relation_stats(PlannerInfo *root, RangeTblEntry *rte, AttrNumber attnum,
					  VariableStatData *vardata)
{
	if (planning_lookups || okr_plan_lookups)
		return true;
	return prev_relation_stats && prev_relation_stats(root, rte, attnum, vardata);
}

static bool
lookup_index_stats(PlannerInfo *root, Oid indexOid, AttrNumber indexattnum,
				   VariableStatData *vardata)
{
	if (planning_lookups || okr_plan_lookups)
		return true;
	return prev_index_stats && prev_index_stats(root, indexOid, indexattnum, vardata);
}

void
okr_query_init(void)
{
	prev_relation_info = get_relation_info_hook;
	get_relation_info_hook = lookup_relation_info;
	prev_relation_stats = get_relation_stats_hook;
	get_relation_stats_hook = lookup_relation_stats;
	prev_index_stats = get_index_stats_hook;
	get_index_stats_hook = lookup_index_stats;
}

static SPIPlanPtr
okr_plan(OkrQuery *q)
{
	if (q->plan == NULL)
	{
		/*
		 * Generic plans whose shapes are index lookups written into the
		 * query (LATERAL ... OFFSET 0, scalar subqueries), so neither the
		 * arrays' contents nor the statistics change them.
		 */
		bool		save = planning_lookups;
		SPIPlanPtr	p;

		planning_lookups = true;
		PG_TRY();
		{
			p = SPI_prepare_cursor(q->sql, q->nargs, q->argtypes, CURSOR_OPT_GENERIC_PLAN);
		}
		PG_FINALLY();
		{
			planning_lookups = save;
		}
		PG_END_TRY();
		if (p == NULL)
			elog(ERROR, "okr: SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
		if (SPI_keepplan(p) != 0)
			elog(ERROR, "okr: SPI_keepplan failed");
		q->plan = p;
	}
	return q->plan;
}

/*
 * Run q under the latest snapshot, whatever the isolation level, as
 * PostgreSQL's foreign-key checks do: what okr validates and recomputes is
 * the committed state (that of every transaction the tenant lock waited
 * for), which a REPEATABLE READ transaction's own snapshot may predate.  A
 * plan invalidated since, by ANALYZE say, is replanned here, the same way.
 * The caller's memory context is current again afterwards (SPI returns to
 * its own, which lives until SPI_finish: the flush's per-tenant context
 * would not be).
 */
int
okr_execute(OkrQuery *q, Datum *args, bool read_only, long tcount)
{
	MemoryContext caller = CurrentMemoryContext;
	SPIPlanPtr	plan = okr_plan(q);
	bool		save = planning_lookups;
	int			rc;

	planning_lookups = true;
	PG_TRY();
	{
		rc = SPI_execute_snapshot(plan, args, NULL, GetLatestSnapshot(), InvalidSnapshot,
								  read_only, true, tcount);
	}
	PG_FINALLY();
	{
		planning_lookups = save;
	}
	PG_END_TRY();
	MemoryContextSwitchTo(caller);
	return rc;
}

/* Run q; anything but the expected result is a can't-happen. */
void
okr_run(OkrQuery *q, Datum *args, int expected, long tcount)
{
	int			rc = okr_execute(q, args, false, tcount);

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
	Oid			owner = okr_relation_owner(okr_relation_oid("objective"));
	Oid			save_userid;
	int			save_sec_context;
	int			save_nestlevel;

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

/*
 * Before okr writes okr.relname as its owner through SQL (the structure
 * triggers' tables, the rollup's pending changes): a trigger there that okr
 * did not define would run its function as that owner, so whoever holds
 * TRIGGER on an okr table would act as the owner.  Such a trigger is
 * refused, not fired.  Foreign keys' internal triggers and okr's own
 * (functions in schema okr, where only its owner creates) pass.  The lock
 * the write takes is taken now and kept: CREATE TRIGGER waits for it, so no
 * trigger appears between this check and the write.
 */
void
okr_refuse_foreign_triggers(const char *relname)
{
	Relation	rel = table_open(okr_relation_oid(relname), RowExclusiveLock);
	TriggerDesc *td = rel->trigdesc;
	int			i;

	for (i = 0; td != NULL && i < td->numtriggers; i++)
	{
		Trigger    *t = &td->triggers[i];

		if (t->tgisinternal || get_func_namespace(t->tgfoid) == okr_namespace())
			continue;
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("okr will not write okr.%s while trigger \"%s\" is on it", relname, t->tgname),
				 errdetail("okr maintains okr.%s as the extension's owner: the trigger's function would run as that owner.",
						   relname),
				 errhint("Drop the trigger (DROP TRIGGER %s ON okr.%s), and grant no TRIGGER privilege on okr's tables.",
						 quote_identifier(t->tgname), relname)));
	}
	table_close(rel, NoLock);
}

/* okr.refuse_foreign_triggers(): the check above for every table okr's SQL writes as the owner. */
PG_FUNCTION_INFO_V1(okr_refuse_foreign_triggers_sql);
Datum
okr_refuse_foreign_triggers_sql(PG_FUNCTION_ARGS)
{
	static const char *const written[] = {
		"objective_path", "objective_shape", "objective_pace", "key_result_version", "pending_score"
	};
	size_t		i;

	for (i = 0; i < lengthof(written); i++)
		okr_refuse_foreign_triggers(written[i]);
	PG_RETURN_VOID();
}

/*
 * okr.trigger_guard(), an event trigger at the end of CREATE [OR REPLACE]
 * [CONSTRAINT] TRIGGER (ENABLE ALWAYS: replica mode does not skip it): only
 * the owner of an okr table (or a member of that role, or a superuser) puts
 * a trigger on it.  Triggers fire as whoever writes the table, and okr's
 * tables are also written as their owner on other roles' behalf: by okr,
 * and by the ON DELETE CASCADE of its foreign keys, which PostgreSQL runs as
 * the owner of the table it deletes from.  The TRIGGER privilege (GRANT
 * ALL) would otherwise let a role run its code as the owner -- as the
 * trigger's function, or in its WHEN clause, on any function -- or replace
 * okr's own triggers (OR REPLACE).
 *
 * The triggers checked are the catalog rows of that name this transaction
 * wrote on okr's tables: neither the table's name looked up again (another
 * relation may have taken it since) nor the collected commands (none are
 * collected inside REFRESH MATERIALIZED VIEW).
 */
PG_FUNCTION_INFO_V1(okr_trigger_guard);
Datum
okr_trigger_guard(PG_FUNCTION_ARGS)
{
	EventTriggerData *ev = (EventTriggerData *) fcinfo->context;
	const char *name;
	Relation	triggers;
	SysScanDesc scan;
	HeapTuple	tup;

	if (!CALLED_AS_EVENT_TRIGGER(fcinfo) || !IsA(ev->parsetree, CreateTrigStmt))
		elog(ERROR, "okr.trigger_guard(): not called as the event trigger of CREATE TRIGGER");
	name = ((CreateTrigStmt *) ev->parsetree)->trigname;
	triggers = table_open(TriggerRelationId, AccessShareLock);
	scan = systable_beginscan(triggers, InvalidOid, false, NULL, 0, NULL);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_trigger t = (Form_pg_trigger) GETSTRUCT(tup);
		Oid			owner;

		if (strcmp(NameStr(t->tgname), name) != 0 ||
			!TransactionIdIsCurrentTransactionId(HeapTupleHeaderGetXmin(tup->t_data)) ||
			get_rel_namespace(t->tgrelid) != okr_namespace())
			continue;
		owner = okr_relation_owner(t->tgrelid);
		if (!has_privs_of_role(GetUserId(), owner))
			ereport(ERROR,
					(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
					 errmsg("only the owner of okr.%s may create a trigger on it", get_rel_name(t->tgrelid)),
					 errdetail("okr and its foreign keys' cascades write okr's tables as their owner, %s: a trigger would run its function and WHEN clause as that role.",
							   GetUserNameFromId(owner, false)),
					 errhint("Ask the owner to create the trigger, and grant no TRIGGER privilege on okr's tables.")));
	}
	systable_endscan(scan);
	table_close(triggers, AccessShareLock);
	PG_RETURN_VOID();
}

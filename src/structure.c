/*
 * structure.c — the per-backend structure cache (see structure.h).
 */
#include "postgres.h"

#include "access/transam.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

#include "acyclic.h"
#include "query.h"
#include "store.h"
#include "structure.h"

#define MAX_DEPTH 10000			/* okr.max_depth() (sql/install/55-structure.sql) */

/*
 * The backend's caches, by tenant hash (a collision just evicts), at most
 * MAX_CACHED of them: a backend that serves many tenants starts over rather
 * than keep every tenant it ever saw.
 */
#define MAX_CACHED 256
static HTAB *caches = NULL;

typedef struct CacheEntry
{
	uint32		hash;
	OkrStructure *st;
} CacheEntry;

/*
 * Key results' objectives cached, over every tenant's cache: at most
 * MAX_KEY_RESULTS per backend, so its memory does not grow with the
 * tenants it serves nor with their key results (past it, probes).
 */
#define MAX_KEY_RESULTS 65536
static long cached_key_results = 0;

static void
free_structure(OkrStructure *st)
{
	if (st->key_results != NULL)
		cached_key_results -= hash_get_num_entries(st->key_results);
	MemoryContextDelete(st->cxt);
}

static void
drop_caches(void)
{
	HASH_SEQ_STATUS seq;
	CacheEntry *entry;

	hash_seq_init(&seq, caches);
	while ((entry = hash_seq_search(&seq)) != NULL)
	{
		free_structure(entry->st);
		(void) hash_search(caches, &entry->hash, HASH_REMOVE, NULL);
	}
}

/*
 * Every bump of a version is announced by an invalidation of
 * okr.structure_version's relcache entry (okr_structure_bump), which its
 * transaction sends when it commits, before it releases its exclusive
 * tenant lock.  A backend that holds the tenant lock and has read the
 * invalidation queue since it took it has therefore seen every bump that
 * committed: a cache whose version was read after the last such
 * invalidation (or a cache reset) is still of the current version, and the
 * version need not be read again (PostgreSQL's relcache works the same
 * way, its lock being the relation's).  TRUNCATE and okr.rebuild() bump
 * every tenant's version under okr's database-wide lock in exclusive mode,
 * which excludes every tenant lock (tenant.h).
 */
static uint64 invalidations = 1;
static Oid	version_relid = InvalidOid;

static void
version_invalidated(Datum arg, Oid relid)
{
	if (!OidIsValid(relid) || relid == version_relid)
		invalidations++;
}

static int64
current_version(text *tenant)
{
	OkrStore	s;
	int64		version = 0;

	okr_store_open_read(&s, "structure_version");
	if (version_relid != RelationGetRelid(s.rel) && caches != NULL)
		drop_caches();			/* the extension was created again */
	version_relid = RelationGetRelid(s.rel);
	if (okr_store_find(&s, tenant, false, 0))
	{
		bool		isnull;
		Datum		d = okr_store_get(&s, okr_store_att(&s, "version"), &isnull);

		version = isnull ? 0 : DatumGetInt64(d);
	}
	okr_store_close(&s);
	return version;
}

/*
 * A structure edit of a REPEATABLE READ or SERIALIZABLE transaction, its
 * tenant lock held: refused (40001) if another transaction's structure edit
 * committed after this transaction's snapshot was taken.  okr's structure
 * triggers, SQL under that snapshot, would derive paths and shapes from the
 * structure without it; PostgreSQL likewise refuses to update a row that
 * changed since.  The version is the bumping transaction's id.
 */
void
okr_structure_check_snapshot(text *tenant)
{
	uint64		version;
	TransactionId xid;

	if (!IsolationUsesXactSnapshot())
		return;
	version = (uint64) current_version(tenant);
	if (version == 0 ||
		U64FromFullTransactionId(ReadNextFullTransactionId()) - version > PG_INT32_MAX)
		return;					/* none, or older than any snapshot */
	xid = XidFromFullTransactionId(FullTransactionIdFromU64(version));
	if (TransactionIdIsCurrentTransactionId(xid) ||
		!XidInMVCCSnapshot(xid, GetTransactionSnapshot()))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
			 errmsg("could not serialize access due to a concurrent structure change of tenant \"%s\"",
					text_to_cstring(tenant)),
			 errdetail("Another transaction changed the tenant's objectives, alignments or key results after this transaction's snapshot was taken, and okr derives paths and shapes from the latest structure."),
			 errhint("Retry the transaction.")));
}

static OkrStructure *
new_structure(text *tenant, uint32 hash, int64 version, bool transient)
{
	/* small to start with: most tenants' structures are small */
	MemoryContext cxt = AllocSetContextCreate(transient ? CurrentMemoryContext : TopMemoryContext,
											  "okr structure", ALLOCSET_SMALL_SIZES);
	OkrStructure *st = MemoryContextAllocZero(cxt, sizeof(OkrStructure));
	HASHCTL		ctl;

	st->cxt = cxt;
	st->hash = hash;
	st->tenant = MemoryContextStrdup(cxt, text_to_cstring(tenant));
	st->version = version;
	st->transient = transient;
	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(OkrNode);
	ctl.hcxt = cxt;
	st->nodes = hash_create("okr structure nodes", 64, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	return st;
}

/*
 * The structure of tenant: the backend's cache if it is of the current
 * version (call with the tenant lock held), else a fresh one.  The version
 * is read again only after an invalidation that may announce its bump.
 */
OkrStructure *
okr_structure_open(text *tenant, bool transient)
{
	uint32		hash = DatumGetUInt32(hash_any((const unsigned char *) VARDATA_ANY(tenant),
											   VARSIZE_ANY_EXHDR(tenant)));
	int64		version;
	uint64		verified;
	CacheEntry *entry;
	char	   *name;

	if (transient)
		return new_structure(tenant, hash, 0, true);
	if (caches == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(uint32);
		ctl.entrysize = sizeof(CacheEntry);
		caches = hash_create("okr structure caches", 16, &ctl, HASH_ELEM | HASH_BLOBS);
		CacheRegisterRelcacheCallback(version_invalidated, (Datum) 0);
	}
	AcceptInvalidationMessages();	/* every bump before the tenant lock */
	name = text_to_cstring(tenant);
	entry = hash_search(caches, &hash, HASH_FIND, NULL);
	if (entry != NULL && entry->st->verified == invalidations &&
		strcmp(entry->st->tenant, name) == 0)
	{
		pfree(name);
		return entry->st;
	}
	version = current_version(tenant);
	verified = invalidations;	/* what it read includes any bump announced meanwhile */
	entry = hash_search(caches, &hash, HASH_FIND, NULL);	/* it may drop the caches */
	if (hash_get_num_entries(caches) >= MAX_CACHED && entry == NULL)
		drop_caches();
	if (entry != NULL && (entry->st->version != version || strcmp(entry->st->tenant, name) != 0))
	{
		/* out of the table first: if what follows fails, nothing dangles */
		OkrStructure *stale = entry->st;

		(void) hash_search(caches, &hash, HASH_REMOVE, NULL);
		free_structure(stale);
		entry = NULL;
	}
	if (entry == NULL)
	{
		OkrStructure *st = new_structure(tenant, hash, version, false);

		entry = hash_search(caches, &hash, HASH_ENTER, NULL);
		entry->st = st;
	}
	entry->st->verified = verified;
	pfree(name);
	return entry->st;
}

/*
 * Key results' objectives, cached with the structure they belong to (moving
 * a key result is a structure edit, which bumps the version): the
 * closed-objective check of every check-in finds its key result's
 * objective here (triggers.c), within the backend's budget (above).
 */

typedef struct KeyResultEntry
{
	int64		id;				/* hash key */
	int64		objective;
} KeyResultEntry;

bool
okr_structure_objective_of(OkrStructure *st, int64 key_result, int64 *objective)
{
	KeyResultEntry *entry;

	if (st->key_results == NULL)
		return false;
	entry = hash_search(st->key_results, &key_result, HASH_FIND, NULL);
	if (entry == NULL)
		return false;
	*objective = entry->objective;
	return true;
}

/* Remember key_result's objective, as read under the tenant lock. */
void
okr_structure_set_objective_of(OkrStructure *st, int64 key_result, int64 objective)
{
	KeyResultEntry *entry;
	bool		found;

	if (st->key_results == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(int64);
		ctl.entrysize = sizeof(KeyResultEntry);
		ctl.hcxt = st->cxt;
		st->key_results = hash_create("okr structure key results", 64, &ctl,
									  HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	if (cached_key_results >= MAX_KEY_RESULTS)
		return;
	entry = hash_search(st->key_results, &key_result, HASH_ENTER, &found);
	if (!found)
		cached_key_results++;
	entry->objective = objective;
}

void
okr_structure_close(OkrStructure *st)
{
	if (st->transient)
		MemoryContextDelete(st->cxt);
}

/*
 * The objectives at ids and every objective above them, with what the
 * rollup needs.  Every lookup is an index probe written into the query
 * (LATERAL ... OFFSET 0, scalar subqueries), whatever the statistics.  An
 * objective's parents and their weights come from one scan of its
 * alignments (two ARRAY subqueries were two: a flush after a bulk load
 * loads every objective the load touched).  The two arrays come from the
 * same scan, so their elements pair up in whatever order it returns them
 * (the flush's heap, not this order, decides the order of work); ordered,
 * each was a sort per objective.  W only with $3: a structure edit's flush
 * recomputes every objective it reaches and never reads it, and its
 * children's lookups were a third of that flush's load.
 */
static OkrQuery load_query = {
	"WITH RECURSIVE up (id) AS ("
	"   SELECT * FROM unnest($2::int8[])"
	"   UNION"
	"   SELECT p.parent_id FROM up CROSS JOIN LATERAL ("
	"     SELECT a.parent_id FROM okr.alignment a"
	"      WHERE a.tenant = $1 AND a.child_id = up.id OFFSET 0) p)"
	" SELECT o.id, o.state, o.rollup, o.score IS NOT NULL,"
	"        CASE WHEN NOT $3 THEN 0 ELSE"
	"        CASE WHEN o.rollup <> 'children' THEN (SELECT coalesce(sum(k.weight), 0)"
	"               FROM okr.key_result k WHERE k.tenant = $1 AND k.objective_id = o.id"
	"                AND k.target IS NOT NULL)"	/* unscored without one (model) */
	"             ELSE 0 END"
	"        + CASE WHEN o.rollup <> 'key_results' THEN (SELECT coalesce(sum(a.weight), 0)"
	"               FROM okr.alignment a WHERE a.tenant = $1 AND a.parent_id = o.id"
	"                AND (SELECT c.score IS NOT NULL AND c.state <> 'draft' FROM okr.objective c"
	"                      WHERE c.tenant = a.tenant AND c.id = a.child_id))"
	"             ELSE 0 END END,"
	"        coalesce(p.ids, '{}'), coalesce(p.weights, '{}')"
	"   FROM up CROSS JOIN LATERAL ("
	"     SELECT * FROM okr.objective o WHERE o.tenant = $1 AND o.id = up.id OFFSET 0) o"
	"  CROSS JOIN LATERAL ("
	"     SELECT pg_catalog.array_agg(a.parent_id) AS ids,"
	"            pg_catalog.array_agg(a.weight) AS weights"
	"       FROM okr.alignment a WHERE a.tenant = $1 AND a.child_id = o.id) p",
	3, {TEXTOID, INT8ARRAYOID, BOOLOID}, NULL
};

static void
fill_node(OkrStructure *st, HeapTuple tup, TupleDesc desc)
{
	bool		isnull;
	int64		id = DatumGetInt64(SPI_getbinval(tup, desc, 1, &isnull));
	OkrNode    *node;
	bool		found;
	char	   *state;
	Datum	   *elems;
	int			n,
				i;
	MemoryContext old;

	node = hash_search(st->nodes, &id, HASH_ENTER, &found);
	if (found)
		return;
	memset(((char *) node) + sizeof(int64), 0, sizeof(OkrNode) - sizeof(int64));
	node->depth = -1;
	state = TextDatumGetCString(SPI_getbinval(tup, desc, 2, &isnull));
	node->closed = strcmp(state, "closed") == 0;
	node->draft = strcmp(state, "draft") == 0;
	node->rollup = TextDatumGetCString(SPI_getbinval(tup, desc, 3, &isnull))[0];
	node->scored = DatumGetBool(SPI_getbinval(tup, desc, 4, &isnull));
	node->weight_total = DatumGetFloat8(SPI_getbinval(tup, desc, 5, &isnull));
	old = MemoryContextSwitchTo(st->cxt);
	deconstruct_array(DatumGetArrayTypeP(SPI_getbinval(tup, desc, 6, &isnull)),
					  INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, NULL, &n);
	node->nparents = n;
	node->parents = palloc(sizeof(int64) * Max(n, 1));
	for (i = 0; i < n; i++)
		node->parents[i] = DatumGetInt64(elems[i]);
	deconstruct_array(DatumGetArrayTypeP(SPI_getbinval(tup, desc, 7, &isnull)),
					  FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, NULL, &n);
	node->weights = palloc(sizeof(double) * Max(n, 1));
	for (i = 0; i < n && i < node->nparents; i++)
		node->weights[i] = DatumGetFloat8(elems[i]);
	MemoryContextSwitchTo(old);
}

/*
 * Make sure the objectives at ids, and so all above them, are cached (a
 * cached objective's ancestors always are: they are loaded together).
 * Call inside SPI.  Reads the latest committed state (okr_execute), and a
 * transaction's own edits.
 */
void
okr_structure_load(OkrStructure *st, text *tenant, int64 *ids, int n)
{
	Datum	   *missing = palloc(sizeof(Datum) * Max(n, 1));
	int			nmissing = 0;
	Datum		args[3];
	uint64		r;
	int			i;
	int			rc;

	for (i = 0; i < n; i++)
		if (hash_search(st->nodes, &ids[i], HASH_FIND, NULL) == NULL)
			missing[nmissing++] = Int64GetDatum(ids[i]);
	if (nmissing == 0)
		return;
	args[0] = PointerGetDatum(tenant);
	args[1] = PointerGetDatum(construct_array(missing, nmissing, INT8OID, 8,
											  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	args[2] = BoolGetDatum(!st->transient);
	rc = okr_execute(&load_query, args, false, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "okr: structure query failed: %s", SPI_result_code_string(rc));
	for (r = 0; r < SPI_processed; r++)
		fill_node(st, SPI_tuptable->vals[r], SPI_tuptable->tupdesc);
	SPI_freetuptable(SPI_tuptable);
}

OkrNode *
okr_structure_node(OkrStructure *st, int64 id)
{
	return hash_search(st->nodes, &id, HASH_FIND, NULL);
}

static void
too_deep(int64 id)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("alignments above objective " INT64_FORMAT " nest %d levels deep or form a cycle",
					id, MAX_DEPTH),
			 errdetail("okr takes at most %d levels of alignments (okr.max_depth()), and no cycle.", MAX_DEPTH),
			 errhint(OKR_CYCLE_HINT)));
}

/* Longest path from node up to a root, memoized. */
int32
okr_structure_depth(OkrStructure *st, OkrNode *node)
{
	int32		depth = 0;
	int			i;

	if (node->depth >= 0)
		return node->depth;
	if (node->depth == -2)
		too_deep(node->id);
	check_stack_depth();
	node->depth = -2;
	for (i = 0; i < node->nparents; i++)
	{
		OkrNode    *parent = okr_structure_node(st, node->parents[i]);

		if (parent != NULL)
			depth = Max(depth, okr_structure_depth(st, parent) + 1);
		if (depth >= MAX_DEPTH)
			too_deep(node->id);
	}
	node->depth = depth;
	return depth;
}

/*
 * A structure edit of tenant: every backend's cache of it is stale.  The new
 * version is this transaction's id, never used before in the cluster, so a
 * version is not met again after the table was emptied (TRUNCATE, a restore
 * with --clean), which a counter would start again.
 */
void
okr_structure_bump(text *tenant)
{
	OkrStore	s;
	AttrNumber	att;
	Datum		version = Int64GetDatum((int64) U64FromFullTransactionId(GetTopFullTransactionId()));

	okr_store_open(&s, "structure_version");
	att = okr_store_att(&s, "version");
	if (okr_store_lock(&s, tenant, false, 0))
	{
		bool		nonull = false;

		okr_store_update(&s, 1, &att, &version, &nonull);
	}
	else
	{
		Datum		values[2] = {PointerGetDatum(tenant), version};
		bool		nulls[2] = {false, false};

		okr_store_insert(&s, values, nulls);
	}
	/* sent at commit: other backends read the version again (see above) */
	CacheInvalidateRelcacheByRelid(RelationGetRelid(s.rel));
	okr_store_close(&s);
}

/*
 * okr.structure_bounds(max_paths): what okr.rebuild_structure() is about to
 * write, bounded before it walks a path.  One pass over every alignment,
 * tenant by tenant, in Kahn's order (parents first): each objective's number
 * of paths from top-level objectives is the sum of its parents' (float8:
 * 2^k paths below k two-parent diamonds overflow nothing) and its depth the
 * longest of theirs plus one.  Refuses (54000) an objective with more than
 * max_paths paths or a path deeper than MAX_DEPTH levels, and (XX001) a
 * cycle: what the structure statements refuse when alignments are written
 * through okr's triggers, which rows restored with them disabled skipped.
 * O(alignments) time, O(a tenant's alignments) memory.
 */
typedef struct BoundsEdge
{
	int64		parent;
	int64		child;
} BoundsEdge;

typedef struct BoundsNode
{
	int64		id;				/* hash key */
	int			index;
} BoundsNode;

typedef struct Bounds
{
	int64		max_paths;
	MemoryContext cxt;			/* one tenant's edges and nodes */
	char	   *tenant;			/* in the caller's context */
	BoundsEdge *edges;
	int			nedges;
	int			capacity;
} Bounds;

static int
bounds_index(HTAB *nodes, int64 id, int64 *ids, int *n)
{
	bool		found;
	BoundsNode *node = hash_search(nodes, &id, HASH_ENTER, &found);

	if (!found)
	{
		node->index = (*n)++;
		ids[node->index] = id;
	}
	return node->index;
}

/* One tenant's alignments as a graph: node u's children adj[start[u] .. start[u + 1]). */
typedef struct BoundsGraph
{
	int			n;
	int64	   *ids;			/* node -> objective id */
	int		   *start;
	int		   *adj;
	int		   *waiting;		/* parents not passed yet */
} BoundsGraph;

static void
bounds_graph(Bounds *b, BoundsGraph *g)
{
	int			m = b->nedges;
	HASHCTL		ctl;
	HTAB	   *nodes;
	int		   *from = palloc_extended(sizeof(int) * m, MCXT_ALLOC_HUGE);
	int		   *to = palloc_extended(sizeof(int) * m, MCXT_ALLOC_HUGE);
	int		   *next;
	int			e,
				i;

	ctl.keysize = sizeof(int64);
	ctl.entrysize = sizeof(BoundsNode);
	ctl.hcxt = b->cxt;
	nodes = hash_create("okr structure bounds", Max(m, 16), &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	g->n = 0;
	g->ids = palloc_extended(sizeof(int64) * 2 * m, MCXT_ALLOC_HUGE);
	for (e = 0; e < m; e++)
	{
		from[e] = bounds_index(nodes, b->edges[e].parent, g->ids, &g->n);
		to[e] = bounds_index(nodes, b->edges[e].child, g->ids, &g->n);
	}
	/* counting sort of the edges by their parent's node number */
	g->start = palloc_extended(sizeof(int) * (g->n + 1), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	g->waiting = palloc_extended(sizeof(int) * g->n, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	g->adj = palloc_extended(sizeof(int) * Max(m, 1), MCXT_ALLOC_HUGE);
	next = palloc_extended(sizeof(int) * (g->n + 1), MCXT_ALLOC_HUGE);
	for (e = 0; e < m; e++)
	{
		g->start[from[e] + 1]++;
		g->waiting[to[e]]++;
	}
	for (i = 0; i < g->n; i++)
		g->start[i + 1] += g->start[i];
	memcpy(next, g->start, sizeof(int) * (g->n + 1));
	for (e = 0; e < m; e++)
		g->adj[next[from[e]]++] = to[e];
}

static void
bounds_cycle(Bounds *b, BoundsGraph *g, int passed)
{
	int64		id = PG_INT64_MAX;
	int			i;

	for (i = 0; i < g->n; i++)
		if (g->waiting[i] > 0)
			id = Min(id, g->ids[i]);
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("alignments of tenant \"%s\" form a cycle", b->tenant),
			 errdetail("%d objectives lie on or below a cycle of alignments, objective " INT64_FORMAT " among them; okr.alignment_tree has no path for it.",
					   g->n - passed, id),
			 errhint(OKR_CYCLE_HINT)));
}

/*
 * Kahn's pass over one tenant's alignments: each objective's depth and
 * number of paths (a double: they can be exponential), refused past the
 * limits the write path applies.
 */
static void
bounds_check_tenant(Bounds *b)
{
	MemoryContext old = MemoryContextSwitchTo(b->cxt);
	BoundsGraph g;
	int		   *order,
			   *depth;
	double	   *paths;
	int			head = 0,
				tail = 0,
				i,
				e,
				most = -1,
				deepest = -1;

	bounds_graph(b, &g);
	order = palloc_extended(sizeof(int) * g.n, MCXT_ALLOC_HUGE);
	depth = palloc_extended(sizeof(int) * g.n, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	paths = palloc_extended(sizeof(double) * g.n, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	for (i = 0; i < g.n; i++)
		if (g.waiting[i] == 0)
		{
			paths[i] = 1;		/* a top-level objective: its own path */
			order[tail++] = i;
		}
	while (head < tail)
	{
		int			u = order[head++];

		if (most < 0 || paths[u] > paths[most])
			most = u;
		if (deepest < 0 || depth[u] > depth[deepest])
			deepest = u;
		for (e = g.start[u]; e < g.start[u + 1]; e++)
		{
			int			v = g.adj[e];

			paths[v] += paths[u];
			depth[v] = Max(depth[v], depth[u] + 1);
			if (--g.waiting[v] == 0)
				order[tail++] = v;
		}
	}
	if (tail < g.n)
		bounds_cycle(b, &g, tail);
	if (deepest >= 0 && depth[deepest] >= MAX_DEPTH)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("alignments of tenant \"%s\" nest objectives more than %d levels deep", b->tenant, MAX_DEPTH),
				 errdetail("Objective " INT64_FORMAT " is on level %d below a top-level objective (itself level 1), and okr takes at most %d levels (okr.max_depth()).",
						   g.ids[deepest], depth[deepest] + 1, MAX_DEPTH),
				 errhint("okr refuses such chains when alignments are written; this one comes from writes with " OKR_SKIPPED_CHECKS ". Remove a level of the chain above it, then rebuild.")));
	if (most >= 0 && paths[most] > (double) b->max_paths)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("alignments of tenant \"%s\" would give one objective more than %lld paths in okr.alignment_tree",
						b->tenant, (long long) b->max_paths),
				 errdetail("Objective " INT64_FORMAT " alone has %.15g paths from top-level objectives, and a structure statement writes at most okr.max_paths (%lld): okr.rebuild_structure() refuses before writing any.",
						   g.ids[most], paths[most], (long long) b->max_paths),
				 errhint("Each objective below k objectives with two parents has 2^k paths: remove alignments to several parents above it, or have a superuser raise okr.max_paths, then rebuild.")));
	MemoryContextSwitchTo(old);
	MemoryContextReset(b->cxt);
	b->edges = NULL;
	b->nedges = 0;
	b->capacity = 0;
}

static void
bounds_row(void *arg, HeapTuple tup, TupleDesc desc)
{
	Bounds	   *b = arg;
	bool		isnull;
	char	   *tenant = TextDatumGetCString(SPI_getbinval(tup, desc, 1, &isnull));

	if (b->tenant == NULL || strcmp(tenant, b->tenant) != 0)
	{
		if (b->nedges > 0)
			bounds_check_tenant(b);
		if (b->tenant != NULL)
			pfree(b->tenant);
		b->tenant = tenant;
	}
	else
		pfree(tenant);
	if (b->nedges == b->capacity)
	{
		MemoryContext old = MemoryContextSwitchTo(b->cxt);

		b->capacity = Max(1024, b->capacity * 2);
		b->edges = b->edges == NULL
			? palloc_extended(sizeof(BoundsEdge) * b->capacity, MCXT_ALLOC_HUGE)
			: repalloc_huge(b->edges, sizeof(BoundsEdge) * b->capacity);
		MemoryContextSwitchTo(old);
	}
	b->edges[b->nedges].parent = DatumGetInt64(SPI_getbinval(tup, desc, 2, &isnull));
	b->edges[b->nedges].child = DatumGetInt64(SPI_getbinval(tup, desc, 3, &isnull));
	b->nedges++;
}

PG_FUNCTION_INFO_V1(okr_structure_bounds);
Datum
okr_structure_bounds(PG_FUNCTION_ARGS)
{
	Bounds		b = {0};
	MemoryContext cxt = CurrentMemoryContext;
	SPIPlanPtr	plan;
	Portal		portal;

	b.max_paths = PG_GETARG_INT64(0);
	b.cxt = AllocSetContextCreate(cxt, "okr structure bounds", ALLOCSET_DEFAULT_SIZES);
	okr_spi_connect();
	plan = SPI_prepare("SELECT tenant, parent_id, child_id FROM okr.alignment"
					   " ORDER BY tenant, parent_id, child_id", 0, NULL);
	if (plan == NULL)
		elog(ERROR, "okr: structure bounds query failed: %s", SPI_result_code_string(SPI_result));
	portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);
	okr_read_cursor(portal, cxt, bounds_row, &b);
	if (b.nedges > 0)
		bounds_check_tenant(&b);
	SPI_finish();
	MemoryContextDelete(b.cxt);
	PG_RETURN_VOID();
}

/*
 * acyclic.c — refusing alignment cycles in time proportional to the smaller
 * side of a statement's new edges, not to its depth times its size.
 *
 * A cycle through a new edge child -> parent runs up from parent to child,
 * so every objective on it is an ancestor of a new edge's parent and a
 * descendant of a new edge's child.  okr walks both ways from all new edges
 * at once (each objective visited once, a recursive UNION), with a budget
 * that grows by 4×, until one side is complete; on that closed set one
 * depth-first search finds a cycle if there is one.  So aligning a new
 * objective under a 10,000-deep chain costs its own (empty) subtree, a
 * statement of 10,000 edges one pass over them, and the old per-edge walk
 * (quadratic when a chain is built level by level) is gone.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"

#include "acyclic.h"
#include "query.h"
#include "tenant.h"

/* The first budget: objectives read by one walk before trying the other. */
#define FIRST_BUDGET 1024

/*
 * Objectives reached from the seeds ($1 tenants, $2 ids), at most $3, each
 * with its next objectives in the walk's direction.
 */
#define WALK(next, from) \
	"WITH RECURSIVE w (tenant, id) AS (" \
	"   SELECT DISTINCT d.tenant, d.id FROM unnest($1::text[], $2::int8[]) AS d (tenant, id)" \
	"   UNION" \
	"   SELECT w.tenant, a." next " FROM w CROSS JOIN LATERAL (" \
	"     SELECT a." next " FROM okr.alignment a" \
	"      WHERE a.tenant = w.tenant AND a." from " = w.id OFFSET 0) a)" \
	" SELECT w.tenant, w.id, ARRAY (SELECT a." next " FROM okr.alignment a" \
	"                               WHERE a.tenant = w.tenant AND a." from " = w.id)" \
	"   FROM (SELECT * FROM w LIMIT $3) w"

static OkrQuery walk_up = {WALK("parent_id", "child_id"), 3, {TEXTARRAYOID, INT8ARRAYOID, INT8OID}, NULL};
static OkrQuery walk_down = {WALK("child_id", "parent_id"), 3, {TEXTARRAYOID, INT8ARRAYOID, INT8OID}, NULL};

typedef struct NodeKey
{
	int32		tenant_no;
	int64		id;
} NodeKey;

typedef struct Vertex
{
	NodeKey		key;
	int			nnext;
	int64	   *next;
	int			visit;			/* 0 new, 1 on the search's path, 2 done */
	int			at;				/* next edge to follow */
} Vertex;

static Vertex *
find_vertex(HTAB *nodes, int32 tenant_no, int64 id)
{
	NodeKey		key;

	memset(&key, 0, sizeof(key));
	key.tenant_no = tenant_no;
	key.id = id;
	return hash_search(nodes, &key, HASH_FIND, NULL);
}

/* The closed set a complete walk returned, as a graph. */
static HTAB *
graph(void)
{
	HASHCTL		ctl;
	HTAB	   *nodes;
	uint64		r;

	ctl.keysize = sizeof(NodeKey);
	ctl.entrysize = sizeof(Vertex);
	ctl.hcxt = CurrentMemoryContext;
	nodes = hash_create("okr cycle check", Max(64, (long) SPI_processed), &ctl,
						HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		NodeKey		key;
		Vertex	   *node;
		Datum	   *elems;
		int			i;

		memset(&key, 0, sizeof(key));
		key.tenant_no = okr_tenant_number(DatumGetTextPP(SPI_getbinval(tup, desc, 1, &isnull)));
		key.id = DatumGetInt64(SPI_getbinval(tup, desc, 2, &isnull));
		node = hash_search(nodes, &key, HASH_ENTER, NULL);
		deconstruct_array(DatumGetArrayTypeP(SPI_getbinval(tup, desc, 3, &isnull)),
						  INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, NULL, &node->nnext);
		node->next = palloc(sizeof(int64) * Max(node->nnext, 1));
		for (i = 0; i < node->nnext; i++)
			node->next[i] = DatumGetInt64(elems[i]);
		node->visit = node->at = 0;
	}
	return nodes;
}

/*
 * The new edge on the cycle path[from..top] -> path[from]; the old edges
 * have none, so one is new.
 */
static void
cycle_edge(OkrKeySet *edges, bool up, Vertex **path, int from, int top,
		   int64 *child, int64 *parent)
{
	int			i;

	for (i = from; i <= top; i++)
	{
		Vertex	   *x = path[i];
		Vertex	   *y = path[i < top ? i + 1 : from];
		int64		c = up ? x->key.id : y->key.id;
		int64		p = up ? y->key.id : x->key.id;

		if (okr_keyset_contains(edges, x->key.tenant_no, c, p))
		{
			*child = c;
			*parent = p;
			return;
		}
	}
	/* a cycle of old edges only: written with okr's triggers off */
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("alignments of tenant \"%s\" already form a cycle through objective " INT64_FORMAT,
					text_to_cstring(okr_tenant_text(path[from]->key.tenant_no)), path[from]->key.id),
			 errdetail("The statement's new alignments reach the cycle; none of them is on it."),
			 errhint(OKR_CYCLE_HINT)));
}

/* Iterative depth-first search from start; true and the edge if a cycle. */
static bool
search(HTAB *nodes, Vertex *start, Vertex **path, OkrKeySet *edges, bool up,
	   int64 *child, int64 *parent)
{
	int			top = 0;

	path[0] = start;
	start->visit = 1;
	while (top >= 0)
	{
		Vertex	   *n = path[top];
		Vertex	   *next;

		CHECK_FOR_INTERRUPTS();
		if (n->at == n->nnext)
		{
			n->visit = 2;
			top--;
			continue;
		}
		next = find_vertex(nodes, n->key.tenant_no, n->next[n->at++]);
		if (next == NULL || next->visit == 2)
			continue;
		if (next->visit == 1)
		{
			int			from = top;

			while (path[from] != next)
				from--;
			cycle_edge(edges, up, path, from, top, child, parent);
			return true;
		}
		next->visit = 1;
		path[++top] = next;
	}
	return false;
}

/* Whether the closed set SPI returned holds a cycle, and a new edge on it. */
static bool
find_cycle(OkrKeySet *edges, bool up, int64 *child, int64 *parent)
{
	HTAB	   *nodes = graph();
	Vertex	  **path = palloc(sizeof(Vertex *) * Max(hash_get_num_entries(nodes), 1));
	HASH_SEQ_STATUS seq;
	Vertex	   *n;

	hash_seq_init(&seq, nodes);
	while ((n = hash_seq_search(&seq)) != NULL)
		if (n->visit == 0 && search(nodes, n, path, edges, up, child, parent))
		{
			hash_seq_term(&seq);
			return true;
		}
	return false;
}

/* Walk one way with a budget; true if the walk was complete. */
static bool
walk(OkrQuery *q, Datum tenants, Datum seeds, int64 budget)
{
	Datum		args[3] = {tenants, seeds, Int64GetDatum(budget + 1)};

	okr_run(q, args, SPI_OK_SELECT, 0);
	if ((int64) SPI_processed <= budget)
		return true;
	SPI_freetuptable(SPI_tuptable);
	return false;
}

/*
 * Whether the new edges (a = child, b = parent; call inside SPI, after the
 * statement) close a cycle: if so, a new edge on it.
 */
bool
okr_alignment_cycle(OkrKeySet *edges, int64 *child, int64 *parent)
{
	Datum		args[3];
	int64		budget = Max(FIRST_BUDGET, 4 * (int64) edges->n);
	bool		found;

	if (edges->n == 0)
		return false;
	okr_keyset_args(edges, args);
	for (;; budget *= 4)
	{
		if (walk(&walk_down, args[0], args[1], budget))
		{
			found = find_cycle(edges, false, child, parent);
			break;
		}
		if (walk(&walk_up, args[0], args[2], budget))
		{
			found = find_cycle(edges, true, child, parent);
			break;
		}
	}
	SPI_freetuptable(SPI_tuptable);
	return found;
}

/*
 * structure.h — what the rollup needs to know about a tenant's objectives,
 * cached per backend: each objective's parents with their weights, its
 * depth (longest path up to a root), rollup mode, state, and W, the sum of
 * the weights of its counted, scored inputs.  While structure is fixed
 * (the tenant lock is held shared) a weighted mean is linear, so a change
 * Δ of one input moves the objective by w·Δ/W.
 *
 * Validity: okr.structure_version holds a version per tenant, bumped by
 * every transaction that edits the tenant's structure (it holds the
 * exclusive tenant lock until it commits).  The flush reads it once the
 * tenant lock is held; a cache of another version is dropped.  A flush of a
 * transaction that edits structure uses a transient cache of its own.  A bump
 * also invalidates okr.structure_version's relcache entry, so a backend
 * reads the version again only after one (structure.c); the check-in's
 * closed-objective check answers from the cache too, with each key
 * result's objective.
 */
#ifndef OKR_STRUCTURE_H
#define OKR_STRUCTURE_H

#include "postgres.h"

#include "utils/hsearch.h"

typedef struct OkrNode
{
	int64		id;				/* hash key */
	int32		depth;			/* -1: not known yet; -2: being computed */
	bool		closed;
	bool		draft;
	bool		scored;			/* has a score (so it counts for parents) */
	char		rollup;			/* 'k' key_results, 'c' children, 'b' both */
	double		weight_total;	/* W (0 in a transient cache) */
	int			nparents;
	int64	   *parents;
	double	   *weights;
	/* state of one flush, valid while epoch is the flush's */
	uint64		epoch;
	double		pending;		/* Σ w·Δ of changed inputs */
	bool		queued;
	bool		full;			/* recompute from all inputs */
	bool		closing;		/* closed in this transaction */
	bool		force_parents;	/* its parents must be recomputed */
} OkrNode;

typedef struct OkrStructure
{
	uint32		hash;			/* of the tenant: key of the backend's caches */
	char	   *tenant;
	int64		version;
	uint64		verified;		/* version read at this count of invalidations */
	bool		transient;
	MemoryContext cxt;
	HTAB	   *nodes;
	HTAB	   *key_results;	/* key result id -> objective id, or NULL */
} OkrStructure;

extern OkrStructure *okr_structure_open(text *tenant, bool transient);
extern void okr_structure_close(OkrStructure *st);
extern void okr_structure_load(OkrStructure *st, text *tenant, int64 *ids, int n);
extern OkrNode *okr_structure_node(OkrStructure *st, int64 id);
extern int32 okr_structure_depth(OkrStructure *st, OkrNode *node);
extern bool okr_structure_objective_of(OkrStructure *st, int64 key_result,
									   int64 *objective);
extern void okr_structure_set_objective_of(OkrStructure *st, int64 key_result,
										   int64 objective);
extern void okr_structure_bump(text *tenant);
extern void okr_structure_check_snapshot(text *tenant);

#endif							/* OKR_STRUCTURE_H */

/*
 * acyclic.h — the alignment cycle check of a statement's new edges.
 */
#ifndef OKR_ACYCLIC_H
#define OKR_ACYCLIC_H

#include "postgres.h"

#include "keyset.h"

/*
 * The hint of every error about a cycle already in okr.alignment: okr
 * refuses each one written, so it came from writes that skipped okr's
 * checks: a restore with okr.maintenance off, or triggers disabled.
 */
#define OKR_SKIPPED_CHECKS "okr.maintenance off or triggers disabled"
#define OKR_CYCLE_HINT \
	"okr refuses cycles when alignments are written; one can only come from " \
	"writes with " OKR_SKIPPED_CHECKS ". Remove an alignment on it."

extern bool okr_alignment_cycle(OkrKeySet *edges, int64 *child, int64 *parent);

#endif							/* OKR_ACYCLIC_H */

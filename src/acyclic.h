/*
 * acyclic.h — the alignment cycle check of a statement's new edges.
 */
#ifndef OKR_ACYCLIC_H
#define OKR_ACYCLIC_H

#include "postgres.h"

#include "keyset.h"

extern bool okr_alignment_cycle(OkrKeySet *edges, int64 *child, int64 *parent);

#endif							/* OKR_ACYCLIC_H */

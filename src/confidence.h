/*
 * confidence.h — check-in confidence on each tenant's scale.
 */
#ifndef OKR_CONFIDENCE_H
#define OKR_CONFIDENCE_H

/* ereport 23514 unless confidence lies on tenant's scale (inclusive). */
extern void okr_check_confidence(const char *tenant, double confidence);

#endif							/* OKR_CONFIDENCE_H */

/*
 * notify.h — NOTIFY okr_score_changed: once per changed key result or
 * objective per transaction, at commit, nothing for rolled-back work.
 */
#ifndef OKR_NOTIFY_H
#define OKR_NOTIFY_H

#include "postgres.h"

/* Record a changed score (the tenant's opt-in is looked up once). */
extern void okr_notify_record(int32 tenant_no, bool objective, int64 id,
							  bool old_null, double old_score,
							  bool new_null, double new_score);

/* Record a change by delta of a score whose value is not known here. */
extern void okr_notify_record_delta(int32 tenant_no, bool objective, int64 id,
									double delta);

/* Queue the notifications (called just before commit). */
extern void okr_notify_send(void);

/* A subtransaction of this nest level ends. */
extern void okr_notify_end_subxact(int level, bool aborted);

/* The transaction ended: forget everything. */
extern void okr_notify_forget(void);

#endif							/* OKR_NOTIFY_H */

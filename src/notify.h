/*
 * notify.h — NOTIFY okr_score_changed: once per changed key result or
 * objective per transaction, at commit, nothing for rolled-back work.
 */
#ifndef OKR_NOTIFY_H
#define OKR_NOTIFY_H

/* Record the rows (tenant, id, old score, new score) of the last SPI result. */
extern void okr_notify_record(bool objectives);

/* Queue the notifications (called just before commit). */
extern void okr_notify_send(void);

/* A subtransaction of this nest level ends. */
extern void okr_notify_end_subxact(int level, bool aborted);

/* The transaction ended: forget everything. */
extern void okr_notify_forget(void);

#endif							/* OKR_NOTIFY_H */

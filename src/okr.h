/*
 * okr.h — settings shared by okr's C files.
 *
 * Each setting is a GUC defined in okr.c; its documented meaning lives in
 * README.md ("Settings").
 */
#ifndef OKR_H
#define OKR_H

extern char *okr_tenant;
extern int	okr_fiscal_year_start;
extern double okr_at_risk_gap;
extern double okr_off_track_gap;
extern double okr_grade_yellow;
extern double okr_grade_green;
extern int	okr_max_key_results;
extern bool okr_maintenance;	/* okr.maintenance: off while restoring */

/* The tenant this session writes as (okr.tenant, or the role's bound tenant). */
extern const char *okr_session_tenant(void);

#endif							/* OKR_H */

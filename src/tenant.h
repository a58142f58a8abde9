/*
 * tenant.h — the tenants a transaction touches, and okr's tenant locks.
 *
 * Tenants are numbered per transaction (a hashed set: any number of tenants
 * per statement costs O(1) each).  Structure is guarded by a lock per
 * tenant that SQL cannot take (an object lock tag whose class is the oid of
 * okr.objective): writes of check-ins and outputs hold it shared, structure
 * edits exclusive.  Only the session's tenant (okr_session_tenant()) gets a
 * lock of its own; a statement that writes rows of other tenants takes one
 * database-wide okr lock instead (share or exclusive) unless one it holds
 * covers them, so the number of locks never grows with the number of
 * tenants.  Every per-tenant holder also holds the database-wide lock in an
 * "intent" mode that conflicts only with that, as table locks relate to row
 * locks.
 */
#ifndef OKR_TENANT_H
#define OKR_TENANT_H

#include "postgres.h"

extern int32 okr_tenant_number(text *tenant);
extern text *okr_tenant_text(int32 tenant_no);
extern int32 okr_tenant_count(void);
extern int	okr_tenant_cmp(int32 a, int32 b);
extern void okr_lock_tenant(text *tenant, bool structure, bool wait);
extern void okr_tenant_set_structure(int32 tenant_no);
extern bool okr_tenant_structure(int32 tenant_no);
extern bool okr_tenant_locked_for_structure(text *tenant);
extern bool okr_tenant_cached(int32 tenant_no);
extern void okr_tenant_set_unmaintained(void);
extern void okr_lock_all_tenants(void);
extern int *okr_tenant_notify_flag(int32 tenant_no);
extern void okr_tenant_forget(void);

#endif							/* OKR_TENANT_H */

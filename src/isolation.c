/*
 * isolation.c — tenant isolation's policies planned as index conditions.
 *
 * okr.enable_tenant_isolation() gives each table one policy for everyone:
 *     okr.bound_tenant() IS NULL OR tenant = okr.bound_tenant()
 * The OR cannot be an index condition, so an index scan under it would
 * find other tenants' rows by a bound role's own leakproof conditions and
 * filter them out after: EXPLAIN ANALYZE ("Rows Removed by Filter") or the
 * statistics counters would tell the role that such rows exist, and so,
 * range by range, their indexed values.
 *
 * okr.bound_tenant()'s planner support folds the call to its value when it
 * plans a query under row-level security.  The policy then simplifies to
 * tenant = 'acme' for a bound role, an index condition, so no other
 * tenant's row is read; to nothing for an unbound one.  That value holds as
 * long as the plan does: PostgreSQL plans such queries per current user
 * (the session user is fixed), and the plan is made to depend on
 * okr.tenant_role, whose writes invalidate it; renamed roles reset every
 * plan (policy.c).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "nodes/makefuncs.h"
#include "nodes/pathnodes.h"
#include "nodes/supportnodes.h"
#include "utils/builtins.h"

#include "okr.h"

/* Whether the query being planned is planned per role: row-level security. */
static bool
planned_per_role(PlannerInfo *root)
{
	if (root == NULL)
		return false;			/* an expression outside a query's plan */
	while (root->parent_root != NULL)
		root = root->parent_root;
	return root->parse->hasRowSecurity;
}

PG_FUNCTION_INFO_V1(okr_bound_tenant_support);
Datum
okr_bound_tenant_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	SupportRequestSimplify *req;
	const char *tenant;
	Oid			tenant_role = okr_tenant_role_relid();

	if (!IsA(rawreq, SupportRequestSimplify))
		PG_RETURN_POINTER(NULL);
	req = (SupportRequestSimplify *) rawreq;
	if (!planned_per_role(req->root) || !OidIsValid(tenant_role))
		PG_RETURN_POINTER(NULL);
	tenant = okr_isolated_tenant();
	req->root->glob->relationOids = lappend_oid(req->root->glob->relationOids, tenant_role);
	PG_RETURN_POINTER(makeConst(TEXTOID, -1, req->fcall->funccollid, -1,
								tenant ? PointerGetDatum(cstring_to_text(tenant)) : (Datum) 0,
								tenant == NULL, false));
}

/*
 * isolation.c — tenant isolation's policies planned as index conditions.
 *
 * okr.enable_tenant_isolation() gives each table one policy for everyone:
 *     okr.sees_every_tenant() OR tenant = okr.bound_tenant()
 * An OR cannot be an index condition, so under it an index scan would find
 * other tenants' rows by a bound role's own leakproof conditions and filter
 * them out after: EXPLAIN ANALYZE ("Rows Removed by Filter") or the
 * statistics counters would tell the role that such rows exist, and so,
 * range by range, their indexed values.
 *
 * okr.sees_every_tenant()'s planner support plans it as false for a role
 * bound when the query is planned under row-level security.  The policy
 * then simplifies to tenant = okr.bound_tenant(), an index condition, so no
 * other tenant's row is read.  Only the planned-away half is decided at plan
 * time, and it can only hide rows: the tenant compared is still the one
 * bound when the plan runs, and a plan run once the role is unbound shows
 * nothing rather than everything.  Such plans are planned per current user
 * (PostgreSQL does so under row-level security) and depend on
 * okr.tenant_role, whose writes invalidate them, as does ALTER ROLE
 * (policy.c), so that binding or unbinding a role plans them again.
 */
#include "postgres.h"

#include "nodes/makefuncs.h"
#include "nodes/pathnodes.h"
#include "nodes/supportnodes.h"

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

PG_FUNCTION_INFO_V1(okr_sees_every_tenant);
Datum
okr_sees_every_tenant(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(okr_isolated_tenant() == NULL);
}

PG_FUNCTION_INFO_V1(okr_sees_every_tenant_support);
Datum
okr_sees_every_tenant_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	SupportRequestSimplify *req;
	Oid			tenant_role = okr_tenant_role_relid();

	if (!IsA(rawreq, SupportRequestSimplify))
		PG_RETURN_POINTER(NULL);
	req = (SupportRequestSimplify *) rawreq;
	if (!planned_per_role(req->root) || !OidIsValid(tenant_role))
		PG_RETURN_POINTER(NULL);
	req->root->glob->relationOids = lappend_oid(req->root->glob->relationOids, tenant_role);
	if (okr_isolated_tenant() == NULL)
		PG_RETURN_POINTER(NULL);	/* unbound: asked again when it runs */
	PG_RETURN_POINTER(makeBoolConst(false, false));
}

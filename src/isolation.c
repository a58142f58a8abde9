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
 * okr.sees_every_tenant()'s planner support plans it as false when the
 * query is planned under row-level security for a role bound by its own
 * row of okr.tenant_role.  The policy then simplifies to tenant =
 * okr.bound_tenant(), an index condition, so no other tenant's row is read;
 * the tenant compared is still the one bound when the plan runs.  Such
 * plans are planned per current user (PostgreSQL does so under row-level
 * security), which is all the role's own binding depends on, and they
 * depend on okr.tenant_role, whose writes invalidate them, as does ALTER
 * ROLE (policy.c), so that binding or unbinding a role plans them again.  A
 * binding that comes from the session role (a bound login SET ROLE to an
 * unbound role) is not planned away: the session role is not part of what
 * a plan is cached by, and it can change (SET SESSION AUTHORIZATION).
 */
#include "postgres.h"

#include "nodes/makefuncs.h"
#include "nodes/pathnodes.h"
#include "nodes/supportnodes.h"

#include "okr.h"

/*
 * Whether the query being planned is planned per role: row-level security
 * applied by the rewriter (the plan cache rewrites it again for another
 * role), or in a SQL function the planner inlined (the plan is marked as
 * the role's).
 */
static bool
planned_per_role(PlannerInfo *root)
{
	if (root == NULL)
		return false;			/* an expression outside a query's plan */
	if (root->glob->dependsOnRole)
		return true;
	while (root->parent_root != NULL)
		root = root->parent_root;
	return root->parse->hasRowSecurity;
}

PG_FUNCTION_INFO_V1(okr_sees_every_tenant);
Datum
okr_sees_every_tenant(PG_FUNCTION_ARGS)
{
	bool		own;

	PG_RETURN_BOOL(okr_isolated_tenant(&own) == NULL);
}

PG_FUNCTION_INFO_V1(okr_sees_every_tenant_support);
Datum
okr_sees_every_tenant_support(PG_FUNCTION_ARGS)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	SupportRequestSimplify *req;
	bool		own;

	if (!IsA(rawreq, SupportRequestSimplify))
		PG_RETURN_POINTER(NULL);	/* costs, rows: the defaults */
	req = (SupportRequestSimplify *) rawreq;
	if (!planned_per_role(req->root))
		PG_RETURN_POINTER(NULL);
	/* okr.tenant_role exists: this function came with it */
	req->root->glob->relationOids = lappend_oid(req->root->glob->relationOids,
												okr_tenant_role_relid());
	if (okr_isolated_tenant(&own) == NULL || !own)
		PG_RETURN_POINTER(NULL);	/* asked again when it runs */
	PG_RETURN_POINTER(makeBoolConst(false, false));
}

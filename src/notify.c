/*
 * notify.c — announcing changed scores with NOTIFY okr_score_changed.
 *
 * Opt-in per tenant (okr.tenant_config.notify): for a tenant that did not
 * opt in nothing is recorded or sent, so NOTIFY's commit-time queue lock
 * caps nobody's throughput.  The rollup records every maintained score it
 * changes; just before commit each key result or objective whose score
 * differs from what it was when the transaction started is announced once,
 * with a payload that names only what changed, not the values:
 *   {"kind":"objective","id":2}
 * (a listener reads the scores it may read through the tables and views).
 * NOTIFY itself is transactional (nothing is sent on rollback); a
 * subtransaction that aborts takes its changes back here too, so a flush
 * inside a rolled-back savepoint announces nothing.
 */
#include "postgres.h"

#include <math.h>

#include "access/xact.h"
#include "commands/async.h"
#include "lib/stringinfo.h"
#include "nodes/pg_list.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"

#include "notify.h"
#include "okr.h"
#include "store.h"
#include "tenant.h"

typedef struct ChangeKey
{
	int32		tenant_no;		/* okr_tenant_number() */
	int32		objective;		/* objective (1) or key result (0) */
	int64		id;
} ChangeKey;

/* A new score of an outer subtransaction level, restored if an inner aborts. */
typedef struct SavedScore
{
	int			level;
	bool		isnull;
	double		score;
} SavedScore;

typedef struct ScoreChange
{
	ChangeKey	key;
	int			level;			/* nest level that first recorded it */
	bool		old_null;
	bool		new_null;
	double		old_score;
	double		new_score;
	int			new_level;		/* nest level that last set new_* */
	List	   *saved;			/* SavedScore *: new_* of outer levels, innermost first */
} ScoreChange;

static HTAB *changes = NULL;	/* in TopTransactionContext */

/*
 * Whether tenant opted in to notifications (okr.tenant_config.notify; off
 * when the table or the row is missing).  Looked up once per transaction
 * and tenant, in the backend's policy cache (policy.c): no SQL on the
 * check-in path once the tenant's row is cached.  The rollup runs as the
 * owner, exempt from row-level security: it sees every tenant's row.
 */
static bool
notify_enabled(int32 tenant_no)
{
	int		   *flag = okr_tenant_notify_flag(tenant_no);

	if (*flag < 0)
	{
		OkrPolicy	p;

		okr_tenant_policy(text_to_cstring(okr_tenant_text(tenant_no)), &p);
		*flag = p.notify;
	}
	return *flag > 0;
}

void
okr_notify_record(int32 tenant_no, bool objective, int64 id,
				  bool old_null, double old_score, bool new_null, double new_score)
{
	int			level = GetCurrentTransactionNestLevel();
	ChangeKey	key;
	ScoreChange *c;
	bool		found;

	if (!notify_enabled(tenant_no))
		return;
	if (changes == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(ChangeKey);
		ctl.entrysize = sizeof(ScoreChange);
		ctl.hcxt = TopTransactionContext;
		changes = hash_create("okr score changes", 64, &ctl,
							  HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	memset(&key, 0, sizeof(key));
	key.tenant_no = tenant_no;
	key.objective = objective;
	key.id = id;
	c = hash_search(changes, &key, HASH_ENTER, &found);
	if (!found)
	{
		c->level = c->new_level = level;
		c->saved = NIL;
		c->old_null = old_null;
		c->old_score = old_null ? 0 : old_score;
	}
	else if (level > c->new_level)
	{
		MemoryContext old = MemoryContextSwitchTo(TopTransactionContext);
		SavedScore *saved = palloc(sizeof(SavedScore));

		saved->level = c->new_level;
		saved->isnull = c->new_null;
		saved->score = c->new_score;
		c->saved = lcons(saved, c->saved);
		c->new_level = level;
		MemoryContextSwitchTo(old);
	}
	c->new_null = new_null;
	c->new_score = new_null ? 0 : new_score;
}

/*
 * Record a change by delta of a score whose value this transaction does not
 * know (an objective whose change went to okr.pending_score): what it
 * announces is whether its own changes add up to a change.
 */
void
okr_notify_record_delta(int32 tenant_no, bool objective, int64 id, double delta)
{
	ChangeKey	key;
	ScoreChange *c = NULL;

	if (!notify_enabled(tenant_no))
		return;
	memset(&key, 0, sizeof(key));
	key.tenant_no = tenant_no;
	key.objective = objective;
	key.id = id;
	if (changes != NULL)
		c = hash_search(changes, &key, HASH_FIND, NULL);
	if (c == NULL)
		okr_notify_record(tenant_no, objective, id, false, 0, false, delta);
	else
		okr_notify_record(tenant_no, objective, id, c->old_null, c->old_score,
						  c->new_null, c->new_score + delta);
}

/* Scores that differ by rounding only (delta propagation) are the same. */
static bool
unchanged(ScoreChange *c)
{
	if (c->old_null || c->new_null)
		return c->old_null == c->new_null;
	return fabs(c->old_score - c->new_score) <= 1e-12 * Max(1.0, fabs(c->old_score));
}

void
okr_notify_send(void)
{
	HASH_SEQ_STATUS seq;
	ScoreChange *c;
	StringInfoData buf;

	if (changes == NULL)
		return;
	initStringInfo(&buf);
	hash_seq_init(&seq, changes);
	while ((c = hash_seq_search(&seq)) != NULL)
	{
		if (unchanged(c))
			continue;
		resetStringInfo(&buf);
		appendStringInfo(&buf, "{\"kind\":\"%s\",\"id\":" INT64_FORMAT "}",
						 c->key.objective ? "objective" : "key_result", c->key.id);
		Async_Notify("okr_score_changed", buf.data);
	}
}

void
okr_notify_end_subxact(int level, bool aborted)
{
	HASH_SEQ_STATUS seq;
	ScoreChange *c;

	if (changes == NULL)
		return;
	hash_seq_init(&seq, changes);
	while ((c = hash_seq_search(&seq)) != NULL)
	{
		if (c->level >= level)
		{
			if (aborted)
			{
				(void) hash_search(changes, &c->key, HASH_REMOVE, NULL);
				continue;
			}
			c->level = level - 1;
		}
		if (c->new_level < level)
			continue;
		if (!aborted)
		{
			c->new_level = level - 1;
			if (c->saved != NIL && ((SavedScore *) linitial(c->saved))->level == level - 1)
				c->saved = list_delete_first(c->saved);
			continue;
		}
		/* back to the new score of the enclosing level */
		while (c->saved != NIL)
		{
			SavedScore *saved = (SavedScore *) linitial(c->saved);

			c->saved = list_delete_first(c->saved);
			if (saved->level < level)
			{
				c->new_null = saved->isnull;
				c->new_score = saved->score;
				c->new_level = saved->level;
				break;
			}
		}
	}
}

void
okr_notify_forget(void)
{
	/* The memory goes with TopTransactionContext. */
	changes = NULL;
}

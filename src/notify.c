/*
 * notify.c — announcing changed scores with NOTIFY okr_score_changed.
 *
 * The rollup records every maintained score it changes; just before commit
 * each key result or objective whose score differs from what it was when the
 * transaction started is announced once, with a JSON payload
 *   {"tenant":"acme","kind":"objective","id":2,"old_score":0.25,"new_score":0.5}.
 * NOTIFY itself is transactional (nothing is sent on rollback); a
 * subtransaction that aborts takes its changes back here too, so a flush
 * inside a rolled-back savepoint announces nothing.
 */
#include "postgres.h"

#include "access/xact.h"
#include "commands/async.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "nodes/pg_list.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/hsearch.h"
#include "utils/json.h"
#include "utils/memutils.h"

#include "notify.h"
#include "rollup.h"

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

void
okr_notify_record(bool objectives)
{
	int			level = GetCurrentTransactionNestLevel();
	uint64		i;

	if (changes == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(ChangeKey);
		ctl.entrysize = sizeof(ScoreChange);
		ctl.hcxt = TopTransactionContext;
		changes = hash_create("okr score changes", 64, &ctl,
							  HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}

	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		ChangeKey	key;
		ScoreChange *c;
		bool		found;
		Datum		d;

		memset(&key, 0, sizeof(key));
		key.tenant_no = okr_tenant_number(DatumGetTextPP(SPI_getbinval(tup, desc, 1, &isnull)));
		key.objective = objectives;
		key.id = DatumGetInt64(SPI_getbinval(tup, desc, 2, &isnull));
		c = hash_search(changes, &key, HASH_ENTER, &found);
		if (!found)
		{
			c->level = c->new_level = level;
			c->saved = NIL;
			d = SPI_getbinval(tup, desc, 3, &c->old_null);
			c->old_score = c->old_null ? 0 : DatumGetFloat8(d);
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
		d = SPI_getbinval(tup, desc, 4, &c->new_null);
		c->new_score = c->new_null ? 0 : DatumGetFloat8(d);
	}
}

static void
append_score(StringInfo buf, bool isnull, double v)
{
	if (isnull)
		appendStringInfoString(buf, "null");
	else
		appendStringInfoString(buf, float8out_internal(v));
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
		if (c->old_null == c->new_null &&
			(c->old_null || c->old_score == c->new_score))
			continue;
		resetStringInfo(&buf);
		appendStringInfoString(&buf, "{\"tenant\":");
		escape_json(&buf, text_to_cstring(okr_tenant_text(c->key.tenant_no)));
		appendStringInfo(&buf, ",\"kind\":\"%s\",\"id\":" INT64_FORMAT ",\"old_score\":",
						 c->key.objective ? "objective" : "key_result", c->key.id);
		append_score(&buf, c->old_null, c->old_score);
		appendStringInfoString(&buf, ",\"new_score\":");
		append_score(&buf, c->new_null, c->new_score);
		appendStringInfoChar(&buf, '}');
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

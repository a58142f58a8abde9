/*
 * tenant.c — tenant numbering and tenant locks (see tenant.h).
 */
#include "postgres.h"

#include "catalog/namespace.h"
#include "common/hashfn.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#include "compat.h"
#include "okr.h"
#include "store.h"
#include "tenant.h"

/* objsubid of the two kinds of lock tag */
#define TENANT_LOCK 1
#define DATABASE_LOCK 2

typedef struct TenantName
{
	const char *data;
	Size		len;
} TenantName;

typedef struct Tenant
{
	TenantName	name;			/* hash key; data owned by the entry */
	int32		number;
	bool		structure;		/* this transaction edits its structure */
	int			notify;			/* opted in to NOTIFY: -1 not looked up */
	text	   *text;
} Tenant;

/*
 * This transaction wrote okr's tables with okr.maintenance off, unlocked and
 * unrecorded: no tenant's structure cache can be trusted until it ends.
 */
static bool unmaintained = false;

/* All of it lives in TopTransactionContext. */
static HTAB *by_name = NULL;
static Tenant **by_number = NULL;
static int32 ntenants = 0;
static int32 capacity = 0;

static uint32
name_hash(const void *key, Size keysize)
{
	const TenantName *n = key;

	return DatumGetUInt32(hash_any((const unsigned char *) n->data, (int) n->len));
}

static int
name_match(const void *a, const void *b, Size keysize)
{
	const TenantName *x = a;
	const TenantName *y = b;

	return x->len == y->len ? memcmp(x->data, y->data, x->len) : 1;
}

static Tenant *
add_tenant(TenantName *name)
{
	Tenant	   *t;
	bool		found;
	MemoryContext old;

	if (by_name == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(TenantName);
		ctl.entrysize = sizeof(Tenant);
		ctl.hash = name_hash;
		ctl.match = name_match;
		ctl.hcxt = TopTransactionContext;
		by_name = hash_create("okr tenants", 16, &ctl,
							  HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_CONTEXT);
	}
	t = hash_search(by_name, name, HASH_ENTER, &found);
	if (found)
		return t;
	old = MemoryContextSwitchTo(TopTransactionContext);
	t->text = cstring_to_text_with_len(name->data, (int) name->len);
	t->name.data = VARDATA(t->text);
	t->number = ntenants;
	t->structure = false;
	t->notify = -1;
	if (ntenants == capacity)
	{
		capacity = Max(16, capacity * 2);
		by_number = by_number == NULL ? palloc(sizeof(Tenant *) * capacity)
			: repalloc(by_number, sizeof(Tenant *) * capacity);
	}
	by_number[ntenants++] = t;
	MemoryContextSwitchTo(old);
	return t;
}

static Tenant *
find_tenant(text *tenant)
{
	TenantName	name;

	name.data = VARDATA_ANY(tenant);
	name.len = VARSIZE_ANY_EXHDR(tenant);
	return add_tenant(&name);
}

int32
okr_tenant_number(text *tenant)
{
	return find_tenant(tenant)->number;
}

text *
okr_tenant_text(int32 tenant_no)
{
	return by_number[tenant_no]->text;
}

int32
okr_tenant_count(void)
{
	return ntenants;
}

/* Order of tenants in the global lock order: by their bytes. */
int
okr_tenant_cmp(int32 a, int32 b)
{
	TenantName *x = &by_number[a]->name;
	TenantName *y = &by_number[b]->name;
	int			c = memcmp(x->data, y->data, Min(x->len, y->len));

	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

void
okr_tenant_set_structure(int32 tenant_no)
{
	by_number[tenant_no]->structure = true;
}

bool
okr_tenant_structure(int32 tenant_no)
{
	return by_number[tenant_no]->structure;
}

/* May the closed-objective check of tenant_no trust its structure cache? */
bool
okr_tenant_cached(int32 tenant_no)
{
	return !unmaintained && !by_number[tenant_no]->structure;
}

void
okr_tenant_set_unmaintained(void)
{
	unmaintained = true;
}

int *
okr_tenant_notify_flag(int32 tenant_no)
{
	return &by_number[tenant_no]->notify;
}

void
okr_tenant_forget(void)
{
	/* The memory goes with TopTransactionContext. */
	by_name = NULL;
	by_number = NULL;
	ntenants = capacity = 0;
	unmaintained = false;
}

/*
 * Lock tags SQL cannot take: class = okr.objective's oid (no catalog), so
 * neither pg_advisory_lock nor any DDL of another object collides.
 */
static void
lock_tag(LOCKTAG *tag, uint32 objid, uint16 kind)
{
	SET_LOCKTAG_OBJECT(*tag, MyDatabaseId, okr_relation_oid("objective"), objid, kind);
}

static bool
acquire(uint32 objid, uint16 kind, LOCKMODE mode, bool wait)
{
	LOCKTAG		tag;

	lock_tag(&tag, objid, kind);
	return LockAcquire(&tag, mode, false, !wait) != LOCKACQUIRE_NOT_AVAIL;
}

static uint32
tenant_objid(Tenant *t)
{
	return DatumGetUInt32(hash_any((const unsigned char *) t->name.data, (int) t->name.len));
}

static void
not_available(Tenant *t)
{
	ereport(ERROR,
			(errcode(ERRCODE_LOCK_NOT_AVAILABLE),
			 errmsg("could not lock okr tenant \"%s\"", text_to_cstring(t->text)),
			 errdetail("The statement writes rows of a tenant other than the session's, which needs okr's database-wide lock, and another transaction is using it."),
			 errhint("Write each tenant's rows in a session of that tenant, or retry.")));
}

/*
 * Whether this transaction holds a lock that covers t (the tenant's own,
 * taken with the database-wide one in intent mode, or the database-wide one).
 */
static bool
held_lock_covers(Tenant *t, bool structure)
{
	LOCKTAG		tag;

	lock_tag(&tag, tenant_objid(t), TENANT_LOCK);
	if (okr_lock_held(&tag, ExclusiveLock) || (!structure && okr_lock_held(&tag, ShareLock)))
		return true;
	lock_tag(&tag, 0, DATABASE_LOCK);
	return okr_lock_held(&tag, ExclusiveLock) || (!structure && okr_lock_held(&tag, ShareLock));
}

/*
 * Take the lock that covers tenant.  Rows already touched must not wait for
 * it (that could deadlock with a transaction waiting for those rows): with
 * wait = false, a lock that is not free at once is an error to retry.  A
 * tenant other than the session's needs the database-wide lock unless one
 * held covers it already: the commit's flush of a check-in made before the
 * session changed okr.tenant waited for it, in a cycle with a structure
 * edit waiting for the tenant's own lock.
 */
void
okr_lock_tenant(text *tenant, bool structure, bool wait)
{
	Tenant	   *t = find_tenant(tenant);
	const char *own = okr_session_tenant();
	bool		ok;

	if (structure)
		t->structure = true;
	if (strlen(own) == t->name.len && memcmp(own, t->name.data, t->name.len) == 0)
		ok = acquire(0, DATABASE_LOCK, structure ? RowExclusiveLock : RowShareLock, wait) &&
			acquire(tenant_objid(t), TENANT_LOCK, structure ? ExclusiveLock : ShareLock, wait);
	else
		ok = held_lock_covers(t, structure) ||
			acquire(0, DATABASE_LOCK, structure ? ExclusiveLock : ShareLock, wait);
	if (!ok)
		not_available(t);
}

/*
 * Whether this transaction holds tenant's structure lock now (exclusive,
 * its own or the database-wide one): a savepoint that took it and was rolled
 * back released it, though the tenant stays marked as edited.
 */
bool
okr_tenant_locked_for_structure(text *tenant)
{
	return held_lock_covers(find_tenant(tenant), true);
}

/*
 * Wait for every check-in and structure edit of every tenant, and keep them
 * waiting until this transaction ends: for what bumps every tenant's
 * structure version (TRUNCATE, okr.rebuild()).
 */
void
okr_lock_all_tenants(void)
{
	(void) acquire(0, DATABASE_LOCK, ExclusiveLock, true);
}

/*
 * keyset.c — distinct keys, hashed and as arrays (see keyset.h).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/array.h"

#include "keyset.h"
#include "tenant.h"

typedef struct Key
{
	int32		tenant_no;
	int64		a;
	int64		b;
} Key;

typedef struct KeyEntry
{
	Key			key;
	int			index;			/* into the arrays */
} KeyEntry;

void
okr_keyset_init(OkrKeySet *ks)
{
	HASHCTL		ctl;

	memset(ks, 0, sizeof(*ks));
	ks->size = 16;
	ks->tenant = palloc(sizeof(Datum) * ks->size);
	ks->tenant_no = palloc(sizeof(int32) * ks->size);
	ks->a = palloc(sizeof(Datum) * ks->size);
	ks->b = palloc(sizeof(Datum) * ks->size);
	ctl.keysize = sizeof(Key);
	ctl.entrysize = sizeof(KeyEntry);
	ctl.hcxt = CurrentMemoryContext;
	ks->seen = hash_create("okr keys", 64, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
}

static void
grow(OkrKeySet *ks)
{
	ks->size *= 2;
	ks->tenant = repalloc(ks->tenant, sizeof(Datum) * ks->size);
	ks->tenant_no = repalloc(ks->tenant_no, sizeof(int32) * ks->size);
	ks->a = repalloc(ks->a, sizeof(Datum) * ks->size);
	ks->b = repalloc(ks->b, sizeof(Datum) * ks->size);
}

void
okr_keyset_add(OkrKeySet *ks, int32 tenant_no, int64 a, int64 b)
{
	Key			key;
	KeyEntry   *entry;
	bool		found;

	memset(&key, 0, sizeof(key));
	key.tenant_no = tenant_no;
	key.a = a;
	key.b = b;
	entry = hash_search(ks->seen, &key, HASH_ENTER, &found);
	if (found)
		return;
	if (ks->n == ks->size)
		grow(ks);
	entry->index = ks->n;
	ks->tenant[ks->n] = PointerGetDatum(okr_tenant_text(tenant_no));
	ks->tenant_no[ks->n] = tenant_no;
	ks->a[ks->n] = Int64GetDatum(a);
	ks->b[ks->n] = Int64GetDatum(b);
	ks->n++;
}

bool
okr_keyset_contains(OkrKeySet *ks, int32 tenant_no, int64 a, int64 b)
{
	Key			key;

	memset(&key, 0, sizeof(key));
	key.tenant_no = tenant_no;
	key.a = a;
	key.b = b;
	return hash_search(ks->seen, &key, HASH_FIND, NULL) != NULL;
}

/* args[0..2]: text[] tenants, int8[] a, int8[] b */
void
okr_keyset_args(OkrKeySet *ks, Datum *args)
{
	args[0] = PointerGetDatum(construct_array(ks->tenant, ks->n, TEXTOID, -1, false, TYPALIGN_INT));
	args[1] = PointerGetDatum(construct_array(ks->a, ks->n, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	args[2] = PointerGetDatum(construct_array(ks->b, ks->n, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

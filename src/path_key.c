/*
 * path_key.c — okr.path_key(parent, id), the key of a path of
 * okr.objective_path (sql/install/55-structure.sql): the md5 of the parent
 * path's key as text, '/' and the id (of the id alone at a root), read as a
 * uuid.  The same value as md5(COALESCE(parent::text || '/', '') ||
 * id::text)::uuid, without the hex text md5() returns and its parse back:
 * every path written computes one, a tenth of a COPY of objectives.
 */
#include "postgres.h"

#include "common/md5.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/uuid.h"

/* uuid_out's form: lower-case hex, '-' after bytes 4, 6, 8 and 10 */
static int
uuid_text(const pg_uuid_t *uuid, char *out)
{
	static const char hex[] = "0123456789abcdef";
	int			len = 0;
	int			i;

	for (i = 0; i < UUID_LEN; i++)
	{
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[len++] = '-';
		out[len++] = hex[uuid->data[i] >> 4];
		out[len++] = hex[uuid->data[i] & 0x0F];
	}
	return len;
}

PG_FUNCTION_INFO_V1(okr_path_key);
Datum
okr_path_key(PG_FUNCTION_ARGS)
{
	char		text[UUID_LEN * 2 + 4 + 1 + MAXINT8LEN + 1];
	int			len = 0;
	pg_uuid_t  *key;
	const char *errstr = NULL;

	if (PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (!PG_ARGISNULL(0))
	{
		len = uuid_text(PG_GETARG_UUID_P(0), text);
		text[len++] = '/';
	}
	len += pg_lltoa(PG_GETARG_INT64(1), text + len);
	key = palloc(sizeof(pg_uuid_t));
	if (!pg_md5_binary(text, len, key->data, &errstr))
		ereport(ERROR,
				(errcode(ERRCODE_SYSTEM_ERROR),
				 errmsg("could not compute the MD5 hash of a path key: %s", errstr),
				 errdetail("okr keys each path of okr.alignment_tree by an MD5 hash of its ids."),
				 errhint("A server whose cryptography library refuses MD5 (FIPS mode) cannot store alignments.")));
	PG_RETURN_UUID_P(key);
}

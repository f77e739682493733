# tests/e2e/objects_pg_more.sh: more object-kind mutations (so_obj_mutation, tests/e2e/mutations_pg.sh), sourced
# by tests/e2e/objects_pg.t after mutations_pg.sh; same fixture (objects_pg_fixture.sql), same checks.

# ALTER COLUMN ... TYPE between types PostgreSQL has no cast for: USING col::text::type (common/src/pg_casts.c).
# film.release_year holds 2006 (a domain over integer): to interval (2006 seconds) through text
so_obj_mutation obj_column_domain_to_interval additive \
	'ALTER TABLE film ALTER COLUMN release_year TYPE interval USING release_year::text::interval;'
# an enum to another enum with the same labels, default kept: through text both ways
so_obj_mutation obj_column_enum_to_enum additive \
	"ALTER TABLE film ALTER COLUMN rating DROP DEFAULT;
	 ALTER TABLE film ALTER COLUMN rating TYPE e2e_rating2 USING rating::text::e2e_rating2;
	 ALTER TABLE film ALTER COLUMN rating SET DEFAULT 'G';" \
	"CREATE TYPE e2e_rating2 AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');"
# a direct cast that must stay direct: numeric 1.50 -> integer rounds to 2; through text it would fail
so_obj_mutation obj_column_numeric_to_integer additive \
	'ALTER TABLE actor ALTER COLUMN e2e_score TYPE integer;' \
	'ALTER TABLE actor ADD COLUMN e2e_score numeric(6,2); UPDATE actor SET e2e_score = 1.5;'
# an array of a domain to an array of times (no cast between the elements): through text (NULL values)
so_obj_mutation obj_column_domain_array_to_time_array additive \
	'ALTER TABLE film ALTER COLUMN e2e_years TYPE time without time zone[] USING e2e_years::text::time without time zone[];' \
	'ALTER TABLE film ADD COLUMN e2e_years year[];'

# function and procedure privileges (top-level "grants", kind function / procedure; no entry = the default:
# PUBLIC may EXECUTE)
so_obj_mutation obj_function_revoke_public full \
	'REVOKE EXECUTE ON FUNCTION last_day(timestamp with time zone) FROM PUBLIC;'
so_obj_mutation obj_function_grant_role additive \
	'GRANT EXECUTE ON FUNCTION film_in_stock(integer, integer) TO so_e2e_reader;'
so_obj_mutation obj_procedure_grant_with_option additive \
	'GRANT EXECUTE ON PROCEDURE e2e_proc(integer) TO so_e2e_writer WITH GRANT OPTION;' \
	'CREATE PROCEDURE e2e_proc(n integer) LANGUAGE sql AS $$ SELECT n $$;'
so_obj_mutation obj_function_grant_back_to_public additive \
	'GRANT EXECUTE ON FUNCTION inventory_held_by_customer(integer) TO PUBLIC;' \
	'REVOKE EXECUTE ON FUNCTION inventory_held_by_customer(integer) FROM PUBLIC;'
so_obj_mutation obj_function_grants_swap full \
	'REVOKE EXECUTE ON FUNCTION e2e_gfn(integer) FROM so_e2e_reader;
	 GRANT EXECUTE ON FUNCTION e2e_gfn(integer) TO so_e2e_writer, PUBLIC;' \
	'CREATE FUNCTION e2e_gfn(n integer) RETURNS integer LANGUAGE sql AS $$ SELECT n $$;
	 REVOKE EXECUTE ON FUNCTION e2e_gfn(integer) FROM PUBLIC; GRANT EXECUTE ON FUNCTION e2e_gfn(integer) TO so_e2e_reader;'
# a function recreated (another signature): it comes back with the default privileges, then the target's
so_obj_mutation obj_function_recreated_with_grants full \
	'DROP FUNCTION e2e_rfn(integer);
	 CREATE FUNCTION e2e_rfn(n bigint) RETURNS bigint LANGUAGE sql AS $$ SELECT n $$;
	 REVOKE EXECUTE ON FUNCTION e2e_rfn(bigint) FROM PUBLIC; GRANT EXECUTE ON FUNCTION e2e_rfn(bigint) TO so_e2e_reader;' \
	'CREATE FUNCTION e2e_rfn(n integer) RETURNS integer LANGUAGE sql AS $$ SELECT n $$;
	 REVOKE EXECUTE ON FUNCTION e2e_rfn(integer) FROM PUBLIC; GRANT EXECUTE ON FUNCTION e2e_rfn(integer) TO so_e2e_writer;'
# a function with privileges dropped: its down creates it again with them
so_obj_mutation obj_function_dropped_with_grants full \
	'DROP FUNCTION e2e_dfn(integer);' \
	'CREATE FUNCTION e2e_dfn(n integer) RETURNS integer LANGUAGE sql AS $$ SELECT n $$;
	 REVOKE EXECUTE ON FUNCTION e2e_dfn(integer) FROM PUBLIC; GRANT EXECUTE ON FUNCTION e2e_dfn(integer) TO so_e2e_reader;'

# default privileges of the schema (top-level "default_privileges": ALTER DEFAULT PRIVILEGES FOR ROLE ... IN SCHEMA)
so_obj_mutation obj_default_privileges_grant additive \
	"DO \$\$BEGIN EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO so_e2e_reader',
		current_schema()); END\$\$;"
so_obj_mutation obj_default_privileges_revoke full \
	"DO \$\$BEGIN EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE EXECUTE ON FUNCTIONS FROM so_e2e_writer',
		current_schema()); END\$\$;" \
	"DO \$\$BEGIN
		EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT EXECUTE ON FUNCTIONS TO so_e2e_writer', current_schema());
		EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE ON SEQUENCES TO so_e2e_reader', current_schema());
	END\$\$;"
so_obj_mutation obj_default_privileges_grant_option additive \
	"DO \$\$BEGIN EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE ON TYPES TO so_e2e_reader WITH GRANT OPTION',
		current_schema()); END\$\$;" \
	"DO \$\$BEGIN EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE ON TYPES TO so_e2e_reader',
		current_schema()); END\$\$;"
so_obj_mutation obj_default_privileges_drop_option full \
	"DO \$\$BEGIN EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE GRANT OPTION FOR SELECT ON TABLES FROM so_e2e_writer',
		current_schema()); END\$\$;" \
	"DO \$\$BEGIN EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO so_e2e_writer WITH GRANT OPTION',
		current_schema()); END\$\$;"
# another role's default privileges (pg_default_acl.defaclrole = so_e2e_writer, the plan runs as the superuser):
# without FOR ROLE the statement would set the current role's; every step names defaclrole, as pg_dump does
so_obj_mutation obj_default_privileges_other_role additive \
	"DO \$\$BEGIN EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE so_e2e_writer IN SCHEMA %I GRANT SELECT ON TABLES TO so_e2e_reader',
		current_schema()); END\$\$;"
so_obj_mutation obj_default_privileges_other_role_revoke full \
	"DO \$\$BEGIN EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE so_e2e_writer IN SCHEMA %I REVOKE USAGE ON SEQUENCES FROM so_e2e_reader',
		current_schema()); END\$\$;" \
	"DO \$\$BEGIN EXECUTE format('ALTER DEFAULT PRIVILEGES FOR ROLE so_e2e_writer IN SCHEMA %I GRANT USAGE ON SEQUENCES TO so_e2e_reader', current_schema());
		EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE ON SEQUENCES TO so_e2e_reader', current_schema()); END\$\$;"

# declarative partitioning: ATTACH PARTITION, and DETACH + ATTACH for another bound or parent
PART_PRE="CREATE TABLE e2e_pm (id integer NOT NULL, at date NOT NULL, v text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
	 CREATE INDEX e2e_pm_v ON e2e_pm (v);
	 CREATE TABLE e2e_pm_2024 PARTITION OF e2e_pm FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
	 INSERT INTO e2e_pm VALUES (1, '2024-02-01', 'a');
	 CREATE TABLE e2e_pm_2025 (id integer NOT NULL, at date NOT NULL, v text);
	 INSERT INTO e2e_pm_2025 VALUES (2, '2025-03-01', 'b');"
so_obj_mutation obj_partition_attach additive \
	"ALTER TABLE e2e_pm ATTACH PARTITION e2e_pm_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');" "$PART_PRE"
so_obj_mutation obj_partition_attach_default additive \
	"ALTER TABLE e2e_pm ATTACH PARTITION e2e_pm_2025 DEFAULT;" "$PART_PRE"
so_obj_mutation obj_partition_attach_with_own_index additive \
	"ALTER TABLE e2e_pm ATTACH PARTITION e2e_pm_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');" \
	"$PART_PRE CREATE INDEX e2e_pm_2025_own ON e2e_pm_2025 (at);"
so_obj_mutation obj_partition_bound_change additive \
	"ALTER TABLE e2e_pm DETACH PARTITION e2e_pm_2024;
	 ALTER TABLE e2e_pm ATTACH PARTITION e2e_pm_2024 FOR VALUES FROM ('2023-01-01') TO ('2025-01-01');" "$PART_PRE"
so_obj_mutation obj_partition_list_bound_change additive \
	"ALTER TABLE e2e_pl DETACH PARTITION e2e_pl_eu;
	 ALTER TABLE e2e_pl ATTACH PARTITION e2e_pl_eu FOR VALUES IN ('de', 'fr', 'it');" \
	"CREATE TABLE e2e_pl (id integer NOT NULL, region text NOT NULL) PARTITION BY LIST (region);
	 CREATE TABLE e2e_pl_eu PARTITION OF e2e_pl FOR VALUES IN ('de', 'fr');
	 INSERT INTO e2e_pl VALUES (1, 'de');"
so_obj_mutation obj_partition_move_parent additive \
	"ALTER TABLE e2e_pm DETACH PARTITION e2e_pm_2024;
	 ALTER TABLE e2e_pm_old ATTACH PARTITION e2e_pm_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');" \
	"$PART_PRE CREATE TABLE e2e_pm_old (id integer NOT NULL, at date NOT NULL, v text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
	 CREATE INDEX e2e_pm_old_v ON e2e_pm_old (v);"
# the same without the online recipe's CHECK: offline plans and keys it cannot express keep the plain ATTACH
so_obj_mutation obj_partition_attach_expression_key additive \
	"ALTER TABLE e2e_px ATTACH PARTITION e2e_px_a FOR VALUES IN ('a');" \
	"CREATE TABLE e2e_px (id integer NOT NULL, code text NOT NULL) PARTITION BY LIST (lower(code));
	 CREATE TABLE e2e_px_a (id integer NOT NULL, code text NOT NULL);
	 INSERT INTO e2e_px_a VALUES (1, 'A');"
so_obj_mutation obj_partition_attach_maxvalue additive \
	"ALTER TABLE e2e_pm ATTACH PARTITION e2e_pm_2025 FOR VALUES FROM ('2025-01-01') TO (MAXVALUE);" "$PART_PRE"
# a partition that becomes a plain table: DETACH PARTITION ... CONCURRENTLY (outside a transaction) and the
# CHECK it adds dropped; plain DETACH when the parent has a DEFAULT partition; the detached table's own
# changes after the DETACH
so_obj_mutation obj_partition_detach additive \
	"ALTER TABLE e2e_pm DETACH PARTITION e2e_pm_2024;" "$PART_PRE"
so_obj_mutation obj_partition_detach_list additive \
	"ALTER TABLE e2e_pl DETACH PARTITION e2e_pl_eu;" \
	"CREATE TABLE e2e_pl (id integer NOT NULL, region text NOT NULL) PARTITION BY LIST (region);
	 CREATE TABLE e2e_pl_eu PARTITION OF e2e_pl FOR VALUES IN ('de', 'fr');
	 CREATE TABLE e2e_pl_us PARTITION OF e2e_pl FOR VALUES IN ('us');
	 INSERT INTO e2e_pl VALUES (1, 'de'), (2, 'us');"
so_obj_mutation obj_partition_detach_with_default additive \
	"ALTER TABLE e2e_pm DETACH PARTITION e2e_pm_2024;" \
	"$PART_PRE CREATE TABLE e2e_pm_rest PARTITION OF e2e_pm DEFAULT;"
so_obj_mutation obj_partition_detach_then_change full \
	"ALTER TABLE e2e_pm DETACH PARTITION e2e_pm_2024;
	 ALTER TABLE e2e_pm_2024 DROP COLUMN v;
	 ALTER TABLE e2e_pm_2024 ADD COLUMN note text;
	 CREATE INDEX e2e_pm_2024_note ON e2e_pm_2024 (note);" "$PART_PRE"
# user casts (top-level "casts": CREATE CAST / DROP CAST; no ALTER CAST, so a change drops and creates)
CAST_PRE="CREATE TYPE e2e_price AS (amount numeric, currency text);
	 CREATE FUNCTION e2e_price_text(e2e_price) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT \$1.amount || '' '' || \$1.currency';
	 CREATE FUNCTION e2e_price_text2(e2e_price) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT \$1.currency || '' '' || \$1.amount';"
so_obj_mutation obj_cast_add additive \
	"CREATE CAST (e2e_price AS text) WITH FUNCTION e2e_price_text(e2e_price) AS ASSIGNMENT;" "$CAST_PRE"
so_obj_mutation obj_cast_drop full \
	"DROP CAST (e2e_price AS text);" \
	"$CAST_PRE CREATE CAST (e2e_price AS text) WITH FUNCTION e2e_price_text(e2e_price);"
so_obj_mutation obj_cast_change additive \
	"DROP CAST (e2e_price AS text); CREATE CAST (e2e_price AS text) WITH FUNCTION e2e_price_text2(e2e_price) AS IMPLICIT;" \
	"$CAST_PRE CREATE CAST (e2e_price AS text) WITH FUNCTION e2e_price_text(e2e_price);"
so_obj_mutation obj_cast_inout additive \
	"CREATE CAST (e2e_price AS varchar) WITH INOUT;" "$CAST_PRE"
# a cast whose function is dropped and recreated (another result type: no CREATE OR REPLACE): DROP CAST before
# the DROP FUNCTION (the cast depends on it), CREATE CAST after the function is back
so_obj_mutation obj_cast_function_recreated additive \
	"DROP CAST (e2e_price AS text); DROP FUNCTION e2e_price_text(e2e_price);
	 CREATE FUNCTION e2e_price_text(e2e_price) RETURNS varchar LANGUAGE sql IMMUTABLE AS 'SELECT \$1.currency';
	 CREATE CAST (e2e_price AS text) WITH FUNCTION e2e_price_text(e2e_price) AS ASSIGNMENT;" \
	"$CAST_PRE CREATE CAST (e2e_price AS text) WITH FUNCTION e2e_price_text(e2e_price) AS ASSIGNMENT;"
# the same cast changed too (context): dropped early, created as the target says
so_obj_mutation obj_cast_function_recreated_changed additive \
	"DROP CAST (e2e_price AS text); DROP FUNCTION e2e_price_text(e2e_price);
	 CREATE FUNCTION e2e_price_text(e2e_price) RETURNS varchar LANGUAGE sql IMMUTABLE AS 'SELECT \$1.currency';
	 CREATE CAST (e2e_price AS text) WITH FUNCTION e2e_price_text(e2e_price) AS IMPLICIT;" \
	"$CAST_PRE CREATE CAST (e2e_price AS text) WITH FUNCTION e2e_price_text(e2e_price);"
# a cast on a type that is dropped and recreated (composite -> enum): its function follows, the cast too
so_obj_mutation obj_cast_type_recreated additive \
	"DROP CAST (e2e_k AS text); DROP FUNCTION e2e_k_text(e2e_k); DROP TYPE e2e_k;
	 CREATE TYPE e2e_k AS ENUM ('x', 'y');
	 CREATE FUNCTION e2e_k_text(e2e_k) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT ''k''::text';
	 CREATE CAST (e2e_k AS text) WITH FUNCTION e2e_k_text(e2e_k);" \
	"CREATE TYPE e2e_k AS (a integer);
	 CREATE FUNCTION e2e_k_text(e2e_k) RETURNS text LANGUAGE sql IMMUTABLE AS 'SELECT ''k''::text';
	 CREATE CAST (e2e_k AS text) WITH FUNCTION e2e_k_text(e2e_k);"
# column changes of a partitioned table: planned on the parent only (PostgreSQL applies ADD / DROP COLUMN,
# ALTER COLUMN TYPE, SET / DROP DEFAULT, SET / DROP NOT NULL to every partition); a partition's own change stays
PARTED_PRE="$PART_PRE CREATE TABLE e2e_pm_2023 PARTITION OF e2e_pm FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
	 INSERT INTO e2e_pm VALUES (3, '2023-05-01', 'c');"
so_obj_mutation obj_partitioned_add_column additive \
	"ALTER TABLE e2e_pm ADD COLUMN note text NOT NULL DEFAULT 'n';" "$PARTED_PRE"
so_obj_mutation obj_partitioned_drop_column full \
	"ALTER TABLE e2e_pm DROP COLUMN v;" "$PARTED_PRE"
so_obj_mutation obj_partitioned_column_type additive \
	"ALTER TABLE e2e_pm ALTER COLUMN v TYPE varchar(20);" "$PARTED_PRE"
so_obj_mutation obj_partitioned_defaults additive \
	"ALTER TABLE e2e_pm ALTER COLUMN v SET DEFAULT 'd'; ALTER TABLE e2e_pm ALTER COLUMN v SET NOT NULL;" "$PARTED_PRE"
so_obj_mutation obj_partitioned_drop_not_null additive \
	"ALTER TABLE e2e_pm ALTER COLUMN v DROP NOT NULL;" \
	"$PARTED_PRE ALTER TABLE e2e_pm ALTER COLUMN v SET NOT NULL;"
so_obj_mutation obj_partition_own_default additive \
	"ALTER TABLE e2e_pm_2024 ALTER COLUMN v SET DEFAULT 'p';" "$PARTED_PRE"
so_obj_mutation obj_partitioned_default_over_own additive \
	"ALTER TABLE e2e_pm ALTER COLUMN v SET DEFAULT 'd'; ALTER TABLE e2e_pm_2024 ALTER COLUMN v SET DEFAULT 'p';" "$PARTED_PRE"
# a new index of a partitioned table adopts a partition's matching index (CREATE INDEX attaches it): the plan
# does not drop it; the down (DROP INDEX on the parent takes it along) builds it again
so_obj_mutation obj_partitioned_index_adopts additive \
	"CREATE INDEX e2e_pm_at ON e2e_pm (at);" \
	"$PARTED_PRE CREATE INDEX e2e_pm_2023_own_at ON e2e_pm_2023 (at);"
# a partition detached into a plain table without the keys it inherited: they are dropped after the DETACH
so_obj_mutation obj_partition_detach_without_pk additive \
	"ALTER TABLE e2e_pm DETACH PARTITION e2e_pm_2024;
	 DO \$\$BEGIN EXECUTE (SELECT format('ALTER TABLE e2e_pm_2024 DROP CONSTRAINT %I', conname) FROM pg_constraint
		WHERE conrelid = 'e2e_pm_2024'::regclass AND contype = 'p'); END\$\$;" "$PART_PRE"
so_obj_mutation obj_partition_detach_without_unique additive \
	"ALTER TABLE e2e_pu DETACH PARTITION e2e_pu_1;
	 DO \$\$BEGIN EXECUTE (SELECT format('ALTER TABLE e2e_pu_1 DROP CONSTRAINT %I', conname) FROM pg_constraint
		WHERE conrelid = 'e2e_pu_1'::regclass AND contype = 'u'); END\$\$;" \
	"CREATE TABLE e2e_pu (id integer NOT NULL, at date NOT NULL, code text, UNIQUE (code, at)) PARTITION BY RANGE (at);
	 CREATE TABLE e2e_pu_1 PARTITION OF e2e_pu FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
	 INSERT INTO e2e_pu VALUES (1, '2024-03-01', 'x');"

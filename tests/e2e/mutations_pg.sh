# tests/e2e/mutations_pg.sh: the scripted schema changes the PostgreSQL convergence test applies to the v2 copy
# of Pagila (sourced). Each mutation is
#
#   so_mutation NAME KIND SQL [PRE [TODO]]
#
#   NAME  short identifier, used in test names
#   KIND  additive: non-destructive; the script converges under both strategies (additive and full)
#         full:     needs drops (drop column/index/table/constraint, or a rename, which without a
#                   `renamed_from` hint is a drop plus an add); converges only under {"strategy":"full"}
#   SQL   run in the v2 schema only (search_path is set to it), unqualified names
#   TODO  optional: a known bug (someone else's) that makes the catalog-dump check of this mutation fail; the
#         check is then reported as TAP TODO (see lib.sh), naming the bug
#   PRE   optional setup run in BOTH copies before the mutation, for changes that need a starting point the
#         fixture lacks (Pagila has no varchar columns, no check constraints and no table that no view reads)
#
# All mutations together must also apply cleanly, in this order, to one copy: each targets its own column.
#
# Pagila's views pin the columns they read (PostgreSQL refuses to retype or drop them): actor_info, film_list
# and nicer_but_slower_film_list read actor/film/film_actor/film_category/category; customer_list and
# staff_list read customer/staff/address/city/country; sales_by_* and the materialized view rental_by_category
# read payment/rental/inventory/store. The targets below are columns no view reads (customer.active,
# address.address2, address.district, staff.password/username/picture, rental.staff_id), or changes views do
# not care about (defaults, NOT NULL, indexes, constraints, comments, new columns).
# The marker row lives in actor; no mutation drops or narrows anything in actor.

SO_MUT_NAMES=()
SO_MUT_KIND=()
SO_MUT_SQL=()
SO_MUT_PRE=()
SO_MUT_TODO=()

so_mutation() {
	SO_MUT_NAMES+=("$1")
	SO_MUT_KIND+=("$2")
	SO_MUT_SQL+=("$3")
	SO_MUT_PRE+=("${4:-}")
	SO_MUT_TODO+=("${5:-}")
}

so_mutation add_column_nullable additive \
	'ALTER TABLE actor ADD COLUMN middle_name text;'
so_mutation add_column_not_null_default additive \
	'ALTER TABLE film ADD COLUMN is_archived boolean NOT NULL DEFAULT false;'
so_mutation drop_column full \
	'ALTER TABLE customer DROP COLUMN active;'
so_mutation widen_varchar additive \
	'ALTER TABLE address ALTER COLUMN address2 TYPE varchar(120);' \
	'ALTER TABLE address ALTER COLUMN address2 TYPE varchar(50);'
so_mutation int_to_bigint additive \
	'ALTER TABLE rental ALTER COLUMN staff_id TYPE bigint;'
so_mutation text_to_varchar additive \
	'ALTER TABLE staff ALTER COLUMN password TYPE varchar(40);'
so_mutation change_default additive \
	'ALTER TABLE film ALTER COLUMN rental_duration SET DEFAULT 5;'
so_mutation drop_default additive \
	'ALTER TABLE customer ALTER COLUMN create_date DROP DEFAULT;'
so_mutation set_not_null additive \
	'ALTER TABLE customer ALTER COLUMN email SET NOT NULL;'
so_mutation drop_not_null additive \
	'ALTER TABLE staff ALTER COLUMN username DROP NOT NULL;'
so_mutation add_index_partial additive \
	'CREATE INDEX idx_rental_open ON rental (inventory_id) WHERE return_date IS NULL;'
so_mutation add_index_expression additive \
	'CREATE INDEX idx_customer_lower_email ON customer (lower(email));'
so_mutation add_index_desc additive \
	'CREATE INDEX idx_rental_date_desc ON rental (rental_date DESC, customer_id);'
so_mutation add_unique_index additive \
	'CREATE UNIQUE INDEX idx_staff_username ON staff (username);'
so_mutation drop_index full \
	'DROP INDEX idx_title;'
so_mutation new_table additive \
	'CREATE TABLE film_review (
	    review_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	    film_id integer NOT NULL REFERENCES film (film_id) ON DELETE CASCADE,
	    stars smallint NOT NULL CONSTRAINT film_review_stars_check CHECK (stars BETWEEN 1 AND 5),
	    body text,
	    created_at timestamp with time zone NOT NULL DEFAULT now()
	);'
so_mutation drop_table full \
	'DROP TABLE e2e_scratch;' \
	'CREATE TABLE e2e_scratch (id integer PRIMARY KEY, note text);'
so_mutation change_fk additive \
	'ALTER TABLE film_actor DROP CONSTRAINT film_actor_film_id_fkey;
	 ALTER TABLE film_actor ADD CONSTRAINT film_actor_film_id_fkey FOREIGN KEY (film_id)
	     REFERENCES film (film_id) ON UPDATE CASCADE ON DELETE CASCADE;'
so_mutation add_check additive \
	'ALTER TABLE film ADD CONSTRAINT film_length_positive CHECK (length > 0);'
so_mutation drop_check full \
	'ALTER TABLE staff DROP CONSTRAINT staff_email_check;' \
	"ALTER TABLE staff ADD CONSTRAINT staff_email_check CHECK (email LIKE '%@%');"
so_mutation add_unique_constraint additive \
	'ALTER TABLE category ADD CONSTRAINT category_name_key UNIQUE (name);'
so_mutation table_comment additive \
	"COMMENT ON TABLE inventory IS 'one row per physical copy of a film';"
so_mutation column_comment additive \
	"COMMENT ON COLUMN inventory.store_id IS 'the store holding the copy';"
so_mutation collation_change additive \
	'ALTER TABLE address ALTER COLUMN district TYPE text COLLATE "C";'
so_mutation rename_column_full full \
	'ALTER TABLE staff RENAME COLUMN picture TO photo;'
so_mutation add_sequence_default additive \
	'CREATE SEQUENCE language_code_seq;
	 ALTER TABLE language ADD COLUMN code integer NOT NULL DEFAULT nextval('"'"'language_code_seq'"'"'::regclass);'

# ---- adversarial cases: quoting, identity, generated columns, FK options, index options, partitions, order --
so_mutation quoted_identifiers additive \
	'ALTER TABLE actor ADD COLUMN "MixedCase" text;
	 ALTER TABLE actor ADD COLUMN "order" integer;
	 ALTER TABLE actor ADD COLUMN "user" text DEFAULT current_user;
	 CREATE TABLE "film note" ("Note Id" integer PRIMARY KEY, "select" text NOT NULL);
	 CREATE INDEX "Idx Film Note Select" ON "film note" ("select");'
so_mutation comment_quotes_newlines additive \
	"COMMENT ON TABLE store IS 'it''s a store
with a \"quoted\" word; -- not a comment
and a backslash \\ here';
	 COMMENT ON COLUMN store.manager_staff_id IS 'O''Brien''s \$\$dollar\$\$ quote';"
so_mutation add_identity additive \
	'ALTER TABLE e2e_ident_add ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY;' \
	'CREATE TABLE e2e_ident_add (id integer NOT NULL PRIMARY KEY, note text);'
so_mutation drop_identity additive \
	'ALTER TABLE e2e_ident_drop ALTER COLUMN id DROP IDENTITY;' \
	'CREATE TABLE e2e_ident_drop (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, note text);'
so_mutation identity_always_to_default additive \
	'ALTER TABLE e2e_ident_a2d ALTER COLUMN id SET GENERATED BY DEFAULT;' \
	'CREATE TABLE e2e_ident_a2d (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text);'
so_mutation identity_default_to_always additive \
	'ALTER TABLE e2e_ident_d2a ALTER COLUMN id SET GENERATED ALWAYS;' \
	'CREATE TABLE e2e_ident_d2a (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, note text);'
so_mutation add_generated_stored additive \
	'ALTER TABLE film ADD COLUMN title_length integer GENERATED ALWAYS AS (length(title)) STORED;'
so_mutation fk_deferrable additive \
	'ALTER TABLE store ADD CONSTRAINT store_address_deferred_fkey FOREIGN KEY (address_id)
	     REFERENCES address (address_id) DEFERRABLE INITIALLY DEFERRED;'
so_mutation fk_match_full_set_null additive \
	'ALTER TABLE customer ADD COLUMN referrer_id integer;
	 ALTER TABLE customer ADD CONSTRAINT customer_referrer_fkey FOREIGN KEY (referrer_id)
	     REFERENCES customer (customer_id) MATCH FULL ON DELETE SET NULL;'
so_mutation fk_multi_column additive \
	'ALTER TABLE e2e_mc_child ADD CONSTRAINT e2e_mc_child_fkey FOREIGN KEY (a, b) REFERENCES e2e_mc_parent (b, a);' \
	'CREATE TABLE e2e_mc_parent (a integer, b integer, PRIMARY KEY (a, b));
	 CREATE TABLE e2e_mc_child (id integer PRIMARY KEY, a integer, b integer);'
so_mutation index_partial_unique additive \
	'CREATE UNIQUE INDEX idx_customer_email_active ON customer (email) WHERE activebool;'
so_mutation index_include additive \
	'CREATE INDEX idx_film_title_include ON film (title) INCLUDE (release_year, rating);'
so_mutation index_opclass additive \
	'CREATE INDEX idx_film_title_pattern ON film (title text_pattern_ops);'
so_mutation index_desc_nulls_last additive \
	'CREATE INDEX idx_rental_return_desc ON rental (return_date DESC NULLS LAST, rental_id NULLS FIRST);'
so_mutation index_hash additive \
	'CREATE INDEX idx_customer_email_hash ON customer USING hash (email);'
so_mutation index_gin additive \
	'CREATE INDEX idx_film_features_gin ON film USING gin (special_features);
	 CREATE INDEX idx_film_fulltext_gin ON film USING gin (fulltext);'
so_mutation add_domain_enum_columns additive \
	"ALTER TABLE inventory ADD COLUMN made_in year;
	 ALTER TABLE inventory ADD COLUMN rating_override mpaa_rating DEFAULT 'PG-13';"
so_mutation numeric_widen additive \
	'ALTER TABLE film ALTER COLUMN replacement_cost TYPE numeric(12,2);'
so_mutation new_partition additive \
	"CREATE TABLE payment_p2026_08 PARTITION OF payment FOR VALUES FROM ('2026-08-01 00:00:00+00') TO ('2026-09-01 00:00:00+00');"
so_mutation new_table_fk_from_existing additive \
	'CREATE TABLE loyalty_tier (tier_id integer PRIMARY KEY, label text NOT NULL);
	 ALTER TABLE customer ADD COLUMN tier_id integer REFERENCES loyalty_tier (tier_id);'
so_mutation unique_then_fk additive \
	'ALTER TABLE e2e_lang_code ADD CONSTRAINT e2e_lang_code_code_key UNIQUE (code);
	 ALTER TABLE e2e_lang_alias ADD CONSTRAINT e2e_lang_alias_code_fkey FOREIGN KEY (code) REFERENCES e2e_lang_code (code);' \
	'CREATE TABLE e2e_lang_code (id integer PRIMARY KEY, code text NOT NULL);
	 CREATE TABLE e2e_lang_alias (alias text PRIMARY KEY, code text NOT NULL);'
so_mutation check_no_inherit additive \
	'ALTER TABLE staff ADD CONSTRAINT staff_store_positive CHECK (store_id > 0) NO INHERIT;'
so_mutation sequence_owned_by additive \
	'CREATE SEQUENCE store_ticket_seq AS integer START 100 INCREMENT 5 CACHE 10;
	 ALTER SEQUENCE store_ticket_seq OWNED BY store.store_id;'
so_mutation new_table_new_sequence additive \
	"CREATE SEQUENCE e2e_note_seq;
	 CREATE TABLE e2e_note (id bigint PRIMARY KEY DEFAULT nextval('e2e_note_seq'), body text);"
so_mutation default_schema_function additive \
	'ALTER TABLE rental ADD COLUMN due_month_end date DEFAULT last_day(now());'
so_mutation drop_indexed_column full \
	'ALTER TABLE address DROP COLUMN e2e_code;' \
	'ALTER TABLE address ADD COLUMN e2e_code text;
	 CREATE INDEX idx_address_e2e_code ON address (e2e_code);
	 CREATE INDEX idx_address_e2e_code_lower ON address (lower(e2e_code)) WHERE e2e_code IS NOT NULL;'
so_mutation collation_new_column additive \
	'ALTER TABLE city ADD COLUMN city_sort text COLLATE "C";
	 ALTER TABLE language ALTER COLUMN name TYPE character(20) COLLATE "C";'
# Out of scope for format version 1 (the snapshot carries them opaque, so a difference is an UNSUPPORTED change,
# not a converging one): identity sequence options (START/INCREMENT of an identity), NULLS NOT DISTINCT,
# index storage parameters (WITH (fillfactor = ...)), COMMENT ON CONSTRAINT.
so_mutation index_comment additive \
	"COMMENT ON INDEX idx_fk_language_id IS 'lookup by language';"
so_mutation sequence_comment_and_options additive \
	"COMMENT ON SEQUENCE category_category_id_seq IS 'category ids';
	 ALTER SEQUENCE country_country_id_seq INCREMENT BY 3 MAXVALUE 100000 CYCLE;"
so_mutation change_check_expression additive \
	'ALTER TABLE e2e_ck DROP CONSTRAINT e2e_ck_qty_check;
	 ALTER TABLE e2e_ck ADD CONSTRAINT e2e_ck_qty_check CHECK (qty >= 0 AND qty < 1000);' \
	'CREATE TABLE e2e_ck (id integer PRIMARY KEY, qty integer CONSTRAINT e2e_ck_qty_check CHECK (qty > 0));'
so_mutation change_index_predicate additive \
	'DROP INDEX idx_e2e_pred;
	 CREATE INDEX idx_e2e_pred ON e2e_pred (flag, id) WHERE flag;' \
	'CREATE TABLE e2e_pred (id integer PRIMARY KEY, flag boolean);
	 CREATE INDEX idx_e2e_pred ON e2e_pred (flag) WHERE NOT flag;'
so_mutation replace_primary_key additive \
	'ALTER TABLE e2e_pk_child DROP CONSTRAINT e2e_pk_child_parent_fkey;
	 ALTER TABLE e2e_pk_parent DROP CONSTRAINT e2e_pk_parent_pkey;
	 ALTER TABLE e2e_pk_parent ADD CONSTRAINT e2e_pk_parent_pkey PRIMARY KEY (code);
	 ALTER TABLE e2e_pk_child ALTER COLUMN parent TYPE text;
	 ALTER TABLE e2e_pk_child ADD CONSTRAINT e2e_pk_child_parent_fkey FOREIGN KEY (parent) REFERENCES e2e_pk_parent (code);' \
	'CREATE TABLE e2e_pk_parent (id integer CONSTRAINT e2e_pk_parent_pkey PRIMARY KEY, code text NOT NULL);
	 CREATE TABLE e2e_pk_child (id integer PRIMARY KEY, parent integer CONSTRAINT e2e_pk_child_parent_fkey REFERENCES e2e_pk_parent (id));'
so_mutation fk_target_type_change additive \
	'ALTER TABLE e2e_tt_child ALTER COLUMN parent TYPE bigint;
	 ALTER TABLE e2e_tt_parent ALTER COLUMN id TYPE bigint;' \
	'CREATE TABLE e2e_tt_parent (id integer PRIMARY KEY);
	 CREATE TABLE e2e_tt_child (id integer PRIMARY KEY, parent integer REFERENCES e2e_tt_parent (id));'
so_mutation drop_tables_with_fk full \
	'DROP TABLE e2e_dr_child; DROP TABLE e2e_dr_parent;' \
	'CREATE TABLE e2e_dr_parent (id integer PRIMARY KEY);
	 CREATE TABLE e2e_dr_child (id integer PRIMARY KEY, parent integer REFERENCES e2e_dr_parent (id));'
so_mutation drop_checked_column full \
	'ALTER TABLE e2e_dc DROP COLUMN qty;' \
	'CREATE TABLE e2e_dc (id integer PRIMARY KEY, qty integer CONSTRAINT e2e_dc_qty_check CHECK (qty > 0), other integer, CONSTRAINT e2e_dc_both CHECK (qty > other));'
so_mutation odd_types additive \
	"ALTER TABLE e2e_types ADD COLUMN t3 timestamp(3) without time zone DEFAULT now();
	 ALTER TABLE e2e_types ADD COLUMN tz time with time zone;
	 ALTER TABLE e2e_types ADD COLUMN iv interval DEFAULT '1 day'::interval;
	 ALTER TABLE e2e_types ADD COLUMN bits bit(8) DEFAULT B'00001111';
	 ALTER TABLE e2e_types ADD COLUMN tags varchar(20)[] DEFAULT '{}'::varchar[];
	 ALTER TABLE e2e_types ADD COLUMN ratings mpaa_rating[];
	 ALTER TABLE e2e_types ADD COLUMN qt text DEFAULT 'it''s
two lines';
	 ALTER TABLE e2e_types ADD COLUMN js jsonb DEFAULT '{\"a\": [1, 2]}';
	 ALTER TABLE e2e_types ADD COLUMN big \"bıgınt\";
	 ALTER TABLE e2e_types ADD COLUMN ch \"char\";" \
	'CREATE TABLE e2e_types (id integer PRIMARY KEY);'
so_mutation weird_table_names additive \
	'CREATE TABLE "we""ird.name" ("a""b" integer PRIMARY KEY, "Ü" text);
	 CREATE TABLE "CamelTable" ("Id" integer PRIMARY KEY, ref integer REFERENCES "we""ird.name" ("a""b"));
	 COMMENT ON COLUMN "CamelTable"."Id" IS $$the "Id"$$;
	 CREATE INDEX "CamelTable_lower" ON "CamelTable" (("Id" + 1) DESC);'
so_mutation index_on_partitioned additive \
	'CREATE INDEX idx_payment_amount ON payment (amount);'
so_mutation generated_expression_change additive \
	'ALTER TABLE e2e_gen DROP COLUMN total;
	 ALTER TABLE e2e_gen ADD COLUMN total integer GENERATED ALWAYS AS (qty * price + 1) STORED;' \
	'CREATE TABLE e2e_gen (id integer PRIMARY KEY, qty integer, price integer, total integer GENERATED ALWAYS AS (qty * price) STORED);'
so_mutation generated_drop_expression additive \
	'ALTER TABLE e2e_gen2 ALTER COLUMN total DROP EXPRESSION;' \
	'CREATE TABLE e2e_gen2 (id integer PRIMARY KEY, qty integer, total integer GENERATED ALWAYS AS (qty * 2) STORED);'
so_mutation index_key_collation additive \
	'CREATE INDEX idx_city_city_c ON city (city COLLATE "C" DESC);'
so_mutation unique_deferrable additive \
	'ALTER TABLE e2e_ud ADD CONSTRAINT e2e_ud_code_key UNIQUE (code) DEFERRABLE INITIALLY DEFERRED;' \
	'CREATE TABLE e2e_ud (id integer PRIMARY KEY, code text);'
so_mutation type_change_with_index additive \
	'ALTER TABLE e2e_ti ALTER COLUMN code TYPE varchar(30);' \
	"CREATE TABLE e2e_ti (id integer PRIMARY KEY, code text DEFAULT 'x' NOT NULL);
	 CREATE INDEX idx_e2e_ti_code ON e2e_ti (code);"
so_mutation set_not_null_with_default additive \
	"ALTER TABLE e2e_nn ALTER COLUMN code SET DEFAULT 'none';
	 ALTER TABLE e2e_nn ALTER COLUMN code SET NOT NULL;" \
	"CREATE TABLE e2e_nn (id integer PRIMARY KEY, code text);
	 INSERT INTO e2e_nn VALUES (1, 'one');"

# ---- plans (diff-plans): the online recipes on tables that hold rows -------------------------------------------
# Each case runs the default options (online: true), so the script carries CREATE/DROP INDEX CONCURRENTLY, the
# index swap (build name_so_new, drop, rename), UNIQUE / PRIMARY KEY via USING INDEX, CHECK / FK NOT VALID +
# VALIDATE and SET NOT NULL through a validated CHECK, with the non-transactional steps between BEGIN/COMMIT
# blocks; psql -f applies it as it is. PRE fills the tables so that every VALIDATE and unique build scans rows.
so_mutation plan_index_swap additive \
	'DROP INDEX e2e_pl_sw_idx; CREATE INDEX e2e_pl_sw_idx ON e2e_pl_sw (a, b);' \
	'CREATE TABLE e2e_pl_sw (id integer PRIMARY KEY, a integer, b integer);
	 INSERT INTO e2e_pl_sw SELECT g, g % 7, g % 11 FROM generate_series(1, 500) g;
	 CREATE INDEX e2e_pl_sw_idx ON e2e_pl_sw (a);'
so_mutation plan_index_swap_expression additive \
	'DROP INDEX e2e_pl_ex_idx; CREATE INDEX e2e_pl_ex_idx ON e2e_pl_ex (lower(v)) WHERE v IS NOT NULL;' \
	"CREATE TABLE e2e_pl_ex (id integer PRIMARY KEY, v text);
	 INSERT INTO e2e_pl_ex SELECT g, 'V' || g FROM generate_series(1, 300) g;
	 CREATE INDEX e2e_pl_ex_idx ON e2e_pl_ex (lower(v));"
so_mutation plan_index_swap_comment additive \
	"DROP INDEX e2e_pl_sc_idx; CREATE INDEX e2e_pl_sc_idx ON e2e_pl_sc (a DESC);
	 COMMENT ON INDEX e2e_pl_sc_idx IS 'newest first';" \
	"CREATE TABLE e2e_pl_sc (id integer PRIMARY KEY, a integer);
	 INSERT INTO e2e_pl_sc SELECT g, g FROM generate_series(1, 200) g;
	 CREATE INDEX e2e_pl_sc_idx ON e2e_pl_sc (a);
	 COMMENT ON INDEX e2e_pl_sc_idx IS 'oldest first';"
so_mutation plan_index_swap_unique additive \
	'DROP INDEX e2e_pl_su_idx; CREATE UNIQUE INDEX e2e_pl_su_idx ON e2e_pl_su (a, b);' \
	'CREATE TABLE e2e_pl_su (id integer PRIMARY KEY, a integer, b integer);
	 INSERT INTO e2e_pl_su SELECT g, g, g FROM generate_series(1, 200) g;
	 CREATE UNIQUE INDEX e2e_pl_su_idx ON e2e_pl_su (a);'
so_mutation plan_index_swap_long_name additive \
	'DROP INDEX e2e_pl_long_index_name_that_fills_all_sixty_three_bytes_of_it_x;
	 CREATE INDEX e2e_pl_long_index_name_that_fills_all_sixty_three_bytes_of_it_x ON e2e_pl_ln (a, id);' \
	'CREATE TABLE e2e_pl_ln (id integer PRIMARY KEY, a integer);
	 INSERT INTO e2e_pl_ln SELECT g, g FROM generate_series(1, 100) g;
	 CREATE INDEX e2e_pl_long_index_name_that_fills_all_sixty_three_bytes_of_it_x ON e2e_pl_ln (a);'
so_mutation plan_index_swap_quoted additive \
	'DROP INDEX "e2e Pl Idx"; CREATE INDEX "e2e Pl Idx" ON e2e_pl_q ("Val", id);' \
	'CREATE TABLE e2e_pl_q (id integer PRIMARY KEY, "Val" text);
	 INSERT INTO e2e_pl_q SELECT g, g::text FROM generate_series(1, 100) g;
	 CREATE INDEX "e2e Pl Idx" ON e2e_pl_q ("Val");'
so_mutation plan_index_unique_rows additive \
	'CREATE UNIQUE INDEX e2e_pl_ui_idx ON e2e_pl_ui (code);' \
	"CREATE TABLE e2e_pl_ui (id integer PRIMARY KEY, code text);
	 INSERT INTO e2e_pl_ui SELECT g, 'c' || g FROM generate_series(1, 300) g;"
so_mutation plan_index_drop_commented full \
	'DROP INDEX e2e_pl_dc_idx;' \
	"CREATE TABLE e2e_pl_dc (id integer PRIMARY KEY, a integer);
	 CREATE INDEX e2e_pl_dc_idx ON e2e_pl_dc (a);
	 COMMENT ON INDEX e2e_pl_dc_idx IS 'to be dropped';"
so_mutation plan_index_on_partition additive \
	'CREATE INDEX idx_e2e_pl_part_amount ON payment_p2022_02 (amount);'
so_mutation plan_pk_add_rows additive \
	'ALTER TABLE e2e_pl_nopk ADD CONSTRAINT e2e_pl_nopk_pkey PRIMARY KEY (id);' \
	"CREATE TABLE e2e_pl_nopk (id integer NOT NULL, v text);
	 INSERT INTO e2e_pl_nopk SELECT g, 'v' FROM generate_series(1, 400) g;"
so_mutation plan_pk_recreate_rows additive \
	'ALTER TABLE e2e_pl_pk DROP CONSTRAINT e2e_pl_pk_pkey;
	 ALTER TABLE e2e_pl_pk ADD CONSTRAINT e2e_pl_pk_pkey PRIMARY KEY (a, b);' \
	'CREATE TABLE e2e_pl_pk (a integer NOT NULL, b integer NOT NULL, CONSTRAINT e2e_pl_pk_pkey PRIMARY KEY (a));
	 INSERT INTO e2e_pl_pk SELECT g, g % 3 FROM generate_series(1, 300) g;'
so_mutation plan_unique_recreate_rows additive \
	'ALTER TABLE e2e_pl_ur DROP CONSTRAINT e2e_pl_ur_key;
	 ALTER TABLE e2e_pl_ur ADD CONSTRAINT e2e_pl_ur_key UNIQUE (a, b) DEFERRABLE;' \
	'CREATE TABLE e2e_pl_ur (id integer PRIMARY KEY, a integer, b integer, CONSTRAINT e2e_pl_ur_key UNIQUE (a));
	 INSERT INTO e2e_pl_ur SELECT g, g, g FROM generate_series(1, 300) g;'
so_mutation plan_unique_on_new_column additive \
	'ALTER TABLE e2e_pl_un ADD COLUMN code integer;
	 ALTER TABLE e2e_pl_un ADD CONSTRAINT e2e_pl_un_code_key UNIQUE (code);' \
	'CREATE TABLE e2e_pl_un (id integer PRIMARY KEY);
	 INSERT INTO e2e_pl_un SELECT g FROM generate_series(1, 200) g;'
so_mutation plan_index_on_new_column additive \
	'ALTER TABLE e2e_pl_nc ADD COLUMN tag text;
	 CREATE INDEX e2e_pl_nc_tag_idx ON e2e_pl_nc (tag);' \
	'CREATE TABLE e2e_pl_nc (id integer PRIMARY KEY);
	 INSERT INTO e2e_pl_nc SELECT g FROM generate_series(1, 200) g;'
so_mutation plan_not_null_rows additive \
	'ALTER TABLE e2e_pl_nn ALTER COLUMN v SET NOT NULL;' \
	"CREATE TABLE e2e_pl_nn (id integer PRIMARY KEY, v text);
	 INSERT INTO e2e_pl_nn SELECT g, 'x' FROM generate_series(1, 500) g;"
so_mutation plan_not_null_and_default additive \
	"ALTER TABLE e2e_pl_nd ALTER COLUMN v SET DEFAULT 'none';
	 ALTER TABLE e2e_pl_nd ALTER COLUMN v SET NOT NULL;
	 ALTER TABLE e2e_pl_nd ALTER COLUMN w SET NOT NULL;" \
	"CREATE TABLE e2e_pl_nd (id integer PRIMARY KEY, v text, w integer);
	 INSERT INTO e2e_pl_nd SELECT g, 'x', g FROM generate_series(1, 300) g;"
so_mutation plan_not_null_long_column additive \
	'ALTER TABLE e2e_pl_nl ALTER COLUMN a_column_name_that_is_sixty_bytes_long_for_the_check_name SET NOT NULL;' \
	"CREATE TABLE e2e_pl_nl (id integer PRIMARY KEY, a_column_name_that_is_sixty_bytes_long_for_the_check_name text);
	 INSERT INTO e2e_pl_nl SELECT g, 'x' FROM generate_series(1, 100) g;"
so_mutation plan_fk_rows additive \
	'ALTER TABLE e2e_pl_fc ADD CONSTRAINT e2e_pl_fc_p_fkey FOREIGN KEY (p) REFERENCES e2e_pl_fp (id) ON DELETE CASCADE;' \
	'CREATE TABLE e2e_pl_fp (id integer PRIMARY KEY);
	 CREATE TABLE e2e_pl_fc (id integer PRIMARY KEY, p integer);
	 INSERT INTO e2e_pl_fp SELECT g FROM generate_series(1, 100) g;
	 INSERT INTO e2e_pl_fc SELECT g, 1 + g % 100 FROM generate_series(1, 500) g;'
so_mutation plan_fk_self_rows additive \
	'ALTER TABLE e2e_pl_tree ADD CONSTRAINT e2e_pl_tree_parent_fkey FOREIGN KEY (parent) REFERENCES e2e_pl_tree (id);' \
	'CREATE TABLE e2e_pl_tree (id integer PRIMARY KEY, parent integer);
	 INSERT INTO e2e_pl_tree SELECT g, NULLIF(g - 1, 0) FROM generate_series(1, 200) g;'
so_mutation plan_fk_to_new_unique additive \
	'ALTER TABLE e2e_pl_np ADD CONSTRAINT e2e_pl_np_code_key UNIQUE (code);
	 ALTER TABLE e2e_pl_nch ADD CONSTRAINT e2e_pl_nch_code_fkey FOREIGN KEY (code) REFERENCES e2e_pl_np (code);' \
	"CREATE TABLE e2e_pl_np (id integer PRIMARY KEY, code text NOT NULL);
	 CREATE TABLE e2e_pl_nch (id integer PRIMARY KEY, code text);
	 INSERT INTO e2e_pl_np SELECT g, 'k' || g FROM generate_series(1, 100) g;
	 INSERT INTO e2e_pl_nch SELECT g, 'k' || (1 + g % 100) FROM generate_series(1, 300) g;"
so_mutation plan_fk_deferrable_rows additive \
	'ALTER TABLE e2e_pl_dfc ADD CONSTRAINT e2e_pl_dfc_p_fkey FOREIGN KEY (p) REFERENCES e2e_pl_dfp (id) DEFERRABLE INITIALLY DEFERRED;' \
	'CREATE TABLE e2e_pl_dfp (id integer PRIMARY KEY);
	 CREATE TABLE e2e_pl_dfc (id integer PRIMARY KEY, p integer);
	 INSERT INTO e2e_pl_dfp SELECT g FROM generate_series(1, 50) g;
	 INSERT INTO e2e_pl_dfc SELECT g, 1 + g % 50 FROM generate_series(1, 100) g;'
so_mutation plan_check_rows additive \
	'ALTER TABLE e2e_pl_ck ADD CONSTRAINT e2e_pl_ck_qty_check CHECK (qty BETWEEN 0 AND 1000);' \
	'CREATE TABLE e2e_pl_ck (id integer PRIMARY KEY, qty integer);
	 INSERT INTO e2e_pl_ck SELECT g, g FROM generate_series(1, 500) g;'
so_mutation plan_check_recreate_rows additive \
	'ALTER TABLE e2e_pl_cr DROP CONSTRAINT e2e_pl_cr_check;
	 ALTER TABLE e2e_pl_cr ADD CONSTRAINT e2e_pl_cr_check CHECK (qty >= 0 AND qty <= 10000);' \
	'CREATE TABLE e2e_pl_cr (id integer PRIMARY KEY, qty integer CONSTRAINT e2e_pl_cr_check CHECK (qty >= 0));
	 INSERT INTO e2e_pl_cr SELECT g, g FROM generate_series(1, 300) g;'
# ---------------------------------------------------------------------------------------------------------
# Object kinds (diff_objects.c): views, materialized views, functions, procedures, aggregates, types,
# domains, triggers, policies, RLS, exclusion constraints, replica identity, table and column options.
# Registered with so_obj_mutation (same arguments as so_mutation) and run by tests/e2e/objects_pg.t, not by
# convergence_pg.t: they start from the small tests/e2e/objects_pg_fixture.sql (a Pagila-shaped subset with
# the same names), all pairs in one database, so that the whole list costs about as much as a few Pagila
# cases. The checks are the same (plan applies, re-diff empty, pg_dump -s equal, marker row kept; under
# additive: same statements, or only DROPs left) plus the down script's round trip.

SO_OBJ_NAMES=()
SO_OBJ_KIND=()
SO_OBJ_SQL=()
SO_OBJ_PRE=()

so_obj_mutation() {
	SO_OBJ_NAMES+=("$1")
	SO_OBJ_KIND+=("$2")
	SO_OBJ_SQL+=("$3")
	SO_OBJ_PRE+=("${4:-}")
}

# views
so_obj_mutation obj_view_add additive \
	'CREATE VIEW e2e_v_add AS SELECT actor_id, first_name FROM actor WHERE actor_id < 10;'
so_obj_mutation obj_view_drop full \
	'DROP VIEW e2e_v_drop;' \
	'CREATE VIEW e2e_v_drop AS SELECT city_id, city FROM city;'
so_obj_mutation obj_view_change additive \
	'DROP VIEW e2e_v_chg; CREATE VIEW e2e_v_chg AS SELECT language_id, name, last_update FROM language WHERE language_id > 1;' \
	'CREATE VIEW e2e_v_chg AS SELECT language_id, name FROM language;'
so_obj_mutation obj_view_grow_columns additive \
	'CREATE OR REPLACE VIEW e2e_v_grow AS SELECT country_id, country, last_update FROM country;' \
	'CREATE VIEW e2e_v_grow AS SELECT country_id, country FROM country;'
so_obj_mutation obj_view_reorder_columns additive \
	'DROP VIEW e2e_v_ro; CREATE VIEW e2e_v_ro AS SELECT name, category_id FROM category;' \
	'CREATE VIEW e2e_v_ro AS SELECT category_id, name FROM category;'
so_obj_mutation obj_view_grow_under_view additive \
	'CREATE OR REPLACE VIEW e2e_vg_in AS SELECT actor_id, first_name, last_name FROM actor;' \
	'CREATE VIEW e2e_vg_in AS SELECT actor_id, first_name FROM actor;
	 CREATE VIEW e2e_vg_out AS SELECT first_name FROM e2e_vg_in;'
so_obj_mutation obj_view_comment additive \
	"COMMENT ON VIEW actor_info IS 'actors with their films by category';"
so_obj_mutation obj_view_options additive \
	'CREATE VIEW e2e_v_sb WITH (security_barrier = true) AS SELECT store_id FROM store;'
so_obj_mutation obj_view_check_option additive \
	'CREATE VIEW e2e_v_co AS SELECT * FROM e2e_vco WHERE n > 0 WITH CASCADED CHECK OPTION;' \
	'CREATE TABLE e2e_vco (id integer PRIMARY KEY, n integer);'
so_obj_mutation obj_view_on_view_add additive \
	'CREATE VIEW e2e_vv_a AS SELECT category_id, name FROM category;
	 CREATE VIEW e2e_vv_b AS SELECT name FROM e2e_vv_a WHERE category_id < 5;
	 CREATE VIEW e2e_vv_c AS SELECT count(*) AS n FROM e2e_vv_b;'
so_obj_mutation obj_view_on_view_change additive \
	'DROP VIEW e2e_vw_outer; DROP VIEW e2e_vw_inner;
	 CREATE VIEW e2e_vw_inner AS SELECT id, code, n FROM e2e_vw;
	 CREATE VIEW e2e_vw_outer AS SELECT id, code FROM e2e_vw_inner;' \
	'CREATE TABLE e2e_vw (id integer PRIMARY KEY, code text, n integer);
	 CREATE VIEW e2e_vw_inner AS SELECT id, code FROM e2e_vw;
	 CREATE VIEW e2e_vw_outer AS SELECT id, code FROM e2e_vw_inner;'
so_obj_mutation obj_view_column_retyped additive \
	'DROP VIEW e2e_vr_v2; DROP VIEW e2e_vr_v1;
	 ALTER TABLE e2e_vr ALTER COLUMN code TYPE varchar(40);
	 CREATE VIEW e2e_vr_v1 AS SELECT id, code FROM e2e_vr;
	 CREATE VIEW e2e_vr_v2 AS SELECT code FROM e2e_vr_v1;' \
	'CREATE TABLE e2e_vr (id integer PRIMARY KEY, code varchar(20));
	 INSERT INTO e2e_vr VALUES (1, $$one$$);
	 CREATE VIEW e2e_vr_v1 AS SELECT id, code FROM e2e_vr;
	 CREATE VIEW e2e_vr_v2 AS SELECT code FROM e2e_vr_v1;'
so_obj_mutation obj_view_column_dropped full \
	'DROP VIEW e2e_vdc_v; ALTER TABLE e2e_vdc DROP COLUMN b;
	 CREATE VIEW e2e_vdc_v AS SELECT id, a FROM e2e_vdc;' \
	'CREATE TABLE e2e_vdc (id integer PRIMARY KEY, a text, b text);
	 CREATE VIEW e2e_vdc_v AS SELECT id, a, b FROM e2e_vdc;'
so_obj_mutation obj_view_on_new_table additive \
	'CREATE TABLE e2e_vnt (id integer PRIMARY KEY, label text);
	 CREATE VIEW e2e_vnt_v AS SELECT label FROM e2e_vnt;'

# materialized views
so_obj_mutation obj_matview_add additive \
	'CREATE MATERIALIZED VIEW e2e_mv_add AS SELECT rating, count(*) AS n FROM film GROUP BY rating;'
so_obj_mutation obj_matview_drop full \
	'DROP MATERIALIZED VIEW e2e_mv_drop;' \
	'CREATE MATERIALIZED VIEW e2e_mv_drop AS SELECT store_id FROM store;'
so_obj_mutation obj_matview_change additive \
	'DROP MATERIALIZED VIEW e2e_mv_chg; CREATE MATERIALIZED VIEW e2e_mv_chg AS SELECT country_id, country FROM country;' \
	'CREATE MATERIALIZED VIEW e2e_mv_chg AS SELECT country_id FROM country;'
so_obj_mutation obj_matview_index additive \
	'CREATE INDEX e2e_mv_ix_total ON e2e_mv_ix (n);' \
	'CREATE MATERIALIZED VIEW e2e_mv_ix AS SELECT language_id, count(*) AS n FROM film GROUP BY language_id;'
so_obj_mutation obj_matview_comment additive \
	"COMMENT ON MATERIALIZED VIEW rental_by_category IS 'sales per category';"
so_obj_mutation obj_matview_on_changed_view additive \
	'DROP MATERIALIZED VIEW e2e_mvv_m; DROP VIEW e2e_mvv_v;
	 CREATE VIEW e2e_mvv_v AS SELECT category_id, name, last_update FROM category;
	 CREATE MATERIALIZED VIEW e2e_mvv_m AS SELECT name FROM e2e_mvv_v;' \
	'CREATE VIEW e2e_mvv_v AS SELECT category_id, name FROM category;
	 CREATE MATERIALIZED VIEW e2e_mvv_m AS SELECT name FROM e2e_mvv_v;'

# functions, procedures, aggregates
so_obj_mutation obj_function_add additive \
	'CREATE FUNCTION e2e_fn_add(a integer) RETURNS integer LANGUAGE plpgsql IMMUTABLE AS $$BEGIN RETURN a * 2; END$$;'
so_obj_mutation obj_function_drop full \
	'DROP FUNCTION e2e_fn_drop(integer);' \
	'CREATE FUNCTION e2e_fn_drop(integer) RETURNS integer LANGUAGE sql AS $$SELECT $1$$;'
so_obj_mutation obj_function_body additive \
	'CREATE OR REPLACE FUNCTION e2e_fn_body(a integer) RETURNS integer LANGUAGE sql AS $$SELECT a + 2$$;' \
	'CREATE FUNCTION e2e_fn_body(a integer) RETURNS integer LANGUAGE sql AS $$SELECT a + 1$$;'
so_obj_mutation obj_function_return_type additive \
	'DROP FUNCTION e2e_fn_ret(integer); CREATE FUNCTION e2e_fn_ret(integer) RETURNS bigint LANGUAGE sql AS $$SELECT $1::bigint$$;' \
	'CREATE FUNCTION e2e_fn_ret(integer) RETURNS integer LANGUAGE sql AS $$SELECT $1$$;'
so_obj_mutation obj_function_volatility additive \
	'ALTER FUNCTION inventory_held_by_customer(integer) STABLE;'
so_obj_mutation obj_function_setting additive \
	'ALTER FUNCTION last_day(timestamp with time zone) SET search_path = pg_catalog;'
so_obj_mutation obj_function_comment additive \
	"COMMENT ON FUNCTION film_in_stock(integer, integer) IS 'copies in stock';"
so_obj_mutation obj_function_overload additive \
	'CREATE FUNCTION e2e_fn_ov(a integer) RETURNS text LANGUAGE sql AS $$SELECT a::text$$;
	 CREATE FUNCTION e2e_fn_ov(a text) RETURNS text LANGUAGE sql AS $$SELECT a$$;'
so_obj_mutation obj_function_sql_on_new_table additive \
	'CREATE TABLE e2e_fnt (id integer PRIMARY KEY);
	 CREATE FUNCTION e2e_fnt_count() RETURNS bigint LANGUAGE sql AS $$SELECT count(*) FROM e2e_fnt$$;'
so_obj_mutation obj_function_rowtype additive \
	'CREATE TABLE e2e_fnr (id integer PRIMARY KEY, v text);
	 CREATE FUNCTION e2e_fnr_get(integer) RETURNS SETOF e2e_fnr LANGUAGE sql AS $$SELECT * FROM e2e_fnr WHERE id = $1$$;'
so_obj_mutation obj_function_with_dependent_view additive \
	'DROP VIEW e2e_fdv_v; DROP FUNCTION e2e_fdv(integer);
	 CREATE FUNCTION e2e_fdv(integer) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$SELECT $1::bigint * 10$$;
	 CREATE VIEW e2e_fdv_v AS SELECT e2e_fdv(store_id) AS s FROM store;' \
	'CREATE FUNCTION e2e_fdv(integer) RETURNS integer LANGUAGE sql IMMUTABLE AS $$SELECT $1 * 10$$;
	 CREATE VIEW e2e_fdv_v AS SELECT e2e_fdv(store_id) AS s FROM store;'
so_obj_mutation obj_function_in_default additive \
	'CREATE FUNCTION e2e_fnd() RETURNS text LANGUAGE sql AS $f$SELECT $$d$$::text$f$;
	 ALTER TABLE language ADD COLUMN e2e_code text DEFAULT e2e_fnd();'
so_obj_mutation obj_procedure_add additive \
	'CREATE PROCEDURE e2e_proc(a integer) LANGUAGE plpgsql AS $f$BEGIN RAISE NOTICE $$x %$$, a; END$f$;'
so_obj_mutation obj_procedure_change additive \
	'CREATE OR REPLACE PROCEDURE e2e_proc_c(a integer) LANGUAGE sql AS $$SELECT a + 1$$;' \
	'CREATE PROCEDURE e2e_proc_c(a integer) LANGUAGE sql AS $$SELECT a$$;'
so_obj_mutation obj_procedure_drop full \
	'DROP PROCEDURE e2e_proc_d();' \
	'CREATE PROCEDURE e2e_proc_d() LANGUAGE sql AS $$SELECT 1$$;'
so_obj_mutation obj_aggregate_add additive \
	"CREATE AGGREGATE e2e_sum(integer) (SFUNC = int4pl, STYPE = integer, INITCOND = '0');"
so_obj_mutation obj_aggregate_drop full \
	'DROP AGGREGATE e2e_agg_d(integer);' \
	'CREATE AGGREGATE e2e_agg_d(integer) (SFUNC = int4pl, STYPE = integer);'

# triggers
so_obj_mutation obj_trigger_add additive \
	'CREATE TRIGGER e2e_last_updated BEFORE UPDATE ON film_actor FOR EACH ROW EXECUTE FUNCTION last_updated();'
so_obj_mutation obj_trigger_drop full \
	'DROP TRIGGER last_updated ON city;'
so_obj_mutation obj_trigger_change additive \
	'CREATE OR REPLACE TRIGGER last_updated BEFORE INSERT OR UPDATE ON country FOR EACH ROW EXECUTE FUNCTION last_updated();'
so_obj_mutation obj_trigger_disable additive \
	'ALTER TABLE language DISABLE TRIGGER last_updated;'
so_obj_mutation obj_trigger_replica additive \
	'ALTER TABLE category ENABLE REPLICA TRIGGER last_updated;'
so_obj_mutation obj_trigger_comment additive \
	"COMMENT ON TRIGGER last_updated ON store IS 'keeps last_update current';"
so_obj_mutation obj_trigger_with_function additive \
	'CREATE FUNCTION e2e_trg_fn() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.n := coalesce(NEW.n, 0) + 1; RETURN NEW; END$$;
	 CREATE TABLE e2e_trg (id integer PRIMARY KEY, n integer);
	 CREATE TRIGGER e2e_trg_bump BEFORE INSERT ON e2e_trg FOR EACH ROW EXECUTE FUNCTION e2e_trg_fn();'
so_obj_mutation obj_trigger_when_column_retyped additive \
	'DROP TRIGGER e2e_tw_t ON e2e_tw; ALTER TABLE e2e_tw ALTER COLUMN n TYPE bigint;
	 CREATE TRIGGER e2e_tw_t BEFORE UPDATE ON e2e_tw FOR EACH ROW WHEN (OLD.n IS DISTINCT FROM NEW.n) EXECUTE FUNCTION last_updated();' \
	'CREATE TABLE e2e_tw (id integer PRIMARY KEY, n integer, last_update timestamp with time zone);
	 CREATE TRIGGER e2e_tw_t BEFORE UPDATE ON e2e_tw FOR EACH ROW WHEN (OLD.n IS DISTINCT FROM NEW.n) EXECUTE FUNCTION last_updated();'
so_obj_mutation obj_trigger_function_recreated additive \
	'DROP TRIGGER e2e_tf_t ON e2e_tf; DROP FUNCTION e2e_tf_fn();
	 CREATE FUNCTION e2e_tf_fn() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$BEGIN RETURN NULL; END$$;
	 CREATE TRIGGER e2e_tf_t AFTER INSERT ON e2e_tf FOR EACH ROW EXECUTE FUNCTION e2e_tf_fn();' \
	'CREATE TABLE e2e_tf (id integer PRIMARY KEY);
	 CREATE FUNCTION e2e_tf_fn() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$;
	 CREATE TRIGGER e2e_tf_t AFTER INSERT ON e2e_tf FOR EACH ROW EXECUTE FUNCTION e2e_tf_fn();'

# types: enum, composite, range
so_obj_mutation obj_enum_add additive \
	"CREATE TYPE e2e_mood AS ENUM ('sad', 'ok', 'happy');"
so_obj_mutation obj_enum_drop full \
	'DROP TYPE e2e_enum_d;' \
	"CREATE TYPE e2e_enum_d AS ENUM ('a', 'b');"
so_obj_mutation obj_enum_add_value_last additive \
	"ALTER TYPE mpaa_rating ADD VALUE 'X';"
so_obj_mutation obj_enum_add_value_middle additive \
	"ALTER TYPE mpaa_rating ADD VALUE 'PG-15' BEFORE 'R';"
so_obj_mutation obj_enum_add_value_first additive \
	"ALTER TYPE mpaa_rating ADD VALUE 'U' BEFORE 'G';"
so_obj_mutation obj_enum_comment additive \
	"COMMENT ON TYPE mpaa_rating IS 'MPAA film rating';"
so_obj_mutation obj_enum_used_by_new_column additive \
	"CREATE TYPE e2e_size AS ENUM ('s', 'm', 'l');
	 ALTER TABLE store ADD COLUMN e2e_size e2e_size;"
so_obj_mutation obj_composite_add additive \
	'CREATE TYPE e2e_point AS (x double precision, y double precision);'
so_obj_mutation obj_composite_drop full \
	'DROP TYPE e2e_comp_d;' \
	'CREATE TYPE e2e_comp_d AS (a integer);'
so_obj_mutation obj_composite_add_attribute additive \
	'ALTER TYPE e2e_comp_a ADD ATTRIBUTE c text;' \
	'CREATE TYPE e2e_comp_a AS (a integer, b text);'
so_obj_mutation obj_composite_drop_attribute full \
	'ALTER TYPE e2e_comp_da DROP ATTRIBUTE b;' \
	'CREATE TYPE e2e_comp_da AS (a integer, b text);'
so_obj_mutation obj_composite_retype_attribute additive \
	'ALTER TYPE e2e_comp_r ALTER ATTRIBUTE a TYPE bigint;' \
	'CREATE TYPE e2e_comp_r AS (a integer, b text);'
so_obj_mutation obj_composite_of_enum additive \
	"CREATE TYPE e2e_ce_kind AS ENUM ('x', 'y');
	 CREATE TYPE e2e_ce AS (k e2e_ce_kind, n integer);"

# domains
so_obj_mutation obj_domain_add additive \
	"CREATE DOMAIN e2e_posint AS integer NOT NULL DEFAULT 1 CONSTRAINT e2e_posint_check CHECK (VALUE > 0);"
so_obj_mutation obj_domain_drop full \
	'DROP DOMAIN e2e_dom_d;' \
	'CREATE DOMAIN e2e_dom_d AS text;'
so_obj_mutation obj_domain_add_check additive \
	'ALTER DOMAIN year ADD CONSTRAINT e2e_year_recent CHECK (VALUE > 1900);'
so_obj_mutation obj_domain_drop_check additive \
	'ALTER DOMAIN e2e_dom_c DROP CONSTRAINT e2e_dom_c_len;' \
	'CREATE DOMAIN e2e_dom_c AS text CONSTRAINT e2e_dom_c_len CHECK (length(VALUE) < 100);'
so_obj_mutation obj_domain_default additive \
	'ALTER DOMAIN e2e_dom_def SET DEFAULT 42;' \
	'CREATE DOMAIN e2e_dom_def AS integer;'
so_obj_mutation obj_domain_not_null additive \
	'ALTER DOMAIN e2e_dom_nn SET NOT NULL;' \
	'CREATE DOMAIN e2e_dom_nn AS integer;'
so_obj_mutation obj_domain_comment additive \
	"COMMENT ON DOMAIN year IS 'a calendar year';"
so_obj_mutation obj_domain_over_enum additive \
	"CREATE TYPE e2e_de AS ENUM ('on', 'off');
	 CREATE DOMAIN e2e_de_dom AS e2e_de NOT NULL;
	 CREATE TABLE e2e_de_t (id integer PRIMARY KEY, state e2e_de_dom);"

# row level security and policies
so_obj_mutation obj_rls_enable additive \
	'ALTER TABLE city ENABLE ROW LEVEL SECURITY;'
so_obj_mutation obj_rls_force additive \
	'ALTER TABLE country ENABLE ROW LEVEL SECURITY; ALTER TABLE country FORCE ROW LEVEL SECURITY;'
so_obj_mutation obj_rls_disable additive \
	'ALTER TABLE e2e_rlsd DISABLE ROW LEVEL SECURITY;' \
	'CREATE TABLE e2e_rlsd (id integer PRIMARY KEY); ALTER TABLE e2e_rlsd ENABLE ROW LEVEL SECURITY;'
so_obj_mutation obj_policy_add additive \
	'CREATE POLICY e2e_city_pol ON city FOR SELECT USING (country_id > 0);'
so_obj_mutation obj_policy_drop full \
	'DROP POLICY e2e_pol_d ON e2e_pold;' \
	'CREATE TABLE e2e_pold (id integer PRIMARY KEY); CREATE POLICY e2e_pol_d ON e2e_pold USING (id > 0);'
so_obj_mutation obj_policy_alter_using additive \
	'ALTER POLICY e2e_pol_u ON e2e_polu USING (id > 10);' \
	'CREATE TABLE e2e_polu (id integer PRIMARY KEY); CREATE POLICY e2e_pol_u ON e2e_polu USING (id > 0);'
so_obj_mutation obj_policy_alter_roles additive \
	'ALTER POLICY e2e_pol_r ON e2e_polr TO postgres;' \
	'CREATE TABLE e2e_polr (id integer PRIMARY KEY); CREATE POLICY e2e_pol_r ON e2e_polr USING (true);'
so_obj_mutation obj_policy_change_command additive \
	'DROP POLICY e2e_pol_c ON e2e_polc; CREATE POLICY e2e_pol_c ON e2e_polc FOR UPDATE USING (id > 0);' \
	'CREATE TABLE e2e_polc (id integer PRIMARY KEY); CREATE POLICY e2e_pol_c ON e2e_polc FOR SELECT USING (id > 0);'
so_obj_mutation obj_policy_restrictive additive \
	'CREATE POLICY e2e_pol_rs ON address AS RESTRICTIVE FOR ALL TO PUBLIC USING (city_id > 0) WITH CHECK (city_id > 0);'
so_obj_mutation obj_policy_with_check additive \
	'CREATE POLICY e2e_pol_wc ON address FOR INSERT WITH CHECK (district IS NOT NULL);'
so_obj_mutation obj_policy_column_retyped additive \
	'DROP POLICY e2e_pol_t ON e2e_polt; ALTER TABLE e2e_polt ALTER COLUMN tenant TYPE bigint;
	 CREATE POLICY e2e_pol_t ON e2e_polt USING (tenant > 0);' \
	'CREATE TABLE e2e_polt (id integer PRIMARY KEY, tenant integer); CREATE POLICY e2e_pol_t ON e2e_polt USING (tenant > 0);'
so_obj_mutation obj_policy_on_new_table additive \
	"CREATE TABLE e2e_poln (id integer PRIMARY KEY, tenant text);
	 ALTER TABLE e2e_poln ENABLE ROW LEVEL SECURITY;
	 CREATE POLICY e2e_poln_tenant ON e2e_poln USING (tenant = current_setting('app.tenant', true));"

# exclusion constraints, replica identity, storage and other table options
so_obj_mutation obj_exclusion_add additive \
	'ALTER TABLE e2e_ex ADD CONSTRAINT e2e_ex_no_overlap EXCLUDE USING gist (r WITH &&);' \
	'CREATE TABLE e2e_ex (id integer PRIMARY KEY, r int4range);'
so_obj_mutation obj_exclusion_drop full \
	'ALTER TABLE e2e_exd DROP CONSTRAINT e2e_exd_no_overlap;' \
	'CREATE TABLE e2e_exd (id integer PRIMARY KEY, r int4range, CONSTRAINT e2e_exd_no_overlap EXCLUDE USING gist (r WITH &&));'
so_obj_mutation obj_exclusion_on_new_table additive \
	'CREATE TABLE e2e_exn (id integer PRIMARY KEY, during tstzrange, EXCLUDE USING gist (during WITH &&));'
so_obj_mutation obj_replica_identity_full additive \
	'ALTER TABLE city REPLICA IDENTITY FULL;'
so_obj_mutation obj_replica_identity_index additive \
	'ALTER TABLE country REPLICA IDENTITY USING INDEX country_pkey;'
so_obj_mutation obj_replica_identity_nothing additive \
	'ALTER TABLE language REPLICA IDENTITY NOTHING;'
so_obj_mutation obj_replica_identity_default additive \
	'ALTER TABLE e2e_rid REPLICA IDENTITY DEFAULT;' \
	'CREATE TABLE e2e_rid (id integer PRIMARY KEY); ALTER TABLE e2e_rid REPLICA IDENTITY FULL;'
so_obj_mutation obj_storage_parameter_set additive \
	'ALTER TABLE city SET (autovacuum_vacuum_scale_factor = 0.05, fillfactor = 70);'
# (in name order: pg_dump prints reloptions in the order they were set, the plan sets them by name)
so_obj_mutation obj_storage_parameter_reset additive \
	'ALTER TABLE e2e_spr RESET (fillfactor);' \
	'CREATE TABLE e2e_spr (id integer PRIMARY KEY) WITH (fillfactor = 80);'
so_obj_mutation obj_storage_parameter_toast additive \
	'ALTER TABLE country SET (toast.autovacuum_enabled = false);'
so_obj_mutation obj_unlogged additive \
	'ALTER TABLE e2e_ul SET UNLOGGED;' \
	'CREATE TABLE e2e_ul (id integer PRIMARY KEY, v text);'
so_obj_mutation obj_logged additive \
	'ALTER TABLE e2e_lg SET LOGGED;' \
	'CREATE UNLOGGED TABLE e2e_lg (id integer PRIMARY KEY, v text);'
so_obj_mutation obj_identity_options additive \
	'ALTER TABLE e2e_ido ALTER COLUMN id SET INCREMENT BY 5 SET CACHE 10;' \
	'CREATE TABLE e2e_ido (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v text);'
so_obj_mutation obj_identity_options_reset additive \
	'ALTER TABLE e2e_idr ALTER COLUMN id SET INCREMENT BY 1 SET START WITH 1;' \
	'CREATE TABLE e2e_idr (id bigint GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY 3 START WITH 10) PRIMARY KEY);'
so_obj_mutation obj_column_statistics additive \
	'ALTER TABLE city ALTER COLUMN city SET STATISTICS 500;'
so_obj_mutation obj_column_storage additive \
	'ALTER TABLE country ALTER COLUMN country SET STORAGE EXTERNAL;'
so_obj_mutation obj_constraint_comment additive \
	"COMMENT ON CONSTRAINT city_pkey ON city IS 'one row per city';"
so_obj_mutation obj_validate_constraint additive \
	'ALTER TABLE e2e_nv VALIDATE CONSTRAINT e2e_nv_pos;' \
	'CREATE TABLE e2e_nv (id integer PRIMARY KEY, n integer);
	 ALTER TABLE e2e_nv ADD CONSTRAINT e2e_nv_pos CHECK (n > 0) NOT VALID;'

# privileges (top-level "grants"; roles from objects_pg_fixture.sql)
so_obj_mutation obj_grant_table additive \
	'GRANT SELECT ON city TO so_e2e_reader;'
so_obj_mutation obj_grant_with_option additive \
	'GRANT SELECT, INSERT ON country TO so_e2e_writer WITH GRANT OPTION;'
so_obj_mutation obj_grant_column additive \
	'GRANT UPDATE (address, district) ON address TO so_e2e_writer;'
so_obj_mutation obj_grant_public_view additive \
	'GRANT SELECT ON actor_info TO PUBLIC;'
so_obj_mutation obj_grant_sequence additive \
	'GRANT USAGE ON SEQUENCE city_city_id_seq TO so_e2e_writer;'
so_obj_mutation obj_grant_matview additive \
	'GRANT SELECT ON rental_by_category TO so_e2e_reader;'
so_obj_mutation obj_revoke full \
	'REVOKE SELECT ON language FROM so_e2e_reader;' \
	'GRANT SELECT ON language TO so_e2e_reader;'
so_obj_mutation obj_revoke_grant_option full \
	'REVOKE GRANT OPTION FOR SELECT ON category FROM so_e2e_writer;' \
	'GRANT SELECT ON category TO so_e2e_writer WITH GRANT OPTION;'
so_obj_mutation obj_grant_on_new_table additive \
	'CREATE TABLE e2e_gnt (id integer PRIMARY KEY, secret text);
	 GRANT SELECT (id) ON e2e_gnt TO so_e2e_reader;
	 GRANT ALL ON e2e_gnt TO so_e2e_writer;'
so_obj_mutation obj_grant_on_recreated_view additive \
	'DROP VIEW e2e_grv; CREATE VIEW e2e_grv AS SELECT store_id, address_id FROM store;
	 GRANT SELECT ON e2e_grv TO so_e2e_reader;' \
	'CREATE VIEW e2e_grv AS SELECT store_id FROM store; GRANT SELECT ON e2e_grv TO so_e2e_reader;'

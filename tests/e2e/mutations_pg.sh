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

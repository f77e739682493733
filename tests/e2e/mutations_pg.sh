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

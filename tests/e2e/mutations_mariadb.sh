# tests/e2e/mutations_mariadb.sh: the scripted schema changes the MariaDB convergence test applies to the v2
# copy of Sakila (sourced). Same shape as mutations_pg.sh:
#
#   so_mutation NAME KIND SQL [PRE [TODO]]
#
#   KIND  additive: non-destructive, converges under both strategies; full: needs drops (or is a rename without
#         hint = drop + add), converges only under {"strategy":"full"}
#   SQL   run in the v2 database only (USE v2 first), unqualified names
#   TODO  optional: a known bug (someone else's) that makes the catalog-dump check of this mutation fail; the
#         check is then reported as TAP TODO (see lib.sh), naming the bug
#   PRE   optional setup run in BOTH copies first (Sakila has no plain INT column outside foreign keys and no
#         check constraint)
#
# MariaDB views do not pin columns (they are re-resolved when used), but the targets still avoid the columns
# Sakila's views read, so the views stay valid: customer.create_date, staff.picture/username, address.address2
# and address.district are read by no view. Retyping a foreign-key column of a different size is refused by
# InnoDB, so int_to_bigint uses a plain column added by PRE. drop_table drops film_text: no foreign key points at
# it, but the film triggers ins_film/upd_film/del_film write it, so after that mutation inserting into film
# fails (the marker row is in actor, which no mutation drops or narrows). set_not_null_keeps_on_update guards the
# MariaDB trap that MODIFY COLUMN must restate ON UPDATE (the catalog-dump check sees it if the snapshot does not).

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
	'ALTER TABLE actor ADD COLUMN middle_name VARCHAR(45) NULL;'
so_mutation add_column_not_null_default additive \
	'ALTER TABLE film ADD COLUMN is_archived TINYINT(1) NOT NULL DEFAULT 0;'
so_mutation drop_column full \
	'ALTER TABLE customer DROP COLUMN create_date;'
so_mutation widen_varchar additive \
	'ALTER TABLE address MODIFY address2 VARCHAR(120) DEFAULT NULL;'
so_mutation int_to_bigint additive \
	'ALTER TABLE staff MODIFY badge_no BIGINT DEFAULT NULL;' \
	'ALTER TABLE staff ADD COLUMN badge_no INT DEFAULT NULL;'
so_mutation smallint_to_int additive \
	'ALTER TABLE film MODIFY length INT UNSIGNED DEFAULT NULL;'
so_mutation text_to_varchar additive \
	'ALTER TABLE film MODIFY description VARCHAR(2000) DEFAULT NULL;'
so_mutation change_default additive \
	'ALTER TABLE film ALTER COLUMN rental_duration SET DEFAULT 5;'
so_mutation drop_default additive \
	'ALTER TABLE film ALTER COLUMN replacement_cost DROP DEFAULT;'
so_mutation set_not_null additive \
	'ALTER TABLE customer MODIFY email VARCHAR(50) NOT NULL;'
so_mutation set_not_null_keeps_on_update additive \
	'ALTER TABLE customer MODIFY last_update TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP;'
so_mutation drop_not_null additive \
	'ALTER TABLE staff MODIFY username VARCHAR(16) NULL;'
so_mutation add_index_prefix additive \
	'CREATE INDEX idx_address_prefix ON address (address(10));'
so_mutation add_index_fulltext additive \
	'CREATE FULLTEXT INDEX ft_film_description ON film (description);'
so_mutation add_index_desc additive \
	'CREATE INDEX idx_rental_date_desc ON rental (rental_date DESC, customer_id);'
so_mutation add_unique_index additive \
	'CREATE UNIQUE INDEX idx_staff_username ON staff (username);'
so_mutation drop_index full \
	'DROP INDEX idx_title ON film;'
so_mutation new_table additive \
	'CREATE TABLE film_review (
	    review_id INT UNSIGNED NOT NULL AUTO_INCREMENT,
	    film_id SMALLINT UNSIGNED NOT NULL,
	    stars TINYINT NOT NULL,
	    body TEXT,
	    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	    PRIMARY KEY (review_id),
	    KEY idx_fk_film_review_film (film_id),
	    CONSTRAINT fk_film_review_film FOREIGN KEY (film_id) REFERENCES film (film_id) ON DELETE CASCADE,
	    CONSTRAINT chk_film_review_stars CHECK (stars BETWEEN 1 AND 5)
	) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;'
# an explicit ROW_FORMAT survives into the new table (and an implicit one is not invented: new_table)
so_mutation new_table_row_format additive \
	'CREATE TABLE film_note (
	    note_id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	    note VARCHAR(200) NOT NULL
	) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 ROW_FORMAT=REDUNDANT;'
so_mutation drop_table full \
	'DROP TABLE film_text;'
so_mutation change_fk additive \
	'ALTER TABLE film_actor DROP FOREIGN KEY fk_film_actor_film;
	 ALTER TABLE film_actor ADD CONSTRAINT fk_film_actor_film FOREIGN KEY (film_id)
	     REFERENCES film (film_id) ON DELETE CASCADE ON UPDATE CASCADE;'
so_mutation add_check additive \
	'ALTER TABLE film ADD CONSTRAINT chk_film_rental_rate CHECK (rental_rate >= 0);'
so_mutation drop_check full \
	'ALTER TABLE staff DROP CONSTRAINT chk_staff_email;' \
	"ALTER TABLE staff ADD CONSTRAINT chk_staff_email CHECK (email LIKE '%@%');"
so_mutation add_unique_constraint additive \
	'ALTER TABLE category ADD CONSTRAINT uq_category_name UNIQUE (name);'
so_mutation table_comment additive \
	"ALTER TABLE inventory COMMENT = 'one row per physical copy of a film';"
so_mutation column_comment additive \
	"ALTER TABLE inventory MODIFY store_id TINYINT UNSIGNED NOT NULL COMMENT 'the store holding the copy';"
so_mutation collation_change additive \
	'ALTER TABLE address MODIFY district VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;'
so_mutation rename_column_full full \
	'ALTER TABLE staff RENAME COLUMN picture TO photo;'

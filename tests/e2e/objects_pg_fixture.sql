-- tests/e2e/objects_pg_fixture.sql: the small schema the object-kind mutations (tests/e2e/mutations_pg.sh,
-- so_obj_mutation) start from. Run with search_path set to the target schema; unqualified names only.
-- A Pagila-shaped subset (same names: the mutations read like the Pagila ones) with one object of each kind
-- the mutations change: an enum, a domain, trigger functions and triggers, SQL and PL/pgSQL functions, a view
-- and a materialized view with an index.

-- roles for the privilege mutations (cluster-wide: created once, kept by the throwaway server)
DO $$BEGIN CREATE ROLE so_e2e_reader; EXCEPTION WHEN duplicate_object THEN NULL; END$$;
DO $$BEGIN CREATE ROLE so_e2e_writer; EXCEPTION WHEN duplicate_object THEN NULL; END$$;

CREATE TYPE mpaa_rating AS ENUM ('G', 'PG', 'PG-13', 'R', 'NC-17');
CREATE DOMAIN year AS integer CONSTRAINT year_check CHECK (VALUE >= 1901 AND VALUE <= 2155);

CREATE FUNCTION last_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.last_update = CURRENT_TIMESTAMP;
	RETURN NEW;
END $$;

CREATE TABLE country (country_id serial PRIMARY KEY, country text NOT NULL,
	last_update timestamp with time zone DEFAULT now() NOT NULL);
CREATE TABLE city (city_id serial PRIMARY KEY, city text NOT NULL, country_id integer NOT NULL REFERENCES country,
	last_update timestamp with time zone DEFAULT now() NOT NULL);
CREATE TABLE address (address_id serial PRIMARY KEY, address text NOT NULL, district text,
	city_id integer NOT NULL REFERENCES city, last_update timestamp with time zone DEFAULT now() NOT NULL);
CREATE TABLE language (language_id serial PRIMARY KEY, name character(20) NOT NULL,
	last_update timestamp with time zone DEFAULT now() NOT NULL);
CREATE TABLE category (category_id serial PRIMARY KEY, name text NOT NULL,
	last_update timestamp with time zone DEFAULT now() NOT NULL);
CREATE TABLE actor (actor_id serial PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL,
	last_update timestamp with time zone DEFAULT now() NOT NULL);
CREATE TABLE film (film_id serial PRIMARY KEY, title text NOT NULL, language_id integer NOT NULL REFERENCES language,
	rating mpaa_rating DEFAULT 'G', release_year year, last_update timestamp with time zone DEFAULT now() NOT NULL);
CREATE TABLE film_actor (actor_id integer NOT NULL REFERENCES actor, film_id integer NOT NULL REFERENCES film,
	last_update timestamp with time zone DEFAULT now() NOT NULL, PRIMARY KEY (actor_id, film_id));
CREATE TABLE store (store_id serial PRIMARY KEY, address_id integer NOT NULL REFERENCES address,
	last_update timestamp with time zone DEFAULT now() NOT NULL);

CREATE TRIGGER last_updated BEFORE UPDATE ON country FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON city FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON address FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON language FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON category FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON actor FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON film FOR EACH ROW EXECUTE FUNCTION last_updated();
CREATE TRIGGER last_updated BEFORE UPDATE ON store FOR EACH ROW EXECUTE FUNCTION last_updated();

CREATE FUNCTION film_in_stock(p_film_id integer, p_store_id integer) RETURNS SETOF integer LANGUAGE sql AS $$
	SELECT film_id FROM film WHERE film_id = $1 AND $2 IS NOT NULL
$$;
CREATE FUNCTION inventory_held_by_customer(p_inventory_id integer) RETURNS integer LANGUAGE plpgsql AS $$
BEGIN
	RETURN NULL;
END $$;
CREATE FUNCTION last_day(timestamp with time zone) RETURNS date LANGUAGE sql IMMUTABLE STRICT AS $$
	SELECT CAST(date_trunc('month', $1) + interval '1 month' - interval '1 day' AS date)
$$;

CREATE VIEW actor_info AS
	SELECT a.actor_id, a.first_name, a.last_name, count(fa.film_id) AS films
	FROM actor a LEFT JOIN film_actor fa ON fa.actor_id = a.actor_id
	GROUP BY a.actor_id, a.first_name, a.last_name;
CREATE MATERIALIZED VIEW rental_by_category AS
	SELECT c.name AS category, count(*) AS n FROM category c GROUP BY c.name;
CREATE UNIQUE INDEX rental_category ON rental_by_category (category);

INSERT INTO country (country) VALUES ('Aland'), ('Borduria');
INSERT INTO city (city, country_id) VALUES ('Mariehamn', 1), ('Szohod', 2);
INSERT INTO language (name) VALUES ('English'), ('Syldavian');
INSERT INTO category (name) VALUES ('Drama'), ('Comedy');
INSERT INTO actor (first_name, last_name) VALUES ('PENELOPE', 'GUINESS'), ('NICK', 'WAHLBERG');
INSERT INTO film (title, language_id, rating, release_year) VALUES ('ACADEMY DINOSAUR', 1, 'PG', 2006);
INSERT INTO film_actor VALUES (1, 1);

-- Outbox capture (docs/outbox.md): every DML kind, composite keys, NULLs, excluded columns, update payload
-- modes, rollback and savepoint rollback, TRUNCATE, attach/detach idempotence, relay claim/ack/fail, errors.
SET client_min_messages = warning;
CREATE SCHEMA ob;
SET search_path = ob, public;

-- a view over the events without the volatile columns
CREATE VIEW ev AS
SELECT aggregatetype, aggregateid, type, payload FROM schemaops.outbox_events ORDER BY id;

CREATE TABLE orders (id int PRIMARY KEY, customer text, total numeric(10,2), paid bool, note text,
	tags text[], placed timestamptz, meta jsonb);
SELECT schemaops.outbox_attach('orders'::regclass);

-- INSERT / UPDATE / DELETE, one event each, NULLs as JSON null
INSERT INTO orders VALUES (1, 'ann', 12.50, false, NULL, '{a,b}', '2024-01-02 03:04:05+00', '{"k": [1, 2]}');
INSERT INTO orders VALUES (2, 'bob', NULL, NULL, 'x', NULL, NULL, NULL), (3, 'cy', 1, true, '', '{}', NULL, 'null');
UPDATE orders SET paid = true WHERE id = 1;
DELETE FROM orders WHERE id = 2;
SELECT * FROM ev;
-- the payload of each row's latest event is exactly to_jsonb(row)
SELECT o.id, e.payload = to_jsonb(o) AS same_as_to_jsonb
FROM orders o JOIN LATERAL (SELECT payload FROM schemaops.outbox_events x WHERE x.aggregateid = o.id::text
	ORDER BY x.id DESC LIMIT 1) e ON true ORDER BY o.id;
-- every type converts exactly like to_jsonb (fast paths and the generic one)
CREATE DOMAIN posint AS int CHECK (VALUE > 0);
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE TYPE pair AS (a int, b text);
CREATE TABLE types (id bigint PRIMARY KEY, i2 int2, i8 int8, f4 real, f8 float8, n numeric, d date, u uuid,
	b bytea, dom posint, e mood, c pair, vc varchar(5), ch char(3), j json, jb jsonb, arr int[], ts timestamp,
	iv interval, bits bit(3), pt point);
SELECT schemaops.outbox_attach('types');
INSERT INTO types VALUES
	(1, -3, 9007199254740993, 1.5, 1e30, 123.4500, '2024-02-29', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
	 '\x00ff', 5, 'sad', ROW(1, 'x'), 'abc', 'ab', '{"a": [1, {"b": null}]}', '[1, "x", true]', '{1,NULL,3}',
	 '2024-01-01 10:00', '1 day 2 hours', B'101', '(1,2)'),
	(2, NULL, NULL, 'NaN', '-Infinity', 'NaN', 'infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'null', '"s"',
	 '{}', NULL, NULL, NULL, NULL),
	(3, 0, 0, '-0', 'Infinity', '-Infinity', NULL, NULL, '\x', NULL, 'ok', ROW(NULL, NULL), '', '', '[]', '{}',
	 NULL, NULL, NULL, NULL, NULL);
SELECT t.id, e.payload = to_jsonb(t) AS same_as_to_jsonb, e.payload
FROM types t JOIN schemaops.outbox_events e ON e.aggregateid = t.id::text AND e.aggregatetype = 'types' ORDER BY t.id;

-- txid is the writing transaction, the horizon is above it
SELECT count(*) AS events, bool_and(horizon > txid) AS horizon_above_txid, count(DISTINCT txid) AS transactions
FROM schemaops.outbox_events;

-- rollback writes nothing; a rolled-back savepoint drops exactly its part
TRUNCATE schemaops.outbox_events;
BEGIN;
INSERT INTO orders (id, customer) VALUES (10, 'gone');
ROLLBACK;
BEGIN;
INSERT INTO orders (id, customer) VALUES (11, 'kept');
SAVEPOINT s1;
INSERT INTO orders (id, customer) VALUES (12, 'rolled back');
UPDATE orders SET note = 'rolled back too' WHERE id = 11;
ROLLBACK TO SAVEPOINT s1;
UPDATE orders SET note = 'after savepoint' WHERE id = 11;
SAVEPOINT s2;
INSERT INTO orders (id, customer) VALUES (13, 'released');
RELEASE SAVEPOINT s2;
COMMIT;
SELECT aggregateid, type, payload->>'note' AS note FROM ev;

-- an exception block (a subtransaction) that fails after capturing rows drops them, the rest stays
TRUNCATE schemaops.outbox_events;
DO $$
BEGIN
	INSERT INTO ob.orders (id, customer) VALUES (20, 'outer');
	BEGIN
		INSERT INTO ob.orders (id, customer) VALUES (21, 'inner');
		INSERT INTO ob.orders (id, customer) VALUES (20, 'duplicate');
	EXCEPTION WHEN unique_violation THEN
		NULL;
	END;
	INSERT INTO ob.orders (id, customer) VALUES (22, 'after');
END
$$;
SELECT aggregateid, type FROM ev;

-- a statement error writes nothing
TRUNCATE schemaops.outbox_events;
INSERT INTO orders (id, customer) VALUES (30, 'a'), (1, 'duplicate');
SELECT count(*) AS after_failed_statement FROM schemaops.outbox_events;

-- multi-row statements, INSERT ... ON CONFLICT, MERGE, COPY
INSERT INTO orders (id, customer) SELECT g, 'bulk' FROM generate_series(100, 199) g;
INSERT INTO orders (id, customer) VALUES (100, 'upsert'), (200, 'new')
	ON CONFLICT (id) DO UPDATE SET customer = excluded.customer;
MERGE INTO orders o USING (VALUES (200, 'merged'), (201, 'merge-new')) AS s(id, c) ON o.id = s.id
	WHEN MATCHED THEN UPDATE SET customer = s.c WHEN NOT MATCHED THEN INSERT (id, customer) VALUES (s.id, s.c);
COPY orders (id, customer) FROM STDIN;
300	copied
301	copied
\.
SELECT type, count(*) FROM schemaops.outbox_events GROUP BY type ORDER BY type;
SELECT aggregateid, type, payload->>'customer' AS customer FROM ev WHERE aggregateid::int IN (100, 200, 201, 300);
-- ids are unique and increasing in capture order
SELECT count(*) = count(DISTINCT id) AS unique_ids FROM schemaops.outbox_events;

-- TRUNCATE: one event "<table>.truncated"
TRUNCATE schemaops.outbox_events;
TRUNCATE orders;
SELECT * FROM ev;

-- composite primary key (declared out of column order), excluded columns, a template, update payload modes
TRUNCATE schemaops.outbox_events;
CREATE TABLE accounts (region text, secret text, balance int, num int, PRIMARY KEY (num, region));
SELECT schemaops.outbox_attach('accounts', '{"exclude": ["secret"], "type": "bank.{table}.{op}.v1"}');
INSERT INTO accounts VALUES ('EU', 'pw', 10, 7), ('US "x"', NULL, NULL, 8);
UPDATE accounts SET balance = 11 WHERE num = 7;
SELECT schemaops.outbox_attach('accounts', '{"exclude": ["secret"], "update_payload": "changed"}');
UPDATE accounts SET balance = 12, secret = 'changed' WHERE num = 7;
UPDATE accounts SET secret = 'only the secret' WHERE num = 7;
UPDATE accounts SET balance = NULL WHERE num = 7;
SELECT schemaops.outbox_attach('accounts', '{"exclude": ["secret"], "update_payload": "old_new", "aggregate_type": "Account"}');
UPDATE accounts SET balance = 1 WHERE num = 8;
DELETE FROM accounts WHERE num = 8;
SELECT * FROM ev;
SELECT count(*) AS secrets_written FROM schemaops.outbox_events WHERE payload::text LIKE '%pw%' OR payload::text LIKE '%secret%';

-- attach is idempotent (one pair of triggers), detach too
SELECT schemaops.outbox_attach('accounts');
SELECT schemaops.outbox_attach('accounts');
SELECT tgname, tgtype FROM pg_trigger WHERE tgrelid = 'accounts'::regclass ORDER BY tgname;
SELECT schemaops.outbox_detach('accounts');
SELECT schemaops.outbox_detach('accounts');
SELECT count(*) AS triggers_left FROM pg_trigger WHERE tgrelid = 'accounts'::regclass;
TRUNCATE schemaops.outbox_events;
INSERT INTO accounts VALUES ('EU', NULL, 1, 9);
SELECT count(*) AS events_after_detach FROM schemaops.outbox_events;

-- foreign-key cascades are captured (the cascade's own statement triggers flush)
CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE child (id int PRIMARY KEY, parent_id int REFERENCES parent ON DELETE CASCADE ON UPDATE CASCADE);
INSERT INTO parent VALUES (1), (2);
INSERT INTO child VALUES (1, 1), (2, 1), (3, 2);
SELECT schemaops.outbox_attach('child');
UPDATE parent SET id = 5 WHERE id = 2;
DELETE FROM parent WHERE id = 1;
SELECT * FROM ev;

-- a partitioned table: events from every partition (a partition written directly too)
TRUNCATE schemaops.outbox_events;
CREATE TABLE measures (id int, region text, v int, PRIMARY KEY (id, region)) PARTITION BY LIST (region);
CREATE TABLE measures_eu PARTITION OF measures FOR VALUES IN ('EU');
CREATE TABLE measures_us PARTITION OF measures FOR VALUES IN ('US');
SELECT schemaops.outbox_attach('measures');
INSERT INTO measures VALUES (1, 'EU', 1), (2, 'US', 2);
INSERT INTO measures_eu VALUES (3, 'EU', 3);
UPDATE measures SET region = 'US' WHERE id = 1;
SELECT * FROM ev;

-- a table with its own outbox table (NOTIFY delivery is checked with two sessions in tests/lib/outbox_horizon_pg.t)
CREATE TABLE my_events (LIKE schemaops.outbox_events INCLUDING ALL);
CREATE TABLE users (id bigint PRIMARY KEY, email text, password_hash text);
SELECT schemaops.outbox_attach('users', '{"outbox": "ob.my_events", "exclude": ["password_hash"], "notify": "user_events"}');
INSERT INTO users VALUES (1, 'a@b.c', 'xxx'), (2, 'd@e.f', 'yyy');
UPDATE users SET email = 'z@b.c';
SELECT aggregatetype, aggregateid, type, payload FROM my_events ORDER BY id;

-- relay: claim / ack / fail / dead letter / lease expiry / cleanup
TRUNCATE schemaops.outbox_events;
INSERT INTO orders (id, customer) SELECT g, 'relay' FROM generate_series(1, 5) g;
SELECT id - (SELECT min(id) FROM schemaops.outbox_events) AS n, aggregateid, attempts, claimed_by
FROM schemaops.outbox_claim('c1', 2, '1 hour');
-- the next claim skips the leased ones
SELECT aggregateid FROM schemaops.outbox_claim('c2', 10, '1 hour');
SELECT schemaops.outbox_ack(array_agg(id)) FROM schemaops.outbox_events WHERE aggregateid IN ('1', '2');
SELECT schemaops.outbox_ack(array_agg(id)) AS acked_twice FROM schemaops.outbox_events WHERE aggregateid IN ('1', '2');
SELECT aggregateid FROM schemaops.outbox_claim('c3', 10, '1 hour');
-- fail: retry after 0 seconds makes it claimable again, until max_attempts dead-letters it
SELECT schemaops.outbox_fail(id, 'broker down', '0 seconds', 2) FROM schemaops.outbox_events WHERE aggregateid = '3';
SELECT aggregateid, attempts FROM schemaops.outbox_claim('c4', 1, '1 hour');
SELECT schemaops.outbox_fail(id, 'broker down again', '0 seconds', 2) FROM schemaops.outbox_events WHERE aggregateid = '3';
SELECT schemaops.outbox_fail(id, 'not pending', '0 seconds', 2) FROM schemaops.outbox_events WHERE aggregateid = '3';
SELECT aggregateid, attempts, last_error, dead_at IS NOT NULL AS dead FROM schemaops.outbox_events
WHERE aggregateid = '3';
-- an expired lease makes events claimable again
UPDATE schemaops.outbox_events SET lease_until = now() - interval '1 second' WHERE aggregateid = '4';
SELECT aggregateid, attempts, claimed_by FROM schemaops.outbox_claim('c5', 10, '1 hour');
-- cleanup deletes acknowledged events older than the retention, nothing else
SELECT schemaops.outbox_cleanup('1 hour') AS deleted_young;
SELECT schemaops.outbox_cleanup('0 seconds') AS deleted;
SELECT aggregateid FROM schemaops.outbox_events ORDER BY id;
-- the outbox table has one index, the primary key (the claim reads its range above the low-water mark)
SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 'schemaops.outbox_events'::regclass;
-- the relay functions on another outbox table
SELECT aggregateid, type FROM schemaops.outbox_claim('c6', 10, '1 minute', 'ob.my_events');
SELECT schemaops.outbox_ack(array_agg(id), 'ob.my_events') FROM ob.my_events;

-- the low-water mark moves over done (acked or dead) events only; TRUNCATE starts it over; outbox_requeue
-- hands a dead event out again and moves the mark back below it
TRUNCATE schemaops.outbox_events;
INSERT INTO orders (id, customer) SELECT g, 'lwm' FROM generate_series(101, 105) g;
CREATE VIEW lwm_at AS SELECT COALESCE((SELECT e.aggregateid FROM schemaops.outbox_events e
	JOIN schemaops.outbox_lwm l ON l.lwm = e.id AND l.outbox = 'schemaops.outbox_events'::regclass), 'none') AS lwm_at,
	(SELECT string_agg(e.aggregateid, ',' ORDER BY e.id) FROM schemaops.outbox_events e
	JOIN schemaops.outbox_lwm l ON e.id = ANY (l.holes) AND l.outbox = 'schemaops.outbox_events'::regclass) AS parked;
SELECT aggregateid FROM schemaops.outbox_claim('l1', 2, '1 hour');
SELECT schemaops.outbox_ack(array_agg(id)) FROM schemaops.outbox_events WHERE aggregateid = '102';
SELECT aggregateid FROM schemaops.outbox_claim('l1', 10, '1 hour');
SELECT * FROM lwm_at;
SELECT schemaops.outbox_ack(array_agg(id)) FROM schemaops.outbox_events WHERE aggregateid = '101';
SELECT count(*) FROM schemaops.outbox_claim('l1', 10, '1 hour');
SELECT * FROM lwm_at;
SELECT schemaops.outbox_fail(id, 'poison', '0 seconds', 1) FROM schemaops.outbox_events WHERE aggregateid = '103';
SELECT schemaops.outbox_ack(array_agg(id)) FROM schemaops.outbox_events WHERE aggregateid = '104';
SELECT count(*) FROM schemaops.outbox_claim('l1', 10, '1 hour');
SELECT * FROM lwm_at;
SELECT schemaops.outbox_requeue(array_agg(id)) FROM schemaops.outbox_events WHERE aggregateid IN ('103', '104');
SELECT * FROM lwm_at;
SELECT aggregateid, attempts, dead_at FROM schemaops.outbox_claim('l1', 10, '1 hour');
SELECT schemaops.outbox_ack(array_agg(id)) FROM schemaops.outbox_events WHERE aggregateid IN ('103', '105');
SELECT count(*) FROM schemaops.outbox_claim('l1', 10, '1 hour');
SELECT * FROM lwm_at;
SELECT schemaops.outbox_cleanup('0 seconds') AS deleted;
INSERT INTO orders (id, customer) VALUES (106, 'lwm');
SELECT aggregateid FROM schemaops.outbox_claim('l1', 10, '1 hour');
-- an event waiting for its retry is parked: the mark moves on past it, and once due it is handed out first
INSERT INTO orders (id, customer) SELECT g, 'lwm' FROM generate_series(107, 108) g;
SELECT aggregateid FROM schemaops.outbox_claim('l1', 10, '1 hour');
SELECT schemaops.outbox_fail(id, 'later', '1 hour') FROM schemaops.outbox_events WHERE aggregateid = '106';
SELECT schemaops.outbox_ack(array_agg(id)) FROM schemaops.outbox_events WHERE aggregateid IN ('107', '108');
SELECT count(*) FROM schemaops.outbox_claim('l1', 10, '1 hour');
SELECT * FROM lwm_at;
UPDATE schemaops.outbox_events SET lease_until = now() - interval '1 second' WHERE aggregateid = '106';
INSERT INTO orders (id, customer) VALUES (109, 'lwm');
SELECT aggregateid, attempts FROM schemaops.outbox_claim('l1', 10, '1 hour');
SELECT schemaops.outbox_ack(array_agg(id)) FROM schemaops.outbox_events WHERE aggregateid IN ('106', '109');
SELECT count(*) FROM schemaops.outbox_claim('l1', 10, '1 hour');
SELECT * FROM lwm_at;
DROP VIEW lwm_at;

-- the horizon: an event is not handed out while an older writing transaction (which may still commit a lower
-- id) runs; two sessions in tests/lib/outbox_horizon_pg.t. Here: an event whose horizon is in the future.
TRUNCATE schemaops.outbox_events;
INSERT INTO schemaops.outbox_events (aggregatetype, aggregateid, type, horizon)
VALUES ('t', '1', 't.created', (pg_current_xact_id()::text::bigint + 1000000)::text::xid8);
SELECT count(*) AS claimable FROM schemaops.outbox_claim('c7', 10);
-- events written by hand get a horizon after their own transaction; an event above a blocked one waits too
INSERT INTO schemaops.outbox_events (aggregatetype, aggregateid, type) VALUES ('t', '2', 't.created');
SELECT count(*) AS claimable_behind_blocked FROM schemaops.outbox_claim('c7', 10);
DELETE FROM schemaops.outbox_events WHERE aggregateid = '1';
SELECT aggregateid FROM schemaops.outbox_claim('c7', 10);

-- errors with their SQLSTATEs
\set VERBOSITY sqlstate
SELECT schemaops.outbox_attach(NULL);
SELECT schemaops.outbox_attach('orders', '[]');
SELECT schemaops.outbox_attach('orders', '{"typ": "x"}');
SELECT schemaops.outbox_attach('orders', '{"type": ""}');
SELECT schemaops.outbox_attach('orders', '{"type": 1}');
SELECT schemaops.outbox_attach('orders', '{"update_payload": "diff"}');
SELECT schemaops.outbox_attach('orders', '{"exclude": "note"}');
SELECT schemaops.outbox_attach('orders', '{"exclude": [1]}');
SELECT schemaops.outbox_attach('orders', '{"exclude": ["nope"]}');
SELECT schemaops.outbox_attach('orders', '{"exclude": ["id"]}');
SELECT schemaops.outbox_attach('orders', '{"outbox": "ob.nope"}');
SELECT schemaops.outbox_attach('orders', '{"outbox": "ob.users"}');
SELECT schemaops.outbox_attach('schemaops.outbox_events');
SELECT schemaops.outbox_attach('orders', '{"notify": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}');
CREATE TABLE nopk (a int);
SELECT schemaops.outbox_attach('nopk');
SELECT schemaops.outbox_attach('ev');
-- the messages of a few of them
\set VERBOSITY terse
SELECT schemaops.outbox_attach('orders', '{"typ": "x"}');
SELECT schemaops.outbox_attach('orders', '{"exclude": ["id"]}');
SELECT schemaops.outbox_attach('nopk');
SELECT schemaops.outbox_attach('orders', '{"outbox": "ob.users"}');
\set VERBOSITY sqlstate
SELECT schemaops.outbox_claim('c', 0);
SELECT schemaops.outbox_claim('c', 1, '0 seconds');
SELECT schemaops.outbox_claim(NULL);
SELECT schemaops.outbox_fail(1, 'e', '-1 second');
SELECT schemaops.outbox_fail(1, 'e', '1 second', 0);
SELECT schemaops.outbox_cleanup('-1 day');
SELECT schemaops.outbox_capture();
CREATE TABLE t_before (id int PRIMARY KEY);
CREATE TRIGGER b BEFORE INSERT ON t_before FOR EACH ROW EXECUTE FUNCTION schemaops.outbox_capture();
INSERT INTO t_before VALUES (1);
CREATE TABLE t_args (id int PRIMARY KEY);
CREATE TRIGGER a AFTER INSERT ON t_args FOR EACH ROW EXECUTE FUNCTION schemaops.outbox_capture('{"bad": 1}');
INSERT INTO t_args VALUES (1);
\set VERBOSITY default

-- a hand-made row trigger without options and without the flush trigger writes at once, with the defaults
TRUNCATE schemaops.outbox_events;
CREATE TABLE t_plain (id int PRIMARY KEY, v text);
CREATE TRIGGER capture AFTER INSERT OR UPDATE OR DELETE ON t_plain FOR EACH ROW EXECUTE FUNCTION schemaops.outbox_capture();
INSERT INTO t_plain VALUES (1, 'a'), (2, 'b');
DELETE FROM t_plain;
SELECT * FROM ev;

-- ALTER TABLE after attach: the cached column list follows
TRUNCATE schemaops.outbox_events;
ALTER TABLE orders ADD COLUMN extra int DEFAULT 7;
ALTER TABLE orders DROP COLUMN note;
INSERT INTO orders (id, customer) VALUES (400, 'altered');
SELECT payload FROM ev;

-- an outbox table with a trigger of its own is written through INSERT (SPI), the plain one directly: same rows
CREATE TABLE trig_events (LIKE schemaops.outbox_events INCLUDING ALL);
CREATE TABLE counter (n int);
INSERT INTO counter VALUES (0);
CREATE FUNCTION count_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN UPDATE ob.counter SET n = n + 1; RETURN NULL; END $$;
CREATE TRIGGER c AFTER INSERT ON trig_events FOR EACH ROW EXECUTE FUNCTION count_events();
CREATE TABLE t_spi (id int PRIMARY KEY, v text);
SELECT schemaops.outbox_attach('t_spi', '{"outbox": "ob.trig_events"}') IS NOT NULL AS attached;
INSERT INTO t_spi VALUES (1, 'a'), (2, NULL);
SELECT aggregatetype, aggregateid, type, payload, attempts, acked_at IS NULL AS pending FROM trig_events ORDER BY id;
SELECT n AS outbox_trigger_fired FROM counter;
TRUNCATE schemaops.outbox_events;
CREATE TABLE t_direct (id int PRIMARY KEY, v text);
SELECT schemaops.outbox_attach('t_direct', '{"aggregate_type": "t_spi"}') IS NOT NULL AS attached;
INSERT INTO t_direct VALUES (1, 'a'), (2, NULL);
SELECT aggregatetype, aggregateid, type, payload, attempts, acked_at IS NULL AS pending,
	horizon > txid AS horizon_above_txid FROM schemaops.outbox_events ORDER BY id;
SELECT (SELECT array_agg(ROW(aggregatetype, aggregateid, type, payload, attempts)) FROM trig_events) =
	(SELECT array_agg(ROW(aggregatetype, aggregateid, type, payload, attempts)) FROM schemaops.outbox_events)
	AS same_rows;

-- privileges: the capture writes with the privileges of the user changing the row
CREATE ROLE ob_writer;
GRANT USAGE ON SCHEMA ob TO ob_writer;
GRANT INSERT ON t_direct TO ob_writer;
SET ROLE ob_writer;
\set VERBOSITY terse
INSERT INTO t_direct VALUES (3, 'no privilege on the sequence');
RESET ROLE;
GRANT USAGE ON SCHEMA schemaops TO ob_writer;
GRANT USAGE ON SEQUENCE schemaops.outbox_events_id_seq TO ob_writer;
SET ROLE ob_writer;
INSERT INTO t_direct VALUES (3, 'no privilege on the outbox table');
\set VERBOSITY default
RESET ROLE;
GRANT INSERT ON schemaops.outbox_events TO ob_writer;
SET ROLE ob_writer;
INSERT INTO t_direct VALUES (3, 'granted');
RESET ROLE;
SELECT aggregateid, payload FROM schemaops.outbox_events WHERE aggregateid = '3';
DROP OWNED BY ob_writer;
DROP ROLE ob_writer;

RESET search_path;
DROP SCHEMA ob CASCADE;

-- Outbox: relay privileges (a role granted only what docs/outbox.md lists), the cap on parked events
-- (holes), and primary-key updates (option key_update). docs/outbox.md.
SET client_min_messages = warning;
CREATE SCHEMA obr;
SET search_path = obr, public;
TRUNCATE schemaops.outbox_events;
CREATE VIEW ev AS SELECT aggregatetype, aggregateid, type, payload FROM schemaops.outbox_events ORDER BY id;

-- ---------------------------------------------------------------- relay role with the documented grants only
CREATE TABLE orders (id int PRIMARY KEY, v text);
SELECT schemaops.outbox_attach('orders') IS NOT NULL AS attached;
INSERT INTO orders SELECT g, 'v' || g FROM generate_series(1, 5) g;
CREATE ROLE obr_relay;
GRANT USAGE ON SCHEMA schemaops TO obr_relay;
GRANT SELECT, UPDATE, DELETE ON schemaops.outbox_events TO obr_relay;
CREATE ROLE obr_other;
GRANT USAGE ON SCHEMA schemaops TO obr_other;
GRANT SELECT ON schemaops.outbox_events TO obr_other;
SET ROLE obr_relay;
SELECT aggregateid, attempts, claimed_by FROM schemaops.outbox_claim('relay', 2, '1 hour');
SELECT schemaops.outbox_ack(ARRAY(SELECT id FROM schemaops.outbox_events WHERE aggregateid IN ('1', '2')));
SELECT aggregateid FROM schemaops.outbox_claim('relay', 1, '1 hour');
SELECT schemaops.outbox_fail((SELECT id FROM schemaops.outbox_events WHERE aggregateid = '3'), 'broker down', '0', 1);
SELECT schemaops.outbox_requeue(ARRAY(SELECT id FROM schemaops.outbox_events WHERE aggregateid = '3'));
SELECT aggregateid, attempts FROM schemaops.outbox_claim('relay', 10, '1 hour');
SELECT schemaops.outbox_ack(ARRAY(SELECT id FROM schemaops.outbox_events));
SELECT schemaops.outbox_cleanup('0');
-- the mark moved, written by the relay role itself; it sees only marks of outbox tables it may UPDATE
SELECT outbox, lwm > 0 AS mark_moved FROM schemaops.outbox_lwm;
RESET ROLE;
-- a role without UPDATE on the outbox sees no mark and cannot claim
SET ROLE obr_other;
SELECT count(*) AS marks_visible FROM schemaops.outbox_lwm;
\set VERBOSITY terse
SELECT count(*) FROM schemaops.outbox_claim('other', 1);
SELECT schemaops.outbox_advance('schemaops.outbox_events', pg_snapshot_xmin(pg_current_snapshot()));
UPDATE schemaops.outbox_lwm SET lwm = 1000000;
INSERT INTO schemaops.outbox_lwm VALUES ('schemaops.outbox_events', 0, 1000000) ON CONFLICT DO NOTHING;
\set VERBOSITY default
RESET ROLE;
SELECT lwm < 1000000 AS mark_untouched FROM schemaops.outbox_lwm WHERE outbox = 'schemaops.outbox_events'::regclass;
DROP OWNED BY obr_relay;
DROP ROLE obr_relay;
DROP OWNED BY obr_other;
DROP ROLE obr_other;

-- ---------------------------------------------------------------- more retries waiting than holes can park
-- 1,005 events wait for a retry: 1,000 are parked, the mark stops below the 1,001st; fresh events above are
-- still handed out, and every waiting event is handed out once due (none skipped)
TRUNCATE schemaops.outbox_events;
CREATE TABLE many (id int PRIMARY KEY);
SELECT schemaops.outbox_attach('many') IS NOT NULL AS attached;
INSERT INTO many SELECT generate_series(1, 1005);
SELECT count(*) AS claimed FROM schemaops.outbox_claim('r', 2000, '1 hour');
SELECT count(*) FILTER (WHERE r = 'retry') AS retry FROM (
	SELECT schemaops.outbox_fail(id, 'later', '1 hour') AS r FROM schemaops.outbox_events) f;
SELECT count(*) AS claimable_now FROM schemaops.outbox_claim('r', 2000, '1 hour');
SELECT cardinality(l.holes) AS parked,
	l.lwm = (SELECT id FROM schemaops.outbox_events ORDER BY id OFFSET 999 LIMIT 1) AS mark_at_1000th,
	(SELECT count(*) FROM schemaops.outbox_events e WHERE e.id > l.lwm) AS waiting_above_mark
FROM schemaops.outbox_lwm l WHERE l.outbox = 'schemaops.outbox_events'::regclass;
INSERT INTO many SELECT generate_series(1006, 1010);
SELECT array_agg(aggregateid::int ORDER BY id) AS fresh FROM schemaops.outbox_claim('r', 2000, '1 hour');
SELECT schemaops.outbox_ack(ARRAY(SELECT id FROM schemaops.outbox_events WHERE aggregateid::int > 1005));
-- the retry delay runs out
UPDATE schemaops.outbox_events SET lease_until = now() - interval '1 second' WHERE acked_at IS NULL;
CREATE TABLE got AS SELECT id, aggregateid::int AS k FROM schemaops.outbox_claim('r', 600, '1 hour');
INSERT INTO got SELECT id, aggregateid::int FROM schemaops.outbox_claim('r', 600, '1 hour');
SELECT count(*) AS handed_out, count(DISTINCT k) AS distinct_keys, min(k), max(k) FROM got;
SELECT schemaops.outbox_ack(ARRAY(SELECT id FROM got));
SELECT count(*) AS left_after_ack FROM schemaops.outbox_claim('r', 2000, '1 hour');
SELECT cardinality(l.holes) AS parked, l.lwm = (SELECT max(id) FROM schemaops.outbox_events) AS mark_at_end
FROM schemaops.outbox_lwm l WHERE l.outbox = 'schemaops.outbox_events'::regclass;

-- ---------------------------------------------------------------- primary-key updates
TRUNCATE schemaops.outbox_events;
CREATE TABLE acct (region text, n int, bal int, PRIMARY KEY (region, n));
INSERT INTO acct VALUES ('EU', 1, 10), ('EU', 2, 20);
-- default "update": one "updated" event under the new key
SELECT schemaops.outbox_attach('acct')->>'key_update' AS key_update;
UPDATE acct SET n = 3 WHERE n = 1;
SELECT * FROM ev;
TRUNCATE schemaops.outbox_events;
-- "delete_create": a delete of the old key, then a create of the new (Debezium's events for a key change)
SELECT schemaops.outbox_attach('acct', '{"key_update": "delete_create", "update_payload": "changed"}')->>'key_update'
	AS key_update;
UPDATE acct SET n = 1 WHERE n = 3;
UPDATE acct SET bal = 21 WHERE n = 2;
UPDATE acct SET bal = bal WHERE n = 2;
UPDATE acct SET region = 'US', bal = bal + 1;
SELECT * FROM ev;
-- ids follow the order: each delete comes right before its create
SELECT bool_and(d.type = 'acct.deleted' AND c.type = 'acct.created') AS paired
FROM schemaops.outbox_events d JOIN schemaops.outbox_events c ON c.id = d.id + 1
WHERE d.type = 'acct.deleted';
-- a savepoint rolled back takes both events of its key change
TRUNCATE schemaops.outbox_events;
BEGIN;
SAVEPOINT s;
UPDATE acct SET n = n + 10;
ROLLBACK TO SAVEPOINT s;
UPDATE acct SET n = n + 100 WHERE n = 1;
COMMIT;
SELECT * FROM ev;
-- a single-column key, written by a statement that changes some keys and not others
CREATE TABLE single (id int PRIMARY KEY, v text);
INSERT INTO single VALUES (1, 'a'), (2, 'b');
SELECT schemaops.outbox_attach('single', '{"key_update": "delete_create"}') IS NOT NULL AS attached;
TRUNCATE schemaops.outbox_events;
UPDATE single SET id = CASE id WHEN 1 THEN 5 ELSE id END, v = v || '!';
SELECT * FROM ev;
\set VERBOSITY terse
SELECT schemaops.outbox_options('single', '{"key_update": "both"}');
SELECT schemaops.outbox_options('single', '{"key_update": true}');
\set VERBOSITY default

RESET search_path;
DROP SCHEMA obr CASCADE;
TRUNCATE schemaops.outbox_events;

-- schemaops install script, PostgreSQL 15. Built by pg_extension/Makefile from the sorted pieces in
-- sql/postgres/*.sql; the version is schemaops.control's default_version.
--
-- Search-path safety: every function pins search_path with a SET clause, and every name in a body is
-- schema-qualified (pg_catalog.*, OPERATOR(pg_catalog.=), @extschema@.*), because snapshot() runs its
-- deparsing queries with the snapshotted schema first in search_path (names in expressions then print
-- unqualified, as the migration script's own search_path will resolve them), and objects of that schema
-- must never capture a function or operator the extension calls.

\echo Use "CREATE EXTENSION schemaops" to load this file. \quit

CREATE FUNCTION @extschema@.version()
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'so_pg_version'
LANGUAGE C STABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.version() IS
'schemaops build version and the schema document format version it reads and writes';

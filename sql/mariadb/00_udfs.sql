-- sql/mariadb/00_udfs.sql: registers the UDFs of schemaops.so (first piece of the install script).
--
-- The install script mariadb_plugin/schemaops.sql is built by `make` from sql/mariadb/*.sql, sorted by name.
-- Run it with the mariadb client after `INSTALL SONAME 'schemaops'` (the plugin must be in the server's
-- plugin_dir). Idempotent: it may be run again to upgrade the stored routines. Reference:
-- docs/sql-mariadb.md. The document format is docs/document-format.md (dialect mariadb).
--
-- The UDFs are global (mysql.func); their symbols in schemaops.so equal the SQL names. Each concern's piece
-- registers its own UDFs; mariadb_plugin/Makefile (check-symbols) verifies that every name registered with
-- SONAME 'schemaops.so' in these pieces is exported with its _init/_deinit.
CREATE FUNCTION IF NOT EXISTS schema_diff RETURNS STRING SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS schema_changes_json RETURNS STRING SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS schema_from_yaml RETURNS STRING SONAME 'schemaops.so';

CREATE DATABASE IF NOT EXISTS schemaops;

-- sql/mariadb/40_vector.sql: the vector UDFs (docs/vectors.md). Vectors are binary strings in MariaDB 11.7's
-- VECTOR byte layout (little-endian float32); store them in VARBINARY(4 * dims) or BLOB columns.
-- NULL for a NULL argument, mismatched dimensions, a bad byte length or a NaN/Inf element (as 11.7's
-- VEC_DISTANCE_*); vector_from_text raises an error on malformed text.
CREATE FUNCTION IF NOT EXISTS vector_l2_distance RETURNS REAL SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_l2_squared_distance RETURNS REAL SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_cosine_distance RETURNS REAL SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_inner_product RETURNS REAL SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_negative_inner_product RETURNS REAL SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_l1_distance RETURNS REAL SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_norm RETURNS REAL SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_dims RETURNS INTEGER SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_normalize RETURNS STRING SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_from_text RETURNS STRING SONAME 'schemaops.so';
CREATE FUNCTION IF NOT EXISTS vector_to_text RETURNS STRING SONAME 'schemaops.so';

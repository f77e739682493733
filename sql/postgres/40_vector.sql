-- Vector-distance helpers (docs/vectors.md): float32 vectors as real[] (1-D, no NULL elements), as bytea
-- holding little-endian float32 (MariaDB 11.7's VECTOR byte layout) or as text '[1,2,3]' (pgvector's and
-- MariaDB's text form). Every distance function takes any two forms (a text argument is parsed; a constant
-- argument, e.g. the query vector, is read once per statement); the operators <-> <=> <#> <+> are pgvector's,
-- for real[] (and real[] against a text literal, so `embedding <-> '[1,2,3]'` works as with pgvector).
-- All functions are IMMUTABLE STRICT PARALLEL SAFE: a pure function of their arguments (Citus may push
-- them to shards). Errors (pgvector's wording): "different vector dimensions %d and %d" (22000), "NaN not
-- allowed in vector", "infinite value not allowed in vector", "vector must have at least 1 dimension",
-- "array must be 1-D" (22000), "array must not contain nulls" (22004), "vector cannot have more than 16000
-- dimensions" (54000), "malformed vector literal" (22P02).

CREATE FUNCTION @extschema@.vector_l2_distance(a pg_catalog.float4[], b pg_catalog.float4[]) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l2_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l2_distance(pg_catalog.float4[], pg_catalog.float4[]) IS 'Euclidean distance sqrt(sum (a_i - b_i)^2), as pgvectors <-> (double-precision sum)';

CREATE FUNCTION @extschema@.vector_l2_distance(a pg_catalog.bytea, b pg_catalog.bytea) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l2_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l2_distance(pg_catalog.bytea, pg_catalog.bytea) IS 'Euclidean distance sqrt(sum (a_i - b_i)^2), as pgvectors <-> (double-precision sum)';

CREATE FUNCTION @extschema@.vector_l2_distance(a pg_catalog.text, b pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l2_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l2_distance(pg_catalog.text, pg_catalog.text) IS 'Euclidean distance sqrt(sum (a_i - b_i)^2), as pgvectors <-> (double-precision sum)';

CREATE FUNCTION @extschema@.vector_l2_distance(a pg_catalog.float4[], b pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l2_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l2_distance(pg_catalog.float4[], pg_catalog.text) IS 'Euclidean distance sqrt(sum (a_i - b_i)^2), as pgvectors <-> (double-precision sum)';

CREATE FUNCTION @extschema@.vector_l2_distance(a pg_catalog.text, b pg_catalog.float4[]) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l2_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l2_distance(pg_catalog.text, pg_catalog.float4[]) IS 'Euclidean distance sqrt(sum (a_i - b_i)^2), as pgvectors <-> (double-precision sum)';

CREATE FUNCTION @extschema@.vector_l2_distance(a pg_catalog.bytea, b pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l2_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l2_distance(pg_catalog.bytea, pg_catalog.text) IS 'Euclidean distance sqrt(sum (a_i - b_i)^2), as pgvectors <-> (double-precision sum)';

CREATE FUNCTION @extschema@.vector_l2_distance(a pg_catalog.text, b pg_catalog.bytea) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l2_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l2_distance(pg_catalog.text, pg_catalog.bytea) IS 'Euclidean distance sqrt(sum (a_i - b_i)^2), as pgvectors <-> (double-precision sum)';

CREATE FUNCTION @extschema@.vector_l2_squared_distance(a pg_catalog.float4[], b pg_catalog.float4[]) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l2_squared_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l2_squared_distance(pg_catalog.float4[], pg_catalog.float4[]) IS 'squared Euclidean distance sum (a_i - b_i)^2 (orders as vector_l2_distance without the square root)';

CREATE FUNCTION @extschema@.vector_l2_squared_distance(a pg_catalog.bytea, b pg_catalog.bytea) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l2_squared_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l2_squared_distance(pg_catalog.bytea, pg_catalog.bytea) IS 'squared Euclidean distance sum (a_i - b_i)^2 (orders as vector_l2_distance without the square root)';

CREATE FUNCTION @extschema@.vector_l2_squared_distance(a pg_catalog.text, b pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l2_squared_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l2_squared_distance(pg_catalog.text, pg_catalog.text) IS 'squared Euclidean distance sum (a_i - b_i)^2 (orders as vector_l2_distance without the square root)';

CREATE FUNCTION @extschema@.vector_l2_squared_distance(a pg_catalog.float4[], b pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l2_squared_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l2_squared_distance(pg_catalog.float4[], pg_catalog.text) IS 'squared Euclidean distance sum (a_i - b_i)^2 (orders as vector_l2_distance without the square root)';

CREATE FUNCTION @extschema@.vector_l2_squared_distance(a pg_catalog.text, b pg_catalog.float4[]) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l2_squared_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l2_squared_distance(pg_catalog.text, pg_catalog.float4[]) IS 'squared Euclidean distance sum (a_i - b_i)^2 (orders as vector_l2_distance without the square root)';

CREATE FUNCTION @extschema@.vector_l2_squared_distance(a pg_catalog.bytea, b pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l2_squared_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l2_squared_distance(pg_catalog.bytea, pg_catalog.text) IS 'squared Euclidean distance sum (a_i - b_i)^2 (orders as vector_l2_distance without the square root)';

CREATE FUNCTION @extschema@.vector_l2_squared_distance(a pg_catalog.text, b pg_catalog.bytea) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l2_squared_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l2_squared_distance(pg_catalog.text, pg_catalog.bytea) IS 'squared Euclidean distance sum (a_i - b_i)^2 (orders as vector_l2_distance without the square root)';

CREATE FUNCTION @extschema@.vector_inner_product(a pg_catalog.float4[], b pg_catalog.float4[]) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_inner_product(pg_catalog.float4[], pg_catalog.float4[]) IS 'inner product sum a_i * b_i (double-precision sum)';

CREATE FUNCTION @extschema@.vector_inner_product(a pg_catalog.bytea, b pg_catalog.bytea) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_inner_product(pg_catalog.bytea, pg_catalog.bytea) IS 'inner product sum a_i * b_i (double-precision sum)';

CREATE FUNCTION @extschema@.vector_inner_product(a pg_catalog.text, b pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_inner_product(pg_catalog.text, pg_catalog.text) IS 'inner product sum a_i * b_i (double-precision sum)';

CREATE FUNCTION @extschema@.vector_inner_product(a pg_catalog.float4[], b pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_inner_product(pg_catalog.float4[], pg_catalog.text) IS 'inner product sum a_i * b_i (double-precision sum)';

CREATE FUNCTION @extschema@.vector_inner_product(a pg_catalog.text, b pg_catalog.float4[]) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_inner_product(pg_catalog.text, pg_catalog.float4[]) IS 'inner product sum a_i * b_i (double-precision sum)';

CREATE FUNCTION @extschema@.vector_inner_product(a pg_catalog.bytea, b pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_inner_product(pg_catalog.bytea, pg_catalog.text) IS 'inner product sum a_i * b_i (double-precision sum)';

CREATE FUNCTION @extschema@.vector_inner_product(a pg_catalog.text, b pg_catalog.bytea) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_inner_product(pg_catalog.text, pg_catalog.bytea) IS 'inner product sum a_i * b_i (double-precision sum)';

CREATE FUNCTION @extschema@.vector_negative_inner_product(a pg_catalog.float4[], b pg_catalog.float4[]) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_negative_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_negative_inner_product(pg_catalog.float4[], pg_catalog.float4[]) IS '-(sum a_i * b_i), as pgvectors <#> (smaller is more similar)';

CREATE FUNCTION @extschema@.vector_negative_inner_product(a pg_catalog.bytea, b pg_catalog.bytea) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_negative_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_negative_inner_product(pg_catalog.bytea, pg_catalog.bytea) IS '-(sum a_i * b_i), as pgvectors <#> (smaller is more similar)';

CREATE FUNCTION @extschema@.vector_negative_inner_product(a pg_catalog.text, b pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_negative_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_negative_inner_product(pg_catalog.text, pg_catalog.text) IS '-(sum a_i * b_i), as pgvectors <#> (smaller is more similar)';

CREATE FUNCTION @extschema@.vector_negative_inner_product(a pg_catalog.float4[], b pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_negative_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_negative_inner_product(pg_catalog.float4[], pg_catalog.text) IS '-(sum a_i * b_i), as pgvectors <#> (smaller is more similar)';

CREATE FUNCTION @extschema@.vector_negative_inner_product(a pg_catalog.text, b pg_catalog.float4[]) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_negative_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_negative_inner_product(pg_catalog.text, pg_catalog.float4[]) IS '-(sum a_i * b_i), as pgvectors <#> (smaller is more similar)';

CREATE FUNCTION @extschema@.vector_negative_inner_product(a pg_catalog.bytea, b pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_negative_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_negative_inner_product(pg_catalog.bytea, pg_catalog.text) IS '-(sum a_i * b_i), as pgvectors <#> (smaller is more similar)';

CREATE FUNCTION @extschema@.vector_negative_inner_product(a pg_catalog.text, b pg_catalog.bytea) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_negative_inner_product' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_negative_inner_product(pg_catalog.text, pg_catalog.bytea) IS '-(sum a_i * b_i), as pgvectors <#> (smaller is more similar)';

CREATE FUNCTION @extschema@.vector_cosine_distance(a pg_catalog.float4[], b pg_catalog.float4[]) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_cosine_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_cosine_distance(pg_catalog.float4[], pg_catalog.float4[]) IS '1 - cosine similarity (clamped to [-1, 1]), as pgvectors <=>; 1 when either vector is all zeros (pgvector: NaN)';

CREATE FUNCTION @extschema@.vector_cosine_distance(a pg_catalog.bytea, b pg_catalog.bytea) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_cosine_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_cosine_distance(pg_catalog.bytea, pg_catalog.bytea) IS '1 - cosine similarity (clamped to [-1, 1]), as pgvectors <=>; 1 when either vector is all zeros (pgvector: NaN)';

CREATE FUNCTION @extschema@.vector_cosine_distance(a pg_catalog.text, b pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_cosine_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_cosine_distance(pg_catalog.text, pg_catalog.text) IS '1 - cosine similarity (clamped to [-1, 1]), as pgvectors <=>; 1 when either vector is all zeros (pgvector: NaN)';

CREATE FUNCTION @extschema@.vector_cosine_distance(a pg_catalog.float4[], b pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_cosine_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_cosine_distance(pg_catalog.float4[], pg_catalog.text) IS '1 - cosine similarity (clamped to [-1, 1]), as pgvectors <=>; 1 when either vector is all zeros (pgvector: NaN)';

CREATE FUNCTION @extschema@.vector_cosine_distance(a pg_catalog.text, b pg_catalog.float4[]) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_cosine_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_cosine_distance(pg_catalog.text, pg_catalog.float4[]) IS '1 - cosine similarity (clamped to [-1, 1]), as pgvectors <=>; 1 when either vector is all zeros (pgvector: NaN)';

CREATE FUNCTION @extschema@.vector_cosine_distance(a pg_catalog.bytea, b pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_cosine_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_cosine_distance(pg_catalog.bytea, pg_catalog.text) IS '1 - cosine similarity (clamped to [-1, 1]), as pgvectors <=>; 1 when either vector is all zeros (pgvector: NaN)';

CREATE FUNCTION @extschema@.vector_cosine_distance(a pg_catalog.text, b pg_catalog.bytea) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_cosine_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_cosine_distance(pg_catalog.text, pg_catalog.bytea) IS '1 - cosine similarity (clamped to [-1, 1]), as pgvectors <=>; 1 when either vector is all zeros (pgvector: NaN)';

CREATE FUNCTION @extschema@.vector_l1_distance(a pg_catalog.float4[], b pg_catalog.float4[]) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l1_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l1_distance(pg_catalog.float4[], pg_catalog.float4[]) IS 'taxicab distance sum |a_i - b_i|, as pgvectors <+>';

CREATE FUNCTION @extschema@.vector_l1_distance(a pg_catalog.bytea, b pg_catalog.bytea) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l1_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l1_distance(pg_catalog.bytea, pg_catalog.bytea) IS 'taxicab distance sum |a_i - b_i|, as pgvectors <+>';

CREATE FUNCTION @extschema@.vector_l1_distance(a pg_catalog.text, b pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l1_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l1_distance(pg_catalog.text, pg_catalog.text) IS 'taxicab distance sum |a_i - b_i|, as pgvectors <+>';

CREATE FUNCTION @extschema@.vector_l1_distance(a pg_catalog.float4[], b pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l1_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l1_distance(pg_catalog.float4[], pg_catalog.text) IS 'taxicab distance sum |a_i - b_i|, as pgvectors <+>';

CREATE FUNCTION @extschema@.vector_l1_distance(a pg_catalog.text, b pg_catalog.float4[]) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l1_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l1_distance(pg_catalog.text, pg_catalog.float4[]) IS 'taxicab distance sum |a_i - b_i|, as pgvectors <+>';

CREATE FUNCTION @extschema@.vector_l1_distance(a pg_catalog.bytea, b pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l1_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l1_distance(pg_catalog.bytea, pg_catalog.text) IS 'taxicab distance sum |a_i - b_i|, as pgvectors <+>';

CREATE FUNCTION @extschema@.vector_l1_distance(a pg_catalog.text, b pg_catalog.bytea) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_l1_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_l1_distance(pg_catalog.text, pg_catalog.bytea) IS 'taxicab distance sum |a_i - b_i|, as pgvectors <+>';

CREATE OPERATOR @extschema@.<-> (LEFTARG = pg_catalog.float4[], RIGHTARG = pg_catalog.float4[], FUNCTION = @extschema@.vector_l2_distance,
	COMMUTATOR = OPERATOR(@extschema@.<->));
CREATE OPERATOR @extschema@.<-> (LEFTARG = pg_catalog.float4[], RIGHTARG = pg_catalog.text, FUNCTION = @extschema@.vector_l2_distance);

CREATE OPERATOR @extschema@.<=> (LEFTARG = pg_catalog.float4[], RIGHTARG = pg_catalog.float4[], FUNCTION = @extschema@.vector_cosine_distance,
	COMMUTATOR = OPERATOR(@extschema@.<=>));
CREATE OPERATOR @extschema@.<=> (LEFTARG = pg_catalog.float4[], RIGHTARG = pg_catalog.text, FUNCTION = @extschema@.vector_cosine_distance);

CREATE OPERATOR @extschema@.<#> (LEFTARG = pg_catalog.float4[], RIGHTARG = pg_catalog.float4[], FUNCTION = @extschema@.vector_negative_inner_product,
	COMMUTATOR = OPERATOR(@extschema@.<#>));
CREATE OPERATOR @extschema@.<#> (LEFTARG = pg_catalog.float4[], RIGHTARG = pg_catalog.text, FUNCTION = @extschema@.vector_negative_inner_product);

CREATE OPERATOR @extschema@.<+> (LEFTARG = pg_catalog.float4[], RIGHTARG = pg_catalog.float4[], FUNCTION = @extschema@.vector_l1_distance,
	COMMUTATOR = OPERATOR(@extschema@.<+>));
CREATE OPERATOR @extschema@.<+> (LEFTARG = pg_catalog.float4[], RIGHTARG = pg_catalog.text, FUNCTION = @extschema@.vector_l1_distance);

CREATE FUNCTION @extschema@.vector_dims(v pg_catalog.float4[]) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'so_pg_vector_dims' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_dims(pg_catalog.float4[]) IS 'the number of dimensions';

CREATE FUNCTION @extschema@.vector_dims(v pg_catalog.bytea) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'so_pg_vector_dims' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_dims(pg_catalog.bytea) IS 'the number of dimensions';

CREATE FUNCTION @extschema@.vector_dims(v pg_catalog.text) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'so_pg_vector_dims' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_dims(pg_catalog.text) IS 'the number of dimensions';

CREATE FUNCTION @extschema@.vector_norm(v pg_catalog.float4[]) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_norm' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_norm(pg_catalog.float4[]) IS 'the Euclidean norm sqrt(sum a_i^2) (double-precision sum)';

CREATE FUNCTION @extschema@.vector_norm(v pg_catalog.bytea) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_norm' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_norm(pg_catalog.bytea) IS 'the Euclidean norm sqrt(sum a_i^2) (double-precision sum)';

CREATE FUNCTION @extschema@.vector_norm(v pg_catalog.text) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'so_pg_vector_norm' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_norm(pg_catalog.text) IS 'the Euclidean norm sqrt(sum a_i^2) (double-precision sum)';

CREATE FUNCTION @extschema@.vector_to_text(v pg_catalog.float4[]) RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'so_pg_vector_to_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_to_text(pg_catalog.float4[]) IS 'the text form [e1,e2,...], each element the shortest decimal that reads back to the same float32';

CREATE FUNCTION @extschema@.vector_to_text(v pg_catalog.bytea) RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'so_pg_vector_to_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_to_text(pg_catalog.bytea) IS 'the text form [e1,e2,...], each element the shortest decimal that reads back to the same float32';

CREATE FUNCTION @extschema@.vector_to_text(v pg_catalog.text) RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'so_pg_vector_to_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_to_text(pg_catalog.text) IS 'the text form [e1,e2,...], each element the shortest decimal that reads back to the same float32';

CREATE FUNCTION @extschema@.vector_to_real(v pg_catalog.float4[]) RETURNS pg_catalog.float4[]
AS 'MODULE_PATHNAME', 'so_pg_vector_to_real' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_to_real(pg_catalog.float4[]) IS 'the vector as real[]';

CREATE FUNCTION @extschema@.vector_to_real(v pg_catalog.bytea) RETURNS pg_catalog.float4[]
AS 'MODULE_PATHNAME', 'so_pg_vector_to_real' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_to_real(pg_catalog.bytea) IS 'the vector as real[]';

CREATE FUNCTION @extschema@.vector_to_real(v pg_catalog.text) RETURNS pg_catalog.float4[]
AS 'MODULE_PATHNAME', 'so_pg_vector_to_real' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_to_real(pg_catalog.text) IS 'the vector as real[]';

CREATE FUNCTION @extschema@.vector_to_bytea(v pg_catalog.float4[]) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'so_pg_vector_to_bytea' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_to_bytea(pg_catalog.float4[]) IS 'the vector as bytea: little-endian float32, MariaDB 11.7s VECTOR layout';

CREATE FUNCTION @extschema@.vector_to_bytea(v pg_catalog.bytea) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'so_pg_vector_to_bytea' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_to_bytea(pg_catalog.bytea) IS 'the vector as bytea: little-endian float32, MariaDB 11.7s VECTOR layout';

CREATE FUNCTION @extschema@.vector_to_bytea(v pg_catalog.text) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'so_pg_vector_to_bytea' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_to_bytea(pg_catalog.text) IS 'the vector as bytea: little-endian float32, MariaDB 11.7s VECTOR layout';

CREATE FUNCTION @extschema@.vector_to_pgvector_binary(v pg_catalog.float4[]) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'so_pg_vector_to_pgvector_binary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_to_pgvector_binary(pg_catalog.float4[]) IS 'pgvectors binary send/recv form (big-endian int16 dim, int16 0, float4 elements): COPY BINARY into a pgvector column';

CREATE FUNCTION @extschema@.vector_to_pgvector_binary(v pg_catalog.bytea) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'so_pg_vector_to_pgvector_binary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_to_pgvector_binary(pg_catalog.bytea) IS 'pgvectors binary send/recv form (big-endian int16 dim, int16 0, float4 elements): COPY BINARY into a pgvector column';

CREATE FUNCTION @extschema@.vector_to_pgvector_binary(v pg_catalog.text) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'so_pg_vector_to_pgvector_binary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_to_pgvector_binary(pg_catalog.text) IS 'pgvectors binary send/recv form (big-endian int16 dim, int16 0, float4 elements): COPY BINARY into a pgvector column';

CREATE FUNCTION @extschema@.vector_from_text(v pg_catalog.text) RETURNS pg_catalog.float4[]
AS 'MODULE_PATHNAME', 'so_pg_vector_to_real' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_from_text(pg_catalog.text) IS 'parses the text form ''[1,2,3]'' into real[]';

CREATE FUNCTION @extschema@.vector_from_pgvector_binary(v pg_catalog.bytea) RETURNS pg_catalog.float4[]
AS 'MODULE_PATHNAME', 'so_pg_vector_from_pgvector_binary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_from_pgvector_binary(pg_catalog.bytea) IS 'reads pgvector''s binary send/recv form into real[]';

CREATE FUNCTION @extschema@.vector_normalize(v pg_catalog.float4[]) RETURNS pg_catalog.float4[]
AS 'MODULE_PATHNAME', 'so_pg_vector_normalize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_normalize(pg_catalog.float4[]) IS 'v / norm(v) in the same form (norm in double precision); the zero vector stays zero';

CREATE FUNCTION @extschema@.vector_normalize(v pg_catalog.bytea) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'so_pg_vector_normalize' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.vector_normalize(pg_catalog.bytea) IS 'v / norm(v) in the same form (norm in double precision); the zero vector stays zero';

-- vector_avg: state {count, sum_1, ..., sum_d} as float8[] (no serialization needed for parallel plans).
CREATE FUNCTION @extschema@.vector_avg_accum(pg_catalog.float8[], pg_catalog.float4[]) RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'so_pg_vector_avg_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.vector_avg_accum(pg_catalog.float8[], pg_catalog.bytea) RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'so_pg_vector_avg_accum' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.vector_avg_combine(pg_catalog.float8[], pg_catalog.float8[]) RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'so_pg_vector_avg_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.vector_avg_final(pg_catalog.float8[]) RETURNS pg_catalog.float4[]
AS 'MODULE_PATHNAME', 'so_pg_vector_avg_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.vector_avg_final_bytea(pg_catalog.float8[]) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'so_pg_vector_avg_final_bytea' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE AGGREGATE @extschema@.vector_avg(pg_catalog.float4[]) (
	SFUNC = @extschema@.vector_avg_accum, STYPE = pg_catalog.float8[], FINALFUNC = @extschema@.vector_avg_final,
	COMBINEFUNC = @extschema@.vector_avg_combine, INITCOND = '{0}', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.vector_avg(pg_catalog.float4[]) IS
'element-wise mean (sums in double precision); NULL for no rows; "expected %d dimensions, not %d" on a mismatch';
CREATE AGGREGATE @extschema@.vector_avg(pg_catalog.bytea) (
	SFUNC = @extschema@.vector_avg_accum, STYPE = pg_catalog.float8[], FINALFUNC = @extschema@.vector_avg_final_bytea,
	COMBINEFUNC = @extschema@.vector_avg_combine, INITCOND = '{0}', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.vector_avg(pg_catalog.bytea) IS
'element-wise mean of little-endian float32 vectors, as bytea; NULL for no rows';

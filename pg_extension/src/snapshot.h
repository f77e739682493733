/*
 * snapshot.h: internals of the C snapshot of a schema's tables (schemaops._snapshot_tables, issue 3).
 *
 * The "tables" member of the schema document (docs/document-format.md) is built here straight from the
 * catalogs (index scans per relation, the server's deparse functions where text must be deparsed) into jsonb
 * with pushJsonbValue: the same document, byte for byte, as the SQL reference (schemaops._snapshot_sql(),
 * sql/postgres/10_snapshot.sql), which tests/lib/snapshot_c_pg.t checks.
 *
 *   snapshot_json.c         the jsonb builder (members whose value is absent are left out, as json_strip_nulls
 *                           leaves them out of the SQL document) and calls of the server's deparse functions
 *   snapshot_tables.c       the entry point: relations, columns, comments, options, partitions
 *   snapshot_constraints.c  constraints, indexes, triggers, policies of one relation
 *   snapshot_sequences.c    the "sequences" member (the other kinds are SQL: _snapshot_kinds())
 *   snapshot_dependencies.c the "dependencies" member (the rest of _snapshot_objects() is SQL)
 *   snapshot_extensions.c   the "extensions" member
 */
#ifndef SO_PG_SNAPSHOT_H
#define SO_PG_SNAPSHOT_H

#include "postgres.h"

#include "access/htup.h"
#include "fmgr.h"
#include "nodes/pg_list.h"
#include "utils/relcache.h"
#include "utils/jsonb.h"

/*
 * The table object under construction: every push allocates in doc_cxt (a scratch context reset once the
 * object is encoded); strings are copied into it (pushJsonbValue keeps pointers).
 */
typedef struct so_snap {
	JsonbParseState *state;
	MemoryContext doc_cxt;
	Oid nsp; /* the schema being read */
	/* the per-relation catalogs, opened (AccessShareLock) once for the whole snapshot */
	Relation attribute;
	Relation attrdef;
	Relation description;
	Relation constraint;
	Relation index;
	Relation inherits;
	Relation trigger;
	Relation policy;
	Relation depend;
} so_snap;

/* One live column of a relation (attnum > 0, not dropped), the fields the document uses. */
typedef struct so_snap_att {
	int16 attnum;
	char *name;
	Oid typid;
	int32 typmod;
	Oid collation;
	bool notnull;
	char generated; /* attgenerated: '' or 's' */
	char identity;  /* attidentity: '', 'a' or 'd' */
	int32 stattarget;
	char storage;
} so_snap_att;

/* A relation's live columns, in attnum order. */
typedef struct so_snap_atts {
	so_snap_att *att;
	int n;
} so_snap_atts;

/* builder (snapshot_json.c); key NULL inside an array */
void so_snap_begin_object(so_snap *s, const char *key);
void so_snap_end_object(so_snap *s);
void so_snap_begin_array(so_snap *s, const char *key);
void so_snap_end_array(so_snap *s);
/* a string member (nothing when value is NULL) or element */
void so_snap_str(so_snap *s, const char *key, const char *value);
void so_snap_bool(so_snap *s, const char *key, bool value);
void so_snap_int(so_snap *s, const char *key, int64 value);
/* a JSON null element (inside an array: json_strip_nulls keeps those) */
void so_snap_null(so_snap *s);
/* a text[] datum as an array of strings (to_json(text[])) */
void so_snap_text_array(so_snap *s, const char *key, Datum array);

/*
 * fn(args...) for a built-in deparse function returning text (pg_get_expr_ext, format_type...), as a C string
 * in the current context; NULL where the function returns NULL. Arguments are never NULL.
 */
char *so_snap_call_text(PGFunction fn, int nargs, Datum a0, Datum a1, Datum a2);

/*
 * One member of a jsonb container assembled from encoded parts (so_jb_assemble): key (objects only) and either
 * an encoded container (container != NULL: the bytes of a JsonbContainer, container_len of them) or a scalar
 * (string, numeric, bool or null).
 */
typedef struct so_jb_member {
	const char *key;
	int keylen;
	const JsonbContainer *container;
	uint32 container_len;
	JsonbValue scalar;
} so_jb_member;

/*
 * The jsonb array (object false) or object (true) of the n members, encoded as JsonbValueToJsonb would encode
 * the same values: containers are copied as bytes. An object's members are sorted here (jsonb key order);
 * duplicate keys are an internal error. ERRCODE_PROGRAM_LIMIT_EXCEEDED past jsonb's size limits.
 */
Jsonb *so_jb_assemble(so_jb_member *m, int n, bool object);

/* the comment of (objoid, classoid, objsubid), NULL if none; objsubid -1 matches any sub-id */
char *so_snap_description(so_snap *s, Oid objoid, Oid classoid, int32 objsubid);
/* the comments of a relation and its columns in one scan: [objsubid] for 0..maxsub, NULL where none */
char **so_snap_descriptions(so_snap *s, Oid relid, int maxsub);

/* the name of column attnum among atts, NULL if it is not a live column */
const char *so_snap_att_name(const so_snap_atts *atts, int16 attnum);

/*
 * The constraint members of one relation (snapshot_constraints.c): primary_key, unique, foreign_keys, checks,
 * exclusion_constraints, constraint_comments, not_valid_constraints. Returns the indexes (conindid) that back
 * a primary key, unique or exclusion constraint of the relation (an OID list), which "indexes" leaves out.
 */
List *so_snap_constraints(so_snap *s, Oid relid, const so_snap_atts *atts);
/* indexes, index_options and replica_identity (relreplident is the relation's) */
void so_snap_indexes(so_snap *s, Oid relid, char relreplident, const so_snap_atts *atts, List *conindids);
void so_snap_triggers(so_snap *s, Oid relid);
void so_snap_policies(so_snap *s, Oid relid);

/*
 * The other kinds in C (one file each), for schemaops._snapshot_document(): the member's jsonb value, NULL when
 * the schema has none (the member is then absent, as json_strip_nulls leaves the SQL's NULL out). Allocated in
 * the caller's context; the kinds snapshot() leaves out of _snapshot_kinds() (its skip argument).
 */
/* "sequences" (snapshot_sequences.c) */
Jsonb *so_snap_sequences(Oid nsp);
/* "dependencies" (snapshot_dependencies.c) */
Jsonb *so_snap_dependencies(Oid nsp);
/* "extensions" (snapshot_extensions.c) */
Jsonb *so_snap_extensions(Oid nsp);

#endif

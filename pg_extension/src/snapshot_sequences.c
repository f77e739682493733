/*
 * snapshot_sequences.c: the "sequences" member of the schema document (docs/document-format.md, dialect
 * postgres) built in C (issue 3: snapshot speed; a generated schema of 10,000 bigserial tables has 10,000 of
 * them).
 *
 * The SQL reference is the sequences query of schemaops._snapshot_kinds() (sql/postgres/10_snapshot.sql), which
 * schemaops._snapshot_sql() still runs; snapshot() leaves it out (_snapshot_kinds(..., '{sequences}')) and
 * _snapshot_document() adds this one: tests/lib/snapshot_c_pg.t checks that both documents are the same jsonb
 * with the same text. The rules, as the SQL has them:
 *   - the sequences (relkind 'S') of the schema, sorted by name (name compares with the C collation), without
 *     the ones an identity column owns (pg_depend deptype 'i': the column's "identity" carries them) and the
 *     ones of an extension (deptype 'e');
 *   - {name, type (format_type(seqtypid, NULL)), start, increment, min, max, cache, cycle (only when true),
 *     owned_by "table.column" (the sequence's first auto dependency, deptype 'a', on a column of a relation:
 *     ALTER SEQUENCE ... OWNED BY; PostgreSQL documentation, "pg_depend"), comment}, absent members left out.
 * One scan of pg_class (no index leads with relnamespace, as for the tables), then per sequence one index scan
 * of pg_depend (depender index), the pg_sequence row and the comment (index scans) and, for OWNED BY, the
 * relation's and column's names from the catalog caches. Each object is built and encoded in a scratch context
 * reset after it; CHECK_FOR_INTERRUPTS per sequence. Catalogs are readable by every role: the same document for
 * every role, as for the SQL (SECURITY INVOKER).
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/dependency.h"
#include "catalog/pg_class.h"
#include "catalog/pg_depend.h"
#include "catalog/pg_description.h"
#include "catalog/pg_sequence.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"

#include "snapshot.h"

typedef struct snap_seq {
	Oid oid;
	char *name;
} snap_seq;

static int seq_cmp(const void *a, const void *b)
{
	return strcmp(((const snap_seq *)a)->name, ((const snap_seq *)b)->name);
}

/* the sequences of the schema, sorted by name, in the current context */
static snap_seq *read_sequences(Oid nsp, int *count)
{
	Relation pg_class = table_open(RelationRelationId, AccessShareLock);
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple tup;
	snap_seq *seqs;
	int n = 0;
	int cap = 64;

	seqs = palloc(cap * sizeof(snap_seq));
	ScanKeyInit(&key, Anum_pg_class_relnamespace, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(nsp));
	scan = systable_beginscan(pg_class, InvalidOid, false, NULL, 1, &key);
	while (HeapTupleIsValid(tup = systable_getnext(scan))) {
		Form_pg_class c = (Form_pg_class)GETSTRUCT(tup);

		if (c->relkind != RELKIND_SEQUENCE)
			continue;
		if (n == cap) {
			cap *= 2;
			seqs = repalloc_huge(seqs, (Size)cap * sizeof(snap_seq));
		}
		seqs[n].oid = c->oid;
		seqs[n].name = pstrdup(NameStr(c->relname));
		n++;
	}
	systable_endscan(scan);
	table_close(pg_class, AccessShareLock);
	if (n > 1)
		qsort(seqs, n, sizeof(snap_seq), seq_cmp);
	*count = n;
	return seqs;
}

/*
 * The pg_depend rows of sequence seqid as depender: false when one says the sequence belongs to an identity
 * column or an extension (deptype 'i' or 'e': not listed); else *owner / *ownersub are the first auto
 * dependency on a column of a relation (InvalidOid when none), as the SQL's LIMIT 1 over the same index finds it.
 */
static bool read_dependencies(Relation depend, Oid seqid, Oid *owner, int32 *ownersub)
{
	ScanKeyData key[2];
	SysScanDesc scan;
	HeapTuple tup;
	bool listed = true;

	*owner = InvalidOid;
	*ownersub = 0;
	ScanKeyInit(&key[0], Anum_pg_depend_classid, BTEqualStrategyNumber, F_OIDEQ,
	            ObjectIdGetDatum(RelationRelationId));
	ScanKeyInit(&key[1], Anum_pg_depend_objid, BTEqualStrategyNumber, F_OIDEQ, ObjectIdGetDatum(seqid));
	scan = systable_beginscan(depend, DependDependerIndexId, true, NULL, 2, key);
	while (HeapTupleIsValid(tup = systable_getnext(scan))) {
		Form_pg_depend dp = (Form_pg_depend)GETSTRUCT(tup);

		if (dp->deptype == DEPENDENCY_INTERNAL || dp->deptype == DEPENDENCY_EXTENSION) {
			listed = false;
			break;
		}
		if (!OidIsValid(*owner) && dp->deptype == DEPENDENCY_AUTO && dp->refclassid == RelationRelationId &&
		    dp->refobjsubid > 0) {
			*owner = dp->refobjid;
			*ownersub = dp->refobjsubid;
		}
	}
	systable_endscan(scan);
	return listed;
}

/* one sequence object, built in s->doc_cxt (the current context): its root value; NULL if not listed */
static JsonbValue *emit_sequence(so_snap *s, const snap_seq *q)
{
	HeapTuple st;
	FormData_pg_sequence seq;
	Oid owner;
	int32 ownersub;

	if (!read_dependencies(s->depend, q->oid, &owner, &ownersub))
		return NULL;
	st = SearchSysCache1(SEQRELID, ObjectIdGetDatum(q->oid));
	if (!HeapTupleIsValid(st))
		return NULL; /* the SQL's inner join with pg_sequence */
	memcpy(&seq, GETSTRUCT(st), sizeof(FormData_pg_sequence));
	ReleaseSysCache(st);

	so_snap_begin_object(s, NULL);
	so_snap_str(s, "name", q->name);
	/* format_type(seqtypid, NULL) */
	so_snap_str(s, "type", format_type_extended(seq.seqtypid, -1, FORMAT_TYPE_ALLOW_INVALID));
	so_snap_int(s, "start", seq.seqstart);
	so_snap_int(s, "increment", seq.seqincrement);
	so_snap_int(s, "min", seq.seqmin);
	so_snap_int(s, "max", seq.seqmax);
	so_snap_int(s, "cache", seq.seqcache);
	if (seq.seqcycle)
		so_snap_bool(s, "cycle", true);
	if (OidIsValid(owner)) {
		/* concat(relname, '.', attname): a name that is not found is '' (concat skips NULLs) */
		char *rel = get_rel_name(owner);
		char *att = get_attname(owner, (AttrNumber)ownersub, true);

		so_snap_str(s, "owned_by", psprintf("%s.%s", rel ? rel : "", att ? att : ""));
	}
	so_snap_str(s, "comment", so_snap_description(s, q->oid, RelationRelationId, 0));
	return pushJsonbValue(&s->state, WJB_END_OBJECT, NULL);
}

Jsonb *so_snap_sequences(Oid nsp)
{
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext scratch;
	so_jb_member *members;
	snap_seq *seqs;
	so_snap s;
	int nseq;
	int n = 0;
	int i;

	seqs = read_sequences(nsp, &nseq);
	if (nseq == 0)
		return NULL;
	scratch = AllocSetContextCreate(caller, "schemaops snapshot sequences", ALLOCSET_DEFAULT_SIZES);
	members = palloc0(nseq * sizeof(so_jb_member));
	memset(&s, 0, sizeof(s));
	s.nsp = nsp;
	s.doc_cxt = scratch;
	s.description = table_open(DescriptionRelationId, AccessShareLock);
	s.depend = table_open(DependRelationId, AccessShareLock);
	for (i = 0; i < nseq; i++) {
		JsonbValue *root;

		CHECK_FOR_INTERRUPTS();
		MemoryContextSwitchTo(scratch);
		s.state = NULL;
		root = emit_sequence(&s, &seqs[i]);
		MemoryContextSwitchTo(caller);
		if (root) {
			Jsonb *jb = JsonbValueToJsonb(root);

			members[n].container = &jb->root;
			members[n].container_len = VARSIZE(jb) - VARHDRSZ;
			n++;
		}
		MemoryContextReset(scratch);
	}
	MemoryContextDelete(scratch);
	table_close(s.depend, AccessShareLock);
	table_close(s.description, AccessShareLock);
	if (n == 0)
		return NULL;
	return so_jb_assemble(members, n, false);
}

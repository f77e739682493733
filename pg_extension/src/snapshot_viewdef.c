/*
 * snapshot_viewdef.c: schemaops._snapshot_viewdef(view regclass) -> text, the view definition snapshot()
 * writes, without keeping a lock on every view and table of the schema until the end of the transaction.
 *
 * pg_get_viewdef() rewrites the view's query with AcquireRewriteLocks(), which takes AccessShareLock on the
 * view and on every relation its query reads (src/backend/utils/adt/ruleutils.c, make_viewdef); locks are
 * held to the end of the transaction (PostgreSQL documentation, 13.3 "Explicit Locking"). A snapshot of a
 * schema with a few thousand views then needs more lock slots than the default lock table has
 * (max_locks_per_transaction 64 x max_connections) and fails with "out of shared memory". Here the call runs
 * inside an internal subtransaction that is rolled back, which releases the locks it took (and only those:
 * locks the caller already held stay), as PL/pgSQL's exception blocks do (src/pl/plpgsql/src/pl_exec.c,
 * exec_stmt_block). The text is copied into the caller's memory context before the rollback. An error inside
 * is re-raised after the rollback with its SQLSTATE and message.
 */
#include "postgres.h"

#include "access/xact.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/memutils.h"
#include "utils/resowner.h"

PG_FUNCTION_INFO_V1(so_pg_snapshot_viewdef);

/*
 * so_pg_snapshot_viewdef(view oid): pg_get_viewdef(view, true) (pretty-printed), NULL where pg_get_viewdef
 * gives NULL (not a view); the locks it takes are released before returning. Errors are pg_get_viewdef's.
 */
Datum so_pg_snapshot_viewdef(PG_FUNCTION_ARGS)
{
	Oid view = PG_GETARG_OID(0);
	MemoryContext caller_cxt = CurrentMemoryContext;
	ResourceOwner caller_owner = CurrentResourceOwner;
	Datum def = (Datum)0;
	bool isnull = true;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(caller_cxt);
	PG_TRY();
	{
		LOCAL_FCINFO(inner, 2);

		InitFunctionCallInfoData(*inner, NULL, 2, InvalidOid, NULL, NULL);
		inner->args[0].value = ObjectIdGetDatum(view);
		inner->args[0].isnull = false;
		inner->args[1].value = BoolGetDatum(true);
		inner->args[1].isnull = false;
		/* allocated in caller_cxt, which the rollback below does not reset */
		def = pg_get_viewdef_ext(inner);
		isnull = inner->isnull;
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(caller_cxt);
		CurrentResourceOwner = caller_owner;
	}
	PG_CATCH();
	{
		ErrorData *edata;

		MemoryContextSwitchTo(caller_cxt);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(caller_cxt);
		CurrentResourceOwner = caller_owner;
		ReThrowError(edata);
	}
	PG_END_TRY();

	if (isnull)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(def);
}

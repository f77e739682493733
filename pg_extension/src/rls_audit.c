/*
 * rls_audit.c: helpers of schemaops.rls_audit() and rls_apply_spec() that need C.
 *
 * rls_expr_facts() reads a policy expression (pg_policy.polqual / polwithcheck, a pg_node_tree) as the
 * planner will see it, instead of pattern-matching its deparsed text: which tenant-setting reads it makes
 * (current_setting(), schemaops.rls_tenant()), whether each is evaluated once per query (inside a sub-select,
 * so the planner makes it an initplan) or once per row, whether current_setting() has missing_ok and an
 * empty-string guard NULLIF(..., ''), and whether the whole expression is the constant true.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "nodes/nodeFuncs.h"
#include "nodes/pg_list.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"

#include "schemaops/document.h"

#include "so_pg.h"

PG_FUNCTION_INFO_V1(so_pg_rls_expr_facts);
PG_FUNCTION_INFO_V1(so_pg_rls_spec_parse);

typedef struct facts_ctx {
	int sublink_depth;
	List *guarded; /* current_setting() calls that are the first argument of NULLIF(..., '') */
	Oid tenant_fn; /* schemaops.rls_tenant(), or InvalidOid */
	int reads;
	int per_row;
	int no_missing_ok;
	int no_empty_guard;
} facts_ctx;

static bool is_setting_call(Node *n)
{
	return n && IsA(n, FuncExpr) &&
	       (((FuncExpr *)n)->funcid == F_CURRENT_SETTING_TEXT ||
	        ((FuncExpr *)n)->funcid == F_CURRENT_SETTING_TEXT_BOOL);
}

static bool is_empty_text_const(Node *n)
{
	Const *c;
	if (!n || !IsA(n, Const))
		return false;
	c = (Const *)n;
	return !c->constisnull && c->consttype == TEXTOID && VARSIZE_ANY_EXHDR(DatumGetPointer(c->constvalue)) == 0;
}

static bool facts_walker(Node *node, facts_ctx *c)
{
	if (node == NULL)
		return false;
	if (IsA(node, Query))
		return query_tree_walker((Query *)node, facts_walker, c, 0);
	if (IsA(node, SubLink)) {
		bool r;
		c->sublink_depth++;
		r = expression_tree_walker(node, facts_walker, c);
		c->sublink_depth--;
		return r;
	}
	if (IsA(node, NullIfExpr)) {
		NullIfExpr *n = (NullIfExpr *)node;
		if (list_length(n->args) == 2 && is_setting_call(linitial(n->args)) &&
		    is_empty_text_const(lsecond(n->args)))
			c->guarded = lappend(c->guarded, linitial(n->args));
	}
	if (IsA(node, FuncExpr)) {
		FuncExpr *f = (FuncExpr *)node;
		if (is_setting_call(node)) {
			c->reads++;
			if (c->sublink_depth == 0)
				c->per_row++;
			if (f->funcid == F_CURRENT_SETTING_TEXT)
				c->no_missing_ok++;
			else {
				Node *arg = lsecond(f->args);
				/* missing_ok must be the constant true; false or an expression may raise on unset */
				if (!IsA(arg, Const) || ((Const *)arg)->constisnull ||
				    !DatumGetBool(((Const *)arg)->constvalue))
					c->no_missing_ok++;
			}
			if (!list_member_ptr(c->guarded, node))
				c->no_empty_guard++;
		} else if (OidIsValid(c->tenant_fn) && f->funcid == c->tenant_fn) {
			c->reads++;
			if (c->sublink_depth == 0)
				c->per_row++;
		}
	}
	return expression_tree_walker(node, facts_walker, c);
}

/*
 * schemaops.rls_expr_facts(expr pg_node_tree, tenant_fn regprocedure DEFAULT NULL) -> text[]
 * The facts found in a policy expression, each at most once, in this order:
 *   constant_true               the expression is the constant true
 *   reads_tenant                it reads current_setting() or tenant_fn()
 *   per_row                     a read outside any sub-select: evaluated for every row (splinter 0003)
 *   setting_without_missing_ok  current_setting(x) or current_setting(x, <not the constant true>)
 *   setting_without_empty_guard current_setting() not the first argument of NULLIF(..., '')
 * NULL in, NULL out (a policy without that expression). IMMUTABLE: depends on its arguments only.
 */
Datum so_pg_rls_expr_facts(PG_FUNCTION_ARGS)
{
	Node *expr;
	facts_ctx c;
	Datum items[5];
	int n = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	memset(&c, 0, sizeof c);
	c.tenant_fn = PG_ARGISNULL(1) ? InvalidOid : PG_GETARG_OID(1);
	expr = stringToNode(text_to_cstring(PG_GETARG_TEXT_PP(0)));
	if (expr && IsA(expr, Const) && ((Const *)expr)->consttype == BOOLOID && !((Const *)expr)->constisnull &&
	    DatumGetBool(((Const *)expr)->constvalue))
		items[n++] = CStringGetTextDatum("constant_true");
	(void)facts_walker(expr, &c);
	if (c.reads > 0)
		items[n++] = CStringGetTextDatum("reads_tenant");
	if (c.per_row > 0)
		items[n++] = CStringGetTextDatum("per_row");
	if (c.no_missing_ok > 0)
		items[n++] = CStringGetTextDatum("setting_without_missing_ok");
	if (c.no_empty_guard > 0)
		items[n++] = CStringGetTextDatum("setting_without_empty_guard");
	PG_RETURN_ARRAYTYPE_P(construct_array(items, n, TEXTOID, -1, false, TYPALIGN_INT));
}

/*
 * schemaops.rls_spec_parse(doc text) -> jsonb: a YAML or JSON text read with the core's libyaml reader
 * (bounded like schema documents: 64 MiB, depth 64, 1e6 nodes) and returned as jsonb, for rls_apply_spec().
 * Errors: 22P02 syntax error (with line and column), 54000 over a limit.
 */
Datum so_pg_rls_spec_parse(PG_FUNCTION_ARGS)
{
	text *in = PG_GETARG_TEXT_PP(0);
	so_pg_arena a;
	so_error err;
	char *json = NULL;
	size_t len = 0;
	Datum result;

	so_pg_arena_init(&a, "schemaops rls_spec_parse");
	so_error_clear(&err);
	if (so_yaml_to_json(a.arena, VARDATA_ANY(in), VARSIZE_ANY_EXHDR(in), &json, &len, &err) != SO_OK)
		so_pg_raise(&err, "while reading the RLS spec");
	result = DirectFunctionCall1(jsonb_in, CStringGetDatum(json));
	so_pg_arena_done(&a);
	PG_RETURN_DATUM(result);
}

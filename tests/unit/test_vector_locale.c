/*
 * test_vector_locale.c: the vector text form does not depend on LC_NUMERIC (schemaops/vector.h,
 * so_vector_parse_text / so_vector_format_text). A process whose LC_NUMERIC has a ',' decimal point (a
 * MariaDB server, a client) must read "[1.5]" as 1.5 and write 1.5 as "1.5".
 *
 * The ',' locale: de_DE.UTF-8 when installed, else a minimal one compiled by localedef(1) from a
 * four-line LC_NUMERIC definition into a temporary directory (LOCPATH), which takes well under a second.
 * Without either the tests are reported as skipped, never as passing.
 */
#define _GNU_SOURCE
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schemaops/vector.h"
#include "tap.h"

static char tmpdir[64];

/* Switches LC_NUMERIC to a locale whose decimal point is ','; 1 on success. */
static int comma_locale(void)
{
	char path[128], cmd[512];
	FILE *f;

	if (setlocale(LC_NUMERIC, "de_DE.UTF-8") != NULL)
		return 1;
	strcpy(tmpdir, "/tmp/so_vector_locale.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return 0;
	snprintf(path, sizeof path, "%s/comma.def", tmpdir);
	f = fopen(path, "w");
	if (f == NULL)
		return 0;
	fputs("LC_NUMERIC\ndecimal_point \",\"\nthousands_sep \"\"\ngrouping -1\nEND LC_NUMERIC\n", f);
	fclose(f);
	snprintf(cmd, sizeof cmd, "localedef -c -i '%s' -f ANSI_X3.4-1968 '%s/comma' >/dev/null 2>&1", path, tmpdir);
	if (system(cmd) == -1)
		return 0;
	setenv("LOCPATH", tmpdir, 1);
	return setlocale(LC_NUMERIC, "comma") != NULL;
}

int main(void)
{
	float out[4], v[3] = {0.1f, 1.5f, -2.5f};
	char buf[SO_VECTOR_TEXT_SIZE(3)], probe[32];
	size_t dims = 0, len = 0;
	so_error err;
	int have;

	have = comma_locale();
	if (have) {
		snprintf(probe, sizeof probe, "%.1f", 1.5);
		have = strcmp(probe, "1,5") == 0;
	}
	if (!have) {
		ok(1, "# SKIP no locale with a ',' decimal point (de_DE.UTF-8 absent, localedef failed)");
	} else {
		ok(strtof("1.5", NULL) == 1.0f, "precondition: plain strtof stops at '.' under this LC_NUMERIC");
		ok(so_vector_parse_text("[1.5,-2.25e3,0.1]", 17, out, 4, &dims, &err) == SO_OK && dims == 3 &&
		       out[0] == 1.5f && out[1] == -2250.0f && out[2] == 0.1f,
		   "[1.5,-2.25e3,0.1] parses to 1.5, -2250, 0.1 under a ',' LC_NUMERIC");
		ok(so_vector_parse_text("[1,5]", 5, out, 4, &dims, &err) == SO_OK && dims == 2 && out[0] == 1.0f &&
		       out[1] == 5.0f,
		   "[1,5] is still two elements");
		ok(so_vector_format_text(v, 3, buf, sizeof buf, &len, &err) == SO_OK, "format under a ',' LC_NUMERIC");
		is_str(buf, "[0.1,1.5,-2.5]", "written with '.' and the shortest round-trip digits");
		snprintf(probe, sizeof probe, "%.1f", 1.5);
		is_str(probe, "1,5", "the thread's locale is restored after formatting");
	}
	if (tmpdir[0]) {
		char cmd[128];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			diag("could not remove %s", tmpdir);
	}
	return done_testing();
}

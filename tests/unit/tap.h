/*
 * tap.h: a minimal TAP producer for the core's unit tests (run by prove). Header-only; one test program
 * per file. ok() prints "ok N - name" or "not ok N - name" with the location; done_testing() prints the
 * plan and returns the exit status (0 only if every test passed and at least one ran).
 */
#ifndef SCHEMAOPS_TAP_H
#define SCHEMAOPS_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_run_ = 0;
static int tap_failed_ = 0;

#define ok(cond, ...) tap_ok_((cond) ? 1 : 0, __FILE__, __LINE__, __VA_ARGS__)
#define is_str(got, want, ...) tap_is_str_((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, ...) tap_is_int_((long long)(got), (long long)(want), __FILE__, __LINE__, __VA_ARGS__)
#define diag(...) (printf("# "), printf(__VA_ARGS__), printf("\n"))

#include <stdarg.h>
#if defined(__GNUC__)
#define TAP_UNUSED_ __attribute__((unused))
#else
#define TAP_UNUSED_
#endif
TAP_UNUSED_ static int tap_ok_(int pass, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	tap_run_++;
	printf("%s %d - ", pass ? "ok" : "not ok", tap_run_);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!pass) {
		tap_failed_++;
		printf("#   failed at %s line %d\n", file, line);
	}
	fflush(stdout);
	return pass;
}

TAP_UNUSED_ static void tap_multiline_diag_(const char *label, const char *s)
{
	printf("#   %s:\n", label);
	if (!s) {
		printf("#     (null)\n");
		return;
	}
	printf("#     ");
	for (; *s; s++) {
		putchar(*s);
		if (*s == '\n' && s[1])
			printf("#     ");
	}
	printf("\n");
}

TAP_UNUSED_ static int tap_is_str_(const char *got, const char *want, const char *file, int line, const char *name, ...)
{
	int pass = (got == NULL && want == NULL) || (got && want && strcmp(got, want) == 0);
	char buf[512];
	va_list ap;
	va_start(ap, name);
	vsnprintf(buf, sizeof buf, name, ap);
	va_end(ap);
	tap_ok_(pass, file, line, "%s", buf);
	if (!pass) {
		tap_multiline_diag_("got", got);
		tap_multiline_diag_("expected", want);
	}
	return pass;
}

TAP_UNUSED_ static int tap_is_int_(long long got, long long want, const char *file, int line, const char *name, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, name);
	vsnprintf(buf, sizeof buf, name, ap);
	va_end(ap);
	tap_ok_(got == want, file, line, "%s", buf);
	if (got != want)
		printf("#   got %lld, expected %lld\n", got, want);
	return got == want;
}

TAP_UNUSED_ static int done_testing(void)
{
	printf("1..%d\n", tap_run_);
	if (tap_run_ == 0) {
		printf("# no tests ran\n");
		return 1;
	}
	if (tap_failed_)
		printf("# failed %d of %d\n", tap_failed_, tap_run_);
	return tap_failed_ ? 1 : 0;
}

#endif

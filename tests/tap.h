/* tap.h: a tiny Test Anything Protocol producer for C unit tests. */
#ifndef KG_TAP_H
#define KG_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_count;
static int tap_failed;

#define TAP_OK(cond, ...)                                                   \
	do {                                                                \
		int tap_ok_ = (cond) ? 1 : 0;                                 \
		printf("%sok %d - ", tap_ok_ ? "" : "not ", ++tap_count);    \
		printf(__VA_ARGS__);                                        \
		printf("\n");                                               \
		if (!tap_ok_) {                                               \
			tap_failed++;                                       \
			printf("#   failed at %s:%d: %s\n", __FILE__,        \
			       __LINE__, #cond);                            \
		}                                                           \
	} while (0)

#define TAP_STR(got, want, ...)                                             \
	do {                                                                \
		const char *tap_g_ = (got), *tap_w_ = (want);               \
		int tap_eq_ = tap_g_ && tap_w_ && !strcmp(tap_g_, tap_w_);  \
		TAP_OK(tap_eq_, __VA_ARGS__);                               \
		if (!tap_eq_)                                               \
			printf("#   got:  [%s]\n#   want: [%s]\n",            \
			       tap_g_ ? tap_g_ : "(null)",                  \
			       tap_w_ ? tap_w_ : "(null)");                 \
	} while (0)

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif

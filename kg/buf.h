/* buf.h: a growable byte buffer, always NUL-terminated. */
#ifndef KG_BUF_H
#define KG_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
	char *data; /* NUL-terminated; NULL until the first write */
	size_t len;
	size_t cap;
} kg_buf;

/* Each returns 0, or -1 when memory runs out (the buffer is unchanged). */
int kg_buf_reserve(kg_buf *b, size_t extra);
int kg_buf_put(kg_buf *b, const char *s, size_t n);
int kg_buf_puts(kg_buf *b, const char *s);
int kg_buf_putc(kg_buf *b, char c);
int kg_buf_printf(kg_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int kg_buf_vprintf(kg_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* The contents as a string ("" when empty); owned by the buffer. */
const char *kg_buf_str(const kg_buf *b);
void kg_buf_reset(kg_buf *b);
void kg_buf_free(kg_buf *b);

/* Growing an array: `ptr` is the address of the array's pointer (a T **
 * passed as void *, so no cast is needed), *cap its capacity in elements
 * of `elem` bytes.  When *cap < need, reallocates the array to *cap
 * doubled (8 when 0) as often as it takes to hold `need` elements.
 * Returns 0, or -1 when memory runs out or the size would overflow; then
 * *ptr and *cap are unchanged, and the array still the caller's. */
int kg_grow(void *ptr, size_t *cap, size_t need, size_t elem);

#endif

/* buf.c: a growable byte buffer. */
#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
kg_buf_reserve(kg_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1) {
		if (cap > ((size_t)-1) / 2)
			return -1;
		cap *= 2;
	}
	char *p = realloc(b->data, cap);
	if (!p)
		return -1;
	b->data = p;
	b->cap = cap;
	return 0;
}

int
kg_buf_put(kg_buf *b, const char *s, size_t n)
{
	if (kg_buf_reserve(b, n))
		return -1;
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
kg_buf_puts(kg_buf *b, const char *s)
{
	return kg_buf_put(b, s, strlen(s));
}

int
kg_buf_putc(kg_buf *b, char c)
{
	return kg_buf_put(b, &c, 1);
}

int
kg_buf_vprintf(kg_buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || kg_buf_reserve(b, (size_t)n))
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int
kg_buf_printf(kg_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = kg_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *
kg_buf_str(const kg_buf *b)
{
	return b->data ? b->data : "";
}

void
kg_buf_reset(kg_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
kg_buf_free(kg_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int
kg_grow(void *ptr, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return 0;
	if (!elem)
		return -1;
	size_t n = *cap ? *cap : 8;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return -1;
		n *= 2;
	}
	if (n > SIZE_MAX / elem)
		return -1;
	/* The array's pointer is read and written as bytes: it is a T *,
	 * and reaching it through a void ** lvalue would break aliasing. */
	void *old, *p;
	memcpy(&old, ptr, sizeof old);
	if (!(p = realloc(old, n * elem)))
		return -1;
	memcpy(ptr, &p, sizeof p);
	*cap = n;
	return 0;
}

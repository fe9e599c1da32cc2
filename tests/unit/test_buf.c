/* The growable buffer. */
#include "buf.h"
#include "../tap.h"

#include <stdint.h>
#include <stdlib.h>

/* kg_grow: capacities, contents kept, and the failures that leave the
 * array as it was. */
static void
test_grow(void)
{
	int *a = NULL;
	size_t cap = 0;
	TAP_OK(kg_grow(&a, &cap, 0, sizeof *a) == 0 && !a && cap == 0,
	       "grow: room for 0 elements needs no array");
	TAP_OK(kg_grow(&a, &cap, 1, sizeof *a) == 0 && a && cap == 8,
	       "grow: the first array holds 8");
	for (int i = 0; i < 8; i++)
		a[i] = i;
	int *before = a;
	TAP_OK(kg_grow(&a, &cap, 8, sizeof *a) == 0 && a == before && cap == 8,
	       "grow: enough room already changes nothing");
	TAP_OK(kg_grow(&a, &cap, 9, sizeof *a) == 0 && cap == 16,
	       "grow: one more than the capacity doubles it");
	TAP_OK(kg_grow(&a, &cap, 100, sizeof *a) == 0 && cap == 128,
	       "grow: doubles as often as it takes (16 to 128 for 100)");
	int kept = 1;
	for (int i = 0; i < 8; i++)
		kept &= a[i] == i;
	a[99] = 99; /* within the array (ASan would tell) */
	TAP_OK(kept, "grow: the elements are kept");
	before = a;
	TAP_OK(kg_grow(&a, &cap, SIZE_MAX, sizeof *a) == -1 && a == before &&
	       cap == 128, "grow: a capacity past SIZE_MAX fails, array unchanged");
	TAP_OK(kg_grow(&a, &cap, 256, SIZE_MAX / 128) == -1 && a == before &&
	       cap == 128, "grow: bytes past SIZE_MAX fail, array unchanged");
	TAP_OK(kg_grow(&a, &cap, 256, 0) == -1 && a == before,
	       "grow: elements of 0 bytes are refused");
	free(a);

	char **names = NULL; /* a pointer type too: no cast at the call */
	size_t n_cap = 0;
	TAP_OK(kg_grow(&names, &n_cap, 3, sizeof *names) == 0 && n_cap == 8,
	       "grow: an array of pointers");
	free(names);
}

int
main(void)
{
	kg_buf b = {0};
	TAP_STR(kg_buf_str(&b), "", "an empty buffer reads as \"\"");
	TAP_OK(kg_buf_puts(&b, "abc") == 0 && b.len == 3, "puts");
	TAP_OK(kg_buf_putc(&b, 'd') == 0, "putc");
	TAP_OK(kg_buf_printf(&b, "-%d-", 42) == 0, "printf");
	TAP_STR(kg_buf_str(&b), "abcd-42-", "contents");
	for (int i = 0; i < 10000; i++)
		kg_buf_putc(&b, 'x');
	TAP_OK(b.len == 10008 && b.data[b.len] == '\0', "grows, NUL-terminated");
	kg_buf_reset(&b);
	TAP_STR(kg_buf_str(&b), "", "reset empties");
	kg_buf_free(&b);
	kg_buf_free(&b);
	TAP_OK(b.data == NULL, "free twice is safe");
	test_grow();
	return tap_done();
}

/* The growable buffer. */
#include "buf.h"
#include "../tap.h"

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
	return tap_done();
}

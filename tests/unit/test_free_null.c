/* Every _free and _close accepts NULL, as free() does. */
#include "kg.h"
#include "../tap.h"

int
main(void)
{
	kg_db_close(NULL);
	TAP_OK(1, "kg_db_close(NULL)");
	kg_results_free(NULL);
	TAP_OK(1, "kg_results_free(NULL)");
	kg_changes_free(NULL);
	TAP_OK(1, "kg_changes_free(NULL)");
	kg_db_interrupt(NULL);
	TAP_OK(1, "kg_db_interrupt(NULL)");
	TAP_STR(kg_db_errmsg(NULL), "out of memory", "kg_db_errmsg(NULL)");
	return tap_done();
}

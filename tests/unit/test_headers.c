/* The public header compiles alone under the strictest warnings and
 * exposes no Redland, Raptor or Rasqal type. */
#include "kg.h"
#include "kg.h" /* twice: the include guard works */

#include <stdio.h>

#ifdef LIBRDF_H
#error "kg.h pulled in librdf"
#endif
#ifdef RAPTOR2_H
#error "kg.h pulled in raptor"
#endif

int
main(void)
{
	printf("ok 1 - kg.h compiles alone (version %s)\n1..1\n", KG_VERSION);
	return 0;
}

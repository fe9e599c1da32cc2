/* empty.c: a program that does nothing, the floor bench/startup
 * measures kg's start-up against (exec, the dynamic loader, libc). */
int
main(void)
{
	return 0;
}

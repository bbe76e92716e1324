// SPDX-License-Identifier: MIT
/*
 * shell_security.c - the console's integrity command: run the integrity
 * scanner (integrity.c) and print its report.  It fails (the session's
 * exit status says so) when the scanner found a problem.
 */
#include <lkm/errno.h>

#include "internal.h"
#include "security.h"

int shell_integrity(struct shell *sh, int argc, char **argv)
{
	struct seqbuf sb;
	int ret;

	if (argc > 1) {
		console_errorf("integrity: no arguments expected\n");
		return -LKM_EINVAL;
	}
	seqbuf_init(&sb);
	ret = integrity_check(&sb);
	if (sb.len)
		console_write(CONSOLE_OUT, sb.buf, sb.len);
	seqbuf_release(&sb);
	if (ret < 0)
		console_errorf("integrity: cannot check: error %d\n", ret);
	return ret > 0 ? -LKM_EBADMSG : ret;
}

// SPDX-License-Identifier: MIT
/*
 * sign.c - `lkm sign [-a HASH] KEY CERT MODULE [DEST]`: append a signature
 * to an existing module, as Linux's scripts/sign-file does.
 *
 * KEY is a PEM private key ($KBUILD_SIGN_PIN unlocks an encrypted one),
 * CERT its X.509 certificate (PEM or DER), HASH the digest (sha256 by
 * default).  The signature goes on MODULE in place, or on a copy at DEST;
 * a signature already there is replaced.  The format and the signing
 * itself are tools/modsign.c's, shared with lkm-build.
 */
#include <stdlib.h>
#include <string.h>

#include "../modsign.h"
#include "kmod.h"

static void usage(FILE *out)
{
	fprintf(out, "Usage:\n"
		"\t%s [-a HASH] KEY CERT MODULE [DEST]\n"
		"Sign MODULE (in place, or into DEST) with the private key KEY\n"
		"(PEM) and its certificate CERT (PEM or DER), in Linux's format.\n"
		"\n"
		"Options:\n"
		"\t-a, --hash HASH   digest algorithm (default %s)\n"
		"\t-h, --help        show this help\n",
		kmod_progname, MODSIGN_DEFAULT_HASH);
}

int kmod_sign_main(int argc, char *argv[])
{
	const char *hash = MODSIGN_DEFAULT_HASH;
	int i = 1, left;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			usage(stdout);
			return EXIT_SUCCESS;
		} else if ((!strcmp(argv[i], "-a") || !strcmp(argv[i], "--hash")) &&
			   i + 1 < argc) {
			hash = argv[++i];
		} else if (!strncmp(argv[i], "--hash=", 7)) {
			hash = argv[i] + 7;
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			ERR("unknown option '%s'\n", argv[i]);
			usage(stderr);
			return EXIT_FAILURE;
		}
	}
	left = argc - i;
	if (left != 3 && left != 4) {
		ERR("need KEY, CERT and MODULE (and optionally DEST)\n");
		usage(stderr);
		return EXIT_FAILURE;
	}
	return modsign_sign_file(kmod_progname, hash, argv[i], argv[i + 1],
				 argv[i + 2], left == 4 ? argv[i + 3] : NULL)
		       ? EXIT_FAILURE
		       : EXIT_SUCCESS;
}

// SPDX-License-Identifier: MIT
/*
 * kmod_elf.c - fuzz target: what the kmod tools (modinfo, depmod) read of
 * a module file: tools/kmod/elf.c (ELF header and sections, 32- and
 * 64-bit, either byte order; .modinfo strings; exports from __crc_ symbols
 * or __ksymtab_strings; imports and __versions) and tools/kmod/signature.c
 * (the appended signature modinfo displays, its PKCS#7 parsed).
 *
 * Invariant: no crash, no leak, no out-of-bounds access; counts are
 * non-negative and every returned string lies in the copy it was read from.
 */
#include <stdlib.h>
#include <string.h>

#include "../../tools/kmod/kmod.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	kmod_log_level = 0;
	return 0;
}

static void check_syms(const uint8_t *lo, size_t size, struct kmod_sym *s,
		       int n, const char *what)
{
	for (int i = 0; i < n; i++) {
		const uint8_t *p = (const uint8_t *)s[i].name;

		if (p < lo || p >= lo + size ||
		    !memchr(p, '\0', (size_t)(lo + size - p)))
			fuzz_fail("%s %d: name outside the image", what, i);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *img = fuzz_copy(data, size);
	struct kmod_signature sig;
	struct kmod_elf elf;
	struct kmod_sym *syms = NULL;
	char **strv = NULL;
	int n;

	kmod_log_level = 0;
	if (kmod_signature_parse(img, size, &sig))
		kmod_signature_free(&sig);
	if (kmod_elf_init(&elf, img, size) == 0) {
		/* The callers free the vectors whatever the count. */
		n = kmod_elf_get_strings(&elf, ".modinfo", &strv);
		free(strv); /* one block: the vector and the strings */
		n = kmod_elf_get_exports(&elf, &syms);
		check_syms(img, size, syms, n, "export");
		free(syms);
		syms = NULL;
		n = kmod_elf_get_imports(&elf, &syms);
		check_syms(img, size, syms, n, "import");
		free(syms);
	}
	free(img);
	return 0;
}

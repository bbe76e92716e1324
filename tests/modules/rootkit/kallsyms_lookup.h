/* SPDX-License-Identifier: MIT */
/*
 * kallsyms_lookup.h - TEST MODULES ONLY: how a rootkit finds what the
 * kernel does not export, as Linux rootkits use kallsyms_lookup_name():
 * read /proc/kallsyms (through the exported kernel_read_file_from_path())
 * and take the address of a name.
 */
#ifndef LKM_TESTS_KALLSYMS_LOOKUP_H
#define LKM_TESTS_KALLSYMS_LOOKUP_H

#include <lkm/fs.h>
#include <lkm/kernel.h>
#include <lkm/module.h>

/* The address /proc/kallsyms gives @name, or 0. */
static inline unsigned long rootkit_kallsyms(const char *name)
{
	unsigned long addr = 0, a;
	char *buf, *line, *end;
	size_t size, n = strlen(name);
	void *data;

	if (kernel_read_file_from_path("/proc/kallsyms", &data, &size, 8 << 20))
		return 0;
	buf = data;
	for (line = buf; line < buf + size; line = end + 1) {
		end = memchr(line, '\n', (size_t)(buf + size - line));
		if (end == NULL)
			break;
		/* "0000000000401a30 T name" */
		if ((size_t)(end - line) == 19 + n &&
		    memcmp(line + 19, name, n) == 0 &&
		    sscanf(line, "%lx", &a) == 1) {
			addr = a;
			break;
		}
	}
	kfree(data);
	return addr;
}

#endif /* LKM_TESTS_KALLSYMS_LOOKUP_H */

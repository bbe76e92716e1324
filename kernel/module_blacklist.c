// SPDX-License-Identifier: MIT
/*
 * module_blacklist.c - module_blacklist=a,b on the kernel command line, for
 * emergencies: those modules are refused outright, whoever asks for them
 * (insmod on the console, init_module from the tools, request_module()),
 * as Linux refuses them: the module's name is read from its .modinfo, and
 * a listed one fails with EPERM after "Module X is blacklisted" in the log.
 *
 * Names compare exactly as written, comma-separated; given twice, the last
 * list counts (Linux's module_blacklist is one string parameter).  This is
 * the kernel's own refusal; modprobe.blacklist= is modprobe's (the tools
 * and request_module() read it from the command line), which only stops
 * modprobe from choosing a module.
 */
#include <string.h>

#include <lkm/errno.h>
#include <lkm/kernel.h>
#include <lkm/module.h>

#include "internal.h"

/* As Linux's COMMAND_LINE_SIZE: one option is never longer. */
static char module_blacklist[2048];

int module_blacklist_set_option(const char *value)
{
	if (value == NULL || strlen(value) >= sizeof(module_blacklist))
		return -LKM_EINVAL;
	strcpy(module_blacklist, value);
	return 0;
}

bool module_is_blacklisted(const char *name)
{
	size_t len, n = strlen(name);
	const char *p;

	for (p = module_blacklist; *p != '\0'; p += len) {
		len = strcspn(p, ",");
		if (len == n && memcmp(p, name, n) == 0)
			return true;
		if (p[len] == ',')
			len++;
	}
	return false;
}

struct name_arg {
	char name[LKM_MODULE_NAME_LEN];
};

static int find_name(const char *key, size_t key_len, const char *value,
		     void *arg)
{
	struct name_arg *a = arg;

	if (key_len != 4 || memcmp(key, "name", 4) != 0)
		return 0;
	strncpy(a->name, value, sizeof(a->name) - 1);
	a->name[sizeof(a->name) - 1] = '\0';
	return 1;
}

int module_blacklist_check(const void *image, size_t size)
{
	struct name_arg a = { .name = "" };

	/* Nothing listed, or no name: the loader will say what is wrong. */
	if (module_blacklist[0] == '\0' ||
	    lkm_image_for_each_modinfo(image, size, find_name, &a) != 1)
		return 0;
	if (!module_is_blacklisted(a.name))
		return 0;
	printk(KERN_ERR "Module %s is blacklisted\n", a.name);
	return -LKM_EPERM;
}

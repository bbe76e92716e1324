// SPDX-License-Identifier: MIT
/*
 * cmdline.c - the kernel command line: kept for /proc/cmdline and parsed
 * into options.
 *
 * The line is a list of words, "key=value" or bare "key"; double quotes let
 * a value hold blanks.  Options are applied at once, before the module
 * subsystem starts, so they may shape its configuration.  Each word is
 * looked up in cmdline_options[]; to add an option, add a row and its
 * handler.  Words nobody knows are logged as Linux does ("will be passed to
 * user space") and otherwise ignored.
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>
#include <lkm/kernel.h>
#include <lkm/module.h>

#include "internal.h"
#include "security.h"

/* As x86 Linux's COMMAND_LINE_SIZE. */
#define CMDLINE_SIZE 2048

struct cmdline_option {
	const char *name;
	/* @value is NULL for a bare word; 0 or a negative errno. */
	int (*set)(const char *value);
};

static char saved_cmdline[CMDLINE_SIZE];

static int set_loglevel(const char *value)
{
	char *end;
	long level;

	if (value == NULL)
		return -LKM_EINVAL;
	level = strtol(value, &end, 10);
	if (*value == '\0' || *end != '\0' || level < 0 || level > 15)
		return -LKM_EINVAL;
	printk_set_console_level((int)level);
	return 0;
}

/* "quiet" and "debug" set the console level, as on Linux. */
static int set_quiet(const char *value)
{
	printk_set_console_level(4);
	return value == NULL ? 0 : -LKM_EINVAL;
}

static int set_debug(const char *value)
{
	printk_set_console_level(10);
	return value == NULL ? 0 : -LKM_EINVAL;
}

/* "1", "y", "on" ... as kstrtobool; a bare word means on. */
static int set_config_flag(unsigned flag, const char *value)
{
	bool on = true;

	if (value != NULL && kstrtobool(value, &on))
		return -LKM_EINVAL;
	return modules_set_config_flag(flag, on);
}

static int set_modversions(const char *value)
{
	return set_config_flag(LKM_CONFIG_MODVERSIONS, value);
}

static int set_force_load(const char *value)
{
	return set_config_flag(LKM_CONFIG_FORCE_LOAD, value);
}

static int set_force_unload(const char *value)
{
	return set_config_flag(LKM_CONFIG_FORCE_UNLOAD, value);
}

/* Load a module with malformed .modinfo as proprietary (taint P). */
static int set_modinfo_lenient(const char *value)
{
	return set_config_flag(LKM_CONFIG_MODINFO_LENIENT, value);
}

/* lkm.packed=0: whole pages per module region, as Linux (default: packed). */
static int set_packed(const char *value)
{
	bool on = true;

	if (value != NULL && kstrtobool(value, &on))
		return -LKM_EINVAL;
	port_set_packed(on);
	return 0;
}

static const struct cmdline_option cmdline_options[] = {
	{ "loglevel", set_loglevel },
	{ "quiet", set_quiet },
	{ "debug", set_debug },
	/* What Linux fixes at build time (CONFIG_MODVERSIONS ...). */
	{ "lkm.modversions", set_modversions },
	{ "lkm.force_load", set_force_load },
	{ "lkm.force_unload", set_force_unload },
	{ "lkm.modinfo_lenient", set_modinfo_lenient },
	{ "lkm.packed", set_packed },
	{ "module.sig_enforce", security_set_sig_enforce_option },
	{ "lockdown", security_set_lockdown_option },
	{ "integrity.interval", integrity_set_interval_option },
	{ "hotplug.devices", hotplug_set_devices_option },
	/* Who besides root may load and unload through the control socket. */
	{ "lkm.ctl_group", cred_set_ctl_group_option },
	/* Boot-time control of modules, for emergencies. */
	{ "module_blacklist", module_blacklist_set_option },
	{ "modules_load", modules_load_set_option },
	{ "modules-load", modules_load_set_option },
};

/* Split off the next word of @*p into @word (quotes removed); false at end. */
static bool next_word(const char **p, char *word, size_t size)
{
	const char *s = *p;
	bool quoted = false;
	size_t n = 0;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (*s == '\0')
		return false;
	for (; *s != '\0' && (quoted || (*s != ' ' && *s != '\t' &&
					  *s != '\n')); s++) {
		if (*s == '"')
			quoted = !quoted;
		else if (n + 1 < size)
			word[n++] = *s;
	}
	word[n] = '\0';
	*p = s;
	return true;
}

/* Apply one word; -ENOENT if no option has its name. */
static int apply_word(char *word)
{
	char *eq = strchr(word, '=');
	const char *value = NULL;
	size_t i;
	int err;

	if (eq != NULL) {
		*eq = '\0';
		value = eq + 1;
	}
	for (i = 0; i < ARRAY_SIZE(cmdline_options); i++) {
		if (strcmp(cmdline_options[i].name, word) != 0)
			continue;
		err = cmdline_options[i].set(value);
		if (err)
			printk(KERN_WARNING "Malformed early option '%s'\n",
			       word);
		return 0;
	}
	if (eq != NULL)
		*eq = '=';
	return -LKM_ENOENT;
}

int cmdline_set(const char *cmdline)
{
	char word[CMDLINE_SIZE], unknown[CMDLINE_SIZE] = "";
	const char *p;

	strncpy(saved_cmdline, cmdline ? cmdline : "", CMDLINE_SIZE - 1);
	printk(KERN_NOTICE "Kernel command line: %s\n", saved_cmdline);
	for (p = saved_cmdline; next_word(&p, word, sizeof(word));) {
		if (apply_word(word) == 0)
			continue;
		if (unknown[0] != '\0')
			strncat(unknown, " ",
				sizeof(unknown) - strlen(unknown) - 1);
		strncat(unknown, word, sizeof(unknown) - strlen(unknown) - 1);
	}
	if (unknown[0] != '\0')
		printk(KERN_NOTICE "Unknown kernel command line parameters "
		       "\"%s\", will be passed to user space.\n", unknown);
	return 0;
}

const char *cmdline_get(void)
{
	return saved_cmdline;
}

// SPDX-License-Identifier: MIT
/*
 * security.c - the module subsystem's security switches, where Linux puts
 * them.
 *
 *   module.sig_enforce=1          (command line) refuse unsigned modules
 *   lockdown=integrity|confidentiality  (command line) the boot lockdown;
 *                                 locked down, the kernel's memory map is
 *                                 sealed too (port_lockdown_memory())
 *   /sys/kernel/security/lockdown "none [integrity] confidentiality";
 *                                 writing a level raises it, never lowers
 *   /proc/sys/kernel/modules_disabled  "0" or "1"; writing 1 stops all
 *                                 loading and unloading until reboot
 *
 * The switches themselves live in liblkm; this file parses, shows and
 * stores them, and remembers what it set them to, so that the integrity
 * scanner can tell when something lowered them behind the kernel's back.
 * It also brings up the rest of the kernel's defences (security.h): the
 * audit trail and the integrity scanner.
 */
#include <string.h>

#include <lkm/kernel.h>
#include <lkm/module.h>

#include "internal.h"
#include "security.h"

static const char *const lockdown_names[LKM_LOCKDOWN_COUNT] = {
	[LKM_LOCKDOWN_NONE] = "none",
	[LKM_LOCKDOWN_INTEGRITY] = "integrity",
	[LKM_LOCKDOWN_CONFIDENTIALITY] = "confidentiality",
};

static enum lkm_lockdown boot_lockdown = LKM_LOCKDOWN_NONE;
/* What this file set the switches to. */
static struct security_state expected;

/* The level named by @len bytes of @text (one trailing newline allowed). */
static int lockdown_parse(const char *text, size_t len,
			  enum lkm_lockdown *out)
{
	size_t i;

	if (len > 0 && text[len - 1] == '\n')
		len--;
	for (i = 0; i < LKM_LOCKDOWN_COUNT; i++) {
		if (strlen(lockdown_names[i]) == len &&
		    memcmp(lockdown_names[i], text, len) == 0) {
			*out = (enum lkm_lockdown)i;
			return 0;
		}
	}
	return -LKM_EINVAL;
}

int security_set_lockdown_option(const char *value)
{
	if (value == NULL)
		return -LKM_EINVAL;
	return lockdown_parse(value, strlen(value), &boot_lockdown);
}

int security_set_sig_enforce_option(const char *value)
{
	bool on = true;

	if (value != NULL && kstrtobool(value, &on))
		return -LKM_EINVAL;
	expected.sig_enforce = on;
	return modules_set_config_flag(LKM_CONFIG_SIG_ENFORCE, on);
}

void security_get_expected(struct security_state *out)
{
	*out = expected;
}

static int show_lockdown(struct seqbuf *sb)
{
	enum lkm_lockdown cur = lkm_kernel_get_lockdown(modules_kernel());
	size_t i;

	for (i = 0; i < LKM_LOCKDOWN_COUNT; i++)
		seqbuf_printf(sb, i == cur ? "%s[%s]" : "%s%s", i ? " " : "",
			      lockdown_names[i]);
	return seqbuf_printf(sb, "\n");
}

/* Lockdown seals the kernel's memory map too (the port's part). */
static void lockdown_memory(void)
{
	int err = port_lockdown_memory();

	if (err)
		printk(KERN_WARNING "Lockdown: cannot seal the kernel's memory "
		       "map: error %d\n", err);
}

static int store_lockdown(const char *data, size_t len)
{
	enum lkm_lockdown level;
	int err = lockdown_parse(data, len, &level);

	if (err)
		return err;
	err = lkm_kernel_set_lockdown(modules_kernel(), level);
	if (err == 0 && level > expected.lockdown)
		expected.lockdown = level;
	if (err == 0 && level != LKM_LOCKDOWN_NONE) {
		printk(KERN_NOTICE "Kernel is locked down from securityfs; "
		       "see man kernel_lockdown.7\n");
		lockdown_memory();
	}
	return err;
}

static int show_modules_disabled(struct seqbuf *sb)
{
	return seqbuf_printf(sb, "%d\n",
			     lkm_kernel_modules_disabled(modules_kernel()));
}

/* Only 1 may be written, as Linux's sysctl allows. */
static int store_modules_disabled(const char *data, size_t len)
{
	char text[16];
	int v;

	if (len == 0 || len >= sizeof(text))
		return -LKM_EINVAL;
	memcpy(text, data, len);
	text[len] = '\0';
	if (kstrtoint(text, 10, &v) || v != 1)
		return -LKM_EINVAL;
	lkm_kernel_disable_modules(modules_kernel());
	expected.modules_disabled = true;
	return 0;
}

int security_init(void)
{
	int err;

	if (boot_lockdown != LKM_LOCKDOWN_NONE) {
		err = lkm_kernel_set_lockdown(modules_kernel(), boot_lockdown);
		if (err)
			return err;
		expected.lockdown = boot_lockdown;
		printk(KERN_NOTICE "Kernel is locked down from command line; "
		       "see man kernel_lockdown.7\n");
		lockdown_memory();
	}
	err = proc_register_rw("/sys/kernel/security/lockdown", show_lockdown,
			       store_lockdown);
	if (err == 0)
		err = proc_register_rw("/proc/sys/kernel/modules_disabled",
				       show_modules_disabled,
				       store_modules_disabled);
	if (err == 0)
		err = audit_init();
	if (err == 0)
		err = integrity_init();
	return err;
}

void security_exit(void)
{
	integrity_exit();
}

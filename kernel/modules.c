// SPDX-License-Identifier: MIT
/*
 * modules.c - the base kernel's module subsystem: one liblkm instance.
 *
 * Boot creates it over the port's machine ops, exports the kernel's own
 * symbols and the port's providers; shutdown unloads what is left, newest
 * first (a module is always newer than the modules it uses), and frees it.
 * Modules' runtime references (try_module_get/module_put) are exported
 * from here too.
 *
 * The configuration liblkm keeps a pointer to (signature enforcement, the
 * forcing switches ...) is set from the command line before the subsystem
 * starts and sealed read-only once it has: a module cannot switch
 * module.sig_enforce=1 off by writing it.
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/module.h>
#include <lkm/version.h>

#include "internal.h"

static struct lkm_kernel *the_kernel;

/*
 * Which modules' version magic is accepted is fixed when the kernel is
 * built (kernel.mk builds lkm-kernel-branch with LKM_ABI_BRANCH).
 */
#ifndef LKM_ABI_POLICY
#define LKM_ABI_POLICY LKM_ABI_EXACT
#endif

#define CONFIG_PAGE 4096

/*
 * Fixed at modules_init(); the command line may set flags before.  A page
 * of its own, so that it can be made read-only.
 */
static union {
	struct lkm_config c;
	unsigned char page[CONFIG_PAGE];
} config_page __attribute__((aligned(CONFIG_PAGE))) = { .c = {
	.vermagic = LKM_VERMAGIC,
	.release = LKM_RELEASE,
	.flags = LKM_CONFIG_MODVERSIONS, /* ksyms.c registers the CRCs */
	.abi_policy = LKM_ABI_POLICY,
} };
#define kernel_config (config_page.c)

int modules_set_config_flag(unsigned flag, bool on)
{
	if (the_kernel != NULL)
		return -LKM_EBUSY;
	if (on)
		kernel_config.flags |= flag;
	else
		kernel_config.flags &= ~flag;
	return 0;
}

int modules_init(void)
{
	struct lkm_kernel *k;
	int err;

	err = lkm_kernel_new(port_lkm_ops(), &kernel_config, &k);
	if (err) {
		printk(KERN_ERR "modules: cannot start: error %d\n", err);
		return err;
	}
	err = ksyms_register(k);
	if (err == 0)
		err = port_add_providers(k);
	if (err) {
		if (lkm_kernel_free(k))
			printk(KERN_ERR "modules: cannot free the subsystem\n");
		return err;
	}
	the_kernel = k;
	err = port_set_kernel_ro(&config_page, sizeof(config_page), true);
	if (err)
		printk(KERN_WARNING "modules: cannot seal the configuration: "
		       "error %d\n", err);
	return 0;
}

struct lkm_kernel *modules_kernel(void)
{
	return the_kernel;
}

/* Linux's module references; NULL is the kernel itself, always there. */
bool try_module_get(struct module *module)
{
	return module == NULL || lkm_module_try_get(module);
}
EXPORT_SYMBOL(try_module_get);

void module_put(struct module *module)
{
	if (module != NULL)
		lkm_module_put(module);
}
EXPORT_SYMBOL(module_put);

struct name_list {
	char (*names)[LKM_MODULE_NAME_LEN];
	size_t count, cap;
};

/* Collect the names of the modules that can go (not permanent ones). */
static int collect_name(const struct lkm_module *m, void *arg)
{
	struct name_list *l = arg;

	if (lkm_module_is_permanent(m))
		return 0;
	if (l->count == l->cap)
		return 1;
	strncpy(l->names[l->count], lkm_module_get_name(m),
		LKM_MODULE_NAME_LEN - 1);
	l->names[l->count][LKM_MODULE_NAME_LEN - 1] = '\0';
	l->count++;
	return 0;
}

/* One pass over the listed modules, newest first; returns how many went. */
static size_t unload_pass(struct lkm_kernel *k, size_t *failed)
{
	struct lkm_stats st;
	struct name_list l = { 0 };
	size_t i, gone = 0;
	int err;

	*failed = 0;
	lkm_kernel_get_stats(k, &st);
	l.cap = st.modules;
	l.names = calloc(l.cap ? l.cap : 1, sizeof(*l.names));
	if (l.names == NULL)
		return 0;
	lkm_kernel_for_each_module(k, collect_name, &l);
	for (i = 0; i < l.count; i++) {
		printk(KERN_INFO "modules: unloading %s\n", l.names[i]);
		err = modload_unload(l.names[i], 0);
		if (err) {
			printk(KERN_WARNING "modules: cannot unload %s: "
			       "error %d\n", l.names[i], err);
			(*failed)++;
		} else {
			gone++;
		}
	}
	free(l.names);
	return gone;
}

static int report_left(const struct lkm_module *m, void *arg)
{
	printk(KERN_WARNING "modules: %s stays loaded%s\n",
	       lkm_module_get_name(m),
	       lkm_module_is_permanent(m) ? " (permanent)" : "");
	return 0;
}

void modules_shutdown(void)
{
	struct lkm_kernel *k = the_kernel;
	size_t gone, failed;
	int err;

	if (k == NULL)
		return;
	/* Another pass only helps if one failed while others went. */
	do
		gone = unload_pass(k, &failed);
	while (failed > 0 && gone > 0);
	lkm_kernel_for_each_module(k, report_left, NULL);
	err = lkm_kernel_free(k);
	if (err) {
		printk(KERN_ERR "modules: modules left behind, "
		       "not freeing the subsystem: error %d\n", err);
		return;
	}
	the_kernel = NULL;
	printk(KERN_INFO "modules: subsystem stopped\n");
}

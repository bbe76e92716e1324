// SPDX-License-Identifier: MIT
/*
 * procviews.c - the standard /proc views.
 *
 *   /proc/modules    Linux's format: name size refcount users state address
 *                    and, for a tainted module, its flags ("(POE)")
 *   /proc/lkm/stats  liblkm's counters, one "key value" per line
 *   /proc/sys/kernel/tainted  the kernel's taint mask, in decimal
 *   /proc/cmdline    the kernel command line
 *   /proc/version    release, machine and compiler
 */
#include <inttypes.h>

#include <lkm/version.h>

#include "internal.h"

static int show_user(const struct lkm_module *user, void *arg)
{
	seqbuf_printf(arg, "%s,", lkm_module_get_name(user));
	return 0;
}

/* One line as Linux's m_show() prints it. */
static int show_module(const struct lkm_module *m, void *arg)
{
	struct seqbuf *sb = arg;
	enum lkm_module_state state = lkm_module_get_state(m);
	char flags[LKM_TAINT_COUNT + 4];
	size_t before;

	if (state == LKM_MODULE_UNFORMED)
		return 0;
	seqbuf_printf(sb, "%s %zu %u ", lkm_module_get_name(m),
		      lkm_module_get_size(m), lkm_module_get_refcount(m));
	before = sb->len;
	lkm_module_for_each_user(m, show_user, sb);
	if (lkm_module_is_permanent(m))
		seqbuf_printf(sb, "[permanent],");
	if (sb->len == before)
		seqbuf_printf(sb, "-");
	seqbuf_printf(sb, " %s 0x%016" PRIxPTR, lkm_module_state_name(state),
		      lkm_module_get_base(m));
	if (lkm_module_get_taint(m) != 0)
		seqbuf_printf(sb, " %s",
			      lkm_module_format_flags(m, flags, sizeof(flags)));
	seqbuf_printf(sb, "\n");
	return 0;
}

static int show_modules(struct seqbuf *sb)
{
	struct lkm_kernel *k = modules_kernel();

	if (k != NULL)
		lkm_kernel_for_each_module(k, show_module, sb);
	return sb->err;
}

static int show_stats(struct seqbuf *sb)
{
	struct lkm_kernel *k = modules_kernel();
	struct lkm_stats st = { 0 };

	if (k != NULL)
		lkm_kernel_get_stats(k, &st);
	seqbuf_printf(sb, "modules %zu\n", st.modules);
	seqbuf_printf(sb, "module_bytes %zu\n", st.module_bytes);
	seqbuf_printf(sb, "module_allocs %zu\n", st.module_allocs);
	seqbuf_printf(sb, "heap_bytes %zu\n", st.heap_bytes);
	seqbuf_printf(sb, "heap_allocs %zu\n", st.heap_allocs);
	seqbuf_printf(sb, "symbols %zu\n", st.symbols);
	seqbuf_printf(sb, "loads %" PRIu64 "\n", st.loads);
	seqbuf_printf(sb, "unloads %" PRIu64 "\n", st.unloads);
	seqbuf_printf(sb, "failed_loads %" PRIu64 "\n", st.failed_loads);
	return sb->err;
}

/* Linux's /proc/sys/kernel/tainted: the taint mask in decimal. */
static int show_tainted(struct seqbuf *sb)
{
	struct lkm_kernel *k = modules_kernel();

	return seqbuf_printf(sb, "%lu\n", k ? lkm_kernel_get_taint(k) : 0ul);
}

static int show_cmdline(struct seqbuf *sb)
{
	return seqbuf_printf(sb, "%s\n", cmdline_get());
}

static int show_version(struct seqbuf *sb)
{
	return seqbuf_printf(sb, "lkm version %s (%s, %s) (cc %s) #1 SMP\n",
			     LKM_RELEASE, LKM_ARCH, port_name, __VERSION__);
}

int procviews_init(void)
{
	static const struct {
		const char *path;
		proc_show_fn show;
	} views[] = {
		{ "/proc/modules", show_modules },
		{ "/proc/lkm/stats", show_stats },
		{ "/proc/sys/kernel/tainted", show_tainted },
		{ "/proc/cmdline", show_cmdline },
		{ "/proc/version", show_version },
	};
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(views); i++) {
		err = proc_register(views[i].path, views[i].show);
		if (err)
			return err;
	}
	return 0;
}

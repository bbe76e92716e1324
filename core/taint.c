// SPDX-License-Identifier: MIT
/*
 * taint.c - the kernel's taint mask, with Linux's bits and letters.
 *
 * A taint is sticky until reboot: nothing clears a bit.  Modules carry the
 * taints they brought, shown in /proc/modules as "(POE)".  Adding a taint
 * logs once per bit, the way Linux's messages do, so the first reason stays
 * in the log.
 */
#include "internal.h"

struct taint_flag {
	char c_true;  /* letter when set */
	char c_false; /* letter when clear */
	bool module;  /* also shown per module */
};

static const struct taint_flag taint_flags[LKM_TAINT_COUNT] = {
	[LKM_TAINT_PROPRIETARY_MODULE] = { 'P', 'G', true },
	[LKM_TAINT_FORCED_MODULE] = { 'F', ' ', true },
	[LKM_TAINT_CPU_OUT_OF_SPEC] = { 'S', ' ', false },
	[LKM_TAINT_FORCED_RMMOD] = { 'R', ' ', false },
	[LKM_TAINT_MACHINE_CHECK] = { 'M', ' ', false },
	[LKM_TAINT_BAD_PAGE] = { 'B', ' ', false },
	[LKM_TAINT_USER] = { 'U', ' ', false },
	[LKM_TAINT_DIE] = { 'D', ' ', false },
	[LKM_TAINT_OVERRIDDEN_ACPI_TABLE] = { 'A', ' ', false },
	[LKM_TAINT_WARN] = { 'W', ' ', false },
	[LKM_TAINT_CRAP] = { 'C', ' ', true },
	[LKM_TAINT_FIRMWARE_WORKAROUND] = { 'I', ' ', false },
	[LKM_TAINT_OOT_MODULE] = { 'O', ' ', true },
	[LKM_TAINT_UNSIGNED_MODULE] = { 'E', ' ', true },
	[LKM_TAINT_SOFTLOCKUP] = { 'L', ' ', false },
	[LKM_TAINT_LIVEPATCH] = { 'K', ' ', true },
	[LKM_TAINT_AUX] = { 'X', ' ', true },
	[LKM_TAINT_RANDSTRUCT] = { 'T', ' ', true },
	[LKM_TAINT_TEST] = { 'N', ' ', true },
};

unsigned long lkm_kernel_get_taint(struct lkm_kernel *k)
{
	return __atomic_load_n(&k->taint, __ATOMIC_RELAXED);
}

void lkm_kernel_add_taint(struct lkm_kernel *k, enum lkm_taint t)
{
	if ((unsigned)t < LKM_TAINT_COUNT)
		__atomic_fetch_or(&k->taint, 1ul << t, __ATOMIC_RELAXED);
}

const char *lkm_taint_format(unsigned long mask, char *buf, size_t len)
{
	size_t n;

	if (!len)
		return buf;
	if (!mask) {
		lkm_strlcpy(buf, "Not tainted", len);
		return buf;
	}
	n = lkm_strlcpy(buf, "Tainted: ", len);
	for (int i = 0; i < LKM_TAINT_COUNT && n + 1 < len; i++, n++)
		buf[n] = (mask & (1ul << i)) ? taint_flags[i].c_true
					     : taint_flags[i].c_false;
	buf[n < len ? n : len - 1] = '\0';
	return buf;
}

bool kernel_has_taint(struct lkm_kernel *k, enum lkm_taint t)
{
	return lkm_kernel_get_taint(k) & (1ul << t);
}

void module_taint(struct lkm_module *m, enum lkm_taint t)
{
	m->taints |= 1ul << t;
}

void module_taints_publish(struct lkm_module *m)
{
	for (int i = 0; i < LKM_TAINT_COUNT; i++)
		if (m->taints & (1ul << i))
			lkm_kernel_add_taint(m->k, (enum lkm_taint)i);
}

unsigned long lkm_module_get_taint(const struct lkm_module *m)
{
	return m->taints;
}

const char *lkm_module_format_flags(const struct lkm_module *m, char *buf,
				    size_t len)
{
	char tmp[LKM_TAINT_COUNT + 4];
	size_t n = 0;

	for (int i = 0; i < LKM_TAINT_COUNT; i++)
		if (taint_flags[i].module && (m->taints & (1ul << i)))
			tmp[n++] = taint_flags[i].c_true;
	if (m->state == LKM_MODULE_COMING)
		tmp[n++] = '+';
	if (m->state == LKM_MODULE_GOING)
		tmp[n++] = '-';
	tmp[n] = '\0';
	if (!len)
		return buf;
	if (n)
		lkm_snprintf(buf, len, "(%s)", tmp);
	else
		buf[0] = '\0';
	return buf;
}

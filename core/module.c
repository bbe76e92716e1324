// SPDX-License-Identifier: MIT
/*
 * module.c - the module list, who uses whom, unloading, and accessors.
 *
 * When module A links against an export of module B, A is recorded as a
 * user of B (struct module_use, on both modules' lists) and B's reference
 * count goes up, so B cannot be unloaded while A is loaded.  Unloading runs
 * the exit function with the list lock dropped, as Linux does, after taking
 * the module's exports out of the symbol table so that nothing new links
 * against a module on its way out.
 */
#include "internal.h"

static const char *const state_names[LKM_MODULE_STATE_COUNT] = {
	[LKM_MODULE_UNFORMED] = "Unformed",
	[LKM_MODULE_COMING] = "Loading",
	[LKM_MODULE_LIVE] = "Live",
	[LKM_MODULE_GOING] = "Unloading",
};

const char *lkm_module_state_name(enum lkm_module_state s)
{
	return (unsigned)s < LKM_MODULE_STATE_COUNT ? state_names[s] : "?";
}

struct lkm_module *module_find(struct lkm_kernel *k, const char *name)
{
	for (struct lkm_module *m = k->modules; m; m = m->next)
		if (!lkm_strcmp(m->name, name))
			return m;
	return NULL;
}

void module_list_add(struct lkm_kernel *k, struct lkm_module *m)
{
	m->prev = NULL;
	m->next = k->modules;
	if (k->modules)
		k->modules->prev = m;
	k->modules = m;
	k->stats.modules++;
}

void module_list_del(struct lkm_kernel *k, struct lkm_module *m)
{
	if (m->prev)
		m->prev->next = m->next;
	else
		k->modules = m->next;
	if (m->next)
		m->next->prev = m->prev;
	m->next = m->prev = NULL;
	k->stats.modules--;
}

int module_use_add(struct lkm_module *source, struct lkm_module *target)
{
	struct module_use *u;

	for (u = source->targets; u; u = u->next_target)
		if (u->target == target)
			return 0;
	u = lkm_heap_alloc(source->k, sizeof(*u));
	if (!u)
		return -LKM_ENOMEM;
	u->source = source;
	u->target = target;
	u->next_target = source->targets;
	source->targets = u;
	u->next_user = target->users;
	target->users = u;
	target->refcnt++;
	return 0;
}

void module_uses_release(struct lkm_module *m)
{
	struct module_use *u;

	while ((u = m->targets)) {
		struct module_use **pp = &u->target->users;

		while (*pp != u)
			pp = &(*pp)->next_user;
		*pp = u->next_user;
		u->target->refcnt--;
		m->targets = u->next_target;
		lkm_heap_free(m->k, u, sizeof(*u));
	}
}

void module_init_free(struct lkm_module *m)
{
	layout_free_regions(m, true);
}

void module_memory_free(struct lkm_module *m)
{
	layout_free_regions(m, false);
	lkm_heap_free(m->k, m->exports, m->nexports * sizeof(*m->exports));
	m->exports = NULL;
	m->nexports = 0;
	params_free(m);
	kallsyms_free(m);
}

/* Check, under the lock, that @m may go; on success it is GOING. */
static int unload_begin(struct lkm_kernel *k, struct lkm_module *m,
			bool force)
{
	if (m->users) {
		lkm_err(k, "%s: in use by %s%s", m->name, m->users->source->name,
			m->users->next_user ? " and others" : "");
		return -LKM_EBUSY;
	}
	if (m->state != LKM_MODULE_LIVE) {
		lkm_err(k, "%s: cannot unload while %s", m->name,
			m->state == LKM_MODULE_GOING ? "unloading" : "loading");
		return -LKM_EBUSY;
	}
	if (m->init_fn && !m->exit_fn && !force) {
		lkm_err(k, "%s: has no exit function, it is permanent",
			m->name);
		return -LKM_EBUSY;
	}
	if (m->refcnt && !force) {
		lkm_err(k, "%s: still has %u references", m->name, m->refcnt);
		return -LKM_EWOULDBLOCK;
	}
	m->state = LKM_MODULE_GOING;
	if (m->exports_listed)
		ksym_remove_batch(k, m->exports, m->nexports);
	m->exports_listed = false;
	return 0;
}

int lkm_module_unload(struct lkm_kernel *k, const char *name, unsigned flags)
{
	struct lkm_module *m;
	int err;

	bool force = flags & LKM_UNLOAD_FORCE;

	if (lkm_kernel_modules_disabled(k)) {
		lkm_err(k, "%s: module unloading is disabled (modules_disabled=1)",
			name);
		return -LKM_EPERM;
	}
	if (force && lkm_kernel_get_lockdown(k) >= LKM_LOCKDOWN_INTEGRITY) {
		lkm_err(k, "Lockdown: rmmod: forced module unloading is restricted; see man kernel_lockdown.7");
		return -LKM_EPERM;
	}
	if (force && !(k->config->flags & LKM_CONFIG_FORCE_UNLOAD)) {
		lkm_err(k, "%s: forced unloading is not allowed in this kernel",
			name);
		return -LKM_EPERM;
	}
	lkm_lock(k);
	m = module_find(k, name);
	if (!m || m->state == LKM_MODULE_UNFORMED) {
		lkm_unlock(k);
		return -LKM_ENOENT;
	}
	err = unload_begin(k, m, force);
	lkm_unlock(k);
	if (err)
		return err;
	if (force) {
		lkm_warn(k, "%s: forced unload, tainting kernel", m->name);
		lkm_kernel_add_taint(k, LKM_TAINT_FORCED_RMMOD);
	}

	if (m->exit_fn)
		m->exit_fn();

	lkm_lock(k);
	module_list_del(k, m);
	module_uses_release(m);
	k->stats.unloads++;
	lkm_unlock(k);
	lkm_info(k, "%s: unloaded", m->name);
	module_memory_free(m);
	lkm_heap_free(k, m, sizeof(*m));
	return 0;
}

int lkm_kernel_for_each_module(struct lkm_kernel *k,
			       int (*fn)(const struct lkm_module *m, void *arg),
			       void *arg)
{
	int ret = 0;

	lkm_lock(k);
	for (struct lkm_module *m = k->modules; m && !ret; m = m->next)
		if (m->state != LKM_MODULE_UNFORMED)
			ret = fn(m, arg);
	lkm_unlock(k);
	return ret;
}

const char *lkm_module_get_name(const struct lkm_module *m)
{
	return m->name;
}

enum lkm_module_state lkm_module_get_state(const struct lkm_module *m)
{
	return m->state;
}

size_t lkm_module_get_size(const struct lkm_module *m)
{
	return m->core_size + m->init_size;
}

uintptr_t lkm_module_get_base(const struct lkm_module *m)
{
	for (int r = 0; r < RGN_COUNT; r++)
		if (m->rgn_exec[r])
			return (uintptr_t)m->rgn_exec[r];
	return 0;
}

bool module_contains(const struct lkm_module *m, uintptr_t p, size_t len)
{
	for (int r = 0; r < RGN_COUNT; r++) {
		uintptr_t base = (uintptr_t)m->rgn_exec[r];

		if (r == RGN_INIT_TEXT || r == RGN_INIT_DATA || !base)
			continue;
		if (p >= base && lkm_range_ok(p - base, len, m->rgn_size[r]))
			return true;
	}
	return false;
}

bool module_contains_string(const struct lkm_module *m, const char *s)
{
	for (int r = 0; r < RGN_COUNT; r++) {
		uintptr_t base = (uintptr_t)m->rgn_exec[r], p = (uintptr_t)s;
		size_t room;

		if (r == RGN_INIT_TEXT || r == RGN_INIT_DATA || !base ||
		    p < base || p - base >= m->rgn_size[r])
			continue;
		room = (size_t)(m->rgn_size[r] - (p - base));
		return lkm_strnlen(s, room) < room;
	}
	return false;
}

unsigned lkm_module_get_refcount(const struct lkm_module *m)
{
	return m->refcnt;
}

bool lkm_module_is_permanent(const struct lkm_module *m)
{
	return m->init_fn && !m->exit_fn;
}

int lkm_module_for_each_user(const struct lkm_module *m,
			     int (*fn)(const struct lkm_module *user,
				       void *arg),
			     void *arg)
{
	int ret = 0;

	for (const struct module_use *u = m->users; u && !ret;
	     u = u->next_user)
		ret = fn(u->source, arg);
	return ret;
}

/* The module @this_module is the handle of, or NULL if it is none. */
static struct lkm_module *module_of_handle(const void *this_module)
{
	const struct this_module *h = this_module;

	if (!h || (uintptr_t)h % sizeof(void *) || !h->mod ||
	    h->mod->handle != h)
		return NULL;
	return h->mod;
}

bool lkm_module_try_get(const void *this_module)
{
	struct lkm_module *m = module_of_handle(this_module);
	bool ok;

	if (!m)
		return false;
	lkm_lock(m->k);
	ok = m->state == LKM_MODULE_LIVE || m->state == LKM_MODULE_COMING;
	if (ok)
		m->refcnt++;
	lkm_unlock(m->k);
	return ok;
}

void lkm_module_put(const void *this_module)
{
	struct lkm_module *m = module_of_handle(this_module);

	if (!m)
		return;
	lkm_lock(m->k);
	if (m->refcnt)
		m->refcnt--;
	lkm_unlock(m->k);
}

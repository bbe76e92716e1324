// SPDX-License-Identifier: MIT
/*
 * integrity.c - the integrity scanner: what LKM rootkits change, checked
 * against records they cannot reach through the module list.
 *
 * A rootkit loaded as a module hides by unlinking itself from the module
 * list, diverts calls by overwriting function pointers in the kernel's
 * tables, and patches kernel code.  The kernel's own read-only memory and
 * W^X stop the direct writes (oops.c reports them); what a module does by
 * other means shows here, because every check compares two records that
 * a rootkit would have to falsify together:
 *
 *   memory  the module allocator's handed-out ranges against the regions
 *           of the listed modules: memory no listed module owns is a
 *           module hidden from the list; the audit trail (audit.c), which
 *           saw every load, names it
 *   list    modules the audit trail saw load and not unload against the
 *           list, and the core's module count against the list's length
 *   hooks   the module loader's operations (struct lkm_ops) and every
 *           hook a subsystem reports (integrity_add_hooks(): system
 *           calls, filesystem types, drivers ...) must point into the base
 *           kernel's text or the text of the listed module that owns them
 *   text    SHA-256 of the base kernel's read-only memory (its text and
 *           read-only data, its libraries', the tables sealed after boot),
 *           taken before the first module loads, and of every module's
 *           text and read-only data, taken once it has loaded
 *   policy  lockdown, sig_enforce and modules_disabled against what the
 *           kernel set (security.c): a rootkit lowers them to load more
 *
 * Each problem is one line naming what was found and, where it can be
 * told, the module responsible; the last line is "integrity: clean" or
 * "integrity: N problem(s)".  The console's `integrity`, the tools' `lkm
 * integrity` (reading /sys/kernel/security/integrity) and the periodic
 * check (integrity.interval=SECONDS, problems logged at KERN_CRIT) run it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>
#include <lkm/fs.h>
#include <lkm/kernel.h>
#include <lkm/module.h>

#include "internal.h"
#include "security.h"

#define MAX_HOOK_SOURCES 16
/* modpool hands out regions in multiples of this (its POOL_GRAIN). */
#define REGION_GRAIN 8

struct ro_range {
	char what[64];
	uintptr_t start;
	size_t len;
	uint8_t sha256[32];
	uint8_t *copy; /* the base kernel's own: to say what changed */
};

struct module_region {
	uintptr_t start;
	size_t len;
	enum lkm_mem_kind kind;
	uint8_t sha256[32];
};

struct module_baseline {
	char name[LKM_MODULE_NAME_LEN];
	struct module_region *regions;
	size_t nregions;
};

struct hook_source {
	const char *name;
	integrity_hooks_fn fn;
};

static struct ro_range *kernel_ro;
static size_t nkernel_ro, capkernel_ro;
static struct module_baseline *baselines;
static size_t nbaselines;
static struct hook_source hook_sources[MAX_HOOK_SOURCES];
static size_t nhook_sources;
static unsigned interval;

int integrity_set_interval_option(const char *value)
{
	if (value == NULL || kstrtouint(value, 10, &interval))
		return -LKM_EINVAL;
	return 0;
}

int integrity_add_hooks(const char *name, integrity_hooks_fn fn)
{
	if (nhook_sources == MAX_HOOK_SOURCES)
		return -LKM_ENOSPC;
	hook_sources[nhook_sources++] = (struct hook_source){ name, fn };
	return 0;
}

/* ---- a scan's working state ---------------------------------------------- */

struct region_ref {
	uintptr_t start, end;
	enum lkm_mem_kind kind;
	const char *module; /* points into mods[] */
};

struct scan {
	struct seqbuf *sb;
	int problems;
	struct region_ref *regions; /* of listed modules, sorted by start */
	size_t nregions, capregions;
	char (*mods)[LKM_MODULE_NAME_LEN]; /* listed modules */
	size_t nmods, capmods;
	bool oom;
};

static void problem(struct scan *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void problem(struct scan *s, const char *fmt, ...)
{
	va_list ap;

	s->problems++;
	seqbuf_printf(s->sb, "integrity: ");
	va_start(ap, fmt);
	seqbuf_vprintf(s->sb, fmt, ap);
	va_end(ap);
	seqbuf_printf(s->sb, "\n");
}

static bool grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	void *p;

	if (n < *cap)
		return true;
	p = realloc(*arr, (*cap ? *cap * 2 : 32) * elem);
	if (p == NULL)
		return false;
	*arr = p;
	*cap = *cap ? *cap * 2 : 32;
	return true;
}

struct collect {
	struct scan *s;
	const char *module;
};

static int collect_region(uintptr_t addr, size_t size, enum lkm_mem_kind kind,
			  bool init, void *arg)
{
	struct collect *c = arg;
	struct scan *s = c->s;

	if (!grow((void **)&s->regions, &s->capregions, s->nregions,
		  sizeof(*s->regions))) {
		s->oom = true;
		return 1;
	}
	s->regions[s->nregions++] = (struct region_ref){
		addr, addr + (size + REGION_GRAIN - 1) / REGION_GRAIN * REGION_GRAIN,
		kind, c->module };
	return 0;
}

static int collect_module(const struct lkm_module *m, void *arg)
{
	struct scan *s = arg;
	struct collect c = { s, NULL };

	if (!grow((void **)&s->mods, &s->capmods, s->nmods, sizeof(*s->mods))) {
		s->oom = true;
		return 1;
	}
	snprintf(s->mods[s->nmods], LKM_MODULE_NAME_LEN, "%s",
		 lkm_module_get_name(m));
	c.module = s->mods[s->nmods];
	s->nmods++;
	return lkm_module_for_each_region(m, collect_region, &c);
}

static int by_start(const void *a, const void *b)
{
	const struct region_ref *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static void scan_free(struct scan *s)
{
	free(s->regions);
	free(s->mods);
}

/* The listed module whose region of @kind (or any, if -1) holds @addr. */
static const struct region_ref *region_of(const struct scan *s, uintptr_t addr,
					  int kind)
{
	size_t i;

	for (i = 0; i < s->nregions; i++)
		if (addr >= s->regions[i].start && addr < s->regions[i].end &&
		    (kind < 0 || s->regions[i].kind == (enum lkm_mem_kind)kind))
			return &s->regions[i];
	return NULL;
}

static bool is_listed(const struct scan *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nmods; i++)
		if (strcmp(s->mods[i], name) == 0)
			return true;
	return false;
}

/* ---- memory: the allocator against the list -------------------------------- */

/* Memory handed out that no listed module owns. */
struct orphans {
	struct audit_range *r;
	size_t n, cap;
	bool *named; /* per orphan: reported with a module's name */
};

static void orphan_add(struct scan *s, struct orphans *o, uintptr_t lo,
		       uintptr_t hi)
{
	if (!grow((void **)&o->r, &o->cap, o->n, sizeof(*o->r))) {
		s->oom = true;
		return;
	}
	o->r[o->n++] = (struct audit_range){ lo, hi };
}

struct range_walk {
	struct scan *s;
	struct orphans *o;
};

/* One handed-out range: every byte must lie in a listed module's region. */
static int check_range(uintptr_t start, size_t len, void *arg)
{
	struct range_walk *w = arg;
	struct scan *s = w->s;
	uintptr_t cur = start, end = start + len, orphan = 0, next;
	bool in_orphan = false;
	size_t i;

	while (cur < end) {
		for (i = 0; i < s->nregions; i++)
			if (s->regions[i].start <= cur && cur < s->regions[i].end)
				break;
		if (i < s->nregions) {
			if (in_orphan)
				orphan_add(s, w->o, orphan, cur);
			in_orphan = false;
			cur = s->regions[i].end;
			continue;
		}
		if (!in_orphan)
			orphan = cur;
		in_orphan = true;
		/* On to the next region that starts inside the range. */
		next = end;
		for (i = 0; i < s->nregions; i++)
			if (s->regions[i].start > cur && s->regions[i].start < next)
				next = s->regions[i].start;
		cur = next;
	}
	if (in_orphan)
		orphan_add(s, w->o, orphan, end);
	return 0;
}

struct name_orphans {
	struct scan *s;
	struct orphans *o;
};

/* The orphans inside the memory the audit trail saw @am's load take. */
static int name_orphans(const struct audit_module *am, void *arg)
{
	struct name_orphans *no = arg;
	struct orphans *o = no->o;
	size_t i, j, count = 0, bytes = 0;
	uintptr_t first = 0;

	for (i = 0; i < o->n; i++) {
		for (j = 0; j < am->nranges; j++)
			if (o->r[i].start < am->ranges[j].end &&
			    am->ranges[j].start < o->r[i].end)
				break;
		if (j == am->nranges || o->named[i])
			continue;
		o->named[i] = true;
		if (count++ == 0)
			first = o->r[i].start;
		bytes += o->r[i].end - o->r[i].start;
	}
	if (count)
		problem(no->s, "hidden module: %zu bytes of module memory in %zu "
			"range(s) from 0x%016lx belong to no listed module: the "
			"audit trail saw the load of module %s take them "
			"(seq=%lu, %s)", bytes, count, (unsigned long)first,
			am->name, am->seq, am->caller);
	return 0;
}

static void check_memory(struct scan *s)
{
	struct orphans o = { 0 };
	struct range_walk w = { s, &o };
	struct name_orphans no = { s, &o };
	size_t i;
	int err = port_module_memory_for_each(check_range, &w);

	if (err)
		problem(s, "cannot read the module allocator's records: error %d",
			err);
	o.named = calloc(o.n ? o.n : 1, sizeof(*o.named));
	if (o.named == NULL) {
		s->oom = true;
		free(o.r);
		return;
	}
	audit_for_each_module(name_orphans, &no);
	for (i = 0; i < o.n; i++)
		if (!o.named[i])
			problem(s, "hidden module: module memory [mem "
				"0x%016lx-0x%016lx] (%lu bytes) belongs to no "
				"listed module", (unsigned long)o.r[i].start,
				(unsigned long)o.r[i].end - 1,
				(unsigned long)(o.r[i].end - o.r[i].start));
	free(o.named);
	free(o.r);
}

/* ---- list: the audit trail and the core's count against the list ------------ */

static int audit_listed(const struct audit_module *am, void *arg)
{
	struct scan *s = arg;

	if (!is_listed(s, am->name))
		problem(s, "hidden module: %s was loaded (audit seq=%lu, %s) and "
			"never unloaded, but is not in the module list",
			am->name, am->seq, am->caller);
	return 0;
}

static void check_list(struct scan *s)
{
	struct lkm_stats st;

	audit_for_each_module(audit_listed, s);
	lkm_kernel_get_stats(modules_kernel(), &st);
	if (st.modules != s->nmods)
		problem(s, "module list: the module subsystem counts %zu "
			"modules, its list holds %zu", st.modules, s->nmods);
}

/* ---- hooks ------------------------------------------------------------------------ */

struct hook_ctx {
	struct scan *s;
	const char *source;
};

static void check_hook(const struct integrity_hook *h, void *arg)
{
	struct hook_ctx *c = arg;
	struct scan *s = c->s;
	char owner[LKM_MODULE_NAME_LEN] = "";
	const struct region_ref *r;
	uintptr_t lo = port_lkm_ops()->area_lo, hi = port_lkm_ops()->area_hi;

	/* The base kernel's text serves anyone (generic helpers). */
	if (h->addr == 0 || port_is_kernel_text(h->addr))
		return;
	if (h->owner != NULL)
		module_name_of(h->owner, owner, sizeof(owner));
	r = region_of(s, h->addr, LKM_MEM_TEXT);
	if (r == NULL) {
		problem(s, "hook %s %s -> 0x%016lx: not in the text of the base "
			"kernel or of any listed module%s", c->source, h->what,
			(unsigned long)h->addr,
			region_of(s, h->addr, -1) ? " (in module data)" :
			h->addr >= lo && h->addr < hi ?
						    " (in the memory of a hidden module)" :
						    "");
		return;
	}
	if (owner[0] && strcmp(owner, r->module) == 0)
		return;
	problem(s, "hook %s %s -> 0x%016lx: diverted into module %s (owner: %s)",
		c->source, h->what, (unsigned long)h->addr, r->module,
		owner[0] ? owner : h->owner ? "a module no longer listed" :
					      "the base kernel");
}

static void emit_fn(integrity_emit_fn emit, void *ctx, const char *what,
		    const char *member, const void *fn,
		    const struct module *owner)
{
	char name[160];
	struct integrity_hook h = { name, (uintptr_t)fn, owner };

	if (fn == NULL)
		return;
	snprintf(name, sizeof(name), "%s.%s", what, member);
	emit(&h, ctx);
}

void integrity_emit_fops(integrity_emit_fn emit, void *ctx, const char *what,
			 const struct file_operations *f,
			 const struct module *owner)
{
#define FOP(m) emit_fn(emit, ctx, what, #m, (const void *)(uintptr_t)f->m, owner)
	if (f == NULL)
		return;
	FOP(open);
	FOP(release);
	FOP(read);
	FOP(write);
	FOP(iterate);
#undef FOP
}

void integrity_emit_iops(integrity_emit_fn emit, void *ctx, const char *what,
			 const struct inode_operations *i,
			 const struct module *owner)
{
#define IOP(m) emit_fn(emit, ctx, what, #m, (const void *)(uintptr_t)i->m, owner)
	if (i == NULL)
		return;
	IOP(lookup);
	IOP(create);
	IOP(mkdir);
	IOP(unlink);
	IOP(rmdir);
#undef IOP
}

/* The loader's own operations: all of them the base kernel's. */
static void lkm_ops_hooks(integrity_emit_fn emit, void *ctx)
{
	const struct lkm_ops *ops = port_lkm_ops();
#define OP(f) emit_fn(emit, ctx, "lkm_ops", #f, (const void *)(uintptr_t)ops->f, NULL)
	OP(heap_alloc);
	OP(heap_free);
	OP(mem_alloc);
	OP(mem_protect);
	OP(mem_free);
	OP(log);
	OP(lock);
	OP(unlock);
	OP(clock_ns);
	OP(sig_verify);
	OP(region_alloc);
	OP(region_seal);
	OP(region_free);
#undef OP
}

struct syscall_emit {
	integrity_emit_fn emit;
	void *ctx;
};

static int syscall_entry(unsigned int nr, const char *name, const void *call,
			 const struct module *owner, void *arg)
{
	struct syscall_emit *e = arg;
	char what[64];
	struct integrity_hook h = { what, (uintptr_t)call, owner };

	snprintf(what, sizeof(what), "%u %s", nr, name);
	e->emit(&h, e->ctx);
	return 0;
}

static void syscall_hooks(integrity_emit_fn emit, void *ctx)
{
	struct syscall_emit e = { emit, ctx };

	syscall_for_each(syscall_entry, &e);
}

/* The hooks every kernel has; others come through integrity_add_hooks(). */
static const struct hook_source builtin_sources[] = {
	{ "loader", lkm_ops_hooks },
	{ "syscall", syscall_hooks },
	{ "filesystem", fs_type_hooks },
	{ "mount", mount_hooks },
	{ "chrdev", chrdev_hooks },
	{ "misc", misc_hooks },
	{ "device", bus_driver_hooks },
};

static void check_hooks(struct scan *s)
{
	struct hook_ctx c = { s, NULL };
	size_t i;

	/* The kernel object must still use the sealed ops, not a copy. */
	if (lkm_kernel_get_ops(modules_kernel()) != port_lkm_ops())
		problem(s, "hooks: the module loader's ops were repointed "
			   "from the kernel's to %p",
			(const void *)lkm_kernel_get_ops(modules_kernel()));
	for (i = 0; i < ARRAY_SIZE(builtin_sources); i++) {
		c.source = builtin_sources[i].name;
		builtin_sources[i].fn(check_hook, &c);
	}
	for (i = 0; i < nhook_sources; i++) {
		c.source = hook_sources[i].name;
		hook_sources[i].fn(check_hook, &c);
	}
}

/* ---- text: hashes against boot's --------------------------------------------------- */

/*
 * The kernel's memory is read raw, byte by byte: under AddressSanitizer
 * its read-only data has redzones between objects, which the scanner must
 * read like any other byte.
 */
#define RAW_READ __attribute__((no_sanitize_address, noinline))

static RAW_READ uint8_t raw_byte(uintptr_t a)
{
	return *(const volatile uint8_t *)a;
}

static RAW_READ void raw_copy(void *dst, uintptr_t src, size_t n)
{
	uint8_t *d = dst;
	size_t i;

	for (i = 0; i < n; i++)
		d[i] = *(const volatile uint8_t *)(src + i);
}

static int hash_range(const char *what, uintptr_t start, size_t len, void *arg)
{
	struct ro_range *r;

	(void)arg;
	if (!grow((void **)&kernel_ro, &capkernel_ro, nkernel_ro,
		  sizeof(*kernel_ro)))
		return -LKM_ENOMEM;
	r = &kernel_ro[nkernel_ro];
	memset(r, 0, sizeof(*r));
	snprintf(r->what, sizeof(r->what), "%s", what);
	r->start = start;
	r->len = len;
	if (port_sha256((const void *)start, len, r->sha256))
		return -LKM_EINVAL;
	/* The kernel's own (not its libraries'): keep a copy to diff. */
	if (strncmp(what, "kernel", 6) == 0) {
		r->copy = malloc(len);
		if (r->copy)
			raw_copy(r->copy, start, len);
	}
	nkernel_ro++;
	return 0;
}

/* What a patch at @at (up to @len bytes) points to: a module, if any. */
static void patch_target(struct scan *s, uintptr_t at, size_t len,
			 uintptr_t addr, char *out, size_t size)
{
	const struct region_ref *r;
	uintptr_t v = 0;
	int32_t rel;
	size_t i;

	out[0] = '\0';
	for (i = 0; i + 8 <= len; i++) { /* movabs $target, %reg */
		raw_copy(&v, at + i, 8);
		r = region_of(s, v, LKM_MEM_TEXT);
		if (r) {
			snprintf(out, size, "; it jumps to module %s", r->module);
			return;
		}
	}
	for (i = 0; i + 5 <= len; i++) { /* jmp/call rel32 */
		if (raw_byte(at + i) != 0xe9 && raw_byte(at + i) != 0xe8)
			continue;
		raw_copy(&rel, at + i + 1, 4);
		v = addr + i + 5 + (uintptr_t)(intptr_t)rel;
		r = region_of(s, v, LKM_MEM_TEXT);
		if (r) {
			snprintf(out, size, "; it jumps to module %s", r->module);
			return;
		}
	}
	if (v >= port_lkm_ops()->area_lo && v < port_lkm_ops()->area_hi)
		snprintf(out, size, "; it jumps into module memory");
}

static void check_kernel_text(struct scan *s)
{
	char sym[64], target[96];
	uintptr_t off, at;
	uint8_t d[32];
	size_t i, j, n;

	for (i = 0; i < nkernel_ro; i++) {
		struct ro_range *r = &kernel_ro[i];

		if (port_sha256((const void *)r->start, r->len, d) ||
		    memcmp(d, r->sha256, 32) == 0)
			continue;
		if (r->copy == NULL) {
			problem(s, "kernel text: %s [mem 0x%016lx-0x%016lx] "
				"changed since boot", r->what,
				(unsigned long)r->start,
				(unsigned long)(r->start + r->len - 1));
			continue;
		}
		for (j = 0; j < r->len; j++)
			if (raw_byte(r->start + j) != r->copy[j])
				break;
		at = r->start + j;
		for (n = 0; j + n < r->len && n < 64; n++)
			if (raw_byte(r->start + j + n) == r->copy[j + n] && n > 16)
				break;
		patch_target(s, at, n + 16 < r->len - j ? n + 16 : r->len - j,
			     at, target, sizeof(target));
		if (port_kernel_symbol(at, sym, sizeof(sym), &off))
			problem(s, "kernel text: %s changed since boot at "
				"0x%016lx (%s+0x%lx)%s", r->what,
				(unsigned long)at, sym, (unsigned long)off,
				target);
		else
			problem(s, "kernel text: %s changed since boot at "
				"0x%016lx%s", r->what, (unsigned long)at, target);
	}
}

/* Hash @name's read-only regions, now that they are final. */
static int baseline_region(uintptr_t addr, size_t size, enum lkm_mem_kind kind,
			   bool init, void *arg)
{
	struct module_baseline *b = arg;
	struct module_region *r;

	if (kind == LKM_MEM_DATA || init)
		return 0;
	r = realloc(b->regions, (b->nregions + 1) * sizeof(*r));
	if (r == NULL)
		return -LKM_ENOMEM;
	b->regions = r;
	r = &b->regions[b->nregions++];
	r->start = addr;
	r->len = size;
	r->kind = kind;
	return port_sha256((const void *)addr, size, r->sha256);
}

static int baseline_module(const struct lkm_module *m, void *arg)
{
	struct module_baseline *b = arg;

	if (strcmp(lkm_module_get_name(m), b->name))
		return 0;
	lkm_module_for_each_region(m, baseline_region, b);
	return 1;
}

void integrity_module_loaded(const char *name)
{
	struct module_baseline *b;

	integrity_module_unloaded(name);
	b = realloc(baselines, (nbaselines + 1) * sizeof(*b));
	if (b == NULL)
		return;
	baselines = b;
	b = &baselines[nbaselines++];
	memset(b, 0, sizeof(*b));
	snprintf(b->name, sizeof(b->name), "%s", name);
	lkm_kernel_for_each_module(modules_kernel(), baseline_module, b);
}

void integrity_module_unloaded(const char *name)
{
	size_t i;

	for (i = 0; i < nbaselines; i++) {
		if (strcmp(baselines[i].name, name))
			continue;
		free(baselines[i].regions);
		baselines[i] = baselines[--nbaselines];
		return;
	}
}

static void check_module_text(struct scan *s)
{
	const struct region_ref *r;
	uint8_t d[32];
	size_t i, j;

	for (i = 0; i < nbaselines; i++) {
		struct module_baseline *b = &baselines[i];

		if (!is_listed(s, b->name))
			continue; /* reported as hidden already */
		for (j = 0; j < b->nregions; j++) {
			struct module_region *mr = &b->regions[j];

			if (port_sha256((const void *)mr->start, mr->len, d) ||
			    memcmp(d, mr->sha256, 32) == 0)
				continue;
			r = region_of(s, mr->start, -1);
			problem(s, "module text: %s's %s [mem 0x%016lx-0x%016lx] "
				"changed since it loaded%s", b->name,
				mr->kind == LKM_MEM_TEXT ? "text" : "read-only data",
				(unsigned long)mr->start,
				(unsigned long)(mr->start + mr->len - 1),
				r && strcmp(r->module, b->name) ?
					" (and another module owns it now)" : "");
		}
	}
}

/* ---- policy ------------------------------------------------------------------------- */

static void check_policy(struct scan *s)
{
	struct lkm_kernel *k = modules_kernel();
	struct security_state want;

	security_get_expected(&want);
	if (lkm_kernel_get_lockdown(k) < want.lockdown)
		problem(s, "policy: lockdown lowered behind the kernel's back "
			"(%d, set to %d)", lkm_kernel_get_lockdown(k),
			want.lockdown);
	if (want.sig_enforce && !lkm_kernel_get_sig_enforce(k))
		problem(s, "policy: signature enforcement switched off behind "
			"the kernel's back");
	if (want.modules_disabled && !lkm_kernel_modules_disabled(k))
		problem(s, "policy: modules_disabled cleared behind the "
			"kernel's back");
}

/* ---- the scan --------------------------------------------------------------------- */

int integrity_check(struct seqbuf *sb)
{
	struct scan s = { .sb = sb };

	if (modules_kernel() == NULL)
		return -LKM_ENODEV;
	audit_lock();
	integrity_take_baseline();
	lkm_kernel_for_each_module(modules_kernel(), collect_module, &s);
	if (s.oom) {
		audit_unlock();
		scan_free(&s);
		return -LKM_ENOMEM;
	}
	if (s.nregions)
		qsort(s.regions, s.nregions, sizeof(*s.regions), by_start);
	check_memory(&s);
	check_list(&s);
	check_hooks(&s);
	check_kernel_text(&s);
	check_module_text(&s);
	check_policy(&s);
	audit_unlock();
	scan_free(&s);
	if (s.problems)
		seqbuf_printf(sb, "integrity: %d problem(s)\n", s.problems);
	else
		seqbuf_printf(sb, "integrity: clean (%zu modules, %zu kernel "
			      "ranges, %zu hook sources)\n", s.nmods, nkernel_ro,
			      nhook_sources + ARRAY_SIZE(builtin_sources));
	return sb->err ? sb->err : s.problems;
}

/* ---- the view and the periodic check ----------------------------------------------- */

static int show_integrity(struct seqbuf *sb)
{
	int ret = integrity_check(sb);

	return ret < 0 ? ret : 0;
}

/* Log what a check found, unless the previous check found the same. */
static void periodic_check(void)
{
	static char *last;
	struct seqbuf sb;
	char *line, *next;
	int found;

	seqbuf_init(&sb);
	found = integrity_check(&sb);
	if (found > 0 && (last == NULL || strcmp(last, sb.buf))) {
		free(last);
		last = strdup(sb.buf);
		for (line = sb.buf; line && *line; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			printk(KERN_CRIT "%s\n", line);
		}
	} else if (found == 0 && last != NULL) {
		free(last);
		last = NULL;
		printk(KERN_NOTICE "integrity: clean again\n");
	}
	seqbuf_release(&sb);
}

/*
 * The hashes of the base kernel's read-only memory, taken once, before any
 * module code runs: at the first load (or the first check).  Nothing but a
 * module can change that memory, and hashing it all (libcrypto and the C
 * library are most of it) is not worth a boot that never loads a module.
 */
int integrity_take_baseline(void)
{
	static bool taken;
	int err;

	if (taken)
		return 0;
	err = port_kernel_ro_for_each(hash_range, NULL);
	if (err) {
		printk(KERN_ERR "integrity: cannot hash the kernel's text: "
		       "error %d\n", err);
		return err;
	}
	taken = true;
	printk(KERN_INFO "integrity: %zu read-only ranges of the base kernel "
	       "hashed\n", nkernel_ro);
	return 0;
}

int integrity_init(void)
{
	int err = proc_register("/sys/kernel/security/integrity",
				show_integrity);

	if (err == 0 && interval > 0) {
		err = port_periodic_start(interval, periodic_check);
		if (err == 0)
			printk(KERN_INFO "integrity: checking every %u s\n",
			       interval);
	}
	return err;
}

void integrity_exit(void)
{
	size_t i;

	port_periodic_stop();
	for (i = 0; i < nkernel_ro; i++)
		free(kernel_ro[i].copy);
	free(kernel_ro);
	kernel_ro = NULL;
	nkernel_ro = capkernel_ro = 0;
	while (nbaselines)
		integrity_module_unloaded(baselines[0].name);
	free(baselines);
	baselines = NULL;
}

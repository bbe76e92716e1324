// SPDX-License-Identifier: MIT
/*
 * audit.c - the audit trail of module operations.
 *
 * Every load, unload and refusal, from the console or a tool, leaves one
 * line in the kernel log, prefixed "audit: " so that it can be told from
 * everything else, and the same line in /proc/lkm/audit (the newest
 * AUDIT_RING records):
 *
 *   audit: seq=3 op=load module=hello sha256=<64 hex> sig=valid
 *          caller=socket pid=4242 uid=1000 gid=1000 res=ok
 *
 * op is load, unload or the call refused before the module subsystem saw
 * it; module is the name in the image's .modinfo (or the name asked to
 * unload; "?" if the image has none); sha256 is over the whole image as
 * handed over, signature included; sig is what its signature is: valid,
 * unsigned, unknown-key, unsupported, bad, malformed, or unchecked (the
 * kernel has no verifier); caller is console (the kernel's own, root) or
 * socket with the peer's SO_PEERCRED credentials; res is ok or the errno
 * name.  An unload repeats the sha256 the module was loaded from.
 *
 * The trail also remembers every module it saw load and not unload, with
 * the module memory its load took from the allocator (compared before and
 * after): the integrity scanner names a module hidden from the list from
 * it.  Module operations are serialised by one lock,
 * which the scanner takes too, so it never sees a load half done.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>
#include <lkm/module.h>

#include "internal.h"
#include "security.h"

#define AUDIT_RING 256
#define AUDIT_CALLER 96
#define AUDIT_BODY 320 /* a record without its "seq=N " */
#define AUDIT_LINE (AUDIT_BODY + 24)
#define SIG_MARKER "~Module signature appended~\n"
#define SIG_MARKER_LEN (sizeof(SIG_MARKER) - 1)
#define SIG_INFO_LEN 12

static char ring[AUDIT_RING][AUDIT_LINE];
static unsigned long seq; /* records so far */
static struct audit_module *loaded;
static size_t nloaded, caploaded;

void audit_lock(void)
{
	port_audit_lock();
}

void audit_unlock(void)
{
	port_audit_unlock();
}

/* ---- what an image is ------------------------------------------------------ */

/*
 * The signature verdict for @image: the trailer is parsed as the core
 * parses it, and the port's verifier asked again (cheap next to a load,
 * and only for images the core did not already judge).
 */
static const char *sig_verdict(const uint8_t *image, size_t size)
{
	const struct lkm_ops *ops = port_lkm_ops();
	size_t rest;
	uint32_t len;
	int err;

	if (size < SIG_MARKER_LEN + SIG_INFO_LEN ||
	    memcmp(image + size - SIG_MARKER_LEN, SIG_MARKER, SIG_MARKER_LEN))
		return "unsigned";
	rest = size - SIG_MARKER_LEN - SIG_INFO_LEN;
	len = (uint32_t)image[rest + 8] << 24 | (uint32_t)image[rest + 9] << 16 |
	      (uint32_t)image[rest + 10] << 8 | image[rest + 11];
	if (len == 0 || len >= rest)
		return "malformed";
	if (image[rest + 2] != 2) /* not PKCS#7 */
		return "unsupported";
	if (!ops->sig_verify)
		return "unchecked";
	err = ops->sig_verify(ops->ctx, image, rest - len, image + rest - len,
			      len);
	switch (err) {
	case 0:
		return "valid";
	case -LKM_ENOKEY:
		return "unknown-key";
	case -LKM_ENOPKG:
		return "unsupported";
	default:
		return "bad";
	}
}

static int take_name(const char *key, size_t key_len, const char *value,
		     void *arg)
{
	if (key_len != 4 || memcmp(key, "name", 4))
		return 0;
	snprintf(arg, LKM_MODULE_NAME_LEN, "%s", value);
	return 1;
}

/* The image's .modinfo name=, or "?". */
static void image_name(const void *image, size_t size, char *name)
{
	strcpy(name, "?");
	if (lkm_image_for_each_modinfo(image, size, take_name, name) < 0)
		strcpy(name, "?");
}

static void sha256_hex(const void *data, size_t len, char hex[65])
{
	uint8_t d[32];
	size_t i;

	if (port_sha256(data, len, d)) {
		strcpy(hex, "?");
		return;
	}
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

/* ---- the records -------------------------------------------------------------- */

static const char *errno_name(int err)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{ LKM_EPERM, "EPERM" },     { LKM_ENOENT, "ENOENT" },
		{ LKM_ENOEXEC, "ENOEXEC" }, { LKM_ENOMEM, "ENOMEM" },
		{ LKM_EFAULT, "EFAULT" },   { LKM_EBUSY, "EBUSY" },
		{ LKM_EEXIST, "EEXIST" },   { LKM_EINVAL, "EINVAL" },
		{ LKM_ENOSPC, "ENOSPC" },   { LKM_ERANGE, "ERANGE" },
		{ LKM_ENOPKG, "ENOPKG" },   { LKM_EBADMSG, "EBADMSG" },
		{ LKM_ENOKEY, "ENOKEY" },   { LKM_EKEYREJECTED, "EKEYREJECTED" },
		{ LKM_EWOULDBLOCK, "EWOULDBLOCK" }, { LKM_ENODATA, "ENODATA" },
		{ LKM_ENOSYS, "ENOSYS" },
	};
	static char other[16];
	size_t i;

	if (err == 0)
		return "ok";
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (-err == names[i].err)
			return names[i].name;
	snprintf(other, sizeof(other), "%d", err);
	return other;
}

/* "caller=console uid=0 gid=0" or "caller=socket pid=N uid=N gid=N". */
static void format_caller(const struct sys_cred *c, char *buf, size_t size)
{
	if (c == NULL)
		snprintf(buf, size, "caller=console uid=0 gid=0");
	else if (!c->known)
		snprintf(buf, size, "caller=socket pid=? uid=? gid=?");
	else
		snprintf(buf, size, "caller=socket pid=%d uid=%u gid=%u",
			 c->pid, c->uid, c->gid);
}

/* Log and keep one record; @body is everything after "seq=N ". */
static unsigned long record(const char *body)
{
	unsigned long n = ++seq;
	char *line = ring[(n - 1) % AUDIT_RING];

	snprintf(line, AUDIT_LINE, "seq=%lu %.*s", n, AUDIT_BODY - 1, body);
	printk(KERN_NOTICE "audit: %s\n", line);
	return n;
}

static struct audit_module *find_loaded(const char *name)
{
	size_t i;

	for (i = 0; i < nloaded; i++)
		if (strcmp(loaded[i].name, name) == 0)
			return &loaded[i];
	return NULL;
}

/* ---- what a load took from the allocator --------------------------------------- */

struct range_set {
	struct audit_range *r;
	size_t n, cap;
	bool oom;
};

static int range_add(uintptr_t start, size_t len, void *arg)
{
	struct range_set *rs = arg;
	struct audit_range *grown;

	if (rs->n == rs->cap) {
		grown = realloc(rs->r, (rs->cap ? 2 * rs->cap : 16) *
					       sizeof(*rs->r));
		if (grown == NULL) {
			rs->oom = true;
			return 1;
		}
		rs->r = grown;
		rs->cap = rs->cap ? 2 * rs->cap : 16;
	}
	rs->r[rs->n++] = (struct audit_range){ start, start + len };
	return 0;
}

static int range_cmp(const void *a, const void *b)
{
	const struct audit_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* The module memory handed out now, sorted. */
static void range_snapshot(struct range_set *rs)
{
	*rs = (struct range_set){ 0 };
	port_module_memory_for_each(range_add, rs);
	if (rs->n)
		qsort(rs->r, rs->n, sizeof(*rs->r), range_cmp);
}

/* @after minus @before, into @out (both sorted, disjoint). */
static void range_diff(const struct range_set *after,
		       const struct range_set *before, struct range_set *out)
{
	size_t i, j = 0;
	uintptr_t cur, end;

	*out = (struct range_set){ 0 };
	for (i = 0; i < after->n; i++) {
		cur = after->r[i].start;
		end = after->r[i].end;
		while (j < before->n && before->r[j].end <= cur)
			j++;
		for (size_t k = j; k < before->n && before->r[k].start < end &&
				   cur < end; k++) {
			if (before->r[k].start > cur)
				range_add(cur, before->r[k].start - cur, out);
			if (before->r[k].end > cur)
				cur = before->r[k].end;
		}
		if (cur < end)
			range_add(cur, end - cur, out);
	}
}

/* Remember a module that loaded, with the memory its load took. */
static void remember(const char *name, const char *sha, unsigned long n,
		     const char *caller, struct range_set *took)
{
	struct audit_module *am = find_loaded(name), *grown;
	size_t i;

	if (am == NULL) {
		if (nloaded == caploaded) {
			grown = realloc(loaded, (caploaded ? 2 * caploaded : 16) *
							sizeof(*loaded));
			if (grown == NULL) {
				free(took->r);
				return;
			}
			loaded = grown;
			caploaded = caploaded ? 2 * caploaded : 16;
		}
		am = &loaded[nloaded++];
	} else {
		free(am->ranges);
	}
	memset(am, 0, sizeof(*am));
	snprintf(am->name, sizeof(am->name), "%s", name);
	for (i = 0; i < 32 && sha[0] != '?'; i++)
		sscanf(sha + 2 * i, "%2hhx", &am->sha256[i]);
	am->seq = n;
	snprintf(am->caller, sizeof(am->caller), "%s", caller);
	am->ranges = took->r;
	am->nranges = took->n;
}

static void forget(const char *name)
{
	struct audit_module *am = find_loaded(name);

	if (am != NULL) {
		free(am->ranges);
		*am = loaded[--nloaded];
	}
}

int audit_for_each_module(int (*fn)(const struct audit_module *am, void *arg),
			  void *arg)
{
	size_t i;
	int ret;

	for (i = 0; i < nloaded; i++) {
		ret = fn(&loaded[i], arg);
		if (ret)
			return ret;
	}
	return 0;
}

/* ---- the operations ---------------------------------------------------------- */

static __thread const struct sys_cred *current_caller;

void audit_set_caller(const struct sys_cred *cred)
{
	current_caller = cred;
}

struct sig_query {
	const char *name;
	enum lkm_sig_state state;
};

static int query_sig(const struct lkm_module *m, void *arg)
{
	struct sig_query *q = arg;

	if (strcmp(lkm_module_get_name(m), q->name))
		return 0;
	q->state = lkm_module_get_sig_state(m);
	return 1;
}

/* What the core found, for a module that loaded. */
static const char *loaded_verdict(const char *name, const void *image,
				  size_t size)
{
	struct sig_query q = { name, LKM_SIG_STATE_COUNT };

	lkm_kernel_for_each_module(modules_kernel(), query_sig, &q);
	switch (q.state) {
	case LKM_SIG_VALID:
		return "valid";
	case LKM_SIG_NONE:
		return "unsigned";
	case LKM_SIG_UNCHECKED:
		return "unchecked";
	default:
		return sig_verdict(image, size);
	}
}

void audit_load_begin(struct audit_op *op, const void *image, size_t size,
		      unsigned flags)
{
	struct range_set *before;

	memset(op, 0, sizeof(*op));
	op->image = image;
	op->size = size;
	op->flags = flags;
	sha256_hex(image, size, op->sha);
	format_caller(current_caller, op->caller, sizeof(op->caller));
	audit_lock();
	integrity_take_baseline();
	before = calloc(1, sizeof(*before));
	if (before)
		range_snapshot(before);
	op->before = before;
}

void audit_load_end(struct audit_op *op, int err, const char *name)
{
	char own[LKM_MODULE_NAME_LEN], body[AUDIT_BODY];
	struct range_set *before = op->before, after, took;
	const char *sig;
	unsigned long n;

	if (err == 0) {
		snprintf(own, sizeof(own), "%s", name);
		sig = loaded_verdict(own, op->image, op->size);
	} else {
		image_name(op->image, op->size, own);
		sig = op->image ? sig_verdict(op->image, op->size) : "unsigned";
	}
	snprintf(body, sizeof(body),
		 "op=load module=%s sha256=%s sig=%s%s %s res=%s", own, op->sha,
		 sig,
		 op->flags & (LKM_LOAD_FORCE_VERMAGIC |
			      LKM_LOAD_FORCE_MODVERSION) ? " force=1" : "",
		 op->caller, errno_name(err));
	n = record(body);
	if (err == 0 && before) {
		range_snapshot(&after);
		range_diff(&after, before, &took);
		remember(own, op->sha, n, op->caller, &took);
		integrity_module_loaded(own);
		free(after.r);
	}
	if (before)
		free(before->r);
	free(before);
	audit_unlock();
}

void audit_unload_begin(struct audit_op *op, const char *name, unsigned flags)
{
	memset(op, 0, sizeof(*op));
	op->name = name;
	op->flags = flags;
	format_caller(current_caller, op->caller, sizeof(op->caller));
	audit_lock();
}

void audit_unload_end(struct audit_op *op, int err)
{
	char body[AUDIT_BODY], sha[65] = "?";
	struct audit_module *am = find_loaded(op->name);
	size_t i;

	for (i = 0; am && i < 32; i++)
		snprintf(sha + 2 * i, 3, "%02x", am->sha256[i]);
	snprintf(body, sizeof(body), "op=unload module=%s sha256=%s%s %s res=%s",
		 op->name, sha, op->flags & LKM_UNLOAD_FORCE ? " force=1" : "",
		 op->caller, errno_name(err));
	record(body);
	if (err == 0) {
		forget(op->name);
		integrity_module_unloaded(op->name);
	}
	audit_unlock();
}

void audit_module_denied(const struct sys_cred *cred, bool load,
			 const void *arg, size_t len, unsigned flags, int err)
{
	char name[LKM_MODULE_NAME_LEN], sha[65] = "?", caller[AUDIT_CALLER];
	char body[AUDIT_BODY];

	format_caller(cred, caller, sizeof(caller));
	if (load) {
		image_name(arg, len, name);
		sha256_hex(arg, len, sha);
	} else {
		snprintf(name, sizeof(name), "%.*s", (int)len, (const char *)arg);
	}
	audit_lock();
	snprintf(body, sizeof(body), "op=%s module=%s sha256=%s%s %s res=%s",
		 load ? "load" : "unload", name, sha,
		 load ? (arg ? " sig=unchecked" : "") : "", caller,
		 errno_name(err));
	record(body);
	audit_unlock();
}

/* ---- /proc/lkm/audit ----------------------------------------------------------- */

static int show_audit(struct seqbuf *sb)
{
	unsigned long first, i;

	audit_lock();
	first = seq > AUDIT_RING ? seq - AUDIT_RING + 1 : 1;
	for (i = first; i <= seq; i++)
		seqbuf_printf(sb, "%s\n", ring[(i - 1) % AUDIT_RING]);
	audit_unlock();
	return sb->err;
}

int audit_init(void)
{
	return proc_register("/proc/lkm/audit", show_audit);
}

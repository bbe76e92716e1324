// SPDX-License-Identifier: MIT
/*
 * params.c - module parameters: parsing the insmod string, reading and
 * writing values at runtime.
 *
 * A module declares its parameters in __param (struct lkm_param, see
 * <lkm/param.h>).  The loader checks every entry points inside the module
 * before trusting it, sets the values given at load time before init runs,
 * and refuses unknown names and bad values with Linux's messages:
 *   hello: Unknown parameter `foo'
 *   hello: `300' invalid for parameter `b'
 *   hello: `xxxxxxxx' too large for parameter `s'
 * charp values are copied into memory the module owns until it unloads.
 */
#include "internal.h"

#define CHARP_MAX 1024

struct param_state {
	const struct lkm_param *p;
	char *owned; /* our copy behind a charp, or NULL */
	size_t owned_size;
};

static const uint8_t elem_size[LKM_PARAM_TYPE_COUNT] = {
	[LKM_PARAM_bool] = sizeof(bool),    [LKM_PARAM_invbool] = sizeof(bool),
	[LKM_PARAM_byte] = 1,               [LKM_PARAM_short] = 2,
	[LKM_PARAM_ushort] = 2,             [LKM_PARAM_int] = 4,
	[LKM_PARAM_uint] = 4,               [LKM_PARAM_long] = 8,
	[LKM_PARAM_ulong] = 8,              [LKM_PARAM_charp] = sizeof(char *),
	[LKM_PARAM_string] = 1,
};

/* ---- value parsing (kstrto*-like, freestanding) -------------------------- */

static bool parse_bool(const char *s, bool *out)
{
	if (!s || !*s) {
		*out = true; /* "insmod m.ko flag" means flag=Y */
		return true;
	}
	switch (s[0]) {
	case 'y': case 'Y': case '1':
		*out = true;
		return true;
	case 'n': case 'N': case '0':
		*out = false;
		return true;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*out = true;
			return true;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*out = false;
			return true;
		}
	}
	return false;
}

/* Parse an integer in base 0 (0x.., 0.., decimal); -EINVAL or -ERANGE. */
static int parse_int(const char *s, bool is_signed, int64_t min, uint64_t max,
		     uint64_t *out)
{
	bool neg = false;
	unsigned base = 10;
	uint64_t v = 0;
	const char *start;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	} else if (s[0] == '0' && s[1]) {
		base = 8;
	}
	start = s;
	for (; *s && *s != '\n'; s++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned)(*s - '0');
		else if (*s >= 'a' && *s <= 'f')
			d = (unsigned)(*s - 'a' + 10);
		else if (*s >= 'A' && *s <= 'F')
			d = (unsigned)(*s - 'A' + 10);
		else
			return -LKM_EINVAL;
		if (d >= base)
			return -LKM_EINVAL;
		if (v > (UINT64_MAX - d) / base)
			return -LKM_ERANGE;
		v = v * base + d;
	}
	if (s == start || (*s == '\n' && s[1]))
		return -LKM_EINVAL;
	if (neg && !is_signed && v)
		return -LKM_EINVAL;
	if (neg) {
		if (v > (uint64_t)INT64_MAX + 1 || (int64_t)(0 - v) < min)
			return -LKM_ERANGE;
		*out = 0 - v;
		return 0;
	}
	if (v > max)
		return -LKM_ERANGE;
	*out = v;
	return 0;
}

static int set_int(uint8_t type, void *dst, const char *s)
{
	uint64_t v;
	int err;

	switch (type) {
	case LKM_PARAM_byte:
		err = parse_int(s, false, 0, UINT8_MAX, &v);
		if (!err)
			*(uint8_t *)dst = (uint8_t)v;
		return err;
	case LKM_PARAM_short:
		err = parse_int(s, true, INT16_MIN, INT16_MAX, &v);
		if (!err)
			*(int16_t *)dst = (int16_t)v;
		return err;
	case LKM_PARAM_ushort:
		err = parse_int(s, false, 0, UINT16_MAX, &v);
		if (!err)
			*(uint16_t *)dst = (uint16_t)v;
		return err;
	case LKM_PARAM_int:
		err = parse_int(s, true, INT32_MIN, INT32_MAX, &v);
		if (!err)
			*(int32_t *)dst = (int32_t)v;
		return err;
	case LKM_PARAM_uint:
		err = parse_int(s, false, 0, UINT32_MAX, &v);
		if (!err)
			*(uint32_t *)dst = (uint32_t)v;
		return err;
	case LKM_PARAM_long:
		err = parse_int(s, true, INT64_MIN, INT64_MAX, &v);
		if (!err)
			*(int64_t *)dst = (int64_t)v;
		return err;
	default: /* LKM_PARAM_ulong */
		err = parse_int(s, false, 0, UINT64_MAX, &v);
		if (!err)
			*(uint64_t *)dst = v;
		return err;
	}
}

/* Set one element (not an array) from @val (NULL: no '=' was given). */
static int set_one(struct lkm_kernel *k, struct param_state *ps, void *dst,
		   const char *val)
{
	const struct lkm_param *p = ps->p;
	bool b;

	switch (p->type) {
	case LKM_PARAM_bool:
	case LKM_PARAM_invbool:
		if (!parse_bool(val, &b))
			return -LKM_EINVAL;
		*(bool *)dst = p->type == LKM_PARAM_bool ? b : !b;
		return 0;
	case LKM_PARAM_charp: {
		size_t n = val ? lkm_strlen(val) : 0;
		char *copy;

		if (n > CHARP_MAX)
			return -LKM_ENOSPC;
		copy = lkm_heap_alloc(k, n + 1);
		if (!copy)
			return -LKM_ENOMEM;
		if (n)
			lkm_memcpy(copy, val, n);
		lkm_heap_free(k, ps->owned, ps->owned_size);
		ps->owned = copy;
		ps->owned_size = n + 1;
		*(char **)dst = copy;
		return 0;
	}
	case LKM_PARAM_string: {
		size_t n = val ? lkm_strlen(val) : 0;

		if (n + 1 > p->max) {
			lkm_err(k, "%s: string doesn't fit in %u chars.",
				p->name, p->max - 1);
			return -LKM_ENOSPC;
		}
		lkm_memcpy(dst, val ? val : "", n + 1);
		return 0;
	}
	default:
		if (!val)
			return -LKM_EINVAL;
		return set_int(p->type, dst, val);
	}
}

static int set_param(struct lkm_kernel *k, struct param_state *ps,
		     const char *val)
{
	const struct lkm_param *p = ps->p;
	char elem[64];
	unsigned n = 0;
	int err;

	if (!p->is_array)
		return set_one(k, ps, p->arg, val);
	if (!val)
		return -LKM_EINVAL;
	for (const char *s = val;; n++) {
		size_t len = 0;

		while (s[len] && s[len] != ',')
			len++;
		if (n >= p->max) {
			lkm_err(k, "%s: can only take %u arguments", p->name,
				p->max);
			return -LKM_EINVAL;
		}
		if (len >= sizeof(elem))
			return -LKM_EINVAL;
		lkm_memcpy(elem, s, len);
		elem[len] = '\0';
		err = set_one(k, ps,
			      (uint8_t *)p->arg + (size_t)n * elem_size[p->type],
			      elem);
		if (err)
			return err;
		if (!s[len])
			break;
		s += len + 1;
	}
	if (p->num)
		*p->num = n + 1;
	return 0;
}

/* ---- collecting the module's table ------------------------------------------ */

static bool in_module(const struct lkm_module *m, const void *p, uint64_t len)
{
	return module_contains(m, (uintptr_t)p, (size_t)len);
}

static bool param_entry_ok(const struct lkm_module *m,
			   const struct lkm_param *p)
{
	uint64_t count = p->is_array ? p->max : 1;
	uint64_t bytes;

	if (p->type >= LKM_PARAM_TYPE_COUNT ||
	    !module_contains_string(m, p->name))
		return false;
	if (p->type == LKM_PARAM_string)
		return !p->is_array && p->max && in_module(m, p->arg, p->max);
	if (p->is_array && (!p->max || p->max > 4096 ||
			    (p->num && !in_module(m, p->num, sizeof(*p->num)))))
		return false;
	bytes = count * elem_size[p->type];
	return in_module(m, p->arg, bytes);
}

int params_collect(struct load_info *info)
{
	const struct elf_view *v = &info->elf;
	struct lkm_module *m = info->mod;
	unsigned idx = elf_find_section(v, "__param");
	const struct lkm_param *tab;
	size_t n;

	if (!idx)
		return 0;
	n = v->sh[idx].sh_size / sizeof(*tab);
	if (v->sh[idx].sh_size % sizeof(*tab) ||
	    info->place[idx].region == SEC_NOT_LOADED ||
	    info->place[idx].region == RGN_INIT_DATA) {
		lkm_err(info->k, "%s: malformed parameter table __param",
			info->who);
		return -LKM_ENOEXEC;
	}
	if (!n)
		return 0;
	tab = (const void *)(uintptr_t)layout_section_addr(info, idx);
	if ((uintptr_t)tab % _Alignof(struct lkm_param)) {
		lkm_err(info->k,
			"%s: parameter table __param is not aligned for its entries",
			info->who);
		return -LKM_ENOEXEC;
	}
	m->params = lkm_heap_alloc(info->k, n * sizeof(*m->params));
	if (!m->params)
		return -LKM_ENOMEM;
	m->nparams = n;
	for (size_t i = 0; i < n; i++) {
		if (tab[i].is_array && tab[i].type == LKM_PARAM_charp) {
			lkm_err(info->k,
				"%s: parameter table entry %zu: arrays of charp are not supported",
				info->who, i);
			return -LKM_ENOEXEC;
		}
		if (!param_entry_ok(m, &tab[i])) {
			lkm_err(info->k,
				"%s: parameter table entry %zu points outside the module",
				info->who, i);
			return -LKM_ENOEXEC;
		}
		m->params[i].p = &tab[i];
	}
	return 0;
}

void params_free(struct lkm_module *m)
{
	for (size_t i = 0; i < m->nparams; i++)
		lkm_heap_free(m->k, m->params[i].owned, m->params[i].owned_size);
	lkm_heap_free(m->k, m->params, m->nparams * sizeof(*m->params));
	m->params = NULL;
	m->nparams = 0;
}

/* Parameter names treat '-' and '_' alike, as Linux does. */
static bool name_eq(const char *a, const char *b, size_t blen)
{
	size_t i;

	for (i = 0; i < blen && a[i]; i++) {
		char x = a[i] == '-' ? '_' : a[i];
		char y = b[i] == '-' ? '_' : b[i];

		if (x != y)
			return false;
	}
	return i == blen && !a[i];
}

static struct param_state *param_find(const struct lkm_module *m,
				      const char *name, size_t len)
{
	for (size_t i = 0; i < m->nparams; i++)
		if (name_eq(m->params[i].p->name, name, len))
			return &m->params[i];
	return NULL;
}

static void report(struct lkm_kernel *k, const char *who, int err,
		   const char *name, const char *val)
{
	if (err == -LKM_ENOENT)
		lkm_err(k, "%s: Unknown parameter `%s'", who, name);
	else if (err == -LKM_ENOSPC)
		lkm_err(k, "%s: `%s' too large for parameter `%s'", who,
			val ? val : "", name);
	else
		lkm_err(k, "%s: `%s' invalid for parameter `%s'", who,
			val ? val : "", name);
}

/*
 * Split the next "name[=value]" off @s in place: quotes group words and are
 * removed ("s=\"a b\"" sets s to "a b").  Returns the token or NULL.
 */
static char *next_arg(char **s, char **val)
{
	char *p = *s, *tok, *w;
	bool quoted = false;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	if (!*p)
		return NULL;
	tok = w = p;
	*val = NULL;
	for (; *p && (quoted || (*p != ' ' && *p != '\t' && *p != '\n')); p++) {
		if (*p == '"') {
			quoted = !quoted;
			continue;
		}
		if (*p == '=' && !*val) {
			*w++ = '\0';
			*val = w;
			continue;
		}
		*w++ = *p;
	}
	if (*p)
		p++;
	*w = '\0';
	*s = p;
	return tok;
}

int params_parse(struct load_info *info, const char *args)
{
	struct lkm_kernel *k = info->k;
	size_t len;
	char *copy, *cur, *name, *val;
	int err = 0;

	if (!args || !*args)
		return 0;
	len = lkm_strlen(args) + 1;
	copy = lkm_heap_alloc(k, len);
	if (!copy)
		return -LKM_ENOMEM;
	lkm_memcpy(copy, args, len);
	cur = copy;
	while (!err && (name = next_arg(&cur, &val))) {
		struct param_state *ps =
			param_find(info->mod, name, lkm_strlen(name));

		err = ps ? set_param(k, ps, val) : -LKM_ENOENT;
		if (err)
			report(k, info->who, err, name, val);
	}
	lkm_heap_free(k, copy, len);
	return err;
}

/* ---- runtime access (/sys/module/<m>/parameters) --------------------------- */

static size_t format_one(const struct lkm_param *p, const void *src,
			 char *buf, size_t len)
{
	switch (p->type) {
	case LKM_PARAM_bool:
		return (size_t)lkm_snprintf(buf, len, "%c",
					    *(const bool *)src ? 'Y' : 'N');
	case LKM_PARAM_invbool:
		return (size_t)lkm_snprintf(buf, len, "%c",
					    *(const bool *)src ? 'N' : 'Y');
	case LKM_PARAM_byte:
		return (size_t)lkm_snprintf(buf, len, "%u",
					    *(const uint8_t *)src);
	case LKM_PARAM_short:
		return (size_t)lkm_snprintf(buf, len, "%d",
					    *(const int16_t *)src);
	case LKM_PARAM_ushort:
		return (size_t)lkm_snprintf(buf, len, "%u",
					    *(const uint16_t *)src);
	case LKM_PARAM_int:
		return (size_t)lkm_snprintf(buf, len, "%d",
					    *(const int32_t *)src);
	case LKM_PARAM_uint:
		return (size_t)lkm_snprintf(buf, len, "%u",
					    *(const uint32_t *)src);
	case LKM_PARAM_long:
		return (size_t)lkm_snprintf(buf, len, "%ld",
					    (long)*(const int64_t *)src);
	case LKM_PARAM_ulong:
		return (size_t)lkm_snprintf(buf, len, "%lu",
					    (unsigned long)*(const uint64_t *)src);
	case LKM_PARAM_charp:
		return (size_t)lkm_snprintf(buf, len, "%s",
					    *(char *const *)src ? *(char *const *)src
								: "(null)");
	default: /* string */
		return (size_t)lkm_snprintf(buf, len, "%.*s", (int)p->max,
					    (const char *)src);
	}
}

static struct param_state *lookup_live(struct lkm_kernel *k,
				       const char *module, const char *param)
{
	struct lkm_module *m = module_find(k, module);

	if (!m || m->state != LKM_MODULE_LIVE)
		return NULL;
	return param_find(m, param, lkm_strlen(param));
}

int lkm_module_param_get(struct lkm_kernel *k, const char *module,
			 const char *param, char *buf, size_t len)
{
	struct param_state *ps;
	size_t n = 0;

	if (!len)
		return -LKM_EINVAL;
	buf[0] = '\0';
	lkm_lock(k);
	ps = lookup_live(k, module, param);
	if (ps && !ps->p->is_array) {
		format_one(ps->p, ps->p->arg, buf, len);
	} else if (ps) {
		unsigned count = ps->p->num ? *ps->p->num : ps->p->max;

		if (count > ps->p->max)
			count = ps->p->max;
		for (unsigned i = 0; i < count && n < len; i++) {
			if (i)
				n += (size_t)lkm_snprintf(buf + n, len - n, ",");
			if (n < len)
				n += format_one(ps->p,
						(const uint8_t *)ps->p->arg +
							(size_t)i * elem_size[ps->p->type],
						buf + n, len - n);
		}
	}
	lkm_unlock(k);
	return ps ? 0 : -LKM_ENOENT;
}

int lkm_module_param_set(struct lkm_kernel *k, const char *module,
			 const char *param, const char *value)
{
	struct param_state *ps;
	char tmp[CHARP_MAX + 2];
	size_t n = lkm_strnlen(value, sizeof(tmp));
	int err;

	if (n >= sizeof(tmp))
		return -LKM_ENOSPC;
	/* sysfs writes end with a newline; the value does not */
	lkm_memcpy(tmp, value, n + 1);
	if (n && tmp[n - 1] == '\n')
		tmp[n - 1] = '\0';
	lkm_lock(k);
	ps = lookup_live(k, module, param);
	if (!ps)
		err = -LKM_ENOENT;
	else if (!(ps->p->perm & 0222))
		err = -LKM_EPERM;
	else
		err = set_param(k, ps, tmp);
	lkm_unlock(k);
	return err;
}

int lkm_module_for_each_param(const struct lkm_module *m,
			      int (*fn)(const char *name, unsigned perm,
					void *arg),
			      void *arg)
{
	int ret = 0;

	for (size_t i = 0; i < m->nparams && !ret; i++)
		ret = fn(m->params[i].p->name, m->params[i].p->perm, arg);
	return ret;
}

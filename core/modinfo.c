// SPDX-License-Identifier: MIT
/*
 * modinfo.c - the .modinfo strings: "key=value", NUL-separated.
 *
 * Every non-empty entry must be an identifier key, '=', and a value.  This
 * one generic rule is what catches the NUL-terminator trick: in
 * MODULE_LICENSE("GPL\0for files in the \"GPL\" directory; ...") the text
 * after the embedded NUL becomes an entry of its own with no key, and the
 * module is refused with that fragment quoted, instead of being taken for
 * GPL by a comparison that stops at the first NUL.
 */
#include "internal.h"

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static const char *modinfo_bounds(const struct elf_view *v, size_t *len)
{
	unsigned idx = elf_find_section(v, ".modinfo");

	if (!idx || v->sh[idx].sh_type == SHT_NOBITS) {
		*len = 0;
		return NULL;
	}
	*len = v->sh[idx].sh_size;
	return elf_section_data(v, idx);
}

int modinfo_walk(struct lkm_kernel *k, const char *who,
		 const struct elf_view *v, bool *malformed,
		 int (*fn)(const char *key, size_t key_len, const char *value,
			   void *arg),
		 void *arg)
{
	int level = malformed ? LKM_LOG_WARNING : LKM_LOG_ERR;

	size_t len, off = 0;
	const char *base = modinfo_bounds(v, &len);
	const char *prev = NULL;

	while (off < len) {
		const char *e = base + off;
		size_t n = lkm_strnlen(e, len - off), klen = 0;
		int ret;

		if (n == 0) { /* padding between entries */
			off++;
			continue;
		}
		if (n == len - off) {
			lkm_err(k, "%s: unterminated .modinfo entry \"%.*s\"",
				who, (int)(n > 60 ? 60 : n), e);
			return -LKM_ENOEXEC;
		}
		while (klen < n && is_key_char(e[klen]))
			klen++;
		if (klen == 0 || klen == n || e[klen] != '=') {
			if (prev)
				lkm_log(k, level,
					"%s: malformed .modinfo entry \"%.*s\" after \"%s\": every entry must be key=value (a NUL inside a MODULE_*() string?)",
					who, (int)(n > 80 ? 80 : n), e, prev);
			else
				lkm_log(k, level,
					"%s: malformed .modinfo entry \"%.*s\": every entry must be key=value",
					who, (int)(n > 80 ? 80 : n), e);
			if (!malformed)
				return -LKM_ENOEXEC;
			*malformed = true;
			off += n + 1;
			continue;
		}
		if (fn) {
			ret = fn(e, klen, e + klen + 1, arg);
			if (ret)
				return ret;
		}
		prev = e;
		off += n + 1;
	}
	return 0;
}

const char *modinfo_next(const struct elf_view *v, const char *key,
			 const char *prev)
{
	size_t len, off = 0, klen = lkm_strlen(key);
	const char *base = modinfo_bounds(v, &len);

	if (prev)
		off = (size_t)(prev - base) + lkm_strlen(prev) + 1;
	while (off < len) {
		const char *e = base + off;
		size_t n = lkm_strnlen(e, len - off);

		if (n > klen && !lkm_strncmp(e, key, klen) && e[klen] == '=')
			return e + klen + 1;
		off += n + 1;
	}
	return NULL;
}

const char *modinfo_get(const struct elf_view *v, const char *key)
{
	return modinfo_next(v, key, NULL);
}

int lkm_image_for_each_modinfo(const void *image, size_t size,
			       int (*fn)(const char *key, size_t key_len,
					 const char *value, void *arg),
			       void *arg)
{
	struct elf_view v;
	int err = elf_check(NULL, "module", image, size, &v);

	if (err)
		return err;
	return modinfo_walk(NULL, "module", &v, NULL, fn, arg);
}

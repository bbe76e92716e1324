// SPDX-License-Identifier: MIT
/*
 * kstrtox.c - Linux's kstrto*() number parsing, exported to modules.
 *
 * Stricter than strtoul: the whole string must be the number (one trailing
 * newline allowed, as sysfs writes bring), no blanks, a '+' sign allowed,
 * and overflow is an error rather than a clamp.  Base 0 takes C prefixes
 * ("0x" hexadecimal, "0" octal); base 16 accepts a "0x" prefix too.
 */
#include <limits.h>

#include <lkm/kernel.h>

#include "internal.h"

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

/* Skip a radix prefix of @*s, settling @*base. */
static void fixup_radix(const char **s, unsigned int *base)
{
	const char *p = *s;
	bool hex_prefix = p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
			  digit_value(p[2]) < 16;

	if (*base == 0)
		*base = hex_prefix ? 16 : p[0] == '0' ? 8 : 10;
	if (*base == 16 && hex_prefix)
		*s = p + 2;
}

int kstrtoull(const char *s, unsigned int base, unsigned long long *res)
{
	unsigned long long v = 0;
	const char *start;
	int d;

	if (base == 1 || base > 36)
		return -LKM_EINVAL;
	if (*s == '+')
		s++;
	fixup_radix(&s, &base);
	for (start = s; (d = digit_value(*s)) < (int)base; s++) {
		if (v > (ULLONG_MAX - (unsigned)d) / base)
			return -LKM_ERANGE;
		v = v * base + (unsigned)d;
	}
	if (s == start)
		return -LKM_EINVAL;
	if (*s == '\n')
		s++;
	if (*s != '\0')
		return -LKM_EINVAL;
	*res = v;
	return 0;
}
EXPORT_SYMBOL(kstrtoull);

int kstrtoll(const char *s, unsigned int base, long long *res)
{
	unsigned long long v;
	int err;

	if (*s != '-') {
		err = kstrtoull(s, base, &v);
		if (err)
			return err;
		if (v > (unsigned long long)LLONG_MAX)
			return -LKM_ERANGE;
		*res = (long long)v;
		return 0;
	}
	err = kstrtoull(s + 1, base, &v);
	if (err)
		return err;
	if (v > (unsigned long long)LLONG_MAX + 1)
		return -LKM_ERANGE;
	*res = v == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN
						       : -(long long)v;
	return 0;
}
EXPORT_SYMBOL(kstrtoll);

int kstrtoul(const char *s, unsigned int base, unsigned long *res)
{
	unsigned long long v;
	int err = kstrtoull(s, base, &v);

	if (err)
		return err;
	if (v > ULONG_MAX)
		return -LKM_ERANGE;
	*res = (unsigned long)v;
	return 0;
}
EXPORT_SYMBOL(kstrtoul);

int kstrtol(const char *s, unsigned int base, long *res)
{
	long long v;
	int err = kstrtoll(s, base, &v);

	if (err)
		return err;
	if (v < LONG_MIN || v > LONG_MAX)
		return -LKM_ERANGE;
	*res = (long)v;
	return 0;
}
EXPORT_SYMBOL(kstrtol);

int kstrtouint(const char *s, unsigned int base, unsigned int *res)
{
	unsigned long long v;
	int err = kstrtoull(s, base, &v);

	if (err)
		return err;
	if (v > UINT_MAX)
		return -LKM_ERANGE;
	*res = (unsigned int)v;
	return 0;
}
EXPORT_SYMBOL(kstrtouint);

int kstrtoint(const char *s, unsigned int base, int *res)
{
	long long v;
	int err = kstrtoll(s, base, &v);

	if (err)
		return err;
	if (v < INT_MIN || v > INT_MAX)
		return -LKM_ERANGE;
	*res = (int)v;
	return 0;
}
EXPORT_SYMBOL(kstrtoint);

int kstrtobool(const char *s, bool *res)
{
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*res = true;
		return 0;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*res = false;
		return 0;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*res = true;
			return 0;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*res = false;
			return 0;
		}
		break;
	}
	return -LKM_EINVAL;
}
EXPORT_SYMBOL(kstrtobool);

// SPDX-License-Identifier: MIT
/*
 * cred.c - who may change the kernel: the permission check of the
 * system-call boundary (syscall.c), Linux's capable(CAP_SYS_MODULE).
 *
 * A caller is privileged if it is root (uid 0) or belongs, by its primary
 * or a supplementary group, to the control group named at boot with
 * lkm.ctl_group=NAME (or a numeric GID).  The console is the kernel's own
 * and always is.  Callers that are not privileged may still read and list
 * (/proc/modules, /sys/module ...), as on Linux.
 */
#include <stdio.h>

#include <lkm/errno.h>
#include <lkm/kernel.h>
#include <lkm/module.h>

#include "internal.h"

static bool ctl_group_set;
static unsigned ctl_group;

int cred_set_ctl_group_option(const char *value)
{
	unsigned gid;
	int err;

	if (value == NULL || *value == '\0')
		return -LKM_EINVAL;
	if (kstrtouint(value, 10, &gid) != 0) {
		err = port_group_lookup(value, &gid);
		if (err)
			return err;
	}
	ctl_group = gid;
	ctl_group_set = true;
	return 0;
}

static bool cred_in_group(const struct sys_cred *c, unsigned gid)
{
	size_t i;

	if (c->gid == gid)
		return true;
	for (i = 0; i < c->ngroups; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}

bool cred_is_privileged(const struct sys_cred *c)
{
	if (c == NULL)
		return true;
	if (!c->known)
		return false;
	return c->uid == 0 || (ctl_group_set && cred_in_group(c, ctl_group));
}

const char *cred_format(const struct sys_cred *c, char *buf, size_t size)
{
	if (c == NULL)
		snprintf(buf, size, "console");
	else if (!c->known)
		snprintf(buf, size, "unknown caller");
	else
		snprintf(buf, size, "pid %d uid %u gid %u", c->pid, c->uid,
			 c->gid);
	return buf;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * mem.c - the memory devices of major 1, as Linux's drivers/char/mem.c
 * names them: /dev/null (minor 3), /dev/zero (5) and /dev/full (7).
 *
 * One character-device registration serves the major; opening a node
 * picks the minor's operations.  null reads nothing and swallows writes;
 * zero reads zeros and swallows writes; full reads zeros and refuses
 * writes with -ENOSPC.  The nodes appear in /dev when the module loads and
 * go when it unloads; if making one fails halfway, init undoes what it did.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <lkm/fs.h>
#include <lkm/kernel.h>
#include <lkm/module.h>

#define MEM_MAJOR 1
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static ssize_t read_null(struct file *file, char *buf, size_t len,
			 loff_t *pos)
{
	return 0;
}

static ssize_t write_null(struct file *file, const char *buf, size_t len,
			  loff_t *pos)
{
	return (ssize_t)len;
}

static ssize_t read_zero(struct file *file, char *buf, size_t len,
			 loff_t *pos)
{
	memset(buf, 0, len);
	*pos += (loff_t)len;
	return (ssize_t)len;
}

static ssize_t write_full(struct file *file, const char *buf, size_t len,
			  loff_t *pos)
{
	return -LKM_ENOSPC;
}

static const struct file_operations null_fops = {
	.owner = THIS_MODULE,
	.read = read_null,
	.write = write_null,
};

static const struct file_operations zero_fops = {
	.owner = THIS_MODULE,
	.read = read_zero,
	.write = write_null,
};

static const struct file_operations full_fops = {
	.owner = THIS_MODULE,
	.read = read_zero,
	.write = write_full,
};

static const struct {
	const char *name;
	unsigned int minor;
	const struct file_operations *fops;
} devlist[] = {
	{ "null", 3, &null_fops },
	{ "zero", 5, &zero_fops },
	{ "full", 7, &full_fops },
};

/* Hand the file to its minor's operations (Linux's memory_open()). */
static int memory_open(struct inode *inode, struct file *file)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(devlist); i++) {
		if (devlist[i].minor == MINOR(inode->i_rdev)) {
			file->f_op = devlist[i].fops;
			return 0;
		}
	}
	return -LKM_ENXIO;
}

static const struct file_operations memory_fops = {
	.owner = THIS_MODULE,
	.open = memory_open,
};

static int __init mem_init(void)
{
	size_t i;
	int err;

	err = register_chrdev(MEM_MAJOR, "mem", &memory_fops);
	if (err)
		goto fail;
	for (i = 0; i < ARRAY_SIZE(devlist); i++) {
		err = devtmpfs_create_node(devlist[i].name,
					   MKDEV(MEM_MAJOR, devlist[i].minor),
					   0666);
		if (err)
			goto fail_nodes;
	}
	return 0;

fail_nodes:
	while (i-- > 0)
		devtmpfs_delete_node(devlist[i].name);
	unregister_chrdev(MEM_MAJOR, "mem");
fail:
	pr_err("cannot register the memory devices: error %d\n", err);
	return err;
}

static void __exit mem_exit(void)
{
	size_t i;

	for (i = ARRAY_SIZE(devlist); i-- > 0;)
		devtmpfs_delete_node(devlist[i].name);
	unregister_chrdev(MEM_MAJOR, "mem");
}

module_init(mem_init);
module_exit(mem_exit);
MODULE_LICENSE("GPL");
MODULE_VERSION("1.0");
MODULE_DESCRIPTION("The memory devices: /dev/null, /dev/zero, /dev/full");

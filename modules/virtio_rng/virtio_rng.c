// SPDX-License-Identifier: GPL-2.0
/*
 * virtio_rng.c - a PCI driver for an entropy source: /dev/hwrng.
 *
 * It binds to the device 1af4:1005 (virtio-rng's PCI ids; the hosted
 * kernel's simulated hotplug bus has an entropy source there) and serves
 * reads of /dev/hwrng (misc minor 183, as Linux's hw_random) from the
 * device's registers: STATUS says data is ready, each read of DATA gives
 * 32 random bits.  The id table is published with MODULE_DEVICE_TABLE, so
 * the module tree's modules.alias holds
 *
 *   alias pci:v00001AF4d00001005sv*sd*bc*sc*i* virtio_rng
 *
 * and plugging the device in loads this module by itself.  One device
 * serves /dev/hwrng at a time; it goes when the device is pulled out (a
 * file still open then reads -ENODEV) or the module unloads - which it
 * cannot while /dev/hwrng is open.  /proc/driver/virtio_rng counts what
 * was served.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <lkm/device.h>
#include <lkm/fs.h>
#include <lkm/kernel.h>
#include <lkm/module.h>

#define HWRNG_MINOR 183
#define RNG_STATUS 0x00
#define RNG_DATA 0x04
#define RNG_STATUS_READY 1u

struct rng {
	struct pci_dev *pdev;
	void __iomem *regs;
};

static struct rng *current_rng;
static unsigned long bytes_served;

static ssize_t rng_read(struct file *file, char *buf, size_t len, loff_t *pos)
{
	size_t done = 0, n;
	uint32_t word;

	if (current_rng == NULL)
		return -LKM_ENODEV;
	while (done < len) {
		if (!(ioread32(current_rng->regs + RNG_STATUS) &
		      RNG_STATUS_READY))
			break;
		word = ioread32(current_rng->regs + RNG_DATA);
		n = len - done < sizeof(word) ? len - done : sizeof(word);
		memcpy(buf + done, &word, n);
		done += n;
	}
	bytes_served += done;
	return done ? (ssize_t)done : -LKM_EAGAIN;
}

static const struct file_operations rng_fops = {
	.owner = THIS_MODULE,
	.read = rng_read,
};

static struct miscdevice rng_misc = {
	.minor = HWRNG_MINOR,
	.name = "hwrng",
	.fops = &rng_fops,
	.mode = 0444,
};

static int rng_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct rng *rng;
	int err;

	if (current_rng != NULL)
		return -LKM_EBUSY;
	err = pci_enable_device(pdev);
	if (err)
		return err;
	rng = kzalloc(sizeof(*rng), GFP_KERNEL);
	if (rng == NULL) {
		err = -LKM_ENOMEM;
		goto fail_alloc;
	}
	rng->pdev = pdev;
	rng->regs = pci_iomap(pdev, 0, 0);
	if (rng->regs == NULL) {
		err = -LKM_ENODEV;
		goto fail_map;
	}
	current_rng = rng;
	err = misc_register(&rng_misc);
	if (err)
		goto fail_misc;
	pci_set_drvdata(pdev, rng);
	dev_info(&pdev->dev, "entropy source on /dev/%s\n", rng_misc.name);
	return 0;

fail_misc:
	current_rng = NULL;
	pci_iounmap(pdev, rng->regs);
fail_map:
	kfree(rng);
fail_alloc:
	pci_disable_device(pdev);
	return err;
}

static void rng_remove(struct pci_dev *pdev)
{
	struct rng *rng = pci_get_drvdata(pdev);

	misc_deregister(&rng_misc);
	current_rng = NULL;
	pci_iounmap(pdev, rng->regs);
	pci_disable_device(pdev);
	kfree(rng);
	dev_info(&pdev->dev, "entropy source gone\n");
}

static const struct pci_device_id rng_ids[] = {
	{ PCI_DEVICE(0x1af4, 0x1005) },
	{ 0 }
};
MODULE_DEVICE_TABLE(pci, rng_ids);

static struct pci_driver rng_driver = {
	.name = "virtio_rng",
	.id_table = rng_ids,
	.probe = rng_probe,
	.remove = rng_remove,
};

static int show_stats(struct seq_file *m, void *v)
{
	seq_printf(m, "device %s\n", current_rng ?
		   dev_name(&current_rng->pdev->dev) : "none");
	return seq_printf(m, "bytes %lu\n", bytes_served);
}

static struct proc_dir_entry *stats;

static int __init virtio_rng_init(void)
{
	int err;

	stats = proc_create_single("driver/virtio_rng", 0444, NULL, show_stats);
	if (stats == NULL)
		return -LKM_ENOMEM;
	err = pci_register_driver(&rng_driver);
	if (err)
		proc_remove(stats);
	return err;
}

static void __exit virtio_rng_exit(void)
{
	pci_unregister_driver(&rng_driver);
	proc_remove(stats);
}

module_init(virtio_rng_init);
module_exit(virtio_rng_exit);
MODULE_LICENSE("GPL");
MODULE_VERSION("1.0");
MODULE_DESCRIPTION("Entropy source driver: /dev/hwrng");

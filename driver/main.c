// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse.ko: hands the running machine to the hypervisor at EL2 and
 * back, and manages cells. /dev/jailhouse takes the ioctls of
 * <jailhouse/ioctl.h> (CELL_CREATE returns the new cell ID); read()
 * returns hypervisor console output.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <jailhouse/ioctl.h>
#include "driver.h"

DEFINE_MUTEX(jh_lock);
DEFINE_MUTEX(jh_hc_lock);
struct jh_state jh;

static long jh_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	long err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (mutex_lock_interruptible(&jh_lock))
		return -EINTR;
	jh_clear_error();
	switch (cmd) {
	case JH_IOCTL_ENABLE:
		err = jh_cmd_enable((const void __user *)arg);
		break;
	case JH_IOCTL_DISABLE:
		err = jh_cmd_disable();
		break;
	case JH_IOCTL_CELL_CREATE:
		err = jh_cmd_cell_create((const void __user *)arg);
		break;
	case JH_IOCTL_CELL_LOAD:
		err = jh_cmd_cell_load((const void __user *)arg);
		break;
	case JH_IOCTL_CELL_START:
		err = jh_cmd_cell_start((const void __user *)arg);
		break;
	case JH_IOCTL_CELL_SHUTDOWN:
		err = jh_cmd_cell_shutdown((const void __user *)arg);
		break;
	case JH_IOCTL_CELL_DESTROY:
		err = jh_cmd_cell_destroy((const void __user *)arg);
		break;
	default:
		err = -ENOTTY;
	}
	mutex_unlock(&jh_lock);
	return err;
}

static ssize_t jh_read(struct file *file, char __user *buf, size_t count,
		       loff_t *ppos)
{
	ssize_t n;

	if (mutex_lock_interruptible(&jh_lock))
		return -EINTR;
	n = jh_console_read(buf, count, ppos);
	mutex_unlock(&jh_lock);
	return n;
}

static const struct file_operations jh_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = jh_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.read = jh_read,
};

static struct miscdevice jh_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "jailhouse",
	.fops = &jh_fops,
	.mode = 0600,
};

static int __init jh_init(void)
{
	int err;

	err = jh_sysfs_init();
	if (err)
		return err;
	err = misc_register(&jh_misc);
	if (err)
		jh_sysfs_exit();
	return err;
}

/* Never runs while enabled: enable holds a module reference. */
static void __exit jh_exit(void)
{
	misc_deregister(&jh_misc);
	jh_sysfs_exit();
	jh_console_unmap();
}

module_init(jh_init);
module_exit(jh_exit);
MODULE_DESCRIPTION("Partitioning hypervisor loader");
MODULE_LICENSE("GPL");
MODULE_FIRMWARE(JH_FIRMWARE_NAME);
MODULE_VERSION(JH_VERSION);

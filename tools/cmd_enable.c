// SPDX-License-Identifier: GPL-2.0
/* jailhouse enable SYSTEM.cell / jailhouse disable */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <jailhouse/config.h>
#include <jailhouse/ioctl.h>
#include "jailhouse.h"

int jh_cmd_enable(int argc, char **argv)
{
	struct jh_ioctl_buf req;
	size_t size;
	void *cfg;
	int fd, ret;

	if (argc != 2) {
		fprintf(stderr, "Usage: jailhouse enable SYSTEM.cell\n");
		return JH_EXIT_USAGE;
	}
	cfg = jh_read_file("enable", argv[1], JH_CONFIG_MAX_SIZE, &size);
	if (!cfg)
		return JH_EXIT_FAIL;
	fd = jh_open_device("enable", O_RDWR);
	if (fd < 0) {
		free(cfg);
		return JH_EXIT_FAIL;
	}
	req.addr = (uintptr_t)cfg;
	req.size = size;
	ret = ioctl(fd, JH_IOCTL_ENABLE, &req);
	if (ret < 0)
		jh_report_ioctl_error("enable", errno);
	close(fd);
	free(cfg);
	return ret < 0 ? JH_EXIT_FAIL : JH_EXIT_OK;
}

int jh_cmd_disable(int argc, char **argv)
{
	int fd, ret;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "Usage: jailhouse disable\n");
		return JH_EXIT_USAGE;
	}
	fd = jh_open_device("disable", O_RDWR);
	if (fd < 0)
		return JH_EXIT_FAIL;
	ret = ioctl(fd, JH_IOCTL_DISABLE);
	if (ret < 0)
		jh_report_ioctl_error("disable", errno);
	close(fd);
	return ret < 0 ? JH_EXIT_FAIL : JH_EXIT_OK;
}

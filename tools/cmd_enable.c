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

int jh_cmd_enable(const struct jh_command *cmd, int argc, char **argv)
{
	struct jh_arg av[JH_MAX_ARGS];
	struct jh_ioctl_buf req;
	int fd, ret, n;
	size_t size;
	void *cfg;

	if (!jh_parse(cmd, argc, argv, av, &n, &ret))
		return ret;
	if (n != 1)
		return jh_usage_error(cmd, n ? "too many arguments" :
				      "missing SYSTEM.cell");
	cfg = jh_read_file("enable", av[0].val, JH_CONFIG_MAX_SIZE, &size);
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

int jh_cmd_disable(const struct jh_command *cmd, int argc, char **argv)
{
	struct jh_arg av[JH_MAX_ARGS];
	int fd, ret, n;

	if (!jh_parse(cmd, argc, argv, av, &n, &ret))
		return ret;
	if (n)
		return jh_usage_error(cmd, "too many arguments");
	fd = jh_open_device("disable", O_RDWR);
	if (fd < 0)
		return JH_EXIT_FAIL;
	ret = ioctl(fd, JH_IOCTL_DISABLE);
	if (ret < 0)
		jh_report_ioctl_error("disable", errno);
	close(fd);
	return ret < 0 ? JH_EXIT_FAIL : JH_EXIT_OK;
}

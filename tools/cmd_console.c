// SPDX-License-Identifier: GPL-2.0
/*
 * jailhouse console [-f|--follow]: copy the hypervisor console ring to stdout.
 * The driver keeps our position in the file offset; -f polls every
 * 100 ms until SIGINT/SIGTERM. `jailhouse cell console` copies a cell's
 * ring (sysfs cells/<id>/console) the same way (jh_console_copy).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "jailhouse.h"

static volatile sig_atomic_t jh_stop;

static void jh_on_signal(int sig)
{
	(void)sig;
	jh_stop = 1;
}

static void jh_catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = jh_on_signal;	/* no SA_RESTART: wake up the sleep */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static int jh_write_all(const char *buf, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(STDOUT_FILENO, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		buf += w;
		n -= w;
	}
	return 0;
}

/* Copy everything new from @path; 0 when drained, -1 on error. */
static int jh_drain(int fd, const char *cmd, const char *path)
{
	char buf[4096];
	ssize_t n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n == 0)
			return 0;
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			return 0;
		if (n < 0 && errno == EIO) {
			fprintf(stderr, "jailhouse %s: the console ring is invalid (size field 0 or larger than its pages) [EIO]; hint: hypervisor and driver from different builds?\n",
				cmd);
			return -1;
		}
		if (n < 0) {
			fprintf(stderr, "jailhouse %s: read %s: %s\n", cmd,
				path, strerror(errno));
			return -1;
		}
		if (jh_write_all(buf, n) < 0) {
			fprintf(stderr, "jailhouse %s: write: %s\n", cmd,
				strerror(errno));
			return -1;
		}
	}
}

int jh_console_copy(int fd, const char *cmd, const char *path, int follow)
{
	const struct timespec poll = { .tv_nsec = 100 * 1000 * 1000 };
	int ret;

	jh_catch_signals();
	do {
		ret = jh_drain(fd, cmd, path);
		if (ret < 0 || !follow)
			break;
		nanosleep(&poll, NULL);
	} while (!jh_stop);
	return ret < 0 ? JH_EXIT_FAIL : JH_EXIT_OK;
}

int jh_cmd_console(const struct jh_command *cmd, int argc, char **argv)
{
	struct jh_arg av[JH_MAX_ARGS];
	int n, i, status, fd, ret;
	int follow = 0;

	if (!jh_parse(cmd, argc, argv, av, &n, &status))
		return status;
	for (i = 0; i < n; i++) {
		if (av[i].key != 'f')
			return jh_usage_error(cmd, "unexpected argument '%s'",
					      av[i].val);
		follow = 1;
	}
	fd = jh_open_device("console", O_RDONLY);
	if (fd < 0)
		return JH_EXIT_FAIL;
	ret = jh_console_copy(fd, "console", jh_device_path(), follow);
	close(fd);
	return ret;
}

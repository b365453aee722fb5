// SPDX-License-Identifier: GPL-2.0
/* Access to /dev/jailhouse and to input files, with one-line errors. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "jailhouse.h"

int jh_open_device(const char *cmd, int flags)
{
	int fd = open(JH_DEVICE, flags | O_CLOEXEC);

	if (fd < 0)
		jh_report_open_error(cmd, errno);
	return fd;
}

/* Read all of @path (at most @max bytes); NULL after printing why not. */
void *jh_read_file(const char *cmd, const char *path, size_t max,
		   size_t *size)
{
	struct stat st;
	char *buf = NULL;
	size_t done = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "jailhouse %s: cannot read %s: not a regular file\n",
			cmd, path);
		goto out;
	}
	if ((size_t)st.st_size > max) {
		fprintf(stderr,
			"jailhouse %s: %s is %lld bytes, larger than any config (limit %zu); hint: pass the compiled .cell file\n",
			cmd, path, (long long)st.st_size, max);
		goto out;
	}
	buf = malloc(st.st_size ? st.st_size : 1);
	if (!buf)
		goto fail;
	while (done < (size_t)st.st_size) {
		n = read(fd, buf + done, st.st_size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		done += n;
	}
	close(fd);
	*size = done;
	return buf;

fail:
	fprintf(stderr, "jailhouse %s: cannot read %s: %s\n", cmd, path,
		strerror(errno));
out:
	free(buf);
	if (fd >= 0)
		close(fd);
	return NULL;
}

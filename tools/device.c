// SPDX-License-Identifier: GPL-2.0
/* Access to /dev/jailhouse, sysfs and input files, with one-line errors. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "jailhouse.h"

static const char *jh_env_path(const char *var, const char *def)
{
	const char *path = getenv(var);

	return path && *path ? path : def;
}

const char *jh_device_path(void)
{
	return jh_env_path("JAILHOUSE_DEVICE", JH_DEVICE);
}

const char *jh_sysfs_base(void)
{
	return jh_env_path("JAILHOUSE_SYSFS", JH_SYSFS);
}

int jh_open_device(const char *cmd, int flags)
{
	int fd = open(jh_device_path(), flags | O_CLOEXEC);

	if (fd < 0)
		jh_report_open_error(cmd, errno);
	return fd;
}

/* Read all of @path (at most @max bytes); NULL after printing why not. */
static void *jh_read_all(const char *cmd, const char *path, size_t max,
			 const char *what, size_t *size)
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
		fprintf(stderr, "jailhouse %s: %s is %lld bytes, %s\n", cmd,
			path, (long long)st.st_size, what);
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

void *jh_read_file(const char *cmd, const char *path, size_t max,
		   size_t *size)
{
	char what[128];

	snprintf(what, sizeof(what),
		 "larger than any config (limit %zu); hint: pass the compiled .cell file",
		 max);
	return jh_read_all(cmd, path, max, what, size);
}

void *jh_read_image(const char *cmd, const char *path, size_t *size)
{
	char what[128];

	snprintf(what, sizeof(what),
		 "larger than the %lu-byte image limit; hint: pass the raw binary image",
		 JH_MAX_IMAGE_SIZE);
	return jh_read_all(cmd, path, JH_MAX_IMAGE_SIZE, what, size);
}

/* First line of a (sysfs) file, without its newline: 0 or -errno. */
int jh_read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	int err = 0;

	buf[0] = '\0';
	if (!f)
		return -errno;
	if (!fgets(buf, len, f)) {
		err = ferror(f) ? -(errno ? errno : EIO) : 0;
		buf[0] = '\0';
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return err;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * jh-linktest: talks to a peer of an inter-cell link through the link's
 * /dev/uioN (jailhouse_uio.ko), from root or a Linux cell.
 *   jh-linktest info LINK               registers and state table
 *   jh-linktest echo LINK PEER N [SIZE] N CRC-checked round trips with
 *                                       the link-echo inmate (protocol in
 *                                       Documentation/links.md)
 *   jh-linktest maps LINK               read-only maps refuse PROT_WRITE
 *   jh-linktest selfring LINK N         N doorbells to itself, each one
 *                                       awaited as an interrupt
 *   jh-linktest shm LINK PEER MIB       copy MIB MiB into its own output
 *                                       section and MIB MiB out of PEER's
 *                                       (make bench: MB/s of the shared
 *                                       memory, virtual time under -icount)
 *   jh-linktest netfuzz LINK ROUNDS     a hostile jailhouse_net peer: syncs
 *                                       to the peer's token, then writes
 *                                       garbage headers, indices and lengths
 * Exit status 0 only when everything checked out; every failure says why.
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <jailhouse/link.h>

#define ECHO_HDR	16
#define ECHO_SEQ	0
#define ECHO_LEN	1
#define ECHO_TARGET	2	/* request: the peer that answers */
#define ECHO_CRC	2	/* answer: CRC-32 of the data */
#define ECHO_WAIT_MS	2000

enum { MAP_REGS, MAP_STATE, MAP_RW, MAP_OWN, MAP_OUTPUTS };

struct link {
	int fd;
	volatile uint32_t *regs;
	const volatile uint32_t *state;
	volatile uint8_t *own;
	const volatile uint8_t *outputs;
	uint32_t id, max_peers, out_size;
	char dev[64];
};

static long page_size;
/* Why the last round trip failed: part of the one summary line. */
static char why[128];

/* The uio device named @name: /sys/class/uio/uioN/name. */
static int find_uio(const char *name, char *dev, size_t size)
{
	char buf[64], node[32];
	glob_t g;
	size_t n;
	int found = -1;
	FILE *f;

	if (glob("/sys/class/uio/uio*/name", 0, NULL, &g))
		return -1;
	for (n = 0; n < g.gl_pathc && found < 0; n++) {
		f = fopen(g.gl_pathv[n], "r");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f)) {
			buf[strcspn(buf, "\n")] = 0;
			if (!strcmp(buf, name) &&
			    sscanf(g.gl_pathv[n], "/sys/class/uio/%31[^/]",
				   node) == 1) {
				snprintf(dev, size, "/dev/%s", node);
				found = 0;
			}
		}
		fclose(f);
	}
	globfree(&g);
	return found;
}

static void *map(struct link *l, int index, size_t size, int prot)
{
	void *p = mmap(NULL, size, prot, MAP_SHARED, l->fd,
		       (off_t)index * page_size);

	return p == MAP_FAILED ? NULL : p;
}

static int link_open(struct link *l, const char *name)
{
	if (find_uio(name, l->dev, sizeof(l->dev))) {
		fprintf(stderr, "jh-linktest: no uio device named '%s' (jailhouse_uio loaded?)\n",
			name);
		return -1;
	}
	l->fd = open(l->dev, O_RDWR);
	if (l->fd < 0) {
		fprintf(stderr, "jh-linktest: %s: %s\n", l->dev, strerror(errno));
		return -1;
	}
	l->regs = map(l, MAP_REGS, JH_LINK_REG_SIZE, PROT_READ | PROT_WRITE);
	l->state = map(l, MAP_STATE, JH_LINK_STATE_SIZE, PROT_READ);
	if (!l->regs || !l->state) {
		fprintf(stderr, "jh-linktest: %s: cannot map: %s\n", l->dev,
			strerror(errno));
		return -1;
	}
	l->id = l->regs[JH_LINK_REG_ID / 4];
	l->max_peers = l->regs[JH_LINK_REG_MAX_PEERS / 4];
	l->out_size = l->regs[JH_LINK_REG_OUT_SIZE / 4];
	l->own = map(l, MAP_OWN, l->out_size, PROT_READ | PROT_WRITE);
	l->outputs = map(l, MAP_OUTPUTS, (size_t)l->out_size * l->max_peers,
			 PROT_READ);
	if (!l->own || !l->outputs) {
		fprintf(stderr, "jh-linktest: %s: cannot map outputs: %s\n",
			l->dev, strerror(errno));
		return -1;
	}
	return 0;
}

static int cmd_info(struct link *l)
{
	uint32_t p;

	printf("dev %s id %u max_peers %u irq %u rw_size %u out_size %u\n",
	       l->dev, l->id, l->max_peers, l->regs[JH_LINK_REG_IRQ / 4],
	       l->regs[JH_LINK_REG_RW_SIZE / 4], l->out_size);
	for (p = 0; p < l->max_peers; p++)
		printf("state %u %u\n", p, l->state[p]);
	return 0;
}

/* Writable mappings of the read-only maps must be refused. */
static int cmd_maps(struct link *l)
{
	static const int ro[] = { MAP_STATE, MAP_OUTPUTS };
	unsigned int n;
	int bad = 0;

	for (n = 0; n < 2; n++) {
		if (map(l, ro[n], page_size, PROT_READ | PROT_WRITE)) {
			printf("map %d: writable mapping allowed\n", ro[n]);
			bad = 1;
		} else if (errno != EPERM) {
			printf("map %d: %s, not EPERM\n", ro[n], strerror(errno));
			bad = 1;
		}
	}
	printf("maps %s\n", bad ? "FAIL" : "ok");
	return bad;
}

static uint32_t crc32(const uint8_t *p, uint32_t len)
{
	uint32_t crc = 0xffffffffU;
	unsigned int bit;

	while (len--) {
		crc ^= *p++;
		for (bit = 0; bit < 8; bit++)
			crc = (crc >> 1) ^ (0xedb88320U & -(crc & 1));
	}
	return ~crc;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void ring(struct link *l, uint32_t peer)
{
	/* The request before the doorbell that announces it. */
	asm volatile("dsb st" : : : "memory");
	l->regs[JH_LINK_REG_DOORBELL / 4] = JH_LINK_DOORBELL(peer, 0);
}

/*
 * Waits for the answer to @seq in @peer's output, looking only after a
 * doorbell irq (an answer without one is a failure: the test is about
 * doorbells); re-enables the irq each time (uio irqcontrol).
 */
static int wait_answer(struct link *l, uint32_t peer, uint32_t seq)
{
	const volatile uint32_t *ans = (const volatile uint32_t *)
		(l->outputs + (size_t)peer * l->out_size);
	uint64_t end = now_ns() + ECHO_WAIT_MS * 1000000ULL;
	struct pollfd pfd = { .fd = l->fd, .events = POLLIN };
	uint32_t count, one = 1;

	while (now_ns() < end) {
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		if (read(l->fd, &count, 4) != 4 || write(l->fd, &one, 4) != 4)
			return -1;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (ans[ECHO_SEQ] == seq)
			return 0;
	}
	return -1;
}

/* Rings its own doorbell @count times; each must come back as an irq. */
static int cmd_selfring(struct link *l, uint32_t count)
{
	struct pollfd pfd = { .fd = l->fd, .events = POLLIN };
	uint32_t n, got = 0, events, one = 1;

	if (write(l->fd, &one, 4) != 4) {
		fprintf(stderr, "jh-linktest: enabling the doorbell irq: %s\n",
			strerror(errno));
		return 1;
	}
	for (n = 0; n < count; n++) {
		ring(l, l->id);
		if (poll(&pfd, 1, ECHO_WAIT_MS) != 1 ||
		    read(l->fd, &events, 4) != 4)
			break;
		got++;
	}
	printf("selfring %u/%u interrupts\n", got, count);
	return got == count ? 0 : 1;
}

static uint32_t rnd(uint32_t *seed)
{
	*seed ^= *seed << 13;
	*seed ^= *seed >> 17;
	*seed ^= *seed << 5;
	return *seed;
}

static void fill(uint8_t *buf, uint32_t len, uint32_t *seed)
{
	uint32_t n;

	for (n = 0; n < len; n++)
		buf[n] = rnd(seed);
}

/* One round trip; 0 when the answer matches. */
static int echo_one(struct link *l, uint32_t peer, uint32_t seq,
		    uint32_t len, uint32_t *seed, uint8_t *buf)
{
	volatile uint32_t *req = (volatile uint32_t *)l->own;
	const volatile uint32_t *ans = (const volatile uint32_t *)
		(l->outputs + (size_t)peer * l->out_size);
	uint32_t n;

	fill(buf, len, seed);
	memcpy((void *)(l->own + ECHO_HDR), buf, len);
	req[ECHO_LEN] = len;
	req[ECHO_TARGET] = peer;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	req[ECHO_SEQ] = seq;
	ring(l, peer);
	if (wait_answer(l, peer, seq)) {
		snprintf(why, sizeof(why), "echo %u: no answer within %d ms",
			 seq, ECHO_WAIT_MS);
		return -1;
	}
	if (ans[ECHO_LEN] != len || ans[ECHO_CRC] != crc32(buf, len)) {
		snprintf(why, sizeof(why),
			 "echo %u: len %u crc %08x, expected %u %08x", seq,
			 ans[ECHO_LEN], ans[ECHO_CRC], len, crc32(buf, len));
		return -1;
	}
	for (n = 0; n < len; n++) {
		if (l->outputs[(size_t)peer * l->out_size + ECHO_HDR + n] !=
		    buf[n]) {
			snprintf(why, sizeof(why),
				 "echo %u: data differs at byte %u", seq, n);
			return -1;
		}
	}
	return 0;
}

static int cmd_echo(struct link *l, uint32_t peer, uint32_t count,
		    uint32_t size)
{
	uint32_t seed = (uint32_t)now_ns() | 1, seq, n, one = 1, ok = 0;
	uint8_t *buf = malloc(l->out_size);
	uint64_t t0;

	if (peer >= l->max_peers || peer == l->id || !buf ||
	    size > l->out_size - ECHO_HDR) {
		fprintf(stderr, "jh-linktest: bad peer %u or size %u\n", peer,
			size);
		free(buf);
		return 2;
	}
	if (write(l->fd, &one, 4) != 4) {
		fprintf(stderr, "jh-linktest: enabling the doorbell irq: %s\n",
			strerror(errno));
		free(buf);
		return 1;
	}
	l->regs[JH_LINK_REG_STATE / 4] = 1;
	/* Sequence numbers that no earlier run left behind. */
	seq = (seed & 0xffff0000U) | 1;
	t0 = now_ns();
	for (n = 0; n < count; n++, seq++) {
		if (echo_one(l, peer, seq ? seq : ++seq,
			     size ? size : (seed % (l->out_size - ECHO_HDR)),
			     &seed, buf))
			break;
		ok++;
	}
	printf("echo %u/%u ok, %llu ns per round trip%s%s\n", ok, count,
	       ok ? (unsigned long long)((now_ns() - t0) / ok) : 0ULL,
	       why[0] ? "; " : "", why);
	free(buf);
	return ok == count ? 0 : 1;
}

/*
 * One round of garbage in the jailhouse_net layout (Documentation/links.md
 * "Virtual network"): header words peer_token, tx_head, rx_tail,
 * tx_stopped; slot n's length at 2048 * (1 + n).
 */
static void netfuzz_round(struct link *l, uint32_t peer, uint32_t *seed)
{
	volatile uint32_t *hdr = (volatile uint32_t *)l->own;
	const volatile uint32_t *peer_hdr = (const volatile uint32_t *)
		(l->outputs + (size_t)peer * l->out_size);
	uint32_t n, slots = l->out_size / 2048 - 1;

	hdr[0] = l->state[peer];
	switch (rnd(seed) % 4) {
	case 0:		/* past what the peer read, sometimes past the ring */
		hdr[1] = peer_hdr[2] + rnd(seed) % 300;
		break;
	case 1:
		hdr[1] = rnd(seed);
		break;
	case 2:
		for (n = 0; n < slots; n++)
			*(volatile uint32_t *)(l->own + 2048 * (1 + n)) =
				rnd(seed) % 4 ? rnd(seed) % 1600 : rnd(seed);
		break;
	default:
		hdr[2] = rnd(seed);
		break;
	}
	hdr[3] = rnd(seed) & 1;
	ring(l, peer);
}

static int cmd_netfuzz(struct link *l, uint32_t rounds)
{
	uint32_t seed = (uint32_t)now_ns() | 1, peer = 1 - l->id, n;
	struct timespec pause = { .tv_nsec = 2000000 };

	if (l->max_peers != 2 || l->out_size < 4 * 2048) {
		fprintf(stderr, "jh-linktest: %s is no jailhouse_net link\n",
			l->dev);
		return 2;
	}
	for (n = 0; n < rounds; n++) {
		/* A new token now and then: the peer resyncs, parses again. */
		if (!(n % 50))
			l->regs[JH_LINK_REG_STATE / 4] = rnd(&seed) | 1;
		netfuzz_round(l, peer, &seed);
		nanosleep(&pause, NULL);
	}
	printf("netfuzz %u rounds\n", rounds);
	return 0;
}

/* One direction: @mib MiB in section-sized memcpy()s; MB/s (10^6 B/s). */
static void shm_copy(const char *what, volatile uint8_t *dst,
		     const volatile uint8_t *src, size_t chunk, uint32_t mib)
{
	uint64_t bytes = (uint64_t)mib << 20, done, t0, ns;

	t0 = now_ns();
	for (done = 0; done < bytes; done += chunk) {
		memcpy((void *)dst, (const void *)src, chunk);
		/* Every copy happens: none is merged with the next. */
		asm volatile("" : : : "memory");
	}
	ns = now_ns() - t0;
	printf("shm %s bytes %llu ns %llu mb_per_s %llu\n", what,
	       (unsigned long long)done, (unsigned long long)ns,
	       (unsigned long long)(ns ? done * 1000 / ns : 0));
}

/* Throughput of the shared memory: own output (W) and PEER's (R). */
static int cmd_shm(struct link *l, uint32_t peer, uint32_t mib)
{
	uint8_t *buf;

	if (peer >= l->max_peers || !mib || mib > 1024) {
		fprintf(stderr, "jh-linktest: shm: peer %u of %u, %u MiB (1..1024)\n",
			peer, l->max_peers, mib);
		return 2;
	}
	buf = malloc(l->out_size);
	if (!buf) {
		fprintf(stderr, "jh-linktest: shm: no memory\n");
		return 1;
	}
	memset(buf, 0x5a, l->out_size);
	shm_copy("write", l->own, buf, l->out_size, mib);
	shm_copy("read", buf, l->outputs + (size_t)peer * l->out_size,
		 l->out_size, mib);
	free(buf);
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: jh-linktest info LINK | maps LINK | echo LINK PEER COUNT [SIZE] | selfring LINK N | shm LINK PEER MIB | netfuzz LINK ROUNDS\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct link l = { .fd = -1 };

	page_size = sysconf(_SC_PAGESIZE);
	if (argc < 3)
		return usage();
	if (link_open(&l, argv[2]))
		return 1;
	if (!strcmp(argv[1], "info"))
		return cmd_info(&l);
	if (!strcmp(argv[1], "maps"))
		return cmd_maps(&l);
	if (!strcmp(argv[1], "selfring") && argc >= 4)
		return cmd_selfring(&l, strtoul(argv[3], NULL, 0));
	if (!strcmp(argv[1], "shm") && argc >= 5)
		return cmd_shm(&l, strtoul(argv[3], NULL, 0),
			       strtoul(argv[4], NULL, 0));
	if (!strcmp(argv[1], "netfuzz") && argc >= 4)
		return cmd_netfuzz(&l, strtoul(argv[3], NULL, 0));
	if (!strcmp(argv[1], "echo") && argc >= 5)
		return cmd_echo(&l, strtoul(argv[3], NULL, 0),
				strtoul(argv[4], NULL, 0),
				argc > 5 ? strtoul(argv[5], NULL, 0) : 0);
	return usage();
}

// SPDX-License-Identifier: MIT
/*
 * stress.c - the hosted kernel's control socket under concurrent clients.
 *
 *   stress [CLIENTS [OPS]]        (defaults 16 and 1000)
 *
 * Boots build/bin/lkm-kernel with --socket in a private directory, then
 * runs CLIENTS threads, each doing OPS random operations, every operation
 * on a connection of its own so that the clients interleave at each
 * request whatever the kernel's serving model: load and unload of the
 * in-tree modules (mathuser links against mathsvc, so loads of one race
 * with unloads of the other), reads of /proc/modules, /proc/lkm/stats and
 * the /sys/module tree of modules that may be unloading at that moment
 * (parameters and holders are generated from the module itself), writes of
 * a module parameter, lists of /sys/module, and the system calls
 * sysinfo_call adds (crc32, sysinfo) racing the unload of that module:
 * answered right, or -ENOSYS once it is gone, never a crash.  Every result must be one
 * the operation may legitimately give in some interleaving (a load: 0 or
 * -EEXIST, or -ENOENT for mathuser without mathsvc; an unload: 0, -ENOENT
 * or -EBUSY; a read of a module's view: 0 or -ENOENT).
 *
 * At the end everything is unloaded, /proc/modules must be empty and
 * /proc/lkm/stats back at its boot values (modules, module memory, heap,
 * symbols); the kernel is powered off and must exit with status 0 (under
 * the sanitizer build, a use-after-free or a leak in the kernel makes it
 * exit otherwise).  The whole run is bounded by STRESS_DEADLINE_S.
 *
 * Output: "ok stress_socket: ..." with the operation counts, or FAIL lines.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef LKM_KERNEL
#define LKM_KERNEL "build/bin/lkm-kernel"
#endif
#ifndef LKM_MODULE_DIR
#define LKM_MODULE_DIR "build/modules"
#endif
#define STRESS_DEADLINE_S 240

enum { M_HELLO, M_MATHSVC, M_MATHUSER, M_PARAMS, M_ZLIB, M_SYSINFO, M_COUNT };
static const char *const mod_names[M_COUNT] = { "hello", "mathsvc", "mathuser",
						"params", "zlib_selftest",
						"sysinfo_call" };
static struct {
	char *data;
	size_t len;
} images[M_COUNT];

static char sock_path[108];
static volatile int failures;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

enum op { OP_LOAD, OP_UNLOAD, OP_READ_MODULES, OP_READ_STATS, OP_READ_SYS,
	  OP_WRITE_PARAM, OP_LIST, OP_SYSCALL, OP_COUNT };
static const char *const op_names[OP_COUNT] = { "load", "unload", "read /proc/modules",
						"read /proc/lkm/stats",
						"read /sys/module", "write parameter",
						"list /sys/module", "module system call" };
static unsigned long op_done[OP_COUNT], op_ok[OP_COUNT], op_answered;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&out_lock);
	if (failures++ < 20) {
		printf("FAIL stress_socket: ");
		va_start(ap, fmt);
		vprintf(fmt, ap);
		va_end(ap);
		printf("\n");
		fflush(stdout);
	}
	pthread_mutex_unlock(&out_lock);
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *b = p;

	while (n) {
		ssize_t w = write(fd, b, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

static int read_all(int fd, void *p, size_t n)
{
	char *b = p;

	while (n) {
		ssize_t r = read(fd, b, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		b += r;
		n -= (size_t)r;
	}
	return 0;
}

/*
 * One call on a connection of its own: the kernel's result, its output in
 * *@out (malloc'ed, NUL-terminated) if @out; 1 on a transport error.
 */
static int call(const char *name, unsigned flags, const void *a1, size_t l1,
		const void *a2, size_t l2, char **out)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char head[160];
	int fd, err, n = 0;
	size_t len;

	if (out)
		*out = NULL;
	strcpy(sa.sun_path, sock_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return 1;
	for (int tries = 0; connect(fd, (struct sockaddr *)&sa, sizeof(sa)); tries++) {
		if ((errno != EAGAIN && errno != ECONNREFUSED) || tries > 2000) {
			close(fd);
			return 1;
		}
		usleep(1000);
	}
	snprintf(head, sizeof(head), "%s %u %zu %zu\n", name, flags, l1, l2);
	if (write_all(fd, head, strlen(head)) || write_all(fd, a1, l1) ||
	    write_all(fd, a2, l2))
		goto transport;
	/* the response header, a byte at a time up to its newline */
	while (n < (int)sizeof(head) - 1 && read_all(fd, head + n, 1) == 0 &&
	       head[n] != '\n')
		n++;
	head[n] = '\0';
	if (sscanf(head, "%d %zu", &err, &len) != 2)
		goto transport;
	if (len > (64u << 20))
		goto transport;
	{
		char *buf = malloc(len + 1);

		if (!buf || read_all(fd, buf, len)) {
			free(buf);
			goto transport;
		}
		buf[len] = '\0';
		if (out)
			*out = buf;
		else
			free(buf);
	}
	close(fd);
	return err;
transport:
	close(fd);
	return 1;
}

static int call_str(const char *name, const char *arg, char **out)
{
	return call(name, 0, arg, strlen(arg), "", 0, out);
}

static bool one_of(int err, int a, int b, int c)
{
	return err == a || err == b || err == c;
}

/* ---- the clients ------------------------------------------------------------------- */

struct client {
	pthread_t thread;
	unsigned id, ops;
	unsigned seed;
};

static void do_op(struct client *c, enum op op, unsigned m)
{
	const char *name = mod_names[m];
	char path[128], *out = NULL;
	int err = 0;

	switch (op) {
	case OP_LOAD:
		err = call("init_module", 0, images[m].data, images[m].len, "", 0,
			   &out);
		/* mathuser needs mathsvc's exports: absent, Unknown symbol */
		if (!one_of(err, 0, -EEXIST, m == M_MATHUSER ? -ENOENT : 0))
			fail("client %u: load %s gave %d", c->id, name, err);
		else if (!err && strncmp(out, name, strlen(name)))
			fail("client %u: load %s answered \"%s\"", c->id, name, out);
		break;
	case OP_UNLOAD:
		err = call_str("delete_module", name, NULL);
		/* mathsvc is used by mathuser; sysinfo_call is held by a
		 * system call in flight */
		if (!one_of(err, 0, -ENOENT, m == M_MATHSVC ? -EBUSY : 0) &&
		    !(m == M_SYSINFO && (err == -EWOULDBLOCK || err == -EBUSY)))
			fail("client %u: unload %s gave %d", c->id, name, err);
		break;
	case OP_SYSCALL: {
		/* crc32 of "123456789" is cbf43926; gone with its module */
		bool info = rand_r(&c->seed) % 2;

		err = call_str(info ? "sysinfo" : "crc32", info ? "" : "123456789",
			       &out);
		if (err == 0 && !info && !strstr(out, "cbf43926"))
			fail("client %u: crc32 answered \"%s\"", c->id, out);
		else if (err == 0 && info && !strstr(out, "refcount 1"))
			fail("client %u: sysinfo without the call's reference: %s",
			     c->id, out);
		else if (err != 0 && err != -ENOSYS && err != 1)
			fail("client %u: %s gave %d", c->id, info ? "sysinfo" : "crc32",
			     err);
		if (err == 0)
			__atomic_fetch_add(&op_answered, 1, __ATOMIC_RELAXED);
		if (err == -ENOSYS)
			err = 0; /* the module was not there: a legitimate answer */
		break;
	}
	case OP_READ_MODULES:
		err = call_str("read", "/proc/modules", &out);
		if (err)
			fail("client %u: read /proc/modules gave %d", c->id, err);
		break;
	case OP_READ_STATS:
		err = call_str("read", "/proc/lkm/stats", &out);
		if (err || !strstr(out, "modules "))
			fail("client %u: read /proc/lkm/stats gave %d", c->id, err);
		break;
	case OP_READ_SYS: {
		static const char *const files[] = { "refcnt", "initstate", "holders",
						     "parameters/count", "coresize",
						     "taint" };
		const char *f = files[rand_r(&c->seed) % 6];

		if (m != M_PARAMS && !strncmp(f, "param", 5))
			f = "refcnt";
		snprintf(path, sizeof(path), "/sys/module/%s/%s", name, f);
		err = call_str(strcmp(f, "holders") ? "read" : "list", path, &out);
		if (!one_of(err, 0, -ENOENT, -ENOENT))
			fail("client %u: read %s gave %d", c->id, path, err);
		break;
	}
	case OP_WRITE_PARAM: {
		char val[16];

		snprintf(val, sizeof(val), "%u", rand_r(&c->seed) % 1000);
		err = call("write", 0, "/sys/module/params/parameters/count",
			   strlen("/sys/module/params/parameters/count"), val,
			   strlen(val), NULL);
		if (!one_of(err, 0, -ENOENT, -ENOENT))
			fail("client %u: write params.count gave %d", c->id, err);
		break;
	}
	case OP_LIST:
		err = call_str("list", "/sys/module", &out);
		if (err)
			fail("client %u: list /sys/module gave %d", c->id, err);
		break;
	default:
		break;
	}
	if (err == 1)
		fail("client %u: %s %s: connection failed", c->id, op_names[op], name);
	__atomic_fetch_add(&op_done[op], 1, __ATOMIC_RELAXED);
	if (err == 0)
		__atomic_fetch_add(&op_ok[op], 1, __ATOMIC_RELAXED);
	free(out);
}

static void *client_main(void *arg)
{
	struct client *c = arg;

	for (unsigned i = 0; i < c->ops && failures == 0; i++) {
		unsigned r = (unsigned)rand_r(&c->seed);
		/* loads and unloads of the two linked modules dominate */
		unsigned m = r % 8 < 4 ? M_MATHSVC + (r / 8) % 2
			   : r % 8 < 6 ? M_SYSINFO : (r / 16) % M_COUNT;
		enum op op = (enum op)((r >> 8) % OP_COUNT);

		if (!images[m].data || (op == OP_SYSCALL && !images[M_SYSINFO].data))
			continue;

		do_op(c, op, m);
	}
	return NULL;
}

/* ---- the kernel ---------------------------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET)) {
		if (f)
			fclose(f);
		return NULL;
	}
	buf = malloc((size_t)n);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static pid_t boot(const char *dir)
{
	pid_t pid;

	snprintf(sock_path, sizeof(sock_path), "%s/ctl.sock", dir);
	pid = fork();
	if (pid == 0) {
		char log[256];

		snprintf(log, sizeof(log), "%s/kernel.log", dir);
		if (!freopen("/dev/null", "r", stdin) || !freopen(log, "w", stdout))
			_exit(2);
		dup2(1, 2);
		execl(getenv("LKM_STRESS_KERNEL") ? getenv("LKM_STRESS_KERNEL")
						  : LKM_KERNEL,
		      "lkm-kernel", "--socket", sock_path, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 1000; i++) {
		struct stat st;

		if (!stat(sock_path, &st))
			return pid;
		usleep(10000);
	}
	return -1;
}

/* "name value" lines of /proc/lkm/stats: the value of @key, or -1. */
static long stat_of(const char *text, const char *key)
{
	const char *p = text;
	size_t n = strlen(key);

	while (p && *p) {
		if (!strncmp(p, key, n) && p[n] == ' ')
			return atol(p + n + 1);
		p = strchr(p, '\n');
		p = p ? p + 1 : NULL;
	}
	return -1;
}

static void on_deadline(int sig)
{
	static const char msg[] = "FAIL stress_socket: not finished within the deadline\n";

	(void)sig;
	if (write(1, msg, sizeof(msg) - 1) < 0)
		_exit(3);
	_exit(1);
}

int main(int argc, char **argv)
{
	static const char *const keys[] = { "modules", "module_bytes", "module_allocs",
					    "heap_bytes", "heap_allocs", "symbols" };
	unsigned nclients = argc > 1 ? (unsigned)atoi(argv[1]) : 16;
	unsigned nops = argc > 2 ? (unsigned)atoi(argv[2]) : 1000;
	char dir[] = "/tmp/lkm-stress.XXXXXX", *base = NULL, *end = NULL, *mods = NULL;
	struct client *clients;
	struct timespec t0, t1;
	unsigned long total = 0;
	int status;
	pid_t pid;

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGALRM, on_deadline);
	signal(SIGPIPE, SIG_IGN);
	alarm(STRESS_DEADLINE_S);
	for (int m = 0; m < M_COUNT; m++) {
		char path[512];

		snprintf(path, sizeof(path), "%s/%s.ko", LKM_MODULE_DIR, mod_names[m]);
		images[m].data = read_file(path, &images[m].len);
		if (!images[m].data && m == M_SYSINFO) {
			printf("SKIP stress_socket_syscalls: no %s (module system calls)\n",
			       path);
		} else if (!images[m].data) {
			printf("FAIL stress_socket: cannot read %s\n", path);
			return 1;
		}
	}
	if (!mkdtemp(dir) || (pid = boot(dir)) < 0) {
		printf("FAIL stress_socket: the kernel did not start (%s)\n", dir);
		return 1;
	}
	if (call_str("read", "/proc/lkm/stats", &base)) {
		printf("FAIL stress_socket: cannot read /proc/lkm/stats\n");
		kill(pid, SIGKILL);
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	clients = calloc(nclients, sizeof(*clients));
	for (unsigned i = 0; i < nclients; i++) {
		clients[i] = (struct client){ .id = i, .ops = nops, .seed = 1234 + i };
		if (pthread_create(&clients[i].thread, NULL, client_main, &clients[i])) {
			printf("FAIL stress_socket: pthread_create\n");
			return 1;
		}
	}
	for (unsigned i = 0; i < nclients; i++)
		pthread_join(clients[i].thread, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);

	/* Everything out, dependants first; then the state must be the boot's. */
	for (int pass = 0; pass < 2; pass++)
		for (int m = M_COUNT - 1; m >= 0; m--) {
			int err = call_str("delete_module", mod_names[m], NULL);

			if (err && err != -ENOENT && !(pass == 0 && err == -EBUSY))
				fail("final unload of %s gave %d", mod_names[m], err);
		}
	if (call_str("read", "/proc/modules", &mods) || *mods)
		fail("modules left at the end: %s", mods ? mods : "(unreadable)");
	if (call_str("read", "/proc/lkm/stats", &end))
		fail("cannot read /proc/lkm/stats at the end");
	for (size_t i = 0; end && i < sizeof(keys) / sizeof(keys[0]); i++)
		if (stat_of(base, keys[i]) != stat_of(end, keys[i]))
			fail("%s %ld at boot, %ld after everything was unloaded", keys[i],
			     stat_of(base, keys[i]), stat_of(end, keys[i]));
	if (call_str("poweroff", "", NULL))
		fail("poweroff failed");
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		char cmd[300];

		fail("the kernel exited with status %d (log in %s/kernel.log)", status, dir);
		snprintf(cmd, sizeof(cmd), "tail -40 %s/kernel.log >&2", dir);
		if (system(cmd) < 0)
			perror("system");
	}
	for (int o = 0; o < OP_COUNT; o++)
		total += op_done[o];
	if (!failures) {
		char cmd[300];

		printf("ok stress_socket: %u clients x %u operations = %lu in %.1f s (loads %lu/%lu ok, unloads %lu/%lu ok, reads %lu, writes %lu, lists %lu, module system calls %lu/%lu answered)\n",
		       nclients, nops, total,
		       (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9,
		       op_ok[OP_LOAD], op_done[OP_LOAD], op_ok[OP_UNLOAD], op_done[OP_UNLOAD],
		       op_done[OP_READ_MODULES] + op_done[OP_READ_STATS] + op_done[OP_READ_SYS],
		       op_done[OP_WRITE_PARAM], op_done[OP_LIST], op_answered,
		       op_done[OP_SYSCALL]);
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		if (system(cmd) < 0)
			perror("system");
	}
	free(base);
	free(end);
	free(mods);
	free(clients);
	for (int m = 0; m < M_COUNT; m++)
		free(images[m].data);
	return failures ? 1 : 0;
}

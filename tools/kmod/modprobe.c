// SPDX-License-Identifier: MIT
/*
 * modprobe.c - `modprobe [options] module [params]`: resolve a module name
 * or alias with modprobe-lib.c and act on the ordered list (softdeps,
 * dependencies, the module) in a running lkm kernel, through its control
 * socket (--socket PATH or $LKM_SOCKET).
 *
 * Offline: --show-depends ("insmod <path> <options>", "builtin <name>",
 * "install <command>" lines, as kmod prints them), --resolve-alias,
 * --showconfig.  Against a kernel: loading (what is loaded already is
 * skipped; --first-time makes that an error; -n only shows, with -v),
 * install and remove commands (run by the shell, with $CMDLINE_OPTS and
 * $MODPROBE_MODULE, and $LKM_SOCKET naming the same kernel), and -r, which
 * removes the module and then its dependencies that nothing uses any more,
 * --remove-holders first removing the modules that use it, --wait MSEC
 * retrying while the module is held (EWOULDBLOCK).  Messages and exit
 * codes are kmod's.
 *
 * The module tree is <root>/lib/modules/<release> (-d, -S); the release
 * defaults to the kernel's when one is named, else to uname -r.
 * modprobe.d configuration comes from -C, or else from the standard
 * directories inside the module root (<root>/etc/modprobe.d ...), and the
 * kernel command line ("<module>.<param>=", "modprobe.blacklist=") from
 * $LKM_CMDLINE, or else the kernel's /proc/cmdline.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include <lkm/ctl.h>

#include "modprobe.h"

/* kmod's modprobe -v threshold: messages and actions are shown above it. */
#define DEFAULT_VERBOSE KMOD_LOG_WARNING

/* modprobe's own complaints: FATAL, but only a WARNING under -a, as kmod's. */
static int log_priority = KMOD_LOG_CRIT;
#define LOG(...) kmod_log(log_priority, __VA_ARGS__)

struct opts {
	bool all, remove, show_depends, dry_run, resolve, ignore_cmd, use_blacklist;
	bool first_time, ignore_loaded, remove_holders;
	unsigned load_flags, unload_flags;
	unsigned long wait_msec;
	const char *socket;
};

/* One run: the resolution context and the kernel acted on. */
struct run {
	struct mp_ctx *ctx;
	const struct opts *o;
	struct kmod_kernel kernel;
	bool kernel_tried;   /* kmod_kernel_open() was called */
	bool kernel_ok;
};

static bool verbose(void)
{
	return kmod_log_level > DEFAULT_VERBOSE;
}

/* The kernel, connected on first use: 0, or -ENOTCONN (reported once). */
static int need_kernel(struct run *r)
{
	if (!r->kernel_tried) {
		r->kernel_tried = true;
		r->kernel_ok = kmod_kernel_open(&r->kernel, r->o->socket) == 0;
	}
	return r->kernel_ok ? 0 : -ENOTCONN;
}

/*
 * kmod's initstate: a module found built in (modules.builtin) is, else the
 * kernel's /sys/module says.  -ENOENT when not loaded, or when there is no
 * kernel to ask and we only pretend (-n without a socket).
 */
static int module_state(struct run *r, struct mp_module *m)
{
	if (m->builtin_known && m->builtin)
		return KMOD_STATE_BUILTIN;
	if (r->o->dry_run && !kmod_kernel_socket(r->o->socket))
		return -ENOENT;
	if (need_kernel(r) < 0)
		return -ENOTCONN;
	return kmod_kernel_initstate(&r->kernel, m->name);
}

/* /sys/module/<name>/refcnt, as module_state() asks (0 when pretending). */
static int module_refcnt(struct run *r, struct mp_module *m)
{
	if (r->o->dry_run && !kmod_kernel_socket(r->o->socket))
		return 0;
	if (need_kernel(r) < 0)
		return -ENOTCONN;
	return kmod_kernel_refcnt(&r->kernel, m->name);
}

static bool module_is_inkernel(struct run *r, struct mp_module *m)
{
	int state = module_state(r, m);

	return state == KMOD_STATE_LIVE || state == KMOD_STATE_COMING ||
	       state == KMOD_STATE_BUILTIN;
}

/* $CMDLINE_OPTS in @command replaced by @options (malloc'ed). */
static char *expand_command(const char *command, const char *options)
{
	static const char var[] = "$CMDLINE_OPTS";
	struct strbuf sb = { 0 };
	const char *p = command, *hit;

	sb_grow(&sb, strlen(command));
	while ((hit = strstr(p, var)) != NULL) {
		sb_add(&sb, p, (size_t)(hit - p));
		sb_adds(&sb, options);
		p = hit + sizeof(var) - 1;
	}
	sb_adds(&sb, p);
	return sb.buf;
}

/* Run an install or remove command with the shell: its exit status, or -1. */
static int run_command(struct run *r, const struct mp_module *m, const char *cmd)
{
	int status;

	/*
	 * The kernel serves one connection at a time: let go of ours while
	 * the command runs, so that the tools it runs can reach the kernel.
	 */
	if (r->kernel_ok)
		kmod_kernel_disconnect(&r->kernel);
	/* Tools the command runs act on the same kernel. */
	if (kmod_kernel_socket(r->o->socket))
		setenv(LKM_CTL_SOCKET_ENV, kmod_kernel_socket(r->o->socket), 1);
	setenv("MODPROBE_MODULE", m->name, 1);
	status = system(cmd);
	unsetenv("MODPROBE_MODULE");
	if (status == -1)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/*
 * An install command, as libkmod runs it (and, in Debian's build, reports
 * a failure with its source location).
 */
static int do_install_command(struct run *r, const struct mp_module *m, const char *command,
			      const char *options)
{
	char *cmd = expand_command(command, options);
	int status = run_command(r, m, cmd);

	if (status != 0) {
		ERR("../libkmod/libkmod-module.c:1047 command_do() Error running install "
		    "command '%s' for module %s: retcode %d\n", cmd, m->name, status);
		status = -EINVAL;
	}
	free(cmd);
	return status;
}

/* Load one module file into the kernel, with @options. */
static int insert_module(struct run *r, struct mp_module *m, const char *options)
{
	struct kmod_image img;
	int err;

	mp_module_load_deps(r->ctx, m);
	if (!m->path) {
		ERR("../libkmod/libkmod-module.c:895 kmod_module_insert_module() could not "
		    "find module by name='%s'\n", m->name);
		return -ENOENT;
	}
	err = need_kernel(r);
	if (err < 0)
		return err;
	err = kmod_image_open(m->path, &img);
	if (err < 0)
		return err;
	err = kmod_kernel_init_module(&r->kernel, img.data, img.size, options,
				      r->o->load_flags);
	kmod_image_close(&img);
	return err;
}

static void print_action(struct run *r, struct mp_module *m, bool install, const char *options)
{
	if (install) {
		printf("install %s %s\n", mp_install_command(r->ctx, m), options);
		return;
	}
	mp_module_load_deps(r->ctx, m);
	if (!m->path) {
		if (mp_is_builtin(r->ctx, m))
			printf("builtin %s\n", m->name);
	} else {
		printf("insmod %s %s\n", m->path, options);
	}
}

/* kmod's concatenation: "<configured> <extra>", a blank after configured ones. */
static char *module_options(struct run *r, struct mp_module *d, const char *extra)
{
	char *mopts = mp_options(r->ctx, d);
	struct strbuf sb = { 0 };

	sb_grow(&sb, 0);
	sb.buf[0] = '\0';
	if (mopts) {
		sb_adds(&sb, mopts);
		sb_addc(&sb, ' ');
	}
	if (extra && *extra)
		sb_adds(&sb, extra);
	free(mopts);
	return sb.buf;
}

/* Whether a failure of @d matters when loading @m: itself and its dependencies do. */
static bool is_required(const struct mp_module *m, const struct mp_module *d)
{
	size_t i;

	if (d == m)
		return true;
	for (i = 0; i < m->n_deps; i++)
		if (m->deps[i] == d)
			return true;
	return false;
}

/* Load @m with everything it needs: 0, or -errno of the failure that counts. */
static int probe_insert(struct run *r, struct mp_module *m, const char *extra)
{
	const struct opts *o = r->o;
	struct mp_list list = { 0 };
	bool show = o->show_depends || verbose();
	size_t i;
	int err = 0;

	if (!o->ignore_loaded && module_is_inkernel(r, m))
		return o->first_time ? -EEXIST : 0;
	if ((o->use_blacklist || m->alias) && mp_is_blacklisted(r->ctx, m))
		return 0;
	err = mp_probe_list(r->ctx, m, o->ignore_cmd, &list);
	if (err < 0) {
		mp_list_release(&list);
		return err;
	}
	for (i = 0; i < list.n; i++) {
		struct mp_module *d = list.v[i];
		const char *cmd = mp_install_command(r->ctx, d);
		char *options;

		err = 0;
		if (!o->ignore_loaded && module_is_inkernel(r, d)) {
			err = -EEXIST;
		} else {
			options = module_options(r, d, d == m ? extra : NULL);
			if (cmd && !d->ignorecmd) {
				if (show)
					print_action(r, d, true, options);
				if (!o->dry_run)
					err = do_install_command(r, d, cmd, options);
			} else {
				if (show)
					print_action(r, d, false, options);
				if (!o->dry_run)
					err = insert_module(r, d, options);
			}
			free(options);
		}
		if (err == -EEXIST && d == m && o->first_time)
			break;
		if (err == -EEXIST || !is_required(m, d))
			err = 0;
		else if (err < 0)
			break;
	}
	mp_list_release(&list);
	return err;
}

/* `modprobe NAME [params]`: 0 or -errno, after saying what failed. */
static int do_insert(struct run *r, const char *name, const char *extra)
{
	struct mp_list found = { 0 };
	size_t i;
	int err;

	err = mp_lookup(r->ctx, name, &found);
	if (err < 0 || found.n == 0) {
		LOG("Module %s not found in directory %s\n", name,
			 mp_dirname(r->ctx));
		mp_list_release(&found);
		return -ENOENT;
	}
	for (i = 0; i < found.n; i++) {
		struct mp_module *m = found.v[i];

		if (r->o->resolve) {
			printf("%s\n", m->name);
			continue;
		}
		err = probe_insert(r, m, extra);
		if (err == -EEXIST)
			ERR("could not insert '%s': Module already in kernel\n", m->name);
		else if (err == -ENOENT)
			ERR("could not insert '%s': Unknown symbol in module, or unknown "
			    "parameter (see dmesg)\n", m->name);
		else if (err < 0 && err != -ENOTCONN)
			ERR("could not insert '%s': %s\n", m->name, strerror(-err));
	}
	mp_list_release(&found);
	return err;
}

/* ---- removal -------------------------------------------------------------- */

enum { RMMOD_REMOVE_HOLDERS = 1, RMMOD_IGNORE_BUILTIN = 2 };

static uint64_t now_msec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void sleep_msec(uint64_t msec)
{
	struct timespec ts = { .tv_sec = (time_t)(msec / 1000),
			       .tv_nsec = (long)(msec % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * delete_module() for @m; with --wait, retried while the module is held
 * (EWOULDBLOCK), at growing intervals, until the deadline.  The connection
 * is dropped while waiting so that the kernel serves whoever will let go.
 */
static int remove_module(struct run *r, struct mp_module *m)
{
	uint64_t end = 0, delay = 1, now;
	int err;

	if (verbose())
		printf("rmmod %s\n", m->name);
	if (r->o->dry_run)
		return 0;
	err = need_kernel(r);
	if (err < 0)
		return err;
	for (;;) {
		err = kmod_kernel_delete_module(&r->kernel, m->name, r->o->unload_flags);
		if (err != -EWOULDBLOCK || !r->o->wait_msec)
			break;
		now = now_msec();
		if (!end)
			end = now + r->o->wait_msec;
		if (now >= end)
			break;
		if (delay > end - now)
			delay = end - now;
		kmod_kernel_disconnect(&r->kernel);
		sleep_msec(delay);
		delay *= 2;
		err = kmod_kernel_connect(&r->kernel);
		if (err < 0)
			break;
	}
	if (err < 0 && r->o->wait_msec)
		ERR("could not remove '%s': %s\n", m->name, strerror(-err));
	else if (err < 0)
		ERR("../libkmod/libkmod-module.c:856 kmod_module_remove_module() could not "
		    "remove '%s': %s\n", m->name, strerror(-err));
	return err;
}

static int rmmod_do_module(struct run *r, struct mp_module *m, int flags);

/* Remove the modules of @l, last first; stop at the first failure if @stop. */
static int rmmod_do_list(struct run *r, const struct mp_list *l, bool stop)
{
	size_t i;
	int err;

	for (i = l->n; i-- > 0;) {
		err = rmmod_do_module(r, l->v[i], RMMOD_IGNORE_BUILTIN);
		if (err < 0 && stop)
			return err;
	}
	return 0;
}

/* The loaded modules that use @m, as modules of the tree. */
static int holders_of(struct run *r, struct mp_module *m, struct mp_list *out)
{
	char **names, **n;
	int err;

	err = kmod_kernel_holders(&r->kernel, m->name, &names);
	for (n = names; err >= 0 && *n; n++)
		err = mp_lookup_name(r->ctx, *n, out);
	kmod_strv_free(names);
	return err < 0 ? err : 0;
}

/* Run @m's remove command: 0, or -EINVAL after saying it failed. */
static int do_remove_command(struct run *r, struct mp_module *m, const char *command)
{
	char *cmd = expand_command(command, "");
	int status;

	if (verbose())
		printf("remove %s\n", cmd);
	status = r->o->dry_run ? 0 : run_command(r, m, cmd);
	free(cmd);
	if (status != 0) {
		LOG("Error running remove command for %s\n", m->name);
		return -EINVAL;
	}
	return 0;
}

/*
 * kmod's order: @m's post-softdeps (last first), the modules holding it
 * (--remove-holders), @m itself if nothing holds a reference (or by its
 * remove command), the dependencies nothing uses any more, then its
 * pre-softdeps.
 */
static int rmmod_do_module(struct run *r, struct mp_module *m, int flags)
{
	const struct opts *o = r->o;
	struct mp_list pre = { 0 }, post = { 0 }, holders = { 0 };
	const char *cmd = NULL;
	size_t i;
	int err = 0, state;

	if (!o->ignore_cmd) {
		err = mp_softdeps(r->ctx, m, &pre, &post);
		if (err < 0) {
			WRN("could not get softdeps of '%s': %s\n", m->name, strerror(-err));
			goto out;
		}
		cmd = mp_remove_command(r->ctx, m);
	}
	if (!cmd && !o->ignore_loaded) {
		state = module_state(r, m);
		if (state == -ENOTCONN) {
			err = state;
			goto out;
		} else if (state < 0) {
			if (o->first_time) {
				LOG("Module %s is not in kernel.\n", m->name);
				err = -ENOENT;
			}
			goto out;
		} else if (state == KMOD_STATE_BUILTIN) {
			if (!(flags & RMMOD_IGNORE_BUILTIN)) {
				LOG("Module %s is builtin.\n", m->name);
				err = -ENOENT;
			}
			goto out;
		}
	}
	rmmod_do_list(r, &post, false);
	if ((flags & RMMOD_REMOVE_HOLDERS) && need_kernel(r) == 0) {
		err = holders_of(r, m, &holders);
		if (err == 0)
			err = rmmod_do_list(r, &holders, true);
		if (err < 0)
			goto out;
		/* A holder's unused dependencies went with it: maybe @m too. */
		if (holders.n && !o->dry_run && module_state(r, m) == -ENOENT)
			goto out;
	}
	if (!cmd && !o->ignore_loaded && !o->wait_msec) {
		if (module_refcnt(r, m) > 0) {
			LOG("Module %s is in use.\n", m->name);
			err = -EBUSY;
			goto out;
		}
	}
	err = cmd ? do_remove_command(r, m, cmd) : remove_module(r, m);
	if (err < 0)
		goto out;
	if (!cmd) {
		mp_module_load_deps(r->ctx, m);
		for (i = 0; i < m->n_deps; i++)
			if (module_refcnt(r, m->deps[i]) == 0)
				remove_module(r, m->deps[i]);
	}
	rmmod_do_list(r, &pre, false);
out:
	mp_list_release(&pre);
	mp_list_release(&post);
	mp_list_release(&holders);
	return err;
}

/* `modprobe -r NAME`: 0 or -errno, after saying what failed. */
static int do_remove(struct run *r, const char *name)
{
	struct mp_list found = { 0 };
	size_t i;
	int err;

	err = mp_lookup(r->ctx, name, &found);
	if (err < 0)
		return err;
	if (found.n == 0) {
		LOG("Module %s not found.\n", name);
		err = -ENOENT;
	}
	for (i = 0; i < found.n; i++) {
		err = rmmod_do_module(r, found.v[i],
				      r->o->remove_holders ? RMMOD_REMOVE_HOLDERS : 0);
		if (err < 0)
			break;
	}
	mp_list_release(&found);
	return err;
}

/* ---- the command ---------------------------------------------------------- */

static void help(void)
{
	printf("Usage:\n"
	       "\t%s [options] [-i] [-b] modulename\n"
	       "\t%s [options] -a [-i] [-b] modulename [modulename...]\n"
	       "\t%s [options] -r [-i] modulename\n"
	       "\t%s [options] -r -a [-i] modulename [modulename...]\n"
	       "\t%s [options] -c\n"
	       "Management Options:\n"
	       "\t-a, --all                   Consider every non-argument to\n"
	       "\t                            be a module name to be inserted\n"
	       "\t                            or removed (-r)\n"
	       "\t-r, --remove                Remove modules instead of inserting\n"
	       "\t    --remove-dependencies   Deprecated: use --remove-holders\n"
	       "\t    --remove-holders        Also remove module holders (use together with -r)\n"
	       "\t-w, --wait <MSEC>           When removing a module, wait up to MSEC for\n"
	       "\t                            module's refcount to become 0 so it can be\n"
	       "\t                            removed (use together with -r)\n"
	       "\t    --first-time            Fail if module already inserted or removed\n"
	       "\t-i, --ignore-install        Ignore install commands\n"
	       "\t-i, --ignore-remove         Ignore remove commands\n"
	       "\t-b, --use-blacklist         Apply blacklist to resolved alias.\n"
	       "\t-f, --force                 Force module insertion or removal.\n"
	       "\t                            implies --force-modversions and\n"
	       "\t                            --force-vermagic\n"
	       "\t    --force-modversion      Ignore module's version\n"
	       "\t    --force-vermagic        Ignore module's version magic\n"
	       "\n"
	       "Query Options:\n"
	       "\t-R, --resolve-alias         Only lookup and print alias and exit\n"
	       "\t-D, --show-depends          Only print module dependencies and exit\n"
	       "\t-c, --showconfig            Print out known configuration and exit\n"
	       "\t-c, --show-config           Same as --showconfig\n"
	       "\n"
	       "General Options:\n"
	       "\t-n, --dry-run               Do not execute operations, just print out\n"
	       "\t-n, --show                  Same as --dry-run\n"
	       "\t-C, --config=FILE           Use FILE instead of default search paths\n"
	       "\t-d, --dirname=DIR           Use DIR as filesystem root for " MODULE_DIRECTORY "\n"
	       "\t-S, --set-version=VERSION   Use VERSION instead of `uname -r`\n"
	       "\t    --socket=PATH           Act on the lkm kernel serving PATH\n"
	       "\t                            (default: $" LKM_CTL_SOCKET_ENV ")\n"
	       "\t-s, --syslog                print to syslog, not stderr\n"
	       "\t-q, --quiet                 disable messages\n"
	       "\t-v, --verbose               enables more messages\n"
	       "\t-V, --version               show version\n"
	       "\t-h, --help                  show this help\n",
	       kmod_progname, kmod_progname, kmod_progname, kmod_progname, kmod_progname);
}

/* The standard modprobe.d directories, inside the module root @root. */
static const char **root_config_paths(const char *root)
{
	static const char *const dirs[] = {
		"/etc/modprobe.d", "/run/modprobe.d", "/usr/local/lib/modprobe.d",
		"/lib/modprobe.d",
	};
	const char **v = xcalloc(ARRAY_SIZE(dirs) + 1, sizeof(*v));
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		struct strbuf sb = { 0 };

		sb_adds(&sb, root);
		sb_adds(&sb, dirs[i]);
		v[i] = sb.buf;
	}
	return v;
}

static void free_paths(const char **v)
{
	const char **p;

	for (p = v; p && *p; p++)
		free((char *)*p);
	free(v);
}

/* The running kernel's release (from its /proc/version), malloc'ed, or NULL. */
static char *kernel_release(struct run *r)
{
	struct strbuf sb = { 0 };
	char rel[128];
	char *out = NULL;

	if (need_kernel(r) == 0 && kmod_kernel_read(&r->kernel, "/proc/version", &sb) == 0 &&
	    sscanf(sb.buf, "%*s version %127s", rel) == 1)
		out = xstrdup(rel);
	sb_release(&sb);
	return out;
}

/* The kernel command line: $LKM_CMDLINE, the kernel's, or the host's. */
static char *read_cmdline(struct run *r)
{
	const char *env = getenv("LKM_CMDLINE");
	struct strbuf sb = { 0 };
	char *buf;
	size_t len;

	if (!env && kmod_kernel_socket(r->o->socket)) {
		if (need_kernel(r) == 0 && kmod_kernel_read(&r->kernel, "/proc/cmdline", &sb) == 0)
			return sb.buf;
		sb_release(&sb);
		return NULL;
	}
	if (kmod_read_file(env ? env : "/proc/cmdline", &buf, &len) < 0)
		return NULL;
	return buf;
}

enum {
	OPT_FIRST_TIME = 256,
	OPT_FORCE_VERMAGIC,
	OPT_FORCE_MODVERSION,
	OPT_REMOVE_HOLDERS,
	OPT_SOCKET,
};

int kmod_modprobe_main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "all", no_argument, 0, 'a' },
		{ "remove", no_argument, 0, 'r' },
		{ "remove-dependencies", no_argument, 0, OPT_REMOVE_HOLDERS },
		{ "remove-holders", no_argument, 0, OPT_REMOVE_HOLDERS },
		{ "wait", required_argument, 0, 'w' },
		{ "resolve-alias", no_argument, 0, 'R' },
		{ "first-time", no_argument, 0, OPT_FIRST_TIME },
		{ "ignore-install", no_argument, 0, 'i' },
		{ "ignore-remove", no_argument, 0, 'i' },
		{ "use-blacklist", no_argument, 0, 'b' },
		{ "force", no_argument, 0, 'f' },
		{ "force-modversion", no_argument, 0, OPT_FORCE_MODVERSION },
		{ "force-vermagic", no_argument, 0, OPT_FORCE_VERMAGIC },
		{ "show-depends", no_argument, 0, 'D' },
		{ "showconfig", no_argument, 0, 'c' },
		{ "show-config", no_argument, 0, 'c' },
		{ "dry-run", no_argument, 0, 'n' },
		{ "show", no_argument, 0, 'n' },
		{ "config", required_argument, 0, 'C' },
		{ "dirname", required_argument, 0, 'd' },
		{ "set-version", required_argument, 0, 'S' },
		{ "socket", required_argument, 0, OPT_SOCKET },
		{ "syslog", no_argument, 0, 's' },
		{ "quiet", no_argument, 0, 'q' },
		{ "verbose", no_argument, 0, 'v' },
		{ "version", no_argument, 0, 'V' },
		{ "help", no_argument, 0, 'h' },
		{ NULL, 0, 0, 0 },
	};
	struct opts o = { 0 };
	struct run r = { .o = &o };
	const char **cfg = NULL, **root_cfg = NULL;
	const char *root = NULL, *release = NULL;
	char *kernel_rel = NULL, *cmdline, *end;
	bool showconfig = false;
	struct modtree tree;
	int c, n_cfg = 0, err = 0, i, nargs;

	while ((c = getopt_long(argc, argv, "aruRibfDcnC:d:S:sqvVhw:", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			o.all = true;
			log_priority = KMOD_LOG_WARNING;
			break;
		case 'r':
			o.remove = true;
			break;
		case OPT_REMOVE_HOLDERS:
			o.remove_holders = true;
			break;
		case 'w':
			o.wait_msec = strtoul(optarg, &end, 0);
			if (*optarg == '\0' || *end != '\0') {
				ERR("unexpected wait value '%s'.\n", optarg);
				err = -EINVAL;
				goto out;
			}
			break;
		case 'R':
			o.resolve = true;
			break;
		case OPT_FIRST_TIME:
			o.first_time = true;
			break;
		case 'i':
			o.ignore_cmd = true;
			break;
		case 'b':
			o.use_blacklist = true;
			break;
		case 'f':
			o.load_flags |= LKM_LOAD_FORCE_VERMAGIC | LKM_LOAD_FORCE_MODVERSION;
			o.unload_flags |= LKM_UNLOAD_FORCE;
			break;
		case OPT_FORCE_MODVERSION:
			o.load_flags |= LKM_LOAD_FORCE_MODVERSION;
			break;
		case OPT_FORCE_VERMAGIC:
			o.load_flags |= LKM_LOAD_FORCE_VERMAGIC;
			break;
		case 's':
		case 'u':
			break;
		case 'D':
			o.show_depends = true;
			o.ignore_loaded = true;
			o.dry_run = true;
			break;
		case 'c':
			showconfig = true;
			break;
		case 'n':
			o.dry_run = true;
			break;
		case 'C':
			cfg = xrealloc(cfg, sizeof(*cfg) * ((size_t)n_cfg + 2));
			cfg[n_cfg++] = optarg;
			cfg[n_cfg] = NULL;
			break;
		case 'd':
			root = optarg;
			break;
		case 'S':
			release = optarg;
			break;
		case OPT_SOCKET:
			o.socket = optarg;
			break;
		case 'q':
			kmod_log_level = 0;
			break;
		case 'v':
			kmod_log_level++;
			break;
		case 'V':
			puts("kmod version 30");
			puts("+ZSTD +XZ +ZLIB +LIBCRYPTO -EXPERIMENTAL");
			goto out;
		case 'h':
			help();
			goto out;
		default:
			err = -EINVAL;
			goto out;
		}
	}
	nargs = argc - optind;
	if (!showconfig && nargs == 0) {
		ERR("missing parameters. See -h.\n");
		err = -EINVAL;
		goto out;
	}
	/* Against a kernel, its own release is the default. */
	if (!release && kmod_kernel_socket(o.socket) && !showconfig) {
		kernel_rel = kernel_release(&r);
		if (!kernel_rel) {
			err = -ENOTCONN;
			goto out;
		}
		release = kernel_rel;
	}
	if (modtree_init(&tree, root, release) < 0) {
		ERR("bad module directory\n");
		err = -EINVAL;
		goto out;
	}
	if (!cfg)
		root_cfg = root_config_paths(root ? root : "");
	cmdline = read_cmdline(&r);
	r.ctx = mp_new(tree.dirname, cfg ? cfg : root_cfg, cmdline);
	free(cmdline);
	if (showconfig) {
		mp_dump_config(r.ctx, stdout);
	} else if (o.remove) {
		for (i = optind; i < argc && i < optind + (o.all ? nargs : 1); i++) {
			int e = do_remove(&r, argv[i]);

			if (e < 0)
				err = e;
		}
	} else if (o.all) {
		for (i = optind; i < argc; i++) {
			int e = do_insert(&r, argv[i], NULL);

			if (e < 0)
				err = e;
		}
	} else {
		struct strbuf extra = { 0 };

		for (i = optind + 1; i < argc; i++) {
			if (extra.len)
				sb_addc(&extra, ' ');
			sb_adds(&extra, argv[i]);
		}
		err = do_insert(&r, argv[optind], extra.buf);
		sb_release(&extra);
	}
out:
	if (r.ctx)
		mp_free(r.ctx);
	if (r.kernel_ok)
		kmod_kernel_disconnect(&r.kernel);
	free(kernel_rel);
	free_paths(root_cfg);
	free(cfg);
	return err < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}

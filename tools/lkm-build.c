// SPDX-License-Identifier: MIT
/*
 * lkm-build.c - turn C sources, objects and archives into a loadable .ko.
 *
 *   lkm-build -o foo.ko a.c b.c x.o libz.a [--symvers FILE]...
 *             [--export-symvers FILE] [--cc CC] [-v] [compiler flags...]
 *   lkm-build --kernel-symvers EXE [-o FILE]
 *   lkm-build --kernel-crctab -o FILE.c OBJ...
 *   lkm-build --symbol-crcs FILE...
 *   lkm-build --gen-key DIR
 *   lkm-build --sign MODULE.ko --sign-key KEY [--sign-cert CERT]
 *             [--sign-hash ALGO] [-o DEST.ko]
 *
 * The recipe, as Kbuild's: compile each source with the module flags
 * against the tree's include/, link everything (archives whole) into one
 * relocatable object with ld -r, compute the symbol versions of its exports
 * from its DWARF (ksymcrc.c; sources are compiled with -g for that), run
 * the modpost step over it (exports, imports, depends, versions,
 * warnings), compile the generated foo.mod.c and link it in, and, given
 * --sign-key, append a signature in Linux's format (modsign.c).
 * Temporaries live in one private directory removed on every exit.
 * The tree is found from the executable (<tree>/build/bin/lkm-build),
 * unless --tree or LKM_TREE says otherwise.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lkm-build.h"
#include "modsign.h"

extern char **environ;

/* Module flags: what the loader and the kernel's ABI expect of a module. */
static const char *const module_cflags[] = {
	"-std=gnu11",
	"-O2",
	"-fno-pic",
	"-fno-pie",
	"-mcmodel=small",
	"-fno-common",
	"-fno-stack-protector",
	"-fno-asynchronous-unwind-tables",
	"-fno-exceptions",
	"-g", /* the DWARF that symbol versions are computed from */
	"-Wall",
};

/* Compiler options whose argument is the next word. */
static const char *const cflags_with_arg[] = {
	"-I",	     "-D",	   "-U",	"-include", "-imacros",
	"-isystem", "-iquote", "-idirafter", "-MF",	   "-MT",
	"-MQ",	     "-Xassembler", "-Xpreprocessor",
};

struct options {
	const char *output;
	const char *tree;
	const char *cc;
	const char *modpath;
	const char *export_symvers;
	const char *kernel_exe; /* --kernel-symvers mode */
	const char *gen_key;	/* --gen-key mode: the certs directory */
	const char *sign;	/* --sign mode: the module to sign */
	const char *sign_key;
	const char *sign_cert;
	const char *sign_hash;
	bool kernel_crctab;	/* --kernel-crctab mode */
	bool symbol_crcs;	/* --symbol-crcs mode */
	struct strvec symvers;
	struct strvec inputs;
	struct strvec cflags;
	bool verbose;
	bool intree;
	bool link_only;
	bool keep_temps;
};

static bool verbose;

/* ---- small utilities ------------------------------------------------------ */

void msg(const char *fmt, ...)
{
	va_list ap;

	fputs("lkm-build: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void report(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void __attribute__((noreturn)) out_of_memory(void)
{
	msg("out of memory");
	exit(1);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p)
		out_of_memory();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		out_of_memory();
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		out_of_memory();
	return s;
}

void strvec_push_owned(struct strvec *sv, char *s)
{
	if (sv->n + 1 >= sv->cap) {
		sv->cap = sv->cap ? 2 * sv->cap : 16;
		sv->v = xrealloc(sv->v, sv->cap * sizeof(char *));
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void strvec_push(struct strvec *sv, const char *s)
{
	strvec_push_owned(sv, xstrdup(s));
}

bool strvec_has(const struct strvec *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (!strcmp(sv->v[i], s))
			return true;
	return false;
}

void strvec_free(struct strvec *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof(*sv));
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* ---- temporaries ----------------------------------------------------------- */

/* Everything a failed or finished run must remove. */
static char *tmpdir;
static bool keep_temps;
static struct strvec temps;
static char *partial_output;

static void remove_temps(void)
{
	size_t i;

	if (partial_output)
		unlink(partial_output);
	if (keep_temps)
		return;
	for (i = 0; i < temps.n; i++)
		unlink(temps.v[i]);
	if (tmpdir)
		rmdir(tmpdir);
}

static void on_signal(int sig)
{
	remove_temps();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Create the private temporary directory and arrange for its removal. */
static int make_tmpdir(bool keep)
{
	const char *base = getenv("TMPDIR");
	char *dir;

	if (!base || !*base)
		base = "/tmp";
	dir = xasprintf("%s/lkm-build.XXXXXX", base);
	if (!mkdtemp(dir)) {
		int err = -errno;

		msg("cannot create a temporary directory in %s: %s", base,
		    strerror(errno));
		free(dir);
		return err;
	}
	tmpdir = dir;
	keep_temps = keep;
	if (keep)
		msg("keeping temporaries in %s", dir);
	atexit(remove_temps);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	return 0;
}

/* A path in the temporary directory, registered for removal. */
static char *temp_path(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);

	strvec_push(&temps, p);
	return p;
}

/* ---- running the compiler and the linker ----------------------------------- */

static void print_command(char *const *argv)
{
	size_t i;

	for (i = 0; argv[i]; i++)
		fprintf(stderr, "%s%s", i ? " " : "  ", argv[i]);
	fputc('\n', stderr);
}

/* Run @argv (argv[0] looked up in PATH) and wait: 0 if it exited with 0. */
static int run(const struct strvec *argv)
{
	pid_t pid;
	int st, e;

	if (verbose)
		print_command(argv->v);
	fflush(NULL);
	e = posix_spawnp(&pid, argv->v[0], NULL, NULL, argv->v, environ);
	if (e) {
		msg("cannot run %s: %s", argv->v[0], strerror(e));
		return -e;
	}
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			e = -errno;
			msg("waiting for %s: %s", argv->v[0], strerror(errno));
			return e;
		}
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	if (WIFEXITED(st))
		msg("%s failed with exit status %d", argv->v[0],
		    WEXITSTATUS(st));
	else
		msg("%s killed by signal %d", argv->v[0], WTERMSIG(st));
	return -EIO;
}

/* Split a command such as "ccache gcc" into words appended to @argv. */
static void push_command(struct strvec *argv, const char *cmd)
{
	char *copy = xstrdup(cmd), *save = NULL, *w;

	for (w = strtok_r(copy, " \t", &save); w;
	     w = strtok_r(NULL, " \t", &save))
		strvec_push(argv, w);
	free(copy);
}

struct build {
	const struct options *o;
	const char *tree_include; /* -I<tree>/include */
	const char *name;	  /* module name */
	const char *dir;	  /* temporary directory */
};

/* Compile @src into @obj with the module flags, then the user's. */
static int compile(const struct build *b, const char *src, const char *obj)
{
	struct strvec argv = { 0 };
	size_t i;
	int err;

	push_command(&argv, b->o->cc);
	if (!argv.n) {
		msg("empty compiler command");
		return -EINVAL;
	}
	strvec_push(&argv, "-c");
	for (i = 0; i < sizeof(module_cflags) / sizeof(module_cflags[0]); i++)
		strvec_push(&argv, module_cflags[i]);
	strvec_push(&argv, b->tree_include);
	strvec_push_owned(&argv, xasprintf("-DKBUILD_MODNAME=\"%s\"", b->name));
	for (i = 0; i < b->o->cflags.n; i++)
		strvec_push(&argv, b->o->cflags.v[i]);
	strvec_push(&argv, "-o");
	strvec_push(&argv, obj);
	strvec_push(&argv, src);
	err = run(&argv);
	strvec_free(&argv);
	return err;
}

/* ld -r @objs into @out; archives (".a") are linked whole. */
static int link_relocatable(const struct strvec *objs, const char *out)
{
	const char *ld = getenv("LD");
	struct strvec argv = { 0 };
	size_t i;
	int err;

	push_command(&argv, ld && *ld ? ld : "ld");
	strvec_push(&argv, "-r");
	strvec_push(&argv, "-o");
	strvec_push(&argv, out);
	for (i = 0; i < objs->n; i++) {
		bool archive = has_suffix(objs->v[i], ".a");

		if (archive)
			strvec_push(&argv, "--whole-archive");
		strvec_push(&argv, objs->v[i]);
		if (archive)
			strvec_push(&argv, "--no-whole-archive");
	}
	err = run(&argv);
	strvec_free(&argv);
	return err;
}

/* Compile the sources among the inputs; @objs gets what ld -r links. */
static int compile_inputs(const struct build *b, struct strvec *objs)
{
	const struct strvec *in = &b->o->inputs;
	size_t i;
	int err;

	for (i = 0; i < in->n; i++) {
		const char *src = in->v[i];
		char *obj, *name;
		size_t len;

		if (has_suffix(src, ".o") || has_suffix(src, ".a")) {
			if (access(src, R_OK)) {
				msg("%s: %s", src, strerror(errno));
				return -ENOENT;
			}
			strvec_push(objs, src);
			continue;
		}
		if (!has_suffix(src, ".c") && !has_suffix(src, ".S") &&
		    !has_suffix(src, ".s")) {
			msg("%s: unknown kind of input (want .c .S .s .o .a)",
			    src);
			return -EINVAL;
		}
		name = xasprintf("%02zu-%s", i, base_name(src));
		len = strlen(name);
		name[len - 1] = 'o';
		obj = temp_path(b->dir, name);
		free(name);
		err = compile(b, src, obj);
		if (err)
			return err;
		strvec_push_owned(objs, obj);
	}
	return 0;
}

/* ---- the two modes ----------------------------------------------------- */

static int read_symvers_files(const struct options *o, struct symvers *known)
{
	size_t i;
	int err;

	for (i = 0; i < o->symvers.n; i++) {
		err = symvers_read(known, o->symvers.v[i]);
		if (err)
			return err;
	}
	return 0;
}

/* Read the exports of the linked object @path, with module column @mod. */
static int object_exports(const char *path, const char *mod,
			  struct symvers *out)
{
	struct elf_file ef;
	int err = elf_file_open(&ef, path);

	if (err)
		return err;
	err = modpost_exports(&ef, mod, false, out);
	elf_file_close(&ef);
	return err;
}

/* The modpost step: check @linked and write the generated .mod.c. */
static int modpost(const struct build *b, const char *linked,
		   const struct symvers *exports, const char *mod_c)
{
	struct symvers known = { 0 };
	struct modpost mp = { 0 };
	struct elf_file ef;
	int err;

	err = read_symvers_files(b->o, &known);
	if (err)
		goto out_symvers;
	err = elf_file_open(&ef, linked);
	if (err)
		goto out_symvers;
	mp.name = b->name;
	mp.ko = b->o->output;
	mp.known = &known;
	mp.exports = exports;
	mp.intree = b->o->intree;
	err = modpost_check(&ef, &mp);
	if (!err)
		err = modpost_write_mod_c(&mp, mod_c);
	strvec_free(&mp.depends);
	strvec_free(&mp.aliases);
	symvers_free(&mp.versions);
	elf_file_close(&ef);
out_symvers:
	symvers_free(&known);
	return err;
}

static int build_module(const struct build *b)
{
	const struct options *o = b->o;
	struct strvec objs = { 0 };
	struct symvers exports = { 0 };
	char *linked = NULL, *mod_c = NULL, *mod_o = NULL, *tmp;
	int err;

	err = compile_inputs(b, &objs);
	if (err)
		goto out;
	partial_output = (char *)o->output;
	if (o->link_only) {
		err = link_relocatable(&objs, o->output);
		linked = xstrdup(o->output);
	} else {
		linked = temp_path(b->dir, "linked.o");
		err = link_relocatable(&objs, linked);
	}
	if (err)
		goto out;
	err = object_exports(linked, o->modpath, &exports);
	if (!err)
		err = ksymcrc_compute(linked, &exports, 0, NULL);
	if (err || o->link_only)
		goto out_exports;

	tmp = xasprintf("%s.mod.c", b->name);
	mod_c = temp_path(b->dir, tmp);
	free(tmp);
	tmp = xasprintf("%s.mod.o", b->name);
	mod_o = temp_path(b->dir, tmp);
	free(tmp);
	err = modpost(b, linked, &exports, mod_c);
	if (!err)
		err = compile(b, mod_c, mod_o);
	if (!err) {
		strvec_free(&objs);
		strvec_push(&objs, linked);
		strvec_push(&objs, mod_o);
		err = link_relocatable(&objs, o->output);
	}
	if (!err && o->sign_key)
		err = modsign_sign_file("lkm-build", o->sign_hash, o->sign_key,
					o->sign_cert, o->output, NULL);
out_exports:
	if (!err && o->export_symvers)
		err = symvers_write(&exports, o->export_symvers);
	if (!err)
		partial_output = NULL;
	symvers_free(&exports);
out:
	if (o->link_only)
		free(linked);
	strvec_free(&objs);
	return err;
}

/* --kernel-symvers: print the exports of the base kernel executable. */
static int kernel_symvers(const struct options *o)
{
	struct symvers sv = { 0 };
	struct elf_file ef;
	int err;

	err = elf_file_open(&ef, o->kernel_exe);
	if (err)
		return err;
	if (ef.eh->e_type != ET_EXEC && ef.eh->e_type != ET_DYN) {
		msg("%s: not an executable", o->kernel_exe);
		err = -ENOEXEC;
	}
	if (!err)
		err = modpost_exports(&ef, "vmlinux", false, &sv);
	if (!err)
		err = modpost_kernel_crcs(&ef, &sv);
	if (!err && sv.n == 0)
		msg("warning: %s exports no symbols", o->kernel_exe);
	if (!err)
		err = symvers_write(&sv, o->output ? o->output : "-");
	symvers_free(&sv);
	elf_file_close(&ef);
	return err;
}

/*
 * --kernel-crctab: the symbol versions of the exports of the kernel's
 * objects, as a C table the kernel registers at boot (a section __kcrctab
 * of struct lkm_kcrc, which --kernel-symvers reads back from the kernel).
 */
static int kernel_crctab(const struct options *o)
{
	struct symvers sv = { 0 };
	size_t i, n = 0;
	FILE *fp;
	int err = 0;

	for (i = 0; i < o->inputs.n && !err; i++) {
		const char *path = o->inputs.v[i];
		size_t from = sv.n;
		struct elf_file ef;

		err = elf_file_open(&ef, path);
		if (err)
			break;
		err = modpost_exports(&ef, "vmlinux", true, &sv);
		elf_file_close(&ef);
		if (!err)
			err = ksymcrc_compute(path, &sv, from, NULL);
	}
	if (err)
		goto out;
	partial_output = (char *)o->output;
	fp = fopen(o->output, "we");
	if (!fp) {
		err = -errno;
		msg("%s: %s", o->output, strerror(errno));
		goto out;
	}
	fprintf(fp, "/* Generated by lkm-build --kernel-crctab: do not edit. */\n"
		    "#include <lkm/lkm.h>\n\n"
		    "static const struct lkm_kcrc __lkm_kcrctab[]\n"
		    "\t__attribute__((section(\"__kcrctab\"), used, "
		    "aligned(8))) = {\n");
	for (i = 0; i < sv.n; i++) {
		if (!sv.e[i].has_crc)
			continue;
		fprintf(fp, "\t{ \"%s\", 0x%08x },\n", sv.e[i].name,
			sv.e[i].crc);
		n++;
	}
	if (!n) /* an empty initializer is not ISO C */
		fprintf(fp, "\t{ 0, 0 },\n");
	fprintf(fp, "};\n");
	if (ferror(fp) | fclose(fp)) {
		msg("%s: write failed", o->output);
		err = -EIO;
	}
	if (!err)
		partial_output = NULL;
out:
	symvers_free(&sv);
	return err;
}

/* --symbol-crcs: print each export's CRC and the declaration it hashes. */
static int symbol_crcs(const struct options *o)
{
	size_t i;
	int err = 0;

	for (i = 0; i < o->inputs.n && !err; i++) {
		struct symvers sv = { 0 };
		struct elf_file ef;

		err = elf_file_open(&ef, o->inputs.v[i]);
		if (err)
			break;
		err = modpost_exports(&ef, o->inputs.v[i], true, &sv);
		elf_file_close(&ef);
		if (!err)
			err = ksymcrc_compute(o->inputs.v[i], &sv, 0, stdout);
		symvers_free(&sv);
	}
	return err;
}

/* ---- where things are ------------------------------------------------------- */

/* Directory holding this executable, or NULL. */
static char *exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return xstrdup(buf);
}

/*
 * The tree's include directory, as "-I<dir>": <tree>/include for --tree or
 * LKM_TREE; else next to this executable, either in the build tree
 * (<tree>/build/bin -> <tree>/include) or installed (<prefix>/bin ->
 * <prefix>/include).
 */
static int find_include(const struct options *o, const char *bindir,
			char **flag)
{
	const char *tree = o->tree ? o->tree : getenv("LKM_TREE");
	char *cand[2] = { NULL, NULL }, real[PATH_MAX];
	size_t i;
	int err = -ENOENT;

	if (tree && *tree) {
		cand[0] = xasprintf("%s/include", tree);
	} else if (bindir) {
		cand[0] = xasprintf("%s/../../include", bindir);
		cand[1] = xasprintf("%s/../include", bindir);
	} else {
		msg("cannot locate this executable; use --tree DIR");
		return -ENOENT;
	}
	for (i = 0; i < 2 && cand[i] && err; i++) {
		char *hdr = xasprintf("%s/lkm/module.h", cand[i]);

		if (!access(hdr, R_OK) && realpath(cand[i], real)) {
			*flag = xasprintf("-I%s", real);
			err = 0;
		}
		free(hdr);
	}
	if (err)
		msg("no lkm headers at %s (want lkm/module.h); use --tree DIR "
		    "or LKM_TREE", cand[0]);
	free(cand[0]);
	free(cand[1]);
	return err;
}

/* Module name of output @path: basename without .ko/.o, '-' -> '_'. */
static char *module_name(const char *path)
{
	char *name = xstrdup(base_name(path)), *p;

	if (has_suffix(name, ".ko"))
		name[strlen(name) - 3] = '\0';
	else if (has_suffix(name, ".o"))
		name[strlen(name) - 2] = '\0';
	for (p = name; *p; p++) {
		if (*p == '-')
			*p = '_';
		if (!(*p == '_' || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))) {
			msg("%s: a module name may hold only letters, digits, "
			    "'_' and '-'", path);
			free(name);
			return NULL;
		}
	}
	if (!*name || strlen(name) >= 56) {
		msg("%s: a module name must have 1 to 55 characters", path);
		free(name);
		return NULL;
	}
	return name;
}

/* ---- command line ---------------------------------------------------------- */

static void usage(FILE *fp)
{
	fputs("usage: lkm-build -o MODULE.ko INPUT... [OPTION]... [CFLAG]...\n"
	      "       lkm-build --kernel-symvers EXE [-o FILE]\n"
	      "       lkm-build --kernel-crctab -o FILE.c OBJ...\n"
	      "       lkm-build --symbol-crcs FILE...\n"
	      "       lkm-build --gen-key DIR\n"
	      "       lkm-build --sign MODULE.ko --sign-key KEY [-o DEST.ko]\n"
	      "\n"
	      "Build a loadable module from C/assembler sources (.c .S .s),\n"
	      "objects (.o) and archives (.a, linked whole).\n"
	      "\n"
	      "  -o FILE               output module (or symvers file)\n"
	      "  --symvers FILE        read exports of the kernel or other\n"
	      "                        modules (Module.symvers; repeatable)\n"
	      "  --export-symvers FILE write this module's exports\n"
	      "  --modpath PATH        module column for --export-symvers\n"
	      "                        (default: output path without .ko)\n"
	      "  --cc CC               compiler (default: $CC or cc)\n"
	      "  --tree DIR            lkm source tree (default: $LKM_TREE or\n"
	      "                        the tree this program was built in)\n"
	      "  --intree              mark the module in-tree (intree=Y)\n"
	      "  --link-only           stop after ld -r (output a .o)\n"
	      "  --keep-temps          keep the temporary directory\n"
	      "  --sign-key KEY        sign the module with KEY (PEM), in\n"
	      "                        Linux's format\n"
	      "  --sign-cert CERT      its X.509 certificate (PEM or DER;\n"
	      "                        default: the one in KEY's file)\n"
	      "  --sign-hash ALGO      digest (default " MODSIGN_DEFAULT_HASH ")\n"
	      "  --sign MODULE         sign an existing module (in place, or\n"
	      "                        into -o DEST), replacing any signature\n"
	      "  --gen-key DIR         make DIR/" MODSIGN_KEY_FILE " and\n"
	      "                        DIR/" MODSIGN_CERT_FILE " unless present\n"
	      "  --kernel-symvers EXE  print the exports of a kernel image\n"
	      "  --kernel-crctab       write (-o) the symbol versions of the\n"
	      "                        exports of the input objects as C\n"
	      "  --symbol-crcs         print the symbol version and the\n"
	      "                        declaration it hashes of each export\n"
	      "                        of the input objects\n"
	      "  -v, --verbose         print the commands run\n"
	      "  -h, --help            this text\n"
	      "Any other option starting with '-' is passed to the compiler.\n"
	      "Without --symvers, <bindir>/../Module.symvers (the tree's) or\n"
	      "<bindir>/../lib/lkm/Module.symvers (installed) is read if it\n"
	      "exists.\n",
	      fp);
}

/*
 * Match long option @name at argv[*i], as "--name VALUE" or "--name=VALUE";
 * sets *val and advances *i.  Returns 1 on a match, 0 if not this option,
 * -EINVAL if its value is missing.
 */
static int opt_value(int argc, char **argv, int *i, const char *name,
		     const char **val)
{
	size_t len = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, len))
		return 0;
	if (a[len] == '=') {
		*val = a + len + 1;
		return 1;
	}
	if (a[len])
		return 0;
	if (*i + 1 >= argc) {
		msg("option %s needs a value", name);
		return -EINVAL;
	}
	*val = argv[++*i];
	return 1;
}

static int parse_args(int argc, char **argv, struct options *o)
{
	const char *sv;
	int i, r;
	size_t k;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

#define VALUE_OPT(name, field)                                              \
	r = opt_value(argc, argv, &i, name, &(field));                      \
	if (r < 0)                                                          \
		return r;                                                   \
	if (r)                                                              \
		continue
		VALUE_OPT("--tree", o->tree);
		VALUE_OPT("--cc", o->cc);
		VALUE_OPT("--modpath", o->modpath);
		VALUE_OPT("--export-symvers", o->export_symvers);
		VALUE_OPT("--kernel-symvers", o->kernel_exe);
		VALUE_OPT("--output", o->output);
		VALUE_OPT("--gen-key", o->gen_key);
		VALUE_OPT("--sign-key", o->sign_key);
		VALUE_OPT("--sign-cert", o->sign_cert);
		VALUE_OPT("--sign-hash", o->sign_hash);
		VALUE_OPT("--sign", o->sign);
#undef VALUE_OPT
		r = opt_value(argc, argv, &i, "--symvers", &sv);
		if (r < 0)
			return r;
		if (r) {
			strvec_push(&o->symvers, sv);
			continue;
		}
		if (!strcmp(a, "-o")) {
			if (i + 1 >= argc) {
				msg("option -o needs a value");
				return -EINVAL;
			}
			o->output = argv[++i];
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			o->verbose = true;
		} else if (!strcmp(a, "--intree")) {
			o->intree = true;
		} else if (!strcmp(a, "--link-only")) {
			o->link_only = true;
		} else if (!strcmp(a, "--keep-temps")) {
			o->keep_temps = true;
		} else if (!strcmp(a, "--kernel-crctab")) {
			o->kernel_crctab = true;
		} else if (!strcmp(a, "--symbol-crcs")) {
			o->symbol_crcs = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(0);
		} else if (a[0] == '-' && a[1]) {
			strvec_push(&o->cflags, a);
			for (k = 0; k < sizeof(cflags_with_arg) /
						sizeof(cflags_with_arg[0]);
			     k++) {
				if (strcmp(a, cflags_with_arg[k]))
					continue;
				if (i + 1 >= argc) {
					msg("option %s needs a value", a);
					return -EINVAL;
				}
				strvec_push(&o->cflags, argv[++i]);
				break;
			}
		} else {
			strvec_push(&o->inputs, a);
		}
	}
	return 0;
}

static int check_args(struct options *o)
{
	if (o->kernel_exe || o->gen_key)
		return 0;
	if ((o->sign || o->sign_cert || o->sign_hash) && !o->sign_key) {
		msg("signing needs --sign-key KEY");
		return -EINVAL;
	}
	if (o->sign)
		return 0;
	if ((o->kernel_crctab || o->symbol_crcs) && !o->inputs.n) {
		msg("no input objects; try --help");
		return -EINVAL;
	}
	if (o->symbol_crcs)
		return 0;
	if (o->kernel_crctab && (!o->output || !has_suffix(o->output, ".c"))) {
		msg("--kernel-crctab needs -o FILE.c");
		return -EINVAL;
	}
	if (o->kernel_crctab)
		return 0;
	if (!o->output || !*o->output) {
		msg("no output given (-o MODULE.ko); try --help");
		return -EINVAL;
	}
	if (!o->inputs.n) {
		msg("no input files; try --help");
		return -EINVAL;
	}
	if (!has_suffix(o->output, o->link_only ? ".o" : ".ko")) {
		msg("%s: output must end in %s", o->output,
		    o->link_only ? ".o" : ".ko");
		return -EINVAL;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	struct build b = { 0 };
	char *bindir, *inc = NULL, *name = NULL, *modpath = NULL, *fallback;
	int i, err;

	err = parse_args(argc, argv, &o);
	if (!err)
		err = check_args(&o);
	if (err)
		return 2;
	verbose = o.verbose;
	if (o.kernel_exe)
		return kernel_symvers(&o) ? 1 : 0;
	if (o.gen_key)
		return modsign_gen_key("lkm-build", o.gen_key) ? 1 : 0;
	if (o.sign)
		return modsign_sign_file("lkm-build", o.sign_hash, o.sign_key,
					 o.sign_cert, o.sign, o.output) ? 1 : 0;
	if (o.symbol_crcs)
		return symbol_crcs(&o) ? 1 : 0;
	if (o.kernel_crctab) {
		atexit(remove_temps); /* a partial table */
		return kernel_crctab(&o) ? 1 : 0;
	}

	if (!o.cc)
		o.cc = getenv("CC") && *getenv("CC") ? getenv("CC") : "cc";
	bindir = exe_dir();
	err = find_include(&o, bindir, &inc);
	if (err)
		goto out;
	name = module_name(o.output);
	if (!name) {
		err = -EINVAL;
		goto out;
	}
	if (!o.modpath) {
		modpath = xstrdup(o.output);
		modpath[strlen(modpath) - (o.link_only ? 2 : 3)] = '\0';
		o.modpath = modpath;
	}
	/* the tree's build/Module.symvers, or an installed one (make install) */
	for (i = 0; i < 2 && !o.symvers.n && !o.link_only && bindir; i++) {
		fallback = xasprintf(i ? "%s/../lib/lkm/Module.symvers"
				       : "%s/../Module.symvers", bindir);
		if (!access(fallback, R_OK)) {
			if (verbose)
				msg("reading %s", fallback);
			strvec_push(&o.symvers, fallback);
		}
		free(fallback);
	}
	err = make_tmpdir(o.keep_temps);
	if (err)
		goto out;
	b.o = &o;
	b.tree_include = inc;
	b.name = name;
	b.dir = tmpdir;
	err = build_module(&b);
out:
	free(bindir);
	free(inc);
	free(name);
	free(modpath);
	strvec_free(&o.symvers);
	strvec_free(&o.inputs);
	strvec_free(&o.cflags);
	return err ? 1 : 0;
}

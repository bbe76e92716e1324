// SPDX-License-Identifier: MIT
/*
 * shell.c - the console shell: line parsing and the command table.
 *
 * A line holds commands separated by ';'.  Words split at blanks; '...'
 * quotes literally, "..." quotes with \" and \\ escapes, a backslash outside
 * quotes escapes the next character, and '#' at the start of a word begins a
 * comment.  "> PATH" sends a command's output into a file or a view (a
 * /sys module parameter, say), written once the command has succeeded;
 * ">> PATH" appends it.  Each command
 * is one function in shell_cmds[]; module commands live in shell_modules.c
 * and shell_modinfo.c, file and log commands in shell_files.c.  A command
 * reports its own failure to the console and returns a negative errno; the
 * shell counts failures for the exit status.
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>

#include "internal.h"
#include "security.h"

#define SHELL_MAX_ARGS 64

static int shell_help(struct shell *sh, int argc, char **argv);
static int shell_echo(struct shell *sh, int argc, char **argv);
static int shell_poweroff(struct shell *sh, int argc, char **argv);

static const struct shell_cmd shell_cmds[] = {
	{ "help", "", "list the commands", shell_help },
	{ "insmod", "[-f] FILE [PARAM=VALUE...]", "insert a module",
	  shell_insmod },
	{ "rmmod", "[-f] NAME|FILE.ko...", "remove modules", shell_rmmod },
	{ "lsmod", "", "list the loaded modules", shell_lsmod },
	{ "modinfo", "FILE...", "show a module file's .modinfo",
	  shell_modinfo },
	{ "integrity", "", "check the kernel for hidden modules, diverted "
	  "hooks, changed text", shell_integrity },
	{ "dmesg", "[-c|-C]", "print (and/or clear) the kernel log",
	  shell_dmesg },
	{ "cat", "PATH...", "print files and /proc views", shell_cat },
	{ "ls", "[-l] [PATH...]", "list directories", shell_ls },
	{ "echo", "[WORD...]", "print the words", shell_echo },
	{ "mount", "[-r] [-t TYPE SRC DIR]", "mount a filesystem (none: list)",
	  shell_mount },
	{ "umount", "DIR...", "unmount filesystems", shell_umount },
	{ "mkdir", "[-p] DIR...", "make directories", shell_mkdir },
	{ "rmdir", "DIR...", "remove empty directories", shell_rmdir },
	{ "rm", "FILE...", "remove files", shell_rm },
	{ "cd", "[DIR]", "change the current directory", shell_cd },
	{ "pwd", "", "print the current directory", shell_pwd },
	{ "hexdump", "[-C] [-n LEN] FILE", "dump a file or device in hex",
	  shell_hexdump },
	{ "open", "[-w|-rw] PATH", "keep a file open, print its number",
	  shell_open },
	{ "close", "FD", "close a file kept open", shell_close },
	{ "syscall", "[NAME|NR [ARG1 [ARG2]]]",
	  "make a system call (none: list them)", shell_syscall },
	{ "hotplug", "[add|remove pci IDS|NAME]",
	  "plug simulated PCI devices in and out", shell_hotplug },
	{ "poweroff", "", "unload every module and end the session",
	  shell_poweroff },
};

static int shell_help(struct shell *sh, int argc, char **argv)
{
	char left[64];
	size_t i;

	console_printf("Commands:\n");
	for (i = 0; i < ARRAY_SIZE(shell_cmds); i++) {
		strcpy(left, shell_cmds[i].name);
		if (shell_cmds[i].usage[0] != '\0') {
			strcat(left, " ");
			strncat(left, shell_cmds[i].usage,
				sizeof(left) - strlen(left) - 1);
		}
		console_printf("  %-34s %s\n", left, shell_cmds[i].help);
	}
	console_printf("Paths: / is the host's (read-only), /lib/modules the "
		       "module root;\n/proc, /sys, /dev and what you mount are "
		       "the kernel's.\n");
	return 0;
}

static int shell_echo(struct shell *sh, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		console_printf("%s%s", i > 1 ? " " : "", argv[i]);
	console_printf("\n");
	return 0;
}

static int shell_poweroff(struct shell *sh, int argc, char **argv)
{
	sh->stopped = true;
	return 0;
}

static const struct shell_cmd *shell_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(shell_cmds); i++)
		if (strcmp(shell_cmds[i].name, name) == 0)
			return &shell_cmds[i];
	return NULL;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Copy one quoted stretch from just past its opening quote; NULL if open. */
static const char *parse_quoted(const char *s, char quote, char **out)
{
	for (; *s != quote; s++) {
		if (*s == '\0')
			return NULL;
		if (quote == '"' && s[0] == '\\' &&
		    (s[1] == '"' || s[1] == '\\'))
			s++;
		*(*out)++ = *s;
	}
	return s + 1;
}

/* One parsed command: its words and where its output goes. */
struct command {
	int argc;
	char *argv[SHELL_MAX_ARGS];
	char *redirect; /* "> PATH", or NULL */
	bool append;    /* ">> PATH" */
};

/* Start a word at @out: an argument, or the redirection's target. */
static const char *start_word(struct command *c, char *out, bool *to_target)
{
	if (*to_target) {
		c->redirect = out;
		*to_target = false;
		return NULL;
	}
	if (c->argc == SHELL_MAX_ARGS - 1)
		return "too many words";
	c->argv[c->argc++] = out;
	return NULL;
}

/*
 * Split the next command of @*p into @c, its words copied into @buf (as
 * large as the line), and advance @*p past the command's ';'.  Returns
 * NULL, or what is wrong with the syntax.
 */
static const char *parse_command(const char **p, char *buf, struct command *c)
{
	const char *s = *p, *why = NULL;
	char *out = buf;
	bool in_word = false, to_target = false;

	*c = (struct command){ .argc = 0 };
	while (*s != '\0' && *s != ';' && why == NULL) {
		if (is_blank(*s) || *s == '>' || (*s == '#' && !in_word)) {
			if (in_word)
				*out++ = '\0';
			in_word = false;
			if (*s == '>' && (to_target || c->redirect != NULL))
				why = "unexpected '>'";
			else if (*s == '>' && s[1] == '>')
				c->append = *++s == '>';
			to_target = to_target || *s == '>';
			s = *s == '#' ? s + strlen(s) : s + 1;
			continue;
		}
		if (!in_word) {
			why = start_word(c, out, &to_target);
			in_word = true;
		}
		if (*s == '\'' || *s == '"') {
			s = parse_quoted(s + 1, *s, &out);
			if (s == NULL)
				return "unterminated quote";
		} else {
			if (*s == '\\' && s[1] != '\0')
				s++;
			*out++ = *s++;
		}
	}
	if (in_word)
		*out = '\0';
	if (why == NULL && to_target)
		why = "'>' without a file";
	c->argv[c->argc] = NULL;
	*p = *s == ';' ? s + 1 : s;
	return why;
}

/* Run @c with its output going into the view it names. */
static int run_redirected(struct shell *sh, const struct shell_cmd *cmd,
			  struct command *c)
{
	struct seqbuf sb;
	int err;

	seqbuf_init(&sb);
	console_capture(&sb);
	err = cmd->run(sh, c->argc, c->argv);
	console_capture(NULL);
	if (err == 0) {
		err = sb.err ? sb.err
		      : c->append ? kfile_append(c->redirect,
						 sb.buf ? sb.buf : "", sb.len)
				  : kfile_write(c->redirect,
						sb.buf ? sb.buf : "", sb.len);
		if (err)
			console_errorf("lkm: %s: %s\n", c->redirect,
				       strerror(-err));
	}
	seqbuf_release(&sb);
	return err;
}

struct cmd_call {
	struct shell *sh;
	const struct shell_cmd *cmd;
	struct command *c;
};

static int cmd_call_run(void *arg)
{
	struct cmd_call *cc = arg;

	if (cc->c->redirect != NULL)
		return run_redirected(cc->sh, cc->cmd, cc->c);
	return cc->cmd->run(cc->sh, cc->c->argc, cc->c->argv);
}

/*
 * Module code a command reaches (a system call, a filesystem, a driver)
 * may fault: that is an oops (oops.c), the command dies, the shell goes on.
 */
static int shell_run(struct shell *sh, struct command *c)
{
	struct cmd_call cc = { sh, shell_find(c->argv[0]), c };
	bool oopsed;
	int err;

	if (cc.cmd == NULL) {
		console_errorf("lkm: %s: command not found\n", c->argv[0]);
		return -LKM_ENOENT;
	}
	err = oops_call_caught(cc.cmd->name, cmd_call_run, &cc, &oopsed);
	if (oopsed) {
		console_capture(NULL);
		console_errorf("lkm: %s: killed by an oops (see dmesg)\n",
			       cc.cmd->name);
	}
	return err;
}

int shell_exec(struct shell *sh, const char *line)
{
	const char *p = line, *why;
	struct command c;
	char *buf;
	int err, ret = 0;

	buf = malloc(strlen(line) + 1);
	if (buf == NULL)
		return -LKM_ENOMEM;
	while (*p != '\0' && !sh->stopped) {
		why = parse_command(&p, buf, &c);
		if (why != NULL) {
			console_errorf("lkm: syntax error: %s\n", why);
			sh->failed++;
			ret = -LKM_EINVAL;
			break;
		}
		if (c.argc == 0)
			continue;
		err = shell_run(sh, &c);
		if (err) {
			sh->failed++;
			ret = err;
		}
	}
	free(buf);
	return ret;
}

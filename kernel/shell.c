// SPDX-License-Identifier: MIT
/*
 * shell.c - the console shell: line parsing and the command table.
 *
 * A line holds commands separated by ';'.  Words split at blanks; '...'
 * quotes literally, "..." quotes with \" and \\ escapes, a backslash outside
 * quotes escapes the next character, and '#' at the start of a word begins a
 * comment.  Each command is one function in shell_cmds[]; module commands
 * live in shell_modules.c, file and log commands in shell_files.c.  A
 * command reports its own failure to the console and returns a negative
 * errno; the shell counts failures for the exit status.
 */
#include <stdlib.h>
#include <string.h>

#include <lkm/errno.h>

#include "internal.h"

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
	{ "dmesg", "[-c|-C]", "print (and/or clear) the kernel log",
	  shell_dmesg },
	{ "cat", "PATH...", "print files and /proc views", shell_cat },
	{ "ls", "[PATH...]", "list directories", shell_ls },
	{ "echo", "[WORD...]", "print the words", shell_echo },
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
	console_printf("Paths: /proc/... are kernel views, /lib/modules/... "
		       "the module root, anything else a host path.\n");
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

/*
 * Split the next command of @*p into @argv, its words copied into @buf (as
 * large as the line).  Advances @*p past the command's ';'.
 */
static int parse_command(const char **p, char *buf, char **argv, int *argc)
{
	const char *s = *p;
	char *out = buf;
	bool in_word = false;

	*argc = 0;
	for (; *s != '\0' && *s != ';'; ) {
		if (is_blank(*s) || (*s == '#' && !in_word)) {
			if (in_word)
				*out++ = '\0';
			in_word = false;
			s = *s == '#' ? s + strlen(s) : s + 1;
			continue;
		}
		if (!in_word) {
			if (*argc == SHELL_MAX_ARGS - 1)
				return -LKM_E2BIG;
			argv[(*argc)++] = out;
			in_word = true;
		}
		if (*s == '\'' || *s == '"') {
			s = parse_quoted(s + 1, *s, &out);
			if (s == NULL)
				return -LKM_EINVAL;
		} else {
			if (*s == '\\' && s[1] != '\0')
				s++;
			*out++ = *s++;
		}
	}
	if (in_word)
		*out = '\0';
	argv[*argc] = NULL;
	*p = *s == ';' ? s + 1 : s;
	return 0;
}

static int shell_run(struct shell *sh, int argc, char **argv)
{
	const struct shell_cmd *cmd = shell_find(argv[0]);

	if (cmd == NULL) {
		console_errorf("lkm: %s: command not found\n", argv[0]);
		return -LKM_ENOENT;
	}
	return cmd->run(sh, argc, argv);
}

int shell_exec(struct shell *sh, const char *line)
{
	char *argv[SHELL_MAX_ARGS], *buf;
	const char *p = line;
	int argc, err, ret = 0;

	buf = malloc(strlen(line) + 1);
	if (buf == NULL)
		return -LKM_ENOMEM;
	while (*p != '\0' && !sh->stopped) {
		err = parse_command(&p, buf, argv, &argc);
		if (err) {
			console_errorf("lkm: syntax error: %s\n",
				       err == -LKM_E2BIG ? "too many words"
							 : "unterminated quote");
			sh->failed++;
			ret = err;
			break;
		}
		if (argc == 0)
			continue;
		err = shell_run(sh, argc, argv);
		if (err) {
			sh->failed++;
			ret = err;
		}
	}
	free(buf);
	return ret;
}

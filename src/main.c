/* witan command line: global options and dispatch to the commands. */
#include <signal.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "progpages.h"

typedef struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} command;

static const command commands[] = {
    {"parse", cmd_parse},
    {"resolve", cmd_resolve},
    {"list", cmd_list},
    {"manifest", cmd_manifest},
    {"check-params", cmd_check_params},
    {"lint", cmd_lint},
};

static int help(const char *cmd)
{
    const char *text = cli_help_text(cmd);
    if (!text)
        return cli_usage_error(NULL, "unknown command '%s'", cmd);
    fputs(text, stdout);
    return cli_finish_stdout(NULL, 0);
}

int main(int argc, char **argv)
{
    /* A closed pipe is a write error like any other: reported, exit 2
     * (cli_finish_stdout), never a silent death halfway through output. */
    signal(SIGPIPE, SIG_IGN);
    /* most of the program's code is resident by now, little of it used
     * (progpages.h): a quarter of a 1 MB package's peak */
    progpages_trim();
#if defined(__GLIBC__)
    /* glibc raises its mmap threshold each time a big block is freed (the
     * parser's scratch), after which big growable arrays come from the
     * heap and every doubling leaves the old copy behind as free but
     * resident memory, never given back. A fixed threshold keeps them
     * mapped: they grow in place and go back whole (1.3 MB less resident
     * on a 10 MB package). */
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
#endif
    if (argc < 2) {
        fputs(cli_help_text(NULL), stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0)
        return help(NULL);
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("witan %s\n", WITAN_VERSION);
        return cli_finish_stdout(NULL, 0);
    }
    if (strcmp(cmd, "help") == 0) {
        if (argc > 3)
            return cli_usage_error("help", "too many arguments");
        return help(argc == 3 ? argv[2] : NULL);
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    if (cmd[0] == '-')
        return cli_usage_error(NULL, "unknown option '%s'", cmd);
    return cli_usage_error(NULL, "unknown command '%s'", cmd);
}

/* Help texts. man/witan.1 says the same at more length; tests/manpage.sh
 * checks that every command and option here is documented there. */
#include <string.h>

#include "cli.h"

#define COMMON_OPTIONS \
    "      --features LIST   enable the @unstable features in LIST (comma-separated,\n" \
    "                        repeatable)\n" \
    "      --all-features    enable every @unstable feature\n" \
    "      --strict          treat legacy syntax (-> (), float32, float64) as errors,\n" \
    "                        as wit-parser does\n" \
    "      --format FORMAT   diagnostics as text (default) or gcc\n" \
    "      --color WHEN      colour diagnostics: auto (default), always or never\n" \
    "  -h, --help            show this help\n"

static const char main_help[] =
    "usage: witan [--version] [--help] COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "Read WIT (WebAssembly Interface Types) packages: list the functions a world\n"
    "exports, resolve packages exactly as wit-parser does, check syntax.\n"
    "\n"
    "Commands:\n"
    "  list          list the functions a world exports (or imports)\n"
    "  resolve       resolve like wit-parser; --json prints its model\n"
    "  parse         check the syntax of WIT files\n"
    "  help          show the help of a command\n"
    "\n"
    "PATH is a .wit file, a directory of .wit files (with its deps/ folder of\n"
    "dependencies), or - for standard input.\n"
    "\n"
    "Exit status: 0 success, 1 the input has errors, 2 usage or I/O problem,\n"
    "3 internal error.\n"
    "\n"
    "Options:\n"
    "  -h, --help            show this help\n"
    "  -V, --version         print the version\n"
    "\n"
    "Run 'witan help COMMAND' for the options of a command.\n";

static const char parse_help[] =
    "usage: witan parse [OPTIONS] PATH...\n"
    "\n"
    "Check the syntax of each PATH without resolving names. Prints nothing when\n"
    "every file is well-formed; otherwise the first error of each PATH.\n"
    "\n"
    "Options:\n" COMMON_OPTIONS;

static const char resolve_help[] =
    "usage: witan resolve [OPTIONS] PATH\n"
    "\n"
    "Resolve PATH as wit-parser does: packages, deps/, use, include, world\n"
    "elaboration, feature gates and every validation rule. Prints nothing on\n"
    "success, or the first error as wit-parser reports it.\n"
    "\n"
    "Options:\n"
    "      --json            print the resolved model as JSON, the document\n"
    "                        `wasm-tools component wit --json` prints\n" COMMON_OPTIONS;

static const char list_help[] =
    "usage: witan list [OPTIONS] PATH\n"
    "\n"
    "Print the fully qualified name of every function the world exports, one\n"
    "per line, in source order: golem:component/api/add-item, ...\n"
    "\n"
    "Options:\n"
    "      --world NAME      the world to list (required when the root package\n"
    "                        has several)\n"
    "      --style STYLE     slash (default), braces or raw\n"
    "      --imports         list the imported functions instead\n"
    "      --json            print a JSON array of objects with every naming style\n"
    COMMON_OPTIONS;

const char *cli_help_text(const char *cmd)
{
    if (!cmd)
        return main_help;
    if (strcmp(cmd, "parse") == 0)
        return parse_help;
    if (strcmp(cmd, "resolve") == 0)
        return resolve_help;
    if (strcmp(cmd, "list") == 0)
        return list_help;
    return NULL;
}

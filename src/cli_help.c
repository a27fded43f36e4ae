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
    "  manifest      describe a world's functions and their JSON parameters\n"
    "  check-params  check the JSON parameters of a call before making it\n"
    "  lint          report every problem, with rules of witan's own\n"
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

static const char manifest_help[] =
    "usage: witan manifest [OPTIONS] PATH\n"
    "\n"
    "Print one JSON document describing every function the world exports, in\n"
    "list order: its names in every style, kind, docs, stability, each\n"
    "parameter and the result with its WIT type and a JSON Schema (draft\n"
    "2020-12) of its JSON form, and a schema of the whole parameter array;\n"
    "named types once, with their WIT definitions. Format: witan-manifest,\n"
    "version 1 (man witan, MANIFEST FORMAT).\n"
    "\n"
    "Options:\n"
    "      --world NAME      the world to describe (required when the root\n"
    "                        package has several)\n"
    "  -o, --output FILE     write to FILE, replacing it only once the whole\n"
    "                        document is written (default: standard output)\n"
    COMMON_OPTIONS;

static const char check_params_help[] =
    "usage: witan check-params [OPTIONS] PATH FUNCTION PARAMS\n"
    "\n"
    "Check PARAMS, the JSON array of parameters for a call of FUNCTION (a name\n"
    "in any style `witan list` prints), as Golem encodes WIT values. Prints\n"
    "nothing when they are valid; otherwise every problem, one per line, with\n"
    "the JSON path of the value:\n"
    "  $[0].quantity: expected u32, found -1\n"
    "PARAMS is the JSON itself, @FILE to read it from FILE, or - for standard\n"
    "input. A world that only exports wasi:cli/run takes any JSON.\n"
    "\n"
    "Options:\n"
    "      --world NAME      the world of FUNCTION (required when the root\n"
    "                        package has several)\n"
    COMMON_OPTIONS;

static const char lint_help[] =
    "usage: witan lint [OPTIONS] PATH...\n"
    "\n"
    "Report the problems of each PATH: the errors wit-parser reports (the first\n"
    "of them exactly as wit-parser does) and the findings of witan's rules.\n"
    "A rule is levelled with -A/-W/-D or, in the source, with a comment\n"
    "`// witan: allow(RULE)` (or warn, deny) on its own line before an item,\n"
    "for that item. Details, reasons and examples: man witan, LINT RULES.\n"
    "\n"
    "Rules (default level):\n"
    "  legacy-syntax             warning  old syntax wit-parser rejects\n"
    "  unused-use                warning  a name brought in by `use` is never used\n"
    "  world-ambiguous           warning  the root package has several worlds\n"
    "  no-exports                warning  the world exports nothing callable\n"
    "  not-json-callable         warning  an export takes or returns future, stream\n"
    "                                     or error-context\n"
    "  ambiguous-option          warning  option<option<T>>: `null` is ambiguous\n"
    "  unconstructible-resource  warning  nothing creates an exported resource\n"
    "  deprecated-use            warning  a reference to a @deprecated item\n"
    "  missing-since             warning  an ungated item among @since items\n"
    "  reserved-word             off      a keyword of a common binding language\n"
    "  missing-docs              off      an exported interface or function without docs\n"
    "\n"
    "Options:\n"
    "  -A, --allow RULE      turn RULE off\n"
    "  -W, --warn RULE       report RULE as a warning\n"
    "  -D, --deny RULE       report RULE as an error\n"
    "      --deny-warnings   exit with status 1 when there are warnings\n"
    "      --world NAME      the world the world rules look at (default: every world)\n"
    "      --format FORMAT   text (default), gcc, json or sarif; json and sarif go\n"
    "                        to standard output\n"
    "      --features LIST   enable the @unstable features in LIST (comma-separated,\n"
    "                        repeatable)\n"
    "      --all-features    enable every @unstable feature\n"
    "      --strict          treat legacy syntax as errors, as wit-parser does\n"
    "      --color WHEN      colour diagnostics: auto (default), always or never\n"
    "  -h, --help            show this help\n";

static const char help_help[] =
    "usage: witan help [COMMAND]\n"
    "\n"
    "Print the help of COMMAND, as `witan COMMAND --help` does, or without\n"
    "COMMAND the overview that `witan --help` prints.\n";

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
    if (strcmp(cmd, "lint") == 0)
        return lint_help;
    if (strcmp(cmd, "manifest") == 0)
        return manifest_help;
    if (strcmp(cmd, "check-params") == 0)
        return check_params_help;
    if (strcmp(cmd, "help") == 0)
        return help_help;
    return NULL;
}

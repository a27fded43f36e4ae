#!/bin/sh
# Checks of `witan lint` that golden files cannot make:
#   (a) every JSON document lint prints over testdata/ is valid against
#       man/witan-lint.schema.json (ajv, draft 2020-12), and agrees with
#       itself (counts, positions);
#   (b) the SARIF output for the whole testdata/ corpus (and for the
#       reference suite in ../shared when it is there) passes Microsoft's
#       SARIF Multitool: no error, and every warning explained below;
#   (c) on the reference suite (../shared/conformance/wit-parser/ui, read in
#       place): every parse-fail case reports the reference's first error
#       first; no rule finds anything in a passing case except the findings
#       listed in EXPECTED below, each with the reason the rule is right;
#   (d) colour: only on a terminal, never with NO_COLOR (needs script(1)).
# The tools come from npm into build/npm (ajv, ajv-formats and
# @microsoft/sarif-multitool-linux); without node and npm, (a) and (b) are
# skipped with a message. Ends with "N passed, N failed".
# shellcheck disable=SC2016 # the node -e programs are JavaScript, not sh
# shellcheck disable=SC2013 # paths in testdata/ have no spaces
# shellcheck disable=SC2086 # $OPTS is split on purpose
set -u
WITAN=${WITAN:-build/witan}
case $WITAN in /*) ;; *) WITAN=$(pwd)/$WITAN ;; esac
ROOT=$(pwd)
NPM_PREFIX=${NPM_PREFIX:-$ROOT/build/npm}
SHARED=${WITAN_SHARED:-../shared}
UI=$SHARED/conformance/wit-parser/ui
SCHEMA=$ROOT/man/witan-lint.schema.json

pass=0 fail=0
failures=""
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); failures="$failures
  $1"; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# Every input of the corpus: each .wit file, and each directory (a
# directory is a package with its deps/, or a failing mix of packages).
find testdata -name '*.wit' -type f | LC_ALL=C sort > "$tmp/files"
find testdata -mindepth 1 -type d | LC_ALL=C sort > "$tmp/dirs"
cat "$tmp/files" "$tmp/dirs" > "$tmp/paths"
# and a diagnostic with a file but no place in it: a dangling link in deps/
mkdir -p "$tmp/dangling/deps"
printf 'package test:dangling;\ninterface i {}\n' > "$tmp/dangling/a.wit"
ln -s "$tmp/no-such-target" "$tmp/dangling/deps/gone"
echo "$tmp/dangling" >> "$tmp/paths"

# ------------------------------------------------------------- the tools
have_node=0
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    have_node=1
    if [ ! -f "$NPM_PREFIX/node_modules/ajv/dist/2020.js" ] ||
       [ ! -f "$NPM_PREFIX/node_modules/ajv-formats/package.json" ] ||
       [ ! -f "$NPM_PREFIX/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool" ]; then
        echo "lint-validate: installing ajv, ajv-formats and the SARIF Multitool into $NPM_PREFIX"
        if ! npm install --silent --no-audit --no-fund --prefix "$NPM_PREFIX" \
                ajv@8 ajv-formats @microsoft/sarif-multitool-linux >"$tmp/npm.log" 2>&1; then
            cat "$tmp/npm.log"
            bad "npm install failed"
            have_node=0
        fi
    fi
else
    echo "lint-validate: skipping the JSON Schema and SARIF checks: node and npm are not installed"
fi
MULTITOOL=$NPM_PREFIX/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
# npm 11 does not run the package's postinstall (chmod u+x) unless allowed
[ -f "$MULTITOOL" ] && [ ! -x "$MULTITOOL" ] && chmod u+x "$MULTITOOL"
# .NET needs ICU unless told to do without
if ! ldconfig -p 2>/dev/null | grep -q libicu; then
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
    export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT
fi

# ------------------------------------------ (a) JSON against the schema
if [ $have_node = 1 ]; then
    cat > "$tmp/validate.js" <<'EOF'
// node validate.js NPM_PREFIX SCHEMA DOC...: each DOC against the schema,
// and the checks a schema cannot state. Prints one line per problem.
const [prefix, schemaPath, ...docs] = process.argv.slice(2);
const Ajv2020 = require(prefix + "/node_modules/ajv/dist/2020").default;
const addFormats = require(prefix + "/node_modules/ajv-formats");
const fs = require("fs");
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));
let problems = 0;
const report = (f, m) => { problems++; console.log(f + ": " + m); };
for (const f of docs) {
  let doc;
  try { doc = JSON.parse(fs.readFileSync(f, "utf8")); }
  catch (e) { report(f, "not JSON: " + e.message); continue; }
  if (!validate(doc)) { report(f, ajv.errorsText(validate.errors)); continue; }
  const errors = doc.diagnostics.filter((d) => d.level === "error").length;
  if (errors !== doc.errors) report(f, `errors is ${doc.errors}, ${errors} diagnostics are errors`);
  if (doc.diagnostics.length - errors !== doc.warnings)
    report(f, `warnings is ${doc.warnings}, ${doc.diagnostics.length - errors} diagnostics are warnings`);
  doc.diagnostics.forEach((d, i) => {
    if (d.start && (d.end.line < d.start.line ||
                    (d.end.line === d.start.line && d.end.column < d.start.column)))
      report(f, `diagnostics[${i}] ends before it starts`);
  });
}
process.exit(problems ? 1 : 0);
EOF
    n=0
    # one document per input, under the default levels and with every rule on
    while read -r p; do
        n=$((n + 1))
        "$WITAN" lint --format json "$p" > "$tmp/doc.$n.json" 2> "$tmp/err"
        st=$?
        if [ $st -gt 2 ] || [ -s "$tmp/err" ]; then
            bad "json: lint $p: exit status $st, stderr: $(head -1 "$tmp/err")"
        fi
    done < "$tmp/paths"
    n=$((n + 1))
    # shellcheck disable=SC2046 # one argument per path
    "$WITAN" lint --format json -W reserved-word -W missing-docs -D unused-use \
        $(cat "$tmp/paths") > "$tmp/doc.$n.json" 2> "$tmp/err"
    [ -s "$tmp/err" ] && bad "json: lint of the whole corpus wrote to stderr: $(head -1 "$tmp/err")"
    # and the expected outputs of the golden tests
    k=0
    for g in $(grep -rl 'https://witan.dev/schemas/lint-v1.json' testdata/lint); do
        k=$((k + 1)); n=$((n + 1))
        cp "$g" "$tmp/doc.$n.json"
    done
    [ $k -gt 0 ] || bad "json: no golden JSON output found in testdata/lint"
    if node "$tmp/validate.js" "$NPM_PREFIX" "$SCHEMA" "$tmp"/doc.*.json > "$tmp/ajv.txt" 2>&1; then
        ok
        echo "lint-validate: json: $n documents ($k of them golden outputs) valid against man/witan-lint.schema.json"
    else
        bad "json: documents not valid against the schema:
$(head -20 "$tmp/ajv.txt")"
    fi
fi

# ----------------------------------------------- (b) SARIF, Multitool
# Results the Multitool reports at level warning that are accepted, each
# with the reason (rule id, then why). None at present; notes are not
# counted, but for the record the notes it gives and why they stay:
#   SARIF2002 message.id/arguments instead of text: witan's messages are
#             built once, in one language, like a compiler's
#   SARIF2003 versionControlProvenance: witan does not know the VCS
#   SARIF2006 URIs reachable: the check needs the network ($schema URL)
#   SARIF2009 rule ids like "WIT1001": the kebab-case ids are witan's
#             stable, documented names (-A/-W/-D, directives)
#   SARIF2010/2011 snippets and context regions: the regions point into
#             files the reader has; embedding them would double the output
#   SARIF2012 helpUri: the help text is in the log itself (help.text)
#   SARIF2016 relative file URIs: paths outside the working directory stay
#             absolute (file://), which is what they are
EXPLAINED_WARNINGS=""
sarif_check() { # NAME FILE
    rm -f "$tmp/report.sarif"
    "$MULTITOOL" validate "$2" -o "$tmp/report.sarif" > "$tmp/mt.log" 2>&1
    if [ ! -f "$tmp/report.sarif" ]; then
        bad "sarif $1: the Multitool wrote no report: $(tail -3 "$tmp/mt.log")"
        return
    fi
    # level error / warning ("warning" is the default when absent), and the
    # result's rule id
    node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
for (const run of r.runs) for (const x of run.results || []) {
  const text = x.message.text || (x.message.arguments || []).join(" | ");
  console.log((x.level || "warning") + " " + x.ruleId + " " + text);
}' "$tmp/report.sarif" > "$tmp/mt.txt"
    errs=$(grep -c '^error ' "$tmp/mt.txt")
    warns=$(grep '^warning ' "$tmp/mt.txt" | while read -r _ id _; do
        case " $EXPLAINED_WARNINGS " in *" $id "*) ;; *) echo "$id" ;; esac
    done | wc -l)
    if [ "$errs" -eq 0 ] && [ "$warns" -eq 0 ]; then
        ok
    else
        bad "sarif $1: the Multitool reports $errs errors, $warns unexplained warnings:
$(grep -e '^error ' -e '^warning ' "$tmp/mt.txt" | head -10)"
    fi
    # what the Multitool does not check: rule indexes agree with ids, one
    # fingerprint per result, relative paths stay relative
    if node -e '
const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const run = log.runs[0], rules = run.tool.driver.rules, seen = new Set();
let bad = 0;
for (const [i, x] of run.results.entries()) {
  if (rules[x.ruleIndex].id !== x.ruleId) { bad++; console.log(`results[${i}]: ruleIndex does not name ${x.ruleId}`); }
  const fp = x.partialFingerprints["witan/v1"];
  if (seen.has(fp)) { bad++; console.log(`results[${i}]: fingerprint ${fp} repeated`); }
  seen.add(fp);
  for (const l of x.locations || []) {
    const a = l.physicalLocation.artifactLocation;
    if (!a.uri.startsWith("file:") && a.uriBaseId !== "SRCROOT") { bad++; console.log(`results[${i}]: ${a.uri} without uriBaseId`); }
  }
}
process.exit(bad ? 1 : 0);' "$2" > "$tmp/own.txt" 2>&1; then
        ok
    else
        bad "sarif $1: $(head -5 "$tmp/own.txt")"
    fi
}

if [ $have_node = 1 ] && [ -x "$MULTITOOL" ]; then
    # shellcheck disable=SC2046
    "$WITAN" lint --format sarif -W reserved-word -W missing-docs $(cat "$tmp/paths") \
        > "$tmp/corpus.sarif" 2> "$tmp/err"
    [ -s "$tmp/err" ] && bad "sarif: lint of the corpus wrote to stderr: $(head -1 "$tmp/err")"
    sarif_check testdata "$tmp/corpus.sarif"
    # and the expected outputs of the golden tests
    for g in $(grep -rl '"version":[[:space:]]*"2.1.0"' testdata/lint); do
        sarif_check "$g" "$ROOT/$g"
    done
    nres=$(grep -c '"ruleId"' "$tmp/corpus.sarif")
    echo "lint-validate: sarif: testdata/ ($(wc -l < "$tmp/paths") paths, $nres results) checked by the SARIF Multitool"
elif [ $have_node = 1 ]; then
    bad "sarif: the SARIF Multitool is not installed in $NPM_PREFIX"
fi

# --------------------------------------------- (c) the reference suite
# The passing cases where a rule finds something, and why the rule is right
# there. Run with every rule on (reserved-word and missing-docs too);
# a finding not listed, or a listed one no longer found, fails.
# case                             rule              count  why
EXPECTED='
async.wit                          missing-docs      2  world-level exports x and y have no doc comment
complex-include                    no-exports        4  worlds a, b, c and union-world only import
complex-include                    world-ambiguous   1  foo:root has four worlds
diamond1                           no-exports        1  world foo only imports
disambiguate-diamond               no-exports        1  world foo only imports
disambiguate-diamond               unused-use        2  the inline interfaces use the-type and never refer to it
feature-gates.wit                  missing-docs      1  exported interface ungated-for-world has no doc comment
feature-gates.wit                  no-exports        2  ungated-world exports an empty interface; mixed-world only imports
feature-gates.wit                  unused-use        1  ungated-use brings in t and never refers to it
feature-gates.wit                  world-ambiguous   1  a:b has two worlds (gated-world is gated out)
foreign-deps                       missing-docs      1  exported interface foo has no doc comment
foreign-deps                       no-exports        3  my-world, my-world2 and bars-world export no function
foreign-deps                       unused-use        7  uses of foreign types nothing refers to (the case tests resolution)
foreign-deps                       world-ambiguous   1  foo:root has three worlds
foreign-deps-union                 missing-docs      1  exported interface foo has no doc comment
foreign-deps-union                 no-exports        4  no world exports a function
foreign-deps-union                 unused-use        7  as in foreign-deps
foreign-deps-union                 world-ambiguous   1  foo:root has four worlds
foreign-interface-dep-gated.wit    no-exports        1  the-world only imports
foreign-world-dep-gated.wit        no-exports        1  the-world only includes imports
gated-include.wit                  missing-since     11 a versioned package with @since items and ungated ones
gated-include.wit                  no-exports        8  every world only imports
gated-include.wit                  unused-use        2  dup-use-package(-ordered) use stable-resource and never refer to it
gated-include.wit                  world-ambiguous   1  wasmtime:test has eight worlds
ignore-files-deps                  no-exports        1  world foo only imports
import-export-overlap1.wit         missing-docs      1  world-level export a has no doc comment
import-export-overlap2.wit         missing-docs      1  exported interface a has no doc comment
import-export-overlap2.wit         no-exports        1  the exported interface a has no function
include-reps.wit                   missing-docs      1  exported interface b has no doc comment
include-reps.wit                   no-exports        2  b is empty: neither world exports a function
include-reps.wit                   world-ambiguous   1  foo:foo has two worlds
kebab-name-include-with.wit        no-exports        3  worlds foo, bar and baz only import
kebab-name-include-with.wit        world-ambiguous   1  foo:foo has three worlds
many-names                         no-exports        1  world name is empty
maps.wit                           missing-docs      3  interface maps and two of its functions have no doc comment
multi-file                         missing-docs      1  exported interface later-interface has no doc comment
multi-file                         no-exports        2  the-world and more-depends-on-later-things export no function
multi-file                         unused-use        9  uses in bar (7), depends-on-later-item and cycle3 that nothing refers to
multi-file                         world-ambiguous   1  foo:multi-file has two worlds
multi-package-gated-include.wit    no-exports        6  every world only includes imports
multi-package-gated-include.wit    world-ambiguous   1  wasmtime:test has six worlds
packages-multiple-nested.wit       missing-docs      1  exported interface i0 has no doc comment
packages-multiple-nested.wit       no-exports        1  w0 exports i0, which has no function
resources.wit                      no-exports        1  world w only declares resources
same-name-import-export.wit        missing-docs      1  world-level export greet has no doc comment
shared-types.wit                   missing-docs      2  interface bar and its function a have no doc comment
since-and-unstable.wit             missing-docs      3  exports x, y and z have no doc comment
since-and-unstable.wit             missing-since     4  in-an-interface, z, deprecated1 and in-a-world lack a gate next to @since items
since-and-unstable.wit             no-exports        2  w1 and w2 are empty
since-and-unstable.wit             world-ambiguous   1  a:b has three worlds
stress-export-elaborate.wit        missing-docs      1  exported interface i10 has no doc comment
stress-export-elaborate.wit        no-exports        1  i10 has no function
stress-export-elaborate.wit        unused-use        10 i10 uses t1..t10 and nothing uses them from i10 (i2..i9 pass them on)
union-fuzz-1.wit                   no-exports        3  worlds xo, name and x are empty
union-fuzz-1.wit                   world-ambiguous   1  foo:bar has three worlds
union-fuzz-2.wit                   missing-docs      1  world-level export foo has no doc comment
union-fuzz-2.wit                   world-ambiguous   1  foo:bar has two worlds
use-chain.wit                      unused-use        1  interface name uses foo and never refers to it
versions                           unused-use        2  foo uses t and t2 and never refers to them
with-resource-as.wit               missing-docs      1  world-level export g has no doc comment
with-resource-as.wit               world-ambiguous   1  foo:foo has two worlds
world-diamond.wit                  no-exports        1  the-world only imports
world-iface-no-collide.wit         no-exports        1  world bar only imports
world-iface-no-collide.wit         unused-use        1  world bar uses t and never refers to it
world-implicit-import1.wit         no-exports        1  the-world only imports
world-implicit-import1.wit         unused-use        1  the inline interface bar uses a and never refers to it
world-implicit-import2.wit         no-exports        1  world w only imports
world-implicit-import3.wit         missing-docs      1  world-level export foo has no doc comment
world-same-fields4.wit             missing-docs      1  exported interface a-name has no doc comment
world-same-fields4.wit             no-exports        1  a-name has no function
world-same-fields4.wit             unused-use        1  a-name uses a and never refers to it
world-top-level-funcs.wit          missing-docs      2  world-level exports foo2 and some-name have no doc comment
world-top-level-resources.wit      missing-docs      3  interface handler and its two functions have no doc comment
worlds-union-dedup.wit             no-exports        3  the three worlds only import
worlds-union-dedup.wit             world-ambiguous   1  foo:foo has three worlds
worlds-with-types.wit              missing-docs      3  world-level exports c, foo and bar have no doc comment
worlds-with-types.wit              world-ambiguous   1  foo:foo has three worlds
'
# Cases that need the WebAssembly decoder, which witan does not have.
SKIP="simple-wasm-text.wat kinds-of-deps"
# The reference's runner enables one feature, `active`, and rejects legacy syntax.
OPTS="--strict --features active"

if [ -d "$UI" ]; then
    UI=$(cd "$UI" && pwd)
    mkdir -p "$tmp/ref/tests"
    ln -s "$UI" "$tmp/ref/tests/ui"
    cd "$tmp/ref" || exit 2
    trim() { printf '%s\n' "$(sed -e 's/\r$//' "$1")"; }

    first=0 cases=0
    for path in tests/ui/parse-fail/*; do
        case $path in *.result) continue ;; esac
        base=${path%.wit}
        expected=$base.wit.result
        [ -f "$expected" ] || continue
        cases=$((cases + 1))
        "$WITAN" lint $OPTS --color=never "$path" > out.txt 2> err.txt
        status=$?
        sed -e 's/[A-Z][a-z ]* (os error [0-9]*)/some generic platform-agnostic error message/' \
            -e 's/\r$//' err.txt > got.txt
        trim "$expected" > exp.txt
        exp_first=$(head -1 exp.txt); got_first=$(head -1 got.txt)
        exp_loc=$(grep -m1 -- '-->' exp.txt); got_loc=$(grep -m1 -- '-->' got.txt)
        if [ $status -ne 1 ] || [ -s out.txt ]; then
            bad "parse-fail/${path#tests/ui/parse-fail/}: exit status $status, expected 1 and no output"
        elif [ "$exp_first" != "$got_first" ] || [ "$exp_loc" != "$got_loc" ]; then
            bad "parse-fail/${path#tests/ui/parse-fail/}: first reported '$got_first $got_loc', the reference's first error is '$exp_first $exp_loc'"
        else
            first=$((first + 1))
        fi
    done
    [ $first -eq $cases ] && ok
    echo "lint-validate: reference suite: $first of $cases parse-fail cases report the reference's first error first"

    printf '%s\n' "$EXPECTED" | awk 'NF >= 3 { print $1, $2, $3 }' | LC_ALL=C sort > expected.txt
    : > found.txt
    checked=0
    for path in tests/ui/*; do
        name=${path#tests/ui/}
        case $name in parse-fail|*.json|*.md|LICENSE*) continue ;; esac
        case " $SKIP " in *" $name "*) continue ;; esac
        [ -f "tests/ui/${name%.wit}.wit.json" ] || continue
        checked=$((checked + 1))
        "$WITAN" lint $OPTS -W reserved-word -W missing-docs --format gcc "$path" 2> err.txt
        status=$?
        if [ $status -ne 0 ] || grep -qv ' \[[a-z-]*\]$' err.txt; then
            bad "$name: a passing case, but lint exits $status: $(grep -v ' \[[a-z-]*\]$' err.txt | head -1)"
        fi
        sed -n 's/.* \[\([a-z-]*\)\]$/\1/p' err.txt | LC_ALL=C sort | uniq -c |
            while read -r count rule; do echo "$name $rule $count"; done >> found.txt
    done
    LC_ALL=C sort found.txt > found.sorted
    if cmp -s expected.txt found.sorted; then
        ok
    else
        bad "reference suite: rule findings on passing cases differ from EXPECTED (< expected, > found):
$(diff expected.txt found.sorted | grep '^[<>]')"
    fi
    echo "lint-validate: reference suite: $checked passing cases, $(wc -l < expected.txt) expected (case, rule) findings"

    if [ $have_node = 1 ] && [ -x "$MULTITOOL" ]; then
        : > suite.paths
        for p in tests/ui/* tests/ui/parse-fail/*; do
            case $p in
                *.json|*.result|*.md|*LICENSE*|tests/ui/parse-fail) ;;
                *simple-wasm-text*|*kinds-of-deps*) ;;
                *) echo "$p" >> suite.paths ;;
            esac
        done
        # shellcheck disable=SC2046 # one argument per path
        "$WITAN" lint $OPTS --format sarif -W reserved-word -W missing-docs \
            $(cat suite.paths) > suite.sarif 2> err.txt
        [ -s err.txt ] && bad "sarif: lint of the reference suite wrote to stderr: $(head -1 err.txt)"
        sarif_check "reference suite" "$tmp/ref/suite.sarif"
        echo "lint-validate: sarif: reference suite ($(grep -c '"ruleId"' suite.sarif) results) checked by the SARIF Multitool"
    fi
    cd "$ROOT" || exit 2
else
    echo "lint-validate: skipped the reference suite: $UI not found"
fi

# ------------------------------------------------------------ (d) colour
if command -v script >/dev/null 2>&1; then
    esc=$(printf '\033')
    f=testdata/lint/formats/sample.wit
    # on a terminal: colour; with NO_COLOR: none; --color=always wins over it
    (unset NO_COLOR; script -qec "$WITAN lint $f" /dev/null) > "$tmp/tty1" 2>&1
    NO_COLOR=1 script -qec "$WITAN lint $f" /dev/null > "$tmp/tty2" 2>&1
    NO_COLOR=1 script -qec "$WITAN lint --color=always $f" /dev/null > "$tmp/tty3" 2>&1
    script -qec "$WITAN lint --color=never $f" /dev/null > "$tmp/tty4" 2>&1
    if grep -q "$esc" "$tmp/tty1" && ! grep -q "$esc" "$tmp/tty2" &&
       grep -q "$esc" "$tmp/tty3" && ! grep -q "$esc" "$tmp/tty4"; then
        ok
    else
        bad "colour: expected colour on a terminal, none with NO_COLOR or --color=never, colour with --color=always"
    fi
    # not a terminal: no colour
    "$WITAN" lint "$f" 2> "$tmp/notty"
    if grep -q "$esc" "$tmp/notty"; then bad "colour: escape codes when stderr is not a terminal"; else ok; fi
else
    echo "lint-validate: skipped the colour check: script(1) is not installed"
fi

if [ -n "$failures" ]; then
    echo "lint-validate: failures:$failures"
fi
echo "lint-validate: $pass passed, $fail failed"
[ $fail -eq 0 ]

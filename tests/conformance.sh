#!/bin/sh
# Runs witan against wit-parser's own test suite (../shared/conformance,
# read in place, never copied). Passing cases: `witan resolve --json` must
# print the expected .wit.json byte for byte (after trimming, CRLF -> LF);
# the number that agree once ids are ignored is reported too. Parse-fail
# cases: `witan resolve` must exit 1 with the expected first line and
# location; and `witan parse` must reject exactly the syntax-level ones at
# the same place. Ends with "N passed, N failed". WITAN_WRAP runs witan
# under a wrapper (`make valgrind` sets it); WITAN_SHARD=I/N runs only every
# Nth case from the Ith (tests/shards.sh runs the N shards side by side).
set -u
WITAN=${WITAN:-build/witan}
WRAP=${WITAN_WRAP:-}
case $WITAN in /*) ;; *) WITAN=$(pwd)/$WITAN ;; esac
SHARED=${WITAN_SHARED:-../shared}
UI=$SHARED/conformance/wit-parser/ui
if [ ! -d "$UI" ]; then
    echo "conformance: skipped: $UI not found (the reference suite lives in ../shared beside the repository)"
    exit 0
fi
UI=$(cd "$UI" && pwd)

# The reference's runner enables exactly one feature, `active`, and rejects
# legacy syntax (witan accepts it with a warning unless --strict).
OPTS="--strict --features active"

# Cases that need the WebAssembly decoder, which witan does not have.
SKIP="simple-wasm-text.wat kinds-of-deps"

# parse-fail cases whose error comes from resolution, not syntax: `witan
# parse` accepts them (WIT-RESOLUTION §10.2-10.10).
RESOLVE_ONLY=$(cd "$(dirname "$0")" && pwd)/conformance-resolve-only.txt

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
# expected messages name paths as tests/ui/...
mkdir -p "$work/tests"
ln -s "$UI" "$work/tests/ui"
cd "$work" || exit 2

shard=${WITAN_SHARD:-0/1}
shard_i=${shard%/*} shard_n=${shard#*/}
idx=0
# whether this shard takes the next case
mine() { idx=$((idx + 1)); [ $((idx % shard_n)) -eq "$shard_i" ]; }

pass=0 fail=0 exact=0 sameids=0 skipped=0
failures=""
note() { failures="$failures
  $1"; }

# trailing blank lines and a missing final newline do not count
trim() { printf '%s\n' "$(sed -e 's/\r$//' "$1")"; }

for path in tests/ui/*; do
    name=${path#tests/ui/}
    case $name in parse-fail|*.json|*.md|LICENSE*) continue ;; esac
    case " $SKIP " in *" $name "*)
        # counted and said by the first shard only
        [ "$shard_i" -ne 0 ] || {
            skipped=$((skipped + 1))
            echo "conformance: skip $name: needs WebAssembly-encoded packages"
        }
        continue ;;
    esac
    base=${name%.wit}
    expected=tests/ui/$base.wit.json
    [ -f "$expected" ] || continue
    mine || continue
    $WRAP "$WITAN" resolve $OPTS --json "$path" > out.json 2> err.txt
    status=$?
    trim "$expected" > exp.json
    trim out.json > got.json
    if [ $status -eq 0 ] && cmp -s exp.json got.json; then
        exact=$((exact + 1)); pass=$((pass + 1))
    else
        sed 's/[0-9][0-9]*/N/g' exp.json > exp.n; sed 's/[0-9][0-9]*/N/g' got.json > got.n
        if [ $status -eq 0 ] && cmp -s exp.n got.n; then sameids=$((sameids + 1)); fi
        fail=$((fail + 1)); note "$name: resolve --json differs (status $status)"
    fi
    # every passing case must also pass the syntax check
    if ! $WRAP "$WITAN" parse --strict "$path" > /dev/null 2> err.txt; then
        fail=$((fail + 1)); note "$name: parse rejected it: $(head -1 err.txt)"
    fi
done

rejected=0 firstline=0 whole=0
for path in tests/ui/parse-fail/*; do
    name=${path#tests/ui/parse-fail/}
    case $name in *.result) continue ;; esac
    base=${name%.wit}
    expected=tests/ui/parse-fail/$base.wit.result
    [ -f "$expected" ] || continue
    mine || continue
    $WRAP "$WITAN" resolve $OPTS "$path" > /dev/null 2> err.txt
    status=$?
    # the reference's runner prints I/O errors as this text
    sed -e 's/[A-Z][a-z ]* (os error [0-9]*)/some generic platform-agnostic error message/' \
        -e 's/\r$//' err.txt > got.txt
    trim "$expected" > exp.txt
    exp_first=$(head -1 exp.txt); got_first=$(head -1 got.txt)
    exp_loc=$(grep -m1 -- '-->' exp.txt); got_loc=$(grep -m1 -- '-->' got.txt)
    ok=1
    if [ $status -ne 1 ]; then
        ok=0; note "parse-fail/$name: exit status $status, expected 1"
    else
        rejected=$((rejected + 1))
        if [ "$exp_first" = "$got_first" ] && [ "$exp_loc" = "$got_loc" ]; then
            firstline=$((firstline + 1))
        else
            ok=0; note "parse-fail/$name: got '$got_first $got_loc', expected '$exp_first $exp_loc'"
        fi
        cmp -s exp.txt got.txt && whole=$((whole + 1))
    fi
    # the syntax check alone: syntax errors are found, resolution errors not
    $WRAP "$WITAN" parse --strict "$path" > /dev/null 2> perr.txt
    pstatus=$?
    if grep -qx "$name" "$RESOLVE_ONLY"; then
        if [ $pstatus -ne 0 ]; then
            ok=0; note "parse-fail/$name: parse should accept it (resolution error): $(head -1 perr.txt)"
        fi
    else
        p_first=$(head -1 perr.txt); p_loc=$(grep -m1 -- '-->' perr.txt)
        case $exp_first in
            failed\ to\ resolve\ directory*) p_first=$exp_first; p_loc=$exp_loc ;; # context differs for parse
        esac
        if [ $pstatus -ne 1 ] || [ "$p_first" != "$exp_first" ] || [ "$p_loc" != "$exp_loc" ]; then
            if [ $pstatus -ne 1 ]; then
                ok=0; note "parse-fail/$name: parse exit status $pstatus, expected 1"
            fi
        fi
    fi
    if [ $ok -eq 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done

echo "conformance: passing cases: $exact byte-identical, $sameids more the same model with ids ignored, $skipped skipped"
echo "conformance: parse-fail cases: $rejected rejected, $firstline with the reference's first line and location, $whole with its whole output"
if [ -n "$failures" ]; then
    echo "conformance: failures:$failures"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]

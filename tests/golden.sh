#!/bin/sh
# Golden tests: every testdata/**/*.test file describes one run of witan
# and its expected results, written and checked by hand:
#   args: ARGUMENTS     witan's arguments (paths relative to the .test file)
#   status: N           expected exit status (default 0)
#   stdout: FILE        expected standard output (default: nothing)
#   stderr: FILE        expected standard error (default: not compared;
#                       `none`: must be empty)
#   stdin: FILE         standard input (default: /dev/null)
# WITAN_WRAP runs witan under a wrapper (`make valgrind` sets it);
# WITAN_SHARD=I/N runs only every Nth test from the Ith (tests/shards.sh
# runs the N shards side by side).
# With BLESS=1 the expected files are rewritten from the actual output;
# read every rewrite before committing it.
set -u
WITAN=${WITAN:-build/witan}
WRAP=${WITAN_WRAP:-}
case $WITAN in /*) ;; *) WITAN=$(pwd)/$WITAN ;; esac
ROOT=$(pwd)
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

field() { sed -n "s/^$1:[ 	]*//p" "$2" | head -1; }

shard=${WITAN_SHARD:-0/1}
shard_i=${shard%/*} shard_n=${shard#*/}
idx=0
# whether this shard takes the next case
mine() { idx=$((idx + 1)); [ $((idx % shard_n)) -eq "$shard_i" ]; }
for t in $(find testdata -name '*.test' | LC_ALL=C sort); do
    mine || continue
    dir=$(dirname "$t")
    args=$(field args "$t")
    status=$(field status "$t"); status=${status:-0}
    out=$(field stdout "$t")
    err=$(field stderr "$t")
    # `stderr: none`: stderr must be empty (no empty file is kept for it)
    err_none=0
    if [ "$err" = none ]; then err_none=1 err=; fi
    in=$(field stdin "$t"); in=${in:-/dev/null}
    case $in in /dev/null) ;; *) in=$ROOT/$dir/$in ;; esac
    # shellcheck disable=SC2086 # args are split as written in the file
    (cd "$dir" && $WRAP "$WITAN" $args < "$in" > "$tmp/out" 2> "$tmp/err")
    got=$?
    ok=1 why=""
    if [ "${BLESS:-}" = 1 ]; then
        [ -n "$out" ] && cp "$tmp/out" "$dir/$out"
        [ -n "$err" ] && cp "$tmp/err" "$dir/$err"
    fi
    if [ "$got" != "$status" ]; then
        ok=0 why="exit status $got, expected $status"
    elif [ -n "$out" ] && ! cmp -s "$tmp/out" "$dir/$out"; then
        ok=0 why="stdout differs from $out"
    elif [ -z "$out" ] && [ -s "$tmp/out" ]; then
        ok=0 why="unexpected stdout"
    elif [ $err_none = 1 ] && [ -s "$tmp/err" ]; then
        ok=0 why="unexpected stderr"
    elif [ -n "$err" ] && ! cmp -s "$tmp/err" "$dir/$err"; then
        ok=0 why="stderr differs from $err"
    fi
    if [ $ok = 1 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "golden: FAIL $t: $why"
        if [ -n "$out" ] && [ -f "$dir/$out" ]; then diff "$dir/$out" "$tmp/out" | head -20; fi
        if [ -n "$err" ] && [ -f "$dir/$err" ]; then diff "$dir/$err" "$tmp/err" | head -20; fi
        head -5 "$tmp/err"
    fi
done
echo "golden: $pass passed, $fail failed"
[ $fail -eq 0 ]

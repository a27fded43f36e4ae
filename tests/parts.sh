#!/bin/sh
# A file parsed in parts by several threads (src/parse_parts.c) gives what
# one thread gives: for every .wit file of testdata/ and of the reference's
# suite (../shared, when it is there), and for a generated package, the
# output, the diagnostics and the exit status of `witan resolve` and
# `witan lint --format json` are the same with WITAN_THREADS=1 and with
# parts as small as one byte (so every file with two lines holding a lone
# `}` is cut), in up to 8 and in 3 parts (other places to cut).
# Run from the repository root:
#   WITAN=build/witan WITGEN=build/witgen sh tests/parts.sh
set -u
WITAN=${WITAN:-build/witan}
WITGEN=${WITGEN:-build/witgen}
SHARED=${WITAN_SHARED:-../shared}
UI=$SHARED/conformance/wit-parser/ui
if [ ! -x "$WITAN" ]; then
    echo "parts: $WITAN not found; build it first (make)" >&2
    exit 1
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

files=$tmp/files
find testdata -name '*.wit' | sort > "$files"
if [ -d "$UI" ]; then
    find "$UI" -name '*.wit' | sort >> "$files"
else
    echo "parts: the reference suite is skipped: $UI not found (it lives in ../shared beside the repository)"
fi
if [ -x "$WITGEN" ]; then
    "$WITGEN" --seed 7 --size 300K > "$tmp/gen.wit" && echo "$tmp/gen.wit" >> "$files"
fi

# prints the output, the diagnostics and the status of one run
run() {
    threads=$1
    shift
    WITAN_THREADS=$threads "$WITAN" "$@" > "$tmp/out" 2> "$tmp/err"
    echo "status $?"
    cat "$tmp/out" "$tmp/err"
}

pass=0 fail=0
while read -r f; do
    for cmd in resolve lint; do
        set -- "$cmd" "$f"
        [ "$cmd" = lint ] && set -- lint --format json "$f"
        run 1 "$@" > "$tmp/one"
        for parts in 8:1 3:1; do
            run "$parts" "$@" > "$tmp/many"
            if cmp -s "$tmp/one" "$tmp/many"; then
                pass=$((pass + 1))
            else
                fail=$((fail + 1))
                echo "parts: FAIL WITAN_THREADS=$parts witan $*"
                diff "$tmp/one" "$tmp/many" | head -10
            fi
        done
    done
done < "$files"
echo "parts: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

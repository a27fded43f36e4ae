#!/bin/sh
# make bench-reference: witan against the reference resolver on the same
# inputs, on this machine, the two run in turn (as in compare.sh), so
# that the ratio issue 7 asks for is measured rather than taken from a
# figure got on other inputs. Figures only, no thresholds.
#
#   sh bench/reference.sh BUILD_DIR REFERENCE [SIZES] [RUNS] [FILES]
#
# REFERENCE is a program the project neither ships nor builds (see
# bench/README.md): `REFERENCE PATH` parses and resolves the package at
# PATH and exits 0; `REFERENCE --json PATH` also prints the resolved
# model as JSON. SIZES are witgen sizes; FILES, further WIT files or
# package directories to measure as they are.
set -u
BUILD=${1:?usage: reference.sh BUILD_DIR REFERENCE [SIZES] [RUNS] [FILES]}
REFERENCE=${2:-}
SIZES=${3:-1M 10M}
RUNS=${4:-11}
FILES=${5:-}
GAP=0   # runs back to back (in_turn)
WITAN=$BUILD/witan
DATA=$BUILD/bench
# shellcheck disable=SC2034 # read by common.sh
NAME=bench-reference
mkdir -p "$DATA"
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
need_time
if [ -z "$REFERENCE" ]; then
    echo "bench-reference: name the reference program: make bench-reference REFERENCE=/path/to/it" >&2
    echo "  (bench/README.md says what it must do)" >&2
    exit 2
fi
case $REFERENCE in
*/*) ;;
*) REFERENCE=$(command -v "$REFERENCE") || REFERENCE=$2 ;;
esac
if [ ! -x "$REFERENCE" ] || [ -d "$REFERENCE" ]; then
    echo "bench-reference: '$REFERENCE' is not a program" >&2
    exit 2
fi
need_runs

# Both programs' JSON, parsed and compared as values when python3 is at
# hand (key order and spacing aside), else byte for byte but for a final
# newline.
same_json() {
    "$REFERENCE" --json "$1" > "$DATA/ref-a.json" 2> /dev/null || return 2
    "$WITAN" resolve --json "$1" > "$DATA/ref-b.json" 2> /dev/null || return 2
    if command -v python3 > /dev/null 2>&1; then
        python3 -c 'import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
sys.exit(0 if a == b else 1)' "$DATA/ref-a.json" "$DATA/ref-b.json"
    else
        # shellcheck disable=SC1003 # sed's "append a newline if none"
        sed '$a\' "$DATA/ref-a.json" | cmp -s - "$DATA/ref-b.json"
    fi
}

# shellcheck disable=SC2086 # an empty flag is no word
run_a() { timed_run "$REFERENCE" $flag "$input"; }
# shellcheck disable=SC2086
run_b() { timed_run "$WITAN" resolve $flag "$input"; }

# One input: the reference and witan in turn, RUNS times, for resolve
# and resolve --json.
measure() {
    input=$1
    label=$2
    if ! "$REFERENCE" "$input" > /dev/null 2> "$DATA/ref-err.txt"; then
        echo "bench-reference: the reference rejects $input:" >&2
        head -3 "$DATA/ref-err.txt" >&2
        rm -f "$DATA/ref-err.txt"
        return
    fi
    rm -f "$DATA/ref-err.txt"
    same_json "$input"
    case $? in
    0) json=same ;;
    1) json=DIFFERENT ;;
    *) json="not compared (a run failed)" ;;
    esac
    rm -f "$DATA"/ref-a.json "$DATA"/ref-b.json
    for flag in "" --json; do
        in_turn
        awk -v l="$label" -v c="resolve${flag:+ $flag}" -v ta="$ta" -v tb="$tb" \
            -v ma="$ma" -v mb="$mb" 'BEGIN {
            printf "%-10s %-15s %10.1f %10.1f %7.2fx %9.1f MiB %7.1f MiB %6.2fx\n", l, c,
                ta / 1000, tb / 1000, (tb > 0 ? ta / tb : 0), ma / 1024, mb / 1024, (mb > 0 ? ma / mb : 0)
        }'
    done
    echo "           resolve --json output: $json"
}

echo "reference: $REFERENCE; $RUNS runs of each, the two in turn"
printf '%-10s %-15s %10s %10s %8s %13s %11s %7s\n' input command "ref ms" "witan ms" faster \
    "ref RSS" "witan RSS" less
for size in $SIZES; do
    bench_input "$size"
    measure "$input" "$size"
done
for f in $FILES; do
    if [ ! -e "$f" ]; then
        echo "bench-reference: no such file or directory: $f" >&2
        continue
    fi
    measure "$f" "$(basename "$f")"
done
echo "(medians of wall time and of peak RSS; faster and less are reference / witan)"

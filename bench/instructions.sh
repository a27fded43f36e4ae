#!/bin/sh
# make bench-instructions: CPU instructions per input byte, counted by
# callgrind, for parsing alone, for parsing plus resolving (and with JSON
# output) and for linting (what an editor runs on every change) the
# generated packages (1 MB and 10 MB unless SIZEs are given).
# Unlike wall time this figure is the same on a busy machine, so it is the
# one to optimise against.
#
#   sh bench/instructions.sh BUILD_DIR [SIZE...]
set -u
BUILD=${1:-build}
[ $# -gt 0 ] && shift
SIZES=${*:-1M 10M}
WITAN=$BUILD/witan
DATA=$BUILD/bench
# shellcheck disable=SC2034 # read by common.sh
NAME=bench-instructions
mkdir -p "$DATA"
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
command -v valgrind > /dev/null 2>&1 || {
    echo "bench-instructions: valgrind is missing" >&2
    exit 2
}
count() {
    # shellcheck disable=SC2086
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$WITAN" "$@" 2>&1 > /dev/null |
        sed -n 's/.*Collected : *\([0-9][0-9]*\).*/\1/p' | tail -1
}

base=$(count --version)
printf '%-22s %14s %12s\n' "input" instructions "per byte"
for size in $SIZES; do
    bench_input "$size"
    for cmd in "parse" "resolve" "resolve --json" "lint"; do
        # shellcheck disable=SC2086
        total=$(count $cmd "$input")
        awk -v c="$size $cmd" -v t="$total" -v b="$base" -v n="$bytes" 'BEGIN {
            printf "%-22s %14.0f %12.1f\n", c, t - b, (t - b) / n
        }'
    done
done
echo "(process start-up, measured with --version, is subtracted: $base instructions)"

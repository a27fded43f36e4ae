#!/bin/sh
# make bench: wall time (median of several runs), throughput and peak
# resident memory of witan's commands on generated packages of 100 KB,
# 1 MB, 10 MB and 100 MB, and how each grows with the size (x10 input
# should cost x10 time for a linear pass). Figures only, no thresholds.
#
#   sh bench/bench.sh BUILD_DIR [SIZES...]
set -u
BUILD=${1:-build}
[ $# -gt 0 ] && shift
SIZES=${*:-100K 1M 10M 100M}
WITAN=$BUILD/witan
DATA=$BUILD/bench
# shellcheck disable=SC2034 # read by common.sh
NAME=bench
mkdir -p "$DATA"
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
need_time

runs_for() {
    case $1 in 100M) echo 3 ;; 10M) echo 5 ;; *) echo 7 ;; esac
}

# prints "seconds max_rss_kib" for one run of the command
one_run() { timed_run "$@" | awk '{ printf "%.6f %s\n", $1 / 1e6, $2 }'; }

commands="parse|resolve|resolve --json|list|manifest|lint"
has_manifest=0
"$WITAN" help manifest > /dev/null 2>&1 && has_manifest=1

printf '%-8s %-16s %10s %10s %11s %9s %8s\n' size command "median s" "MB/s" "peak RSS" "RSS/in" growth
prev_size=""
for size in $SIZES; do
    bench_input "$size"
    runs=$(runs_for "$size")
    old_ifs=$IFS
    IFS='|'
    for cmd in $commands; do
        IFS=$old_ifs
        if [ "$cmd" = manifest ] && [ $has_manifest = 0 ]; then
            IFS='|'
            continue
        fi
        : > "$DATA/t.txt"
        : > "$DATA/m.txt"
        i=0
        while [ $i -lt "$runs" ]; do
            # shellcheck disable=SC2046,SC2086 # the words are meant to split
            set -- $(one_run "$WITAN" $cmd "$input")
            echo "$1" >> "$DATA/t.txt"
            echo "$2" >> "$DATA/m.txt"
            i=$((i + 1))
        done
        t=$(median < "$DATA/t.txt")
        m=$(median < "$DATA/m.txt")
        key=$(echo "$cmd" | tr ' -' '__')
        growth=-
        if [ -n "$prev_size" ] && [ -f "$DATA/last-$key" ]; then
            growth=$(awk -v a="$t" -v b="$(cat "$DATA/last-$key")" \
                'BEGIN { if (b > 0) printf "x%.1f", a / b; else print "-" }')
        fi
        echo "$t" > "$DATA/last-$key"
        awk -v size="$size" -v cmd="$cmd" -v t="$t" -v m="$m" -v n="$bytes" -v g="$growth" 'BEGIN {
            mbs = t > 0 ? n / 1e6 / t : 0
            printf "%-8s %-16s %10.3f %10.1f %8.1f MiB %8.1fx %8s\n", size, cmd, t, mbs, m / 1024, m * 1024 / n, g
        }'
        IFS='|'
    done
    IFS=$old_ifs
    prev_size=$size
done
rm -f "$DATA"/last-* "$DATA/t.txt" "$DATA/m.txt"
echo "(growth: time relative to the previous size; linear in the input means about x10)"

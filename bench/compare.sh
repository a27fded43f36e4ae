#!/bin/sh
# make bench-compare: this tree's witan against the build of an earlier
# commit, on one generated package. The two binaries run in turn, one
# run of each after the other, so that a slow period of a shared machine
# slows both alike; medians of wall time and peak RSS, and the change.
# Figures only, no thresholds.
#
#   sh bench/compare.sh BUILD_DIR BASE [SIZE] [RUNS]
#
# BASE is any commit name git knows (HEAD, HEAD~3, a hash). Its build is
# kept in BUILD_DIR/compare/<hash>/witan for the next comparison.
set -u
BUILD=${1:?usage: compare.sh BUILD_DIR BASE [SIZE] [RUNS]}
BASE=${2:?usage: compare.sh BUILD_DIR BASE [SIZE] [RUNS]}
SIZE=${3:-10M}
RUNS=${4:-21}
WITAN=$BUILD/witan
DATA=$BUILD/bench
mkdir -p "$DATA"

command -v /usr/bin/time >/dev/null 2>&1 || {
    echo "bench-compare: /usr/bin/time is missing (Debian package 'time')" >&2
    exit 2
}
case $RUNS in
'' | *[!0-9]* | 0) echo "bench-compare: RUNS must be a positive number, not '$RUNS'" >&2; exit 2 ;;
esac
git rev-parse --git-dir > /dev/null 2>&1 || {
    echo "bench-compare: needs a git checkout (the base is built from a commit)" >&2
    exit 2
}
hash=$(git rev-parse --verify --quiet "$BASE^{commit}") || {
    echo "bench-compare: '$BASE' names no commit" >&2
    exit 2
}
short=$(git rev-parse --short "$hash")

# the base's binary, built once in a worktree of its own
base_bin=$BUILD/compare/$hash/witan
if [ ! -x "$base_bin" ]; then
    tree=$BUILD/compare/tree-$hash
    rm -rf "$tree"
    git worktree prune
    git worktree add --detach --quiet "$tree" "$hash" || exit 2
    echo "bench-compare: building $short ..." >&2
    if make -C "$tree" --no-print-directory BUILD=build build/witan > "$BUILD/compare/build-$hash.log" 2>&1; then
        mkdir -p "$BUILD/compare/$hash"
        cp "$tree/build/witan" "$base_bin"
    else
        echo "bench-compare: the build of $short failed; see $BUILD/compare/build-$hash.log" >&2
    fi
    git worktree remove --force "$tree"
    [ -x "$base_bin" ] || exit 2
fi

input=$DATA/gen-$SIZE.wit
[ -f "$input" ] || "$BUILD/witgen" --size "$SIZE" -o "$input" || exit 2
bytes=$(wc -c < "$input" | tr -d ' ')

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# appends "milliseconds max_rss_kib" of one run to the file $1
one_run() {
    out=$1
    shift
    t0=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$DATA/cmp-time.txt" "$@" > /dev/null 2> "$DATA/cmp-err.txt"
    status=$?
    t1=$(date +%s%N)
    if [ $status -ne 0 ]; then
        echo "bench-compare: failed ($status): $*" >&2
        head -3 "$DATA/cmp-err.txt" >&2
    fi
    echo "$(( (t1 - t0) / 1000 )) $(tail -1 "$DATA/cmp-time.txt")" >> "$out"
}

echo "$SIZE ($bytes bytes), $RUNS runs of each, base and this tree in turn"
printf '%-16s %12s %12s %8s %12s %12s\n' command "base ms" "this ms" change "base RSS" "this RSS"
for cmd in parse resolve "resolve --json"; do
    : > "$DATA/cmp-a.txt"
    : > "$DATA/cmp-b.txt"
    i=0
    while [ $i -lt "$RUNS" ]; do
        # shellcheck disable=SC2086 # the command's words are meant to split
        one_run "$DATA/cmp-a.txt" "$base_bin" $cmd "$input"
        # shellcheck disable=SC2086
        one_run "$DATA/cmp-b.txt" "$WITAN" $cmd "$input"
        i=$((i + 1))
    done
    ta=$(awk '{print $1}' "$DATA/cmp-a.txt" | median)
    tb=$(awk '{print $1}' "$DATA/cmp-b.txt" | median)
    ma=$(awk '{print $2}' "$DATA/cmp-a.txt" | median)
    mb=$(awk '{print $2}' "$DATA/cmp-b.txt" | median)
    awk -v c="$cmd" -v ta="$ta" -v tb="$tb" -v ma="$ma" -v mb="$mb" 'BEGIN {
        ch = ta > 0 ? sprintf("%+.1f%%", (tb - ta) * 100 / ta) : "-"
        printf "%-16s %12.1f %12.1f %8s %8.1f MiB %8.1f MiB\n", c, ta / 1000, tb / 1000, ch, ma / 1024, mb / 1024
    }'
done
rm -f "$DATA"/cmp-*.txt
echo "(base: $short; this tree: $WITAN as built now, uncommitted changes included)"

#!/bin/sh
# make bench-compare: this tree's witan against the build of an earlier
# commit, on one generated package. The two binaries run in turn, one
# run of each after the other, so that a slow period of a shared machine
# slows both alike; medians of wall time and peak RSS, and the change.
# Figures only, no thresholds.
#
#   sh bench/compare.sh BUILD_DIR BASE [SIZE] [RUNS] [GAP]
#
# BASE is any commit name git knows (HEAD, HEAD~3, a hash). Its build is
# kept in BUILD_DIR/compare/<hash>/witan for the next comparison. GAP,
# seconds idle before each run (default 0), times runs as one-shot use
# makes them rather than back to back (see bench/README.md).
set -u
BUILD=${1:?usage: compare.sh BUILD_DIR BASE [SIZE] [RUNS] [GAP]}
BASE=${2:?usage: compare.sh BUILD_DIR BASE [SIZE] [RUNS] [GAP]}
SIZE=${3:-10M}
RUNS=${4:-21}
GAP=${5:-0}
WITAN=$BUILD/witan
DATA=$BUILD/bench
# shellcheck disable=SC2034 # read by common.sh
NAME=bench-compare
mkdir -p "$DATA"
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
need_time
need_runs
case $GAP in
'' | *[!0-9]* ) echo "bench-compare: GAP must be a whole number of seconds, not '$GAP'" >&2; exit 2 ;;
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

bench_input "$SIZE"

gap_note=""
[ "$GAP" -gt 0 ] && gap_note=", $GAP s idle before each run"
echo "$SIZE ($bytes bytes), $RUNS runs of each, base and this tree in turn$gap_note"
printf '%-16s %12s %12s %8s %12s %12s\n' command "base ms" "this ms" change "base RSS" "this RSS"
# shellcheck disable=SC2086 # the command's words are meant to split
run_a() { timed_run "$base_bin" $cmd "$input"; }
# shellcheck disable=SC2086
run_b() { timed_run "$WITAN" $cmd "$input"; }
for cmd in parse resolve "resolve --json"; do
    in_turn
    awk -v c="$cmd" -v ta="$ta" -v tb="$tb" -v ma="$ma" -v mb="$mb" 'BEGIN {
        ch = ta > 0 ? sprintf("%+.1f%%", (tb - ta) * 100 / ta) : "-"
        printf "%-16s %12.1f %12.1f %8s %8.1f MiB %8.1f MiB\n", c, ta / 1000, tb / 1000, ch, ma / 1024, mb / 1024
    }'
done
echo "(base: $short; this tree: $WITAN as built now, uncommitted changes included)"

#!/bin/sh
# Runs a test script as N shards side by side (WITAN_SHARD=I/N) and
# succeeds when every shard does: golden.sh and conformance.sh under
# valgrind take minutes one case at a time, and the machines have cores.
# Each shard's output is printed whole once all have finished.
#   sh tests/shards.sh N SCRIPT
set -u
n=$1 script=$2
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
i=0 pids=""
while [ "$i" -lt "$n" ]; do
    WITAN_SHARD=$i/$n sh "$script" > "$tmp/$i" 2>&1 &
    pids="$pids $!"
    i=$((i + 1))
done
status=0 i=0
for p in $pids; do
    wait "$p" || status=1
    sed '$d' "$tmp/$i" | sed "s|^|[$i/$n] |"
    i=$((i + 1))
done
# the scripts end with "[prefix: ]N passed, N failed": one such line for all
i=0
while [ "$i" -lt "$n" ]; do tail -n 1 "$tmp/$i"; i=$((i + 1)); done |
    awk '{ if (match($0, /[0-9]+ passed, [0-9]+ failed/)) {
               pre = substr($0, 1, RSTART - 1); split(substr($0, RSTART), w, " ")
               p += w[1]; f += w[3]; counted = 1
           } else if (!($0 in said)) { said[$0] = 1; print } }
         END { if (counted) printf "%s%d passed, %d failed\n", pre, p, f }'
exit $status

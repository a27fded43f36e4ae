#!/bin/sh
# The benchmark generator's output is valid WIT: small packages of every
# kind it writes (one file, and a directory with deps/, for several
# seeds) resolve cleanly with witan, under --strict (no legacy syntax),
# and the world lists exports. Two runs with one seed give the same bytes.
# Run from the repository root: WITAN=build/witan WITGEN=build/witgen sh tests/witgen.sh
set -u
WITAN=${WITAN:-build/witan}
WITGEN=${WITGEN:-build/witgen}
for tool in "$WITAN" "$WITGEN"; do
    if [ ! -x "$tool" ]; then
        echo "witgen: $tool not found; build it first (make)" >&2
        exit 1
    fi
done
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
check() {
    what=$1
    shift
    if "$@" > "$tmp/out" 2> "$tmp/err"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "witgen: FAIL $what: $*"
        head -5 "$tmp/err"
    fi
}
for seed in 1 2 3; do
    for size in 4K 64K; do
        f=$tmp/gen-$seed-$size.wit
        d=$tmp/dir-$seed-$size
        check "generate $size" "$WITGEN" --seed $seed --size $size -o "$f"
        check "generate $size dir" "$WITGEN" --seed $seed --size $size --dir "$d"
        check "resolve $f" "$WITAN" resolve --strict "$f"
        check "resolve $d" "$WITAN" resolve --strict "$d"
        check "lint $f" "$WITAN" lint --strict "$f"
        "$WITAN" list "$f" > "$tmp/list" 2> /dev/null
        if [ -s "$tmp/list" ]; then pass=$((pass + 1)); else
            fail=$((fail + 1)); echo "witgen: FAIL list $f: no exports"; fi
        "$WITAN" list "$d" > "$tmp/list" 2> /dev/null
        if [ -s "$tmp/list" ]; then pass=$((pass + 1)); else
            fail=$((fail + 1)); echo "witgen: FAIL list $d: no exports"; fi
    done
done
"$WITGEN" --seed 7 --size 32K -o "$tmp/a.wit" && "$WITGEN" --seed 7 --size 32K -o "$tmp/b.wit"
if cmp -s "$tmp/a.wit" "$tmp/b.wit"; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "witgen: FAIL same seed, different output"; fi
echo "witgen: $pass passed, $fail failed"
[ $fail -eq 0 ]

#!/bin/sh
# Running out of memory at any allocation. For each case below, witan
# runs once with memory to spare, then once per allocation it makes, with
# that one allocation failing (tests/failalloc.c, through LD_PRELOAD),
# until the failing call is past the run's last. Every such run must
# either exit with status 3 and say "out of memory" (on standard error,
# or in the JSON document on standard output), or, where witan can do
# without what it failed to get, print exactly what the run with memory
# to spare printed, with the same status. Anything else fails: another
# status (a syntax or resolution error made up from a name cut short), a
# different answer, a crash, a hang.
# Run from the repository root:
#   WITAN=build/witan-dynamic FAILALLOC=build/tests/failalloc.so \
#   WITGEN=build/witgen sh tests/oom.sh
# WITAN_SHARD=I/N runs every Nth case from the Ith (tests/shards.sh).
set -u
WITAN=${WITAN:-build/witan-dynamic}
FAILALLOC=${FAILALLOC:-build/tests/failalloc.so}
WITGEN=${WITGEN:-build/witgen}
case $WITAN in /*) ;; *) WITAN=$(pwd)/$WITAN ;; esac
case $FAILALLOC in /*) ;; *) FAILALLOC=$(pwd)/$FAILALLOC ;; esac
shard=${WITAN_SHARD:-0/1}
shard_i=${shard%/*} shard_n=${shard#*/}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

pass=0 fail=0 index=0
failures=""
note() { failures="$failures
  $1"; fail=$((fail + 1)); }

# sweep NAME ARGS...: witan ARGS with each allocation failing in turn
sweep() {
    name=$1
    shift
    index=$((index + 1))
    [ $(((index - 1) % shard_n)) -eq "$shard_i" ] || return 0
    "$WITAN" "$@" > "$tmp/ref.out" 2> "$tmp/ref.err"
    ref=$?
    n=1 bad=0
    while :; do
        rm -f "$tmp/hit"
        # the shim goes into witan only, not into timeout
        timeout 60 env FAILALLOC_AT=$n FAILALLOC_HIT="$tmp/hit" LD_PRELOAD="$FAILALLOC" \
            "$WITAN" "$@" > "$tmp/out" 2> "$tmp/err"
        st=$?
        if [ ! -e "$tmp/hit" ]; then
            # no allocation number n: the run must be the normal one
            if [ $st -ne $ref ] || ! cmp -s "$tmp/out" "$tmp/ref.out" ||
                ! cmp -s "$tmp/err" "$tmp/ref.err"; then
                note "$name: a run past the last allocation differs (status $st)"
                bad=1
            fi
            break
        fi
        if [ $st -eq 3 ] && cat "$tmp/err" "$tmp/out" | grep -q "out of memory"; then
            :
        elif [ $st -eq $ref ] && cmp -s "$tmp/out" "$tmp/ref.out" &&
            cmp -s "$tmp/err" "$tmp/ref.err"; then
            :
        else
            note "$name: allocation $n failing gives status $st (expected 3, or $ref and the same output): $(head -c 200 "$tmp/err" | tr '\n' ' ')"
            bad=1
        fi
        n=$((n + 1))
    done
    if [ $bad -eq 0 ]; then
        pass=$((pass + 1))
        echo "oom: $name: $((n - 1)) allocations, each failing in turn: ok"
    fi
}

G=testdata/golem
P='[{"product-id": "p1", "name": "Pen", "price": 1.5, "quantity": 2}]'
sweep "list" list "$G/shopping-cart.wit"
sweep "list of a directory with two worlds" list "$G/wit-project/wit"
sweep "list --imports" list --imports --world store "$G/wit-project/wit"
sweep "manifest" manifest "$G/shopping-cart.wit"
sweep "check-params, valid" check-params "$G/shopping-cart.wit" add-item "$P"
sweep "check-params, problems" check-params "$G/shopping-cart.wit" add-item '[{"product-id": 1}, 2]'
sweep "check-params, unknown function" check-params "$G/shopping-cart.wit" add-itemz '[]'
sweep "resolve --json of a directory with deps" resolve --json "$G/wit-project/wit"
sweep "resolve, an error in a dependency" resolve testdata/resolve/dirs/push-error
sweep "lint with warnings" lint "$G/shopping-cart-legacy.wit"
sweep "lint --format json" lint --format json "$G/shopping-cart-legacy.wit"
sweep "parse" parse "$G/counter.wit"
sweep "lint of syntax errors (repaired copies)" lint testdata/lint/multi/functions.wit
sweep "lint, unused-use" lint testdata/lint/rules/unused-use.trigger.wit
sweep "lint, deprecated-use" lint testdata/lint/rules/deprecated-use.trigger.wit
sweep "resolve --json, include with renames" resolve --json testdata/resolve/include/rename.wit
Q=testdata/params/params.wit
sweep "check-params, a record's problems" check-params $Q test:params/api/take-record '[{"id": 1, "quantity": -1, "tags": [1], "extra": true}]'
sweep "check-params, a variant's cases" check-params $Q test:params/api/take-variant '[{"started": null, "failed": "x", "stopped": 1}]'
sweep "check-params, a type without JSON" check-params $Q test:params/api/take-stream '[]'
sweep "manifest of every kind of type" manifest $Q
# a file big enough to be mapped, parsed in two parts and given the big
# hash tables (witgen's 100 KB package, in parts of 20 KB or more)
"$WITGEN" --size 100K -o "$tmp/gen.wit" || note "witgen failed"
WITAN_THREADS=2:20000
export WITAN_THREADS
sweep "resolve --json of 100 KB in two parts" resolve --json "$tmp/gen.wit"
unset WITAN_THREADS

if [ $fail -ne 0 ]; then
    echo "oom: failures:$failures"
fi
echo "oom: $pass passed, $fail failed"
[ $fail -eq 0 ]

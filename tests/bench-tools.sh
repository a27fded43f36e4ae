#!/bin/sh
# The bench tools that `make bench*` rely on, on tiny inputs (no timing
# is checked): benchrun reports a run and passes its exit status on, and
# bench/reference.sh measures a reference, tells whether its JSON agrees
# with witan's, and refuses what is not a program. The stand-in
# references are witan itself (so the JSON must agree) and programs
# that print other JSON or reject every input.
# Run from the repository root:
#   WITAN=build/witan WITGEN=build/witgen BENCHRUN=build/benchrun sh tests/bench-tools.sh
set -u
WITAN=${WITAN:-build/witan}
WITGEN=${WITGEN:-build/witgen}
BENCHRUN=${BENCHRUN:-build/benchrun}
for tool in "$WITAN" "$WITGEN" "$BENCHRUN"; do
    if [ ! -x "$tool" ]; then
        echo "bench-tools: $tool not found; build it first (make)" >&2
        exit 1
    fi
done
# absolute: the stand-in reference and the scratch build dir point at them
abs() { case $1 in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
WITAN=$(abs "$WITAN")
WITGEN=$(abs "$WITGEN")
BENCHRUN=$(abs "$BENCHRUN")
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() {
    fail=$((fail + 1))
    echo "bench-tools: FAIL $*"
}

# benchrun: "MICROSECONDS MAX_RSS_KIB", the command's output dropped,
# its exit status passed on
out=$("$BENCHRUN" "$WITAN" --version)
st=$?
if [ $st -eq 0 ] && echo "$out" | grep -Eq '^[0-9]+ [1-9][0-9]*$'; then ok; else bad "benchrun --version: status $st, '$out'"; fi
out=$("$BENCHRUN" sh -c 'exit 3')
st=$?
if [ $st -eq 3 ] && echo "$out" | grep -Eq '^[0-9]+ [0-9]+$'; then ok; else bad "benchrun exit 3: status $st, '$out'"; fi
"$BENCHRUN" "$tmp/no-such-program" > /dev/null 2> "$tmp/err"
st=$?
if [ $st -eq 127 ] && grep -q 'no-such-program' "$tmp/err"; then ok; else bad "benchrun of a missing program: status $st"; fi
"$BENCHRUN" > /dev/null 2>&1
st=$?
if [ $st -eq 2 ]; then ok; else bad "benchrun without a command: status $st"; fi

# stand-in references
cat > "$tmp/same" <<EOF
#!/bin/sh
if [ "\$1" = --json ]; then exec "$WITAN" resolve --json "\$2"; fi
exec "$WITAN" resolve "\$1"
EOF
cat > "$tmp/other" <<'EOF'
#!/bin/sh
if [ "$1" = --json ]; then echo '{"packages": []}'; fi
exit 0
EOF
cat > "$tmp/rejects" <<'EOF'
#!/bin/sh
echo "error: not today" >&2
exit 1
EOF
chmod +x "$tmp/same" "$tmp/other" "$tmp/rejects"
build=$tmp/build
mkdir -p "$build"
ln -s "$WITAN" "$build/witan"
ln -s "$WITGEN" "$build/witgen"
ln -s "$BENCHRUN" "$build/benchrun"

sh bench/reference.sh "$build" "$tmp/same" 8K 2 > "$tmp/out" 2> "$tmp/err"
st=$?
if [ $st -eq 0 ] && grep -Eq '^8K +resolve +[0-9.]+ +[0-9.]+ +[0-9.]+x' "$tmp/out" &&
    grep -Eq '^8K +resolve --json ' "$tmp/out" && grep -q 'output: same' "$tmp/out" &&
    [ ! -s "$tmp/err" ]; then
    ok
else
    bad "reference.sh with witan as the reference (status $st)"
    cat "$tmp/out" "$tmp/err"
fi
# a file of one's own, beside a generated size
"$WITGEN" --size 4K -o "$tmp/mine.wit"
sh bench/reference.sh "$build" "$tmp/other" "" 1 "$tmp/mine.wit" > "$tmp/out" 2> "$tmp/err"
if grep -Eq '^mine.wit +resolve ' "$tmp/out" && grep -q 'output: DIFFERENT' "$tmp/out"; then
    ok
else
    bad "reference.sh with a reference whose JSON differs"
    cat "$tmp/out" "$tmp/err"
fi
sh bench/reference.sh "$build" "$tmp/rejects" 4K 1 > "$tmp/out" 2> "$tmp/err"
if grep -q 'the reference rejects' "$tmp/err" && grep -q 'not today' "$tmp/err" &&
    ! grep -Eq '^4K ' "$tmp/out"; then
    ok
else
    bad "reference.sh with a reference that rejects the input"
    cat "$tmp/out" "$tmp/err"
fi
for ref in "" "$tmp/no-such-program" "$tmp"; do
    sh bench/reference.sh "$build" "$ref" 4K 1 > "$tmp/out" 2> "$tmp/err"
    st=$?
    if [ $st -eq 2 ] && [ -s "$tmp/err" ]; then ok; else bad "reference.sh with REFERENCE='$ref': status $st"; fi
done
sh bench/reference.sh "$build" "$tmp/same" 4K x > "$tmp/out" 2> "$tmp/err"
st=$?
if [ $st -eq 2 ] && grep -q 'RUNS must be' "$tmp/err"; then ok; else bad "reference.sh with RUNS=x: status $st"; fi

echo "bench-tools: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

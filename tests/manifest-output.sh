#!/bin/sh
# `witan manifest -o FILE` replaces FILE atomically: the whole document or
# nothing. A run that fails (bad input, unreadable PATH, a directory that
# cannot be written) leaves an existing FILE as it was, and no run leaves
# a partial file or a temporary file behind.
# Run from the repository root: WITAN=build/witan sh tests/manifest-output.sh
set -u
WITAN=${WITAN:-build/witan}
case $WITAN in /*) ;; *) WITAN=$(pwd)/$WITAN ;; esac
INPUT=$(pwd)/testdata/golem/counter.wit

work=$(mktemp -d) || exit 1
trap 'chmod -R u+w "$work" 2> /dev/null; rm -rf "$work"' EXIT
trap 'exit 1' INT TERM
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "manifest-output: FAIL $1"; }

# no temporary file (FILE.tmp.XXXXXX) left in the directory
no_temp() {
    if ls "$1" | grep -q '\.tmp\.'; then bad "$2: a temporary file was left behind: $(ls "$1")"; else ok; fi
}

expect_status() {
    if [ "$1" = "$2" ]; then ok; else bad "$3: exit status $1, expected $2"; fi
}

"$WITAN" manifest "$INPUT" > "$work/expected.json" 2> /dev/null || { echo "manifest-output: witan manifest failed" >&2; exit 1; }

# 1. success: the file holds exactly what stdout gets, with a plain file's mode
mkdir "$work/out"
"$WITAN" manifest -o "$work/out/m.json" "$INPUT"
expect_status $? 0 "-o FILE"
if cmp -s "$work/expected.json" "$work/out/m.json"; then ok; else bad "-o FILE: content differs from stdout"; fi
mode=$(umask 022; : > "$work/plain"; stat -c %a "$work/plain")
got=$(stat -c %a "$work/out/m.json")
if (umask 022; "$WITAN" manifest --output="$work/out/m2.json" "$INPUT") && [ "$(stat -c %a "$work/out/m2.json")" = "$mode" ]; then ok
else bad "--output=FILE: mode $(stat -c %a "$work/out/m2.json" 2> /dev/null), expected $mode (was $got)"; fi
no_temp "$work/out" "success"

# 2. an input error (no such world) leaves the old file alone
printf 'old\n' > "$work/out/m.json"
"$WITAN" manifest --world nope -o "$work/out/m.json" "$INPUT" 2> "$work/err"
expect_status $? 1 "input error"
if [ "$(cat "$work/out/m.json")" = old ]; then ok; else bad "input error: the old file was changed"; fi
no_temp "$work/out" "input error"

# 3. an unreadable PATH: status 2, old file intact
"$WITAN" manifest -o "$work/out/m.json" "$work/no-such.wit" 2> "$work/err"
expect_status $? 2 "unreadable PATH"
if [ "$(cat "$work/out/m.json")" = old ]; then ok; else bad "unreadable PATH: the old file was changed"; fi

# 4. a directory that cannot be written: status 2, nothing created. Root
# writes anywhere, so as root /proc stands in for a read-only directory.
if [ "$(id -u)" = 0 ]; then
    rodir=/proc
else
    rodir=$work/ro
    mkdir "$rodir"
    chmod 555 "$rodir"
fi
"$WITAN" manifest -o "$rodir/witan-manifest-test.json" "$INPUT" 2> "$work/err"
expect_status $? 2 "read-only directory"
if [ -e "$rodir/witan-manifest-test.json" ]; then bad "read-only directory: a file was created"; else ok; fi
if grep -q "cannot create a temporary file next to" "$work/err"; then ok
else bad "read-only directory: unexpected message: $(cat "$work/err")"; fi

# 5. a missing directory
"$WITAN" manifest -o "$work/missing/m.json" "$INPUT" 2> "$work/err"
expect_status $? 2 "missing directory"

# 6. FILE is a directory: the rename fails, the directory stays, no temp file
mkdir "$work/out/dir.json"
"$WITAN" manifest -o "$work/out/dir.json" "$INPUT" 2> "$work/err"
expect_status $? 2 "FILE is a directory"
if [ -d "$work/out/dir.json" ]; then ok; else bad "FILE is a directory: it was replaced"; fi
no_temp "$work/out" "FILE is a directory"

# 7. -o - is standard output
"$WITAN" manifest -o - "$INPUT" > "$work/stdout.json"
expect_status $? 0 "-o -"
if cmp -s "$work/expected.json" "$work/stdout.json"; then ok; else bad "-o -: content differs"; fi

echo "manifest-output: $pass passed, $fail failed"
[ $fail -eq 0 ]

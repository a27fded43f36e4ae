#!/bin/sh
# Hostile and broken input: every case must end with a chosen exit status
# and a message that names a place (file:line:col) or a path, never a
# crash, a hang, a sanitizer report or a partial output. The inputs are
# generated here, in a temporary directory (nothing big is committed):
#   - nesting 100,000 deep: types, packages, block comments, braces,
#     parentheses, angle brackets, JSON arrays and objects (check-params);
#   - width: a tuple of 100,000 types, a `use` of 100,000 names;
#   - long chains: 100,000 type aliases, 10,000 interfaces each using the
#     previous, 10,000 packages in deps/ each depending on the previous;
#   - limits: identifier length, file size, files in a directory;
#   - broken files: invalid UTF-8 in every position, NUL bytes, a
#     WebAssembly binary, an empty file, an empty directory, unreadable
#     files, dangling and looping symlinks in deps/, FIFOs and devices,
#     duplicate packages in deps/, files whose size is not what stat says
#     or that are rewritten while read, odd standard inputs;
#   - outputs: a full disk, a closed pipe and a closed descriptor on
#     stdout, -o that cannot be written, -o through a symlink.
# Run from the repository root: WITAN=build/witan sh tests/hostile.sh
set -u
WITAN=${WITAN:-build/witan}
case $WITAN in /*) ;; *) WITAN=$(pwd)/$WITAN ;; esac
ROOT=$(pwd)
GOLEM=$ROOT/testdata/golem
# tmpfs when there is one: creating 100,000 files on a disk takes minutes
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    tmp=$(mktemp -d /dev/shm/witan-hostile.XXXXXX)
else
    tmp=$(mktemp -d)
fi
rewriter=""
trap '[ -n "$rewriter" ] && kill "$rewriter" 2>/dev/null; chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 2

pass=0 fail=0 skipped=0
failures=""
note() { failures="$failures
  $1"; fail=$((fail + 1)); }
skip() { echo "hostile: skip $1"; skipped=$((skipped + 1)); }

# check NAME STATUS PATTERN [ARGS...]: runs witan (at most 120 s, stdin
# /dev/null); wants exit status STATUS, a line of stderr matching the
# extended regex PATTERN (empty: stderr must be empty) and no sanitizer
# report (the sanitizer build exits 86 and prints "Sanitizer" or
# "runtime error").
check() {
    name=$1 want=$2 pat=$3
    shift 3
    timeout 120 "$WITAN" "$@" < /dev/null > out.txt 2> err.txt
    verify "$name" "$want" "$pat" $?
}

verify() {
    if grep -q -E 'Sanitizer|runtime error:' err.txt; then
        note "$1: sanitizer report: $(grep -m1 -E 'Sanitizer|runtime error:' err.txt)"
    elif [ "$4" = 124 ]; then
        note "$1: timed out"
    elif [ "$4" != "$2" ]; then
        note "$1: exit status $4, expected $2: $(head -c 300 err.txt | head -3)"
    elif [ -z "$3" ] && [ -s err.txt ]; then
        note "$1: unexpected message: $(head -c 300 err.txt | head -3)"
    elif [ -n "$3" ] && ! grep -q -E -- "$3" err.txt; then
        note "$1: message does not match '$3': $(head -c 300 err.txt | head -3)"
    else
        pass=$((pass + 1))
    fi
}

# ------------------------------------------------------------ deep nesting

# type nesting: the 101st constructor is refused, at its place
awk 'BEGIN { printf "package a:b;\ninterface i {\n  type t = ";
             for (i = 0; i < 100000; i++) printf "list<"; printf "u8";
             for (i = 0; i < 100000; i++) printf ">"; print ";\n}" }' > types.wit
for cmd in parse resolve lint; do
    check "types 100000 deep ($cmd)" 1 'types\.wit:3:512: type nesting too deep' $cmd types.wit
done
awk 'BEGIN { printf "package a:b;\ninterface i {\n  type t = ";
             for (i = 0; i < 100000; i++) printf "tuple<u8, "; printf "u8";
             for (i = 0; i < 100000; i++) printf ">"; print ";\n}" }' > tuples.wit
check "tuples 100000 deep" 1 'type nesting too deep' resolve tuples.wit

# a tuple of 100,000 types: its list of types is a block of the tree of
# its own, and what comes after it (a type another interface uses) must
# still be there when that interface is resolved
awk 'BEGIN { printf "package a:b;\ninterface i {\n  f: func(x: tuple<u8";
             for (i = 0; i < 99999; i++) printf ", u8"; print ">);";
             print "  type after = u32;\n}\ninterface j {\n  use i.{after};\n  g: func(a: after);\n}";
             print "world w {\n  export i;\n  export j;\n}" }' > wide-tuple.wit
check "a tuple of 100000 types (list)" 0 '' list wide-tuple.wit
[ "$(tr '\n' ' ' < out.txt)" = "a:b/i/f a:b/j/g " ] || note "a tuple of 100000 types: list printed $(head -c 100 out.txt)"
check "a tuple of 100000 types (resolve --json)" 0 '' resolve --json wide-tuple.wit
[ "$(grep -c '^ *"u8",\?$' out.txt)" = 100000 ] || note "a tuple of 100000 types: $(grep -c '^ *"u8",\?$' out.txt) elements in the model"

# one `use` of 100,000 names on one line, all but one unused: as many
# findings on that line, each quoting it
awk 'BEGIN { printf "package a:b;\ninterface t {\n";
             for (i = 0; i < 100000; i++) printf "  type t%d = u32;\n", i;
             printf "}\ninterface u {\n  use t.{t0";
             for (i = 1; i < 100000; i++) printf ", t%d", i;
             print "};\n  f: func(x: t0);\n}\nworld w {\n  export u;\n}" }' > wide-use.wit
check "a use of 100000 names (lint)" 0 'wide-use\.wit:100005:14: warning: `t1` is brought in by `use` but never used' lint --format gcc wide-use.wit
[ "$(grep -c 'is brought in by `use` but never used' err.txt)" = 99999 ] ||
    note "a use of 100000 names: $(grep -c 'is brought in by `use` but never used' err.txt) findings"

# package nesting: the 101st `package` is refused
awk 'BEGIN { print "package a:b;";
             for (i = 0; i < 100000; i++) printf "package x:y%d {\n", i;
             for (i = 0; i < 100000; i++) print "}" }' > packages.wit
for cmd in parse resolve lint; do
    check "packages 100000 deep ($cmd)" 1 '--> packages\.wit:102:1' $cmd packages.wit
done
grep -q 'package nesting too deep' err.txt || note "packages 100000 deep: message is not 'package nesting too deep'"

# block comments nest without limit, and are skipped without recursion
awk 'BEGIN { print "package a:b;";
             for (i = 0; i < 100000; i++) printf "/*"; printf " x ";
             for (i = 0; i < 100000; i++) printf "*/"; print "\nworld w { export f: func(); }" }' > comments.wit
check "block comments 100000 deep (parse)" 0 '' parse comments.wit
check "block comments 100000 deep (list)" 0 '' list comments.wit
grep -q -x 'a:b/f' out.txt || note "block comments 100000 deep: list printed $(head -c 100 out.txt)"
awk 'BEGIN { print "package a:b;"; for (i = 0; i < 100000; i++) printf "/*";
             for (i = 0; i < 99999; i++) printf "*/"; print "" }' > comment-open.wit
check "unterminated block comment 100000 deep" 1 'comment-open\.wit:2:1: unterminated block comment' parse comment-open.wit
grep -q 'unterminated block comment' err.txt || note "unterminated block comment: wrong message"
# a doc comment of 100000 nested levels before an item
awk 'BEGIN { print "package a:b;"; for (i = 0; i < 100000; i++) printf "/** ";
             for (i = 0; i < 100000; i++) printf " */"; print "\ninterface i {}" }' > doc-comments.wit
check "doc block comments 100000 deep" 0 '' resolve --json doc-comments.wit

# braces, parentheses, angle and square brackets: syntax errors at the
# first one too many, never a deep parser stack
gen_open() { # FILE PREFIX OPEN CLOSE
    awk -v p="$2" -v o="$3" -v c="$4" 'BEGIN { printf "package a:b;\n%s", p;
        for (i = 0; i < 100000; i++) printf "%s", o; for (i = 0; i < 100000; i++) printf "%s", c;
        print "" }' > "$1"
}
gen_open braces.wit 'interface i ' '{' '}'
check "braces 100000 deep" 1 'braces\.wit:2:14: expected' resolve braces.wit
gen_open braces-top.wit '' '{' '}'
check "braces 100000 deep at top level" 1 'braces-top\.wit:2:1: expected' resolve braces-top.wit
gen_open parens.wit 'interface i { f: func' '(' ')'
check "parentheses 100000 deep" 1 'parens\.wit:2:23: expected' resolve parens.wit
gen_open angles.wit 'interface i { type t = option' '<' '>'
check "angle brackets 100000 deep" 1 'angles\.wit:2:31: expected' resolve angles.wit
gen_open squares.wit 'interface i ' '[' ']'
check "square brackets 100000 deep" 1 'squares\.wit:2:13: unexpected character' resolve squares.wit
gen_open world-braces.wit 'world w { import x: interface ' '{' '}'
check "braces 100000 deep in a world" 1 'world-braces\.wit:2:32: expected' resolve world-braces.wit

# JSON parameters nested 100000 deep (check-params refuses beyond 1000)
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]" }' > arrays.json
awk 'BEGIN { printf "["; for (i = 0; i < 100000; i++) printf "{\"a\": ";
             printf "1"; for (i = 0; i < 100000; i++) printf "}"; printf "]" }' > objects.json
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "[" }' > open.json
fn=golem:component/api/add-item
check "JSON arrays 100000 deep" 1 'nests deeper than 1000 levels at line 1, column' \
    check-params "$GOLEM/shopping-cart.wit" $fn @arrays.json
check "JSON objects 100000 deep" 1 'nests deeper than 1000 levels at line 1, column' \
    check-params "$GOLEM/shopping-cart.wit" $fn @objects.json
check "JSON arrays 100000 deep, unclosed" 1 'line 1, column' \
    check-params "$GOLEM/shopping-cart.wit" $fn @open.json

# ------------------------------------------------------------ long chains

awk 'BEGIN { print "package a:b;\ninterface i {\n  type t0 = u32;";
             for (i = 1; i < 100000; i++) printf "  type t%d = t%d;\n", i, i - 1;
             print "  f: func(x: t99999) -> t99999;\n}\nworld w { export i; }" }' > aliases.wit
check "100000 type aliases (resolve --json)" 0 '' resolve --json aliases.wit
check "100000 type aliases (list)" 0 '' list aliases.wit
check "100000 type aliases (lint)" 0 '' lint aliases.wit
check "100000 type aliases (manifest)" 0 '' manifest aliases.wit
check "100000 type aliases (check-params)" 0 '' check-params aliases.wit a:b/i/f '[4294967295]'

awk 'BEGIN { print "package a:b;\ninterface i {\n  record r0 { x: u8 }";
             for (i = 1; i < 100000; i++) printf "  record r%d { x: r%d }\n", i, i - 1;
             print "  f: func(x: r99999) -> r99999;\n}\nworld w { export i; }" }' > records.wit
check "100000 records each holding the previous (resolve --json)" 0 '' resolve --json records.wit
check "100000 records each holding the previous (lint)" 0 '' lint records.wit
awk 'BEGIN { printf "["; for (i = 0; i < 999; i++) printf "{\"x\": "; printf "1";
             for (i = 0; i < 999; i++) printf "}"; printf "]" }' > records.json
check "100000 records, a value 1000 deep (check-params)" 1 'expected record r99000, found 1' \
    check-params records.wit a:b/i/f @records.json

awk 'BEGIN { print "package a:b;\ninterface i0 { type t = u32; f: func(x: t); }";
             for (i = 1; i < 10000; i++)
                 printf "interface i%d { use i%d.{t}; f: func(x: t) -> t; }\n", i, i - 1;
             print "world w { export i9999; }" }' > interfaces.wit
check "10000 interfaces each using the previous (resolve --json)" 0 '' resolve --json interfaces.wit
check "10000 interfaces each using the previous (list)" 0 '' list interfaces.wit
grep -q -x 'a:b/i9999/f' out.txt || note "10000 interfaces: list printed $(head -c 100 out.txt)"
check "10000 interfaces each using the previous (lint)" 0 '' lint interfaces.wit
check "10000 interfaces each using the previous (manifest)" 0 '' manifest interfaces.wit

mkdir -p chain/deps
awk 'BEGIN { print "package dep:p0;\ninterface i { type t = u32; f: func(x: t); }" > "chain/deps/p0.wit";
             close("chain/deps/p0.wit");
             for (i = 1; i < 10000; i++) {
                 f = sprintf("chain/deps/p%d.wit", i);
                 printf "package dep:p%d;\ninterface i { use dep:p%d/i.{t}; f: func(x: t) -> t; }\n", i, i - 1 > f;
                 close(f) } }'
printf 'package main:m;\nworld w { export dep:p9999/i; }\n' > chain/main.wit
check "10000 packages in deps/, a chain (resolve)" 0 '' resolve chain
check "10000 packages in deps/, a chain (list)" 0 '' list chain
grep -q -x 'dep:p9999/i/f' out.txt || note "10000 packages: list printed $(head -c 100 out.txt)"

# a cycle through 10000 packages is found, with its place
sed -i 's/^package dep:p0;/package dep:p0;\nuse dep:p9999\/i as last;/' chain/deps/p0.wit
check "a dependency cycle through 10000 packages" 1 'dependency cycle|--> chain/deps/' resolve chain

# ------------------------------------------------------------------ limits

awk 'BEGIN { printf "package a:b;\ninterface i {\n  type ";
             for (i = 0; i < 65536; i++) printf "a"; print " = u8;\n}" }' > id-64k.wit
check "identifier of 64 KiB" 0 '' resolve id-64k.wit
awk 'BEGIN { printf "package a:b;\ninterface i {\n  type ";
             for (i = 0; i < 65537; i++) printf "a"; print " = u8;\n}" }' > id-long.wit
check "identifier of 64 KiB + 1" 1 'id-long\.wit:3:8: identifier of 65537 bytes is longer than the limit of 65536 bytes' resolve id-long.wit
awk 'BEGIN { printf "package a:b;\ninterface %%";
             for (i = 0; i < 1000000; i++) printf "a"; print " {}" }' > id-explicit.wit
check "explicit identifier of 1 MB" 1 'id-explicit\.wit:2:11: identifier of 1000000 bytes' resolve id-explicit.wit

# larger than 512 MiB (sparse: refused from its size, nothing is read)
if truncate -s 513M big.wit 2> /dev/null; then
    check "file of 513 MiB" 2 'refusing to read `big\.wit`: 537919488 bytes is more than the limit of 536870912 bytes' parse big.wit
    rm -f big.wit
else
    skip "file of 513 MiB: truncate failed"
fi
# standard input is read up to the limit, then refused
timeout 120 "$WITAN" parse - < /dev/zero > out.txt 2> err.txt
verify "endless standard input (/dev/zero)" 2 'refusing to read `<stdin>`: more than the limit' $?

# more than 100000 .wit files in a package, more than 100000 entries in deps/
mkdir -p many
(cd many && seq 100001 | split -l 1 -a 6 --additional-suffix=.wit - f)
check "100001 .wit files in a directory" 2 'refusing to read directory `many`: more than the limit of 100000 `.wit` files' resolve many
check "100001 .wit files in a directory (parse)" 2 'more than the limit of 100000' parse many
rm -rf many
mkdir -p manydeps/deps
printf 'package a:b;\n' > manydeps/a.wit
(cd manydeps/deps && seq 100001 | split -l 1 -a 6 - e)
check "100001 entries in deps/" 2 'refusing to read `manydeps/deps`: more than the limit of 100000 entries' resolve manydeps
rm -rf manydeps

# ------------------------------------------------------------ broken files

# invalid UTF-8 in every position: the path and the place of the byte
printf 'package a:b;\ninterface \377 {}\n' > utf8-id.wit
printf 'package a:b;\ninterface i\303 {}\n' > utf8-id-cut.wit
printf 'package a:b;\n// a \200 comment\ninterface i {}\n' > utf8-comment.wit
printf 'package a:b;\n/* a \355\240\200 block */\ninterface i {}\n' > utf8-block.wit
printf 'package a:b;\n/// docs \370\210\200\200\200\ninterface i {}\n' > utf8-doc.wit
printf 'package a:b;\n@external-id("\300\257")\ninterface i {}\n' > utf8-string.wit
printf '\376\377package a:b;\n' > utf8-bom16.wit
printf 'package a:b;\ninterface i {}\n\364\220\200\200' > utf8-end.wit
check "invalid UTF-8 in an identifier" 1 'input file is not valid utf-8 \[utf8-id\.wit\]' resolve utf8-id.wit
grep -q 'invalid byte 0xff at line 2, column 11' err.txt || note "invalid UTF-8 in an identifier: no place"
check "truncated UTF-8 in an identifier" 1 'invalid byte 0xc3 at line 2, column 12' resolve utf8-id-cut.wit
check "invalid UTF-8 in a comment" 1 'invalid byte 0x80 at line 2, column 6' resolve utf8-comment.wit
check "a surrogate in a block comment" 1 'invalid byte 0xed at line 2, column 6' parse utf8-block.wit
check "invalid UTF-8 in a doc comment" 1 'invalid byte 0xf8 at line 2, column 10' lint utf8-doc.wit
check "an overlong form in a string" 1 'invalid byte 0xc0 at line 2, column 15' resolve utf8-string.wit
check "a UTF-16 byte order mark" 1 'invalid byte 0xfe at line 1, column 1' resolve utf8-bom16.wit
check "a code point past U+10FFFF at the end" 1 'invalid byte 0xf4 at line 3, column 1' resolve utf8-end.wit
mkdir -p utf8-dir && cp utf8-comment.wit utf8-dir/
check "invalid UTF-8 in a directory's file" 1 'failed to read file "utf8-dir/utf8-comment\.wit": stream did not contain valid UTF-8' resolve utf8-dir

# NUL bytes: the reference's control-code error, at the byte
printf 'package a:b;\ninterface i {\0}\n' > nul.wit
check "a NUL byte" 1 '--> nul\.wit:2:14' resolve nul.wit
grep -q "Control code '\\\\u{0}'" err.txt || note "a NUL byte: not the control-code message"
printf 'package a:b;\n// \0\n' > nul-comment.wit
check "a NUL byte in a comment" 1 '--> nul-comment\.wit:2:4' parse nul-comment.wit

# a WebAssembly binary given as WIT
printf '\0asm\1\0\0\0\1\4\1\140\0\0' > module.wit
check "a WebAssembly module as a .wit file" 1 '`module\.wit` is a WebAssembly binary, not WIT text' resolve module.wit
printf '\0asm\15\0\1\0' > component.wit
check "a WebAssembly component as a .wit file" 1 'component\.wit` is a WebAssembly binary' list component.wit
mkdir -p wasmdep/deps && printf 'package a:b;\n' > wasmdep/a.wit && cp module.wit wasmdep/deps/x.wasm
check "a .wasm package in deps/" 1 'wasmdep/deps/x\.wasm`: WebAssembly-encoded packages are not supported' resolve wasmdep

# standard input that is a directory or closed
timeout 120 "$WITAN" parse - < . > out.txt 2> err.txt
verify "a directory as standard input" 2 'failed to read path for WIT \[<stdin>\]: Is a directory' $?
timeout 120 "$WITAN" parse - <&- > out.txt 2> err.txt
verify "closed standard input" 2 'failed to read path for WIT \[<stdin>\]: Bad file descriptor' $?

# an empty file: the reference's message (it names no path either)
: > empty.wit
check "an empty file" 1 '^no `package` header was found in any WIT file for this package$' resolve empty.wit
check "an empty file (parse)" 0 '' parse empty.wit
check "an empty standard input" 1 'no `package` header' resolve -

# a directory without .wit files
mkdir -p nowit && echo 'not wit' > nowit/readme.txt
check "a directory with no .wit files" 1 'failed to parse package: nowit: no `package` header was found' resolve nowit
check "a directory with no .wit files (list)" 1 'nowit' list nowit

# paths that do not exist
check "a missing file" 2 'failed to read path for WIT \[missing\.wit\]: No such file or directory' resolve missing.wit
check "a missing file (parse)" 2 'missing\.wit' parse missing.wit

# unreadable files (root reads them anyway)
printf 'package a:b;\n' > secret.wit
chmod 000 secret.wit
if cat secret.wit > /dev/null 2>&1; then
    skip "an unreadable file: running as root, chmod 000 does not stop reads"
else
    check "an unreadable file" 2 'failed to read path for WIT \[secret\.wit\]: Permission denied' resolve secret.wit
    mkdir -p locked && printf 'package a:b;\n' > locked/a.wit && chmod 000 locked
    check "an unreadable directory" 2 'locked' resolve locked
    chmod 755 locked
fi
chmod 644 secret.wit

# deps/ entries that are dangling symlinks or symlink loops: the entry named
mkdir -p links/deps && printf 'package a:b;\nworld w {}\n' > links/main.wit
ln -s "$tmp/nowhere" links/deps/dangling.wit
check "a dangling symlink in deps/" 2 'links/deps/dangling\.wit: No such file or directory' resolve links
rm links/deps/dangling.wit
ln -s loop-b links/deps/loop-a
ln -s loop-a links/deps/loop-b
check "a symlink loop in deps/" 2 'links/deps/loop-a: Too many levels of symbolic links' resolve links
rm links/deps/loop-a links/deps/loop-b
ln -s . links/deps/self
check "a symlink to deps/ itself" 1 'failed to parse package: links/deps/self: no `package` header' resolve links
rm links/deps/self
ln -s "$tmp/nowhere" links/deps.wit
ln -s loop-c links/loop-c.wit
check "dangling and looping symlinks among a directory's files" 2 'links/(deps|loop-c)\.wit' resolve links
rm links/deps.wit links/loop-c.wit

# a file whose size is not what stat says: read to its end, not to st_size
if [ -r /proc/self/status ]; then
    check "a file longer than its stat size (/proc)" 1 '--> /proc/self/status:1:1' parse /proc/self/status
else
    skip "a file longer than its stat size: no /proc"
fi
f=$(find /sys/kernel -maxdepth 3 -type f -perm -444 -size 4k 2>/dev/null | head -1)
if [ -n "$f" ] && [ "$(wc -c < "$f")" -lt 4096 ]; then
    check "a file shorter than its stat size (/sys)" 1 "$f:1:1" parse "$f"
else
    skip "a file shorter than its stat size: no such file in /sys"
fi

# a file rewritten while it is read (truncated, then filled again): each
# read sees some prefix of it; whatever it sees is an answer, not a crash.
# The file is big enough to be mapped (mapfile.h): when it shrinks under
# the mapping, the answer is an I/O error saying so (status 2)
awk 'BEGIN { print "package a:b;"; for (i = 0; i < 20000; i++)
             printf "interface i%d { /* \303\251 */ f: func(x: u32) -> string; }\n", i }' > whole.wit
cp whole.wit moving.wit
(while :; do : > moving.wit; cat whole.wit > moving.wit; done) &
rewriter=$!
i=0 bad=""
while [ $i -lt 60 ]; do
    # parse and resolve in turn: the resolver reads the text again (docs),
    # and errors build a line map (one race in a few hundred runs)
    cmd=parse
    [ $((i % 2)) -eq 1 ] && cmd=resolve
    timeout 120 "$WITAN" $cmd moving.wit < /dev/null > out.txt 2> err.txt
    st=$?
    if [ $st -gt 2 ] || grep -q -E 'Sanitizer|runtime error:' err.txt ||
       { [ $st -eq 2 ] && ! grep -q 'moving\.wit`: the file changed while it was read' err.txt; }; then
        bad="status $st: $(head -c 200 err.txt | head -2)"
    fi
    i=$((i + 1))
done
kill "$rewriter" 2> /dev/null
wait "$rewriter" 2> /dev/null
rewriter=""
if [ -n "$bad" ]; then note "a file rewritten while it is read: $bad"; else pass=$((pass + 1)); fi

# FIFOs and devices: refused at once, never read or waited on
mkfifo fifo.wit
check "a FIFO" 2 'refusing to read `fifo\.wit`: not a regular file' resolve fifo.wit
check "/dev/zero" 2 'refusing to read `/dev/zero`: not a regular file' resolve /dev/zero
check "/dev/null" 2 'refusing to read `/dev/null`: not a regular file' parse /dev/null
mkdir -p fifodir && printf 'package a:b;\n' > fifodir/a.wit && mkfifo fifodir/b.wit
check "a FIFO among a directory's files" 2 'fifodir/b\.wit`: not a regular file' resolve fifodir
mkdir -p fifodeps/deps && printf 'package a:b;\n' > fifodeps/a.wit && mkfifo fifodeps/deps/c.wit
check "a FIFO in deps/" 2 'fifodeps/deps/c\.wit`: not a regular file' resolve fifodeps
mkdir -p devdir && ln -s /dev/zero devdir/zero.wit
check "a symlink to /dev/zero among a directory's files" 2 'devdir/zero\.wit`: not a regular file' resolve devdir

# the same package twice in deps/: both places named
mkdir -p dup/deps/one dup/deps/two
printf 'package a:main;\nworld w { import x:y/i; }\n' > dup/main.wit
printf 'package x:y;\ninterface i {}\n' > dup/deps/one/a.wit
printf 'package x:y;\ninterface j {}\n' > dup/deps/two/a.wit
check "a package defined twice in deps/" 1 'package `x:y` is defined in two different locations' resolve dup
grep -q 'dup/deps/one/a.wit:1:9' err.txt && grep -q 'dup/deps/two/a.wit:1:9' err.txt ||
    note "a package defined twice in deps/: locations missing"

# ------------------------------------------------------------------ output

SC=$GOLEM/shopping-cart.wit
for args in "resolve --json" "list" "list --json" "lint --format json" "manifest" "--help"; do
    # shellcheck disable=SC2086
    timeout 120 "$WITAN" $args "$SC" > /dev/full 2> err.txt < /dev/null
    verify "$args > /dev/full" 2 'error writing to standard output: No space left on device' $?
    [ "$(grep -c 'error writing' err.txt)" = 1 ] || note "$args > /dev/full: the error is not reported once"
done
timeout 120 "$WITAN" list "$SC" >&- 2> err.txt < /dev/null
verify "list with standard output closed" 2 'error writing to standard output: Bad file descriptor' $?
# a closed pipe: the reader is gone before witan writes
for args in "list" "resolve --json" "manifest"; do
    # shellcheck disable=SC2086
    (sleep 1; "$WITAN" $args "$SC" 2> err.txt; echo $? > status.txt) | true
    verify "$args | (closed pipe)" 2 'error writing to standard output: Broken pipe' "$(cat status.txt)"
done
# -o: written whole or not at all
echo previous > manifest.json
check "manifest -o of an input with errors" 1 'no `package` header' manifest -o manifest.json empty.wit
[ "$(cat manifest.json)" = previous ] || note "manifest -o: a failed run changed the output file"
check "manifest -o" 0 '' manifest -o manifest.json "$SC"
grep -q '"witan-manifest"' manifest.json || note "manifest -o: no manifest written"
chmod 640 manifest.json
check "manifest -o over a file with its own permissions" 0 '' manifest -o manifest.json "$SC"
[ "$(stat -c %a manifest.json)" = 640 ] || note "manifest -o: an existing file's permissions were not kept"
ln -s /dev/full full.json
check "manifest -o to a full device (through a symlink)" 2 'cannot write `full\.json`: No space left on device' manifest -o full.json "$SC"
[ -h full.json ] || note "manifest -o: the symlink to /dev/full was replaced"
# through a symlink to a file: the file is replaced, the link stays
mkdir -p real && echo previous > real/m.json && chmod 600 real/m.json
ln -s real/m.json link.json
check "manifest -o through a symlink to a file" 0 '' manifest -o link.json "$SC"
[ -h link.json ] || note "manifest -o: the symlink to a file was replaced"
grep -q '"witan-manifest"' real/m.json || note "manifest -o: the file behind the symlink was not written"
[ "$(stat -c %a real/m.json)" = 600 ] || note "manifest -o: the file's permissions were not kept"
check "manifest -o into a missing directory" 2 'nowhere/m\.json' manifest -o nowhere/m.json "$SC"
ls ./*.tmp.* real/*.tmp.* nowhere 2> /dev/null | grep -q . && note "manifest -o: temporary files left behind"

if [ -n "$failures" ]; then
    echo "hostile: failures:$failures"
fi
echo "hostile: $pass passed, $fail failed, $skipped skipped"
[ $fail -eq 0 ]

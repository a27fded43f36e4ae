#!/bin/sh
# Runs fuzz targets for a fixed time each (`make fuzz FUZZ_SECONDS=N`).
#   sh fuzz/run.sh BUILD_DIR SECONDS TARGET...
# BUILD_DIR holds the libFuzzer binaries (fuzz_TARGET). Seeds are copied
# at run time from testdata/ and, when present, the reference suite in
# ../shared/conformance (WITAN_SHARED overrides ../shared) into
# BUILD_DIR/seeds/; they never enter git. Each target's corpus grows in
# BUILD_DIR/corpus/TARGET, findings (crash-*, leak-*, timeout-*, oom-*)
# land in BUILD_DIR/artifacts/TARGET/; copy each to
# testdata/fuzz-regressions/TARGET/ once it is fixed. FUZZ_ARGS adds
# libFuzzer options, e.g. FUZZ_ARGS="-fork=1 -ignore_crashes=1" to keep
# going after a finding.
set -u
dir=$1 secs=$2
shift 2
shared=${WITAN_SHARED:-../shared}

# Seeds are copied into a fresh directory then renamed into place, so
# runs started side by side never see half a seed set.
seed_dir() {
    [ -d "$dir/seeds/$1" ] && return 1
    mkdir -p "$dir/seeds"
    tmpd=$(mktemp -d "$dir/seeds/.$1.XXXXXX")
}
seed_done() { mv -T "$tmpd" "$dir/seeds/$1" 2>/dev/null || rm -rf "$tmpd"; }

# WIT seeds: every .wit file (a directory's files each stand alone).
if seed_dir wit; then
    i=0
    for f in $(find testdata "$shared/conformance" -name '*.wit' -type f 2>/dev/null | LC_ALL=C sort); do
        i=$((i + 1))
        cp "$f" "$tmpd/$i.wit"
    done
    seed_done wit
fi
# check-params seeds: fuzz/params-seeds/ and the JSON files of the tests.
if seed_dir params; then
    cp fuzz/params-seeds/* "$tmpd/" 2>/dev/null
    i=0
    for f in $(find testdata -name '*.json' -size -16k -type f 2>/dev/null | LC_ALL=C sort); do
        i=$((i + 1))
        cp "$f" "$tmpd/t$i.json"
    done
    seed_done params
fi

# deps seeds: every directory of the tests that holds .wit files, written
# as fuzz_deps.c reads a tree ("%% path" before each file's text).
if seed_dir tree; then
    i=0
    for d in $(find testdata "$shared/conformance" -type d 2>/dev/null | LC_ALL=C sort); do
        ls "$d"/*.wit >/dev/null 2>&1 || continue
        i=$((i + 1))
        (cd "$d" && find . -name '*.wit' -type f | LC_ALL=C sort | head -24 |
            while read -r f; do printf '%%%% %s\n' "${f#./}"; cat "$f"; done) > "$tmpd/d$i"
    done
    seed_done tree
fi

# fuzz_deps writes each input under $TMPDIR: a directory of the run's own,
# removed at the end even when the target died without cleaning up.
scratch=$(mktemp -d "${TMPDIR:-/tmp}/witan-fuzz.XXXXXX") || exit 2
trap 'rm -rf "$scratch"' EXIT INT TERM

status=0
for t in "$@"; do
    seeds=$dir/seeds/wit dict=fuzz/wit.dict
    [ "$t" = params ] && seeds=$dir/seeds/params dict=fuzz/json.dict
    [ "$t" = deps ] && seeds=$dir/seeds/tree
    mkdir -p "$dir/corpus/$t" "$dir/artifacts/$t"
    echo "fuzz: $t for $secs s (corpus $dir/corpus/$t, findings $dir/artifacts/$t/)"
    # -timeout: an input taking 10 s is a finding (a hang); -max_len: room
    # for 100 levels of nesting and more, small enough to stay fast; the
    # rest are libFuzzer's defaults (2 GB RSS limit, leak detection on).
    # shellcheck disable=SC2086 # FUZZ_ARGS holds several options
    if ! TMPDIR=$scratch "$dir/fuzz_$t" "$dir/corpus/$t" "$seeds" -dict="$dict" \
        -max_total_time="$secs" -timeout=10 -max_len=16384 -print_final_stats=1 \
        -artifact_prefix="$dir/artifacts/$t/" ${FUZZ_ARGS:-} > "$dir/$t.log" 2>&1; then
        status=1
        echo "fuzz: $t found a problem; see $dir/$t.log and $dir/artifacts/$t/"
        grep -m3 -E 'ERROR|runtime error|Test unit written' "$dir/$t.log"
    fi
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+.*DONE' "$dir/$t.log" | sed "s/^/fuzz: $t: /"
done
exit $status

# shellcheck shell=sh
# Helpers shared by bench.sh and compare.sh (sourced, not run). The caller
# sets DATA, a directory for scratch files, and NAME, its name in messages.

# Ends the script when /usr/bin/time (peak RSS) is missing.
need_time() {
    command -v /usr/bin/time >/dev/null 2>&1 || {
        echo "$NAME: /usr/bin/time is missing (Debian package 'time')" >&2
        exit 2
    }
}

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Runs the command once, its output dropped; prints "microseconds
# max_rss_kib": wall time from the clock in nanoseconds (time(1) rounds
# to 10 ms), memory from time(1). A failure is reported, not fatal.
timed_run() {
    t0=$(date +%s%N)
    /usr/bin/time -f '%M' -o "$DATA/run-time.txt" "$@" > /dev/null 2> "$DATA/run-err.txt"
    status=$?
    t1=$(date +%s%N)
    if [ $status -ne 0 ]; then
        echo "$NAME: failed ($status): $*" >&2
        head -3 "$DATA/run-err.txt" >&2
    fi
    echo "$(( (t1 - t0) / 1000 )) $(tail -1 "$DATA/run-time.txt")"
    rm -f "$DATA/run-time.txt" "$DATA/run-err.txt"
}

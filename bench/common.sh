# shellcheck shell=sh
# Helpers shared by the bench scripts (sourced, not run). The caller sets
# BUILD, DATA (a directory for inputs and scratch files) and NAME (its
# name in messages).

# Sets `input` to the generated package of size $1 and `bytes` to its
# length. It is made once (bench/witgen, default seed) and kept in DATA;
# written under another name first, so an interrupted run leaves no
# short file to be measured next time.
bench_input() {
    input=$DATA/gen-$1.wit
    if [ ! -f "$input" ] && ! { "$BUILD/witgen" --size "$1" -o "$input.part" &&
        mv "$input.part" "$input"; }; then
        rm -f "$input.part"
        exit 2
    fi
    # shellcheck disable=SC2034 # read by the caller
    bytes=$(wc -c < "$input" | tr -d ' ')
}

# Ends the script when it has neither bench/benchrun nor /usr/bin/time
# to time runs with (timed_run).
need_time() {
    [ -x "$BUILD/benchrun" ] && return
    command -v /usr/bin/time >/dev/null 2>&1 || {
        echo "$NAME: $BUILD/benchrun (make builds it) or /usr/bin/time (Debian package 'time') is needed" >&2
        exit 2
    }
}

# Ends the script when RUNS is not a positive number.
need_runs() {
    case $RUNS in
    '' | *[!0-9]* | 0) echo "$NAME: RUNS must be a positive number, not '$RUNS'" >&2; exit 2 ;;
    esac
}

# median of the numbers on stdin
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# Runs the command once, its output dropped; prints "microseconds
# max_rss_kib". bench/benchrun reads the clock next to the spawn and the
# wait; without it (a script run by hand before `make` built it), the
# clock is read around time(1), which adds about 4 ms of starting
# programs to every run. A failure is reported, not fatal.
timed_run() {
    if [ -x "$BUILD/benchrun" ]; then
        run_out=$("$BUILD/benchrun" "$@" 2> "$DATA/run-err.txt")
        status=$?
    else
        t0=$(date +%s%N)
        /usr/bin/time -f '%M' -o "$DATA/run-time.txt" "$@" > /dev/null 2> "$DATA/run-err.txt"
        status=$?
        t1=$(date +%s%N)
        run_out="$(( (t1 - t0) / 1000 )) $(tail -1 "$DATA/run-time.txt")"
    fi
    if [ $status -ne 0 ]; then
        echo "$NAME: failed ($status): $*" >&2
        head -3 "$DATA/run-err.txt" >&2
    fi
    echo "$run_out"
    rm -f "$DATA/run-time.txt" "$DATA/run-err.txt"
}

# Calls run_a and run_b, functions of the caller that each print one
# timed_run line, in turn RUNS times, GAP seconds (default 0) idle
# before each call; sets ta and tb (median microseconds) and ma and mb
# (median peak RSS in KiB). Two programs run in turn meet the same drift
# of a shared machine, which one run after the other would not.
in_turn() {
    : > "$DATA/turn-a.txt"
    : > "$DATA/turn-b.txt"
    turn=0
    while [ $turn -lt "$RUNS" ]; do
        [ "${GAP:-0}" -gt 0 ] && sleep "$GAP"
        run_a >> "$DATA/turn-a.txt"
        [ "${GAP:-0}" -gt 0 ] && sleep "$GAP"
        run_b >> "$DATA/turn-b.txt"
        turn=$((turn + 1))
    done
    # shellcheck disable=SC2034 # read by the caller
    ta=$(awk '{print $1}' "$DATA/turn-a.txt" | median)
    # shellcheck disable=SC2034
    tb=$(awk '{print $1}' "$DATA/turn-b.txt" | median)
    # shellcheck disable=SC2034
    ma=$(awk '{print $2}' "$DATA/turn-a.txt" | median)
    # shellcheck disable=SC2034
    mb=$(awk '{print $2}' "$DATA/turn-b.txt" | median)
    rm -f "$DATA/turn-a.txt" "$DATA/turn-b.txt"
}

#!/bin/sh
# Checks man/witan.1 against the help texts of the binary:
#   - every command under "Commands:" in `witan --help` has a .SS section;
#   - every option of `witan --help` is mentioned in the man page, and every
#     option of `witan help CMD` in the .SS section of CMD;
#   - every `witan WORD` in the SYNOPSIS is a command of `--help`, and
#     every command appears there;
#   - the .TH line names the version `witan --version` prints;
#   - the page renders without warnings under `man --warnings` (and
#     `groff -ww`), when they are installed.
# `witan help help` has no help text of its own, so the help command is
# checked for its .SS section only.
# Run from the repository root: WITAN=build/witan sh tests/manpage.sh
# MANPAGE names another page to check (default man/witan.1).
set -u
WITAN=${WITAN:-build/witan}
MANPAGE=${MANPAGE:-man/witan.1}

fail=0
problems=""
problem() {
    problems="$problems
  $1"
    fail=$((fail + 1))
}

if ! command -v "$WITAN" > /dev/null 2>&1; then
    echo "manpage: $WITAN not found; build it first (make)" >&2
    exit 1
fi
if [ ! -r "$MANPAGE" ]; then
    echo "manpage: $MANPAGE not found" >&2
    exit 1
fi

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' INT TERM

# The page as plain searchable text: `\-` is `-`; font changes (\fB, \f(CW,
# \f[B]) and the zero-width \& and \% are dropped; double quotes, which
# group macro arguments, are dropped too.
sed -e 's/\\-/-/g' \
    -e 's/\\f[BIRPC1-4]//g' -e 's/\\f([A-Z][A-Z]//g' -e 's/\\f\[[^]]*\]//g' \
    -e 's/\\[&%]//g' -e 's/"//g' "$MANPAGE" > "$work/page"

# Options in a help text: the first column of every line that starts (after
# blanks) with `-`, cut at the first blank that is not after a comma, e.g.
# "  -h, --help            show this help" gives -h and --help,
# "      --world NAME      ..." gives --world.
options_of() {
    sed -n 's/^[[:space:]]*\(-[^[:space:],=]*\(,[[:space:]]*-[^[:space:],=]*\)*\).*/\1/p' "$1" |
        tr ',' '\n' | sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' |
        grep -E -e '^--[a-z][a-z-]*$' -e '^-[a-zA-Z]$'
}

# Is option $1 mentioned in file $2 as a word of its own (`-h` must not be
# found inside `--help`, nor `--features` inside `--all-features`)?
mentions() {
    grep -q -E -e "(^|[^-[:alnum:]])$1([^-[:alnum:]]|\$)" "$2"
}

# The lines of one section of the normalised page: from the heading
# `.$1 $2` or `.$1 witan $2 ...` to the next heading of the same or a higher
# level (.SH ends an .SS section too).
section() {
    awk -v macro=".$1" -v name="$2" '
        $1 == macro && ($2 == name || ($2 == "witan" && $3 == name)) { on = 1; next }
        on && ($1 == ".SH" || $1 == macro) { on = 0 }
        on { print }' "$work/page"
}

# ---------------------------------------------------------------- commands

if ! "$WITAN" --help > "$work/main-help" 2> "$work/err"; then
    echo "manpage: '$WITAN --help' failed: $(head -n 1 "$work/err")" >&2
    exit 1
fi
# "Commands:" up to the first blank line; the first word of each line
commands=$(sed -n '/^Commands:/,/^[[:space:]]*$/{
/^Commands:/d
/^[[:space:]]*$/d
s/^[[:space:]]*\([a-z][a-z-]*\).*/\1/p
}' "$work/main-help")
if [ -z "$commands" ]; then
    echo "manpage: no commands found under \"Commands:\" in '$WITAN --help'" >&2
    exit 1
fi
# shellcheck disable=SC2086 # one word per command
command_list=$(printf ' %s' $commands)

ncommands=0
: > "$work/all-options"
for opt in $(options_of "$work/main-help"); do
    echo "$opt" >> "$work/all-options"
    mentions "$opt" "$work/page" ||
        problem "option $opt of 'witan --help' is not in $MANPAGE"
done

for cmd in $commands; do
    ncommands=$((ncommands + 1))
    # a heading `.SS cmd`, `.SS "witan cmd"`, `.SS "witan cmd [OPTIONS] PATH"`
    section SS "$cmd" > "$work/sect"
    if ! awk -v name="$cmd" '$1 == ".SS" && ($2 == name || ($2 == "witan" && $3 == name)) { found = 1 }
                            END { exit !found }' "$work/page"; then
        problem "command '$cmd' has no .SS section in $MANPAGE"
        continue
    fi
    if ! "$WITAN" help "$cmd" > "$work/help" 2> "$work/err"; then
        if [ "$cmd" = help ]; then
            # `witan help help` is not a help text of its own
            continue
        fi
        problem "'$WITAN help $cmd' failed: $(head -n 1 "$work/err")"
        continue
    fi
    for opt in $(options_of "$work/help"); do
        echo "$opt" >> "$work/all-options"
        mentions "$opt" "$work/sect" ||
            problem "option $opt of 'witan help $cmd' is not in the '$cmd' section of $MANPAGE"
    done
done

# The version in the page's footer (.TH ... "witan X.Y.Z") is the binary's.
version=$("$WITAN" --version 2> /dev/null)
if [ -n "$version" ] && ! grep -e "^\.TH" "$work/page" | grep -q -F -e "$version"; then
    problem "$MANPAGE does not name '$version' (the output of '$WITAN --version') in its .TH line"
fi

# ---------------------------------------------------------------- synopsis

section SH SYNOPSIS > "$work/synopsis"
if [ ! -s "$work/synopsis" ]; then
    problem "$MANPAGE has no SYNOPSIS section"
else
    # `witan WORD` in the synopsis, after `.B` and the like; `witan` alone
    # (the top-level options) names no command
    awk '{ for (i = 1; i < NF; i++) if ($i == "witan") print $(i + 1) }' \
        "$work/synopsis" | grep -E '^[a-z][a-z-]*$' | sort -u > "$work/synwords"
    while read -r word; do
        case "$command_list " in
            *" $word "*) ;;
            *) problem "SYNOPSIS of $MANPAGE names 'witan $word', which '$WITAN --help' does not list" ;;
        esac
    done < "$work/synwords"
    for cmd in $commands; do
        grep -q -x -e "$cmd" "$work/synwords" ||
            problem "command '$cmd' is missing from the SYNOPSIS of $MANPAGE"
    done
fi

# ---------------------------------------------------------------- rendering

# Warnings of a renderer as problems, each line indented under a heading.
warnings() {
    if [ -s "$work/warn" ]; then
        problem "$1:$(sed 's/^/\
    /' "$work/warn")"
    fi
}

checked=""
if command -v man > /dev/null 2>&1; then
    # a fixed width, so that the result does not depend on the terminal; a
    # missing locale is the machine's problem, not the page's
    MANWIDTH=80 man --warnings -l "$MANPAGE" > /dev/null 2> "$work/man-err"
    status=$?
    grep -v -e "can't set the locale" "$work/man-err" > "$work/warn"
    if [ $status -ne 0 ]; then
        cp "$work/man-err" "$work/warn"
        echo "(exit status $status)" >> "$work/warn"
    fi
    warnings "man --warnings -l $MANPAGE reports"
    checked="man --warnings"
else
    echo "manpage: man is not installed; not checking that $MANPAGE renders without warnings"
fi
# groff with every warning enabled, when it is there, is stricter than man
if command -v groff > /dev/null 2>&1; then
    groff -man -Tutf8 -ww -z "$MANPAGE" > /dev/null 2> "$work/warn"
    warnings "groff -man -ww $MANPAGE reports"
    checked="${checked:+$checked and }groff -ww"
fi
if [ -n "$checked" ]; then
    render="renders without warnings under $checked"
else
    render="rendering not checked"
fi

if [ $fail -ne 0 ]; then
    echo "manpage: FAILED: $fail problem(s) with $MANPAGE (checked against '$WITAN --help'):$problems"
    exit 1
fi
noptions=$(sort -u "$work/all-options" | wc -l | tr -d ' ')
echo "manpage: ok: $MANPAGE documents all $ncommands commands and $noptions options of the help texts; $render"
exit 0

#!/bin/sh
# The manifest and check-params against an independent validator, ajv
# (JSON Schema draft 2020-12): every manifest witan writes matches
# man/witan-manifest.schema.json, and for every sample of
# testdata/params/samples.txt ajv (against the manifest's params_schema)
# and `witan check-params` agree on whether it is valid. When Python's
# jsonschema is installed, it checks the manifests as a second validator.
# Details in tests/params-diff.mjs.
#
# Installs ajv 8 and ajv-formats into build/npm (npm install --prefix
# build/npm ajv@8 ajv-formats@3) when they are not there yet; skips, saying
# so, only when node or npm is missing.
# Run from the repository root: WITAN=build/witan sh tests/params-diff.sh
set -u
WITAN=${WITAN:-build/witan}
case $WITAN in /*) ;; *) WITAN=$(pwd)/$WITAN ;; esac
AJV_DIR=${AJV_DIR:-build/npm}

if [ ! -x "$WITAN" ]; then
    echo "params-diff: $WITAN not found; build it first (make)" >&2
    exit 1
fi
if ! command -v node > /dev/null 2>&1 || ! command -v npm > /dev/null 2>&1; then
    echo "params-diff: SKIPPED: node and npm are needed to run ajv (install nodejs and npm)"
    exit 0
fi
if [ ! -f "$AJV_DIR/node_modules/ajv/dist/2020.js" ] ||
   [ ! -f "$AJV_DIR/node_modules/ajv-formats/package.json" ]; then
    echo "params-diff: installing ajv 8 and ajv-formats into $AJV_DIR"
    mkdir -p "$AJV_DIR"
    if ! npm install --prefix "$AJV_DIR" --no-audit --no-fund --silent ajv@8 ajv-formats@3 \
            > "$AJV_DIR/install.log" 2>&1; then
        echo "params-diff: npm install ajv@8 ajv-formats@3 failed:" >&2
        tail -n 20 "$AJV_DIR/install.log" >&2
        exit 1
    fi
fi

# A second, unrelated validator for the manifests, when there is one
# (first, so that the last line is ajv's count of agreeing samples).
if command -v python3 > /dev/null 2>&1 && python3 -c 'import jsonschema' 2> /dev/null; then
    tmp=$(mktemp -d) || exit 1
    trap 'rm -rf "$tmp"' EXIT
    n=0
    for args in "../golem/shopping-cart.wit" "../golem/counter.wit" \
                "--world store ../golem/wit-project/wit" "../golem/tier2/wit" \
                "--features streaming types.wit" "../params/params.wit"; do
        n=$((n + 1))
        # shellcheck disable=SC2086 # args are split on purpose
        (cd testdata/manifest && "$WITAN" manifest $args) > "$tmp/m$n.json" || exit 1
    done
    python3 - "$tmp" <<'EOF' || exit 1
import glob, json, sys
from jsonschema import Draft202012Validator
schema = json.load(open("man/witan-manifest.schema.json"))
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)
files = sorted(glob.glob(sys.argv[1] + "/m*.json"))
bad = 0
for f in files:
    doc = json.load(open(f))
    for e in validator.iter_errors(doc):
        bad += 1
        print("params-diff: FAIL (jsonschema) %s: %s at %s" % (f, e.message, list(e.absolute_path)))
    # the manifest is a schema root too
    Draft202012Validator.check_schema(doc)
if bad:
    sys.exit(1)
print("params-diff: jsonschema (Python) agrees: %d manifests match the schema" % len(files))
EOF
fi

# ajv: the manifests, then every sample against witan (params-diff.mjs)
WITAN=$WITAN AJV_DIR=$AJV_DIR node tests/params-diff.mjs

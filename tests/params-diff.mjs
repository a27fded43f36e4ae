// Differential test of `witan manifest` and `witan check-params` against
// ajv, an independent JSON Schema (draft 2020-12) validator:
//
//  1. every manifest witan writes for the test inputs validates against
//     man/witan-manifest.schema.json (which also checks, through the 2020-12
//     meta-schema, that each schema inside it is a valid schema);
//  2. for every sample of testdata/params/samples.txt, ajv validating the
//     sample against the function's params_schema, with the manifest as the
//     schema root, says valid exactly when `witan check-params` does, and
//     both say what the sample's expected result says;
//  3. the same for values made from the valid samples by random (but
//     seeded, so repeatable) changes: a value replaced, a key added or
//     removed, an element repeated or dropped.
//
// Run by tests/params-diff.sh, which installs ajv; environment: WITAN (the
// binary), AJV_DIR (a directory whose node_modules holds ajv).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const witan = process.env.WITAN || "build/witan";
const require = createRequire(path.resolve(process.env.AJV_DIR || "build/npm", "node_modules") + "/");
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats");

let failures = 0;
function fail(msg) {
    failures++;
    console.log("params-diff: FAIL " + msg);
}

function manifest(args) {
    // warnings (legacy syntax) are not this test's business
    return JSON.parse(execFileSync(witan, ["manifest", ...args],
                                   { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
}

// ------------------------------------------------- 1. manifests vs their schema

const inputs = [
    ["testdata/golem/shopping-cart.wit"],
    ["testdata/golem/shopping-cart-legacy.wit"],
    ["testdata/golem/counter.wit"],
    ["--world", "store", "testdata/golem/wit-project/wit"],
    ["--world", "audited", "testdata/golem/wit-project/wit"],
    ["testdata/golem/tier2/wit"],
    ["testdata/manifest/types.wit"],
    ["--features", "streaming", "testdata/manifest/types.wit"],
    ["testdata/params/params.wit"],
];
// The manifest schema is held to ajv's strict mode, except for two rules:
// union types (["string", "null"]) are plain draft 2020-12, and the open
// tuple that says a method's first parameter is `self` is meant to be
// open. The formats are those of the 2020-12 meta-schema.
const metaAjv = new Ajv2020({ strict: true, allowUnionTypes: true, strictTuples: false, allErrors: true });
addFormats(metaAjv);
const checkManifest = metaAjv.compile(JSON.parse(readFileSync("man/witan-manifest.schema.json", "utf8")));
let nmanifests = 0;
for (const args of inputs) {
    const m = manifest(args);
    nmanifests++;
    if (!checkManifest(m))
        fail(`manifest of ${args.join(" ")} does not match man/witan-manifest.schema.json:\n` +
             JSON.stringify(checkManifest.errors, null, 2));
    // each function's parameter schema compiles with the manifest as root
    // (not strict: the root's own keys, `functions` and so on, are no
    // JSON Schema keywords, which draft 2020-12 allows and strict mode not)
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema(m);
    m.functions.forEach((f, k) => {
        try {
            ajv.getSchema(`${m.$id}#/functions/${k}/params_schema`);
        } catch (e) {
            fail(`${args.join(" ")}: params_schema of ${f.slash} does not compile: ${e.message}`);
        }
    });
}

// ------------------------ 1b. every world with exports of every test package
//
// Each package of testdata/ and each passing case of the reference suite
// (../shared/conformance/wit-parser/ui, when it is there) that resolves:
// the manifest of every world with exports matches the manifest schema.

function resolved(args) {
    const r = spawnSync(witan, ["resolve", "--json", ...args],
                        { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"],
                          maxBuffer: 1 << 28 });
    return r.status === 0 ? JSON.parse(r.stdout) : null;
}

// A .wit file or a directory holding .wit files is a package to try.
function packagesUnder(dir, out) {
    for (const e of readdirSync(dir).sort()) {
        const p = path.join(dir, e);
        const st = statSync(p, { throwIfNoEntry: false });
        if (!st)
            continue;
        if (st.isDirectory()) {
            if (readdirSync(p).some((f) => f.endsWith(".wit")))
                out.push(p);
            packagesUnder(p, out);
        } else if (e.endsWith(".wit")) {
            out.push(p);
        }
    }
    return out;
}

function checkEveryWorld(args, where) {
    const r = resolved(args);
    if (!r)
        return 0;
    let n = 0;
    for (const w of r.worlds) {
        if (Object.keys(w.exports).length === 0 || w.package === null)
            continue;
        const pkg = r.packages[w.package].name;
        const spec = `${pkg}/${w.name}`;
        const res = spawnSync(witan, ["manifest", "--world", spec, ...args],
                              { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"],
                                maxBuffer: 1 << 28 });
        if (res.status !== 0) {
            fail(`manifest --world ${spec} ${where} exited ${res.status}: ${res.stderr}`);
            continue;
        }
        const m = JSON.parse(res.stdout);
        n++;
        if (!checkManifest(m))
            fail(`manifest --world ${spec} ${where} does not match the manifest schema:\n` +
                 JSON.stringify(checkManifest.errors, null, 2));
    }
    return n;
}

let ntestdata = 0;
for (const p of packagesUnder("testdata", [])) {
    if (/^testdata\/(hostile|fuzz-regressions)\b/.test(p))
        continue;
    ntestdata += checkEveryWorld(["--all-features", p], p);
}
nmanifests += ntestdata;
const ui = "../shared/conformance/wit-parser/ui";
let nui = 0;
if (existsSync(ui)) {
    for (const e of readdirSync(ui).sort()) {
        if (!e.endsWith(".wit.json"))
            continue;
        const base = path.join(ui, e.slice(0, -".json".length));
        const input = existsSync(base) ? base : base.slice(0, -".wit".length);
        if (!existsSync(input))
            continue;
        nui += checkEveryWorld(["--strict", "--features", "active", input], input);
    }
    nmanifests += nui;
    console.log(`params-diff: ${ntestdata} manifests of testdata/ worlds and ${nui} of the ` +
                `reference suite's passing cases checked against the manifest schema`);
} else {
    console.log(`params-diff: SKIPPED the reference suite's cases: ${ui} is absent`);
}

// --------------------------------------------------- 2. samples: ajv vs witan

// Number tokens of a JSON text, outside strings.
function numberTokens(text) {
    const out = [];
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '"') {
            for (i++; i < text.length && text[i] !== '"'; i++)
                if (text[i] === "\\") i++;
        } else if (c === "-" || (c >= "0" && c <= "9")) {
            const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
            if (m) {
                out.push(m[0]);
                i += m[0].length - 1;
            }
        }
    }
    return out;
}

// JSON.parse turns every number into a double: an integer beyond 2^53 - 1
// comes out rounded (18446744073709551616 for u64's maximum), so ajv
// cannot judge such a sample at all; it is left out of the comparison
// here, and check_params.c checks witan's verdict on it.
function beyondDouble(text) {
    return numberTokens(text).some(
        (t) => /^-?\d+$/.test(t) && (BigInt(t) > 9007199254740991n || BigInt(t) < -9007199254740991n));
}

const m = manifest(["testdata/params/params.wit"]);
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(m);
const index = new Map(m.functions.map((f, k) => [f.slash, k]));

let agree = 0, leftOut = 0, n = 0;
const lines = readFileSync("testdata/params/samples.txt", "utf8").split("\n");
lines.forEach((line, ln) => {
    if (!line || line.startsWith("#")) return;
    let fields = line.split("\t");
    let reason = null;
    if (fields[0].startsWith("!")) {
        reason = fields[0].slice(1);
        fields = fields.slice(1);
    }
    const [fn, json, ...expected] = fields;
    const where = `samples.txt:${ln + 1} (${fn} ${json.length > 60 ? json.slice(0, 60) + "..." : json})`;
    const wantValid = expected.length === 1 && expected[0] === "ok";
    const slash = "test:params/api/" + fn;
    n++;

    const r = spawnSync(witan, ["check-params", "--", "testdata/params/params.wit", slash, json], { encoding: "utf8" });
    if (r.status !== 0 && r.status !== 1) {
        fail(`${where}: witan check-params exited ${r.status}: ${r.stderr}`);
        return;
    }
    const witanValid = r.status === 0;
    if (witanValid !== wantValid) {
        fail(`${where}: witan says ${witanValid ? "valid" : "invalid"}, the sample says ${wantValid ? "valid" : "invalid"}`);
        return;
    }
    if (reason !== null || beyondDouble(json)) {
        leftOut++;
        return;
    }

    const k = index.get(slash);
    if (k === undefined) {
        fail(`${where}: no function ${slash} in the manifest`);
        return;
    }
    const validate = ajv.getSchema(`${m.$id}#/functions/${k}/params_schema`);
    let value, parsed = true;
    try {
        value = JSON.parse(json);
    } catch {
        parsed = false; // not JSON: invalid for both
    }
    const ajvValid = parsed && validate(value);
    if (ajvValid !== witanValid) {
        fail(`${where}: ajv says ${ajvValid ? "valid" : "invalid"}, witan says ${witanValid ? "valid" : "invalid"}` +
             (validate.errors ? "\n" + JSON.stringify(validate.errors) : ""));
        return;
    }
    agree++;
});

// ------------------------------------------- 3. changed samples: ajv vs witan

// A small seeded generator (mulberry32), so that every run tries the same values.
let seed = 0x5eed;
function random() {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (a) => a[Math.floor(random() * a.length)];

// Values near every boundary of GOLEM.md section 4, all within what a
// JavaScript number holds exactly, and written by JSON.stringify, which
// never writes 1.0 or 1e3 for an integer and never repeats a key.
const pool = [
    0, -1, 1, 127, 128, -128, -129, 255, 256, 65535, 65536, 2147483647, 2147483648, -2147483649,
    4294967295, 4294967296, 9007199254740991, -9007199254740991, 55295, 55296, 57343, 57344,
    1114111, 1114112, 1.5, -0.5, 3.4028234663852886e38, 3.5e38, 1e39, 1e300, "", "x", "read",
    "write", "fast", "safe", "ok", "worker://c/w/1", "worker://c/w/01", "worker://c//1", null,
    true, false, [], [1], ["a", 1], ["read", "read"], {}, { ok: 1 }, { err: "e" }, { ok: null },
    { err: null }, { started: null }, { progress: 5 }, { failed: "f" }, { stopped: null },
    { id: "a", quantity: 1, tags: [] }, { id: "a", quantity: 1, tags: [], extra: 0 },
];
const keys = ["ok", "err", "id", "quantity", "tags", "started", "progress", "extra"];

function clone(v) {
    return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

// Every place in v: [parent, key] pairs (parent null for the root).
function places(v, parent = null, key = null, out = []) {
    out.push([parent, key, v]);
    if (Array.isArray(v)) v.forEach((x, i) => places(x, v, i, out));
    else if (v && typeof v === "object") for (const k of Object.keys(v)) places(v[k], v, k, out);
    return out;
}

function mutate(value) {
    const root = { v: clone(value) };
    const [parent, key, node] = pick(places(root.v, root, "v"));
    const what = random();
    if (Array.isArray(node) && node.length && what < 0.2) {
        if (random() < 0.5) node.push(clone(pick(node)));
        else node.splice(Math.floor(random() * node.length), 1);
    } else if (node && typeof node === "object" && !Array.isArray(node) && what < 0.4) {
        const ks = Object.keys(node);
        if (ks.length && random() < 0.5) delete node[pick(ks)];
        else node[pick(keys)] = clone(pick(pool));
    } else {
        parent[key] = clone(pick(pool));
    }
    return root.v;
}

const valid = [];
for (const line of lines) {
    if (!line || line.startsWith("#") || line.startsWith("!")) continue;
    const [fn, json, ...expected] = line.split("\t");
    if (expected.length === 1 && expected[0] === "ok" && !beyondDouble(json) && json.length < 2000)
        valid.push([fn, JSON.parse(json)]);
}
const ROUNDS = Number(process.env.PARAMS_DIFF_ROUNDS || 4);
let generated = 0, generatedValid = 0;
for (let round = 0; round < ROUNDS; round++) {
    for (const [fn, value] of valid) {
        const changed = mutate(value);
        const json = JSON.stringify(changed);
        if (json === undefined) continue;
        const slash = "test:params/api/" + fn;
        const r = spawnSync(witan, ["check-params", "--", "testdata/params/params.wit", slash, json],
                            { encoding: "utf8" });
        if (r.status !== 0 && r.status !== 1) {
            fail(`changed sample ${fn} ${json}: witan check-params exited ${r.status}: ${r.stderr}`);
            continue;
        }
        const validate = ajv.getSchema(`${m.$id}#/functions/${index.get(slash)}/params_schema`);
        const ajvValid = validate(JSON.parse(json));
        const witanValid = r.status === 0;
        generated++;
        generatedValid += witanValid;
        if (ajvValid !== witanValid)
            fail(`changed sample ${fn} ${json}: ajv says ${ajvValid ? "valid" : "invalid"}, ` +
                 `witan says ${witanValid ? "valid" : "invalid"}: ${r.stderr}` +
                 (validate.errors ? JSON.stringify(validate.errors) : ""));
        else
            agree++;
    }
}

if (failures) {
    console.log(`params-diff: ${failures} failure(s)`);
    process.exit(1);
}
console.log(`params-diff: ${nmanifests} manifests match man/witan-manifest.schema.json; ` +
            `${n - leftOut} of ${n} samples of samples.txt compared with ajv (${leftOut} only witan ` +
            `can judge, see samples.txt), and ${generated} changed ones (${generatedValid} valid)`);
console.log(`${agree} samples agree`);

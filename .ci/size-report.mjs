// Prints the size of the release build, per file raw, gzip and brotli (as the build
// precompresses them, .ci/postbuild.mjs):
// - the first page: what the start page needs (index.html, the styles, the scripts and the
//   main module of the wasm), against the targets of 300 KB gzip and 250 KB brotli;
// - each page's chunk, with the shared chunks it needs too (from the loader the split writes);
// - everything, against 800 KB gzip.
// A report, not a test. Usage: node .ci/size-report.mjs [dist] [--by-crate]   (--by-crate: see
// the end of this file; KIM_SIZE_ROWS=n prints n groups instead of 30; KIM_SIZE_GROUP=text
// lists the largest functions of the groups whose name contains the text, e.g. "std: other";
// KIM_SIZE_MODULES=1 groups the app's code by module)
import { readFileSync } from "node:fs";
import { join, extname, relative } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import { walk } from "./compress.mjs";

const args = process.argv.slice(2);
const byCrate = args.includes("--by-crate");
const dist = args.find((a) => !a.startsWith("--")) ?? "dist";
const COUNTED = new Set([".wasm", ".js", ".css", ".html"]);

const sizes = new Map();
for (const path of walk(dist)) {
  if (!COUNTED.has(extname(path)) || relative(dist, path) === "sw.js") continue;
  const bytes = readFileSync(path);
  sizes.set(relative(dist, path), {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  });
}
const sum = (files) =>
  files.reduce((t, f) => ({ raw: t.raw + sizes.get(f).raw, gzip: t.gzip + sizes.get(f).gzip, brotli: t.brotli + sizes.get(f).brotli }), { raw: 0, gzip: 0, brotli: 0 });
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + " KB";
const row = (name, t) => console.log(`  ${name.padEnd(44)} ${kb(t.raw)} ${kb(t.gzip)} ${kb(t.brotli)}`);

const files = [...sizes.keys()].sort();
const loader = files.find((f) => /^kim-loader-[0-9a-f]+\.js$/.test(f));
const chunkFiles = files.filter((f) => /^kim-.+-[0-9a-f]{16}\.wasm$/.test(f));
const first = files.filter((f) => !chunkFiles.includes(f));
console.log(`size report (release build in ${dist})                  raw         gzip       brotli`);
console.log("first page (everything but the chunks):");
for (const f of first) row(f, sizes.get(f));
const firstTotal = sum(first);
row("= first page", firstTotal);
console.log(`    targets 300 KB gzip: ${firstTotal.gzip <= 300 * 1024 ? "met" : "NOT met"}, 250 KB brotli: ${firstTotal.brotli <= 250 * 1024 ? "met" : "NOT met"}`);

if (loader) {
  // The loader names, per page (`__wasm_split_load_<page>`), its own file and the shared
  // chunks (`__chunk_<n>`) it waits for.
  const text = readFileSync(join(dist, loader), "utf8");
  const shared = new Map([...text.matchAll(/const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"/g)].map((m) => [m[1], m[2]]));
  console.log("pages' chunks (own file; with the shared chunks it needs):");
  for (const m of text.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"[\s\S]*?\}\s*,\s*\[([^\]]*)\]\)\)/g)) {
    const own = m[2];
    const needs = m[3].split(",").map((s) => s.trim()).filter(Boolean).map((v) => shared.get(v));
    row(`${m[1]}: ${own}`, sizes.get(own));
    row(`${m[1]}: with ${needs.length} shared chunks`, sum([own, ...needs]));
  }
  row(`= all ${chunkFiles.length} chunks`, sum(chunkFiles));
}
const all = sum(files);
row("= everything", all);
console.log(`    target 800 KB gzip: ${all.gzip <= 800 * 1024 ? "met" : "NOT met"}`);

// --by-crate: where the size of the first page's wasm (the main module) comes from, so that
// each cut is chosen by measurement. The main module as the split left it (with its function
// names; .ci/split.mjs keeps a copy) is optimised like the
// release build (`wasm-opt -Oz` with the parameters in index.html, here with `-g` to keep the
// names); its functions are then grouped by crate (the app by module) and each group's code
// compressed on its own, which approximates what the group adds to the download. Needs
// wasm-opt (binaryen, installed by the bootstrap into node_modules); takes about 20 seconds.
if (byCrate) {
  const { execFileSync } = await import("node:child_process");
  const { deflateRawSync } = await import("node:zlib");
  const { existsSync, mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const named = "target/wasm-split/release/kim_bg.wasm";
  if (!existsSync(named)) {
    console.error(`no ${named}: run \`trunk build --release\` first`);
    process.exit(1);
  }
  const optimised = join(mkdtempSync(join(tmpdir(), "kim-size-")), "named.wasm");
  // The release build's own wasm-opt parameters.
  const { WASM_OPT_ARGS } = await import("./split.mjs");
  execFileSync("wasm-opt", [...WASM_OPT_ARGS, "-g", "--detect-features", named, "-o", optimised], { stdio: "inherit" });
  const { bodies, names, data } = readWasm(readFileSync(optimised));
  const groups = new Map();
  bodies.forEach((body, index) => {
    const group = groupOf(names.get(index) ?? "");
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push(body);
  });
  groups.set("(data: strings, tables)", data);
  const packed = (list) => deflateRawSync(Buffer.concat(list), { level: 9 }).length;
  const rows = [...groups].map(([group, list]) => ({
    group,
    count: list.length,
    raw: list.reduce((sum, b) => sum + b.length, 0),
    packed: packed(list),
  }));
  rows.sort((a, b) => b.packed - a.packed);
  const all = rows.reduce((sum, r) => sum + r.packed, 0);
  console.log(`\nwasm after wasm-opt -Oz, by crate (each group compressed on its own; sum ${(all / 1024).toFixed(0)} KB):`);
  console.log("  compressed        raw   items  group");
  for (const r of rows.slice(0, Number(process.env.KIM_SIZE_ROWS ?? 30))) {
    const share = ((r.packed * 100) / all).toFixed(1).padStart(5);
    console.log(`  ${kb(r.packed)} ${kb(r.raw)} ${String(r.count).padStart(6)}  ${r.group} (${share} %)`);
  }
  const only = process.env.KIM_SIZE_GROUP;
  const largest = bodies
    .map((body, index) => ({ name: names.get(index) ?? "?", size: body.length }))
    .filter((f) => !only || groupOf(f.name === "?" ? "" : f.name).includes(only));
  largest.sort((a, b) => b.size - a.size);
  console.log(`largest functions (raw)${only ? ` of the groups named "${only}"` : ""}:`);
  for (const f of largest.slice(0, only ? 40 : 15)) console.log(`  ${kb(f.size)}  ${f.name.replace(/::h[0-9a-f]{16}$/, "").slice(0, 110)}`);
}

/** The function bodies (by function index, imports excluded), their names and the data segments. */
function readWasm(bytes) {
  let at = 8;
  const u32 = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return value;
    }
  };
  const skipName = () => { const n = u32(); at += n; };
  let imported = 0;
  const bodies = [];
  const data = [];
  const names = new Map();
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = u32();
    const end = at + size;
    if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        skipName();
        skipName();
        const kind = bytes[at++];
        if (kind === 0) { u32(); imported++; }
        else if (kind === 1) { at++; const flags = u32(); u32(); if (flags & 1) u32(); }
        else if (kind === 2) { const flags = u32(); u32(); if (flags & 1) u32(); }
        else if (kind === 3) at += 2;
        else if (kind === 4) { at++; u32(); }
      }
    } else if (id === 10) {
      for (let n = u32(); n > 0; n--) {
        const length = u32();
        bodies.push(bytes.subarray(at, at + length));
        at += length;
      }
    } else if (id === 11) {
      for (let n = u32(); n > 0; n--) {
        const flags = u32();
        if (flags === 2) u32();
        if (flags !== 1) while (bytes[at++] !== 0x0b);
        const length = u32();
        data.push(bytes.subarray(at, at + length));
        at += length;
      }
    } else if (id === 0) {
      const length = u32();
      const name = bytes.subarray(at, at + length).toString();
      at += length;
      if (name === "name") {
        while (at < end) {
          const sub = bytes[at++];
          const subEnd = u32() + at;
          if (sub === 1) {
            for (let n = u32(); n > 0; n--) {
              const index = u32();
              const len = u32();
              names.set(index - imported, bytes.subarray(at, at + len).toString());
              at += len;
            }
          }
          at = subEnd;
        }
      }
    }
    at = end;
  }
  return { bodies, names, data };
}

/** The group of a function: its crate (the app by module; serde code of the app's types
 * apart), the standard library split by what it does. */
function groupOf(raw) {
  const name = raw.replace(/\[[0-9a-f]{16}\]/g, "");
  if (/serde_core::(?:de::Deserialize|ser::Serialize) for kim::/.test(name)) return "kim (serde derives)";
  if (/^<kim::.*__(?:Field)?Visitor as serde_core::de::Visitor>/.test(name)) return "kim (serde derives)";
  const app = /^kim::(pages|app|domain|storage)(?:::(\w+))?/.exec(name);
  if (app) return app[1] === "pages" || app[1] === "app" || process.env.KIM_SIZE_MODULES ? `kim::${app[1]}::${app[2]}` : `kim::${app[1]}`;
  const own = /^<?(?:impl )?(?:&mut |&)?([a-z_][a-z0-9_]*)::/.exec(name);
  const trait = / as (?:&mut |&)?([a-z_][a-z0-9_]*)::/.exec(name);
  const crate = own?.[1] ?? trait?.[1] ?? "(generic, unnamed)";
  if (["core", "alloc", "std"].includes(crate)) {
    if (/FnOnce|call_once/.test(name)) return "std: closures (the app's, boxed)";
    if (/::sort::/.test(name)) return "std: sort";
    if (/btree/.test(name)) return "std: BTreeMap/Set";
    if (/fmt/.test(name)) return "std: fmt";
    return "std: other";
  }
  return crate;
}

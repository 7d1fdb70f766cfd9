// Prints the size of the release build: raw and gzip per file kind (wasm, js, css) and in all.
// A report, not a test: the budget for the finished app is 250 KB gzip in all.
// Usage: node .ci/size-report.mjs [dist] [--by-crate]   (--by-crate: see the end of this file;
// KIM_SIZE_ROWS=n prints n groups instead of 30; KIM_SIZE_GROUP=text lists the largest functions
// of the groups whose name contains the text, e.g. "std: other")
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, extname } from "node:path";
import { gzipSync } from "node:zlib";

const args = process.argv.slice(2);
const byCrate = args.includes("--by-crate");
const dist = args.find((a) => !a.startsWith("--")) ?? "dist";
const kinds = { ".wasm": "wasm", ".js": "js", ".css": "css" };
const totals = {};
for (const name of readdirSync(dist)) {
  const path = join(dist, name);
  if (!statSync(path).isFile()) continue;
  const kind = kinds[extname(name)];
  if (!kind) continue;
  const bytes = readFileSync(path);
  const entry = (totals[kind] ??= { raw: 0, gzip: 0, files: [] });
  entry.raw += bytes.length;
  entry.gzip += gzipSync(bytes, { level: 9 }).length;
  entry.files.push(name);
}
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + " KB";
let raw = 0;
let gzip = 0;
console.log("size report (release build in " + dist + ")");
console.log("kind         raw          gzip   files");
for (const kind of ["wasm", "js", "css"]) {
  const t = totals[kind] ?? { raw: 0, gzip: 0, files: [] };
  raw += t.raw;
  gzip += t.gzip;
  console.log(`${kind.padEnd(6)} ${kb(t.raw)} ${kb(t.gzip)}   ${t.files.join(", ")}`);
}
console.log(`${"total".padEnd(6)} ${kb(raw)} ${kb(gzip)}   (budget 250 KB gzip: ${gzip <= 250 * 1024 ? "within" : "OVER"})`);

// --by-crate: where the shipped wasm's size comes from, so that each cut is chosen by
// measurement. The wasm-bindgen output (which keeps function names) is optimised like the
// release build (`wasm-opt -Oz` with the parameters in index.html, here with `-g` to keep the
// names); its functions are then grouped by crate (the app by module) and each group's code
// compressed on its own, which approximates what the group adds to the download. Needs
// wasm-opt (binaryen, installed by the bootstrap into node_modules); takes about 20 seconds.
if (byCrate) {
  const { execFileSync } = await import("node:child_process");
  const { deflateRawSync } = await import("node:zlib");
  const { existsSync, mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const named = "target/wasm-bindgen/release/kim_bg.wasm";
  if (!existsSync(named)) {
    console.error(`no ${named}: run \`trunk build --release\` first`);
    process.exit(1);
  }
  const optimised = join(mkdtempSync(join(tmpdir(), "kim-size-")), "named.wasm");
  // The release build's own wasm-opt parameters (index.html, `data-wasm-opt-params`).
  const params = readFileSync("index.html", "utf8").match(/data-wasm-opt-params="([^"]*)"/)?.[1].split(/\s+/).filter(Boolean) ?? [];
  execFileSync("wasm-opt", ["-Oz", ...params, "-g", "--detect-features", named, "-o", optimised], { stdio: "inherit" });
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
  if (app) return app[1] === "pages" ? `kim::pages::${app[2]}` : `kim::${app[1]}`;
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

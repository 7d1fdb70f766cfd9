// Prints the size of the release build: raw and gzip per file kind (wasm, js, css) and in all.
// A report, not a test: the budget for the finished app is 250 KB gzip in all.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, extname } from "node:path";
import { gzipSync } from "node:zlib";

const dist = process.argv[2] ?? "dist";
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

// Where the wasm's size comes from, so that each cut is chosen by measurement: the wasm-bindgen
// output before wasm-opt (it keeps function names), grouped by crate and by function, with
// twiggy when it is installed (`cargo install twiggy`; not needed by the tests).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
const named = process.argv[3] ?? "target/wasm-bindgen/release/kim-rheine_bg.wasm";
let csv = null;
try {
  if (existsSync(named)) csv = execFileSync("twiggy", ["top", "-n", "1000000", "--format", "csv", named], { encoding: "utf8", maxBuffer: 64 << 20 });
} catch {
  csv = null;
}
if (csv) {
  const rows = csv
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => {
      const m = /^(".*"|[^,]*),(\d+),/.exec(line);
      return m ? { name: m[1].replace(/^"|"$/g, "").replace(/""/g, '"'), bytes: Number(m[2]) } : null;
    })
    .filter(Boolean);
  const code = rows.filter((r) => !r.name.includes("subsection") && !r.name.startsWith("data segment") && !r.name.startsWith("elem["));
  const total = rows.reduce((s, r) => s + r.bytes, 0);
  // The crate of an item: the first path segment of its (demangled) name, also inside
  // `<impl … for …>` where the trait's crate is named first.
  const crateOf = (name) => {
    const own = /^<?(?:impl )?([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/.exec(name);
    if (!own) return "(other)";
    const serde = /serde_core::(?:de::Deserialize|ser::Serialize) for ([a-z_][a-z0-9_]*)::/.exec(name);
    return serde ? `${serde[1]} (serde derive)` : own[1];
  };
  const byCrate = new Map();
  for (const r of code) byCrate.set(crateOf(r.name), (byCrate.get(crateOf(r.name)) ?? 0) + r.bytes);
  const pct = (n) => ((n * 100) / total).toFixed(1).padStart(5) + " %";
  console.log(`\nwasm before wasm-opt, by crate (${named}, ${(total / 1024).toFixed(0)} KB with names; twiggy):`);
  for (const [crate, bytes] of [...byCrate].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(`  ${(bytes / 1024).toFixed(1).padStart(8)} KB ${pct(bytes)}  ${crate}`);
  }
  for (const r of rows.filter((r) => !code.includes(r))) console.log(`  ${(r.bytes / 1024).toFixed(1).padStart(8)} KB ${pct(r.bytes)}  ${r.name}`);
  console.log("largest functions:");
  for (const r of code.sort((a, b) => b.bytes - a.bytes).slice(0, 15)) {
    console.log(`  ${(r.bytes / 1024).toFixed(1).padStart(8)} KB  ${r.name.replace(/::h[0-9a-f]{16}$/, "").slice(0, 110)}`);
  }
}

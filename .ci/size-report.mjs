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

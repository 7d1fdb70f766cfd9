// Trunk post-build hook (see Trunk.toml). Runs in Trunk's staging directory:
// 0. cuts the wasm into the start's code and one chunk per page (.ci/split.mjs);
// 1. puts the SHA-256 hashes of every inline <script> of index.html (Trunk's loader) into the
//    Content-Security-Policy, so no other inline script can run;
// 2. writes sw.js: the service worker with the list of every built file and a release id
//    derived from their contents, so each release gets a fresh cache;
// 3. writes each compressible file beside itself compressed with brotli (`.br`) and gzip
//    (`.gz`), for servers that send precompressed files (README, "Deploy"; .ci/serve.mjs).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { isCompressed, precompress, walk } from "./compress.mjs";
import { split } from "./split.mjs";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("postbuild: TRUNK_STAGING_DIR is not set (run through trunk)");
  process.exit(1);
}
const here = fileURLToPath(new URL(".", import.meta.url));
const parts = await split({
  staging,
  release: process.env.TRUNK_PROFILE === "release",
  sourceDir: process.env.TRUNK_SOURCE_DIR ?? process.cwd(),
});
console.log(`postbuild: split into ${parts.js}, ${parts.wasm} and ${parts.chunks.length} chunks`);
const indexPath = join(staging, "index.html");
let html = readFileSync(indexPath, "utf8");

const hashes = [];
for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  const digest = createHash("sha256").update(match[1], "utf8").digest("base64");
  hashes.push(`'sha256-${digest}'`);
}
html = html.replace("__INLINE_SCRIPT_HASHES__", hashes.join(" "));
writeFileSync(indexPath, html);

const files = walk(staging)
  .map((path) => relative(staging, path).split("\\").join("/"))
  .filter((path) => path !== "sw.js" && !isCompressed(path))
  .sort();
const release = createHash("sha256");
for (const file of files) {
  release.update(file);
  release.update(readFileSync(join(staging, file)));
}
const assets = ["./", ...files.map((file) => "./" + file)];
const template = readFileSync(join(here, "sw-template.js"), "utf8");
const worker = template
  .replace("__RELEASE__", release.digest("hex").slice(0, 16))
  .replace("__ASSETS__", JSON.stringify(assets, null, 2));
writeFileSync(join(staging, "sw.js"), worker);

// The precompressed copies, last: of every file, sw.js included.
const compressed = precompress(staging);
console.log(`postbuild: ${compressed} files precompressed (.br, .gz)`);
console.log(`postbuild: ${hashes.length} inline script hash(es), ${assets.length} precached files`);

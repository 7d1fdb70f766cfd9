// Trunk post-build hook (see Trunk.toml). Runs in Trunk's staging directory:
// 1. puts the SHA-256 hashes of every inline <script> of index.html (Trunk's loader) into the
//    Content-Security-Policy, so no other inline script can run;
// 2. writes sw.js: the service worker with the list of every built file and a release id
//    derived from their contents, so each release gets a fresh cache.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("postbuild: TRUNK_STAGING_DIR is not set (run through trunk)");
  process.exit(1);
}
const here = fileURLToPath(new URL(".", import.meta.url));
const indexPath = join(staging, "index.html");
let html = readFileSync(indexPath, "utf8");

const hashes = [];
for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
  const digest = createHash("sha256").update(match[1], "utf8").digest("base64");
  hashes.push(`'sha256-${digest}'`);
}
html = html.replace("__INLINE_SCRIPT_HASHES__", hashes.join(" "));
writeFileSync(indexPath, html);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
const files = walk(staging)
  .map((path) => relative(staging, path).split("\\").join("/"))
  .filter((path) => path !== "sw.js")
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
console.log(`postbuild: ${hashes.length} inline script hash(es), ${assets.length} precached files`);

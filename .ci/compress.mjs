// Writes each compressible file of a build beside itself compressed: `name.br` (brotli,
// quality 11) and `name.gz` (gzip, level 9), each only where it is smaller. Servers that send
// precompressed files pick them by the browser's Accept-Encoding (README, "Deploying";
// .ci/static-server.mjs). Used by the post-build hook and by the benchmarks (for builds made
// without it, such as the bare counter).
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

/** The kinds of file worth compressing (images are compressed already). */
const COMPRESSIBLE = /\.(html|js|mjs|wasm|css|json|webmanifest|svg)$/;

/** Whether `path` is a compressed copy. */
export function isCompressed(path) {
  return /\.(br|gz)$/.test(path);
}

/** Every file under `dir`, with its path. */
export function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** Writes the compressed copies of every file under `dir`; returns how many got a `.br`. */
export function precompress(dir) {
  let count = 0;
  for (const file of walk(dir)) {
    if (!COMPRESSIBLE.test(file) || isCompressed(file)) continue;
    const bytes = readFileSync(file);
    const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
    const gz = gzipSync(bytes, { level: 9 });
    if (br.length < bytes.length) {
      writeFileSync(file + ".br", br);
      count++;
    }
    if (gz.length < bytes.length) writeFileSync(file + ".gz", gz);
  }
  return count;
}

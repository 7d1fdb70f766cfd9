// Cuts the app's wasm into the code of the start and one chunk per page, run by the post-build
// hook (.ci/postbuild.mjs) in Trunk's staging directory, before anything else there is hashed.
//
// Trunk compiles (with the `split` feature and `--emit-relocs`, see index.html and
// .cargo/config.toml) and runs wasm-bindgen on the whole wasm; but the split needs the linker's
// relocations, which wasm-bindgen drops. So this step starts again from cargo's own output:
//   1. wasm-split-cli (wasm_split_cli_support, pinned in .ci/bootstrap) cuts it at the split
//      points of src/app/routes.rs into the main module, one `split_<page>.wasm` per page and
//      `chunk_<n>.wasm` for code that several pages share, and writes `__wasm_split.js`, which
//      fetches them;
//   2. wasm-bindgen makes the main module's JS (`--keep-lld-exports`: the chunks link against
//      the table, memory and functions the main module exports);
//   3. in release builds wasm-opt optimises every part, like Trunk would have
//      (docs/decisions/0006-wasm-opt-ocimfs-0.md);
//   4. every file gets a name with a hash of what it depends on, the names are written into
//      the JS and index.html (with their `integrity`), and Trunk's own output is replaced.
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** wasm-opt's parameters for every part (what index.html gave Trunk before the split). With
 * `KIM_WASM_NAMES=1` the function names are kept (`-g`), for CPU profiles of a release build. */
export const WASM_OPT_ARGS = ["-Oz", "-ocimfs=0", ...(process.env.KIM_WASM_NAMES ? ["-g"] : [])];

const sha = (bytes, algorithm = "sha256") => createHash(algorithm).update(bytes).digest();
const short = (bytes) => sha(bytes).toString("hex").slice(0, 16);

/** Replaces `from` by `to` in `text`, and fails unless it occurs (exactly `count` times if given). */
function replaceAll(text, from, to, what, count) {
  const found = text.split(from).length - 1;
  if (found === 0 || (count !== undefined && found !== count)) {
    throw new Error(`split: expected ${count ?? "some"} "${from}" in ${what}, found ${found}`);
  }
  return text.split(from).join(to);
}

/** Runs `jobs` (functions returning promises) two at a time. */
async function inPairs(jobs) {
  const queue = [...jobs];
  const worker = async () => {
    while (queue.length) await queue.shift()();
  };
  await Promise.all([worker(), worker()]);
}

/** Cargo's target directory for the workspace in `cwd` (CARGO_TARGET_DIR and the
 * configuration respected). */
export function targetDirectory(cwd = process.cwd()) {
  const metadata = execFileSync("cargo", ["metadata", "--format-version", "1", "--no-deps"], { cwd, encoding: "utf8", maxBuffer: 64 << 20 });
  return JSON.parse(metadata).target_directory;
}

/**
 * Splits the build in `staging` (Trunk's staging directory, whose index.html names Trunk's
 * `kim-<hash>.js` and `kim-<hash>_bg.wasm`). `release`: optimise with wasm-opt. Returns the
 * names of the files written: `{ js, wasm, loader, chunks }`.
 */
export async function split({ staging, release, sourceDir }) {
  const indexPath = join(staging, "index.html");
  let html = readFileSync(indexPath, "utf8");
  const trunkJs = html.match(/kim-[0-9a-f]+\.js/)?.[0];
  const trunkWasm = html.match(/kim-[0-9a-f]+_bg\.wasm/)?.[0];
  if (!trunkJs || !trunkWasm) throw new Error("split: index.html names no kim-<hash>.js / _bg.wasm");

  const targetDir = targetDirectory(sourceDir);
  const input = join(targetDir, "wasm32-unknown-unknown", release ? "release" : "debug", "kim.wasm");
  if (!existsSync(input)) throw new Error(`split: no ${input}`);

  const work = mkdtempSync(join(tmpdir(), "kim-split-"));
  try {
    await run("wasm-split-cli", [input, work, "--target", "web", "--out-name", "kim"]);
    if (!existsSync(join(work, "__wasm_split.js"))) throw new Error("split: wasm-split-cli wrote no __wasm_split.js (no split points?)");
    const bindgen = join(work, "bindgen");
    await run("wasm-bindgen", ["--target", "web", "--keep-lld-exports", "--no-typescript", "--out-dir", bindgen, "--out-name", "kim", join(work, "kim.wasm")]);

    const parts = readdirSync(work).filter((name) => /^(split_\w+|chunk_\d+)\.wasm$/.test(name)).sort();
    const mainWasm = join(bindgen, "kim_bg.wasm");
    // The main module with its function names, before wasm-opt, for the size report's
    // `--by-crate` (.ci/size-report.mjs).
    const named = join(targetDir, "wasm-split", release ? "release" : "debug");
    mkdirSync(named, { recursive: true });
    cpSync(mainWasm, join(named, "kim_bg.wasm"));
    if (release) {
      await inPairs([mainWasm, ...parts.map((name) => join(work, name))].map((path) => () => run("wasm-opt", [...WASM_OPT_ARGS, path, "-o", path])));
    }

    // The chunks first (nothing names them but the loader), then the loader and the main
    // module, whose names both depend on everything (they import each other).
    let loader = readFileSync(join(work, "__wasm_split.js"), "utf8");
    const chunks = [];
    for (const name of parts) {
      const bytes = readFileSync(join(work, name));
      const stem = name.replace(/\.wasm$/, "").replace(/^split_/, "").replace("_", "-");
      const hashed = `kim-${stem}-${short(bytes)}.wasm`;
      loader = replaceAll(loader, `"./${name}"`, `"./${hashed}"`, "__wasm_split.js", 1);
      writeFileSync(join(staging, hashed), bytes);
      chunks.push(hashed);
    }
    let js = readFileSync(join(bindgen, "kim.js"), "utf8");
    const wasm = readFileSync(mainWasm);
    const stamp = short(Buffer.concat([wasm, Buffer.from(js), Buffer.from(loader)]));
    const names = { js: `kim-${stamp}.js`, wasm: `kim-${stamp}_bg.wasm`, loader: `kim-loader-${stamp}.js` };
    loader = replaceAll(loader, `from "./kim.js"`, `from "./${names.js}"`, "__wasm_split.js", 1);
    // Only the module's import statements: the wasm's own import module keeps its name.
    js = replaceAll(js, `from "./__wasm_split.js"`, `from "./${names.loader}"`, "kim.js");
    js = js.split("'kim_bg.wasm'").join(`'${names.wasm}'`);
    writeFileSync(join(staging, names.loader), loader);
    writeFileSync(join(staging, names.js), js);
    writeFileSync(join(staging, names.wasm), wasm);
    rmSync(join(staging, trunkJs));
    rmSync(join(staging, trunkWasm));
    if (existsSync(join(bindgen, "snippets"))) {
      rmSync(join(staging, "snippets"), { recursive: true, force: true });
      cpSync(join(bindgen, "snippets"), join(staging, "snippets"), { recursive: true });
    }

    html = replaceAll(html, trunkJs, names.js, "index.html");
    html = replaceAll(html, trunkWasm, names.wasm, "index.html");
    // The loader is imported by the main module: fetched beside it rather than after it.
    html = html.replace(/(<link rel="modulepreload" href="([^"]*)kim-[0-9a-f]+\.js"[^>]*>)/, `$1<link rel="modulepreload" href="$2${names.loader}" crossorigin="anonymous">`);
    // Every `integrity` anew, from the files now in place.
    html = html.replace(/(<link\b[^>]*\bhref=")([^"]+)("[^>]*?)(\s+integrity="[^"]*")?(\s*\/?>)/g, (tag, start, href, middle, _old, end) => {
      if (!/^(modulepreload|preload|stylesheet)$/.test(/\brel="([^"]+)"/.exec(tag)?.[1] ?? "")) return tag;
      const file = localPath(href);
      if (!existsSync(file)) return tag;
      const digest = sha(readFileSync(file), "sha384").toString("base64");
      return `${start}${href}${middle} integrity="sha384-${digest}"${end}`;
    });
    writeFileSync(indexPath, html);
    return { ...names, chunks };

    function localPath(href) {
      const publicUrl = process.env.TRUNK_PUBLIC_URL ?? "/";
      const relative = href.startsWith(publicUrl) ? href.slice(publicUrl.length) : href.replace(/^\.?\//, "");
      return join(staging, relative);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

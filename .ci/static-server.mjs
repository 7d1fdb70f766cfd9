// A static server for the release build, as a deployment serves it: the single-page fallback
// (every path of the app is index.html), the right types, and the precompressed copies the
// build writes beside each file (`.br`, `.gz`, .ci/postbuild.mjs) sent with their
// `Content-Encoding` to a browser that accepts them, the file itself to one that does not.
// Used by `.ci/serve`, the end-to-end tests and the benchmarks.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { join, extname, normalize } from "node:path";

export const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/**
 * The encodings of `accept` (an `Accept-Encoding` header) this server has copies for, best
 * first: brotli, then gzip. An encoding given `q=0` is refused.
 */
export function acceptedEncodings(accept = "") {
  const given = new Map();
  for (const part of accept.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    given.set(name, q === undefined ? 1 : Number(q));
  }
  const wanted = (name) => (given.get(name) ?? given.get("*") ?? 0) > 0;
  return [
    ["br", ".br"],
    ["gzip", ".gz"],
  ].filter(([name]) => wanted(name));
}

/**
 * Serves `dist` on 127.0.0.1 (`port` 0: any free port). `overrides` maps a path such as
 * "/sw.js" to replacement text (sent as it is). With `prefix` (such as "/kim"), the files are
 * served under that path only, as a deployment under a sub-path is: everything outside it is
 * 404. `compressed: false` never sends the precompressed copies.
 */
export async function startServer({ dist = "dist", overrides = new Map(), prefix = "", port = 0, compressed = true } = {}) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    let path = decodeURIComponent(url.pathname);
    if (prefix) {
      if (path !== prefix && !path.startsWith(prefix + "/")) {
        res.writeHead(404).end();
        return;
      }
      path = path.slice(prefix.length) || "/";
    }
    if (overrides.has(path)) {
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "text/plain", "cache-control": "no-cache" });
      res.end(overrides.get(path));
      return;
    }
    let file = normalize(join(dist, path));
    if (!file.startsWith(normalize(dist))) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
    } catch {
      file = join(dist, "index.html"); // client-side route
    }
    const headers = { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-cache", vary: "Accept-Encoding" };
    for (const [encoding, suffix] of compressed ? acceptedEncodings(req.headers["accept-encoding"]) : []) {
      try {
        const body = await readFile(file + suffix);
        res.writeHead(200, { ...headers, "content-encoding": encoding });
        res.end(req.method === "HEAD" ? undefined : body);
        return;
      } catch {
        // No copy in this encoding: the next one, or the file itself.
      }
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, headers);
      res.end(req.method === "HEAD" ? undefined : body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${address.port}`,
    overrides,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

// Serves the release build in dist/ at http://127.0.0.1:8080 (PORT to change it), with the
// precompressed files the build wrote (see .ci/static-server.mjs). Called by .ci/serve. A build
// made for a sub-path (`--public-url /kim/`, written into index.html's <base href>) is served
// under that path.
import { readFileSync } from "node:fs";
import { startServer } from "./static-server.mjs";

const port = Number(process.env.PORT ?? 8080);
const base = /<base href="([^"]*)"/.exec(readFileSync("dist/index.html", "utf8"))?.[1] ?? "/";
const prefix = base.replace(/\/$/, "");
const { url } = await startServer({ dist: "dist", port, prefix });
console.log(`KIM: ${url}${prefix}/ (dist/, brotli or gzip where the browser accepts them; Ctrl+C ends)`);

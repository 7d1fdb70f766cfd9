// Serves the release build in dist/ at http://127.0.0.1:8080 (PORT to change it), with the
// precompressed files the build wrote (see .ci/static-server.mjs). Called by .ci/serve.
import { startServer } from "./static-server.mjs";

const port = Number(process.env.PORT ?? 8080);
const { url } = await startServer({ dist: "dist", port });
console.log(`KIM: ${url}/ (dist/, brotli and gzip where the browser accepts them; Ctrl+C ends)`);

// Prints how long the release build takes to show its first heading in headless Chromium,
// cold (no cache) and warm (service worker), median of several runs. A measurement, not a test.
// Usage: node .ci/measure-load.mjs [runs]   (after `trunk build --release`)
import { startServer, launchBrowser } from "../tests/e2e/support.mjs";

const runs = Number(process.argv[2] ?? 5);
const server = await startServer();
const browser = await launchBrowser();
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cold = [];
const warm = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const start = Date.now();
  await page.goto(server.url + "/");
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  cold.push(Date.now() - start);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  const again = Date.now();
  await page.reload();
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  warm.push(Date.now() - again);
  await context.close();
}
console.log(`first heading after navigation: cold ${median(cold)} ms, warm (service worker) ${median(warm)} ms (median of ${runs})`);
await browser.close();
await server.close();

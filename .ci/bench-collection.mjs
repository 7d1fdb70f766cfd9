// The coordinating office's collection in the browser (issue 27): 16 devices' export files
// of 1,250 cases each (20,000 cases, about 100,000 events) chosen at once in
// *Datenaustausch*; measures the time from choosing until the combined preview shows its
// totals, from "Import übernehmen" until the confirmation, and counts the saves the apply
// makes (`performance` entries "kim:save": one). Prints medians of fresh runs. A
// measurement, not a test.
// Usage (after `trunk build --release`):
//   cargo test --release --test collection_scale -- --ignored --nocapture
//   node .ci/bench-collection.mjs [runs]
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { startServer, launchBrowser, openApp, goTo } from "../tests/e2e/support.mjs";
import { chooseDevice } from "../tests/e2e/pages.mjs";

const DIR = "target/bench/collection";
const TIMEOUT = 180000;
const runs = Number(process.argv[2] ?? 3);
const files = (await readdir(DIR)).filter((n) => n.endsWith(".json")).sort().map((n) => join(DIR, n));
const server = await startServer();
const browser = await launchBrowser();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const results = [];
for (let run = 0; run < runs; run++) {
  const context = await browser.newContext({ locale: "de-DE", timezoneId: "Europe/Berlin" });
  const page = await openApp(context, server.url, "/");
  await chooseDevice(page, "Koordinierende Stelle");
  await goTo(page, "Datenaustausch");
  const start = Date.now();
  await page.getByLabel(/^Exportdatei wählen/).setInputFiles(files);
  await page.getByTestId("import-summary").getByText("20.000 neue Fälle kommen hinzu").waitFor({ timeout: TIMEOUT });
  const preview = Date.now() - start;
  const savesBefore = await page.evaluate(() => performance.getEntriesByName("kim:save").length);
  const applyStart = Date.now();
  await page.getByRole("button", { name: "Import übernehmen" }).click();
  await page.getByText("16 Dateien wurden zusammengeführt.").waitFor({ timeout: TIMEOUT });
  await page.waitForFunction(() => performance.getEntriesByName("kim:save").length > 0, null, { timeout: TIMEOUT });
  const apply = Date.now() - applyStart;
  // Let any further save happen before counting.
  await new Promise((r) => setTimeout(r, 3000));
  const saves = (await page.evaluate(() => performance.getEntriesByName("kim:save").length)) - savesBefore;
  results.push({ preview, apply, saves });
  console.log(`run ${run + 1}: preview ${preview} ms, apply ${apply} ms, saves ${saves}`);
  await context.close();
}
console.log(
  `collection of 16 files × 1,250 cases: preview ${median(results.map((r) => r.preview))} ms, apply ${median(results.map((r) => r.apply))} ms, total ${median(results.map((r) => r.preview + r.apply))} ms, saves ${median(results.map((r) => r.saves))} (median of ${runs})`,
);
await browser.close();
await server.close();

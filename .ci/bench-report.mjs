// The report at scale, in the browser: imports a data set of 20,000 cases with about
// 100,000 events and 200,000 counselling sessions through the UI (Datenaustausch) and prints
// how long each step takes, and how long the report takes to compute (performance measures
// the app records) and to show.
// A measurement, not a test. Usage (after `trunk build --release`):
//   cargo test --test register_scale -- --ignored write_benchmark_export
//   node .ci/bench-report.mjs [runs]
import { stat } from "node:fs/promises";
import { startServer, launchBrowser, goTo } from "../tests/e2e/support.mjs";

const FILE = "target/bench/kim-20000.json";
const runs = Number(process.argv[2] ?? 3);
const size = (await stat(FILE)).size;
// KIM_DIST chooses the build to measure (default dist/), so two builds can be compared in turns.
const server = await startServer({ dist: process.env.KIM_DIST ?? "dist" });
const browser = await launchBrowser();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const context = await browser.newContext({ locale: "de-DE" });
const page = await context.newPage();
page.on("pageerror", (e) => console.error("page error:", String(e)));
await page.goto(server.url + "/austausch");
await page.getByRole("heading", { level: 1, name: "Datenaustausch" }).waitFor();

let t = Date.now();
await page.getByLabel("Exportdatei wählen").setInputFiles(FILE);
await page.getByTestId("import-preview").getByRole("button", { name: "Import übernehmen" }).waitFor();
const previewMs = Date.now() - t;
t = Date.now();
await page.getByRole("button", { name: "Import übernehmen" }).click();
await page.getByText(/wurde zusammengeführt/).waitFor();
// The save runs in an effect after the message; wait until the document is stored.
await page.waitForFunction(() => (localStorage.getItem("kim-rheine.store") ?? "").startsWith("kim-p1:"), null, { timeout: 120000 });
const importMs = Date.now() - t;
const stored = await page.evaluate(() => localStorage.getItem("kim-rheine.store").length);
const lastMeasure = (name) => page.evaluate((name) => performance.getEntriesByName(name).at(-1)?.duration ?? NaN, name);
const saveMs = await lastMeasure("kim:save");
// A change made afterwards (one short contact counted): the save a case manager waits for.
await goTo(page, "Beratungskontakte");
await page.getByLabel("Träger").selectOption({ label: "Caritas Rheine e. V." });
const before = await page.evaluate(() => performance.getEntriesByName("kim:save").length);
await page.getByRole("button", { name: /^\+1 Kontakt zählen:/ }).first().click();
await page.waitForFunction((n) => performance.getEntriesByName("kim:save").length > n, before);
const changeSaveMs = await lastMeasure("kim:save");
// One counselling session recorded on a case (on its admission day, when every case of the
// data set was active): the save after the everyday action of issue 28.
await goTo(page, "Fälle");
const firstRow = page.getByTestId("case-table").getByRole("row").nth(1);
const firstCode = (await firstRow.getByRole("button").first().textContent()).trim();
const admitted = (await firstRow.getByRole("cell").nth(3).textContent()).trim().split(".");
await firstRow.getByRole("button", { name: firstCode, exact: true }).click();
const detail = page.getByRole("region", { name: `Fall ${firstCode}` });
await detail.getByLabel("Datum des Termins").fill(`${admitted[2]}-${admitted[1]}-${admitted[0]}`);
const savesBeforeSession = await page.evaluate(() => performance.getEntriesByName("kim:save").length);
await detail.getByRole("button", { name: "Beratungstermin erfassen" }).click();
await detail.getByText(/^Beratungstermin am .* erfasst\.$/).waitFor();
await page.waitForFunction((n) => performance.getEntriesByName("kim:save").length > n, savesBeforeSession);
const sessionSaveMs = await lastMeasure("kim:save");

const shown = [];
const computed = new Map();
for (let i = 0; i < runs; i++) {
  await goTo(page, "Beratungskontakte");
  await page.evaluate(() => performance.clearMeasures());
  t = Date.now();
  await goTo(page, "Bericht");
  await page.getByTestId("case-report").getByRole("row", { name: /^Gesamtfälle/ }).waitFor();
  shown.push(Date.now() - t);
  for (const m of await page.evaluate(() => performance.getEntriesByType("measure").map((m) => [m.name, m.duration]))) {
    if (!m[0].startsWith("kim:")) continue;
    if (!computed.has(m[0])) computed.set(m[0], []);
    computed.get(m[0]).push(m[1]);
  }
}
const cases = await page.getByTestId("case-report").getByRole("row", { name: /^Gesamtfälle/ }).getByRole("cell").allTextContents();

// The case list (Fälle): 20,000 cases, filtered, sorted and paged.
const listed = [];
for (let i = 0; i < runs; i++) {
  await goTo(page, "Beratungskontakte");
  t = Date.now();
  await goTo(page, "Fälle");
  await page.getByTestId("case-table").getByRole("row").nth(1).waitFor();
  listed.push(Date.now() - t);
}
const counts = (await page.getByTestId("case-counts").textContent()).trim();
t = Date.now();
await page.getByRole("columnheader").getByRole("button").first().click();
await page.getByTestId("case-table").getByRole("row").nth(1).waitFor();
const sortMs = Date.now() - t;

// A reload: open, decompress and parse the stored document.
await goTo(page, "Bericht");
t = Date.now();
await page.reload();
await page.getByRole("heading", { level: 1, name: "Bericht" }).waitFor();
await page.getByTestId("case-report").getByRole("row", { name: /^Gesamtfälle/ }).waitFor();
const reloadMs = Date.now() - t;
const openMs = await lastMeasure("kim:open");

// Opening the app on its start page, whose totals are the first data shown: navigation start
// to the totals in the DOM, taken in the page (a MutationObserver, no polling from outside).
await context.addInitScript(() => {
  window.__totalsShown = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      if (document.querySelector("[data-testid=home-totals]")) {
        observer.disconnect();
        resolve(performance.now());
      }
    });
    observer.observe(document, { childList: true, subtree: true });
  });
});
const opened = [];
const openedStorage = [];
for (let i = 0; i < runs; i++) {
  await page.goto(server.url + "/");
  await page.evaluate(() => window.__totalsShown);
  await page.reload();
  opened.push(await page.evaluate(() => window.__totalsShown));
  openedStorage.push(await lastMeasure("kim:open"));
}

// A change after reopening: the chunks read at opening are confirmed in idle time, then one
// short contact is counted.
const countOne = async () => {
  await goTo(page, "Beratungskontakte");
  await page.getByLabel("Träger").selectOption({ label: "Caritas Rheine e. V." });
  const saves = await page.evaluate(() => performance.getEntriesByName("kim:save").length);
  await page.getByRole("button", { name: /^\+1 Kontakt zählen:/ }).first().click();
  await page.waitForFunction((n) => performance.getEntriesByName("kim:save").length > n, saves);
  return lastMeasure("kim:save");
};
const reopenedSaves = [];
for (let i = 0; i < runs; i++) {
  await page.goto(server.url + "/");
  await page.evaluate(() => window.__totalsShown);
  await page.waitForTimeout(2000);
  reopenedSaves.push(await countOne());
}

console.log(`report benchmark: ${(size / 1e6).toFixed(1)} MB export file, totals on the default dates ${cases.join(" / ")}`);
console.log(`  import: read + check + preview ${previewMs} ms, apply + save ${importMs} ms; stored ${(stored / 1e6).toFixed(2)} M characters`);
console.log(`  save after the import (serialise, compress, setItem): ${saveMs.toFixed(0)} ms; save after one contact counted: ${changeSaveMs.toFixed(0)} ms; after one session recorded: ${sessionSaveMs.toFixed(0)} ms`);
for (const [name, xs] of computed) console.log(`  ${name}: ${median(xs).toFixed(1)} ms (median of ${xs.length})`);
console.log(`  report page shown after navigation: ${median(shown)} ms (median of ${runs})`);
console.log(`  case list shown after navigation: ${median(listed)} ms (median of ${runs}); re-sort ${sortMs} ms; ${counts}`);
console.log(`  reload of the report page: ${reloadMs} ms, of which opening storage (decompress, parse) ${openMs.toFixed(0)} ms`);
console.log(`  save after one contact counted after reopening: ${median(reopenedSaves).toFixed(0)} ms (median of ${runs})`);
console.log(`  opening the app (navigation start to the start page's totals): ${median(opened).toFixed(0)} ms, of which opening storage ${median(openedStorage).toFixed(0)} ms (median of ${runs})`);
await browser.close();
await server.close();

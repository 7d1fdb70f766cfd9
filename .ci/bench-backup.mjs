// Backups at scale, in the browser: imports the data set of 20,000 cases through the UI,
// connects a folder (the origin private file system stands in for the picked one, as in
// tests/e2e/backup.test.mjs), then measures writing one backup ("Jetzt sichern") without and
// with the passphrase lock, and restoring the newest from the folder into a wiped browser
// (reading and checking until the preview, then taking it over until the app shows its
// pages). For each, the wall time and the longest task on the main thread (Long Tasks API):
// whether the page stays responsive. Prints medians of fresh runs. A measurement, not a test.
// Usage (after `trunk build --release`):
//   cargo test --release --test register_scale -- --ignored write_benchmark_export
//   node .ci/bench-backup.mjs [runs]
import { stat } from "node:fs/promises";
import { startServer, launchBrowser, goTo } from "../tests/e2e/support.mjs";

const FILE = "target/bench/kim-20000.json";
const PASSPHRASE = "Korrektes Pferd Batterie";
const TIMEOUT = 180000;
const runs = Number(process.argv[2] ?? 3);
const size = (await stat(FILE)).size;
const server = await startServer();
const browser = await launchBrowser();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function setUp() {
  window.showDirectoryPicker = async () => {
    const root = await navigator.storage.getDirectory();
    return root.getDirectoryHandle("sicherungen", { create: true });
  };
  window.__longest = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longest = Math.max(window.__longest, entry.duration);
  }).observe({ type: "longtask", buffered: false });
}

// Complete files only: not the swap file of a write in progress, nor the empty name the
// browser creates before the content is in place.
const files = (page) =>
  page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const folder = await root.getDirectoryHandle("sicherungen", { create: true });
    const names = [];
    for await (const [name, entry] of folder.entries()) {
      const size = await entry.getFile().then((f) => f.size, () => 0);
      if (!name.endsWith(".crswap") && size > 0) names.push(name);
    }
    return names;
  });

async function until(check) {
  const end = Date.now() + TIMEOUT;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Presses "Jetzt sichern" in Einstellungen; wall time until the new file is there, longest task. */
async function backUp(page) {
  await goTo(page, "Einstellungen");
  // Names have whole seconds: a backup of the same second would replace the last one.
  await page.waitForTimeout(1100);
  const before = (await files(page)).length;
  await page.evaluate(() => (window.__longest = 0));
  const start = Date.now();
  await page.getByRole("region", { name: "Sicherung" }).getByRole("button", { name: "Jetzt sichern" }).click();
  await until(async () => (await files(page)).length > before);
  const wall = Date.now() - start;
  return { wall, longest: await page.evaluate(() => window.__longest) };
}

const results = { plain: [], sealed: [], preview: [], apply: [], previewLongest: [], applyLongest: [], size: [] };
for (let run = 0; run < runs; run += 1) {
  const context = await browser.newContext({ locale: "de-DE" });
  await context.addInitScript(setUp);
  const page = await context.newPage();
  await page.goto(server.url + "/austausch");
  await page.getByRole("heading", { level: 1, name: "Datenaustausch" }).waitFor();
  await page.getByLabel("Exportdatei wählen").setInputFiles(FILE);
  await page.getByRole("button", { name: "Import übernehmen" }).click({ timeout: TIMEOUT });
  await page.getByText(/wurde zusammengeführt/).waitFor({ timeout: TIMEOUT });
  // Connecting writes the first backup; the measured ones follow.
  await goTo(page, "Einstellungen");
  await page.getByRole("button", { name: "Ordner für Sicherungen verbinden" }).click();
  await until(async () => (await files(page)).length === 1);
  const plain = await backUp(page);
  results.plain.push(plain);
  await page.getByLabel("Neues Kennwort", { exact: true }).fill(PASSPHRASE);
  await page.getByLabel("Kennwort wiederholen", { exact: true }).fill(PASSPHRASE);
  await page.getByRole("button", { name: "Kennwortschutz einschalten" }).click();
  await page.getByText("Der Kennwortschutz ist eingeschaltet").waitFor({ timeout: TIMEOUT });
  const sealed = await backUp(page);
  results.sealed.push(sealed);
  const sizes = await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const folder = await root.getDirectoryHandle("sicherungen");
    const out = [];
    for await (const [name, handle] of folder.entries()) out.push([name, (await handle.getFile()).size]);
    return out;
  });
  results.size.push(sizes);

  // Wipe the browser's data of the site (not the folder), restore the newest (encrypted) one.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Storage.clearDataForOrigin", { origin: server.url, storageTypes: "local_storage,indexeddb,cache_storage,service_workers" });
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Regelwerk wählen" }).waitFor();
  const restore = page.getByRole("region", { name: "Sicherung wiederherstellen" });
  await restore.getByRole("button", { name: "Ordner mit Sicherungen wählen" }).click();
  await restore.getByLabel("Kennwort der Datei").fill(PASSPHRASE, { timeout: 60000 }).catch(async (e) => {
    console.error((await page.locator("main").innerText()).slice(0, 3000), await files(page));
    throw e;
  });
  await page.evaluate(() => (window.__longest = 0));
  let start = Date.now();
  await restore.getByRole("button", { name: "Datei entschlüsseln" }).click();
  await restore.getByTestId("import-preview").getByRole("button", { name: "Wiederherstellen" }).waitFor({ timeout: TIMEOUT });
  results.preview.push(Date.now() - start);
  results.previewLongest.push(await page.evaluate(() => window.__longest));
  await page.evaluate(() => (window.__longest = 0));
  start = Date.now();
  await restore.getByTestId("import-preview").getByRole("button", { name: "Wiederherstellen" }).click();
  await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Bericht" }).waitFor({ timeout: TIMEOUT });
  await until(() => page.evaluate(() => (localStorage.getItem("kim-rheine.store") ?? "").length > 1_000_000));
  results.apply.push(Date.now() - start);
  results.applyLongest.push(await page.evaluate(() => window.__longest));
  await context.close();
}

const ms = (xs) => `${median(xs)} ms (runs: ${xs.join(", ")})`;
console.log(`Backups with 20,000 cases (export file ${(size / 1e6).toFixed(1)} MB), median of ${runs}:`);
console.log(`  write a backup, plain:      ${ms(results.plain.map((r) => r.wall))}; longest main-thread task ${ms(results.plain.map((r) => Math.round(r.longest)))}`);
console.log(`  write a backup, encrypted:  ${ms(results.sealed.map((r) => r.wall))}; longest main-thread task ${ms(results.sealed.map((r) => Math.round(r.longest)))}`);
console.log(`  restore: decrypt, read and check until the preview: ${ms(results.preview)}; longest task ${ms(results.previewLongest.map(Math.round))}`);
console.log(`  restore: take over until stored and shown:          ${ms(results.apply)}; longest task ${ms(results.applyLongest.map(Math.round))}`);
for (const [name, bytes] of results.size.at(-1)) console.log(`  ${name}: ${(bytes / 1e6).toFixed(1)} MB`);
await browser.close();
await server.close();

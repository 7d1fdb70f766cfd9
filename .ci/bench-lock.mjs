// The passphrase lock (encryption at rest) at scale, in the browser: imports the data set of
// 20,000 cases through the UI, then measures storage without and with the lock: the stored
// size, the save after one change, and opening after a reload (with the lock: unlocking,
// PBKDF2 and decrypting, then opening the data). Prints medians of fresh runs, and the
// measured local storage quota of this Chromium. A measurement, not a test. Usage (after
// `trunk build --release`):
//   cargo test --release --test register_scale -- --ignored write_benchmark_export
//   node .ci/bench-lock.mjs [runs]
import { stat } from "node:fs/promises";
import { startServer, launchBrowser, goTo } from "../tests/e2e/support.mjs";

const FILE = "target/bench/kim-20000.json";
const PASSPHRASE = "Korrektes Pferd Batterie";
const TIMEOUT = 120000; // generous: the machine may be busy with other builds
const runs = Number(process.argv[2] ?? 3);
const size = (await stat(FILE)).size;
// KIM_DIST chooses the build to measure (default dist/), so two builds can be compared in turns.
const server = await startServer({ dist: process.env.KIM_DIST ?? "dist" });
server.overrides.set("/bench-quota.html", "<!doctype html><title>quota</title>");
const browser = await launchBrowser();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const M = (chars) => `${(chars / 1e6).toFixed(2)} M`;

// In every page: when the navigation landmark first appears (the frame after it is in the
// document, in ms since navigation start) and when "Entsperren" was pressed.
const PROBE = () => {
  window.__bench = { nav: null, unlockPressed: null };
  let pending = false;
  const check = () => {
    if (pending || window.__bench.nav !== null) return;
    if (!document.querySelector('nav[aria-label="Hauptnavigation"]')) return;
    pending = true;
    requestAnimationFrame(() => (window.__bench.nav = performance.now()));
  };
  new MutationObserver(check).observe(document, { childList: true, subtree: true });
  document.addEventListener(
    "click",
    (e) => {
      const button = e.target.closest?.("button");
      if (button && button.textContent.includes("Entsperren")) {
        window.__bench.unlockPressed = performance.now();
        window.__bench.nav = null;
        pending = false;
      }
    },
    true
  );
};

/** The capacity of local storage for one origin, in characters (keys and values). */
async function measureQuota() {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url + "/bench-quota.html");
  const chars = await page.evaluate(() => {
    localStorage.clear();
    let total = 0;
    let i = 0;
    for (let size = 1 << 20; size >= 1; size >>= 1) {
      const chunk = "x".repeat(size);
      for (;;) {
        const key = "q" + i;
        try {
          localStorage.setItem(key, chunk);
        } catch {
          break;
        }
        total += key.length + size;
        i++;
      }
    }
    localStorage.clear();
    return total;
  });
  await context.close();
  return chars;
}

const entry = (page) => page.evaluate(() => localStorage.getItem("kim-rheine.store") ?? "");
const appChars = (page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("kim-rheine"))
      .reduce((n, k) => n + k.length + localStorage.getItem(k).length, 0)
  );
const count = (page, name) => page.evaluate((name) => performance.getEntriesByName(name).length, name);
const lastMeasure = (page, name) =>
  page.evaluate((name) => performance.getEntriesByName(name).at(-1)?.duration ?? NaN, name);
const navigation = (page) => page.getByRole("navigation", { name: "Hauptnavigation" });

async function waitForPrefix(page, prefix) {
  await page.waitForFunction(
    (prefix) => (localStorage.getItem("kim-rheine.store") ?? "").startsWith(prefix),
    prefix,
    { timeout: TIMEOUT, polling: 100 }
  );
}

/** Counts one short contact and returns the duration of the save it causes (measure `name`). */
async function changeAndSave(page, name) {
  await goTo(page, "Beratungskontakte");
  await page.getByLabel("Träger").selectOption({ label: "Caritas Rheine e. V." });
  const before = await count(page, name);
  await page.getByRole("button", { name: /^\+1 Kontakt zählen:/ }).first().click();
  await page.waitForFunction(([name, n]) => performance.getEntriesByName(name).length > n, [name, before], {
    timeout: TIMEOUT,
    polling: 50,
  });
  return lastMeasure(page, name);
}

async function run() {
  const r = {};
  const context = await browser.newContext({ locale: "de-DE" });
  await context.addInitScript(PROBE);
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on("pageerror", (e) => console.error("page error:", String(e)));
  await page.goto(server.url + "/austausch");
  await page.getByRole("heading", { level: 1, name: "Datenaustausch" }).waitFor();

  // Plain: import, size, one change, reload.
  let t = Date.now();
  await page.getByLabel("Exportdatei wählen").setInputFiles(FILE);
  await page.getByTestId("import-preview").getByRole("button", { name: "Import übernehmen" }).waitFor();
  await page.getByRole("button", { name: "Import übernehmen" }).click();
  await page.getByText(/wurde zusammengeführt/).waitFor();
  await waitForPrefix(page, "kim-p1:");
  r.importMs = Date.now() - t;
  r.plainChars = (await entry(page)).length;
  r.plainAppChars = await appChars(page);
  r.plainSaveMs = await changeAndSave(page, "kim:save");

  t = Date.now();
  await page.reload();
  await navigation(page).waitFor();
  r.plainReloadWallMs = Date.now() - t;
  await page.waitForFunction(() => window.__bench.nav !== null, null, { timeout: TIMEOUT });
  r.plainReloadMs = await page.evaluate(() => window.__bench.nav);
  r.plainOpenMs = await lastMeasure(page, "kim:open");

  // Encrypted: set the passphrase, size, one change, reload, unlock.
  await goTo(page, "Einstellungen");
  await page.getByLabel("Neues Kennwort", { exact: true }).fill(PASSPHRASE);
  await page.getByLabel("Kennwort wiederholen", { exact: true }).fill(PASSPHRASE);
  t = Date.now();
  await page.getByRole("button", { name: "Kennwortschutz einschalten" }).click();
  await page.getByText("Der Kennwortschutz ist eingeschaltet").waitFor();
  await waitForPrefix(page, "kim-e1:");
  r.lockOnMs = Date.now() - t;
  const sealed = await entry(page);
  r.sealedChars = sealed.length;
  r.sealedAppChars = await appChars(page);
  if (/\b(caritas|lernen-foerdern)\b/i.test(sealed)) throw new Error("sanity: the sealed entry contains plain text");
  r.sealedSaveMs = await changeAndSave(page, "kim:save-sealed");
  if (!(await entry(page)).startsWith("kim-e1:")) throw new Error("sanity: the entry is no longer sealed after a change");

  t = Date.now();
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Die App ist gesperrt" }).waitFor();
  r.lockScreenWallMs = Date.now() - t;
  if ((await navigation(page).count()) !== 0) throw new Error("sanity: the navigation is shown while locked");
  await page.getByLabel("Kennwort", { exact: true }).fill(PASSPHRASE);
  t = Date.now();
  await page.getByRole("button", { name: "Entsperren" }).click();
  await navigation(page).waitFor();
  r.unlockWallMs = Date.now() - t;
  await page.waitForFunction(() => window.__bench.nav !== null && window.__bench.unlockPressed !== null, null, {
    timeout: TIMEOUT,
  });
  r.unlockToNavMs = await page.evaluate(() => window.__bench.nav - window.__bench.unlockPressed);
  r.unlockMs = await lastMeasure(page, "kim:unlock");
  r.sealedOpenMs = await lastMeasure(page, "kim:open");
  await context.close();
  return r;
}

const quota = await measureQuota();
const results = [];
for (let i = 0; i < runs; i++) {
  const r = await run();
  results.push(r);
  console.error(`run ${i + 1}/${runs}: ${JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v)])))}`);
}
const med = (key) => median(results.map((r) => r[key]));
const ms = (key) => `${med(key).toFixed(0)} ms`;
const all = (key) => results.map((r) => r[key].toFixed(0)).join(", ");

console.log(`lock benchmark: ${(size / 1e6).toFixed(1)} MB export file (20,000 cases), medians of ${runs} fresh runs`);
console.log(`  local storage quota of this Chromium, measured: ${M(quota)} characters per origin (keys and values)`);
console.log(`  import (apply + save): ${ms("importMs")}`);
console.log(`  plain:     stored ${M(med("plainChars"))} characters (kim-p1, in parts; all app keys ${M(med("plainAppChars"))})`);
console.log(`             save after one contact counted (kim:save): ${ms("plainSaveMs")} [${all("plainSaveMs")}]`);
console.log(
  `             reload to the first page with data: ${ms("plainReloadMs")} from navigation start to the navigation shown ` +
    `[${all("plainReloadMs")}], of which opening storage (kim:open) ${ms("plainOpenMs")}; driver wall time ${ms("plainReloadWallMs")}`
);
console.log(`  encrypted: switching the lock on (click to kim-e1 stored): ${ms("lockOnMs")} [${all("lockOnMs")}]`);
console.log(
  `             stored ${M(med("sealedChars"))} characters (kim-e1; all app keys ${M(med("sealedAppChars"))}), ` +
    `${((med("sealedChars") / med("plainChars") - 1) * 100).toFixed(1)} % more than plain`
);
console.log(`             sealed save after one contact counted (kim:save-sealed): ${ms("sealedSaveMs")} [${all("sealedSaveMs")}]`);
console.log(`             reload to the lock screen (driver wall time): ${ms("lockScreenWallMs")}`);
console.log(`             unlock, PBKDF2 600,000 iterations + decrypt (kim:unlock): ${ms("unlockMs")} [${all("unlockMs")}]`);
console.log(
  `             "Entsperren" pressed to the navigation shown: ${ms("unlockToNavMs")} [${all("unlockToNavMs")}], ` +
    `of which opening the data (kim:open) ${ms("sealedOpenMs")}; driver wall time ${ms("unlockWallMs")}`
);
const used = Math.max(...results.map((r) => r.sealedAppChars));
console.log(
  `  quota: the encrypted store (largest run, all app keys) uses ${M(used)} of ${M(quota)} characters ` +
    `(${((used / quota) * 100).toFixed(0)} %): ${used <= quota ? `fits, ${M(quota - used)} characters to spare` : "does NOT fit"}` +
    `; about ${Math.floor((quota / used) * 20000).toLocaleString("en")} cases of this shape would fit encrypted (linear estimate)`
);
await browser.close();
await server.close();

// The passphrase lock on a shared device: once set, everything stored is encrypted (no case
// code in local storage), the app opens locked, a wrong passphrase changes nothing, it locks
// itself when idle and with "Sperren", export files are encrypted and open on another device
// with the passphrase, a passphrase change interrupted by a reload leaves the old or the new
// state, and two tabs keep each other's writes while the lock is on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useServerAndBrowser, openApp, goTo, downloadText, launchProfile, waitForServiceWorker, fillStorage, seriousAxeViolations, chooseBuiltInRules, saveAgainOnceThereIsRoom, scheduleClicks } from "./support.mjs";

const env = useServerAndBrowser();
const FIXTURE = "tests/fixtures/report/domain-md-export.json";
const PASSPHRASE = "Korrektes Pferd Batterie";
const OTHER = "Heftklammer im Regen 42";

const fixtureCodes = async () => JSON.parse(await readFile(FIXTURE, "utf8")).data.cases.map((c) => c.code);

async function importFile(page, path) {
  await goTo(page, "Datenaustausch");
  await page.getByLabel("Exportdatei wählen").setInputFiles(path);
}

async function importFixture(page) {
  await importFile(page, FIXTURE);
  await page.getByRole("button", { name: "Import übernehmen" }).click();
  await page.getByText(/wurde zusammengeführt/).waitFor();
}

/** Everything the app keeps in local storage, as one text. */
const storedText = (page) =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("kim-rheine")).map((k) => localStorage.getItem(k)).join("\n"));

const isSealed = (page) => page.evaluate(() => (localStorage.getItem("kim-rheine.store") ?? "").startsWith("kim-e1:"));

async function waitUntil(check, what, ms = 15000) {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function setLock(page, passphrase = PASSPHRASE) {
  await goTo(page, "Einstellungen");
  await page.getByLabel("Neues Kennwort", { exact: true }).fill(passphrase);
  await page.getByLabel("Kennwort wiederholen", { exact: true }).fill(passphrase);
  await page.getByRole("button", { name: "Kennwortschutz einschalten" }).click();
  await page.getByText("Der Kennwortschutz ist eingeschaltet").waitFor();
  await page.waitForFunction(() => document.activeElement?.id === "kennwort-status", null, { timeout: 5000 });
  await waitUntil(() => isSealed(page), "the sealed entry");
}

async function unlock(page, passphrase = PASSPHRASE) {
  await page.getByRole("heading", { level: 1, name: "Die App ist gesperrt" }).waitFor();
  await page.getByLabel("Kennwort", { exact: true }).fill(passphrase);
  await page.getByRole("button", { name: "Entsperren" }).click();
  await page.getByRole("navigation", { name: "Hauptnavigation" }).waitFor();
}

/** The total of cases on the report's first reporting date. */
async function totalCases(page) {
  await goTo(page, "Bericht");
  const row = page.getByTestId("case-report").getByRole("row", { name: /^Gesamtfälle/ });
  return (await row.getByRole("cell").first().textContent()).trim();
}

test("a passphrase encrypts everything stored; the app opens locked, refuses a wrong passphrase and locks with „Sperren“", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url);
  await importFixture(page);
  const codes = await fixtureCodes();
  assert.ok((await storedText(page)).includes(codes[0]), "before the lock the codes are stored in plain text");

  await goTo(page, "Einstellungen");
  await page.getByText(/Ein vergessenes Kennwort kann niemand zurücksetzen/).waitFor();
  await page.getByLabel("Neues Kennwort", { exact: true }).fill("kurz");
  await page.getByLabel("Kennwort wiederholen", { exact: true }).fill("kurz");
  await page.getByRole("button", { name: "Kennwortschutz einschalten" }).click();
  const field = page.getByLabel("Neues Kennwort", { exact: true });
  await waitUntil(async () => (await field.getAttribute("aria-invalid")) === "true", "the error at the field");
  assert.match(await page.locator(`#${await field.getAttribute("aria-describedby")}`).textContent(), /mindestens 10 Zeichen/);
  assert.equal(await isSealed(page), false, "nothing was encrypted");

  await setLock(page);
  const stored = await storedText(page);
  for (const code of codes) assert.ok(!stored.includes(code), `case code ${code} in plain text`);
  assert.ok(!stored.includes("Caritas"), "rule set in plain text");

  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Die App ist gesperrt" }).waitFor();
  assert.equal(await page.getByRole("navigation", { name: "Hauptnavigation" }).count(), 0);
  await page.getByLabel("Kennwort", { exact: true }).fill("falsches Kennwort");
  await page.getByRole("button", { name: "Entsperren" }).click();
  await page.getByText("Das Kennwort stimmt nicht. Es wurde nichts geändert; bitte noch einmal versuchen.").waitFor();
  assert.equal(await page.getByLabel("Kennwort", { exact: true }).getAttribute("aria-invalid"), "true");
  assert.equal(await storedText(page), stored, "a wrong passphrase changes nothing");

  await unlock(page);
  assert.equal(await totalCases(page), "84");
  await page.getByRole("button", { name: "Sperren" }).click();
  await page.getByRole("heading", { level: 1, name: "Die App ist gesperrt" }).waitFor();
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("the app locks itself after the idle time", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(env.server.url + "/");
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  await chooseBuiltInRules(page);
  await setLock(page);
  await page.clock.fastForward("10:00");
  assert.equal(await page.getByRole("heading", { level: 1, name: "Die App ist gesperrt" }).count(), 0, "not locked after 10 of 15 minutes");
  await page.clock.fastForward("06:00");
  await page.getByRole("heading", { level: 1, name: "Die App ist gesperrt" }).waitFor();
  await context.close();
});

test("an encrypted export opens on another device only with the passphrase; a changed file is refused", async () => {
  const dir = await mkdtemp(join(tmpdir(), "kim-lock-"));
  const a = await env.browser.newContext({ locale: "de-DE", acceptDownloads: true });
  const pageA = await openApp(a, env.server.url);
  await importFixture(pageA);
  await setLock(pageA);
  await goTo(pageA, "Datenaustausch");
  const box = pageA.getByRole("checkbox", { name: /Exportdatei mit dem Kennwort dieses Geräts verschlüsseln/ });
  assert.equal(await box.isChecked(), true, "encryption is offered by default");
  const [download] = await Promise.all([pageA.waitForEvent("download"), pageA.getByRole("button", { name: "Alle Daten exportieren" }).click()]);
  assert.match(download.suggestedFilename(), /-verschluesselt\.json$/);
  const text = await downloadText(download);
  assert.ok(text.includes("kim-export-verschluesselt"));
  for (const code of await fixtureCodes()) assert.ok(!text.includes(code), `case code ${code} in the file`);
  const file = join(dir, download.suggestedFilename());
  await writeFile(file, text);
  const envelope = JSON.parse(text).envelope;
  const flipped = envelope.slice(0, -10) + (envelope.at(-10) === "A" ? "B" : "A") + envelope.slice(-9);
  const tampered = join(dir, "tampered.json");
  await writeFile(tampered, text.replace(envelope, flipped));

  const b = await env.browser.newContext({ locale: "de-DE" });
  const pageB = await openApp(b, env.server.url);
  await importFile(pageB, tampered);
  await pageB.getByLabel("Kennwort der Datei").fill(PASSPHRASE);
  await pageB.getByRole("button", { name: "Datei entschlüsseln" }).click();
  await pageB.getByText("Das Kennwort stimmt nicht, oder die Datei wurde verändert. Es wurde nichts geändert.").waitFor();

  await importFile(pageB, file);
  await pageB.getByLabel("Kennwort der Datei").fill(OTHER);
  await pageB.getByRole("button", { name: "Datei entschlüsseln" }).click();
  await pageB.getByText("Das Kennwort stimmt nicht, oder die Datei wurde verändert. Es wurde nichts geändert.").waitFor();
  assert.equal(await pageB.getByTestId("import-preview").count(), 0, "nothing to take over");
  await pageB.getByLabel("Kennwort der Datei").fill(PASSPHRASE);
  await pageB.getByRole("button", { name: "Datei entschlüsseln" }).click();
  await pageB.getByRole("button", { name: "Import übernehmen" }).click();
  await pageB.getByText(/wurde zusammengeführt/).waitFor();
  assert.equal(await totalCases(pageB), "84");
  assert.deepEqual(pageB.appErrors, []);
  await a.close();
  await b.close();
});

test("changing the passphrase re-encrypts in one step: a reload in the middle finds the old or the new one, the data whole", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url);
  await importFixture(page);
  await setLock(page);

  // Interrupted: the reload comes right after the click.
  await page.getByLabel("Bisheriges Kennwort").fill(PASSPHRASE);
  await page.getByLabel("Neues Kennwort", { exact: true }).fill(OTHER);
  await page.getByLabel("Neues Kennwort wiederholen").fill(OTHER);
  await page.getByRole("button", { name: "Kennwort ändern" }).click();
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Die App ist gesperrt" }).waitFor();
  let opened = null;
  for (const candidate of [OTHER, PASSPHRASE]) {
    await page.getByLabel("Kennwort", { exact: true }).fill(candidate);
    await page.getByRole("button", { name: "Entsperren" }).click();
    const ok = await page
      .getByRole("navigation", { name: "Hauptnavigation" })
      .waitFor({ timeout: 5000 })
      .then(() => true, () => false);
    if (ok) {
      opened = candidate;
      break;
    }
  }
  assert.ok(opened, "neither the old nor the new passphrase opens the data");
  console.log(`passphrase change interrupted by a reload: the ${opened === OTHER ? "new" : "old"} passphrase opened the data`);
  assert.equal(await totalCases(page), "84");

  // Not interrupted: afterwards only the new passphrase opens.
  const current = opened;
  const next = current === OTHER ? PASSPHRASE : OTHER;
  await goTo(page, "Einstellungen");
  await page.getByLabel("Bisheriges Kennwort").fill("nicht das Kennwort");
  await page.getByLabel("Neues Kennwort", { exact: true }).fill(next);
  await page.getByLabel("Neues Kennwort wiederholen").fill(next);
  await page.getByRole("button", { name: "Kennwort ändern" }).click();
  await page.getByText("Das bisherige Kennwort stimmt nicht. Es wurde nichts geändert.").waitFor();
  const before = await storedText(page);
  await page.getByLabel("Bisheriges Kennwort").fill(current);
  await page.getByRole("button", { name: "Kennwort ändern" }).click();
  await page.getByText("Das Kennwort ist geändert.", { exact: false }).waitFor();
  await waitUntil(async () => (await storedText(page)) !== before, "the re-encrypted entry");
  await page.reload();
  await page.getByLabel("Kennwort", { exact: true }).fill(current);
  await page.getByRole("button", { name: "Entsperren" }).click();
  await page.getByText("Das Kennwort stimmt nicht.", { exact: false }).waitFor();
  await unlock(page, next);
  assert.equal(await totalCases(page), "84");

  // Removing the lock stores plain text again.
  await goTo(page, "Einstellungen");
  await page.getByLabel("Kennwort", { exact: true }).fill(next);
  await page.getByRole("button", { name: "Kennwortschutz ausschalten" }).click();
  await waitUntil(async () => !(await isSealed(page)), "the plain entry");
  assert.ok((await storedText(page)).includes((await fixtureCodes())[0]));
  await page.reload();
  await page.getByRole("navigation", { name: "Hauptnavigation" }).waitFor();
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("two tabs while the lock is on: the second asks for the passphrase, and both keep each other's writes", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const one = await openApp(context, env.server.url);
  await setLock(one);
  const two = await context.newPage();
  await two.goto(env.server.url + "/bericht");
  await unlock(two);

  const enter = async (page, year, permits) => {
    if (!(await page.getByRole("heading", { level: 1, name: "Bericht" }).isVisible())) await goTo(page, "Bericht");
    await page.getByLabel("Jahr", { exact: true }).fill(String(year));
    await page.getByLabel("Aufenthaltserlaubnisse § 25a/§ 25b").fill(String(permits));
    await page.getByRole("button", { name: "Jahreszahlen speichern" }).click();
    await page.getByText(`Die Zahlen für ${year} wurden gespeichert.`).waitFor();
  };
  await enter(one, 2020, 48);
  await enter(two, 2021, 59);
  await enter(one, 2022, 80);
  const yearly = (page) => page.getByTestId("yearly-report");
  for (const page of [one, two]) {
    for (const year of ["2020", "2021", "2022"]) {
      await yearly(page).getByRole("row", { name: new RegExp("^" + year) }).waitFor();
    }
  }
  await waitUntil(async () => (await one.evaluate(() => performance.getEntriesByName("kim:save-sealed").length)) > 0, "a sealed save");
  const measures = await one.evaluate(() => performance.getEntriesByName("kim:save-sealed").map((e) => e.duration));
  console.log(`sealed saves in tab 1: ${measures.map((d) => d.toFixed(1)).join(", ")} ms`);

  await two.close();
  await one.reload();
  await unlock(one);
  await goTo(one, "Bericht");
  for (const year of ["2020", "2021", "2022"]) await yearly(one).getByRole("row", { name: new RegExp("^" + year) }).waitFor();
  assert.deepEqual(one.appErrors, []);
  await context.close();
});

test("two tabs with the lock on, counting 20 contacts each in the same instants, keep all 40", async () => {
  // Every save is sealed and runs under the store's Web Lock; a tab whose entry another tab
  // wrote since its own last write opens and merges it before writing (a save skips reading
  // the entry only while it is still the text this tab last wrote: local storage's mark).
  const context = await env.browser.newContext({ locale: "de-DE" });
  const one = await openApp(context, env.server.url);
  await setLock(one);
  const two = await context.newPage();
  await two.goto(env.server.url + "/kontakte");
  await unlock(two);
  const caritas = async (page) => {
    if (!(await page.getByRole("heading", { level: 1, name: "Beratungskontakte" }).isVisible())) await goTo(page, "Beratungskontakte");
    await page.getByLabel("Träger").selectOption({ label: "Caritas Rheine e. V." });
  };
  for (const tab of [one, two]) await caritas(tab);
  const at = Date.now() + 300;
  await Promise.all([one, two].map((tab) => scheduleClicks(tab, "+1 Kontakt zählen:", at, 20, 9)));
  // Settled: the sealed entry has not changed for two seconds.
  const entry = () => one.evaluate(() => localStorage.getItem("kim-rheine.store") ?? "");
  let last = await entry();
  for (let quiet = Date.now(); Date.now() - quiet < 2000; ) {
    await one.waitForTimeout(200);
    const now = await entry();
    if (now !== last) [last, quiet] = [now, Date.now()];
  }
  assert.ok(last.startsWith("kim-e1:"), "the entry stays sealed");
  const three = await context.newPage();
  await three.goto(env.server.url + "/kontakte");
  await unlock(three);
  await caritas(three);
  await three.getByTestId("month-totals").getByRole("row", { name: /Caritas Rheine/ }).getByText("40", { exact: true }).waitFor();
  assert.deepEqual(one.appErrors, []);
  await context.close();
});

test("offline, the locked app opens and unlocks from the cache", async () => {
  const dir = await mkdtemp(join(tmpdir(), "kim-lock-offline-"));
  const context = await launchProfile(dir);
  try {
    const page = await openApp(context, env.server.url);
    await waitForServiceWorker(page);
    await importFixture(page);
    await setLock(page);
    await context.setOffline(true);
    await page.reload();
    await unlock(page);
    assert.equal(await totalCases(page), "84");
    await page.getByRole("button", { name: "Sperren" }).click();
    await page.getByRole("heading", { level: 1, name: "Die App ist gesperrt" }).waitFor();
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("storage full while locked: the change stays in memory, an encrypted export is offered, saving again works", async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, locale: "de-DE" });
  const page = await openApp(context, env.server.url);
  await setLock(page);
  await goTo(page, "Bericht");
  const enter = async (year, permits) => {
    await page.getByLabel("Jahr", { exact: true }).fill(String(year));
    await page.getByLabel("Aufenthaltserlaubnisse § 25a/§ 25b").fill(String(permits));
    await page.getByRole("button", { name: "Jahreszahlen speichern" }).click();
    await page.getByText(`Die Zahlen für ${year} wurden gespeichert.`).waitFor();
  };
  await enter(2020, 48);
  await waitUntil(async () => (await one(page)) > 0, "a sealed save");
  const before = await page.evaluate(() => localStorage.getItem("kim-rheine.store"));
  await fillStorage(page);
  await enter(2021, 59);
  const alert = page.getByRole("alert").filter({ hasText: "Der Speicher dieses Browsers ist voll" });
  await alert.waitFor();
  await page.getByTestId("yearly-report").getByRole("row", { name: /^2021/ }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem("kim-rheine.store")), before, "nothing stored was touched");
  const [download] = await Promise.all([page.waitForEvent("download"), alert.getByRole("button", { name: "Daten jetzt exportieren" }).click()]);
  const exported = JSON.parse(await downloadText(download));
  assert.equal(exported.format, "kim-export-verschluesselt");
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("filler.")).forEach((k) => localStorage.removeItem(k)));
  await saveAgainOnceThereIsRoom(alert);
  assert.ok(await isSealed(page));
  await page.reload();
  await unlock(page);
  await goTo(page, "Bericht");
  for (const year of ["2020", "2021"]) await page.getByTestId("yearly-report").getByRole("row", { name: new RegExp("^" + year) }).waitFor();
  await context.close();
});

/** How many sealed saves the page has measured. */
const one = (page) => page.evaluate(() => performance.getEntriesByName("kim:save-sealed").length);

test("the lock screen and the Kennwortschutz settings have no serious accessibility violation, also on a phone", async () => {
  const context = await env.browser.newContext({ locale: "de-DE", bypassCSP: true, viewport: { width: 360, height: 640 } });
  const page = await openApp(context, env.server.url);
  const problems = [];
  await goTo(page, "Einstellungen");
  problems.push(...(await seriousAxeViolations(page, "Einstellungen ohne Kennwort")));
  await setLock(page);
  problems.push(...(await seriousAxeViolations(page, "Einstellungen mit Kennwort")));
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Die App ist gesperrt" }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "unlock-passphrase", "the passphrase field has the focus");
  problems.push(...(await seriousAxeViolations(page, "Sperrbildschirm")));
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 360, "the lock screen fits a phone");
  assert.deepEqual(problems, []);
  await context.close();
});

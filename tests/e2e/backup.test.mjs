// Never lose a register: backups written by themselves into a connected folder, the reminder
// where there is none, restore from a file and from the folder, and the warnings before a
// browser throws data away.
//
// The folder picker cannot be driven headless; the origin private file system stands in for
// the picked folder (the same FileSystemDirectoryHandle interface): `showDirectoryPicker`
// returns its subfolder "sicherungen".
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { useServerAndBrowser, openApp, goTo, downloadText, chooseBuiltInRules } from "./support.mjs";
import { chooseDevice } from "./pages.mjs";

const env = useServerAndBrowser();

/** The origin private file system's folder "sicherungen" as the folder the user picks. */
function pickerPicksPrivateFolder() {
  window.showDirectoryPicker = async () => {
    const root = await navigator.storage.getDirectory();
    return root.getDirectoryHandle("sicherungen", { create: true });
  };
}

/** A browser without the File System Access API (Firefox, Safari). */
function noFolderAccess() {
  delete window.showDirectoryPicker;
  delete Window.prototype.showDirectoryPicker;
}

/** The names of the complete files in the stand-in folder, sorted: not the browser's swap
 * file of a write in progress, nor the empty name it creates before the content is in place. */
async function folderFiles(page) {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const folder = await root.getDirectoryHandle("sicherungen", { create: true });
    const names = [];
    for await (const [name, entry] of folder.entries()) {
      // A file deleted between listing and reading (the app prunes meanwhile) is gone.
      const size = await entry.getFile().then((f) => f.size, () => 0);
      if (entry.kind === "file" && !name.endsWith(".crswap") && size > 0) names.push(name);
    }
    return names.sort();
  });
}

/** The text of a file in the stand-in folder. */
async function folderFile(page, name) {
  return page.evaluate(async (name) => {
    const root = await navigator.storage.getDirectory();
    const folder = await root.getDirectoryHandle("sicherungen");
    return (await (await folder.getFileHandle(name)).getFile()).text();
  }, name);
}

async function waitForFileCount(page, count) {
  const deadline = Date.now() + 15000;
  let files = [];
  while (Date.now() < deadline) {
    files = await folderFiles(page);
    if (files.length === count) return files;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`expected ${count} files in the folder, found ${files.length}: ${files.join(", ")}`);
}

/** Counts one short contact on *Beratungskontakte* (the device works for Caritas Rheine). */
async function countContact(page) {
  await goTo(page, "Beratungskontakte");
  const before = await page.getByTestId("month-totals").textContent();
  await page.getByRole("button", { name: /^\+1 Kontakt zählen:/ }).first().click();
  await page.waitForFunction((text) => document.querySelector("[data-testid=month-totals]")?.textContent !== text, before);
}

const BACKUP_NAME = /^kim-sicherung-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-caritas-rheine-[0-9a-f]{8}\.json$/;

test("a connected folder gets a backup after a change, at most every five minutes, and keeps ten generations", async () => {
  const context = await env.browser.newContext({ locale: "de-DE", timezoneId: "Europe/Berlin" });
  await context.addInitScript(pickerPicksPrivateFolder);
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(env.server.url + "/");
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  await chooseBuiltInRules(page);
  await chooseDevice(page, "Caritas Rheine e. V.");

  await goTo(page, "Einstellungen");
  const section = page.getByRole("region", { name: "Sicherung" });
  await section.getByText("Kein Sicherungsordner verbunden.").waitFor();
  await section.getByRole("button", { name: "Ordner für Sicherungen verbinden" }).click();
  await section.getByText("„sicherungen“").waitFor();
  // Nothing recorded yet: nothing to back up.
  assert.deepEqual(await folderFiles(page), []);

  // The first change is backed up at once.
  await countContact(page);
  const [first] = await waitForFileCount(page, 1);
  assert.match(first, BACKUP_NAME);
  const backup = JSON.parse(await folderFile(page, first));
  assert.equal(backup.format, "kim-export");
  assert.equal(backup.data.contacts.length, 1);

  // A second change within five minutes waits for the interval, then is backed up.
  await countContact(page);
  await page.clock.fastForward("02:00");
  assert.equal((await folderFiles(page)).length, 1);
  await page.clock.fastForward("03:10");
  await waitForFileCount(page, 2);

  // Ten more changes, each past the interval: twelve backups leave the newest ten.
  for (let i = 0; i < 10; i += 1) {
    await page.clock.fastForward("05:10");
    await countContact(page);
    await waitForFileCount(page, Math.min(3 + i, 10));
  }
  // The last change's backup replaces the oldest: still ten, the newest with all 12 contacts.
  const deadline = Date.now() + 15000;
  let files = await waitForFileCount(page, 10);
  while (JSON.parse(await folderFile(page, files.at(-1))).data.contacts.length < 12 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    files = await waitForFileCount(page, 10);
  }
  assert.ok(files.every((name) => BACKUP_NAME.test(name)), files.join("\n"));
  assert.ok(!files.includes(first), "the oldest generation was deleted");
  const newest = JSON.parse(await folderFile(page, files.at(-1)));
  assert.equal(newest.data.contacts.length, 12);

  // Einstellungen says when the last one was written.
  await goTo(page, "Einstellungen");
  await section.getByTestId("last-backup").getByText(/^\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr$/).waitFor();
  // No reminder while backups are written by themselves.
  assert.equal(await page.getByTestId("backup-reminder").count(), 0);
  await context.close();
});

test("without a folder the reminder asks for a backup, downloads one, and comes back after the set days", async () => {
  const context = await env.browser.newContext({ locale: "de-DE", timezoneId: "Europe/Berlin", acceptDownloads: true });
  await context.addInitScript(noFolderAccess);
  const page = await context.newPage();
  await page.clock.install();
  await page.goto(env.server.url + "/");
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  await chooseBuiltInRules(page);
  await chooseDevice(page, "Caritas Rheine e. V.");
  // No data, no reminder.
  assert.equal(await page.getByTestId("backup-reminder").count(), 0);

  await countContact(page);
  const reminder = page.getByTestId("backup-reminder");
  await reminder.getByText("Die Daten dieses Geräts wurden noch nie gesichert.", { exact: false }).waitFor();
  await goTo(page, "Einstellungen");
  await page.getByTestId("backup-status").getByText("Dieser Browser kann keinen Ordner für Sicherungen verbinden", { exact: false }).waitFor();

  // "Jetzt sichern" downloads a backup file: an export file with the report's settings.
  // A double click downloads one file.
  const downloads = [];
  page.on("download", (d) => downloads.push(d));
  const [download] = await Promise.all([page.waitForEvent("download"), reminder.getByRole("button", { name: "Jetzt sichern" }).dblclick()]);
  assert.match(download.suggestedFilename(), BACKUP_NAME);
  const file = JSON.parse(await downloadText(download));
  assert.equal(file.format, "kim-export");
  assert.equal(file.data.contacts.length, 1);
  assert.ok("report" in file, "a backup carries the report's settings");
  await reminder.waitFor({ state: "detached" });
  await page.waitForTimeout(500);
  assert.equal(downloads.length, 1, "one download for a double click");

  // Seven days later still quiet; after eight days the reminder is back on every page.
  await page.clock.fastForward(7 * 24 * 3600 * 1000 - 60 * 60 * 1000);
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Einstellungen" }).waitFor();
  assert.equal(await page.getByTestId("backup-reminder").count(), 0);
  await page.clock.fastForward(24 * 3600 * 1000 + 2 * 60 * 60 * 1000);
  await page.reload();
  await reminder.getByText("Die letzte Sicherung dieses Geräts ist 8 Tage alt.", { exact: false }).waitFor();
  await goTo(page, "Bericht");
  await reminder.waitFor();

  // "Morgen erinnern" puts it off for a day.
  await reminder.getByRole("button", { name: "Morgen erinnern" }).click();
  await reminder.waitFor({ state: "detached" });
  await page.clock.fastForward(25 * 3600 * 1000);
  await page.reload();
  await reminder.getByText("9 Tage alt", { exact: false }).waitFor();

  // A shorter setting brings it sooner; it is checked and kept.
  await goTo(page, "Einstellungen");
  const days = page.getByLabel("Sicherung spätestens alle … Tage");
  await days.fill("0");
  await days.press("Tab");
  await page.getByText("Bitte eine Zahl von 1 bis 90 eingeben.").waitFor();
  assert.equal(await days.getAttribute("aria-invalid"), "true");
  await days.fill("30");
  await days.press("Tab");
  await reminder.waitFor({ state: "detached" });
  await context.close();
});

test("Safari outside the home screen is told of the seven-day rule; storage near full is warned of", async () => {
  const iphone =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
  const context = await env.browser.newContext({ locale: "de-DE", userAgent: iphone, viewport: { width: 360, height: 640 } });
  await context.addInitScript(noFolderAccess);
  const page = await openApp(context, env.server.url);
  await chooseDevice(page, "Caritas Rheine e. V.");
  assert.equal(await page.getByTestId("seven-day-notice").count(), 0, "no notice before there are data");
  await countContact(page);
  const notice = page.getByTestId("seven-day-notice");
  await notice.getByText("wenn sie 7 Tage lang nicht geöffnet wird", { exact: false }).waitFor();
  await notice.getByText("„Zum Home-Bildschirm“", { exact: false }).waitFor();
  await notice.getByRole("button", { name: "Hinweis ausblenden" }).click();
  await notice.waitFor({ state: "detached" });
  await context.close();

  // A desktop Chromium is not told.
  const desktop = await env.browser.newContext({ locale: "de-DE" });
  const other = await openApp(desktop, env.server.url);
  await chooseDevice(other, "Caritas Rheine e. V.");
  await countContact(other);
  assert.equal(await other.getByTestId("seven-day-notice").count(), 0);

  // Near the quota: a stored document of 4.3 M characters (82 %) is warned of on every page.
  const stored = await other.evaluate(() => localStorage.getItem("kim-rheine.store"));
  const doc = JSON.parse(stored);
  const padding = "x".repeat(4_300_000 - stored.length);
  await other.evaluate(
    ([text, pad]) => {
      const d = JSON.parse(text);
      d.settings.report = { printed_dates: [] };
      d.data.yearly = [];
      d.padding = pad;
      localStorage.setItem("kim-rheine.store", JSON.stringify(d));
    },
    [JSON.stringify(doc), padding]
  );
  await other.reload();
  await other.getByTestId("quota-warning").getByText("zu 82 % mit den Daten der App belegt", { exact: false }).waitFor();
  await goTo(other, "Einstellungen");
  await other.getByTestId("app-storage").getByText("82 % des lokalen Speichers", { exact: false }).waitFor();
  await desktop.close();
});

const FIXTURE = "tests/fixtures/report/domain-md-export.json";
const PASSPHRASE = "Korrektes Pferd Batterie";

/** Imports the report fixture (cases, contacts, visits, yearly figures) and sets up the report. */
async function fillAndSetUpReport(page) {
  await goTo(page, "Datenaustausch");
  await page.getByLabel("Exportdatei wählen").setInputFiles(FIXTURE);
  await page.getByRole("button", { name: "Import übernehmen" }).click();
  await page.getByText(/wurde zusammengeführt/).waitFor();
  await goTo(page, "Bericht");
  await page.getByLabel("Stichtag hinzufügen").fill("2022-12-15");
  await page.getByRole("button", { name: "Hinzufügen" }).click();
  await page.getByTestId("case-report").getByRole("columnheader", { name: "15.12.2022" }).waitFor();
  await page.getByLabel("Von Monat").fill("2023-01");
  await page.getByLabel("Bis Monat").fill("2023-04");
  await page.getByTestId("contact-report").getByRole("columnheader", { name: "04.2023" }).waitFor();
}

/** Records one welcome visit, so a restore has visits to bring back too. */
async function recordVisit(page) {
  await goTo(page, "Willkommensbesuche");
  await page.getByRole("radio", { name: "Schotthock" }).check();
  await page.getByRole("radio", { name: "Familiennachzug" }).check();
  await page.getByLabel("3–5 Jahre").fill("2");
  await page.getByRole("button", { name: "Besuch speichern" }).click();
  await page.getByText(/^Besuch gespeichert\./).waitFor();
}

/** Everything this device holds, as the `data` of an export file downloaded now (plain). */
async function exportedData(page) {
  await goTo(page, "Datenaustausch");
  const encrypt = page.getByRole("checkbox", { name: /Exportdatei mit dem Kennwort dieses Geräts verschlüsseln/ });
  if ((await encrypt.count()) > 0) await encrypt.uncheck();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Alle Daten exportieren" }).click()]);
  return JSON.parse(await downloadText(download)).data;
}

/** Every table of the report, as text: the figures a restore must bring back. */
async function reportFigures(page) {
  await goTo(page, "Bericht");
  await page.getByTestId("contact-report").getByRole("columnheader", { name: "04.2023" }).waitFor();
  return page.locator("main table").allInnerTexts();
}

/** Clears everything the site keeps in this browser but the stand-in folder. */
async function clearSiteDataButTheFolder(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Storage.clearDataForOrigin", {
    origin: env.server.url,
    storageTypes: "local_storage,indexeddb,cache_storage,service_workers,websql",
  });
  await cdp.detach();
}

async function connectFolder(page) {
  await goTo(page, "Einstellungen");
  const section = page.getByRole("region", { name: "Sicherung" });
  await section.getByRole("button", { name: "Ordner für Sicherungen verbinden" }).click();
  await section.getByText("„sicherungen“").waitFor();
}

for (const locked of [false, true]) {
  test(`a wiped browser restores everything from the folder${locked ? ", encrypted with the lock on" : ""}`, async () => {
    const context = await env.browser.newContext({ locale: "de-DE", timezoneId: "Europe/Berlin", acceptDownloads: true });
    await context.addInitScript(pickerPicksPrivateFolder);
    const page = await openApp(context, env.server.url);
    await fillAndSetUpReport(page);
    await recordVisit(page);
    const figures = await reportFigures(page);
    const data = await exportedData(page);
    assert.equal(data.visits.length, 1);
    assert.ok(figures.length >= 3, `report tables: ${figures.length}`);
    if (locked) {
      await goTo(page, "Einstellungen");
      await page.getByLabel("Neues Kennwort", { exact: true }).fill(PASSPHRASE);
      await page.getByLabel("Kennwort wiederholen", { exact: true }).fill(PASSPHRASE);
      await page.getByRole("button", { name: "Kennwortschutz einschalten" }).click();
      await page.getByText("Der Kennwortschutz ist eingeschaltet").waitFor();
    }
    await connectFolder(page);
    const [name] = await waitForFileCount(page, 1);
    assert.equal(name.endsWith("-verschluesselt.json"), locked, name);
    const written = await folderFile(page, name);
    // Encrypted: no case code of the register in the file.
    const someCode = JSON.parse(await readFile(FIXTURE, "utf8")).data.cases[0].code;
    assert.equal(written.includes(someCode), !locked);

    // Everything of the site in this browser is gone (the folder is outside it).
    await clearSiteDataButTheFolder(context, page);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Regelwerk wählen" }).waitFor();
    const restore = page.getByRole("region", { name: "Sicherung wiederherstellen" });
    await restore.getByRole("button", { name: "Ordner mit Sicherungen wählen" }).click();
    if (locked) {
      await restore.getByLabel("Kennwort der Datei").fill(PASSPHRASE);
      await restore.getByRole("button", { name: "Datei entschlüsseln" }).click();
    }
    const preview = restore.getByTestId("import-preview");
    await preview.getByText(/von Gerät [0-9a-f]+/).waitFor();
    await preview.getByText(/Fälle/).first().waitFor();
    // Merging is the default.
    assert.ok(await preview.getByRole("radio", { name: /^Zusammenführen/ }).isChecked());
    await preview.getByRole("button", { name: "Wiederherstellen" }).click();
    await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Bericht" }).waitFor();
    assert.deepEqual(await reportFigures(page), figures);
    // Every case with its history, every contact and visit, the yearly figures and the rule
    // set: the same as before.
    assert.deepEqual(await exportedData(page), data);
    await context.close();
  });
}

test("a backup file restores on a fresh browser, and replacing asks first", async () => {
  const source = await env.browser.newContext({ locale: "de-DE", timezoneId: "Europe/Berlin", acceptDownloads: true });
  await source.addInitScript(noFolderAccess);
  const page = await openApp(source, env.server.url);
  await fillAndSetUpReport(page);
  const figures = await reportFigures(page);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByTestId("backup-reminder").getByRole("button", { name: "Jetzt sichern" }).click(),
  ]);
  const file = { name: download.suggestedFilename(), mimeType: "application/json", buffer: Buffer.from(await downloadText(download)) };
  await source.close();

  const fresh = await env.browser.newContext({ locale: "de-DE", timezoneId: "Europe/Berlin" });
  await fresh.addInitScript(noFolderAccess);
  const other = await openApp(fresh, env.server.url, "/", { rules: null });
  const restore = other.getByRole("region", { name: "Sicherung wiederherstellen" });
  // Without folder access, the folder button is not offered.
  assert.equal(await restore.getByRole("button", { name: /Ordner/ }).count(), 0);
  await restore.getByLabel("Sicherungs- oder Exportdatei wählen").setInputFiles(file);
  await restore.getByTestId("import-preview").getByRole("button", { name: "Wiederherstellen" }).click();
  await other.getByRole("navigation", { name: "Hauptnavigation" }).waitFor();
  assert.deepEqual(await reportFigures(other), figures);

  // A contact counted here after the restore; the same backup again in Einstellungen would
  // lose it by replacing, so replacing asks first.
  await chooseDevice(other, "Caritas Rheine e. V.");
  await countContact(other);
  await goTo(other, "Einstellungen");
  const again = other.getByRole("region", { name: "Sicherung" });
  await again.getByLabel("Sicherungs- oder Exportdatei wählen").setInputFiles(file);
  const preview = again.getByTestId("import-preview");
  await preview.getByRole("radio", { name: /^Ersetzen/ }).check();
  await preview.getByRole("button", { name: "Wiederherstellen" }).click();
  await other.getByRole("dialog", { name: "Alle Daten auf diesem Gerät ersetzen?" }).waitFor();
  await other.getByRole("dialog").getByRole("button", { name: "Abbrechen" }).click();
  await fresh.close();
});

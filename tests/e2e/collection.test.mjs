// The coordinating office's collection (issue 27): many devices' files at once, the devices
// roster, and the shared folder.
//
// Four provider devices (two per provider) export, two of them locked with one passphrase and
// one with another; the office imports them all at once together with a tampered file, a file
// of a newer format version and one file twice. The shared folder is the origin private file
// system standing in for the picked folder, as in backup.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, openApp, goTo, downloadText, chooseBuiltInRules } from "./support.mjs";
import { chooseDevice, settledDocument } from "./pages.mjs";

const env = useServerAndBrowser();
const ONE = "Erstes-Kennwort-2026";
const TWO = "Zweites-Kennwort-2026";

async function setLock(page, passphrase) {
  await goTo(page, "Einstellungen");
  await page.getByLabel("Neues Kennwort", { exact: true }).fill(passphrase);
  await page.getByLabel("Kennwort wiederholen", { exact: true }).fill(passphrase);
  await page.getByRole("button", { name: "Kennwortschutz einschalten" }).click();
  await page.getByText("Der Kennwortschutz ist eingeschaltet").waitFor();
}

/** Counts `n` short contacts on *Beratungskontakte*. */
async function countContacts(page, n) {
  await goTo(page, "Beratungskontakte");
  for (let i = 0; i < n; i++) {
    const before = await page.getByTestId("month-totals").textContent();
    await page.getByRole("button", { name: /^\+1 Kontakt zählen:/ }).first().click();
    await page.waitForFunction((text) => document.querySelector("[data-testid=month-totals]")?.textContent !== text, before);
  }
}

async function exportFile(page, name) {
  await goTo(page, "Datenaustausch");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Alle Daten exportieren" }).click(),
  ]);
  return { name, mimeType: "application/json", buffer: Buffer.from(await downloadText(download)) };
}

/** A provider device that counted `contacts` contacts and exported, locked with `lock`. */
async function device(provider, contacts, { lock = null, time = null, name }) {
  const context = await env.browser.newContext({ locale: "de-DE", timezoneId: "Europe/Berlin" });
  const page = await context.newPage();
  if (time) await page.clock.install({ time: new Date(time) });
  await page.goto(env.server.url + "/");
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  await chooseBuiltInRules(page);
  await chooseDevice(page, provider);
  await countContacts(page, contacts);
  if (lock) await setLock(page, lock);
  const file = await exportFile(page, name);
  await context.close();
  return file;
}

async function office() {
  const context = await env.browser.newContext({ locale: "de-DE", timezoneId: "Europe/Berlin" });
  const page = await openApp(context, env.server.url, "/");
  await chooseDevice(page, "Koordinierende Stelle");
  await goTo(page, "Datenaustausch");
  return { context, page };
}

async function openWith(page, passphrase) {
  await page.getByLabel("Kennwort der Datei").fill(passphrase);
  await page.getByRole("button", { name: /^Datei(en)? entschlüsseln$/ }).click();
}

async function contactTable(page) {
  await goTo(page, "Bericht");
  return page.getByTestId("contact-report").textContent();
}

test("many devices' files at once: one preview, passphrases once, one apply in one save, refused files listed, the roster flags an old export", async () => {
  const caritasA = await device("Caritas Rheine e. V.", 1, { name: "caritas-a.json" });
  const caritasB = await device("Caritas Rheine e. V.", 2, { lock: ONE, name: "caritas-b.json" });
  const lernenA = await device("Lernen fördern e. V.", 3, { lock: TWO, name: "lernen-a.json" });
  // Exported on 01.09.2026, before the last reporting date of the report (a quarter end).
  const lernenB = await device("Lernen fördern e. V.", 4, { lock: ONE, time: "2026-09-01T10:00:00+02:00", name: "lernen-b.json" });
  const tampered = { ...caritasA, name: "veraendert.json", buffer: Buffer.from(caritasA.buffer.toString().replace('"data":', '"daten":')) };
  const newer = { ...caritasA, name: "neuer.json", buffer: Buffer.from(caritasA.buffer.toString().replace(/"format_version":\d+/, '"format_version":99')) };
  const twice = { ...caritasA, name: "caritas-a-kopie.json" };

  const { context, page } = await office();
  const before = (await settledDocument(page, (d) => d.write_count)).write_count;
  await page.getByLabel(/^Exportdatei wählen/).setInputFiles([caritasA, caritasB, lernenA, lernenB, tampered, newer, twice]);
  // Two files share the first passphrase: it is asked once and opens both.
  const form = page.locator("form", { hasText: "Dateien sind verschlüsselt" });
  await form.waitFor();
  await openWith(page, ONE);
  await page.getByText("Mit diesem Kennwort wurden 2 Dateien geöffnet.").waitFor();
  await openWith(page, TWO);
  const preview = page.getByTestId("import-preview");
  await preview.getByTestId("import-totals").getByText("7 Dateien: 5 werden übernommen, 2 sind abgelehnt.").waitFor();
  const items = preview.getByTestId("import-files").getByRole("listitem");
  assert.equal(await items.count(), 7);
  await items.filter({ hasText: "„veraendert.json“ wurde abgelehnt" }).getByText("beschädigt oder unvollständig").waitFor();
  await items.filter({ hasText: "„neuer.json“ wurde abgelehnt" }).getByText("neueren Version der App").waitFor();
  await items.filter({ hasText: "caritas-a-kopie.json" }).getByText("alles ist hier schon vorhanden").waitFor();
  await items.filter({ hasText: "lernen-a.json" }).getByText(/^Neu: 3 sonstige Beratungskontakte\.$/).waitFor();
  await items.filter({ hasText: "lernen-b.json" }).getByText(/exportiert am 01\.09\.2026/).waitFor();
  await preview.getByTestId("import-summary").getByText("10 sonstige Beratungskontakte kommen hinzu").waitFor();

  await preview.getByRole("button", { name: "Import übernehmen" }).click();
  await page.getByText(/^5 Dateien wurden zusammengeführt\. 2 abgelehnte Dateien haben nichts geändert/).waitFor();
  // The refused files stay listed with their reasons.
  assert.equal(await page.getByTestId("import-files").getByRole("listitem").count(), 2);
  const after = await settledDocument(page, (d) => d.write_count, before + 1);
  assert.equal(after.write_count - before, 1, "one apply is one save");

  // The same files again change nothing.
  await page.getByLabel(/^Exportdatei wählen/).setInputFiles([caritasA, lernenA, twice]);
  await openWith(page, TWO);
  await page.getByTestId("import-nothing").getByText("Die Dateien enthalten nichts, was hier fehlt").waitFor();
  await page.getByRole("button", { name: "Verwerfen" }).click();

  // The roster: four devices, the one that exported before the last reporting date flagged,
  // in the list and in the report's title block.
  const roster = page.getByTestId("roster").getByRole("listitem");
  assert.equal(await roster.count(), 4);
  const flagged = roster.filter({ hasText: "Veraltet" });
  assert.equal(await flagged.count(), 1);
  await flagged.getByText(/^Veraltet: Daten von Gerät [0-9a-f]{8} zuletzt vom 01\.09\.2026\.$/).waitFor();
  const collected = await contactTable(page);
  const titleBlock = await page.getByTestId("stale-devices").textContent();
  assert.match(titleBlock, /Daten von Gerät [0-9a-f]{8} zuletzt vom 01\.09\.2026/);

  // Taking a device off the list keeps its records.
  await goTo(page, "Datenaustausch");
  await flagged.getByRole("button", { name: /von der Liste nehmen$/ }).click();
  await page.getByText(/ist nicht mehr auf der Liste/).waitFor();
  assert.equal(await page.getByTestId("roster").getByRole("listitem").count(), 3);
  assert.equal(await contactTable(page), collected);
  await context.close();

  // The same report as importing the accepted files one by one.
  const single = await office();
  for (const [file, passphrase] of [[caritasA, null], [caritasB, ONE], [lernenA, TWO], [lernenB, ONE]]) {
    await single.page.getByLabel(/^Exportdatei wählen/).setInputFiles(file);
    if (passphrase) {
      await single.page.getByLabel("Kennwort der Datei").fill(passphrase);
      await single.page.getByRole("button", { name: "Datei entschlüsseln" }).click();
    }
    await single.page.getByTestId("import-preview").getByRole("button", { name: "Import übernehmen" }).click();
    await single.page.getByText(/wurde zusammengeführt\.$/).waitFor();
  }
  assert.equal(await contactTable(single.page), collected);
  await single.context.close();
});

/** The origin private file system's folder "austausch" as the folder the user picks. */
function pickerPicksPrivateFolder() {
  window.showDirectoryPicker = async () => {
    const root = await navigator.storage.getDirectory();
    return root.getDirectoryHandle("austausch", { create: true });
  };
}

test("the shared folder: a device writes its export under one stable name, the office reads the whole folder", async () => {
  // One browser context stands for the shared folder: its origin private file system.
  const context = await env.browser.newContext({ locale: "de-DE", timezoneId: "Europe/Berlin" });
  await context.addInitScript(pickerPicksPrivateFolder);
  const page = await openApp(context, env.server.url, "/");
  await chooseDevice(page, "Caritas Rheine e. V.");
  await countContacts(page, 2);
  await goTo(page, "Datenaustausch");
  const write = page.getByRole("button", { name: "In den gemeinsamen Ordner exportieren" });
  await write.click();
  await page.getByText(/^Der Export steht im Ordner „austausch“ als „kim-export-caritas-rheine-[0-9a-f]{8}\.json“/).waitFor();
  await countContacts(page, 1);
  await goTo(page, "Datenaustausch");
  await write.click();
  await page.getByText(/der vorige Export dieses Geräts ist ersetzt/).waitFor();
  const names = await page.evaluate(async () => {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle("austausch");
    const names = [];
    for await (const [name] of folder.entries()) names.push(name);
    return names;
  });
  assert.equal(names.length, 1, "one file per device, replaced");

  const [shared] = names;
  const content = await page.evaluate(async (name) => {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle("austausch");
    return (await (await folder.getFileHandle(name)).getFile()).text();
  }, shared);
  await context.close();

  // The office's browser sees the same folder (a synced folder): the file is copied into its
  // stand-in folder.
  const officeContext = await env.browser.newContext({ locale: "de-DE", timezoneId: "Europe/Berlin" });
  await officeContext.addInitScript(pickerPicksPrivateFolder);
  const officePage = await openApp(officeContext, env.server.url, "/");
  await officePage.evaluate(async ([name, text]) => {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle("austausch", { create: true });
    const writable = await (await folder.getFileHandle(name, { create: true })).createWritable();
    await writable.write(text);
    await writable.close();
  }, [shared, content]);
  await chooseDevice(officePage, "Koordinierende Stelle");
  await goTo(officePage, "Datenaustausch");
  await officePage.getByRole("button", { name: "Ordner einlesen" }).click();
  const preview = officePage.getByTestId("import-preview");
  await preview.getByTestId("import-summary").getByText("3 sonstige Beratungskontakte kommen hinzu").waitFor();
  await preview.getByRole("button", { name: "Import übernehmen" }).click();
  await officePage.getByText(/wurde zusammengeführt\.$/).waitFor();
  assert.equal(await officePage.getByTestId("roster").getByRole("listitem").count(), 1);
  await officeContext.close();

  // Without the File System Access API the page says so; dropping the folder covers it.
  const firefoxLike = await env.browser.newContext({ locale: "de-DE" });
  await firefoxLike.addInitScript(() => {
    delete window.showDirectoryPicker;
    delete Window.prototype.showDirectoryPicker;
  });
  const other = await openApp(firefoxLike, env.server.url, "/austausch");
  await other.getByTestId("no-folder-access").getByText(/Ziehen Sie den gemeinsamen Ordner stattdessen auf das Feld oben/).waitFor();
  assert.equal(await other.getByRole("button", { name: "Ordner einlesen" }).count(), 0);
  await firefoxLike.close();
});

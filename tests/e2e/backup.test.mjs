// Never lose a register: backups written by themselves into a connected folder, the reminder
// where there is none, restore from a file and from the folder, and the warnings before a
// browser throws data away.
//
// The folder picker cannot be driven headless; the origin private file system stands in for
// the picked folder (the same FileSystemDirectoryHandle interface): `showDirectoryPicker`
// returns its subfolder "sicherungen".
import { test } from "node:test";
import assert from "node:assert/strict";
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

/** The file names in the stand-in folder, sorted. */
async function folderFiles(page) {
  return page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const folder = await root.getDirectoryHandle("sicherungen", { create: true });
    const names = [];
    for await (const [name, entry] of folder.entries()) if (entry.kind === "file") names.push(name);
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
  const files = await waitForFileCount(page, 10);
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
  const [download] = await Promise.all([page.waitForEvent("download"), reminder.getByRole("button", { name: "Jetzt sichern" }).click()]);
  assert.match(download.suggestedFilename(), BACKUP_NAME);
  const file = JSON.parse(await downloadText(download));
  assert.equal(file.format, "kim-export");
  assert.equal(file.data.contacts.length, 1);
  assert.ok("report" in file, "a backup carries the report's settings");
  await reminder.waitFor({ state: "detached" });

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
  await desktop.close();
});

// Any municipality, without code: a made-up Kreis's rule set (tests/fixtures/rules/
// kreis-wiesental.json: 4 providers, 11 towns, three dated versions, stricter thresholds in the
// last, a town with its own KIM from 2025, its own catalogues) is chosen on a fresh device, used
// for a year of case work, exported, imported on a second fresh device and reported per provider
// and per town. Nowhere, on screen, in a file or in the print, is there a "Rheine".
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { useServerAndBrowser, openApp, goTo, downloadText } from "./support.mjs";
import { fillIntake, admit, newCheck, decision, chooseDevice, settledDocument } from "./pages.mjs";

const env = useServerAndBrowser();
const KREIS = "tests/fixtures/rules/kreis-wiesental.json";
const NOT_HERE = /rheine|steinfurt/i;

/** A complex case in the Kreis under every version (3 life areas, 3 parties). */
const complexIn = (area, date) => ({
  area,
  date,
  problems: ["drohende Wohnungslosigkeit", "kein Kita-Platz", "keine Busverbindung zu Ämtern"],
  parties: ["Jobcenter Kreis Wiesental", "Kreisjugendamt", "Gemeindeverwaltung"],
  wayIn: "Gemeindeverwaltung",
});

/** The visible text of the page and its window title must not name another municipality. */
async function assertNoOtherTown(page, where) {
  const text = await page.evaluate(() => document.title + "\n" + document.body.innerText);
  const found = text.split("\n").filter((line) => NOT_HERE.test(line));
  assert.deepEqual(found, [], `${where}: ${found.join(" | ")}`);
}

/** The start page, through the navigation; its heading names the municipality. */
async function toHome(page) {
  await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Übersicht", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Kommunales Integrationsmanagement Kreis Wiesental" }).waitFor();
}

async function download(page, click) {
  const [file] = await Promise.all([page.waitForEvent("download"), click()]);
  return { name: file.suggestedFilename(), text: await downloadText(file) };
}

test("a Kreis's rule set on two fresh devices: intake, contacts, move, handover, export, import, report per town", async () => {
  // Device A: the DRK's laptop. A fresh device has no rule set and asks for one.
  const a = await env.browser.newContext({ locale: "de-DE", acceptDownloads: true });
  const page = await openApp(a, env.server.url, "/aufnahme", { rules: null });
  await page.getByRole("heading", { level: 1, name: "Regelwerk wählen" }).waitFor();
  assert.equal(await page.title(), "Regelwerk wählen – KIM");
  const ruleFile = page.getByLabel("Regelwerk-Datei öffnen (JSON)");
  // A broken file is refused in German, and nothing is taken.
  await ruleFile.setInputFiles({ name: "kaputt.json", mimeType: "application/json", buffer: Buffer.from("{ kaputt") });
  await page.getByRole("alert").getByText(/^Das Regelwerk wurde nicht übernommen: Die Datei ist kein gültiges Regelwerk/).waitFor();
  await ruleFile.setInputFiles(KREIS);
  await page.getByText("Regelwerk für Kreis Wiesental (Stand 7): 4 Träger, 12 Bereiche, 3 Regelungen").waitFor();
  await page.getByRole("button", { name: "Regelwerk „Kreis Wiesental“ verwenden" }).click();
  // The page asked for opens with the Kreis's catalogues.
  await page.getByRole("heading", { level: 1, name: "Aufnahme" }).waitFor();
  assert.equal(await page.title(), "Aufnahme – KIM Kreis Wiesental");
  await chooseDevice(page, "DRK-Kreisverband Wiesental e. V.");

  // Intake and admission in two towns the DRK serves until 2024.
  await fillIntake(page, complexIn("Dornfeld", "2023-03-01"));
  await decision(page).getByText("Aufnahme in das KIM-Case-Management. Zuständig: DRK-Kreisverband Wiesental e. V.").waitFor();
  const dornfeld = await admit(page);
  await newCheck(page);
  await fillIntake(page, complexIn("Stadt Grundau", "2023-05-02"));
  const grundau = await admit(page);
  await newCheck(page);
  // Grundau has its own KIM from 2025: referred there, counted as a short contact with the
  // Kreis's own outcome.
  await fillIntake(page, complexIn("Stadt Grundau", "2025-02-03"));
  await decision(page).getByText("Nicht zuständig: Weitervermittlung an das KIM-Case-Management der Stadt Grundau").waitFor();
  await page.getByTestId("contact-outcome").getByText("an ein anderes KIM-Case-Management verwiesen", { exact: false }).waitFor();
  await page.getByRole("heading", { name: "Weitervermittlung an das KIM-Case-Management der Stadt Grundau als sonstigen Beratungskontakt zählen" }).waitFor();
  await page.getByRole("button", { name: "Weitervermittlung zählen" }).click();
  await page.getByRole("status").getByText("Sonstiger Beratungskontakt für DRK Wiesental im Februar 2025 gezählt: an ein anderes KIM-Case-Management verwiesen.").waitFor();
  await assertNoOtherTown(page, "Aufnahme");

  // Beratungskontakte: the Kreis's outcomes.
  await goTo(page, "Beratungskontakte");
  await page.getByRole("button", { name: "+1 Kontakt zählen: an die MBE verwiesen" }).click();
  await page.getByText(/^Gezählt: an die MBE verwiesen\./).waitFor();
  await assertNoOtherTown(page, "Beratungskontakte");

  // The person of the Grundau case moves to Dornfeld.
  await goTo(page, "Fälle");
  await page.getByRole("button", { name: grundau }).click();
  const detail = page.getByRole("region", { name: `Fall ${grundau}` });
  await detail.getByLabel("Datum der Änderung").fill("2023-09-01");
  await detail.getByLabel("Umzug in Regionalbereich").selectOption({ label: "Dornfeld" });
  await detail.getByRole("button", { name: "Umzug erfassen" }).click();
  await detail.getByText("Der Umzug nach Dornfeld ist erfasst.").waitFor();

  // The 2024 version gives Dornfeld to the IB: both cases (one moved there) are proposed.
  await page.getByLabel("Regelung ab").selectOption({ label: "01.01.2024" });
  await page.getByTestId("handover-count").getByText("2 Fälle betroffen.").waitFor();
  await page.getByLabel("Datum der Übergabe").fill("2024-01-01");
  await page.getByRole("button", { name: "Ausgewählte Fälle übergeben" }).click();
  await page.getByText("2 Fälle wurden zum 01.01.2024 übergeben.").waitFor();
  for (const code of [dornfeld, grundau]) {
    const row = page.getByTestId("case-table").getByRole("row").filter({ hasText: code });
    assert.match(await row.textContent(), /IB Südwest/);
  }
  await assertNoOtherTown(page, "Fälle");
  await settledDocument(page, (d) => d.data.contacts.length, 2);

  // Export: neither the file's name nor its content names Rheine.
  await goTo(page, "Datenaustausch");
  const exported = await download(page, () => page.getByRole("button", { name: "Alle Daten exportieren" }).click());
  assert.match(exported.name, /^kim-export-drk-wiesental-\d{4}-\d\d-\d\d\.json$/);
  assert.doesNotMatch(exported.text, NOT_HERE);
  assert.equal(JSON.parse(exported.text).format, "kim-export");

  // Device B: the coordinating office's, fresh as well. It takes the data and the rule set of
  // the file through Datenaustausch.
  const b = await env.browser.newContext({ locale: "de-DE", acceptDownloads: true });
  const office = await openApp(b, env.server.url, "/", { rules: null });
  await office.getByRole("heading", { level: 1, name: "Regelwerk wählen" }).waitFor();
  await office.getByRole("link", { name: "Zum Datenaustausch" }).click();
  await office.getByRole("heading", { level: 1, name: "Datenaustausch" }).waitFor();
  await office.getByLabel("Exportdatei wählen").setInputFiles({ name: exported.name, mimeType: "application/json", buffer: Buffer.from(exported.text) });
  const preview = office.getByTestId("import-preview");
  await preview.getByText("2 neue Fälle kommen hinzu").waitFor();
  await office.getByRole("button", { name: "Import übernehmen" }).click();
  await office.getByText(/wurde zusammengeführt/).waitFor();
  await toHome(office);
  await chooseDevice(office, "Koordinierende Stelle");

  // The report per provider and per town.
  await goTo(office, "Bericht");
  const remove = office.getByRole("button", { name: /^Stichtag .* entfernen$/ });
  while ((await remove.count()) > 0) await remove.first().click();
  for (const date of ["2023-06-30", "2023-12-31", "2024-06-30"]) {
    await office.getByLabel("Stichtag hinzufügen").fill(date);
    await office.getByRole("button", { name: "Hinzufügen" }).click();
  }
  await office.getByRole("checkbox", { name: /Fälle auch je Regionalbereich zeigen/ }).check();
  const table = office.getByTestId("case-report");
  await table.getByRole("row", { name: /^in Dornfeld/ }).waitFor();
  const cells = async (name) => table.getByRole("row", { name: new RegExp("^" + name + "(\\*|\\s|$)") }).getByRole("cell").allTextContents();
  assert.deepEqual(await cells("Gesamtfälle"), ["2", "2", "2"]);
  assert.deepEqual(await cells("DRK Wiesental"), ["2", "2", "0"]);
  assert.deepEqual(await cells("IB Südwest"), ["0", "0", "2"]);
  assert.deepEqual(await cells("Diakonie Wiesental"), ["0", "0", "0"]);
  assert.deepEqual(await cells("in Dornfeld"), ["1", "2", "2"]);
  assert.deepEqual(await cells("in Stadt Grundau"), ["1", "0", "0"]);
  assert.equal(await table.getByRole("row", { name: /^in / }).count(), 11, "a row per town of the Kreis");
  await assertNoOtherTown(office, "Bericht");
  const csv = await download(office, () => office.getByRole("button", { name: "CSV: Fälle im Case Management, Regionalbereich Kreis Wiesental", exact: true }).click());
  assert.doesNotMatch(csv.name + csv.text, NOT_HERE);
  assert.match(csv.text, /in Dornfeld/);

  // The print, read back as text.
  const dir = await mkdtemp(join(tmpdir(), "kim-kreis-"));
  try {
    const pdf = join(dir, "bericht.pdf");
    await office.pdf({ path: pdf, format: "A4", preferCSSPageSize: true, printBackground: true });
    const printed = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    assert.match(printed, /Kreis Wiesental/);
    assert.match(printed, /in Dornfeld/);
    assert.doesNotMatch(printed, NOT_HERE);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  // Every other page of the coordinating office's device.
  await toHome(office);
  await assertNoOtherTown(office, "Übersicht");
  // Einstellungen show the dated scope: from 2025 Grundau has its own KIM.
  await goTo(office, "Einstellungen");
  await office.getByLabel("Datum", { exact: true }).fill("2025-01-01");
  await office.getByTestId("rules-on-date").getByRole("row", { name: /^Stadt Grundau nicht hier: Weitervermittlung an das KIM-Case-Management der Stadt Grundau/ }).waitFor();
  await office.getByTestId("rules-on-date").getByText("Komplexer Fall ab 3 Lebensbereichen und 3 Beteiligten.", { exact: false }).waitFor();
  for (const name of ["Aufnahme", "Fälle", "Beratungskontakte", "Willkommensbesuche", "Datenaustausch", "Einstellungen"]) {
    await goTo(office, name);
    await assertNoOtherTown(office, name);
  }
  await office.getByRole("link", { name: "Datenschutz" }).first().click();
  await office.getByRole("heading", { level: 1, name: "Datenschutz" }).waitFor();
  await assertNoOtherTown(office, "Datenschutz");
  const again = await download(office, () => office.goto(env.server.url + "/austausch").then(() => office.getByRole("button", { name: "Alle Daten exportieren" }).click()));
  assert.match(again.name, /^kim-export-koordinierung-/);
  assert.doesNotMatch(again.text, NOT_HERE);
  assert.deepEqual(page.appErrors, []);
  assert.deepEqual(office.appErrors, []);
  await a.close();
  await b.close();
});

test("the built-in rule set is one choice on a fresh device, and the question comes back after deleting everything", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/faelle", { rules: null });
  await page.getByRole("heading", { level: 1, name: "Regelwerk wählen" }).waitFor();
  // Nothing is stored while the question is open.
  assert.equal(await page.evaluate(() => localStorage.getItem("kim-rheine.store")), null);
  // Keyboard: the built-in set is a button reached by Tab.
  const builtIn = page.getByRole("button", { name: /^Mitgeliefertes Regelwerk „.+“ verwenden$/ });
  await builtIn.focus();
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { level: 1, name: "Fälle" }).waitFor();
  const doc = await settledDocument(page, (d) => d.data.rules.versions.length, 2);
  assert.equal(doc.data.rules.revision, 1);
  // Datenschutz stays readable without a rule set (checked on a second fresh device).
  const other = await env.browser.newContext({ locale: "de-DE" });
  const fresh = await openApp(other, env.server.url, "/datenschutz", { rules: null });
  await fresh.getByRole("heading", { level: 1, name: "Datenschutz" }).waitFor();
  await other.close();
  await context.close();
});

test("a rule set that records kept here cannot live with is refused on Regelwerk wählen, the built-in one too", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/kontakte", { rules: null });
  await page.getByLabel("Regelwerk-Datei öffnen (JSON)").setInputFiles(KREIS);
  await page.getByRole("button", { name: "Regelwerk „Kreis Wiesental“ verwenden" }).click();
  await page.getByRole("heading", { level: 1, name: "Beratungskontakte" }).waitFor();
  await page.getByLabel("Träger").selectOption({ label: "AWO Kreisverband Wiesental e. V." });
  await page.getByRole("button", { name: "+1 Kontakt zählen: an die MBE verwiesen" }).click();
  const doc = await settledDocument(page, (d) => d.data.contacts.length, 1);
  // A hand-edited store: the records stay, the rule set is gone.
  doc.data.rules = {
    municipality: "", revision: 0, providers: [], areas: [], life_areas: [], problems: [], parties: [], services: [],
    ways_in: [], contact_outcomes: [], override_reasons: [], deactivation_reasons: [], districts: [], offers: [], age_bands: [], versions: [],
  };
  await page.evaluate((text) => localStorage.setItem("kim-rheine.store", text), JSON.stringify(doc));
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Regelwerk wählen" }).waitFor();
  await page.getByRole("button", { name: /^Mitgeliefertes Regelwerk/ }).click();
  await page.getByRole("alert").getByText(/^Das Regelwerk wurde nicht übernommen, weil erfasste Daten es noch brauchen/).waitFor();
  assert.equal(await page.getByRole("heading", { level: 1, name: "Regelwerk wählen" }).count(), 1);
  // The rule set the records were made under is taken.
  await page.getByLabel("Regelwerk-Datei öffnen (JSON)").setInputFiles(KREIS);
  await page.getByRole("button", { name: "Regelwerk „Kreis Wiesental“ verwenden" }).click();
  await page.getByRole("heading", { level: 1, name: "Beratungskontakte" }).waitFor();
  await context.close();
});


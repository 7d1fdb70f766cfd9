// Case work (issue 28): counselling sessions recorded on the providers' devices and merged on the
// coordinating office's, the new report tables and their print; one session per press; the
// session action on a phone; quiet cases reviewed from the overview and deregistered together.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useServerAndBrowser, openApp, goTo, downloadText } from "./support.mjs";
import { fillIntake, admit, chooseDevice, COMPLEX_LINKS } from "./pages.mjs";

const env = useServerAndBrowser();

/** Today as the app writes it (15.12.2022) and as a date field takes it (2022-12-15). */
function today() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  const [y, m, d] = [now.getFullYear(), pad(now.getMonth() + 1), pad(now.getDate())];
  return { shown: `${d}.${m}.${y}`, input: `${y}-${m}-${d}` };
}

async function admitOn(page, date, area) {
  await goTo(page, "Aufnahme");
  await fillIntake(page, { ...COMPLEX_LINKS, area, date });
  return admit(page);
}

/** Opens the case `code` in *Fälle*; returns its region. */
async function openCase(page, code) {
  await goTo(page, "Fälle");
  await page.getByRole("button", { name: code, exact: true }).click();
  const detail = page.getByRole("region", { name: `Fall ${code}` });
  await detail.waitFor();
  return detail;
}

/** Records a session on the open case `detail`: `date` as typed, `form` by its label. */
async function recordSession(detail, date, form) {
  await detail.getByLabel("Datum des Termins").fill(date);
  if (form) await detail.getByLabel("Form des Termins").selectOption({ label: form });
  await detail.getByRole("button", { name: "Beratungstermin erfassen" }).click();
  const [y, m, d] = date.split("-");
  await detail.getByText(new RegExp(`^Beratungstermin am ${d}\\.${m}\\.${y} \\(.*\\) erfasst\\.$`)).waitFor();
}

async function exportFile(page) {
  await goTo(page, "Datenaustausch");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Alle Daten exportieren" }).click(),
  ]);
  return { name: download.suggestedFilename(), mimeType: "application/json", buffer: Buffer.from(await downloadText(download)) };
}

async function importFile(page, file) {
  await goTo(page, "Datenaustausch");
  await page.getByLabel("Exportdatei wählen").setInputFiles(file);
  await page.getByRole("button", { name: "Import übernehmen" }).click();
  await page.getByText(/wurde zusammengeführt|wurde übernommen/).first().waitFor();
}

/** The cells of the row named `label` (exactly, before its figures) in the table `testId`. */
async function cells(page, testId, label) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return page
    .getByTestId(testId)
    .getByRole("row", { name: new RegExp("^" + escaped + "(\\s|$)") })
    .getByRole("cell")
    .allTextContents();
}

async function addReportingDate(page, input, shown) {
  await page.getByLabel("Stichtag hinzufügen").fill(input);
  await page.getByRole("button", { name: "Hinzufügen" }).click();
  await page.getByTestId("case-report").getByRole("columnheader", { name: shown }).waitFor();
}

/** The figure of row `label` in the column headed `column` of the table `testId`. */
async function figure(page, testId, label, column) {
  const headers = await page.getByTestId(testId).getByRole("columnheader").allTextContents();
  const row = await cells(page, testId, label);
  // The first header is the corner (empty) or the row label's column.
  const at = headers.indexOf(column) - (headers.length - row.length);
  assert.ok(at >= 0, `no column ${column} in ${headers}`);
  return row[at];
}

test("sessions recorded on two providers' devices merge on the office's device into the new tables and the print", async () => {
  // Caritas's device: a case left of the Ems, two sessions.
  const caritas = await env.browser.newContext({ locale: "de-DE", acceptDownloads: true });
  let page = await openApp(caritas, env.server.url);
  await chooseDevice(page, "Caritas Rheine e. V.");
  const first = await admitOn(page, "2023-01-10", "Rheine links der Ems");
  let detail = await openCase(page, first);
  await recordSession(detail, "2023-01-17", "persönlich");
  await recordSession(detail, "2023-02-07", "telefonisch");
  await detail.getByTestId("history").getByText("07.02.2023: Beratungstermin (telefonisch)").waitFor();
  const fromCaritas = await exportFile(page);
  await caritas.close();

  // Lernen fördern's device: a case right of the Ems, two sessions.
  const lernen = await env.browser.newContext({ locale: "de-DE", acceptDownloads: true });
  page = await openApp(lernen, env.server.url);
  await chooseDevice(page, "Lernen fördern e. V.");
  const second = await admitOn(page, "2023-01-12", "Rheine rechts der Ems");
  detail = await openCase(page, second);
  await recordSession(detail, "2023-01-20", "Hausbesuch");
  await recordSession(detail, "2023-03-03", "persönlich");
  const fromLernen = await exportFile(page);
  await lernen.close();

  // The coordinating office merges both.
  const office = await env.browser.newContext({ locale: "de-DE" });
  page = await openApp(office, env.server.url);
  await chooseDevice(page, "Koordinierende Stelle");
  await importFile(page, fromCaritas);
  await importFile(page, fromLernen);
  // Chosen again: nothing would change, the sessions count once.
  await goTo(page, "Datenaustausch");
  await page.getByLabel("Exportdatei wählen").setInputFiles(fromCaritas);
  await page.getByTestId("import-nothing").waitFor();
  await goTo(page, "Fälle");
  const row = page.getByTestId("case-table").getByRole("row").filter({ hasText: first });
  assert.equal(await row.getByRole("cell").last().textContent(), "07.02.2023");

  await goTo(page, "Bericht");
  await page.getByLabel("Von Monat").fill("2023-01");
  await page.getByLabel("Von Monat").dispatchEvent("change");
  await page.getByLabel("Bis Monat").fill("2023-03");
  await page.getByLabel("Bis Monat").dispatchEvent("change");
  const sessions = page.getByTestId("session-report");
  await sessions.getByRole("columnheader", { name: "03.2023" }).waitFor();
  assert.deepEqual(await cells(page, "session-report", "Rheine"), ["2", "1", "1", "4"]);
  assert.deepEqual(await cells(page, "session-report", "Caritas Rheine"), ["1", "1", "0", "2"]);
  assert.deepEqual(await cells(page, "session-report", "Lernen fördern"), ["1", "0", "1", "2"]);
  assert.deepEqual(
    await page.getByTestId("session-form-report").getByRole("columnheader").allTextContents(),
    ["persönlich", "telefonisch", "Hausbesuch", "Begleitung zu einer Stelle", "digital", "gesamt"]
  );
  assert.deepEqual(await cells(page, "session-form-report", "Rheine"), ["2", "1", "1", "0", "0", "4"]);
  assert.deepEqual(await cells(page, "session-case-report", "Rheine"), ["2", "2", "2,0"]);
  assert.deepEqual(await cells(page, "session-case-report", "Caritas Rheine"), ["1", "1", "2,0"]);

  // Active cases per post on 31.03.2023: 1.7 posts for Caritas, 1.8 for Lernen fördern.
  await addReportingDate(page, "2023-03-31", "31.03.2023");
  assert.equal(await figure(page, "caseload-report", "aktive Fälle: Rheine", "31.03.2023"), "2");
  assert.equal(await figure(page, "caseload-report", "Stellen: Rheine", "31.03.2023"), "3,5");
  assert.equal(await figure(page, "caseload-report", "Stellen: Caritas Rheine", "31.03.2023"), "1,7");
  assert.equal(await figure(page, "caseload-report", "Fälle je Stelle: Rheine", "31.03.2023"), "0,6");
  // Before 01.07.2022 Lernen fördern had 1.9 posts for all of Rheine, Caritas none.
  await addReportingDate(page, "2022-06-30", "30.06.2022");
  assert.equal(await figure(page, "caseload-report", "Stellen: Lernen fördern", "30.06.2022"), "1,9");
  assert.equal(await figure(page, "caseload-report", "Stellen: Caritas Rheine", "30.06.2022"), "–");
  assert.equal(await figure(page, "caseload-report", "Fälle je Stelle: Caritas Rheine", "30.06.2022"), "–");

  // The print carries the new parts under the title block.
  const dir = await mkdtemp(join(tmpdir(), "kim-case-work-"));
  try {
    const pdf = join(dir, "report.pdf");
    await page.pdf({ path: pdf, format: "A4", preferCSSPageSize: true, printBackground: true });
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
    const flat = text.replace(/\s+/g, " ");
    for (const expected of ["Bericht KIM Rheine", "Beratungstermine je Monat", "Beratungstermine nach Form", "Aktive Fälle je Vollzeitstelle an den Stichtagen", "Median"]) {
      assert.ok(flat.includes(expected), `the print lacks "${expected}"`);
    }
    assert.match(flat, /Rheine 2 1 1 4/);
    assert.ok(!flat.includes("Tabelle kopieren"), "the print has the table buttons");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // Protected for publication: small counts are "< 3", and a median or a number of cases per
  // post resting on a hidden count is hidden with it.
  await page.getByRole("checkbox", { name: /^Kleine Zahlen schützen/ }).check();
  await page.getByTestId("session-report").getByText("< 3").first().waitFor();
  for (const cell of await cells(page, "session-report", "Caritas Rheine")) assert.match(cell, /^(< [34]|x|0)$/);
  assert.equal((await cells(page, "session-case-report", "Caritas Rheine"))[2], "x");
  assert.equal(await figure(page, "caseload-report", "Fälle je Stelle: Caritas Rheine", "31.03.2023"), "x");
  assert.equal(await figure(page, "caseload-report", "Stellen: Caritas Rheine", "31.03.2023"), "1,7");
  await page.getByRole("checkbox", { name: /^Kleine Zahlen schützen/ }).uncheck();
  await page.getByTestId("session-report").getByRole("row", { name: /^Rheine 2 1 1 4/ }).waitFor();
  // CSV of the sessions table.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "CSV: Beratungstermine je Monat", exact: true }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "kim-beratungstermine-2023-01_2023-03.csv");
  assert.match(await downloadText(download), /Rheine;2;1;1;4/);
  assert.deepEqual(page.appErrors, []);
  await office.close();
});

test("a double click records one session, and at 360 px the action is reachable without sideways scrolling", async () => {
  const context = await env.browser.newContext({ locale: "de-DE", viewport: { width: 360, height: 640 } });
  const page = await openApp(context, env.server.url);
  const code = await admitOn(page, "2023-01-10", "Rheine links der Ems");
  const detail = await openCase(page, code);
  const button = detail.getByRole("button", { name: "Beratungstermin erfassen" });
  await button.scrollIntoViewIfNeeded();
  const box = await button.boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 360, `the button lies at ${box.x}–${box.x + box.width}`);
  assert.ok(box.height >= 44, `the button is ${box.height} px high`);
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(sideways <= 0, `the page scrolls ${sideways} px sideways`);

  // Today, in the first form of the catalogue, without touching a field: one press.
  await button.dblclick();
  const { shown } = today();
  await detail.getByText(/ist bereits erfasst\.$|erfasst\.$/).first().waitFor();
  const history = detail.getByTestId("history");
  await history.getByText(`${shown}: Beratungstermin (persönlich)`).waitFor();
  assert.equal(await history.getByText(/Beratungstermin/).count(), 1);
  // A third press says what happened and records nothing.
  await button.click();
  await detail.getByText(`Dieser Beratungstermin am ${shown} ist bereits erfasst.`).waitFor();
  assert.equal(await history.getByText(/Beratungstermin/).count(), 1);
  // A date while the case is abgemeldet is refused at the date field.
  await detail.getByLabel("Grund der Abmeldung").selectOption({ label: "Umzug" });
  await detail.getByLabel("Bewertung (freiwillig)").selectOption({ label: "Ziele teilweise erreicht" });
  await detail.getByLabel("Datum der Änderung").fill("2023-02-01");
  await detail.getByRole("button", { name: "Fall abmelden" }).click();
  await history.getByText("01.02.2023: abgemeldet – Umzug (Bewertung: Ziele teilweise erreicht)").waitFor();
  await detail.getByLabel("Datum des Termins").fill("2023-03-01");
  await button.click();
  await detail.getByText(/^Am 01\.03\.2023 war der Fall abgemeldet\./).waitFor();
  assert.equal(await detail.getByLabel("Datum des Termins").getAttribute("aria-invalid"), "true");
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("the overview links to the quiet cases; two are deregistered after one confirmation and the report's inaktiv row changes by two", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url);
  const codes = [];
  for (const date of ["2025-01-10", "2025-02-10", "2025-03-10"]) codes.push(await admitOn(page, date, "Rheine links der Ems"));
  // One of them had a session recently: not due.
  const recent = await openCase(page, codes[2]);
  await recordSession(recent, today().input);

  const now = today();
  await goTo(page, "Bericht");
  await addReportingDate(page, now.input, now.shown);
  assert.equal(await figure(page, "case-report", "inaktiv**", now.shown), "0");

  await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Übersicht", exact: true }).click();
  await page.getByTestId("home-due").getByText("2 aktive Fälle sind ohne Termin seit mehr als 6 Monaten.").waitFor();
  await page.getByRole("link", { name: "Fälle ohne Termin ansehen" }).click();
  await page.getByRole("heading", { level: 1, name: "Fälle" }).waitFor();
  assert.ok(await page.getByLabel("ohne Termin seit mehr als 6 Monaten").isChecked());
  await page.getByTestId("case-counts").getByText("2 Fälle, davon 2 aktiv und 0 abgemeldet (Auswahl aus 3 Fällen).").waitFor();

  await page.getByLabel(`Fall ${codes[0]} auswählen`).check();
  await page.getByLabel(`Fall ${codes[1]} auswählen`).check();
  await page.getByText("2 Fälle ausgewählt.").waitFor();
  await page.getByRole("button", { name: "Ausgewählte Fälle abmelden" }).click();
  const dialog = page.getByRole("dialog", { name: "2 Fälle abmelden?" });
  await dialog.waitFor();
  await dialog.getByText(/Die 2 ausgewählten Fälle werden mit dem Grund „lange kein Kontakt, kein aktueller Bedarf“/).waitFor();
  await dialog.getByRole("button", { name: "2 Fälle abmelden" }).click();
  await page.getByText(`2 Fälle mit dem Grund „lange kein Kontakt, kein aktueller Bedarf“ zum ${now.shown} abgemeldet.`).waitFor();
  await page.getByTestId("case-counts").getByText(/^0 Fälle/).waitFor();

  await goTo(page, "Bericht");
  await page.getByTestId("case-report").getByRole("columnheader", { name: now.shown }).waitFor();
  assert.equal(await figure(page, "case-report", "inaktiv**", now.shown), "2");
  assert.equal(await figure(page, "caseload-report", "aktive Fälle: Rheine", now.shown), "1");
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

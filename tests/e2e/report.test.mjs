// The report counts what was entered through the UI, as of each reporting date.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, openApp, goTo, downloadText, seriousAxeViolations } from "./support.mjs";
import { fillIntake, admit, COMPLEX_LINKS } from "./pages.mjs";

const env = useServerAndBrowser();

test("cases on reporting dates follow handovers and status as of each date", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url);
  for (const [date, area] of [["2022-03-01", "Rheine links der Ems"], ["2022-04-01", "Rheine rechts der Ems"], ["2022-11-02", "Rheine links der Ems"]]) {
    await goTo(page, "Aufnahme");
    await fillIntake(page, { ...COMPLEX_LINKS, area, date });
    await admit(page);
  }
  await goTo(page, "Fälle");
  await page.getByLabel("Regelung ab").selectOption({ label: "01.07.2022" });
  await page.getByLabel("Datum der Übergabe").fill("2022-10-04");
  await page.getByRole("button", { name: "Ausgewählte Fälle übergeben" }).click();
  await page.getByText("1 Fall wurde zum 04.10.2022 übergeben.").waitFor();

  await goTo(page, "Bericht");
  for (const date of ["2022-09-15", "2022-12-15"]) {
    await page.getByLabel("Stichtag hinzufügen").fill(date);
    await page.getByRole("button", { name: "Hinzufügen" }).click();
  }
  const table = page.getByTestId("case-report");
  await table.getByRole("columnheader", { name: "15.12.2022" }).waitFor();
  const headers = await table.getByRole("columnheader").allTextContents();
  const col = (date) => headers.indexOf(date);
  const cells = async (name) => (await table.getByRole("row", { name: new RegExp("^" + name) }).getByRole("cell").allTextContents());
  const total = await cells("Gesamtfälle");
  const caritas = await cells("Caritas Rheine");
  const lf = await cells("Lernen fördern");
  assert.equal(total[col("15.09.2022")], "2");
  assert.equal(caritas[col("15.09.2022")], "0");
  assert.equal(lf[col("15.09.2022")], "2");
  assert.equal(total[col("15.12.2022")], "3");
  assert.equal(caritas[col("15.12.2022")], "2");
  assert.equal(lf[col("15.12.2022")], "1");
  await page.getByTestId("days-since-export").getByText("Diese Daten wurden auf diesem Gerät noch nie exportiert.").waitFor();
  await context.close();
});

const FIXTURE = "tests/fixtures/report/domain-md-export.json";

async function importFixture(page) {
  await goTo(page, "Datenaustausch");
  await page.getByLabel("Exportdatei wählen").setInputFiles(FIXTURE);
  await page.getByRole("button", { name: "Import übernehmen" }).click();
  await page.getByText(/wurde zusammengeführt/).waitFor();
}

/** Downloads the CSV of the table with the caption `caption`. */
async function downloadCsv(page, caption) {
  const name = `CSV: ${caption}`;
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name, exact: true }).click()]);
  return { name: download.suggestedFilename(), text: await downloadText(download) };
}

test("every table downloads as CSV for a German Excel; themes and Baustein 3 with their trend", async () => {
  const context = await env.browser.newContext({ locale: "de-DE", acceptDownloads: true });
  const page = await openApp(context, env.server.url);
  await importFixture(page);
  await goTo(page, "Bericht");
  await page.getByLabel("Stichtag hinzufügen").fill("2022-12-15");
  await page.getByRole("button", { name: "Hinzufügen" }).click();
  await page.getByTestId("case-report").getByRole("columnheader", { name: "15.12.2022" }).waitFor();
  const cases = await downloadCsv(page, "Fälle im Case Management, Regionalbereich Rheine");
  assert.ok(cases.text.startsWith("\uFEFF"), "UTF-8 BOM");
  const caseLines = cases.text.slice(1).split("\r\n");
  assert.match(caseLines[0], /;15\.12\.2022(;|$)/);
  const col = caseLines[0].split(";").indexOf("15.12.2022");
  assert.equal(caseLines.find((l) => l.startsWith("Gesamtfälle*;")).split(";")[col], "67");
  assert.equal(caseLines.find((l) => l.startsWith("Caritas Rheine;")).split(";")[col], "32");

  await page.getByLabel("Von Monat").fill("2023-01");
  await page.getByLabel("Bis Monat").fill("2023-04");
  await page.getByTestId("contact-report").getByRole("columnheader", { name: "04.2023" }).waitFor();
  const contacts = await downloadCsv(page, "Sonstige Beratungskontakte");
  assert.equal(contacts.name, "kim-kontakte-2023-01_2023-04.csv");
  assert.deepEqual(contacts.text.slice(1).split("\r\n").filter(Boolean), [
    ";01.2023;02.2023;03.2023;04.2023;gesamt",
    "Rheine;14;17;25;30;86",
    "Caritas Rheine;12;10;10;18;50",
    "Lernen fördern;2;7;15;12;36",
  ]);
  assert.equal(await page.getByRole("img", { name: "Sonstige Beratungskontakte je Monat und Träger" }).count(), 1);

  // Themes among the cases admitted in the period: every fixture case names rent debts and a
  // health issue, so all of them fall in the same combination of two life areas.
  await page.getByLabel("Von Monat").fill("2021-09");
  const summary = page.getByTestId("theme-summary");
  await summary.getByText(/^84 Fälle wurden vom 01\.09\.2021 bis 30\.04\.2023 aufgenommen/).waitFor();
  const combos = page.getByTestId("theme-table-1");
  assert.match(await combos.getByRole("row").nth(1).textContent(), /\+.*84\s*100\s%/);
  const problemCombos = page.getByTestId("theme-table-2");
  assert.match(await problemCombos.getByRole("row").nth(1).textContent(), /^Mietschulden \+ gesundheitliche Auffälligkeiten\s*84\s*100\s%$/);
  const waysIn = await downloadCsv(page, "Zugangswege");
  assert.equal(waysIn.name, "kim-themen-5-2021-09_2023-04.csv");
  assert.deepEqual(waysIn.text.slice(1).split("\r\n").filter(Boolean).slice(0, 4), [
    "Zugangswege;Fälle;Anteil",
    "zusammen;84;100,0",
    "Migrationsberatungsdienste;84;100,0",
    "Ausländerbehörde;0;0,0",
  ]);

  // Baustein 3: the fixture's figures, with the trend; a new year entered by hand.
  const yearly = page.getByTestId("yearly-report");
  assert.match(await yearly.getByRole("row", { name: /^2022/ }).textContent(), /80.*\+21\s\(\+36\s%\).*209.*\+43\s\(\+26\s%\)/);
  await page.getByTestId("yearly-trend").getByText(/^Einbürgerungen: 82 \(2017\) → 209 \(2022\), \+127\s\(\+155\s%\)$/).waitFor();
  await page.getByLabel("Jahr", { exact: true }).fill("2023");
  await page.getByLabel("Aufenthaltserlaubnisse § 25a/§ 25b").fill("95");
  await page.getByLabel("Einbürgerungen", { exact: true }).fill("zweihundert");
  await page.getByRole("button", { name: "Jahreszahlen speichern" }).click();
  await page.getByText("„Einbürgerungen“ ist keine Zahl.").waitFor();
  await page.getByLabel("Einbürgerungen", { exact: true }).fill("230");
  await page.getByLabel("Stellen ABH").fill("1,25");
  await page.getByRole("button", { name: "Jahreszahlen speichern" }).click();
  await page.getByText("Die Zahlen für 2023 wurden gespeichert.").waitFor();
  assert.match(await yearly.getByRole("row", { name: /^2023/ }).textContent(), /95.*\+15\s\(\+19\s%\).*230.*\+21\s\(\+10\s%\).*1,25/);
  const b3 = await downloadCsv(page, "Baustein 3: Aufenthaltserlaubnisse, Einbürgerungen und Stellen");
  assert.ok(b3.text.includes("\r\n2023;95;15;230;21;1,25;\r\n") || b3.text.endsWith("\r\n2023;95;15;230;21;1,25;\r\n"), b3.text);
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("welcome visits are counted per month and district with the offers; a follow-up opens a prefilled intake check", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/willkommensbesuche");
  const today = new Date();
  const month = `${String(today.getMonth() + 1).padStart(2, "0")}.${today.getFullYear()}`;
  for (const [district, children, invited, followUp] of [["Schotthock", "2", true, false], ["Rheine links der Ems", "1", false, true]]) {
    await page.getByRole("radio", { name: new RegExp("^" + district) }).check();
    await page.getByRole("radio", { name: "Neuzuzug" }).check();
    await page.getByLabel("0–2 Jahre").fill(children);
    await page.getByRole("group", { name: "Über diese Angebote informiert" }).getByRole("checkbox", { name: "Kindertagesbetreuung" }).check();
    if (invited) await page.getByRole("group", { name: "Zu diesen Angeboten eingeladen" }).getByRole("checkbox", { name: "Kindertagesbetreuung" }).check();
    if (followUp) await page.getByRole("checkbox", { name: /Nachgespräch nötig/ }).check();
    await page.getByRole("button", { name: "Besuch speichern" }).click();
    await page.getByText(/^Besuch gespeichert\./).waitFor();
  }
  await goTo(page, "Bericht");
  const arrivals = page.getByTestId("arrival-report");
  const count = async (table, name) => Number(await table.getByRole("row", { name: new RegExp("^" + name) }).getByRole("cell").first().textContent());
  await arrivals.getByRole("row", { name: /^zusammen/ }).waitFor();
  assert.equal(await count(arrivals, "Neuzuzug"), 2);
  assert.equal(await count(arrivals, "Familiennachzug"), 0);
  assert.equal(await count(arrivals, "zusammen"), 2);
  assert.equal(await count(arrivals, "davon mit Nachgespräch nötig"), 1);
  assert.equal(await count(page.getByTestId("children-report"), "zusammen"), 3);
  const table = page.getByTestId("visit-report");
  const headers = await table.getByRole("columnheader").allTextContents();
  const at = headers.indexOf(month) - 1;
  const cells = async (name) => (await table.getByRole("row", { name: new RegExp("^" + name) }).getByRole("cell").allTextContents()).map(Number);
  assert.equal((await cells("alle Bereiche"))[at], 2);
  assert.equal((await cells("Schotthock"))[at], 1);
  assert.equal((await cells("Schotthock")).at(-1), 1);
  const offers = page.getByTestId("offer-report");
  assert.deepEqual((await offers.getByRole("row", { name: /^Kindertagesbetreuung/ }).getByRole("cell").allTextContents()).map(Number), [2, 1]);

  // The follow-up: from the list of visits into an intake check with area and way in set.
  await goTo(page, "Willkommensbesuche");
  await page.getByRole("link", { name: /Aufnahmeprüfung zum Besuch vom/ }).click();
  await page.getByRole("heading", { level: 1, name: "Aufnahme" }).waitFor();
  await page.getByText(/Aus einem Willkommensbesuch übernommen/).waitFor();
  assert.equal(await page.getByRole("group", { name: "Wohnort (Regionalbereich)" }).getByRole("radio", { name: "Rheine links der Ems", exact: true }).isChecked(), true);
  assert.equal(await page.getByRole("group", { name: "Zugangsweg" }).getByRole("radio", { name: "Migrationsberatungsdienste" }).isChecked(), true);
  await context.close();
});

test("with data, the import preview and the report (tables, charts) have no serious accessibility violation", async () => {
  const context = await env.browser.newContext({ bypassCSP: true, locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/austausch");
  await page.getByLabel("Exportdatei wählen").setInputFiles(FIXTURE);
  await page.getByTestId("import-summary").waitFor();
  const problems = await seriousAxeViolations(page, "Datenaustausch (Vorschau)");
  await page.getByRole("button", { name: "Import übernehmen" }).click();
  await page.getByText(/wurde zusammengeführt/).waitFor();
  await goTo(page, "Bericht");
  await page.getByLabel("Von Monat").fill("2022-01");
  await page.getByTestId("theme-table-0").waitFor();
  problems.push(...(await seriousAxeViolations(page, "Bericht")));
  assert.deepEqual(problems, []);
  await context.close();
});

test("a move to another area is a dated change: the report per area follows it, the provider stays", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url);
  const codes = [];
  for (const date of ["2022-03-01", "2022-03-02"]) {
    await goTo(page, "Aufnahme");
    await fillIntake(page, { ...COMPLEX_LINKS, date });
    codes.push(await admit(page));
  }
  await goTo(page, "Fälle");
  await page.getByRole("button", { name: codes[0] }).click();
  const detail = page.getByRole("region", { name: `Fall ${codes[0]}` });
  await detail.getByLabel("Datum der Änderung").fill("2022-05-01");
  await detail.getByRole("button", { name: "Umzug erfassen" }).click();
  await detail.getByText("Bitte den Regionalbereich wählen, in den die Person umgezogen ist.").waitFor();
  assert.equal(await detail.getByLabel("Umzug in Regionalbereich").getAttribute("aria-invalid"), "true");
  await detail.getByLabel("Umzug in Regionalbereich").selectOption({ label: "Rheine links der Ems" });
  await detail.getByRole("button", { name: "Umzug erfassen" }).click();
  await detail.getByText("Am 01.05.2022 lebt die Person bereits in diesem Regionalbereich.").waitFor();
  await detail.getByLabel("Umzug in Regionalbereich").selectOption({ label: "Rheine rechts der Ems" });
  await detail.getByRole("button", { name: "Umzug erfassen" }).click();
  await detail.getByText("Der Umzug nach Rheine rechts der Ems ist erfasst.").waitFor();
  await detail.getByTestId("history").getByText(/Umzug nach Rheine rechts der Ems/).waitFor();

  await goTo(page, "Bericht");
  const remove = page.getByRole("button", { name: /^Stichtag .* entfernen$/ });
  while ((await remove.count()) > 0) await remove.first().click();
  for (const date of ["2022-04-30", "2022-06-30"]) {
    await page.getByLabel("Stichtag hinzufügen").fill(date);
    await page.getByRole("button", { name: "Hinzufügen" }).click();
  }
  await page.getByRole("checkbox", { name: /Fälle auch je Regionalbereich zeigen/ }).check();
  const table = page.getByTestId("case-report");
  const cells = async (name) => table.getByRole("row", { name: new RegExp("^" + name) }).getByRole("cell").allTextContents();
  await table.getByRole("row", { name: /^in Rheine links der Ems/ }).waitFor();
  assert.deepEqual(await cells("in Rheine links der Ems"), ["2", "1"]);
  assert.deepEqual(await cells("in Rheine rechts der Ems"), ["0", "1"]);
  assert.deepEqual(await cells("Lernen fördern"), ["2", "2"], "a move does not hand the case over");
  // The choice is kept across a reload, like the reporting dates.
  await page.reload();
  await page.getByTestId("case-report").getByRole("row", { name: /^in Rheine rechts der Ems/ }).waitFor();
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

// Data exchange: export, import with preview, merge of several laptops, refusal of bad files.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useServerAndBrowser, launchProfile, openApp, goTo, downloadText } from "./support.mjs";
import { fillIntake, admit, COMPLEX_LINKS } from "./pages.mjs";

const env = useServerAndBrowser();
const FIXTURE = "tests/fixtures/report/domain-md-export.json";
// The same data as exported by a release before the rule set named short-contact outcomes.
const EARLIER_RELEASE = "tests/fixtures/report/domain-md-export-earlier-release.json";

/** Chooses `file` ({ name, mimeType, buffer } or a path) in the import field. */
async function chooseImport(page, file) {
  await page.getByLabel("Exportdatei wählen").setInputFiles(file);
}

async function exportFile(page) {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Alle Daten exportieren" }).click(),
  ]);
  return { name: download.suggestedFilename(), mimeType: "application/json", buffer: Buffer.from(await downloadText(download)) };
}

async function caseColumn(page, dates) {
  await goTo(page, "Bericht");
  for (const date of dates) {
    await page.getByLabel("Stichtag hinzufügen").fill(date);
    await page.getByRole("button", { name: "Hinzufügen" }).click();
  }
  const table = page.getByTestId("case-report");
  const [y, m, d] = dates.at(-1).split("-");
  await table.getByRole("columnheader", { name: `${d}.${m}.${y}` }).waitFor();
  const headers = await table.getByRole("columnheader").allTextContents();
  const read = async (name) => table.getByRole("row", { name: new RegExp("^" + name) }).getByRole("cell").allTextContents();
  const rows = {
    total: await read("Gesamtfälle"),
    caritas: await read("Caritas Rheine"),
    lf: await read("Lernen fördern"),
    active: await read("aktiv"),
    inactive: await read("inaktiv"),
  };
  return (date) => {
    const [yy, mm, dd] = date.split("-");
    const i = headers.indexOf(`${dd}.${mm}.${yy}`);
    return Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, Number(v[i])]));
  };
}

test("the DOMAIN.md fixture imported through the UI reproduces the committee tables", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/austausch");
  await chooseImport(page, FIXTURE);
  const preview = page.getByTestId("import-preview");
  await preview.getByText("84 neue Fälle kommen hinzu").waitFor();
  // 86 counted contacts and one taken back (voided): the preview counts what the lists
  // show, and names the voided one as carried along.
  await preview.getByText("86 sonstige Beratungskontakte kommen hinzu").waitFor();
  await preview.getByText(/^1 gelöschter oder stornierter Eintrag wird mitgeführt/).waitFor();
  await preview.getByText(/^Datei „domain-md-export\.json“ von Gerät [0-9a-z-]+ \(ohne Träger, z\. B\. Koordinierende Stelle\), exportiert am \d\d\.\d\d\.\d{4}: 84 Fälle, 86 sonstige Beratungskontakte, /).waitFor();
  await page.getByRole("button", { name: "Import übernehmen" }).click();
  await page.getByText(/wurde zusammengeführt/).waitFor();

  const column = await caseColumn(page, ["2022-09-15", "2022-12-15", "2023-04-01"]);
  assert.deepEqual(column("2022-09-15"), { total: 38, caritas: 0, lf: 38, active: 26, inactive: 12 });
  assert.deepEqual(column("2022-12-15"), { total: 67, caritas: 32, lf: 35, active: 40, inactive: 27 });
  assert.deepEqual(column("2023-04-01"), { total: 84, caritas: 42, lf: 42, active: 42, inactive: 42 });

  await page.getByLabel("Von Monat").fill("2023-01");
  await page.getByLabel("Bis Monat").fill("2023-04");
  const contacts = page.getByTestId("contact-report");
  await contacts.getByRole("columnheader", { name: "04.2023" }).waitFor();
  const row = async (name) => (await contacts.getByRole("row", { name: new RegExp("^" + name) }).getByRole("cell").allTextContents()).map(Number);
  assert.deepEqual(await row("Rheine"), [14, 17, 25, 30, 86]);
  assert.deepEqual(await row("Caritas Rheine"), [12, 10, 10, 18, 50]);
  assert.deepEqual(await row("Lernen fördern"), [2, 7, 15, 12, 36]);

  // The same file a second time changes nothing.
  await goTo(page, "Datenaustausch");
  await chooseImport(page, FIXTURE);
  await page.getByTestId("import-nothing").waitFor();
  assert.equal(await page.getByRole("button", { name: "Import übernehmen" }).isDisabled(), true);
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("bad files are refused with a German reason and change nothing", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/aufnahme");
  await fillIntake(page, COMPLEX_LINKS);
  await admit(page);
  await goTo(page, "Datenaustausch");
  const before = await page.evaluate(() => localStorage.getItem("kim-rheine.store"));
  const good = JSON.parse(await readFile(FIXTURE, "utf8"));
  const cases = [
    ["kaputt.json", "{ nicht json", /beschädigt oder unvollständig/],
    ["regelwerk.json", JSON.stringify(good.data.rules), /keine Exportdatei dieser App/],
    ["neu.json", JSON.stringify({ ...good, format_version: 99 }), /neueren Version der App/],
    ["doppelt.json", JSON.stringify({ ...good, data: { ...good.data, cases: [good.data.cases[0], good.data.cases[0]] } }), /kommt in der Datei zweimal vor/],
  ];
  for (const [name, text, reason] of cases) {
    await chooseImport(page, { name, mimeType: "application/json", buffer: Buffer.from(text) });
    const alert = page.getByRole("status").getByText(`Die Datei „${name}“ wurde abgelehnt.`, { exact: false });
    await alert.waitFor();
    assert.match(await alert.textContent(), reason);
    assert.match(await alert.textContent(), /Es wurde nichts geändert\.$/);
    assert.equal(await page.getByTestId("import-preview").count(), 0);
  }
  assert.equal(await page.evaluate(() => localStorage.getItem("kim-rheine.store")), before);
  await context.close();
});

test("two laptops exchange exports: merge unites both, a handed-over case stays one case, replace asks first", async () => {
  const dirs = [await mkdtemp(join(tmpdir(), "kim-a-")), await mkdtemp(join(tmpdir(), "kim-b-"))];
  const [laptopA, laptopB] = await Promise.all(dirs.map((dir) => launchProfile(dir)));
  try {
    // Laptop A (Lernen fördern) admits two cases in spring 2022.
    const a = await openApp(laptopA, env.server.url, "/aufnahme");
    await fillIntake(a, { ...COMPLEX_LINKS, date: "2022-03-01" });
    const handedOver = await admit(a);
    await goTo(a, "Aufnahme");
    await fillIntake(a, { ...COMPLEX_LINKS, area: "Rheine rechts der Ems", date: "2022-04-01" });
    await admit(a);
    await goTo(a, "Datenaustausch");
    const fromA = await exportFile(a);
    // No provider chosen for this device: the file is named for the coordinating office.
    assert.match(fromA.name, /^kim-export-koordinierung-\d{4}-\d\d-\d\d\.json$/);
    await a.getByText("Letzter Export: heute.").waitFor();

    // Laptop B (Caritas) takes A's export, admits its own case, and hands nothing over yet.
    const b = await openApp(laptopB, env.server.url, "/austausch");
    await chooseImport(b, fromA);
    await b.getByTestId("import-preview").getByText("2 neue Fälle kommen hinzu").waitFor();
    await b.getByRole("button", { name: "Import übernehmen" }).click();
    await b.getByText(/wurde zusammengeführt/).waitFor();
    await goTo(b, "Aufnahme");
    await fillIntake(b, { ...COMPLEX_LINKS, date: "2022-11-02" });
    await admit(b);

    // Meanwhile A hands the first case over to Caritas in October 2022 (rule change).
    await goTo(a, "Fälle");
    await a.getByLabel("Regelung ab").selectOption({ label: "01.07.2022" });
    await a.getByLabel("Datum der Übergabe").fill("2022-10-04");
    await a.getByRole("button", { name: "Ausgewählte Fälle übergeben" }).click();
    await a.getByText("1 Fall wurde zum 04.10.2022 übergeben.").waitFor();
    await goTo(a, "Datenaustausch");
    const fromA2 = await exportFile(a);

    // B merges A's second export: the handed-over case gains its handover, nothing doubles.
    await goTo(b, "Datenaustausch");
    await chooseImport(b, fromA2);
    const preview = b.getByTestId("import-preview");
    await preview.getByText("1 bestehender Fall wird um Einträge ergänzt").waitFor();
    assert.equal(await preview.getByText(/neue Fälle kommen hinzu|neuer Fall kommt hinzu/).count(), 0);
    await b.getByRole("button", { name: "Import übernehmen" }).click();
    await b.getByText(/wurde zusammengeführt/).waitFor();
    const column = await caseColumn(b, ["2022-12-15"]);
    assert.deepEqual(column("2022-12-15"), { total: 3, caritas: 2, lf: 1, active: 3, inactive: 0 });
    await goTo(b, "Fälle");
    await b.getByRole("cell", { name: handedOver, exact: true }).waitFor();

    // A replaces its data with B's export: the preview warns, the confirmations are asked.
    await goTo(b, "Datenaustausch");
    const fromB = await exportFile(b);
    await goTo(a, "Datenaustausch");
    await chooseImport(a, fromB);
    await a.getByRole("radio", { name: /^Ersetzen/ }).check();
    await a.getByTestId("import-summary").getByText(/Danach gelten nur die Daten der Datei: 3 Fälle/).waitFor();
    await a.getByRole("button", { name: "Import übernehmen" }).click();
    const question = a.getByRole("dialog", { name: "Alle Daten auf diesem Gerät ersetzen?" });
    await question.waitFor();
    // Exported today: no export is offered first, one button goes ahead.
    assert.deepEqual(await question.getByRole("button").allTextContents(), ["Abbrechen", "Alle Daten ersetzen"]);
    await question.getByRole("button", { name: "Alle Daten ersetzen" }).click();
    await a.getByText(/die bisherigen Daten sind ersetzt/).waitFor();
    const columnA = await caseColumn(a, ["2022-12-15"]);
    assert.deepEqual(columnA("2022-12-15"), { total: 3, caritas: 2, lf: 1, active: 3, inactive: 0 });
  } finally {
    await Promise.all([laptopA.close(), laptopB.close()]);
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
});

test("a replace in one tab is not undone by another open tab", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const first = await openApp(context, env.server.url, "/aufnahme");
  await fillIntake(first, COMPLEX_LINKS);
  const onlyHere = await admit(first);
  const second = await openApp(context, env.server.url, "/faelle");
  await second.getByRole("cell", { name: onlyHere, exact: true }).waitFor();

  await goTo(first, "Datenaustausch");
  await chooseImport(first, FIXTURE);
  await first.getByRole("radio", { name: /^Ersetzen/ }).check();
  await first.getByTestId("import-summary").getByText("1 Fall ist nur hier erfasst und ginge verloren").waitFor();
  await first.getByRole("button", { name: "Import übernehmen" }).click();
  await first.getByRole("dialog", { name: "Alle Daten auf diesem Gerät ersetzen?" }).getByRole("button", { name: "Ohne Export ersetzen" }).click();
  await first.getByText(/die bisherigen Daten sind ersetzt/).waitFor();

  // The other tab follows the replace instead of merging its old case back in...
  await second.getByTestId("case-counts").getByText(/^84 Fälle/).waitFor();
  assert.equal(await second.getByRole("cell", { name: onlyHere, exact: true }).count(), 0);
  // ...and its next change is saved on top of the replaced data.
  await goTo(second, "Beratungskontakte");
  await second.getByLabel("Träger").selectOption({ label: "Caritas Rheine e. V." });
  await second.getByRole("button", { name: /^\+1 Kontakt zählen:/ }).first().click();
  await first.reload();
  await goTo(first, "Fälle");
  await first.getByTestId("case-counts").getByText(/^84 Fälle/).waitFor();
  assert.equal(await first.getByRole("cell", { name: onlyHere, exact: true }).count(), 0);
  await context.close();
});

test("two different rule sets of the same revision are never merged silently: the user chooses; a new device takes the file's", async () => {
  const fixture = JSON.parse(await readFile(FIXTURE, "utf8"));
  fixture.data.rules.municipality = "Kreis Musterland";
  const file = { name: "kreis.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(fixture)) };

  // A new device holds no records: it takes the file's rule set without asking.
  const fresh = await env.browser.newContext({ locale: "de-DE" });
  const empty = await openApp(fresh, env.server.url, "/austausch");
  await chooseImport(empty, file);
  await empty.getByRole("button", { name: "Import übernehmen" }).click();
  await empty.getByText(/wurde zusammengeführt/).waitFor();
  await empty.getByText("KIM Kreis Musterland").first().waitFor();
  await fresh.close();

  // A device with records and Rheine's rule set of the same revision: asked.
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/bericht");
  await page.getByLabel("Jahr", { exact: true }).fill("2021");
  await page.getByLabel("Aufenthaltserlaubnisse § 25a/§ 25b").fill("59");
  await page.getByRole("button", { name: "Jahreszahlen speichern" }).click();
  await page.getByText("Die Zahlen für 2021 wurden gespeichert.").waitFor();
  await goTo(page, "Datenaustausch");
  await chooseImport(page, file);
  const question = page.getByRole("group", { name: "Welches Regelwerk soll gelten?" });
  await question.waitFor();
  assert.equal(await page.getByRole("button", { name: "Import übernehmen" }).isDisabled(), true, "nothing can be taken over before the choice");
  // What differs is named next to the choice, so the user chooses knowingly.
  await question.getByTestId("rules-differences").getByText("Kommune: auf diesem Gerät „Rheine“, in der Datei „Kreis Musterland“").waitFor();
  await question.getByRole("button", { name: /^Regelwerk der Datei übernehmen \(Kreis Musterland, Stand/ }).click();
  await page.getByTestId("import-summary").waitFor();
  await page.getByRole("button", { name: "Import übernehmen" }).click();
  await page.getByText(/wurde zusammengeführt/).waitFor();
  await page.getByText("KIM Kreis Musterland").first().waitFor();
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

/** A device with one record (a yearly figure), so that an import does not simply take the file's rule set. */
async function deviceWithRecords(context) {
  const page = await openApp(context, env.server.url, "/bericht");
  await page.getByLabel("Jahr", { exact: true }).fill("2021");
  await page.getByLabel("Aufenthaltserlaubnisse § 25a/§ 25b").fill("59");
  await page.getByRole("button", { name: "Jahreszahlen speichern" }).click();
  await page.getByText("Die Zahlen für 2021 wurden gespeichert.").waitFor();
  await goTo(page, "Datenaustausch");
  return page;
}

test("an export of an earlier release is merged without a question and the rule set keeps its outcome mappings", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await deviceWithRecords(context);
  await chooseImport(page, EARLIER_RELEASE);
  await page.getByTestId("import-summary").getByText("84 neue Fälle kommen hinzu").waitFor();
  assert.equal(await page.getByRole("group", { name: "Welches Regelwerk soll gelten?" }).count(), 0);
  await page.getByRole("button", { name: "Import übernehmen" }).click();
  await page.getByText(/wurde zusammengeführt/).waitFor();
  // The rule set here is still the built-in one with its mappings (an intake decision without
  // admission counts under its outcome without asking).
  const exported = JSON.parse((await exportFile(page)).buffer.toString("utf8"));
  assert.deepEqual(exported.data.rules.decision_outcomes, { no_consent: "other", no_rule: "other", not_responsible: "other-area-cm" });
  assert.equal(exported.data.rules.services.find((s) => s.id === "mbe").contact_outcome, "mbe");
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("the preview dates an export by the local day, as its file name does", async () => {
  const context = await env.browser.newContext({ locale: "de-DE", timezoneId: "Europe/Berlin" });
  // Opened elsewhere first, so the device chooses the built-in rule set (Datenaustausch does not ask).
  const page = await openApp(context, env.server.url, "/aufnahme");
  await goTo(page, "Datenaustausch");
  // 23:30 UTC on 24 November is 00:30 on 25 November in Germany.
  await page.clock.setFixedTime(new Date("2026-11-24T23:30:00Z"));
  const file = await exportFile(page);
  assert.equal(file.name, "kim-export-koordinierung-2026-11-25.json");
  assert.match(JSON.parse(file.buffer.toString("utf8")).exported_at, /^2026-11-24T23:30:00/);
  await chooseImport(page, file);
  await page.getByTestId("import-preview").getByText(/^Datei „kim-export-koordinierung-2026-11-25\.json“ von Gerät .*, exportiert am 25\.11\.2026: /).waitFor();
  // Summer time: 22:15 UTC on 30 June is 00:15 on 1 July.
  const fixture = JSON.parse(await readFile(FIXTURE, "utf8"));
  fixture.exported_at = "2026-06-30T22:15:00Z";
  await chooseImport(page, { name: "sommer.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(fixture)) });
  await page.getByTestId("import-preview").getByText(/^Datei „sommer\.json“ von Gerät .*, exportiert am 01\.07\.2026: /).waitFor();
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

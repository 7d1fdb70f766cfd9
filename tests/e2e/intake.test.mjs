// Intake check: fill the form as a case manager does, read the decision and its reasons,
// admit, and find the case on "Fälle" after a reload with the network off. One check admits
// one case however often it is pressed; "Neue Prüfung" and the navigation start clean; errors
// stand at their questions and in a summary.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useServerAndBrowser, launchProfile, openApp, waitForServiceWorker, goTo, seriousAxeViolations } from "./support.mjs";
import { fillIntake, decision, admit, caseCode, newCheck, settledDocument, COMPLEX_LINKS } from "./pages.mjs";

const env = useServerAndBrowser();

test("a complex case is admitted, and found on Fälle after an offline reload", async () => {
  const dir = await mkdtemp(join(tmpdir(), "kim-intake-"));
  const context = await launchProfile(dir);
  try {
    const page = await openApp(context, env.server.url, "/aufnahme");
    await waitForServiceWorker(page);
    await fillIntake(page, { ...COMPLEX_LINKS, date: "2023-03-01" });
    await decision(page).getByText("Aufnahme in das KIM-Case-Management. Zuständig: Caritas Rheine e. V.").waitFor();
    const reasons = await page.getByTestId("reasons").getByRole("listitem").allTextContents();
    assert.ok(reasons.some((r) => r.startsWith("Komplexer Fall: Problemlagen in 2 Lebensbereichen")), reasons.join("\n"));
    assert.ok(reasons.some((r) => r.includes("Caritas Rheine e. V.")), reasons.join("\n"));
    const code = await admit(page);
    assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    await context.setOffline(true);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Aufnahme" }).waitFor();
    await goTo(page, "Fälle");
    const row = page.getByTestId("case-table").getByRole("row").filter({ hasText: code });
    await row.waitFor();
    assert.match(await row.textContent(), /Caritas Rheine.*Rheine links der Ems.*01\.03\.2023.*aktiv/);
    assert.deepEqual(page.appErrors, []);
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("the responsible provider follows the area and the date boundaries", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/aufnahme");
  await fillIntake(page, { ...COMPLEX_LINKS, date: "2022-06-30" });
  await decision(page).getByText("Zuständig: Lernen fördern e. V.").waitFor();
  await page.getByLabel("Datum der Prüfung").fill("2022-07-01");
  await decision(page).getByText("Zuständig: Caritas Rheine e. V.").waitFor();
  await page.getByRole("radio", { name: "Rheine rechts der Ems", exact: true }).check();
  await decision(page).getByText("Zuständig: Lernen fördern e. V.").waitFor();
  // Lernen fördern has held the right bank since the first version (01.09.2021): the version of
  // 01.07.2022 changed only the left bank, so it is not the date "seit" names (issue 27).
  await page.getByTestId("reasons").getByText(/^Zuständig für „Rheine rechts der Ems“ ist seit 01\.09\.2021 Lernen fördern e\. V\./).waitFor();
  await page.getByLabel("Datum der Prüfung").fill("2021-08-31");
  await decision(page).getByText("Für dieses Datum gilt keine Zuständigkeitsregel").waitFor();
  await page.getByLabel("Datum der Prüfung").fill("2023-01-10");
  await page.getByRole("radio", { name: /andere Stadt\/Gemeinde im Kreis Steinfurt/ }).check();
  await decision(page).getByText(/^Nicht zuständig/).waitFor();
  await context.close();
});

test("not complex: no admission, a counselling service is suggested, one click counts a short contact", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/aufnahme");
  await fillIntake(page, { area: "Rheine rechts der Ems", problems: ["Mietschulden"], parties: ["Vermieter*in"] });
  await decision(page).getByText(/^Keine Aufnahme: kein komplexer Fall/).waitFor();
  const reasons = await page.getByTestId("reasons").getByRole("listitem").allTextContents();
  assert.ok(reasons.some((r) => r.includes("mindestens 2 verschiedene Lebensbereiche")), reasons.join("\n"));
  await page.getByLabel("Träger", { exact: true }).selectOption({ label: "Lernen fördern e. V." });
  await page.getByRole("button", { name: "Kontakt zählen" }).click();
  await page.getByRole("status").getByText(/Sonstiger Beratungskontakt für Lernen fördern im .* gezählt/).waitFor();
  await goTo(page, "Beratungskontakte");
  const totals = page.getByTestId("month-totals");
  assert.match(await totals.getByRole("row", { name: /Lernen fördern/ }).textContent(), /Lernen fördern\s*1/);
  await context.close();
});

test("already counselled elsewhere, or no consent: no admission; admission against the suggestion is marked", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/aufnahme");
  await fillIntake(page, { ...COMPLEX_LINKS, service: "Jugendmigrationsdienst (JMD)" });
  await decision(page).getByText(/^Keine parallele Aufnahme: Abstimmung mit Jugendmigrationsdienst/).waitFor();
  await page.getByRole("radio", { name: "Nein, bei keinem anderen Dienst" }).check();
  await page.getByRole("group", { name: /Einwilligung/ }).getByRole("radio", { name: "Nein" }).check();
  await decision(page).getByText(/^Keine Aufnahme: Einwilligung/).waitFor();
  // Not complex, but the case manager judges otherwise.
  await page.getByRole("group", { name: /Einwilligung/ }).getByRole("radio", { name: "Ja" }).check();
  await page.getByRole("checkbox", { name: "Schulprobleme" }).uncheck();
  await decision(page).getByText(/^Keine Aufnahme: kein komplexer Fall/).waitFor();
  await page.getByLabel("Grund").selectOption({ index: 1 });
  await page.getByRole("button", { name: "Trotzdem aufnehmen" }).click();
  await page.getByRole("status").getByText("Die Aufnahme entgegen der Empfehlung ist vermerkt.").waitFor();
  const code = (await page.getByTestId("case-code").textContent()).trim();
  await goTo(page, "Fälle");
  await page.getByRole("button", { name: code }).click();
  await page.getByTestId("history").getByText(/entgegen der Empfehlung/).waitFor();
  await context.close();
});

/** The number of stored cases once saving has settled. */
async function storedCases(page, expected) {
  const doc = await settledDocument(page, (d) => d.data.cases.length, expected);
  return doc?.data.cases.length ?? 0;
}

/** Today in the browser, as an `<input type="date">` value. */
function today(page) {
  return page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  });
}

test("one admission, one case: a double click, Enter pressed twice and a second press each admit once", async () => {
  const context = await env.browser.newContext({ locale: "de-DE", permissions: ["clipboard-read", "clipboard-write"] });
  const page = await openApp(context, env.server.url, "/aufnahme");
  const admitButton = page.getByRole("button", { name: "In das Case Management aufnehmen" });
  const form = page.locator("form.intake-form");

  // A double click.
  await fillIntake(page, { ...COMPLEX_LINKS, date: "2023-03-01" });
  await admitButton.dblclick();
  const first = await caseCode(page);
  assert.equal(await storedCases(page, 1), 1);
  // The check is done: no admit button, the answers are read-only, the focus is on the code.
  assert.equal(await admitButton.count(), 0);
  assert.equal(await form.getByRole("radio", { name: "Rheine links der Ems", exact: true }).isDisabled(), true);
  assert.match(await page.evaluate(() => document.activeElement.textContent), new RegExp(`Fallcode:\\s*${first}`));
  await page.getByRole("button", { name: "Fallcode kopieren" }).click();
  await page.getByText("Kopiert.", { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), first);

  // Enter pressed twice on the focused button.
  await newCheck(page);
  await fillIntake(page, { ...COMPLEX_LINKS, date: "2023-03-02" });
  await admitButton.focus();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  const second = await caseCode(page);
  assert.notEqual(second, first);
  assert.equal(await storedCases(page, 2), 2);

  // A second press before the page could redraw (two clicks in one task), then once more
  // after success: there is nothing left to press.
  await newCheck(page);
  await fillIntake(page, { ...COMPLEX_LINKS, date: "2023-03-03" });
  await page.evaluate(() => {
    const button = [...document.querySelectorAll("button")].find((b) => b.textContent.trim() === "In das Case Management aufnehmen");
    button.click();
    button.click();
  });
  const third = await caseCode(page);
  assert.equal(await admitButton.count(), 0);
  assert.equal(await storedCases(page, 3), 3);
  await goTo(page, "Fälle");
  for (const code of [first, second, third]) await page.getByTestId("case-table").getByRole("row").filter({ hasText: code }).waitFor();
  await page.getByTestId("case-counts").getByText(/^3 Fälle/).waitFor();
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("Neue Prüfung and opening Aufnahme from the navigation start a clean check", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/aufnahme");
  const form = page.locator("form.intake-form");
  const chosen = () => form.locator("input:checked").count();
  await fillIntake(page, { ...COMPLEX_LINKS, date: "2023-03-01" });
  const first = await admit(page);

  // "Neue Prüfung": today's date, nothing chosen, the focus on the first question.
  await newCheck(page);
  assert.equal(await page.getByLabel("Datum der Prüfung").inputValue(), await today(page));
  assert.equal(await chosen(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.id), "intake-date");
  await decision(page).getByText(/^Noch offen: Wohnort, /).waitFor();
  assert.equal(await page.getByRole("button", { name: "In das Case Management aufnehmen" }).count(), 0);
  await fillIntake(page, { ...COMPLEX_LINKS, date: "2023-03-02" });
  assert.notEqual(await admit(page), first);

  // The navigation while on Aufnahme, after an admission and halfway through a check.
  await goTo(page, "Aufnahme");
  await page.getByTestId("case-code").waitFor({ state: "detached" });
  assert.equal(await chosen(), 0);
  await form.getByRole("radio", { name: "Rheine rechts der Ems", exact: true }).check();
  await page.getByLabel("Datum der Prüfung").fill("2022-01-05");
  await goTo(page, "Aufnahme");
  await page.waitForFunction(() => document.querySelectorAll("form.intake-form input:checked").length === 0);
  assert.equal(await page.getByLabel("Datum der Prüfung").inputValue(), await today(page));
  assert.equal(await storedCases(page, 2), 2);
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("errors stand at their questions and in a summary that links to them; the first wrong one gets the focus", async () => {
  // bypassCSP: only so the accessibility scan can inject axe-core.
  const context = await env.browser.newContext({ locale: "de-DE", bypassCSP: true });
  const page = await openApp(context, env.server.url, "/aufnahme");
  await page.getByRole("button", { name: "Ergebnis anzeigen" }).click();
  const summary = page.getByRole("group", { name: "Bitte prüfen Sie Ihre Angaben" });
  assert.deepEqual(await summary.getByRole("link").allTextContents(), [
    "Wählen Sie den Wohnort (Regionalbereich).",
    "Wählen Sie, ob die Person bereits bei einem anderen Dienst in Beratung ist.",
    "Wählen Sie den Zugangsweg.",
    "Wählen Sie, ob die Einwilligung vorliegt.",
  ]);
  assert.equal(await page.evaluate(() => document.activeElement.name), "intake-area");
  const area = page.getByRole("group", { name: "Wohnort (Regionalbereich)" });
  assert.equal(await area.getAttribute("aria-invalid"), "true");
  const describedBy = await area.getAttribute("aria-describedby");
  assert.equal((await page.locator(`#${describedBy}`).textContent()).trim(), "Fehler: Wählen Sie den Wohnort (Regionalbereich).");
  assert.deepEqual(await seriousAxeViolations(page, "Aufnahme mit Fehlern"), []);

  // A link of the summary moves the focus into its question.
  await summary.getByRole("link", { name: "Wählen Sie den Zugangsweg." }).click();
  assert.equal(await page.evaluate(() => document.activeElement.name), "intake-way-in");
  assert.equal(new URL(page.url()).pathname, "/aufnahme");
  // An answer clears its error and keeps the others.
  await area.getByRole("radio", { name: "Rheine links der Ems", exact: true }).check();
  await area.and(page.locator(":not([aria-invalid])")).waitFor();
  assert.equal(await summary.getByRole("link").count(), 3);

  // A date in the future is wrong at once, at its field; what was chosen stays.
  const date = page.getByLabel("Datum der Prüfung");
  await date.fill("2999-01-01");
  await summary.getByRole("link", { name: /^Das Datum der Prüfung liegt in der Zukunft/ }).waitFor();
  assert.equal(await date.getAttribute("aria-invalid"), "true");
  assert.equal((await page.locator(`#${await date.getAttribute("aria-describedby")}`).textContent()).trim(), "Fehler: Das Datum der Prüfung liegt in der Zukunft. Geben Sie den Tag an, an dem geprüft wurde.");
  assert.equal(await area.getByRole("radio", { name: "Rheine links der Ems", exact: true }).isChecked(), true);
  await page.getByRole("button", { name: "Ergebnis anzeigen" }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), "intake-date");

  // All answered: no summary, the result, and "Ergebnis anzeigen" moves the focus to it.
  await fillIntake(page, { ...COMPLEX_LINKS, date: "2023-03-01" });
  await summary.waitFor({ state: "detached" });
  await decision(page).getByText("Aufnahme in das KIM-Case-Management. Zuständig: Caritas Rheine e. V.").waitFor();
  await page.getByRole("button", { name: "Ergebnis anzeigen" }).click();
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Ergebnis der Prüfung");
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

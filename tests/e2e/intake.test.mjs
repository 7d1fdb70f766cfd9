// Intake check: fill the form as a case manager does, read the decision and its reasons,
// admit, and find the case on "Fälle" after a reload with the network off.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useServerAndBrowser, launchProfile, openApp, waitForServiceWorker, goTo } from "./support.mjs";
import { fillIntake, decision, admit, COMPLEX_LINKS } from "./pages.mjs";

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

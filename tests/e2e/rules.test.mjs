// Rules are data: the coordinating office reads the rules in force on a date, adds a new
// version from a date, and exchanges the rule set as a file; broken files are refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, openApp, downloadText, goTo } from "./support.mjs";
import { fillIntake, admit, COMPLEX_LINKS } from "./pages.mjs";

const env = useServerAndBrowser();

test("rules in force on a date, a new version, and the rule set as a file", async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/einstellungen");
  const shown = page.getByTestId("rules-on-date");
  await page.getByLabel("Datum", { exact: true }).fill("2022-01-15");
  await shown.getByText("Regelung gültig vom 01.09.2021 bis 30.06.2022.", { exact: false }).waitFor();
  assert.match(await shown.getByRole("row", { name: /Rheine links der Ems/ }).textContent(), /Lernen fördern e\. V\./);
  await page.getByLabel("Datum", { exact: true }).fill("2021-08-01");
  await page.getByText("Am 01.08.2021 gilt keine Zuständigkeitsregel.").waitFor();

  // A malformed file and a file with a gap are refused; nothing changes.
  const input = page.getByLabel("Regelwerk importieren (JSON-Datei)");
  await input.setInputFiles({ name: "kaputt.json", mimeType: "application/json", buffer: Buffer.from("{ nein") });
  await page.getByText(/^Das Regelwerk wurde nicht übernommen: Die Datei ist kein gültiges Regelwerk/).waitFor();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Regelwerk exportieren" }).click()]);
  const rules = JSON.parse(await downloadText(download));
  rules.versions[1].valid_from = "2022-07-05";
  await input.setInputFiles({ name: "luecke.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(rules)) });
  await page.getByText("Vom 01.07.2022 bis 04.07.2022 gilt keine Regelung (Lücke).", { exact: false }).waitFor();

  // A new version: from 01.01.2024 both areas go to Caritas.
  await page.getByLabel("Gültig ab").fill("2024-01-01");
  await page.getByLabel("Träger für Rheine links der Ems").selectOption({ label: "Caritas Rheine e. V." });
  await page.getByLabel("Träger für Rheine rechts der Ems").selectOption({ label: "Caritas Rheine e. V." });
  await page.getByRole("button", { name: "Neue Regelung speichern" }).click();
  await page.getByText(/^Neue Regelung ab 01\.01\.2024 gespeichert/).waitFor();
  await page.getByLabel("Datum", { exact: true }).fill("2024-02-01");
  assert.match(await shown.getByRole("row", { name: /Rheine rechts der Ems/ }).textContent(), /Caritas Rheine e\. V\./);
  await page.getByLabel("Datum", { exact: true }).fill("2023-12-31");
  await shown.getByText("Regelung gültig vom 01.07.2022 bis 31.12.2023.", { exact: false }).waitFor();
  await context.close();
});

test("a rule-set file that drops a catalogue entry recorded cases still use is refused", async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/aufnahme");
  await fillIntake(page, COMPLEX_LINKS);
  const code = await admit(page);
  await goTo(page, "Einstellungen");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Regelwerk exportieren" }).click()]);
  const rules = JSON.parse(await downloadText(download));
  rules.problems = rules.problems.filter((p) => p.id !== "rent-debts");
  await page.getByLabel("Regelwerk importieren (JSON-Datei)").setInputFiles({ name: "ohne-mietschulden.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(rules)) });
  await page.getByText(`Das Regelwerk wurde nicht übernommen, weil erfasste Daten es noch brauchen: Fall ${code} nennt „rent-debts“`, { exact: false }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Übernehmen" }).count(), 0);
  await context.close();
});

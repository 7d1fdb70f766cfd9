// Rules stay data: under another municipality's rule set, with other short-contact outcome ids,
// a contact counted from "Aufnahme" is counted under that rule set's outcome, and the export
// holding it imports on a fresh laptop.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, openApp, downloadText, goTo, seriousAxeViolations } from "./support.mjs";
import { fillIntake, decision } from "./pages.mjs";

const env = useServerAndBrowser();

/** Another municipality built from the exported default: other providers, areas' names,
 * services and outcome ids. The first service suggested for simple cases maps to no outcome,
 * the second does; "no rule" maps to none, so the page has to ask. */
function otherMunicipality(rheine) {
  const rules = structuredClone(rheine);
  rules.municipality = "Musterstadt";
  rules.revision = 3;
  rules.providers = [{ id: "awo", name: "AWO Kreisverband Musterstadt e. V.", short_name: "AWO" }];
  for (const version of rules.versions) {
    for (const assignment of version.assignments) assignment.provider = "awo";
    // Posts per provider (issue 28) name the provider too.
    for (const posts of version.posts ?? []) posts.provider = "awo";
  }
  for (const area of rules.areas) {
    if (area.id === "links") area.label = "Musterstadt Nord";
    if (area.id === "rechts") area.label = "Musterstadt Süd";
  }
  rules.services = [
    { id: "buergerbuero", label: "Bürgerbüro Integration", suggested_for_simple_cases: true },
    { id: "diakonie-mbe", label: "Migrationsberatung der Diakonie", suggested_for_simple_cases: true, contact_outcome: "weiter-mbe" },
    { id: "fachstelle", label: "Fachstelle", suggested_for_simple_cases: false, contact_outcome: "weiter-fach" },
  ];
  rules.contact_outcomes = [
    { id: "weiter-mbe", label: "an die Migrationsberatung weitergeleitet" },
    { id: "weiter-fach", label: "an eine Fachstelle weitergeleitet" },
    { id: "nachbarkommune", label: "an die Nachbarkommune verwiesen" },
    { id: "ohne", label: "ohne Weiterleitung" },
  ];
  rules.decision_outcomes = { not_responsible: "nachbarkommune", no_consent: "ohne" };
  return rules;
}

test("another municipality's outcomes: counted from Aufnahme, exported, imported on a fresh laptop", async () => {
  // bypassCSP: only so the accessibility scan can inject axe-core.
  const laptopA = await env.browser.newContext({ acceptDownloads: true, locale: "de-DE", bypassCSP: true });
  const laptopB = await env.browser.newContext({ locale: "de-DE" });
  try {
    // Einstellungen: the coordinating office of Musterstadt imports its rule set.
    const page = await openApp(laptopA, env.server.url, "/einstellungen");
    const [rulesDownload] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Regelwerk exportieren" }).click()]);
    const rules = otherMunicipality(JSON.parse(await downloadText(rulesDownload)));
    const rulesInput = page.getByLabel("Regelwerk importieren (JSON-Datei)");
    // A mapping to an outcome the catalogue lacks is refused.
    const broken = structuredClone(rules);
    broken.services[1].contact_outcome = "mbe";
    await rulesInput.setInputFiles({ name: "falsch.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(broken)) });
    await page.getByText("Der Beratungsdienst „diakonie-mbe“ verweist auf das Ergebnis „mbe“, das im Katalog „contact_outcomes“ fehlt.", { exact: false }).waitFor();
    await rulesInput.setInputFiles({ name: "musterstadt.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(rules)) });
    await page.getByText("Regelwerk für Musterstadt (Stand 3)", { exact: false }).waitFor();
    await page.getByRole("button", { name: "Übernehmen", exact: true }).click();
    await page.getByText("Das Regelwerk wurde übernommen.").waitFor();

    // Aufnahme: not complex; the rule set maps the decision through the second suggested service.
    await goTo(page, "Aufnahme");
    await fillIntake(page, { area: "Musterstadt Süd", problems: ["Mietschulden"], parties: ["Vermieter*in"] });
    await decision(page).getByText("Keine Aufnahme: kein komplexer Fall. Empfohlen: Bürgerbüro Integration oder Migrationsberatung der Diakonie").waitFor();
    await page.getByTestId("contact-outcome").getByText("an die Migrationsberatung weitergeleitet", { exact: false }).waitFor();
    await page.getByLabel("Träger", { exact: true }).selectOption({ label: "AWO Kreisverband Musterstadt e. V." });
    await page.getByRole("button", { name: "Kontakt zählen" }).click();
    await page.getByRole("status").getByText(/Sonstiger Beratungskontakt für AWO im .* gezählt: an die Migrationsberatung weitergeleitet\./).waitFor();

    // No rule on the date, and the rule set maps nothing for it: the page asks, never guesses.
    await page.getByLabel("Datum der Prüfung").fill("2021-08-31");
    await decision(page).getByText("Für dieses Datum gilt keine Zuständigkeitsregel", { exact: false }).waitFor();
    assert.equal(await page.getByTestId("contact-outcome").count(), 0);
    await page.getByLabel("Träger", { exact: true }).selectOption({ label: "AWO Kreisverband Musterstadt e. V." });
    const count = page.getByRole("button", { name: "Kontakt zählen" });
    assert.equal(await count.isDisabled(), true);
    const choice = page.getByLabel("Verweis / Ergebnis");
    const offered = (await choice.getByRole("option").allTextContents()).slice(1);
    assert.deepEqual(offered, rules.contact_outcomes.map((o) => o.label));
    assert.deepEqual(await seriousAxeViolations(page, "Aufnahme, Verweis wählen"), []);
    await choice.selectOption({ label: "an die Nachbarkommune verwiesen" });
    await count.click();
    await page.getByRole("status").getByText(/Sonstiger Beratungskontakt für AWO im August 2021 gezählt: an die Nachbarkommune verwiesen\./).waitFor();

    // Datenaustausch: the export holds the contacts under Musterstadt's ids.
    await goTo(page, "Datenaustausch");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Alle Daten exportieren" }).click()]);
    const text = await downloadText(download);
    const exported = JSON.parse(text);
    assert.equal(exported.data.rules.municipality, "Musterstadt");
    assert.deepEqual(exported.data.contacts.map((c) => [c.provider, c.outcome]).sort(), [["awo", "nachbarkommune"], ["awo", "weiter-mbe"]]);
    assert.deepEqual(page.appErrors, []);

    // A fresh laptop imports it.
    const fresh = await openApp(laptopB, env.server.url, "/austausch");
    await fresh.getByLabel("Exportdatei wählen").setInputFiles({ name: download.suggestedFilename(), mimeType: "application/json", buffer: Buffer.from(text) });
    const preview = fresh.getByTestId("import-preview");
    await preview.getByText("2 sonstige Beratungskontakte kommen hinzu").waitFor();
    await fresh.getByRole("button", { name: "Import übernehmen" }).click();
    await fresh.getByText(/wurde zusammengeführt/).waitFor();
    await goTo(fresh, "Beratungskontakte");
    // Nobody said who works on this device: the provider is chosen, never preselected.
    await fresh.getByLabel("Träger").selectOption({ label: "AWO Kreisverband Musterstadt e. V." });
    const row = fresh.getByRole("row", { name: /an die Migrationsberatung weitergeleitet/ });
    assert.match(await row.getByRole("cell").first().textContent(), /^\s*1\s*$/);
    assert.match(await fresh.getByTestId("month-totals").getByRole("row", { name: /AWO/ }).textContent(), /AWO\s*1/);
    assert.deepEqual(fresh.appErrors, []);
  } finally {
    await laptopA.close();
    await laptopB.close();
  }
});

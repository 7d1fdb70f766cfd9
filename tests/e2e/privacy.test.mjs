// Datenschutz and deleting everything: the privacy page is reached from the footer and from
// Einstellungen; "Alle Daten löschen" offers an export first, refuses a wrong confirmation at
// the field without deleting anything, and with „LÖSCHEN“ leaves no key of the app in local
// storage and starts the app as on a new device.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { useServerAndBrowser, openApp, goTo, downloadText, seriousAxeViolations, chooseBuiltInRules } from "./support.mjs";
import { deviceQuestion, settledDocument } from "./pages.mjs";

const env = useServerAndBrowser();
const FIXTURE = "tests/fixtures/report/domain-md-export.json";
const CONFIRM_LABEL = "Zur Bestätigung „LÖSCHEN“ eingeben";
const ERASE_BUTTON = "Alle Daten endgültig löschen";

/** Takes over the report fixture on Datenaustausch, as a person would. */
async function importFixture(page) {
  await goTo(page, "Datenaustausch");
  await page.getByLabel("Exportdatei wählen").setInputFiles(FIXTURE);
  await page.getByRole("button", { name: "Import übernehmen" }).click();
  await page.getByText(/wurde zusammengeführt/).waitFor();
}

/** The local-storage keys of the app. */
function appKeys(page) {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("kim-rheine")));
}

/** Every key and value in local storage, as one text. */
function everythingStored(page) {
  return page.evaluate(() => Object.entries(localStorage).map(([k, v]) => `${k}=${v}`).join("\n"));
}

/** Waits until `locator` has the focus. */
async function waitForFocus(page, locator) {
  await page.waitForFunction((element) => document.activeElement === element, await locator.elementHandle());
}

test("Alle Daten löschen: export first, a wrong word deletes nothing, „LÖSCHEN“ leaves no key of the app and starts afresh", async () => {
  // bypassCSP: only so the accessibility scan can inject axe-core.
  const context = await env.browser.newContext({ locale: "de-DE", acceptDownloads: true, bypassCSP: true });
  // Each document records the app's keys before any script of the page runs: after the
  // deletion's reload, that is exactly what the deletion left behind, before the fresh app could
  // write anything.
  await context.addInitScript(() => {
    window.__kimKeysAtStart = Object.keys(localStorage).filter((k) => k.startsWith("kim-rheine"));
  });
  const page = await openApp(context, env.server.url);
  await importFixture(page);
  const codes = JSON.parse(await readFile(FIXTURE, "utf8")).data.cases.map((c) => c.code);
  assert.equal(codes.length, 84);
  const stored = await settledDocument(page, (d) => d.data.cases.length, codes.length);
  assert.equal(stored.data.cases.length, codes.length);
  // Something unreadable kept aside (as the app does with text it cannot read): deleted too.
  await page.evaluate(() => localStorage.setItem("kim-rheine.unreadable.1", "{ kaputt"));
  // A key of another app on the same origin: left alone.
  await page.evaluate(() => localStorage.setItem("andere-app.einstellung", "bleibt"));

  await goTo(page, "Einstellungen");
  const section = page.getByRole("region", { name: "Alle Daten löschen" });
  await section.waitFor();
  // The last section of the page, apart from the everyday ones.
  const lastHeading = await page.getByRole("main").locator("section").last().getByRole("heading", { level: 2 }).first().textContent();
  assert.equal(lastHeading, "Alle Daten löschen");
  await section.getByText("exportierte Dateien", { exact: false }).first().waitFor();
  await section.getByText("Programmdateien der App", { exact: false }).waitFor();

  // 1. Export first.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    section.getByRole("button", { name: "Erst exportieren" }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^kim-export-.+-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(await downloadText(download));
  assert.equal(exported.data.cases.length, codes.length);
  await section.getByText("Die Exportdatei wurde heruntergeladen.", { exact: false }).waitFor();
  await section.getByText("Letzter Export: heute.", { exact: false }).waitFor();

  // 2. A wrong word: the error at the field, the focus on it, what was typed kept, nothing deleted.
  const field = section.getByLabel(CONFIRM_LABEL);
  const button = section.getByRole("button", { name: ERASE_BUTTON });
  assert.equal(await button.isEnabled(), true);
  await field.fill("LOSCHEN");
  await button.click();
  const errorText = "Geben Sie „LÖSCHEN“ ein, um alle Daten auf diesem Gerät zu löschen.";
  await section.getByText(errorText).waitFor();
  assert.equal(await field.getAttribute("aria-invalid"), "true");
  const describedBy = await field.getAttribute("aria-describedby");
  assert.ok(describedBy, "the field names its error");
  assert.match(await page.locator(`[id="${describedBy}"]`).textContent(), new RegExp(errorText.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  await waitForFocus(page, field);
  assert.equal(await field.inputValue(), "LOSCHEN");
  assert.deepEqual(await seriousAxeViolations(page, "Einstellungen, Löschen mit falschem Wort"), []);
  // Enter in the field is the same press.
  await field.press("Enter");
  await section.getByText(errorText).waitFor();
  assert.equal(new URL(page.url()).pathname, "/einstellungen");
  assert.ok((await appKeys(page)).includes("kim-rheine.store"));
  const still = JSON.parse(await page.evaluate(() => localStorage.getItem("kim-rheine.store")));
  assert.equal(still.data.cases.length, codes.length);

  // 3. The word: everything of the app goes, the page starts afresh at the start page, which
  // asks for a rule set like a new device.
  await field.fill("LÖSCHEN");
  await Promise.all([
    page.waitForURL((url) => url.pathname === "/", { waitUntil: "load" }),
    button.click(),
  ]);
  await page.getByRole("heading", { level: 1, name: "Regelwerk wählen" }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.__kimKeysAtStart), [], "no key of the app was left when the fresh page started");
  // The fresh app writes only with its first change (AppState::start saves nothing by itself).
  assert.deepEqual(await appKeys(page), []);
  assert.equal(await page.evaluate(() => localStorage.getItem("andere-app.einstellung")), "bleibt");
  const everything = await everythingStored(page);
  assert.deepEqual(codes.filter((code) => everything.includes(code)), [], "no case code anywhere in local storage");
  // As on a new device: the rule set is asked for first, then who works here; nothing recorded.
  assert.equal(await deviceQuestion(page).count(), 0, "who works here is asked once there is a rule set");
  await chooseBuiltInRules(page);
  await page.getByText("Auf diesem Gerät ist noch nichts erfasst.", { exact: false }).waitFor();
  await deviceQuestion(page).waitFor();
  await goTo(page, "Fälle");
  await page.getByRole("heading", { level: 2, name: "Noch keine Fälle" }).waitFor();
  for (const code of codes.slice(0, 3)) assert.equal(await page.getByText(code, { exact: true }).count(), 0);
  const after = await everythingStored(page);
  assert.deepEqual(codes.filter((code) => after.includes(code)), [], "the chosen rule set brought no case back");
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("Datenschutz: linked from the footer and from Einstellungen, with its headings in order", async () => {
  const context = await env.browser.newContext({ locale: "de-DE", bypassCSP: true });
  const page = await openApp(context, env.server.url);
  // Not in the main navigation (see app/mod.rs), but in the footer on every page.
  const nav = page.getByRole("navigation", { name: "Hauptnavigation" });
  assert.equal(await nav.getByRole("link", { name: "Datenschutz" }).count(), 0);
  await page.getByRole("contentinfo").getByRole("link", { name: "Datenschutz", exact: true }).click();
  const h1 = page.getByRole("heading", { level: 1, name: "Datenschutz" });
  await h1.waitFor();
  assert.equal(new URL(page.url()).pathname, "/datenschutz");
  assert.equal(await page.title(), "Datenschutz – KIM Rheine");
  assert.equal(await h1.getAttribute("tabindex"), "-1");

  const headings = await page.getByRole("main").locator("h1, h2, h3").evaluateAll((els) => els.map((e) => [e.tagName, e.textContent]));
  assert.deepEqual(headings, [
    ["H1", "Datenschutz"],
    ["H2", "Das Wichtigste in Kürze"],
    ["H2", "Was gespeichert wird"],
    ["H2", "Was nie gespeichert wird"],
    ["H2", "Wo die Daten liegen"],
    ["H2", "Wer die Daten lesen kann"],
    ["H2", "Der Kennwortschutz"],
    ["H2", "Fallcodes sind Pseudonyme"],
    ["H2", "Sicherungen"],
    ["H2", "Alle Daten löschen"],
    ["H2", "Für die behördliche Datenschutzbeauftragte / den Datenschutzbeauftragten"],
  ]);
  const main = page.getByRole("main");
  await main.getByText("AES-256-GCM", { exact: false }).first().waitFor();
  await main.getByText("600.000", { exact: false }).first().waitFor();
  await main.getByText("Art. 9 DSGVO", { exact: false }).first().waitFor();
  // Backups: where, how many, encrypted or not, how to delete them.
  const backups = page.getByRole("region", { name: "Sicherungen" });
  await backups.getByText("die letzten 10 Sicherungen dieses Geräts", { exact: false }).waitFor();
  await backups.getByText("mit dem Kennwort dieses Geräts", { exact: false }).waitFor();
  await backups.getByText("löschen Sie die Dateien „kim-sicherung-…“", { exact: false }).waitFor();
  const terms = await main.getByRole("term").allTextContents();
  for (const term of ["Zweck", "Kategorien der Daten", "Speicherort", "Verschlüsselung", "Übermittlung", "Löschung", "Zugriff"]) {
    assert.ok(terms.includes(term), `${term} in ${terms.join(", ")}`);
  }
  assert.deepEqual(await seriousAxeViolations(page, "Datenschutz"), []);

  // From the section on deleting to Einstellungen, and from there back to Datenschutz.
  await main.getByRole("region", { name: "Alle Daten löschen" }).getByRole("link", { name: "Einstellungen", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Einstellungen" }).waitFor();
  await page.getByRole("region", { name: "Alle Daten löschen" }).getByRole("link", { name: "Datenschutz", exact: true }).click();
  await h1.waitFor();

  // A deep link, reloaded.
  await page.goto(env.server.url + "/datenschutz");
  await h1.waitFor();
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("Datenschutz and Alle Daten löschen fit a phone screen", async () => {
  const context = await env.browser.newContext({ locale: "de-DE", viewport: { width: 360, height: 640 } });
  for (const [path, name] of [["/datenschutz", "Datenschutz"], ["/einstellungen", "Einstellungen"]]) {
    const page = await openApp(context, env.server.url, path);
    await page.getByRole("heading", { level: 1, name }).waitFor();
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    assert.ok(scrollWidth <= innerWidth, `${name}: ${scrollWidth} px wide on a ${innerWidth} px screen`);
    await page.close();
  }
  await context.close();
});

// Phones: every page at 360 × 640 CSS px without sideways scrolling and with touch targets of
// at least 44 × 44 px; the navigation folded behind "Menü"; the skip link that moves the focus;
// the welcome-visit form with its errors at the fields; empty pages that say what to do first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, startServer, openApp, goTo, seriousAxeViolations } from "./support.mjs";

const env = useServerAndBrowser();
const FIXTURE = "tests/fixtures/report/domain-md-export.json";
const PHONE = { viewport: { width: 360, height: 640 }, locale: "de-DE" };
const DESKTOP = { viewport: { width: 1366, height: 768 }, locale: "de-DE" };

const PAGES = [
  "Übersicht",
  "Aufnahme",
  "Fälle",
  "Beratungskontakte",
  "Willkommensbesuche",
  "Bericht",
  "Datenaustausch",
  "Einstellungen",
];

/**
 * Opens a page through the navigation (opening the menu first, see `goTo`). The overview's
 * heading is the app's name rather than the page's.
 */
async function showPage(page, name) {
  if (name !== "Übersicht") return goTo(page, name);
  const nav = page.getByRole("navigation", { name: "Hauptnavigation" });
  await nav.getByRole("button", { name: "Menü" }).click();
  await nav.getByRole("link", { name, exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Kommunales Integrationsmanagement Rheine" }).waitFor();
}

/** Takes over the report fixture on Datenaustausch, as a person would. */
async function importFixture(page) {
  await goTo(page, "Datenaustausch");
  await page.getByLabel("Exportdatei wählen").setInputFiles(FIXTURE);
  await page.getByRole("button", { name: "Import übernehmen" }).click();
  await page.getByText(/wurde zusammengeführt/).waitFor();
}

/** Fails when the document is wider than the screen (the page would scroll sideways). */
async function assertFitsScreen(page, where) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(scrollWidth <= innerWidth, `${where}: the page is ${scrollWidth} px wide on a ${innerWidth} px screen`);
}

/**
 * The controls in the main content smaller than 44 × 44 px. A checkbox or radio button is
 * measured by its label (the whole label takes the tap); a link inside a sentence (text
 * around it in the same block) is exempt, as WCAG exempts inline links.
 */
async function smallTouchTargets(page) {
  return page.evaluate(() => {
    const inSentence = (link) => {
      if (getComputedStyle(link).display !== "inline") return false;
      const block = link.parentElement;
      return block.textContent.replace(link.textContent, "").trim().length > 0;
    };
    const small = [];
    for (const control of document.querySelectorAll("main a[href], main button, main input, main select, main textarea, main summary")) {
      const box = control.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not shown
      if (getComputedStyle(control).visibility === "hidden") continue;
      if (control.matches("a") && inSentence(control)) continue;
      const target = control.matches("input[type=checkbox], input[type=radio]") ? control.closest("label") ?? control : control;
      const { width, height } = target.getBoundingClientRect();
      if (width < 43.5 || height < 43.5) {
        const name = (control.getAttribute("aria-label") ?? control.textContent ?? "").trim() || control.id || control.type;
        small.push(`${control.tagName.toLowerCase()} „${name}“ ${Math.round(width)} × ${Math.round(height)}`);
      }
    }
    return small;
  });
}

async function assertPhoneReady(page, where) {
  await assertFitsScreen(page, where);
  assert.deepEqual(await smallTouchTargets(page), [], `${where}: touch targets below 44 × 44 px`);
}

test("with data, every page fits a 360 px screen and its touch targets are at least 44 × 44 px", async () => {
  const context = await env.browser.newContext(PHONE);
  const page = await openApp(context, env.server.url);
  await importFixture(page);
  for (const name of PAGES) {
    await showPage(page, name);
    await assertPhoneReady(page, name);
  }

  // An open case on Fälle: its history and actions fit as well.
  await goTo(page, "Fälle");
  await page.getByRole("table", { name: "Fallliste" }).getByRole("row").nth(1).getByRole("button").first().click();
  await page.getByRole("heading", { level: 2, name: /^Fall / }).waitFor();
  await assertPhoneReady(page, "Fälle mit geöffnetem Fall");

  // An unknown address.
  await page.goto(env.server.url + "/gibt-es-nicht");
  await page.getByRole("heading", { level: 1, name: "Seite nicht gefunden" }).waitFor();
  await assertPhoneReady(page, "Seite nicht gefunden");
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("on a phone the welcome-visit form names its errors at the fields and saves from the bottom of the screen", async () => {
  const context = await env.browser.newContext(PHONE);
  const page = await openApp(context, env.server.url, "/willkommensbesuche");
  const save = page.getByRole("button", { name: "Besuch speichern" });

  // Saved with nothing chosen: a summary at the top, each error at its field, the first wrong
  // field has the focus.
  await save.click();
  await page.getByText("Bitte noch angeben: Stadtteil / Bereich, Art des Zuzugs.").waitFor();
  const district = page.getByRole("group", { name: "Stadtteil / Bereich" });
  await page.waitForFunction(() => document.activeElement?.name === "visit-district");
  assert.equal(await district.getAttribute("aria-invalid"), "true");
  const describedBy = await district.getAttribute("aria-describedby");
  assert.equal(await page.locator(`[id="${describedBy}"]`).textContent(), "Fehler: Bitte den Stadtteil oder Bereich wählen.");
  const children = page.getByRole("group", { name: "Anzahl der Kinder nach Alter" });
  assert.equal(await children.getAttribute("aria-invalid"), "true");
  assert.equal(await page.getByLabel("0–2 Jahre").getAttribute("aria-invalid"), "true");
  // A link of the summary leads to its field.
  await page.getByRole("link", { name: "Art des Zuzugs" }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.name), "visit-arrival");
  assert.equal(new URL(page.url()).pathname, "/willkommensbesuche");
  await assertPhoneReady(page, "Willkommensbesuche mit Fehlern");

  // Filled in and saved: the button is in reach at the bottom of the screen, the message next
  // to it gets the focus, and the errors are gone.
  await district.getByRole("radio", { name: "Schotthock" }).check();
  await page.getByRole("radio", { name: "Neuzuzug" }).check();
  await page.getByLabel("6–9 Jahre").fill("1");
  await page.getByRole("group", { name: "Über diese Angebote informiert" }).getByRole("checkbox", { name: "Schule" }).check();
  const box = await save.boundingBox();
  assert.ok(box.y >= 0 && box.y + box.height <= 640, `the save button is on the screen (at ${Math.round(box.y)} px)`);
  await save.click();
  const message = page.getByText(/^Besuch gespeichert\./);
  await message.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === "visit-save-message");
  assert.equal(await page.getByText("Der Besuch ist noch nicht gespeichert").count(), 0);
  assert.equal(await district.getAttribute("aria-invalid"), null);

  // The recorded visit as a card: the cells stand below each other, each with its name.
  await page.getByText("1 Besuch auf diesem Gerät, der neueste zuerst.").waitFor();
  const row = page.getByRole("table", { name: "Erfasste Willkommensbesuche" }).getByRole("row").filter({ hasText: "Schotthock" });
  const date = await row.getByRole("cell").nth(0).boundingBox();
  const area = await row.getByRole("cell").nth(1).boundingBox();
  assert.ok(area.y >= date.y + date.height - 1, "on a phone the cells of a visit stand below each other");
  assert.equal(await row.getByRole("cell").nth(1).evaluate((cell) => getComputedStyle(cell, "::before").content.startsWith('"Bereich"')), true);
  await assertPhoneReady(page, "Willkommensbesuche mit einem Besuch");

  // The overview counts in the singular and the plural.
  await showPage(page, "Übersicht");
  await page.getByText(/^Auf diesem Gerät: 0 Fälle, 0 sonstige Beratungskontakte, 1 Willkommensbesuch\./).waitFor();
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("the navigation folds behind the menu button on a phone and stays open on a wide screen", async () => {
  const phone = await env.browser.newContext(PHONE);
  const page = await openApp(phone, env.server.url);
  const nav = page.getByRole("navigation", { name: "Hauptnavigation" });
  const menu = nav.getByRole("button", { name: "Menü" });
  const cases = nav.getByRole("link", { name: "Fälle", exact: true });
  assert.equal(await menu.getAttribute("aria-expanded"), "false");
  assert.equal(await cases.isVisible(), false);
  const controlled = await menu.getAttribute("aria-controls");
  assert.equal(await nav.getByRole("list", { includeHidden: true }).getAttribute("id"), controlled);
  // The closed menu leaves the page its screen: the header is one line.
  const header = await page.getByRole("banner").boundingBox();
  assert.ok(header.height <= 72, `header ${header.height} px high`);

  await menu.click();
  assert.equal(await menu.getAttribute("aria-expanded"), "true");
  await cases.waitFor();
  const box = await cases.boundingBox();
  assert.ok(box.height >= 44 && box.width >= 44, "the links of the menu are touch targets");
  await cases.click();
  await page.getByRole("heading", { level: 1, name: "Fälle" }).waitFor();
  assert.equal(await menu.getAttribute("aria-expanded"), "false");
  assert.equal(await cases.isVisible(), false);

  // By keyboard: Enter opens, Escape closes and gives the focus back to the button.
  await menu.focus();
  await page.keyboard.press("Enter");
  assert.equal(await menu.getAttribute("aria-expanded"), "true");
  await page.keyboard.press("Tab");
  await page.waitForFunction((text) => document.activeElement?.textContent === text, "Übersicht", { timeout: 5000 });
  await page.keyboard.press("Escape");
  assert.equal(await menu.getAttribute("aria-expanded"), "false");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), "Menü");
  await phone.close();

  const desktop = await env.browser.newContext(DESKTOP);
  const wide = await openApp(desktop, env.server.url);
  const wideNav = wide.getByRole("navigation", { name: "Hauptnavigation" });
  assert.equal(await wideNav.getByRole("button", { name: "Menü" }).isVisible(), false);
  for (const name of PAGES) assert.equal(await wideNav.getByRole("link", { name, exact: true }).isVisible(), true, name);
  await desktop.close();
});

test("the skip link moves the focus to the main content without leaving the page", async () => {
  for (const options of [PHONE, DESKTOP]) {
    const context = await env.browser.newContext(options);
    const page = await openApp(context, env.server.url, "/faelle");
    // A page as it is opened (the rule set chosen on the first visit moved the focus).
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Fälle" }).waitFor();
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Zum Inhalt springen" });
    assert.equal(await skip.evaluate((link) => link === document.activeElement), true, "the skip link comes first");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "inhalt");
    assert.equal(await page.evaluate(() => document.activeElement.tagName), "MAIN");
    assert.equal(new URL(page.url()).pathname, "/faelle");
    assert.equal(new URL(page.url()).hash, "");
    await page.getByRole("heading", { level: 1, name: "Fälle" }).waitFor();
    // The next Tab goes into the page, past the navigation.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => Boolean(document.activeElement?.closest("main"))), true);
    assert.deepEqual(page.appErrors, []);
    await context.close();
  }
});

test("under /kim/ the skip link and the links of the error summary stay on their page", async () => {
  // With <base href="/kim/">, "#inhalt" points at /kim/; the links move the focus themselves.
  const server = await startServer({ dist: "target/dist-kim", prefix: "/kim" });
  try {
    const context = await env.browser.newContext(PHONE);
    const page = await openApp(context, server.url, "/kim/willkommensbesuche");
    // A page as it is opened (the rule set chosen on the first visit moved the focus).
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Willkommensbesuche" }).waitFor();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "inhalt");
    assert.equal(new URL(page.url()).pathname, "/kim/willkommensbesuche");
    await page.getByRole("button", { name: "Besuch speichern" }).click();
    await page.getByRole("link", { name: "Art des Zuzugs" }).click();
    await page.waitForFunction(() => document.activeElement?.name === "visit-arrival");
    assert.equal(new URL(page.url()).pathname, "/kim/willkommensbesuche");
    await page.getByRole("heading", { level: 1, name: "Willkommensbesuche" }).waitFor();
    assert.deepEqual(page.appErrors, []);
    await context.close();
  } finally {
    await server.close();
  }
});

test("at 360 px the open menu, a form with errors and the visit cards have no serious accessibility violation", async () => {
  const context = await env.browser.newContext({ ...PHONE, bypassCSP: true });
  const page = await openApp(context, env.server.url, "/willkommensbesuche");
  const found = [];
  await page.getByRole("button", { name: "Menü" }).click();
  found.push(...(await seriousAxeViolations(page, "Menü geöffnet")));
  await page.getByRole("button", { name: "Menü" }).click();
  await page.getByRole("button", { name: "Besuch speichern" }).click();
  await page.getByText("Der Besuch ist noch nicht gespeichert").waitFor();
  found.push(...(await seriousAxeViolations(page, "Formular mit Fehlern")));
  await page.getByRole("radio", { name: "Elte" }).check();
  await page.getByRole("radio", { name: "Familiennachzug" }).check();
  await page.getByLabel("0–2 Jahre").fill("1");
  await page.getByRole("button", { name: "Besuch speichern" }).click();
  await page.getByText(/^Besuch gespeichert\./).waitFor();
  found.push(...(await seriousAxeViolations(page, "Besuch als Karte")));
  assert.deepEqual(found, []);
  await context.close();
});

test("on a fresh device the empty pages say what to do first and link there", async () => {
  const context = await env.browser.newContext(PHONE);
  const page = await openApp(context, env.server.url);
  await page.getByRole("heading", { level: 2, name: "So fangen Sie an" }).waitFor();
  await page.getByText("Auf diesem Gerät ist noch nichts erfasst.", { exact: false }).waitFor();
  assert.equal(await page.getByRole("link", { name: "Exportdatei übernehmen (Datenaustausch)" }).isVisible(), true);
  await assertPhoneReady(page, "Übersicht ohne Daten");
  await page.getByRole("link", { name: "Erste Aufnahmeprüfung beginnen" }).click();
  await page.getByRole("heading", { level: 1, name: "Aufnahme" }).waitFor();

  await goTo(page, "Bericht");
  await page.getByRole("heading", { level: 2, name: "Noch nichts zu berichten" }).waitFor();
  assert.equal(await page.getByRole("link", { name: "Zur Aufnahme" }).isVisible(), true);
  await assertPhoneReady(page, "Bericht ohne Daten");
  await page.getByRole("link", { name: "Zum Datenaustausch" }).click();
  await page.getByRole("heading", { level: 1, name: "Datenaustausch" }).waitFor();

  await goTo(page, "Willkommensbesuche");
  await page.getByText("Auf diesem Gerät ist noch kein Willkommensbesuch erfasst.", { exact: false }).waitFor();
  assert.equal(await page.getByRole("table", { name: "Erfasste Willkommensbesuche" }).count(), 0);

  // With data, the first steps give way to the totals.
  await importFixture(page);
  await showPage(page, "Übersicht");
  await page.getByText(/^Auf diesem Gerät: 84 Fälle, 86 sonstige Beratungskontakte, 0 Willkommensbesuche\./).waitFor();
  assert.equal(await page.getByRole("heading", { level: 2, name: "So fangen Sie an" }).count(), 0);
  await goTo(page, "Bericht");
  assert.equal(await page.getByRole("heading", { level: 2, name: "Noch nichts zu berichten" }).count(), 0);
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

// Foundation flows: every page reachable with its own URL, back/forward, offline after the
// first visit, update notice, unreadable storage kept aside, accessibility scan of every page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useServerAndBrowser, launchProfile, openApp, chooseBuiltInRules, waitForServiceWorker, downloadText, goTo, seriousAxeViolations, fillStorage, saveAgainOnceThereIsRoom } from "./support.mjs";


const PAGES = [
  ["Übersicht", "/"],
  ["Aufnahme", "/aufnahme"],
  ["Fälle", "/faelle"],
  ["Beratungskontakte", "/kontakte"],
  ["Willkommensbesuche", "/willkommensbesuche"],
  ["Bericht", "/bericht"],
  ["Datenaustausch", "/austausch"],
  ["Einstellungen", "/einstellungen"],
];

const env = useServerAndBrowser();

test("every page is reachable from the navigation, has its own URL, and back/forward work", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url);
  assert.equal(await page.locator("html").getAttribute("lang"), "de");
  await page.getByRole("heading", { level: 1, name: "Kommunales Integrationsmanagement Rheine" }).waitFor();
  for (const [name, path] of PAGES.slice(1)) {
    await goTo(page, name);
    assert.equal(new URL(page.url()).pathname, path);
    assert.match(await page.title(), new RegExp(`^${name} – KIM Rheine$`));
    const current = page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name, exact: true });
    assert.equal(await current.getAttribute("aria-current"), "page");
  }
  await page.goBack();
  await page.getByRole("heading", { level: 1, name: "Datenaustausch" }).waitFor();
  await page.goBack();
  await page.getByRole("heading", { level: 1, name: "Bericht" }).waitFor();
  await page.goForward();
  await page.getByRole("heading", { level: 1, name: "Datenaustausch" }).waitFor();
  // A page opened directly by its URL.
  await page.goto(env.server.url + "/kontakte");
  await page.getByRole("heading", { level: 1, name: "Beratungskontakte" }).waitFor();
  await page.goto(env.server.url + "/gibt-es-nicht");
  await page.getByRole("heading", { level: 1, name: "Seite nicht gefunden" }).waitFor();
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("after the first visit the app loads and works with the network off", async () => {
  const dir = await mkdtemp(join(tmpdir(), "kim-offline-"));
  const context = await launchProfile(dir);
  try {
    const page = await openApp(context, env.server.url);
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Kommunales Integrationsmanagement Rheine" }).waitFor();
    await goTo(page, "Einstellungen");
    // A deep link typed while offline is served from the cache as well.
    await page.goto(env.server.url + "/bericht");
    await page.getByRole("heading", { level: 1, name: "Bericht" }).waitFor();
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("the service worker is registered once the app has started, not while it starts", async () => {
  // Installing the worker downloads every file once more; registered while the app still
  // compiled and rendered, it made a first visit's first render slower.
  const context = await env.browser.newContext({ locale: "de-DE" });
  await context.addInitScript(() => {
    window.__registeredAfterStart = [];
    const register = navigator.serviceWorker.register.bind(navigator.serviceWorker);
    navigator.serviceWorker.register = (...args) => {
      window.__registeredAfterStart.push(document.querySelector("nav") !== null);
      return register(...args);
    };
  });
  const page = await context.newPage();
  await page.goto(env.server.url + "/");
  await waitForServiceWorker(page);
  assert.deepEqual(await page.evaluate(() => window.__registeredAfterStart), [true]);
  await context.close();
});

test("a new release replaces the old cache and the user is told an update is ready", async () => {
  const dir = await mkdtemp(join(tmpdir(), "kim-update-"));
  const context = await launchProfile(dir);
  try {
    const page = await openApp(context, env.server.url);
    await waitForServiceWorker(page);
    const oldCaches = await page.evaluate(() => caches.keys());
    assert.equal(oldCaches.length, 1);
    // Publish a "new release": same files, different release id.
    const sw = await readFile("dist/sw.js", "utf8");
    env.server.overrides.set("/sw.js", sw.replace(/const RELEASE = "[^"]+"/, 'const RELEASE = "next-release"'));
    try {
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
      await page.getByRole("status").getByText("Eine neue Version der App ist bereit.").waitFor();
      await Promise.all([
        page.waitForEvent("load"),
        page.getByRole("button", { name: "Neue Version laden" }).click(),
      ]);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      await page.waitForFunction(async () => {
        const keys = await caches.keys();
        return keys.length === 1 && keys[0] === "kim-next-release";
      });
    } finally {
      env.server.overrides.delete("/sw.js");
    }
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("stored data the app cannot read is kept aside, reported, and downloadable", async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, locale: "de-DE" });
  const page = await openApp(context, env.server.url);
  const broken = '{"schema_version": 1, "write_count": 3, "data": {"cases": [ this was edited by hand';
  await page.evaluate((text) => localStorage.setItem("kim-rheine.store", text), broken);
  await page.reload();
  const alert = page.getByRole("alert").filter({ hasText: "Gespeicherte Daten konnten nicht gelesen werden" });
  await alert.waitFor();
  const kept = await page.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith("kim-rheine.unreadable.")).map((k) => localStorage.getItem(k))
  );
  assert.deepEqual(kept, [broken]);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    alert.getByRole("button", { name: "Rohdaten herunterladen" }).click(),
  ]);
  assert.equal(await downloadText(download), broken);
  // Written by a newer version: also kept, with its own explanation.
  await page.evaluate(() => localStorage.setItem("kim-rheine.store", '{"schema_version": 999}'));
  await page.reload();
  await page.getByRole("alert").getByText("von einer neueren Version der App geschrieben").waitFor();
  // What was read is nothing: the device asks for a rule set again, the notice stays.
  await chooseBuiltInRules(page);
  await goTo(page, "Einstellungen");
  await page.getByRole("heading", { name: "Beiseitegelegte, nicht lesbare Daten" }).waitFor();
  // Both are listed; deleting one keeps the other, whose buttons then act on it.
  const entries = page.getByRole("listitem").filter({ has: page.getByRole("button", { name: "Herunterladen" }) });
  assert.equal(await entries.count(), 2);
  const firstKey = (await entries.first().locator("span").textContent()).split(" ")[0];
  await entries.first().getByRole("button", { name: "Löschen" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Rohdaten endgültig löschen" }).click();
  await page.waitForFunction(() => Object.keys(localStorage).filter((k) => k.startsWith("kim-rheine.unreadable.")).length === 1);
  assert.equal(await entries.count(), 1);
  const left = await page.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith("kim-rheine.unreadable.")));
  assert.notEqual(left, firstKey);
  assert.equal((await entries.first().locator("span").textContent()).split(" ")[0], left);
  const [remaining] = await Promise.all([
    page.waitForEvent("download"),
    entries.first().getByRole("button", { name: "Herunterladen" }).click(),
  ]);
  assert.equal(await downloadText(remaining), await page.evaluate((key) => localStorage.getItem(key), left));
  await context.close();
});

test("settings ask for persistent storage and show the quota used", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/einstellungen");
  await page.getByText(/^(gewährt|nicht gewährt|von diesem Browser nicht unterstützt)/).waitFor();
  await page.getByText(/ von .* belegt$/).waitFor();
  await context.close();
});

test("no page has a serious or critical accessibility violation (axe-core)", async () => {
  const context = await env.browser.newContext({ bypassCSP: true, locale: "de-DE" });
  const page = await openApp(context, env.server.url);
  const problems = [];
  for (const [name, path] of PAGES) {
    await page.goto(env.server.url + path);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    problems.push(...(await seriousAxeViolations(page, name)));
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test("storage full: the change stays in memory, the user is told and offered an export, nothing stored is lost", async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/kontakte");
  await page.getByLabel("Träger").selectOption({ label: "Caritas Rheine e. V." });
  await page.getByRole("button", { name: /^\+1 Kontakt zählen:/ }).first().click();
  await page.getByTestId("month-totals").getByRole("row", { name: /Caritas Rheine/ }).getByText("1").waitFor();
  const before = await page.evaluate(() => localStorage.getItem("kim-rheine.store"));
  // Fill the rest of the quota with other data.
  await fillStorage(page);
  await page.getByRole("button", { name: /^\+1 Kontakt zählen:/ }).first().click();
  const alert = page.getByRole("alert").filter({ hasText: "Der Speicher dieses Browsers ist voll" });
  await alert.waitFor();
  // The change is visible (kept in memory), the stored value is the old one.
  await page.getByTestId("month-totals").getByRole("row", { name: /Caritas Rheine/ }).getByText("2").waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem("kim-rheine.store")), before);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    alert.getByRole("button", { name: "Daten jetzt exportieren" }).click(),
  ]);
  const exported = JSON.parse(await downloadText(download));
  assert.equal(exported.data.contacts.length, 2);
  // Room again: saving again succeeds and the notice goes away.
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("filler.")).forEach((k) => localStorage.removeItem(k)));
  await saveAgainOnceThereIsRoom(alert);
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem("kim-rheine.store")));
  assert.equal(stored.data.contacts.length, 2);
  await context.close();
});

test("after a navigation the focus is on the new page's heading", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url);
  for (const name of ["Fälle", "Bericht", "Einstellungen", "Aufnahme"]) {
    await goTo(page, name);
    await page.waitForFunction((name) => document.activeElement?.tagName === "H1" && document.activeElement.textContent.trim() === name, name, { timeout: 5000 });
  }
  await context.close();
});

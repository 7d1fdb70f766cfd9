// Deployment under a sub-path: a build made with `trunk build --public-url /kim/` (the test
// command writes it to target/dist-kim) served under /kim/ only, as a city's web server
// would. Every page, every link, a reload of a deep link and offline use stay under /kim/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, launchBrowser, launchProfile, openApp, waitForServiceWorker, goTo } from "./support.mjs";

const DIST = "target/dist-kim";
const PAGES = [
  ["Übersicht", "/kim/"],
  ["Aufnahme", "/kim/aufnahme"],
  ["Fälle", "/kim/faelle"],
  ["Beratungskontakte", "/kim/kontakte"],
  ["Willkommensbesuche", "/kim/willkommensbesuche"],
  ["Bericht", "/kim/bericht"],
  ["Datenaustausch", "/kim/austausch"],
  ["Einstellungen", "/kim/einstellungen"],
];
const HOME = "Kommunales Integrationsmanagement Rheine";
const env = { server: null, browser: null };
before(async () => {
  env.server = await startServer({ dist: DIST, prefix: "/kim" });
  env.browser = await launchBrowser();
});
after(async () => {
  await env.browser?.close();
  await env.server?.close();
});

/** Paths of every link on the page that points into this origin (the skip link aside). */
function internalLinks(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("a[href]")]
      .map((a) => new URL(a.href, document.baseURI))
      .filter((url) => url.origin === location.origin && url.hash === "")
      .map((url) => url.pathname)
  );
}

test("under /kim/ every page is reachable, every link stays under /kim/, and a deep link reloads", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const outside = [];
  context.on("request", (request) => {
    const url = new URL(request.url());
    if (url.origin === new URL(env.server.url).origin && !url.pathname.startsWith("/kim/")) outside.push(url.pathname);
  });
  const page = await openApp(context, env.server.url, "/kim/");
  await page.getByRole("heading", { level: 1, name: HOME }).waitFor();
  for (const [name, path] of PAGES.slice(1)) {
    await goTo(page, name);
    assert.equal(new URL(page.url()).pathname, path);
    assert.match(await page.title(), new RegExp(`^${name} – KIM Rheine$`));
    for (const link of await internalLinks(page)) assert.ok(link.startsWith("/kim/"), `${name}: link to ${link}`);
  }
  await page.getByRole("navigation", { name: "Hauptnavigation" }).getByRole("link", { name: "Übersicht", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: HOME }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/kim/");
  for (const [name, path] of PAGES) {
    await page.goto(env.server.url + path);
    await page.getByRole("heading", { level: 1, name: name === "Übersicht" ? HOME : name }).waitFor();
  }
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Einstellungen" }).waitFor();
  await page.goto(env.server.url + "/kim/gibt-es-nicht");
  await page.getByRole("heading", { level: 1, name: "Seite nicht gefunden" }).waitFor();
  await page.getByRole("link", { name: "Zur Übersicht" }).click();
  await page.getByRole("heading", { level: 1, name: HOME }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/kim/");
  assert.deepEqual(outside, []);
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("under /kim/ the app works offline after the first visit", async () => {
  const dir = await mkdtemp(join(tmpdir(), "kim-subpath-"));
  const context = await launchProfile(dir);
  try {
    const page = await openApp(context, env.server.url, "/kim/faelle");
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Fälle" }).waitFor();
    await goTo(page, "Bericht");
    assert.equal(new URL(page.url()).pathname, "/kim/bericht");
    await page.goto(env.server.url + "/kim/kontakte");
    await page.getByRole("heading", { level: 1, name: "Beratungskontakte" }).waitFor();
    await page.goto(env.server.url + "/kim/");
    await page.getByRole("heading", { level: 1, name: HOME }).waitFor();
    assert.deepEqual(page.appErrors, []);
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
});

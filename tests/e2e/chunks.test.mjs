// Pages loaded when they are opened: the start page fetches only the start's code, each other
// page fetches its own chunk the first time it is opened (with a short loading state), every
// page opens offline once the service worker has stored the chunks, and a chunk that cannot be
// fetched shows a German message with "Erneut versuchen" and keeps the data.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, openApp, goTo, waitForServiceWorker } from "./support.mjs";

const env = useServerAndBrowser();

/** Every page of the navigation but the start page, with its path. */
const PAGES = [
  ["Aufnahme", "/aufnahme"],
  ["Fälle", "/faelle"],
  ["Beratungskontakte", "/kontakte"],
  ["Willkommensbesuche", "/willkommensbesuche"],
  ["Bericht", "/bericht"],
  ["Datenaustausch", "/austausch"],
  ["Einstellungen", "/einstellungen"],
  ["Datenschutz", "/datenschutz"],
];

/** The start page's heading. */
const HOME = "Kommunales Integrationsmanagement Rheine";

/** A page's chunk (`kim-report-….wasm`) or a shared one (`kim-chunk-12-….wasm`). */
const CHUNK = /\/kim-(?!loader-)[a-z]+(?:-\d+)?-[0-9a-f]{16}\.wasm$/;

/** The wasm files the page itself (not its service worker) asked for, by file name. */
function wasmRequests(page) {
  const seen = [];
  page.on("request", (request) => {
    if (request.url().endsWith(".wasm")) seen.push(new URL(request.url()).pathname.slice(1));
  });
  return seen;
}

test("the start page fetches no page's chunk; a page's first open fetches its own, with a loading state", async () => {
  const context = await env.browser.newContext({ serviceWorkers: "block" });
  const page = await context.newPage();
  const fetched = wasmRequests(page);
  await page.goto(env.server.url + "/");
  await page.getByRole("button", { name: /^Mitgeliefertes Regelwerk/ }).click();
  await page.getByRole("heading", { level: 1, name: HOME }).waitFor();
  assert.equal(fetched.length, 1, `the start fetched ${fetched.join(", ")}`);
  assert.match(fetched[0], /^kim-[0-9a-f]{16}_bg\.wasm$/);

  // The report's chunk, held back for a moment: the page says it is loading, never blank.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(/kim-report-[0-9a-f]{16}\.wasm$/, async (route) => {
    await held;
    await route.continue();
  });
  const nav = page.getByRole("navigation", { name: "Hauptnavigation" });
  await nav.getByRole("link", { name: "Bericht", exact: true }).click();
  await page.getByRole("status").filter({ hasText: "Seite wird geladen …" }).waitFor();
  release();
  await page.getByRole("heading", { level: 1, name: "Bericht" }).waitFor();
  assert.ok(fetched.some((name) => /^kim-report-/.test(name)), "the report's chunk was fetched");
  assert.ok(fetched.slice(1).every((name) => CHUNK.test("/" + name)), fetched.join(", "));
  // The focus goes to the page's heading once it has arrived, as after any navigation.
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), "H1");
  const before = fetched.length;
  await nav.getByRole("link", { name: "Übersicht", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: HOME }).waitFor();
  await goTo(page, "Bericht");
  assert.equal(fetched.length, before, "a chunk is fetched once");
  await context.close();
});

test("every page opens offline once the service worker has stored the chunks", async () => {
  const context = await env.browser.newContext();
  const page = await openApp(context, env.server.url, "/");
  await waitForServiceWorker(page);
  await context.setOffline(true);
  for (const [name] of PAGES.filter(([name]) => name !== "Datenschutz")) await goTo(page, name);
  // A fresh start offline, straight onto each page.
  for (const [name, path] of PAGES) {
    await page.goto(env.server.url + path);
    await page.getByRole("heading", { level: 1, name }).waitFor();
  }
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("a chunk that cannot be fetched: a message with 'Erneut versuchen', the data kept, no panic", async () => {
  const context = await env.browser.newContext({ serviceWorkers: "block" });
  const page = await openApp(context, env.server.url, "/");
  const stored = await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
  await page.route(/kim-report-[0-9a-f]{16}\.wasm$/, (route) => route.abort("internetdisconnected"));
  const nav = page.getByRole("navigation", { name: "Hauptnavigation" });
  await nav.getByRole("link", { name: "Bericht", exact: true }).click();
  const alert = page.getByRole("alert").filter({ hasText: "Diese Seite konnte nicht geladen werden" });
  await alert.waitFor();
  assert.match(await alert.textContent(), /Ihre Daten sind davon nicht betroffen/);
  // Trying again while it still fails shows the message again.
  await alert.getByRole("button", { name: "Erneut versuchen" }).click();
  await alert.waitFor();
  // The rest of the app goes on working, and nothing stored has changed.
  await nav.getByRole("link", { name: "Übersicht", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: HOME }).waitFor();
  assert.equal(await page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort())), stored);
  await nav.getByRole("link", { name: "Bericht", exact: true }).click();
  await alert.waitFor();
  // Back online: "Erneut versuchen" loads the page.
  await page.unroute(/kim-report-[0-9a-f]{16}\.wasm$/);
  await alert.getByRole("button", { name: "Erneut versuchen" }).click();
  await page.getByRole("heading", { level: 1, name: "Bericht" }).waitFor();
  // Chunk failures are logged by the loader as errors; nothing else went wrong (no panic).
  assert.deepEqual(page.appErrors.filter((e) => !/Failed to fetch|TypeError: fetch|ERR_INTERNET_DISCONNECTED/.test(e)), []);
  await context.close();
});

test("the build's files are served precompressed: brotli, else gzip, else the file itself", async () => {
  const { readdirSync, readFileSync } = await import("node:fs");
  const names = readdirSync("dist");
  const wasm = names.find((name) => /^kim-[0-9a-f]{16}_bg\.wasm$/.test(name));
  const chunk = names.find((name) => /^kim-report-[0-9a-f]{16}\.wasm$/.test(name));
  for (const name of [wasm, chunk, "index.html"]) {
    const original = readFileSync(`dist/${name}`);
    const get = (accept) => fetch(`${env.server.url}/${name}`, { headers: { "accept-encoding": accept } });
    for (const [accept, encoding] of [
      ["gzip, deflate, br, zstd", "br"],
      ["gzip, br;q=0", "gzip"],
      ["identity", null],
    ]) {
      const response = await get(accept);
      assert.equal(response.headers.get("content-encoding"), encoding, `${name} for "${accept}"`);
      assert.match(response.headers.get("vary") ?? "", /Accept-Encoding/i);
      // Node's fetch decodes the body as a browser does: the same bytes as the file.
      assert.ok(Buffer.from(await response.arrayBuffer()).equals(original), `${name} decoded for "${accept}"`);
    }
    assert.equal((await get("br")).headers.get("content-type"), name.endsWith(".wasm") ? "application/wasm" : "text/html; charset=utf-8");
  }
});

test("the report's computations over every case stay in the start's module, with the walks they call", async () => {
  // A call from a chunk into the start crosses wasm modules and is not inlined: the report's
  // tables took 33-40 instead of 26-30 ms with them in the report's chunk (docs/performance.md).
  // The split keeps a copy of the start's module with its function names (.ci/split.mjs).
  const { readFileSync } = await import("node:fs");
  const { targetDirectory } = await import("../../.ci/split.mjs");
  const names = readFileSync(`${targetDirectory()}/wasm-split/release/kim_bg.wasm`).toString("latin1");
  for (const name of ["kim::domain::report::cases::case_table", "kim::domain::report::case_work::period_tables", "kim::domain::case::History::fold"]) {
    assert.ok(names.includes(name), `${name} is in the start's module`);
  }
});

// The first visit and a later one on a phone profile, for the app and the bare Leptos counter
// side by side (and the build before the split, if one was built into target/dist-before):
// Chrome DevTools Protocol slows the CPU 4× and the network to 1.6 Mbit/s down, 750 kbit/s up
// and 150 ms latency. Every build is served the same way: precompressed files (brotli where
// the browser accepts it), as .ci/serve does.
// - first visit: a fresh browser profile opens the start page; navigation start to the start
//   page with its navigation (the first `h1` and the navigation landmark in the document),
//   and the bytes that came over the network for it;
// - later visit: the same profile opens it again once the app's service worker has stored
//   everything (the counter has none: its files come from the HTTP cache, revalidated);
// - opening each other page of the app for the first time, its chunk from the service
//   worker's cache: from the click on the navigation link to its heading, on the phone
//   profile and without slowing.
// Medians of several runs, the builds taking turns. A measurement, not a test.
// Usage: node .ci/bench-phone.mjs [runs]   (default 5; after `trunk build --release` here and in
// tests/bench/counter; .ci/bench does both)
import { cpSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, launchBrowser, openNavigation } from "../tests/e2e/support.mjs";
import { precompress } from "./compress.mjs";

const runs = Number(process.argv[2] ?? 5);
const PHONE = { cpu: 4, latency: 150, down: (1.6e6 / 8) | 0, up: (750e3 / 8) | 0 };

/** A copy of `dist` with compressed files beside the others (for builds made without them). */
function served(dist) {
  if (existsSync(join(dist, "index.html.br"))) return dist;
  const copy = mkdtempSync(join(tmpdir(), "kim-bench-"));
  cpSync(dist, copy, { recursive: true });
  precompress(copy);
  return copy;
}

// What "shown" means: the counter is one button in a navigation landmark; the app's start page
// is its heading with the navigation.
const APP_SHOWN = ["h1", "nav, [role=navigation]"];
const candidates = [
  { name: "counter", dist: "tests/bench/counter/dist", shown: ["nav, [role=navigation]"] },
  { name: "app, one file (before)", dist: "target/dist-before", shown: APP_SHOWN },
  { name: "app", dist: "dist", shown: APP_SHOWN },
];
const builds = [];
for (const build of candidates) {
  if (!existsSync(join(build.dist, "index.html"))) {
    if (build.name === "app, one file (before)") continue;
    console.error(`no build in ${build.dist}`);
    process.exit(1);
  }
  builds.push({ ...build, server: await startServer({ dist: served(build.dist) }) });
}

// In the page: resolves with the time (ms since navigation start) at which the document first
// holds an element for each selector of `shown`.
const WATCH = (shown) => `
  window.__shown = new Promise((resolve) => {
    const check = () => ${JSON.stringify(shown)}.every((selector) => document.querySelector(selector));
    if (check()) return resolve(performance.now());
    const observer = new MutationObserver(() => { if (check()) { observer.disconnect(); resolve(performance.now()); } });
    observer.observe(document, { childList: true, subtree: true });
  });
`;

async function throttled(context, page, phone) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  if (phone) {
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: PHONE.cpu });
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: PHONE.latency, downloadThroughput: PHONE.down, uploadThroughput: PHONE.up });
  }
}

/** The bytes that came over the network for the page so far (headers and compressed bodies). */
function transferred(page) {
  return page.evaluate(() =>
    performance.getEntriesByType("navigation").concat(performance.getEntriesByType("resource")).reduce((sum, entry) => sum + entry.transferSize, 0)
  );
}

/** From a click on the navigation link `name` to the page's heading, timed in the page. */
async function openPage(page, name) {
  const nav = await openNavigation(page);
  await page.evaluate((name) => {
    window.__opened = new Promise((resolve) => {
      let start;
      document.addEventListener("click", () => (start = performance.now()), { capture: true, once: true });
      const observer = new MutationObserver(() => {
        const heading = document.querySelector("main h1");
        if (start !== undefined && heading && heading.textContent === name) {
          observer.disconnect();
          resolve(performance.now() - start);
        }
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
  }, name);
  await nav.getByRole("link", { name, exact: true }).click();
  return page.evaluate(() => window.__opened);
}

const PAGES = ["Aufnahme", "Fälle", "Beratungskontakte", "Willkommensbesuche", "Bericht", "Datenaustausch", "Einstellungen"];
const browser = await launchBrowser();
const figures = new Map(builds.map((b) => [b.name, { first: [], bytes: [], later: [], pages: {}, phonePages: {} }]));
for (let i = 0; i < runs; i++) {
  for (const build of i % 2 ? [...builds].reverse() : builds) {
    const f = figures.get(build.name);
    if (process.env.KIM_BENCH_VERBOSE) console.error(`run ${i + 1}: ${build.name}`);
    const context = await browser.newContext({ viewport: { width: 360, height: 640 }, isMobile: true, hasTouch: true });
    await context.addInitScript(WATCH(build.shown));
    let page = await context.newPage();
    await throttled(context, page, true);
    await page.goto(build.server.url + "/");
    f.first.push(await page.evaluate(() => window.__shown));
    f.bytes.push(await transferred(page));
    if (build.name !== "counter") {
      // Everything stored by the service worker (it installs once the app has started).
      await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
        return registration.active?.state;
      });
      // The start asks for a rule set on a fresh device; the pages need one.
      await page.getByRole("button", { name: /^Mitgeliefertes Regelwerk/ }).click();
      await page.getByRole("heading", { level: 1, name: /^Kommunales Integrationsmanagement/ }).waitFor();
    }
    await page.close();
    page = await context.newPage();
    await throttled(context, page, true);
    await page.goto(build.server.url + "/");
    f.later.push(await page.evaluate(() => window.__shown));
    if (build.name !== "counter") {
      for (const name of PAGES) (f.phonePages[name] ??= []).push(await openPage(page, name));
      await page.close();
      // The same on a fresh page without slowing: each chunk comes from the worker's cache
      // again (a new page has none of them in memory).
      page = await context.newPage();
      await page.goto(build.server.url + "/");
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      for (const name of PAGES) (f.pages[name] ??= []).push(await openPage(page, name));
    }
    await context.close();
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (xs) => `${median(xs).toFixed(0)} ms`.padStart(8);
console.log(`phone profile (CPU ${PHONE.cpu}× slower, 1.6 Mbit/s down, ${PHONE.latency} ms latency), medians of ${runs}:`);
console.log(`${"".padEnd(26)} ${"first visit".padStart(12)} ${"transferred".padStart(12)} ${"later visit".padStart(12)}`);
for (const [name, f] of figures) {
  console.log(`${name.padEnd(26)} ${ms(f.first).padStart(12)} ${`${(median(f.bytes) / 1024).toFixed(0)} KB`.padStart(12)} ${ms(f.later).padStart(12)}`);
}
for (const [name, f] of figures) {
  if (!Object.keys(f.pages).length) continue;
  console.log(`${name}: opening a page for the first time, its chunk from the service worker's cache (click to heading), desktop / phone profile:`);
  for (const page of PAGES) console.log(`  ${page.padEnd(22)} ${ms(f.pages[page])} / ${ms(f.phonePages[page])}`);
}
await browser.close();
for (const build of builds) await build.server.close();

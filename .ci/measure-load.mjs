// First render of the release build against a minimal Leptos 0.8 counter (tests/bench/counter,
// same release profile), measured in the same run: navigation start to the first navigation
// landmark in the DOM, taken in the page by a MutationObserver (no polling from outside).
// Cold: a fresh browser context (nothing cached). Warm: a reload of the same context (the
// app's service worker, the browser's compiled-code cache). Median of several runs, the two
// builds taking turns. A measurement, not a test.
// Usage: [KIM_DIST=dir] node .ci/measure-load.mjs [runs]   (KIM_DIST: another build of the app; after `trunk build --release` here and in
// tests/bench/counter; .ci/bench does both)
import { existsSync } from "node:fs";
import { startServer, launchBrowser } from "../tests/e2e/support.mjs";

const runs = Number(process.argv[2] ?? 7);
const counterDist = "tests/bench/counter/dist";
if (!existsSync(counterDist)) {
  console.error(`no counter build in ${counterDist}: run \`trunk build --release\` in tests/bench/counter`);
  process.exit(1);
}

// Resolves, in the page, with the time (ms since navigation start) when the first navigation
// landmark was added to the document.
const WATCH = `
  window.__landmark = new Promise((resolve) => {
    const found = () => document.querySelector("nav, [role=navigation]");
    const check = () => { if (found()) { resolve(performance.now()); return true; } return false; };
    const observer = new MutationObserver(() => { if (check()) observer.disconnect(); });
    observer.observe(document, { childList: true, subtree: true });
  });
`;

const builds = [
  { name: "app", server: await startServer({ dist: process.env.KIM_DIST ?? "dist" }) },
  { name: "counter", server: await startServer({ dist: counterDist }) },
];
const browser = await launchBrowser();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const figures = Object.fromEntries(builds.map((b) => [b.name, { cold: [], warm: [] }]));
for (let i = 0; i < runs; i++) {
  for (const build of i % 2 ? [...builds].reverse() : builds) {
    const context = await browser.newContext();
    await context.addInitScript(WATCH);
    const page = await context.newPage();
    await page.goto(build.server.url + "/");
    figures[build.name].cold.push(await page.evaluate(() => window.__landmark));
    if (build.name === "app") await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    figures[build.name].warm.push(await page.evaluate(() => window.__landmark));
    await context.close();
  }
}
const app = figures.app;
const counter = figures.counter;
const ms = (xs) => `${median(xs).toFixed(0)} ms`;
console.log(`first render (navigation start to the navigation landmark), median of ${runs}:`);
console.log(`  cold: app ${ms(app.cold)}, counter ${ms(counter.cold)}, ratio ${(median(app.cold) / median(counter.cold)).toFixed(2)}× (target at most 1.5×)`);
console.log(`  warm: app ${ms(app.warm)}, counter ${ms(counter.warm)}, ratio ${(median(app.warm) / median(counter.warm)).toFixed(2)}×`);
await browser.close();
for (const build of builds) await build.server.close();

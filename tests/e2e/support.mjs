// Shared helpers for the end-to-end flows: a static server for the release build (with the
// single-page fallback every web server needs for this app), a headless Chromium from Debian,
// and small page helpers that find things the way a person does (roles, labels, text).
import { readFile } from "node:fs/promises";
import { chromium } from "playwright-core";
import { before, after } from "node:test";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const AXE_SOURCE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

/**
 * Runs axe-core (WCAG 2.1 A/AA rules) on the current page and returns the serious and
 * critical violations as readable lines. The page's context needs `bypassCSP: true`.
 */
export async function seriousAxeViolations(page, label) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate(async () =>
    window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
  );
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${label}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

// The static server of the release build (single-page fallback, precompressed files) is the
// one `.ci/serve` uses.
import { startServer } from "../../.ci/static-server.mjs";
export { startServer };

export const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  // Two tabs of one profile are tested side by side (as two windows on a desk): a tab in the
  // background must not have its timers and rendering throttled, or "clicks in the same
  // instant" would be a second apart.
  "--disable-background-timer-throttling",
  "--disable-renderer-backgrounding",
  "--disable-backgrounding-occluded-windows",
];

/** A headless Chromium (Debian's, never a downloaded one). */
export async function launchBrowser() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** A persistent profile: a "laptop" whose storage survives across pages and reloads. */
export async function launchProfile(userDataDir) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
    locale: "de-DE",
    timezoneId: "Europe/Berlin",
  });
}

/**
 * Opens the app at `path` and waits until it has rendered its first heading. A device without
 * a rule set asks for one first ("Regelwerk wählen"); with `rules: "built-in"` (the default)
 * the built-in one is chosen there as a person would, with `rules: null` the question is left
 * open for the test.
 */
export async function openApp(context, baseUrl, path = "/", { rules = "built-in" } = {}) {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.appErrors = errors;
  await page.goto(baseUrl + path);
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  if (rules === "built-in") await chooseBuiltInRules(page);
  return page;
}

/** On "Regelwerk wählen" (a device without a rule set), chooses the built-in rule set. */
export async function chooseBuiltInRules(page) {
  const heading = page.getByRole("heading", { level: 1, name: "Regelwerk wählen" });
  if (!(await heading.isVisible())) return;
  await page.getByRole("button", { name: /^Mitgeliefertes Regelwerk/ }).click();
  await heading.waitFor({ state: "detached" });
  await page.getByRole("heading", { level: 1 }).first().waitFor();
}

/** Waits until a service worker controls the page (it then serves the app offline). */
export async function waitForServiceWorker(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    }
  });
}

/** Reads a download's content as text. */
export async function downloadText(download) {
  const stream = await download.createReadStream();
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The main navigation, unfolded: on a narrow screen, where it is folded behind the "Menü"
 * button, that button is pressed first.
 */
export async function openNavigation(page) {
  const nav = page.getByRole("navigation", { name: "Hauptnavigation" });
  const menu = nav.getByRole("button", { name: "Menü" });
  if ((await menu.isVisible()) && (await menu.getAttribute("aria-expanded")) !== "true") await menu.click();
  return nav;
}

/**
 * Navigates through the main navigation, as a person would: on a narrow screen, where the
 * navigation is folded behind the "Menü" button, it opens the menu first.
 */
export async function goTo(page, name) {
  const nav = await openNavigation(page);
  await nav.getByRole("link", { name, exact: true }).click();
  await page.getByRole("heading", { level: 1, name }).waitFor();
}

/**
 * Starts the static server and a browser before the tests of a file and stops both after.
 * Returns an object whose `server` and `browser` are set once the tests run.
 */
export function useServerAndBrowser() {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

/** Fills the rest of the origin's local-storage quota with other keys (`filler.*`). */
export async function fillStorage(page) {
  await page.evaluate(() => {
    const chunk = "x".repeat(64 * 1024);
    for (let i = 0; ; i++) {
      try {
        localStorage.setItem("filler." + i, chunk);
      } catch {
        break;
      }
    }
    for (let size = 32 * 1024; size >= 16; size /= 2) {
      try {
        localStorage.setItem("filler.small." + size, "x".repeat(size));
      } catch {}
    }
  });
}

/**
 * After room was made in a full storage: the storage-full notice `alert` goes away. A save
 * already under way (e.g. the one an export's date started) may find the room first and clear
 * the notice itself; otherwise its "Erneut speichern" does.
 */
export async function saveAgainOnceThereIsRoom(alert) {
  await alert
    .getByRole("button", { name: "Erneut speichern" })
    .click({ timeout: 3000 })
    .catch(() => {});
  await alert.waitFor({ state: "detached" });
}

/**
 * Clicks the button whose accessible text starts with `prefix`, `times` times, every `every`
 * ms, the first click at the epoch millisecond `at`. Runs inside the page, so two pages given
 * the same `at` click in the same instant.
 */
export function scheduleClicks(page, prefix, at, times, every) {
  return page.evaluate(
    ({ prefix, at, times, every }) =>
      new Promise((resolve) => {
        const name = (b) => (b.getAttribute("aria-label") ?? b.textContent).trim();
        const button = [...document.querySelectorAll("button")].find((b) => name(b).startsWith(prefix));
        if (!button) throw new Error("no button " + prefix);
        let done = 0;
        for (let i = 0; i < times; i++) {
          setTimeout(() => {
            button.click();
            if (++done === times) resolve();
          }, Math.max(0, at + i * every - Date.now()));
        }
      }),
    { prefix, at, times, every }
  );
}

// Mutated files through the real import pages: no file may crash the app (a panic in the
// wasm shows as a page error, "RuntimeError: unreachable"). Every export file is either
// refused with a German message or previewed; a previewed one is applied and the report and
// the case list are rendered with it. Every rule-set file is refused or accepted; an
// accepted one is taken over and the intake, report and settings pages render with it.
// The mutations come from a seeded generator, so a failure names a file that can be rebuilt.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { useServerAndBrowser, downloadText, chooseBuiltInRules } from "./support.mjs";

const env = useServerAndBrowser();
const FIXTURE = "tests/fixtures/report/domain-md-export.json";
const KREIS = "tests/fixtures/rules/kreis-wiesental.json";
const EXPORT_FILES = 48;
const RULE_FILES = 24;

/** A small seeded PRNG (mulberry32). */
function generator(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: (xs) => xs[Math.floor(next() * xs.length)], int: (n) => Math.floor(next() * n) };
}

const NUMBERS = [0, -1, 1.5, 2147483647, 4294967295, 4294967296, 9007199254740993, 1e308, -1e308];
const STRINGS = [
  "+262142-12-31", "-262143-01-01", "0000-01-01", "9999-12-31", "2022-02-30", "2023-13", "",
  "x".repeat(5000), "🙂", "<img src=x onerror=alert(1)>", "=HYPERLINK(\"x\")", "1999-12-31", "2101-01-01",
];
const VALUES = [null, [], {}, true, "text", 0, [[[[]]]]];

/** Every path to a value inside `value`. */
function paths(value, prefix = []) {
  const out = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function at(root, path) {
  return path.reduce((v, k) => v?.[k], root);
}

/** One to three structural mutations, or a text-level one, of `base` (a JSON value). */
function mutate(base, rng) {
  const root = structuredClone(base);
  const all = paths(root).filter((p) => p.length > 0);
  const rounds = 1 + rng.int(3);
  for (let r = 0; r < rounds; r++) {
    const path = rng.pick(all);
    const parent = at(root, path.slice(0, -1));
    const key = path.at(-1);
    if (parent === undefined || parent === null || typeof parent !== "object") continue;
    const current = parent[key];
    switch (rng.int(6)) {
      case 0:
        parent[key] = typeof current === "number" ? rng.pick(NUMBERS) : rng.pick(STRINGS);
        break;
      case 1:
        parent[key] = typeof current === "string" ? rng.pick(STRINGS) : rng.pick(NUMBERS);
        break;
      case 2:
        if (Array.isArray(parent)) parent.splice(key, 1);
        else delete parent[key];
        break;
      case 3:
        parent[key] = structuredClone(rng.pick(VALUES));
        break;
      case 4:
        if (Array.isArray(parent)) parent.push(structuredClone(current));
        else parent[key] = current;
        break;
      default:
        if (Array.isArray(current) && current.length > 0) current.push(structuredClone(current[0]));
        else parent[key] = rng.pick(NUMBERS);
    }
  }
  let text = JSON.stringify(root);
  switch (rng.int(8)) {
    case 0:
      text = text.slice(0, rng.int(text.length));
      break;
    case 1: {
      const i = rng.int(text.length);
      text = text.slice(0, i) + String.fromCharCode(text.charCodeAt(i) ^ (1 << rng.int(7))) + text.slice(i + 1);
      break;
    }
    default:
  }
  return text;
}

/** Records page errors; a wasm trap is one. */
function watch(page) {
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  return errors;
}

async function fresh(page, path) {
  await page.evaluate(() => localStorage.clear());
  await page.goto(env.server.url + path);
  await page.getByRole("heading", { level: 1 }).first().waitFor();
}

async function visit(page, path) {
  await page.goto(env.server.url + path);
  await page.getByRole("heading", { level: 1 }).first().waitFor();
}

test(`${EXPORT_FILES} mutated export files: each refused or previewed, none crashes the app`, async () => {
  const base = JSON.parse(await readFile(FIXTURE, "utf8"));
  const rng = generator(15);
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await context.newPage();
  const errors = watch(page);
  await page.goto(env.server.url + "/austausch");
  // Confirmations (replace) are answered "go ahead" so the import runs.
  page.on("dialog", (dialog) => dialog.accept());
  let refused = 0;
  let applied = 0;
  for (let i = 0; i < EXPORT_FILES; i++) {
    const text = mutate(base, rng);
    await fresh(page, "/austausch");
    await page.getByLabel("Exportdatei wählen").setInputFiles({ name: `mutation-${i}.json`, mimeType: "application/json", buffer: Buffer.from(text) });
    const outcome = page.locator('[data-testid="import-preview"], .notice-error, [role="alert"]').first();
    await outcome.waitFor({ timeout: 10000 });
    const apply = page.getByRole("button", { name: "Import übernehmen" });
    if ((await page.getByTestId("import-preview").count()) > 0 && (await apply.count()) > 0 && (await apply.isEnabled())) {
      await apply.click();
      await page.getByText(/wurde (zusammengeführt|übernommen)/).waitFor();
      applied++;
      for (const path of ["/bericht", "/faelle", "/kontakte", "/willkommensbesuche", "/"]) await visit(page, path);
    } else {
      refused++;
    }
    assert.deepEqual(errors, [], `mutation ${i} (seed 15): ${text.slice(0, 300)}`);
  }
  console.log(`mutated export files: ${EXPORT_FILES} (${refused} refused or previewed without a change, ${applied} applied and rendered), no page error`);
  await context.close();
});

test(`${RULE_FILES} mutated rule-set files: each refused or accepted, none crashes the app`, async () => {
  const rng = generator(12);
  const context = await env.browser.newContext({ acceptDownloads: true, locale: "de-DE" });
  const page = await context.newPage();
  const errors = watch(page);
  await page.goto(env.server.url + "/einstellungen");
  await page.getByRole("heading", { level: 1 }).first().waitFor();
  await chooseBuiltInRules(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Regelwerk exportieren" }).click()]);
  // Half from the built-in rule set, half from the Kreis fixture (dated scopes, referral texts).
  const bases = [JSON.parse(await downloadText(download)), JSON.parse(await readFile(KREIS, "utf8"))];
  let accepted = 0;
  for (let i = 0; i < RULE_FILES; i++) {
    const text = mutate(bases[i % 2], rng);
    const file = { name: `regeln-${i}.json`, mimeType: "application/json", buffer: Buffer.from(text) };
    // Alternately on a fresh device's first start and in Einstellungen of a device with rules.
    const firstStart = i % 4 < 2;
    await fresh(page, "/einstellungen");
    if (firstStart) {
      await page.getByLabel("Regelwerk-Datei öffnen (JSON)").setInputFiles(file);
    } else {
      await chooseBuiltInRules(page);
      await page.getByLabel("Regelwerk importieren (JSON-Datei)").setInputFiles(file);
    }
    await page.getByText(/^(Das Regelwerk wurde nicht übernommen|Die Datei konnte nicht gelesen werden|Regelwerk für )/).first().waitFor({ timeout: 10000 });
    const take = firstStart
      ? page.getByRole("button", { name: /^Regelwerk „.*“ verwenden$/ })
      : page.getByRole("button", { name: "Übernehmen", exact: true });
    if ((await take.count()) > 0) {
      await take.click();
      if (firstStart) await page.getByRole("heading", { level: 1, name: "Einstellungen" }).waitFor();
      else await page.getByText("Das Regelwerk wurde übernommen.").waitFor();
      accepted++;
      for (const path of ["/aufnahme", "/bericht", "/kontakte", "/willkommensbesuche", "/einstellungen"]) await visit(page, path);
    }
    assert.deepEqual(errors, [], `rule-set mutation ${i} (seed 12): ${text.slice(0, 300)}`);
  }
  console.log(`mutated rule-set files: ${RULE_FILES} (${accepted} accepted and rendered), no page error`);
  await context.close();
});

// Two tabs of one browser profile share one local storage. Their saves run one at a time
// under a Web Lock (read, merge, write), so clicks in both tabs at the same instant keep
// every record; a document another tab wrote that this release cannot read (a newer
// release's, say) is kept aside and never overwritten.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, openApp, goTo, scheduleClicks } from "./support.mjs";
import { fillIntake, COMPLEX_LINKS } from "./pages.mjs";

const env = useServerAndBrowser();
const RUNS = Number(process.env.KIM_TAB_RUNS ?? 5);
const STORE = "kim-rheine.store";

/** The stored document as the app wrote it (plain JSON at this size). */
async function storedDocument(page) {
  return JSON.parse(await page.evaluate((key) => localStorage.getItem(key), STORE));
}

/** Chooses the provider whose contacts the tests count on Beratungskontakte. */
async function chooseProvider(page) {
  await page.getByLabel("Träger").selectOption({ label: "Caritas Rheine e. V." });
}

/** Counts one short contact for that provider (the first "+1" button). */
async function countContact(page) {
  await chooseProvider(page);
  await page.getByRole("button", { name: /^\+1 Kontakt zählen:/ }).first().click();
}

/**
 * The count of stored records once saving has settled: polls until it reaches `expected` or
 * stops changing for two seconds, whichever comes first.
 */
async function settled(page, count, expected) {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const now = count(await storedDocument(page));
    if (now === expected) return now;
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since > 2000) {
      return now;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("two tabs counting 30 contacts each in the same instants keep all 60", async () => {
  const results = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await env.browser.newContext({ locale: "de-DE" });
    const tabs = [await openApp(context, env.server.url, "/kontakte"), await openApp(context, env.server.url, "/kontakte")];
    for (const tab of tabs) await chooseProvider(tab);
    const at = Date.now() + 300;
    await Promise.all(tabs.map((tab) => scheduleClicks(tab, "+1 Kontakt zählen:", at, 30, 7)));
    const kept = await settled(tabs[0], (doc) => doc.data.contacts.length, 60);
    results.push(kept);
    // What a person sees in a third tab.
    const third = await openApp(context, env.server.url, "/kontakte");
    await chooseProvider(third);
    await third.getByTestId("month-totals").getByRole("row", { name: /Caritas Rheine/ }).getByText("60").waitFor();
    for (const tab of [...tabs, third]) assert.deepEqual(tab.appErrors, []);
    await context.close();
  }
  console.log(`two tabs, 2 x 30 contacts per run, kept: ${results.join(", ")}`);
  assert.deepEqual(results, Array(RUNS).fill(60));
});

test("two tabs admitting 15 cases each in the same instants keep all 30", async () => {
  const results = [];
  for (let run = 0; run < RUNS; run++) {
    const context = await env.browser.newContext({ locale: "de-DE" });
    const tabs = [await openApp(context, env.server.url, "/aufnahme"), await openApp(context, env.server.url, "/aufnahme")];
    for (let round = 0; round < 15; round++) {
      // Filled one after the other, each tab in front while it is filled (Playwright's
      // checks wait for frames a hidden tab does not render); then both admit at once.
      for (const tab of tabs) {
        await tab.bringToFront();
        const fresh = tab.getByRole("button", { name: "Neue Prüfung" });
        if (await fresh.isVisible()) await fresh.click();
        await fillIntake(tab, { ...COMPLEX_LINKS, date: "2023-03-01" });
        await tab.getByRole("button", { name: "In das Case Management aufnehmen" }).waitFor();
      }
      const at = Date.now() + 150;
      await Promise.all(tabs.map((tab) => scheduleClicks(tab, "In das Case Management aufnehmen", at, 1, 0)));
    }
    const kept = await settled(tabs[0], (doc) => doc.data.cases.length, 30);
    results.push(kept);
    await goTo(tabs[0], "Fälle");
    await tabs[0].getByTestId("case-counts").getByText(/^30 Fälle/).waitFor();
    for (const tab of tabs) assert.deepEqual(tab.appErrors, []);
    await context.close();
  }
  console.log(`two tabs, 2 x 15 admissions per run, kept: ${results.join(", ")}`);
  assert.deepEqual(results, Array(RUNS).fill(30));
});

test("a newer release's document written by another tab is kept aside and survives a save", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const tab = await openApp(context, env.server.url, "/kontakte");
  await countContact(tab);
  await tab.waitForFunction((key) => localStorage.getItem(key) !== null, STORE);
  // Another tab of a newer release writes its document (a schema version this one lacks).
  const newer = JSON.stringify({ schema_version: 999, write_count: 50, data: { from: "the future" } });
  const other = await context.newPage();
  await other.goto(env.server.url + "/sw.js");
  await other.evaluate(({ key, text }) => localStorage.setItem(key, text), { key: STORE, text: newer });
  // The first tab is told, and keeps its hands off.
  await tab.getByRole("alert").getByText("von einer neueren Version der App geschrieben").waitFor();
  await tab.getByRole("alert").getByText("speichert dieses Fenster nicht mehr").waitFor();
  await tab.getByRole("button", { name: /^\+1 Kontakt zählen:/ }).first().click();
  await tab.getByTestId("month-totals").getByRole("row", { name: /Caritas Rheine/ }).getByText("2").waitFor();
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await tab.evaluate((key) => localStorage.getItem(key), STORE), newer);
  const kept = await tab.evaluate(() =>
    Object.keys(localStorage).filter((k) => k.startsWith("kim-rheine.unreadable.")).map((k) => localStorage.getItem(k))
  );
  assert.deepEqual(kept, [newer]);
  // The export still offers this tab's data.
  await tab.getByRole("alert").getByRole("button", { name: "Daten jetzt exportieren" }).waitFor();
  await context.close();
});

test("a change followed at once by a reload is kept (the save does not wait for the lock)", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const tab = await openApp(context, env.server.url, "/kontakte");
  for (let i = 1; i <= 5; i++) {
    await countContact(tab);
    await tab.reload();
    await tab.getByRole("heading", { level: 1, name: "Beratungskontakte" }).waitFor();
    await chooseProvider(tab);
    await tab.getByTestId("month-totals").getByRole("row", { name: /Caritas Rheine/ }).getByText(String(i)).waitFor();
  }
  assert.equal((await storedDocument(tab)).data.contacts.length, 5);
  await context.close();
});

test("with a register stored in parts, two tabs counting in the same instants keep every contact", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const first = await openApp(context, env.server.url, "/kontakte");
  await countContact(first);
  await first.waitForFunction((key) => localStorage.getItem(key) !== null, STORE);
  // 1,200 more contacts of the same month, stored in one piece as an earlier release did; the
  // next save writes the register in parts (from 1,000 records).
  await first.evaluate((key) => {
    const doc = JSON.parse(localStorage.getItem(key));
    const [one] = doc.data.contacts;
    for (let i = 0; i < 1200; i++) doc.data.contacts.push({ ...one, id: (0x100000 + i).toString(16).padStart(16, "0") });
    localStorage.setItem(key, JSON.stringify(doc));
  }, STORE);
  await first.reload();
  await countContact(first);
  await first.waitForFunction((key) => localStorage.getItem(key).startsWith("kim-p1:"), STORE);
  // Both tabs open the register in parts; one counts at once (before its chunks are
  // confirmed), then both count in the same instants.
  await first.reload();
  const second = await openApp(context, env.server.url, "/kontakte");
  for (const tab of [first, second]) await chooseProvider(tab);
  await second.getByRole("button", { name: /^\+1 Kontakt zählen:/ }).first().click();
  await new Promise((r) => setTimeout(r, 1000));
  const at = Date.now() + 300;
  await Promise.all([first, second].map((tab) => scheduleClicks(tab, "+1 Kontakt zählen:", at, 20, 11)));
  // 1 + 1,200 + 1 + 1 + 2 x 20, as a third tab shows once saving has settled.
  const third = await openApp(context, env.server.url, "/kontakte");
  await chooseProvider(third);
  const row = third.getByTestId("month-totals").getByRole("row", { name: /Caritas Rheine/ });
  for (let tries = 0; ; tries++) {
    const text = await row.textContent();
    if (/1\.?243/.test(text)) break;
    assert.ok(tries < 50, `the third tab shows ${text}`);
    await new Promise((r) => setTimeout(r, 200));
    await third.reload();
    await chooseProvider(third);
  }
  assert.ok((await third.evaluate((key) => localStorage.getItem(key), STORE)).startsWith("kim-p1:"));
  for (const tab of [first, second, third]) assert.deepEqual(tab.appErrors, []);
  await context.close();
});

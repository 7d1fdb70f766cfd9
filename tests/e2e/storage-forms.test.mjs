// A register stored in parts by a release before the case rows (its cases' chunks as the
// objects of the export file) opens with every case and event, and the next save writes its
// cases as rows (`storage::parts::case_rows`), which open the same.
import { test } from "node:test";
import assert from "node:assert/strict";
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { useServerAndBrowser, openApp, goTo } from "./support.mjs";

const env = useServerAndBrowser();
const STORE = "kim-rheine.store";
const CHUNK = 256;
const CASES = 1100;

/** A part of a text in parts: base64 of the raw DEFLATE stream of its JSON. */
const pack = (value) => deflateRawSync(Buffer.from(JSON.stringify(value))).toString("base64");
const unpack = (part) => JSON.parse(inflateRawSync(Buffer.from(part, "base64")).toString("utf8"));

/** The `n`th case code in Crockford's base 32, as the app writes them. */
function code(n) {
  const digits = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  let text = "";
  for (let i = 0; i < 8; i++, n = Math.floor(n / 32)) text = digits[n % 32] + text;
  return `${text.slice(0, 4)}-${text.slice(4)}`;
}

/** Case `n`, in the export's objects: every third deactivated, every fifth handed over. */
function caseAsObjects(n) {
  const id = (k) => (n * 8 + k).toString(16).padStart(16, "0");
  const events = [{
    id: id(0), date: "2023-01-02", recorded_at: 1,
    kind: { type: "admitted", area: "links", provider: "caritas", problems: ["rent-debts"], parties: [], way_in: "abh", against_suggestion: null },
  }];
  if (n % 3 === 0) events.push({ id: id(1), date: "2023-02-01", recorded_at: 2, kind: { type: "deactivated", reason: "no-contact" } });
  if (n % 5 === 0) events.push({ id: id(2), date: "2023-03-01", recorded_at: 3, kind: { type: "handed_over", to: "lernen-foerdern", rule_change: true } });
  return { code: code(n), events };
}

/** The stored text's parts, head first, as JSON. */
async function storedParts(page) {
  const text = await page.evaluate((key) => localStorage.getItem(key), STORE);
  assert.ok(text.startsWith("kim-p1:"), text.slice(0, 20));
  return text.slice("kim-p1:".length).split(".").map(unpack);
}

/** Opens the app and checks the register: 1,100 cases, of which cases 0, 3, …, 1,098 (367)
 * deactivated. */
async function expectRegister(page) {
  await page.goto(env.server.url + "/");
  await page.getByTestId("home-totals").getByText(/1\.100 Fälle/).waitFor();
  await goTo(page, "Fälle");
  await page.getByTestId("case-counts").getByText(/1\.100 Fälle, davon 733 aktiv und 367 abgemeldet/).waitFor();
}

test("a register whose cases were stored as objects opens unchanged and is saved as rows", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/kontakte");
  await page.getByLabel("Träger").selectOption({ label: "Caritas Rheine e. V." });
  await page.getByRole("button", { name: /^\+1 Kontakt zählen:/ }).first().click();
  await page.waitForFunction((key) => localStorage.getItem(key) !== null, STORE);
  const doc = JSON.parse(await page.evaluate((key) => localStorage.getItem(key), STORE));

  // The text the release before wrote: the head (without a form for the cases), four chunks
  // of cases as objects, one of contacts.
  const { cases: _c, contacts, visits: _v, ...headData } = doc.data;
  const cases = Array.from({ length: CASES }, (_, n) => caseAsObjects(n));
  const head = { ...doc, parts: { cases: CASES, contacts: contacts.length, visits: 0 }, data: headData };
  const chunks = [];
  for (let i = 0; i < CASES; i += CHUNK) chunks.push(pack(cases.slice(i, i + CHUNK)));
  const before = "kim-p1:" + [pack(head), ...chunks, pack(contacts)].join(".");
  await page.evaluate(({ key, text }) => localStorage.setItem(key, text), { key: STORE, text: before });
  await expectRegister(page);

  // The next change saves: every chunk of cases written anew, as rows.
  await goTo(page, "Beratungskontakte");
  await page.getByLabel("Träger").selectOption({ label: "Caritas Rheine e. V." });
  await page.getByRole("button", { name: /^\+1 Kontakt zählen:/ }).first().click();
  await page.waitForFunction(
    ({ key, before }) => localStorage.getItem(key) !== before,
    { key: STORE, before },
  );
  const [savedHead, ...savedChunks] = await storedParts(page);
  // Form 2 (rows that may hold sessions); these cases have none, so their rows are those of form 1.
  assert.equal(savedHead.parts.case_form, 2);
  assert.equal(savedChunks.length, 6);
  const [firstRow] = savedChunks[0];
  assert.deepEqual(firstRow, [code(0), [
    [cases[0].events[0].id, "2023-01-02", 1, { admitted: ["links", "caritas", ["rent-debts"], [], "abh", null, null] }],
    [cases[0].events[1].id, "2023-02-01", 2, { deactivated: "no-contact" }],
    [cases[0].events[2].id, "2023-03-01", 3, { handed_over: ["lernen-foerdern", true] }],
  ]]);
  assert.equal(savedChunks.slice(0, 5).flat().length, CASES);

  // Opened again from the rows: the same register.
  await expectRegister(page);
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

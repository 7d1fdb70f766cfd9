// The daily path with the keyboard alone: an intake check, the admission, a status change
// (abmelden), the status back (wieder aktiv) and a handover, moving only with Tab, arrow
// keys, Space, Enter and typing, the way a person without a mouse works. Prints how many key
// presses the whole path took (a figure for the closing note, not a timed assertion).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, openApp } from "./support.mjs";

const env = useServerAndBrowser();

/** Counts every key press sent through it. */
function keyboard(page) {
  const counter = { presses: 0 };
  counter.press = async (key) => {
    counter.presses++;
    await page.keyboard.press(key);
  };
  counter.type = async (text) => {
    counter.presses += text.length;
    await page.keyboard.type(text);
  };
  return counter;
}

/** What the focused element is called: its label, aria-label or text. */
function focusedName(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el) return "";
    const labelled = el.getAttribute("aria-label");
    if (labelled) return labelled.trim();
    if (el.labels && el.labels.length > 0) return el.labels[0].textContent.trim();
    return (el.textContent ?? "").trim();
  });
}

/** Presses Tab until the focused element's name matches `name` (at most 150 presses). */
async function tabTo(page, keys, name) {
  for (let i = 0; i < 150; i++) {
    const current = await focusedName(page);
    if (typeof name === "string" ? current === name : name.test(current)) return;
    await keys.press("Tab");
  }
  throw new Error(`Tab never reached ${name}; focus is on "${await focusedName(page)}"`);
}

/** In a radio group with focus on one of its radios, moves with the arrow keys to `name`. */
async function arrowTo(page, keys, name) {
  for (let i = 0; i < 20; i++) {
    if ((await focusedName(page)) === name) {
      if (!(await page.evaluate(() => document.activeElement.checked))) await keys.press("Space");
      return;
    }
    await keys.press("ArrowDown");
  }
  throw new Error(`no radio ${name}`);
}

test("intake, admission, abmelden, wieder aktiv and handover with the keyboard alone", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/aufnahme");
  const keys = keyboard(page);
  // Start from the page's heading, where navigation leaves the focus.
  await page.getByRole("heading", { level: 1, name: "Aufnahme" }).focus();

  await tabTo(page, keys, /^Rheine (links|rechts) der Ems$|^außerhalb/);
  await arrowTo(page, keys, "Rheine links der Ems");
  for (const choice of ["Mietschulden", "Schulprobleme", "Jobcenter Kreis Steinfurt", "Ausländerbehörde"]) {
    await tabTo(page, keys, choice);
    await keys.press("Space");
  }
  await tabTo(page, keys, /^Nein, bei keinem anderen Dienst$|^Ja/);
  await arrowTo(page, keys, "Nein, bei keinem anderen Dienst");
  await tabTo(page, keys, /^Migrationsberatungsdienste$|^Ausländerbehörde$|^Jobcenter|^auf eigene Initiative$|^anderer Weg$/);
  await arrowTo(page, keys, "auf eigene Initiative");
  await tabTo(page, keys, /^(Ja|Nein)$/);
  await arrowTo(page, keys, "Ja");
  await tabTo(page, keys, "In das Case Management aufnehmen");
  await keys.press("Enter");
  const code = (await page.getByTestId("case-code").textContent()).trim();
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  // To the case list, and the case by its code.
  await tabTo(page, keys, "Zur Fallliste");
  await keys.press("Enter");
  await page.getByRole("heading", { level: 1, name: "Fälle" }).waitFor();
  await tabTo(page, keys, "Fallcode suchen");
  await keys.type(code.replace("-", "").toLowerCase());
  await keys.press("Enter");
  const detail = page.getByRole("region", { name: `Fall ${code}` });
  await detail.waitFor();

  await tabTo(page, keys, "Grund der Abmeldung");
  await keys.press("ArrowDown");
  await tabTo(page, keys, "Fall abmelden");
  await keys.press("Enter");
  await detail.getByText("Der Fall ist jetzt abgemeldet.").waitFor();

  await tabTo(page, keys, "Wieder aktiv setzen");
  await keys.press("Enter");
  await detail.getByText("Der Fall ist wieder aktiv.").waitFor();

  await tabTo(page, keys, "Übergabe an Träger");
  await keys.press("ArrowDown");
  await keys.press("ArrowDown");
  await tabTo(page, keys, "Übergeben");
  await keys.press("Enter");
  await detail.getByText(/^Der Fall wurde an .* übergeben\.$/).waitFor();
  const history = await detail.getByTestId("history").getByRole("listitem").allTextContents();
  assert.equal(history.length, 4, history.join("\n"));
  console.log(`keyboard only: intake → admission → abmelden → wieder aktiv → handover in ${keys.presses} key presses`);
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

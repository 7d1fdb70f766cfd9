// Case register, short contacts and welcome visits: the daily record, kept as dated history.
// The case list: search by code, filters, sort and page kept in the address, focus after each
// action, errors at their fields, the empty list.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useServerAndBrowser, launchProfile, openApp, waitForServiceWorker, goTo } from "./support.mjs";
import { fillIntake, admit, COMPLEX_LINKS } from "./pages.mjs";

const env = useServerAndBrowser();
const FIXTURE = "tests/fixtures/report/domain-md-export.json";

/** Imports an export file (as a parsed object) through *Datenaustausch*, merging. */
async function importExport(page, data) {
  await page.getByLabel("Exportdatei wählen").setInputFiles({ name: "export.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(data)) });
  await page.getByRole("button", { name: "Import übernehmen" }).click();
  await page.getByText(/wurde zusammengeführt/).waitFor();
}

/** Waits until `locator`'s element has the focus. */
async function focusedIs(page, locator) {
  const handle = await locator.elementHandle();
  await page.waitForFunction((element) => document.activeElement === element, handle);
}

/** Asserts that the field's description (`aria-describedby`) reads `text`. */
async function assertDescribedBy(page, field, text) {
  const ids = await field.getAttribute("aria-describedby");
  assert.ok(ids, "the field has a description");
  const described = await page.evaluate((list) => list.split(" ").map((id) => document.getElementById(id)?.textContent.trim()).join(" "), ids);
  assert.equal(described, text);
}

async function admitOn(page, date, area = COMPLEX_LINKS.area) {
  await goTo(page, "Aufnahme");
  await fillIntake(page, { ...COMPLEX_LINKS, area, date });
  return admit(page);
}

test("status changes are dated events; wrong entries are shown at their field; focus follows the result; delete asks first", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url);
  const code = await admitOn(page, "2023-02-01");
  await goTo(page, "Fälle");
  // One page of cases: both paging buttons exist and are disabled.
  assert.ok(await page.getByRole("button", { name: "Nächste Seite", exact: true }).isDisabled());
  assert.ok(await page.getByRole("button", { name: "Vorherige Seite", exact: true }).isDisabled());
  await page.getByText("Seite 1 von 1").waitFor();
  assert.equal(await page.getByTestId("case-counts").textContent(), "1 Fall, davon 1 aktiv und 0 abgemeldet.");
  // At narrow widths the table becomes cards: every cell carries its column's name.
  const row = page.getByTestId("case-table").getByRole("row").filter({ hasText: code });
  assert.deepEqual(
    await row.getByRole("cell").evaluateAll((cells) => cells.map((c) => c.dataset.label)),
    ["Fallcode", "Träger", "Regionalbereich", "Aufgenommen am", "Status", "Letzte Änderung", "Letzter Termin"]
  );
  await page.getByRole("button", { name: code }).click();
  const detail = page.getByRole("region", { name: `Fall ${code}` });
  await detail.waitFor();
  // The detail opens where the user is looking: its heading has the focus.
  await focusedIs(page, detail.getByRole("heading", { name: `Fall ${code}` }));

  // No reason chosen: the field says so, is marked invalid and takes the focus.
  const reason = detail.getByLabel("Grund der Abmeldung");
  await detail.getByRole("button", { name: "Fall abmelden" }).click();
  await detail.getByText("Bitte den Grund der Abmeldung wählen.").waitFor();
  assert.equal(await reason.getAttribute("aria-invalid"), "true");
  await focusedIs(page, reason);
  await assertDescribedBy(page, reason, "Bitte den Grund der Abmeldung wählen.");
  await reason.selectOption({ label: "Umzug" });
  assert.equal(await reason.getAttribute("aria-invalid"), null);

  // Before the admission: refused at the date field, which takes the focus.
  const date = detail.getByLabel("Datum der Änderung");
  await date.fill("2023-01-15");
  await detail.getByRole("button", { name: "Fall abmelden" }).click();
  await detail.getByText("Das Datum liegt vor der Aufnahme des Falls.").waitFor();
  assert.equal(await date.getAttribute("aria-invalid"), "true");
  await focusedIs(page, date);
  await assertDescribedBy(page, date, "Das Datum liegt vor der Aufnahme des Falls.");
  // In the future: refused.
  await date.fill("2999-01-01");
  await detail.getByRole("button", { name: "Fall abmelden" }).click();
  await detail.getByText("Das Datum liegt in der Zukunft.").waitFor();
  // A valid date: the focus moves to the message.
  await date.fill("2023-03-10");
  await detail.getByRole("button", { name: "Fall abmelden" }).click();
  await detail.getByText("Der Fall ist jetzt abgemeldet.").waitFor();
  assert.equal(await date.getAttribute("aria-invalid"), null);
  await page.waitForFunction(() => document.activeElement?.textContent === "Der Fall ist jetzt abgemeldet.", null, { timeout: 5000 });
  await detail.getByTestId("history").getByText("10.03.2023: abgemeldet – Umzug").waitFor();
  assert.equal(await page.getByTestId("case-counts").textContent(), "1 Fall, davon 0 aktiv und 1 abgemeldet.");
  assert.match(await row.textContent(), /abgemeldet/);

  await date.fill("2023-04-01");
  await detail.getByRole("button", { name: "Wieder aktiv setzen" }).click();
  await detail.getByText("Der Fall ist wieder aktiv.").waitFor();
  await page.waitForFunction(() => document.activeElement?.textContent === "Der Fall ist wieder aktiv.", null, { timeout: 5000 });

  // Correct the mistaken reactivation: it stays visible, struck through, and no longer counts.
  const reactivated = detail.getByTestId("history").getByRole("listitem").filter({ hasText: "wieder aktiv" });
  await reactivated.getByRole("button", { name: "Stornieren" }).click();
  // Asked in the page: focus is in the dialog on "Abbrechen", and Escape cancels.
  const question = page.getByRole("dialog", { name: "Diesen Eintrag stornieren?" });
  await question.waitFor();
  await page.waitForFunction((text) => document.activeElement?.textContent === text, "Abbrechen", { timeout: 5000 });
  await page.keyboard.press("Escape");
  await question.waitFor({ state: "hidden" });
  assert.equal(await detail.getByText("storniert", { exact: true }).count(), 0);
  await reactivated.getByRole("button", { name: "Stornieren" }).click();
  await question.getByRole("button", { name: "Ohne Export stornieren" }).click();
  await detail.getByText("Der Eintrag wurde storniert.").waitFor();
  await page.waitForFunction(() => document.activeElement?.textContent === "Der Eintrag wurde storniert.");
  await reactivated.getByText("storniert").waitFor();
  assert.equal(await page.getByTestId("case-counts").textContent(), "1 Fall, davon 0 aktiv und 1 abgemeldet.");

  // A handover without a provider: the provider field says so and takes the focus.
  const provider = detail.getByLabel("Übergabe an Träger");
  await detail.getByRole("button", { name: "Übergeben", exact: true }).click();
  assert.equal(await provider.getAttribute("aria-invalid"), "true");
  await focusedIs(page, provider);
  await assertDescribedBy(page, provider, "Bitte den Träger wählen, der den Fall übernimmt.");

  // "Schließen" returns the focus to the case's button in the list.
  await detail.getByRole("button", { name: "Schließen" }).click();
  await detail.waitFor({ state: "detached" });
  await focusedIs(page, page.getByRole("button", { name: code }));

  // Delete after confirming; never exported here, so the dialog offers an export first.
  await page.getByRole("button", { name: code }).click();
  await detail.getByRole("button", { name: "Fall löschen (Fehleingabe)" }).click();
  const remove = page.getByRole("dialog", { name: "Diesen Fall löschen?" });
  await remove.getByRole("button", { name: "Erst exportieren, dann löschen" }).waitFor();
  await remove.getByRole("button", { name: "Ohne Export löschen" }).click();
  // No case left: the page says so, says what to do first and links there.
  await page.getByText(`Der Fall ${code} wurde als Fehleingabe gelöscht.`).waitFor();
  await page.waitForFunction((text) => document.activeElement?.textContent === text, `Der Fall ${code} wurde als Fehleingabe gelöscht.`);
  await page.getByRole("heading", { name: "Noch keine Fälle" }).waitFor();
  assert.equal(await page.getByRole("table").count(), 0);
  assert.equal(new URL(page.url()).search, "");
  await page.getByRole("main").getByRole("link", { name: "Zur Aufnahme" }).click();
  await page.getByRole("heading", { level: 1, name: "Aufnahme" }).waitFor();
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("an empty case list says what to do first", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/faelle");
  await page.getByRole("heading", { name: "Noch keine Fälle" }).waitFor();
  assert.equal(await page.getByRole("table").count(), 0);
  assert.equal(await page.getByRole("main").getByRole("link", { name: "Zur Aufnahme" }).getAttribute("href"), "/aufnahme");
  assert.equal(await page.getByRole("main").getByRole("link", { name: "Datenaustausch" }).getAttribute("href"), "/austausch");
  await context.close();
});

test("the search finds a code however it is typed and opens it with the focus on its heading", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/austausch");
  const fixture = JSON.parse(await readFile(FIXTURE, "utf8"));
  fixture.data.cases[0].code = "AB12-CD34";
  await importExport(page, fixture);
  await goTo(page, "Fälle");
  const search = page.getByRole("searchbox", { name: "Fallcode suchen" });
  const counts = page.getByTestId("case-counts");
  // Lower case without the dash: the list narrows to the one case.
  await search.fill("ab12cd34");
  await counts.getByText(/^1 Fall, davon .* \(Auswahl aus 84 Fällen\)\.$/).waitFor();
  // Enter opens it; its heading has the focus and the address names it.
  await search.press("Enter");
  const detail = page.getByRole("region", { name: "Fall AB12-CD34" });
  await detail.waitFor();
  await focusedIs(page, detail.getByRole("heading", { name: "Fall AB12-CD34" }));
  const url = new URL(page.url());
  assert.equal(url.pathname, "/faelle");
  assert.equal(url.searchParams.get("suche"), "ab12cd34");
  assert.equal(url.searchParams.get("fall"), "AB12-CD34");
  await detail.getByRole("button", { name: "Schließen" }).click();
  await focusedIs(page, page.getByRole("button", { name: "AB12-CD34" }));
  assert.equal(new URL(page.url()).searchParams.get("fall"), null);

  // With the dash, spaces around, upper case: the same case.
  await search.fill(" AB12-CD34 ");
  await counts.getByText(/^1 Fall,/).waitFor();
  // The beginning of a code lists every case that starts so (0000-0010 … 0000-001Z).
  await search.fill("0000-001");
  await counts.getByText(/^32 Fälle, /).waitFor();
  assert.equal(await page.getByTestId("case-table").getByRole("row").count(), 33);
  // Sent while it still leaves a choice, the search opens nothing: the count has the focus.
  await search.press("Enter");
  await focusedIs(page, counts);
  assert.equal(await page.getByRole("region", { name: /^Fall / }).count(), 0);
  // A beginning no code has: nothing, with a way back.
  await search.fill("ab12u");
  await page.getByText("Kein Fall passt zu Suche und Filter.").waitFor();
  await page.getByRole("button", { name: "Suche und Filter zurücksetzen" }).click();
  await counts.getByText("84 Fälle, davon 42 aktiv und 42 abgemeldet.").waitFor();
  await focusedIs(page, search);
  assert.equal(await search.inputValue(), "");
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("search, filters, sort and page stay in the address when a case is opened and after going back", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/austausch");
  // The fixture's 84 cases twice, under other codes: 168 cases, 84 of them active.
  const fixture = JSON.parse(await readFile(FIXTURE, "utf8"));
  const copies = fixture.data.cases.map((c) => ({
    ...c,
    code: "1" + c.code.slice(1),
    events: c.events.map((e) => ({ ...e, id: "1" + e.id.slice(1) })),
  }));
  fixture.data.cases.push(...copies);
  await importExport(page, fixture);
  await goTo(page, "Fälle");
  const counts = page.getByTestId("case-counts");
  await counts.getByText("168 Fälle, davon 84 aktiv und 84 abgemeldet.").waitFor();

  await page.getByLabel("Status", { exact: true }).selectOption({ label: "aktiv" });
  await counts.getByText("84 Fälle, davon 84 aktiv und 0 abgemeldet (Auswahl aus 168 Fällen).").waitFor();
  const codeHeader = page.getByRole("columnheader", { name: "Fallcode" });
  await codeHeader.getByRole("button").click();
  assert.equal(await codeHeader.getAttribute("aria-sort"), "ascending");
  await codeHeader.getByRole("button").click();
  assert.equal(await codeHeader.getAttribute("aria-sort"), "descending");
  await page.getByRole("button", { name: "Nächste Seite" }).click();
  await page.getByText("Seite 2 von 2").waitFor();
  const listQuery = "?status=aktiv&sort=fallcode&absteigend=1&seite=2";
  assert.equal(new URL(page.url()).search, listQuery);
  const table = page.getByTestId("case-table");
  assert.equal(await table.getByRole("row").count(), 1 + 34);
  const firstCode = (await table.getByRole("row").nth(1).getByRole("button").textContent()).trim();

  // Open a case of page 2: the address names it, the list stays as it was.
  await page.getByRole("button", { name: firstCode }).click();
  const detail = page.getByRole("region", { name: `Fall ${firstCode}` });
  await focusedIs(page, detail.getByRole("heading", { name: `Fall ${firstCode}` }));
  assert.equal(new URL(page.url()).search, `${listQuery}&fall=${firstCode}`);
  await page.getByText("Seite 2 von 2").waitFor();

  // Back: the case closes, the list is where it was, the focus on the case's button.
  await page.goBack();
  await detail.waitFor({ state: "detached" });
  assert.equal(new URL(page.url()).search, listQuery);
  await page.getByText("Seite 2 von 2").waitFor();
  assert.equal(await page.getByLabel("Status", { exact: true }).inputValue(), "aktiv");
  assert.equal(await codeHeader.getAttribute("aria-sort"), "descending");
  assert.equal((await table.getByRole("row").nth(1).getByRole("button").textContent()).trim(), firstCode);
  await focusedIs(page, page.getByRole("button", { name: firstCode }));
  // Forward opens it again; a reload keeps everything.
  await page.goForward();
  await detail.waitFor();
  await page.reload();
  await page.getByRole("region", { name: `Fall ${firstCode}` }).waitFor();
  await page.getByText("Seite 2 von 2").waitFor();
  assert.equal(await page.getByLabel("Status", { exact: true }).inputValue(), "aktiv");

  // Values the page does not know are ignored, never an error.
  await page.goto(env.server.url + "/faelle?seite=abc&status=inaktiv&sort=zufall&absteigend=ja&traeger=gibt-es-nicht&fall=kein-code&suche=%00%FF");
  await page.getByRole("heading", { level: 1, name: "Fälle" }).waitFor();
  await page.getByText("Kein Fall passt zu Suche und Filter.").waitFor();
  await page.goto(env.server.url + "/faelle?seite=999999999999999999999&status=inaktiv&fall=ZZZZ-ZZZZ");
  await counts.getByText("168 Fälle, davon 84 aktiv und 84 abgemeldet.").waitFor();
  await page.getByText("Seite 1 von 4").waitFor();
  assert.equal(await page.getByRole("region", { name: /^Fall / }).count(), 0);
  // A page past the end shows the last one.
  await page.goto(env.server.url + "/faelle?seite=9");
  await page.getByText("Seite 4 von 4").waitFor();
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("rule-change handover: cases admitted under the old rules move to the new provider on a chosen date", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url);
  const links1 = await admitOn(page, "2022-03-01");
  const links2 = await admitOn(page, "2022-05-20");
  const rechts = await admitOn(page, "2022-04-01", "Rheine rechts der Ems");
  await goTo(page, "Fälle");
  await page.getByLabel("Regelung ab").selectOption({ label: "01.07.2022" });
  await page.getByTestId("handover-count").getByText("2 Fälle betroffen.").waitFor();
  const list = page.getByRole("region", { name: "Übergaben nach Regeländerung" });
  assert.equal(await list.getByRole("checkbox").count(), 2);
  assert.equal(await list.getByText(rechts).count(), 0);
  // Without a date: the field says so and takes the focus.
  const handoverDate = page.getByLabel("Datum der Übergabe");
  await page.getByRole("button", { name: "Ausgewählte Fälle übergeben" }).click();
  assert.equal(await handoverDate.getAttribute("aria-invalid"), "true");
  await focusedIs(page, handoverDate);
  await assertDescribedBy(page, handoverDate, "Bitte das Datum der Übergabe angeben.");
  await handoverDate.fill("2022-10-04");
  await page.getByRole("button", { name: "Ausgewählte Fälle übergeben" }).click();
  await page.getByText("2 Fälle wurden zum 04.10.2022 übergeben.").waitFor();
  await page.waitForFunction((text) => document.activeElement?.textContent === text, "2 Fälle wurden zum 04.10.2022 übergeben.", { timeout: 5000 });
  assert.equal(await handoverDate.getAttribute("aria-invalid"), null);
  for (const code of [links1, links2]) {
    const row = page.getByTestId("case-table").getByRole("row").filter({ hasText: code });
    assert.match(await row.textContent(), /Caritas Rheine/);
  }
  await page.getByTestId("handover-count").getByText("0 Fälle betroffen.").waitFor();
  // Filter by provider.
  await page.getByLabel("Träger").selectOption({ label: "Lernen fördern" });
  assert.match(await page.getByTestId("case-counts").textContent(), /^1 Fall, davon 1 aktiv und 0 abgemeldet \(Auswahl aus 3 Fällen\)\.$/);
  assert.equal(new URL(page.url()).searchParams.get("traeger"), "lernen-foerdern");
  await context.close();
});

test("short contacts: one click each, counts per provider at once, a wrong count can be taken back", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/kontakte");
  await page.getByLabel("Träger").selectOption({ label: "Caritas Rheine e. V." });
  const add = page.getByRole("button", { name: /^\+1 Kontakt zählen: .*Migrationsberatung/ }).first();
  await add.click();
  await add.click();
  await page.getByTestId("contact-announcement").getByText(/^Gezählt:/).waitFor();
  const totals = page.getByTestId("month-totals");
  await totals.getByRole("row", { name: /Caritas Rheine/ }).getByText("2").waitFor();
  await page.getByRole("button", { name: /^−1 Einen Kontakt zurücknehmen: .*Migrationsberatung/ }).first().click();
  await totals.getByRole("row", { name: /Caritas Rheine/ }).getByText("1").waitFor();
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Beratungskontakte" }).waitFor();
  await page.getByTestId("month-totals").getByRole("row", { name: /Caritas Rheine/ }).getByText("1").waitFor();
  await context.close();
});

test("a welcome visit recorded with the network off is still there after reload", async () => {
  const dir = await mkdtemp(join(tmpdir(), "kim-visit-"));
  const context = await launchProfile(dir);
  try {
    const page = await openApp(context, env.server.url, "/willkommensbesuche");
    await waitForServiceWorker(page);
    await context.setOffline(true);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Willkommensbesuche" }).waitFor();
    // Missing answers are named, nothing is lost.
    await page.getByRole("button", { name: "Besuch speichern" }).click();
    await page.getByText("Bitte noch angeben: Stadtteil / Bereich, Art des Zuzugs.").waitFor();
    await page.getByRole("radio", { name: "Schotthock" }).check();
    await page.getByRole("radio", { name: "Familiennachzug" }).check();
    await page.getByLabel("3–5 Jahre").fill("2");
    await page.getByRole("group", { name: "Über diese Angebote informiert" }).getByRole("checkbox", { name: "Kindertagesbetreuung" }).check();
    await page.getByRole("group", { name: "Zu diesen Angeboten eingeladen" }).getByRole("checkbox", { name: "Sprach- und Integrationskurs" }).check();
    await page.getByRole("checkbox", { name: /Nachgespräch nötig/ }).check();
    await page.getByRole("button", { name: "Besuch speichern" }).click();
    await page.getByText(/^Besuch gespeichert\. Nachgespräch vorgemerkt/).waitFor();
    await page.reload();
    const list = page.getByTestId("visit-list");
    await list.getByRole("row").filter({ hasText: "Schotthock" }).waitFor();
    assert.match(await list.getByRole("row").filter({ hasText: "Schotthock" }).textContent(), /Familiennachzug\s*2\s*ja/);
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("two tabs counting contacts at the same time never lose each other's writes", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const first = await openApp(context, env.server.url, "/kontakte");
  const second = await openApp(context, env.server.url, "/kontakte");
  for (const page of [first, second]) {
    await page.getByLabel("Träger").selectOption({ label: "Lernen fördern e. V." });
  }
  for (let i = 0; i < 3; i++) {
    await first.getByRole("button", { name: /^\+1 Kontakt zählen:/ }).first().click();
    await second.getByRole("button", { name: /^\+1 Kontakt zählen:/ }).nth(1).click();
  }
  for (const page of [first, second]) {
    await page.getByTestId("month-totals").getByRole("row", { name: /Lernen fördern/ }).getByText("6").waitFor();
  }
  const third = await openApp(context, env.server.url, "/kontakte");
  await third.getByTestId("month-totals").getByRole("row", { name: /Lernen fördern/ }).getByText("6").waitFor();
  await context.close();
});

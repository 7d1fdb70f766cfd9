// Case register, short contacts and welcome visits: the daily record, kept as dated history.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useServerAndBrowser, launchProfile, openApp, waitForServiceWorker, goTo } from "./support.mjs";
import { fillIntake, admit, COMPLEX_LINKS } from "./pages.mjs";

const env = useServerAndBrowser();

async function admitOn(page, date, area = COMPLEX_LINKS.area) {
  await goTo(page, "Aufnahme");
  await fillIntake(page, { ...COMPLEX_LINKS, area, date });
  return admit(page);
}

test("status changes are dated events; wrong dates are refused; corrections stay visible; delete asks first", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url);
  const code = await admitOn(page, "2023-02-01");
  await goTo(page, "Fälle");
  // One page of cases: both paging buttons exist and are disabled.
  assert.ok(await page.getByRole("button", { name: "Nächste Seite", exact: true }).isDisabled());
  assert.ok(await page.getByRole("button", { name: "Vorherige Seite", exact: true }).isDisabled());
  await page.getByText("Seite 1 von 1").waitFor();
  await page.getByRole("button", { name: code }).click();
  const detail = page.getByRole("region", { name: `Fall ${code}` });

  // Before the admission: refused.
  await detail.getByLabel("Datum der Änderung").fill("2023-01-15");
  await detail.getByLabel("Grund der Deaktivierung").selectOption({ label: "Umzug" });
  await detail.getByRole("button", { name: "Deaktivieren" }).click();
  await detail.getByText("Das Datum liegt vor der Aufnahme des Falls.").waitFor();
  // In the future: refused.
  await detail.getByLabel("Datum der Änderung").fill("2999-01-01");
  await detail.getByRole("button", { name: "Deaktivieren" }).click();
  await detail.getByText("Das Datum liegt in der Zukunft.").waitFor();
  // A valid date.
  await detail.getByLabel("Datum der Änderung").fill("2023-03-10");
  await detail.getByRole("button", { name: "Deaktivieren" }).click();
  await detail.getByText("Der Fall ist jetzt inaktiv.").waitFor();
  await detail.getByTestId("history").getByText("10.03.2023: deaktiviert – Umzug").waitFor();
  assert.match(await page.getByTestId("case-counts").textContent(), /0 aktiv und 1 inaktiv/);

  await detail.getByLabel("Datum der Änderung").fill("2023-04-01");
  await detail.getByRole("button", { name: "Reaktivieren" }).click();
  await detail.getByText("Der Fall ist wieder aktiv.").waitFor();

  // Correct the mistaken reactivation: it stays visible, struck through, and no longer counts.
  await detail.getByTestId("history").getByRole("listitem").filter({ hasText: "reaktiviert" }).getByRole("button", { name: "Stornieren" }).click();
  // Asked in the page: focus is in the dialog on "Abbrechen", and Escape cancels.
  const question = page.getByRole("dialog", { name: "Diesen Eintrag stornieren?" });
  await question.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Abbrechen");
  await page.keyboard.press("Escape");
  await question.waitFor({ state: "hidden" });
  assert.equal(await detail.getByText("storniert", { exact: true }).count(), 0);
  await detail.getByTestId("history").getByRole("listitem").filter({ hasText: "reaktiviert" }).getByRole("button", { name: "Stornieren" }).click();
  await question.getByRole("button", { name: "Ohne Export stornieren" }).click();
  await detail.getByText("Der Eintrag wurde storniert.").waitFor();
  await detail.getByTestId("history").getByRole("listitem").filter({ hasText: "reaktiviert" }).getByText("storniert").waitFor();
  assert.match(await page.getByTestId("case-counts").textContent(), /0 aktiv und 1 inaktiv/);

  // Delete after confirming; never exported here, so the dialog offers an export first.
  await detail.getByRole("button", { name: "Fall löschen (Fehleingabe)" }).click();
  const remove = page.getByRole("dialog", { name: "Diesen Fall löschen?" });
  await remove.getByRole("button", { name: "Erst exportieren, dann löschen" }).waitFor();
  await remove.getByRole("button", { name: "Ohne Export löschen" }).click();
  await page.getByTestId("case-counts").getByText("0 Fälle").waitFor();
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
  await page.getByLabel("Datum der Übergabe").fill("2022-10-04");
  await page.getByRole("button", { name: "Ausgewählte Fälle übergeben" }).click();
  await page.getByText("2 Fälle wurden zum 04.10.2022 übergeben.").waitFor();
  for (const code of [links1, links2]) {
    const row = page.getByTestId("case-table").getByRole("row").filter({ hasText: code });
    assert.match(await row.textContent(), /Caritas Rheine/);
  }
  await page.getByTestId("handover-count").getByText("0 Fälle betroffen.").waitFor();
  // Filter by provider.
  await page.getByLabel("Träger").selectOption({ label: "Lernen fördern" });
  assert.match(await page.getByTestId("case-counts").textContent(), /^1 Fälle/);
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

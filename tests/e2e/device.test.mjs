// Who works on this device: asked once at first start (a notice that blocks nothing), changed
// in Einstellungen, and shown where it matters. On a provider's device short contacts count for
// that provider only, and a person the rules give to the other provider is referred there, not
// admitted; on the coordinating office's device no provider is ever preselected.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, openApp, goTo, seriousAxeViolations } from "./support.mjs";
import { fillIntake, decision, admit, chooseDevice, deviceQuestion, settledDocument, COMPLEX_LINKS } from "./pages.mjs";

const env = useServerAndBrowser();

/** The month's total of a provider on Beratungskontakte. */
async function monthTotal(page, provider) {
  const row = page.getByTestId("month-totals").getByRole("row", { name: new RegExp(provider) });
  return Number((await row.getByRole("cell").textContent()).trim());
}

test("first start: the device is set to a provider; contacts count for it only, and an intake in the other provider's area offers the referral", async () => {
  // bypassCSP: only so the accessibility scan can inject axe-core.
  const context = await env.browser.newContext({ locale: "de-DE", bypassCSP: true });
  const page = await openApp(context, env.server.url, "/");
  await deviceQuestion(page).waitFor();
  assert.deepEqual(await seriousAxeViolations(page, "Übersicht mit Gerätefrage"), []);
  // It blocks nothing: until it is answered, the provider is chosen each time.
  await goTo(page, "Beratungskontakte");
  await page.getByText(/^Dieses Gerät: noch nicht festgelegt/).waitFor();
  assert.equal(await page.getByLabel("Träger").inputValue(), "");
  assert.equal(await page.getByRole("button", { name: /^\+1 Kontakt zählen:/ }).first().isDisabled(), true);
  await page.getByText("Bitte wählen Sie zuerst den Träger, für den gezählt wird", { exact: false }).waitFor();

  await chooseDevice(page, "Caritas Rheine e. V.");
  await deviceQuestion(page).waitFor({ state: "detached" });
  assert.match(await page.evaluate(() => document.activeElement.textContent), /^Gespeichert: Auf diesem Gerät wird für Caritas Rheine e\. V\. gearbeitet\./);
  await page.getByText(/^Dieses Gerät: Caritas Rheine/).waitFor();
  assert.equal(await page.getByLabel("Träger").count(), 0, "no provider to choose");
  await page.getByRole("button", { name: "+1 Kontakt zählen: an Migrationsberatung für Erwachsene (MBE) verwiesen" }).click();
  await page.getByText(/^Gezählt: an Migrationsberatung für Erwachsene \(MBE\) verwiesen\. Im .* jetzt 1 Kontakt\.$/).waitFor();
  assert.equal(await monthTotal(page, "Caritas Rheine"), 1);
  assert.equal(await monthTotal(page, "Lernen fördern"), 0);

  // Asked once: not again after a reload.
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Beratungskontakte" }).waitFor();
  await page.getByText(/^Dieses Gerät: Caritas Rheine/).waitFor();
  assert.equal(await deviceQuestion(page).count(), 0);

  // Right of the Ems is Lernen fördern's area: referred there and counted, not admitted here.
  await goTo(page, "Aufnahme");
  await page.getByText(/^Dieses Gerät: Caritas Rheine/).waitFor();
  await fillIntake(page, { ...COMPLEX_LINKS, area: "Rheine rechts der Ems", date: "2023-03-01" });
  await decision(page).getByText(/^Nicht auf diesem Gerät aufnehmen: Zuständig ist Lernen fördern e\. V\./).waitFor();
  const reasons = await page.getByTestId("reasons").getByRole("listitem").allTextContents();
  assert.ok(reasons.some((r) => r.startsWith("Dieses Gerät arbeitet für Caritas Rheine e. V., zuständig für diesen Wohnort ist aber Lernen fördern e. V.")), reasons.join("\n"));
  assert.equal(await page.getByRole("button", { name: "In das Case Management aufnehmen" }).count(), 0);
  assert.equal(await page.getByRole("button", { name: "Trotzdem aufnehmen" }).count(), 0);
  await page.getByTestId("contact-outcome").getByText("an Case Management eines anderen Bereichs verwiesen", { exact: false }).waitFor();
  await page.getByTestId("contact-provider").getByText("Caritas Rheine e. V. (dieses Gerät)", { exact: false }).waitFor();
  assert.equal(await page.getByLabel("Träger", { exact: true }).count(), 0);
  assert.deepEqual(await seriousAxeViolations(page, "Aufnahme, Weitervermittlung"), []);
  // Pressed twice: counted once.
  await page.getByRole("button", { name: "Weitervermittlung zählen" }).dblclick();
  await page.getByRole("status").getByText("Sonstiger Beratungskontakt für Caritas Rheine im März 2023 gezählt: an Case Management eines anderen Bereichs verwiesen.").waitFor();
  const doc = await settledDocument(page, (d) => d.data.contacts.length, 2);
  assert.equal(doc.data.contacts.length, 2);
  assert.deepEqual(doc.data.contacts.filter((c) => c.month === "2023-03").map((c) => [c.provider, c.outcome]), [["caritas", "other-area-cm"]]);
  assert.ok(doc.data.contacts.every((c) => c.provider === "caritas"));
  assert.equal(doc.data.cases.length, 0);

  // Left of the Ems is Caritas's own area: admitted here.
  await page.locator("form.intake-form").getByRole("radio", { name: "Rheine links der Ems", exact: true }).check();
  await decision(page).getByText("Aufnahme in das KIM-Case-Management. Zuständig: Caritas Rheine e. V.").waitFor();
  await admit(page);
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("the coordinating office's device preselects no provider; Einstellungen change who works on the device", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/einstellungen");
  const section = page.getByRole("region", { name: "Dieses Gerät", exact: true });
  await section.getByRole("radio", { name: "Koordinierende Stelle", exact: true }).check();
  await section.getByRole("button", { name: "Auswahl speichern" }).click();
  await section.getByText(/^Gespeichert: Auf diesem Gerät arbeitet die Koordinierende Stelle\./).waitFor();
  await deviceQuestion(page).waitFor({ state: "detached" });

  await goTo(page, "Beratungskontakte");
  await page.getByText(/^Dieses Gerät: Koordinierende Stelle/).waitFor();
  const provider = page.getByLabel("Träger");
  assert.equal(await provider.inputValue(), "");
  const plus = page.getByRole("button", { name: /^\+1 Kontakt zählen:/ }).first();
  assert.equal(await plus.isDisabled(), true);
  await provider.selectOption({ label: "Lernen fördern e. V." });
  await plus.click();
  await page.getByTestId("month-totals").getByRole("row", { name: /Lernen fördern/ }).getByText("1").waitFor();
  // Opened again: chosen again.
  await goTo(page, "Fälle");
  await goTo(page, "Beratungskontakte");
  assert.equal(await page.getByLabel("Träger").inputValue(), "");

  // Aufnahme: a short contact's provider is chosen, never preselected.
  await goTo(page, "Aufnahme");
  await fillIntake(page, { area: "Rheine rechts der Ems", problems: ["Mietschulden"], parties: ["Vermieter*in"] });
  await decision(page).getByText(/^Keine Aufnahme: kein komplexer Fall/).waitFor();
  assert.equal(await page.getByLabel("Träger", { exact: true }).inputValue(), "");
  assert.equal(await page.getByRole("button", { name: "Kontakt zählen" }).isDisabled(), true);

  // Now Lernen fördern's device: Beratungskontakte have no provider to choose.
  await goTo(page, "Einstellungen");
  await section.getByRole("radio", { name: "Lernen fördern e. V.", exact: true }).check();
  await section.getByRole("button", { name: "Auswahl speichern" }).click();
  await section.getByText(/^Gespeichert: Auf diesem Gerät wird für Lernen fördern e\. V\. gearbeitet\./).waitFor();
  await goTo(page, "Beratungskontakte");
  await page.getByText(/^Dieses Gerät: Lernen fördern/).waitFor();
  assert.equal(await page.getByLabel("Träger").count(), 0);
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("saving the question without an answer shows the error at the question", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/");
  const notice = deviceQuestion(page);
  await notice.getByRole("button", { name: "Für dieses Gerät speichern" }).click();
  const group = notice.getByRole("group", { name: "Für wen wird auf diesem Gerät gearbeitet?" });
  assert.equal(await group.getAttribute("aria-invalid"), "true");
  assert.equal((await page.locator(`#${await group.getAttribute("aria-describedby")}`).textContent()).trim(), "Wählen Sie, für wen auf diesem Gerät gearbeitet wird.");
  assert.equal(await page.evaluate(() => document.activeElement.type), "radio");
  await context.close();
});

test("Beratungskontakte on a device whose rule set has no providers says what to do", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/");
  await chooseDevice(page, "Koordinierende Stelle");
  const doc = await settledDocument(page, (d) => d.settings.device_role?.kind, "coordinating_office");
  doc.data.rules.providers = [];
  await page.evaluate((text) => localStorage.setItem("kim-rheine.store", text), JSON.stringify(doc));
  await page.goto(env.server.url + "/kontakte");
  await page.getByRole("heading", { level: 1, name: "Beratungskontakte" }).waitFor();
  await page.getByText("Im Regelwerk dieses Geräts ist kein Träger hinterlegt, für den gezählt werden könnte.", { exact: false }).waitFor();
  assert.equal(await page.getByRole("button", { name: /^\+1 Kontakt zählen:/ }).count(), 0);
  await page.getByRole("main").getByRole("link", { name: "Einstellungen", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "Einstellungen" }).waitFor();
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

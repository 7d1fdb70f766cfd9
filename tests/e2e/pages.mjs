// Page objects: how a case manager fills the intake form, counts contacts and records visits,
// says who works on the device, found by role and label.

/** Fills the intake check. `answers`: { date: "2023-03-01", area, problems[], parties[], service, wayIn, consent } */
export async function fillIntake(page, answers) {
  const form = page.locator("form.intake-form");
  if (answers.date) await page.getByLabel("Datum der Prüfung").fill(answers.date);
  await form.getByRole("group", { name: "Wohnort (Regionalbereich)" }).getByRole("radio", { name: answers.area, exact: true }).check();
  for (const problem of answers.problems ?? []) {
    await form.getByRole("group", { name: /Problemlagen/ }).getByRole("checkbox", { name: problem, exact: true }).check();
  }
  for (const party of answers.parties ?? []) {
    await form.getByRole("group", { name: "Beteiligte Institutionen und andere Beteiligte" }).getByRole("checkbox", { name: party, exact: true }).check();
  }
  await form
    .getByRole("group", { name: "Bereits in Beratung bei einem anderen Dienst?" })
    .getByRole("radio", { name: answers.service ?? "Nein, bei keinem anderen Dienst", exact: true })
    .check();
  await form.getByRole("group", { name: "Zugangsweg" }).getByRole("radio", { name: answers.wayIn ?? "auf eigene Initiative", exact: true }).check();
  await form.getByRole("group", { name: /Einwilligung/ }).getByRole("radio", { name: answers.consent === false ? "Nein" : "Ja", exact: true }).check();
}

/** The decision panel's text. */
export function decision(page) {
  return page.getByTestId("decision");
}

/** Admits the assessed person and returns the new case code (the check is then done). */
export async function admit(page) {
  await page.getByRole("button", { name: "In das Case Management aufnehmen" }).click();
  return caseCode(page);
}

/** The case code shown after an admission. */
export async function caseCode(page) {
  const code = page.getByTestId("case-code");
  await code.waitFor();
  return (await code.textContent()).trim();
}

/** Starts a clean intake check after the last one ("Neue Prüfung"). */
export async function newCheck(page) {
  await page.getByRole("button", { name: "Neue Prüfung" }).click();
  await page.getByTestId("case-code").waitFor({ state: "detached" });
}

/** The question asked at first start, in the notice above the page. */
export function deviceQuestion(page) {
  return page.getByRole("region", { name: "Dieses Gerät einrichten" });
}

/** Answers the first-start question: `who` is a provider's name or "Koordinierende Stelle". */
export async function chooseDevice(page, who) {
  const notice = deviceQuestion(page);
  await notice.getByRole("group", { name: "Für wen wird auf diesem Gerät gearbeitet?" }).getByRole("radio", { name: who, exact: true }).check();
  await notice.getByRole("button", { name: "Für dieses Gerät speichern" }).click();
  await page.getByRole("status").getByText(/^Gespeichert:/).waitFor();
}

/** The stored document once saving has settled (`count(doc)` stops changing or reaches `expected`). */
export async function settledDocument(page, count, expected) {
  const read = async () => JSON.parse(await page.evaluate(() => localStorage.getItem("kim-rheine.store")) ?? "null");
  let last;
  let since = Date.now();
  for (;;) {
    const doc = await read();
    const now = doc ? count(doc) : undefined;
    if (now === expected) return doc;
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since > 1500) {
      return doc;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A complex case living left of the Ems (Caritas from 01.07.2022). */
export const COMPLEX_LINKS = {
  area: "Rheine links der Ems",
  problems: ["Mietschulden", "Schulprobleme"],
  parties: ["Jobcenter Kreis Steinfurt", "Ausländerbehörde"],
};

// Page objects: how a case manager fills the intake form, counts contacts and records visits,
// found by role and label.

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

/** Admits the assessed person and returns the new case code. */
export async function admit(page) {
  await page.getByRole("button", { name: "In das Case Management aufnehmen" }).click();
  const code = page.getByTestId("case-code");
  await code.waitFor();
  return (await code.textContent()).trim();
}

/** A complex case living left of the Ems (Caritas from 01.07.2022). */
export const COMPLEX_LINKS = {
  area: "Rheine links der Ems",
  problems: ["Mietschulden", "Schulprobleme"],
  parties: ["Jobcenter Kreis Steinfurt", "Ausländerbehörde"],
};

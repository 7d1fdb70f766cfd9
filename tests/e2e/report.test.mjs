// The report counts what was entered through the UI, as of each reporting date.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, openApp, goTo } from "./support.mjs";
import { fillIntake, admit, COMPLEX_LINKS } from "./pages.mjs";

const env = useServerAndBrowser();

test("cases on reporting dates follow handovers and status as of each date", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url);
  for (const [date, area] of [["2022-03-01", "Rheine links der Ems"], ["2022-04-01", "Rheine rechts der Ems"], ["2022-11-02", "Rheine links der Ems"]]) {
    await goTo(page, "Aufnahme");
    await fillIntake(page, { ...COMPLEX_LINKS, area, date });
    await admit(page);
  }
  await goTo(page, "Fälle");
  await page.getByLabel("Regelung ab").selectOption({ label: "01.07.2022" });
  await page.getByLabel("Datum der Übergabe").fill("2022-10-04");
  await page.getByRole("button", { name: "Ausgewählte Fälle übergeben" }).click();
  await page.getByText("1 Fälle wurden zum 04.10.2022 übergeben.").waitFor();

  await goTo(page, "Bericht");
  for (const date of ["2022-09-15", "2022-12-15"]) {
    await page.getByLabel("Stichtag hinzufügen").fill(date);
    await page.getByRole("button", { name: "Hinzufügen" }).click();
  }
  const table = page.getByTestId("case-report");
  await table.getByRole("columnheader", { name: "15.12.2022" }).waitFor();
  const headers = await table.getByRole("columnheader").allTextContents();
  const col = (date) => headers.indexOf(date);
  const cells = async (name) => (await table.getByRole("row", { name: new RegExp("^" + name) }).getByRole("cell").allTextContents());
  const total = await cells("Gesamtfälle");
  const caritas = await cells("Caritas Rheine");
  const lf = await cells("Lernen fördern");
  assert.equal(total[col("15.09.2022")], "2");
  assert.equal(caritas[col("15.09.2022")], "0");
  assert.equal(lf[col("15.09.2022")], "2");
  assert.equal(total[col("15.12.2022")], "3");
  assert.equal(caritas[col("15.12.2022")], "2");
  assert.equal(lf[col("15.12.2022")], "1");
  await page.getByTestId("days-since-export").getByText("Diese Daten wurden auf diesem Gerät noch nie exportiert.").waitFor();
  await context.close();
});

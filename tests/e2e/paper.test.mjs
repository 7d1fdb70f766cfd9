// The committee paper: the report as the city hands it to the Sozialausschuss. Reporting dates
// and period are settings that survive a reload; the print (read back with poppler's pdftotext)
// has the title block, every figure of the city's tables at the right date and the handover
// footnote; no table is wider than its A4 page; a table copies for Word and Excel; small
// numbers can be protected for publication; the dates of the last printed report come back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtemp, mkdir, copyFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { useServerAndBrowser, openApp, goTo, downloadText } from "./support.mjs";

const env = useServerAndBrowser();

const FIXTURE = "tests/fixtures/report/domain-md-export.json";
const TARGET = fileURLToPath(new URL("../../target/", import.meta.url));

/** The reporting dates of the city's report (Vorlage 197/23), as shown and as typed. */
const COMMITTEE_DATES = ["15.09.2022", "15.12.2022", "01.04.2023"];
const iso = (german) => german.split(".").reverse().join("-");

const CASE_CAPTION = "Fälle im Case Management, Regionalbereich Rheine";
const CONTACT_CAPTION = "Sonstige Beratungskontakte";
const MONTHS = ["01.2023", "02.2023", "03.2023", "04.2023"];

/** The city's figures: cases on the reporting dates, short contacts per month and "gesamt". */
const CASES = [
  ["Gesamtfälle*", ["38", "67", "84"]],
  ["Caritas Rheine", ["0", "32", "42"]],
  ["Lernen fördern", ["38", "35", "42"]],
  ["aktiv**", ["26", "40", "42"]],
  ["inaktiv**", ["12", "27", "42"]],
];
const CONTACTS = [
  ["Rheine", ["14", "17", "25", "30", "86"]],
  ["Caritas Rheine", ["12", "10", "10", "18", "50"]],
  ["Lernen fördern", ["2", "7", "15", "12", "36"]],
];
const HANDOVER_NOTE = "Im Oktober 2022 wurden aufgrund der geänderten Zuständigkeit 12 Fälle von Lernen fördern an Caritas Rheine übergeben.";

/** A4 content widths in CSS pixels (96 per inch): portrait 210 − 2 × 15 mm, landscape 297 − 2 × 15 mm. */
const PORTRAIT_CONTENT_PX = 680;
const LANDSCAPE_CONTENT_PX = 1009;

/** dd.mm.yyyy of a local date. */
function german(date) {
  return `${String(date.getDate()).padStart(2, "0")}.${String(date.getMonth() + 1).padStart(2, "0")}.${date.getFullYear()}`;
}

/** The last three quarter ends on or before today, oldest first (the default on a fresh device). */
function lastThreeQuarterEnds(now = new Date()) {
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const ends = [];
  let year = today.getFullYear();
  let quarter = Math.floor(today.getMonth() / 3) + 1;
  while (ends.length < 3) {
    const end = new Date(year, quarter * 3, 0); // day 0 of the next month: the quarter's last day
    if (end <= today) ends.push(end);
    if (quarter === 1) {
      quarter = 4;
      year -= 1;
    } else {
      quarter -= 1;
    }
  }
  return ends.reverse().map(german);
}

/** Retries `check` (which throws while not yet true) for up to `ms`. */
async function eventually(check, ms = 5000) {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > until) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function importFixture(page) {
  await goTo(page, "Datenaustausch");
  await page.getByLabel("Exportdatei wählen").setInputFiles(FIXTURE);
  await page.getByRole("button", { name: "Import übernehmen" }).click();
  await page.getByText(/wurde zusammengeführt/).waitFor();
}

/** The dates in the list "Gewählte Stichtage", as shown. */
async function chosenDates(page) {
  const items = await page.getByRole("list", { name: "Gewählte Stichtage" }).getByRole("listitem").allTextContents();
  return items.map((text) => text.replace(/Entfernen\s*$/, "").trim()).filter((text) => text !== "Keine Stichtage gewählt.");
}

async function expectDates(page, expected) {
  await eventually(async () => assert.deepEqual(await chosenDates(page), expected));
}

/** Removes the dates shown, adds the committee's dates and sets the period 01.2023–04.2023. */
async function setCommitteeReport(page) {
  for (const date of await chosenDates(page)) {
    await page.getByRole("button", { name: `Stichtag ${date} entfernen`, exact: true }).click();
    await page.getByText(`Stichtag ${date} entfernt.`, { exact: true }).waitFor();
  }
  await expectDates(page, []);
  for (const date of COMMITTEE_DATES) {
    await page.getByLabel("Stichtag hinzufügen").fill(iso(date));
    await page.getByRole("button", { name: "Hinzufügen", exact: true }).click();
    await page.getByText(`Stichtag ${date} hinzugefügt.`, { exact: true }).waitFor();
  }
  await expectDates(page, COMMITTEE_DATES);
  await page.getByLabel("Von Monat").fill("2023-01");
  await page.getByLabel("Bis Monat").fill("2023-04");
  await page.getByTestId("contact-report").getByRole("columnheader", { name: "04.2023" }).waitFor();
  await page.getByTestId("case-report").getByRole("columnheader", { name: "01.04.2023" }).waitFor();
}

/** A fresh device with the fixture imported, on the report with the committee's settings. */
async function committeeReport(contextOptions = {}) {
  const context = await env.browser.newContext({ locale: "de-DE", acceptDownloads: true, ...contextOptions });
  const page = await openApp(context, env.server.url);
  await importFixture(page);
  await goTo(page, "Bericht");
  await setCommitteeReport(page);
  return { context, page };
}

/** The cells of the row whose name starts with `label`, in the table with test id `testId`. */
async function rowCells(page, testId, label) {
  const table = page.getByTestId(testId);
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return table.getByRole("row", { name: new RegExp("^" + escaped + "(\\s|$)") }).getByRole("cell").allTextContents();
}

/** Prints the page to a PDF file in a temporary directory; returns its path. */
async function printToPdf(page, dir, name) {
  const path = join(dir, name);
  await page.pdf({ path, format: "A4", preferCSSPageSize: true, printBackground: true });
  return path;
}

const pdfText = (path) => execFileSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" });
const pdfPages = (path) => Number(/^Pages:\s+(\d+)/m.exec(execFileSync("pdfinfo", [path], { encoding: "utf8" }))[1]);
const squash = (text) => text.replace(/\s+/g, " ").trim();

/**
 * The figures of the first line at or after line `from` that starts with `label` followed by a
 * figure: numbers, "< 3" and "x", in order.
 */
function pdfRow(lines, from, label) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const start = new RegExp("^\\s*" + escaped + "\\s+(?=\\d|<|x\\b)");
  const at = lines.findIndex((line, i) => i >= from && start.test(line));
  assert.ok(at >= 0, `no line starting with "${label}" after line ${from} in the print:\n${lines.slice(from, from + 20).join("\n")}`);
  const rest = lines[at].trim().slice(label.length);
  return (rest.match(/<\s*\d+|\d[\d.]*|\bx\b/g) ?? []).map((figure) => figure.replace(/<\s*/, "< "));
}

/** The line index of the first line matching `pattern`. */
function lineOf(lines, pattern, what) {
  const at = lines.findIndex((line) => pattern.test(line));
  assert.ok(at >= 0, `${what} (${pattern}) not in the print:\n${lines.join("\n")}`);
  return at;
}

test("reporting dates and period are kept across a reload", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url);
  await importFixture(page);
  await goTo(page, "Bericht");
  // A fresh device starts with the last three quarter ends.
  await expectDates(page, lastThreeQuarterEnds());
  await setCommitteeReport(page);

  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Bericht" }).waitFor();
  await page.getByTestId("case-report").getByRole("columnheader", { name: "01.04.2023" }).waitFor();
  assert.deepEqual(await chosenDates(page), COMMITTEE_DATES);
  for (const date of COMMITTEE_DATES) {
    assert.equal(await page.getByRole("button", { name: `Stichtag ${date} entfernen`, exact: true }).textContent(), "Entfernen");
  }
  const table = page.getByTestId("case-report");
  assert.equal(await table.locator("caption").textContent(), CASE_CAPTION);
  assert.deepEqual(await table.getByRole("columnheader").allTextContents(), COMMITTEE_DATES);
  for (const [label, figures] of CASES) assert.deepEqual(await rowCells(page, "case-report", label), figures, label);
  assert.equal(await page.getByLabel("Von Monat").inputValue(), "2023-01");
  assert.equal(await page.getByLabel("Bis Monat").inputValue(), "2023-04");
  const contacts = page.getByTestId("contact-report");
  assert.deepEqual(await contacts.getByRole("columnheader").allTextContents(), [...MONTHS, "gesamt"]);
  for (const [label, figures] of CONTACTS) assert.deepEqual(await rowCells(page, "contact-report", label), figures, label);
  await page.getByText(HANDOVER_NOTE, { exact: true }).waitFor();
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("the printed report has the title block, the city's figures at the right dates and the handover note", async () => {
  const { context, page } = await committeeReport();
  const dir = await mkdtemp(join(tmpdir(), "kim-paper-"));
  try {
    // Parts without data are left out by default: the fixture has no welcome visits.
    const parts = page.getByRole("group", { name: "Teile des gedruckten Berichts" });
    const visits = parts.getByRole("checkbox", { name: /^Willkommensbesuche/ });
    assert.equal(await visits.isChecked(), false);
    assert.match(await parts.locator("label").filter({ hasText: /^Willkommensbesuche/ }).textContent(), /^Willkommensbesuche \(keine Daten\)$/);
    assert.equal(await parts.getByRole("checkbox", { name: /^Fälle an Stichtagen/ }).isChecked(), true);
    assert.equal(await parts.getByRole("checkbox", { name: /^Sonstige Beratungskontakte/ }).isChecked(), true);
    assert.equal(await page.getByRole("checkbox", { name: /^Kleine Zahlen schützen/ }).isChecked(), false);

    const pdf = await printToPdf(page, dir, "report.pdf");
    await mkdir(TARGET, { recursive: true });
    await copyFile(pdf, join(TARGET, "report-print.pdf"));
    const pages = pdfPages(pdf);
    console.log(`printed report: ${pages} page(s) A4, saved as target/report-print.pdf`);

    const text = pdfText(pdf);
    const flat = squash(text);
    const lines = text.split("\n");
    const today = german(new Date());
    for (const expected of [
      "Kommunales Integrationsmanagement (KIM)",
      "Bericht KIM Rheine",
      `Stand ${today}`,
      "Berichtszeitraum Januar 2023 bis April 2023",
      `Stichtage ${COMMITTEE_DATES.join(", ")}`,
      `Datengrundlage Daten dieses Geräts und Exporte von 1 weiteren Gerät, zuletzt importiert am ${today}`,
      CASE_CAPTION,
      CONTACT_CAPTION,
      HANDOVER_NOTE,
    ]) {
      assert.ok(flat.includes(expected), `the print lacks "${expected}":\n${text}`);
    }

    const caseHeader = lineOf(lines, new RegExp(COMMITTEE_DATES.map((d) => d.replaceAll(".", "\\.")).join("\\s+")), "the case table's dates");
    for (const [label, figures] of CASES) assert.deepEqual(pdfRow(lines, caseHeader + 1, label), figures, `print, case table, ${label}`);
    const contactHeader = lineOf(lines, new RegExp([...MONTHS, "gesamt"].map((m) => m.replaceAll(".", "\\.")).join("\\s+")), "the contact table's months");
    for (const [label, figures] of CONTACTS) assert.deepEqual(pdfRow(lines, contactHeader + 1, label), figures, `print, contact table, ${label}`);

    // The empty part is left out; the choice of parts itself (not printed) is not in the print.
    assert.ok(!lines.some((line) => line.trim() === "Willkommensbesuche"), `the print has the heading "Willkommensbesuche":\n${text}`);
    assert.ok(!flat.includes("Willkommensbesuche je Monat"), "the print has the welcome visits' table");
    assert.ok(!flat.includes("Teile des gedruckten Berichts"), "the print has the choice of parts");
    assert.ok(!flat.includes("Tabelle kopieren"), "the print has the table buttons");
    assert.deepEqual(page.appErrors, []);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await context.close();
  }
});

/**
 * The report tables shown in print media with `.report-table.wide` (`wide`) or without: how
 * many were measured, and those wider than their frame or than `width` CSS pixels.
 */
async function overflowingTables(page, width, wide) {
  await page.setViewportSize({ width, height: 1200 });
  return page.evaluate(
    ({ width, wide }) => {
      const overflowing = [];
      let measured = 0;
      for (const table of document.querySelectorAll(".report-table table")) {
        const frame = table.closest(".report-table");
        if (table.closest(".no-print") || table.getClientRects().length === 0) continue;
        if (frame.classList.contains("wide") !== wide) continue;
        measured += 1;
        const name = table.caption?.textContent ?? table.dataset.testid;
        const right = table.getBoundingClientRect().right;
        if (table.scrollWidth > frame.clientWidth || table.scrollWidth > width || right > width + 0.5) {
          overflowing.push(`„${name}“: ${table.scrollWidth}px breit, rechter Rand bei ${Math.round(right)}px (Rahmen ${frame.clientWidth}px, Seite ${width}px)`);
        }
      }
      return { measured, overflowing };
    },
    { width, wide },
  );
}

test("in print, no table is wider than the content box of its A4 page", async () => {
  const { context, page } = await committeeReport();
  await page.emulateMedia({ media: "print" });
  const portrait = await overflowingTables(page, PORTRAIT_CONTENT_PX, false);
  assert.ok(portrait.measured >= 2, `only ${portrait.measured} printed tables measured`);
  assert.deepEqual(portrait.overflowing, [], "portrait (180 mm)");
  const landscape = await overflowingTables(page, LANDSCAPE_CONTENT_PX, true);
  assert.deepEqual(landscape.overflowing, [], "landscape (267 mm)");

  // A year's period: the contact table has 13 columns and goes on a landscape page.
  await page.emulateMedia({ media: "screen" });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByLabel("Von Monat").fill("2022-05");
  await page.getByTestId("contact-report").getByRole("columnheader", { name: "05.2022" }).waitFor();
  await page.emulateMedia({ media: "print" });
  const yearPortrait = await overflowingTables(page, PORTRAIT_CONTENT_PX, false);
  assert.deepEqual(yearPortrait.overflowing, [], "portrait (180 mm), period 05.2022–04.2023");
  const yearLandscape = await overflowingTables(page, LANDSCAPE_CONTENT_PX, true);
  assert.ok(yearLandscape.measured >= 1, "with 13 columns, the contact table is printed wide (landscape)");
  assert.deepEqual(yearLandscape.overflowing, [], "landscape (267 mm), period 05.2022–04.2023");
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

/**
 * The figures (numbers and years) of the printed report tables that the layout breaks across
 * lines, such as a year shown as "201" over "7".
 */
async function brokenNumbers(page, width, wide) {
  await page.setViewportSize({ width, height: 1200 });
  return page.evaluate(
    ({ wide }) => {
      const broken = [];
      for (const table of document.querySelectorAll(".report-table table")) {
        const frame = table.closest(".report-table");
        if (table.closest(".no-print") || table.getClientRects().length === 0) continue;
        if (frame.classList.contains("wide") !== wide) continue;
        for (const cell of table.querySelectorAll("th, td")) {
          const text = cell.textContent.trim();
          if (!/^[+\-−]?\d[\d.,]*$/.test(text)) continue;
          const range = document.createRange();
          range.selectNodeContents(cell);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(`„${table.caption?.textContent}“: ${text} auf ${lines.size} Zeilen`);
        }
      }
      return broken;
    },
    { wide },
  );
}

test("the print keeps every heading on one page and every number on one line", async () => {
  const { context, page } = await committeeReport();
  const dir = await mkdtemp(join(tmpdir(), "kim-paper-"));
  try {
    const pdf = await printToPdf(page, dir, "report.pdf");
    const pages = pdfText(pdf).split("\f").map(squash);
    await page.emulateMedia({ media: "print" });
    const headings = await page.evaluate(() =>
      [...document.querySelectorAll("h2, h3")]
        .filter((h) => !h.closest(".no-print") && h.getClientRects().length > 0)
        .map((h) => h.textContent.replace(/\s+/g, " ").trim()),
    );
    assert.ok(headings.length >= 4, `printed headings: ${headings.join(" | ")}`);
    const problems = headings
      .filter((heading) => !pages.some((text) => text.includes(heading)))
      .map((heading) => `Überschrift über zwei Seiten: „${heading}“`);
    problems.push(...(await brokenNumbers(page, PORTRAIT_CONTENT_PX, false)));
    problems.push(...(await brokenNumbers(page, LANDSCAPE_CONTENT_PX, true)));
    assert.deepEqual(problems, [], "headings cut by a page break, or numbers broken across lines, in the print (see target/report-print.pdf)");
    assert.deepEqual(page.appErrors, []);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await context.close();
  }
});

test("„Tabelle kopieren“ puts the table on the clipboard as HTML for Word and as tab-separated text for Excel", async () => {
  const { context, page } = await committeeReport({ permissions: ["clipboard-read", "clipboard-write"] });
  const region = page.getByRole("region", { name: `Tabelle: ${CONTACT_CAPTION}`, exact: true });
  await region.getByTestId("contact-report").waitFor();
  await page.getByRole("button", { name: `Tabelle kopieren: ${CONTACT_CAPTION}`, exact: true }).click();
  await page.getByText(new RegExp(`^„${CONTACT_CAPTION}“ ist kopiert\\.`)).waitFor();
  const clipboard = await page.evaluate(async () => {
    const [item] = await navigator.clipboard.read();
    const read = async (type) => (item.types.includes(type) ? (await item.getType(type)).text() : null);
    return { types: [...item.types], html: await read("text/html"), text: await read("text/plain") };
  });
  assert.ok(clipboard.html, `no text/html on the clipboard (types: ${clipboard.types.join(", ")})`);
  for (const expected of ["<table", CONTACT_CAPTION, "01.2023", "86"]) {
    assert.ok(clipboard.html.includes(expected), `the copied HTML lacks "${expected}":\n${clipboard.html}`);
  }
  assert.ok(clipboard.text, `no text/plain on the clipboard (types: ${clipboard.types.join(", ")})`);
  const lines = clipboard.text.split(/\r?\n/);
  assert.ok(lines.includes("Rheine\t14\t17\t25\t30\t86"), `the copied text:\n${JSON.stringify(clipboard.text)}`);
  assert.ok(lines.includes(["", ...MONTHS, "gesamt"].join("\t")), `the copied header:\n${JSON.stringify(clipboard.text)}`);
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

test("small numbers are protected on screen, in the CSV and in the print, and come back when protection is off", async () => {
  const { context, page } = await committeeReport();
  const dir = await mkdtemp(join(tmpdir(), "kim-paper-"));
  try {
    const contacts = page.getByTestId("contact-report");
    const headers = await contacts.getByRole("columnheader").allTextContents();
    const january = headers.indexOf("01.2023");
    assert.equal((await rowCells(page, "contact-report", "Lernen fördern"))[january], "2");

    const protect = page.getByRole("checkbox", { name: /^Kleine Zahlen schützen/ });
    await protect.check();
    await eventually(async () => assert.equal((await rowCells(page, "contact-report", "Lernen fördern"))[january], "< 3"));
    const frame = page.locator(".report-table", { has: contacts });
    await frame.getByText(/^< 3: zwischen 1 und 2/).waitFor();
    const cells = await contacts.locator("tbody td").allTextContents();
    const plainSmall = cells.filter((text) => text.trim() === "1" || text.trim() === "2");
    assert.deepEqual(plainSmall, [], `the protected contact table shows small counts: ${cells.join(" | ")}`);
    if (cells.some((text) => text.trim() === "x")) await frame.getByText(/^x: nicht genannt/).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: `CSV: ${CONTACT_CAPTION}`, exact: true }).click(),
    ]);
    const csv = await downloadText(download);
    assert.ok(csv.includes("< 3"), `the CSV of the protected report:\n${csv}`);
    assert.ok(csv.split(/\r?\n/).some((line) => line.startsWith("Lernen fördern;< 3;")), `the CSV of the protected report:\n${csv}`);

    const pdf = await printToPdf(page, dir, "protected.pdf");
    await mkdir(TARGET, { recursive: true });
    await copyFile(pdf, join(TARGET, "report-print-protected.pdf"));
    const text = pdfText(pdf);
    const lines = text.split("\n");
    assert.ok(text.includes("< 3"), `the protected print lacks "< 3":\n${text}`);
    const contactHeader = lineOf(lines, new RegExp([...MONTHS, "gesamt"].map((m) => m.replaceAll(".", "\\.")).join("\\s+")), "the contact table's months");
    assert.equal(pdfRow(lines, contactHeader + 1, "Lernen fördern")[0], "< 3", "print, protected contact table, Lernen fördern, 01.2023");

    await protect.uncheck();
    await eventually(async () => assert.equal((await rowCells(page, "contact-report", "Lernen fördern"))[january], "2"));
    assert.deepEqual(await rowCells(page, "contact-report", "Lernen fördern"), CONTACTS[2][1]);
    assert.equal(await frame.getByText(/^< 3:/).count(), 0);
    assert.deepEqual(page.appErrors, []);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await context.close();
  }
});

test("after printing, „Stichtage des letzten Berichts“ brings back the dates of the printed report", async () => {
  const { context, page } = await committeeReport();
  const lastReport = page.getByRole("button", { name: "Stichtage des letzten Berichts", exact: true });
  assert.equal(await lastReport.isDisabled(), true, "before any print");
  await page.evaluate(() => {
    window.print = () => {};
  });
  await page.getByRole("button", { name: "Bericht drucken", exact: true }).click();
  await eventually(async () => assert.equal(await lastReport.isEnabled(), true, "after „Bericht drucken“"));

  await page.getByRole("button", { name: "Letzte drei Quartalsenden", exact: true }).click();
  await expectDates(page, lastThreeQuarterEnds());
  await lastReport.click();
  await expectDates(page, COMMITTEE_DATES);
  assert.deepEqual(await page.getByTestId("case-report").getByRole("columnheader").allTextContents(), COMMITTEE_DATES);
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

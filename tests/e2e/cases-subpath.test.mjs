// The case list under a sub-path (/kim/, the build the test command writes to
// target/dist-kim): the list's state in the address stays under /kim/faelle when filtering,
// opening a case, going back and reloading.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { startServer, launchBrowser, openApp, goTo } from "./support.mjs";

const FIXTURE = "tests/fixtures/report/domain-md-export.json";
const env = { server: null, browser: null };
before(async () => {
  env.server = await startServer({ dist: "target/dist-kim", prefix: "/kim" });
  env.browser = await launchBrowser();
});
after(async () => {
  await env.browser?.close();
  await env.server?.close();
});

test("under /kim/ the case list keeps its state in its own address", async () => {
  const context = await env.browser.newContext({ locale: "de-DE" });
  const page = await openApp(context, env.server.url, "/kim/austausch");
  await page.getByLabel("Exportdatei wählen").setInputFiles(FIXTURE);
  await page.getByRole("button", { name: "Import übernehmen" }).click();
  await page.getByText(/wurde zusammengeführt/).waitFor();
  await goTo(page, "Fälle");
  await page.getByLabel("Status", { exact: true }).selectOption({ label: "abgemeldet" });
  await page.getByTestId("case-counts").getByText(/^42 Fälle, davon 0 aktiv und 42 abgemeldet/).waitFor();
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, "/kim/faelle?status=abgemeldet");
  const code = (await page.getByTestId("case-table").getByRole("row").nth(1).getByRole("button").textContent()).trim();
  await page.getByRole("button", { name: code }).click();
  await page.getByRole("region", { name: `Fall ${code}` }).waitFor();
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, `/kim/faelle?status=abgemeldet&fall=${code}`);
  await page.goBack();
  await page.getByRole("region", { name: `Fall ${code}` }).waitFor({ state: "detached" });
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, "/kim/faelle?status=abgemeldet");
  await page.goForward();
  await page.reload();
  await page.getByRole("region", { name: `Fall ${code}` }).waitFor();
  assert.equal(await page.getByLabel("Status", { exact: true }).inputValue(), "abgemeldet");
  assert.deepEqual(page.appErrors, []);
  await context.close();
});

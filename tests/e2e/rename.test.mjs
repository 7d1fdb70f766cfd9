// The rename from "KIM Rheine" (crate kim-rheine) to "KIM" (crate kim): an app installed from a
// build before the rename, with its service worker's cache "kim-rheine-<release>" and its data
// under the storage keys that build wrote, updates to this build and opens the same data
// (docs/decisions/0001-storage-keys-keep-prefix.md).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useServerAndBrowser, launchProfile, openApp, waitForServiceWorker, goTo } from "./support.mjs";

const env = useServerAndBrowser();

test("an app installed before the rename updates, drops its old cache and opens its data", async () => {
  const current = await readFile("dist/sw.js", "utf8");
  const release = current.match(/const RELEASE = "([^"]+)"/)[1];
  // The earlier build's worker: its caches were named "kim-rheine-<release>" (and it deleted
  // only caches of that prefix).
  const earlier = current
    .replace('const CACHE_PREFIX = "kim-";', 'const CACHE_PREFIX = "kim-rheine-";')
    .replace(/const RELEASE = "[^"]+"/, 'const RELEASE = "before-rename"');
  assert.notEqual(earlier, current, "the worker names its cache with CACHE_PREFIX");
  // The earlier build's data: the stored document of schema version 1 under its key.
  const stored = await readFile("tests/fixtures/storage/v1.json", "utf8");

  const dir = await mkdtemp(join(tmpdir(), "kim-rename-"));
  const context = await launchProfile(dir);
  try {
    env.server.overrides.set("/sw.js", earlier);
    let page;
    try {
      page = await openApp(context, env.server.url, "/", { rules: null });
      await page.evaluate((text) => localStorage.setItem("kim-rheine.store", text), stored);
      await page.reload();
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      await waitForServiceWorker(page);
      assert.deepEqual(await page.evaluate(() => caches.keys()), ["kim-rheine-before-rename"]);
    } finally {
      env.server.overrides.delete("/sw.js");
    }

    // This build is published: the installed app offers it and, once loaded, keeps only its
    // own cache.
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await page.getByRole("status").getByText("Eine neue Version der App ist bereit.").waitFor();
    await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "Neue Version laden" }).click()]);
    await page.getByRole("heading", { level: 1 }).first().waitFor();
    await page.waitForFunction(async (name) => {
      const keys = await caches.keys();
      return keys.length === 1 && keys[0] === name;
    }, "kim-" + release);

    // The data written before the rename are there, and stay where they were.
    await goTo(page, "Fälle");
    await page.getByText("0A1B-2C3D").first().waitFor();
    await page.getByText("4E5F-6G7H").first().waitFor();
    const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("kim")));
    assert.ok(keys.includes("kim-rheine.store"), `keys: ${keys}`);
    assert.ok(!keys.some((k) => k.startsWith("kim.")), `no second store under a new prefix: ${keys}`);

    // And the updated app still opens offline, from its new cache.
    await context.setOffline(true);
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Fälle" }).waitFor();
    await page.getByText("0A1B-2C3D").first().waitFor();
    await context.setOffline(false);
  } finally {
    await context.close();
    await rm(dir, { recursive: true, force: true });
  }
});

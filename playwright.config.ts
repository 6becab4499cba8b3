import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./scripts/chromium.mjs";
import { adminStatePath } from "./tests/e2e/support";
import { appUrl, noDatabaseUrl } from "./tests/e2e/urls";

// e2e runs against the production build (scripts/test.mjs builds it first) in Debian's Chromium.

// Set once in the main process; workers inherit it, so every process agrees on the folder.
process.env.TT_E2E_DATA_DIR ??= mkdtempSync(path.join(os.tmpdir(), "trailtriage-e2e-"));

const port = (url: string) => new URL(url).port;

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: true,
  forbidOnly: true,
  retries: 0,
  workers: 2,
  reporter: [["list"], ["json", { outputFile: "test-reports/e2e.json" }]],
  use: {
    baseURL: appUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    // The first run of a fresh installation creates the admin; every other test signs in from there.
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    // An empty installation's pages, before any other test uploads logs.
    {
      name: "first-run",
      dependencies: ["setup"],
      testMatch: /first-run\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 }, storageState: adminStatePath },
    },
    {
      name: "chromium",
      dependencies: ["setup", "first-run"],
      testIgnore: /first-run\.spec\.ts/,
      use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 }, storageState: adminStatePath },
    },
  ],
  webServer: [
    {
      // The real thing: `npm start`'s command, with its embedded PostgreSQL in a fresh folder.
      command: "node bin/trailtriage.mjs start",
      url: `${appUrl}/api/v1/health`,
      env: { PORT: port(appUrl), DATA_DIR: process.env.TT_E2E_DATA_DIR, DATABASE_URL: "", LOG_LEVEL: "warn" },
      timeout: 300_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 20_000 },
      stdout: "pipe",
    },
    {
      // The same build pointed at a database that does not exist, for the "database down" paths.
      command: `node bin/trailtriage.mjs serve --port ${port(noDatabaseUrl)} --hostname 127.0.0.1`,
      url: `${noDatabaseUrl}/login`,
      env: {
        DATABASE_URL: "postgresql://nobody@127.0.0.1:1/unreachable",
        NODE_ENV: "production",
        LOG_LEVEL: "fatal",
        NEXT_TELEMETRY_DISABLED: "1",
      },
      timeout: 60_000,
      reuseExistingServer: false,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      // It logs every failed database call, which is the point of this server: keep the output readable.
      stderr: "ignore",
    },
  ],
});

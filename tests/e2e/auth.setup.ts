import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test as setup } from "@playwright/test";
import { admin, adminStatePath } from "./support";

// Runs first (the "setup" project): the first run of a new installation, through the UI.
setup("first run: the setup code creates the first admin, who lands signed in", async ({ page }) => {
  const dataDir = process.env.TT_E2E_DATA_DIR;
  if (!dataDir) throw new Error("TT_E2E_DATA_DIR is not set; playwright.config.ts sets it");
  const code = (await readFile(path.join(dataDir, "setup-code"), "utf8")).trim();

  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Set up TrailTriage" })).toBeVisible();

  await page.getByLabel("Setup code").fill("WRNG-CODE-WRNG-CODE");
  await page.getByLabel("Your name").fill(admin.name);
  await page.getByLabel("Email").fill(admin.email);
  await page.getByLabel("Password", { exact: true }).fill(admin.password);
  await page.getByLabel("Password, again").fill(admin.password);
  await page.getByRole("button", { name: "Create admin and sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The setup code is not correct" })).toBeVisible();

  await page.getByLabel("Setup code").fill(code.toLowerCase());
  await page.getByRole("button", { name: "Create admin and sign in" }).click();
  await expect(page).toHaveURL(/\/signals$/);
  await expect(page.getByRole("heading", { level: 1, name: "Signals" })).toBeVisible();
  await expect(page.getByRole("link", { name: new RegExp(admin.name) })).toBeVisible();

  // The code is spent: setup is closed for good.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/signals$/);
  await page.context().storageState({ path: adminStatePath });
});

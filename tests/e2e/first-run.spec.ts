import { expect, test } from "@playwright/test";

// What a new installation shows before any log is uploaded. It runs before every other test (its own
// Playwright project), while the database holds no events: the others upload logs.

test("the home page opens the signals list, whose empty state leads to uploading logs", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signals$/);
  await expect(page.getByRole("heading", { level: 1, name: "Signals" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No signals yet" })).toBeVisible();
  await expect(page.getByText("Database connected")).toBeVisible();

  await page.getByRole("link", { name: "Upload CloudTrail logs" }).click();
  await expect(page).toHaveURL(/\/uploads$/);
  await expect(page.getByRole("region", { name: "Upload CloudTrail exports" })).toBeVisible();
});

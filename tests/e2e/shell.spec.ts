import { expect, test } from "@playwright/test";

// As the admin, who sees every section. `isBuilt`: the page works; otherwise it says it is not built yet.
const sections = [
  { label: "Signals", path: "/signals", heading: "Signals", isBuilt: true },
  { label: "Uploads", path: "/uploads", heading: "Uploads", isBuilt: true },
  { label: "Events", path: "/events", heading: "Events", isBuilt: true },
  { label: "Investigate", path: "/investigate", heading: "Investigate", isBuilt: true },
  { label: "Suppressions", path: "/suppressions", heading: "Suppressions", isBuilt: true },
  { label: "Rules", path: "/rules", heading: "Rules", isBuilt: true },
  { label: "Audit", path: "/audit", heading: "Audit", isBuilt: true },
  { label: "Settings", path: "/settings", heading: "Settings", isBuilt: true },
];

test("the sidebar reaches every section, marks it current, and each unbuilt page says so", async ({ page }) => {
  await page.goto("/signals");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link")).toHaveCount(sections.length);

  for (const section of sections) {
    await nav.getByRole("link", { name: section.label }).click();
    await expect(page).toHaveURL(new RegExp(`${section.path}$`));
    await expect(page.getByRole("heading", { level: 1, name: section.heading })).toBeVisible();
    await expect(nav.getByRole("link", { name: section.label })).toHaveAttribute("aria-current", "page");
    if (section.isBuilt) await expect(page.getByRole("note")).toHaveCount(0);
    else await expect(page.getByRole("note")).toContainText("Not built yet.");
  }
});

test("no page links anywhere that does not exist", async ({ page, request }) => {
  const seen = new Set<string>();
  for (const section of sections) {
    await page.goto(section.path);
    const hrefs = await page.locator("a[href^='/']").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    for (const href of hrefs) if (href) seen.add(href);
  }
  expect(seen.size).toBeGreaterThanOrEqual(sections.length);
  for (const href of seen) {
    const response = await request.get(href);
    expect(response.status(), href).toBeLessThan(400);
  }
});

test("an unknown address shows a page-not-found state with a way back", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await page.getByRole("link", { name: "Go to signals" }).click();
  await expect(page).toHaveURL(/\/signals$/);
});

test("the theme switches between light and dark and is remembered", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/signals");
  const html = page.locator("html");
  await expect(html).not.toHaveClass(/dark/);

  const toggle = page.getByRole("button", { name: /theme; switch to/ });
  await toggle.click(); // system → light
  await expect(toggle).toHaveAccessibleName(/^Light theme/);
  await toggle.click(); // light → dark
  await expect(html).toHaveClass(/dark/);
  const background = await page.locator("body").evaluate((body) => getComputedStyle(body).backgroundColor);
  expect(background).not.toBe("rgb(250, 250, 250)");

  await page.reload();
  await expect(html).toHaveClass(/dark/);
});

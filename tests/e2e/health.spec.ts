import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { noDatabaseUrl } from "./urls";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };

test("GET /api/v1/health answers 200 once the database answers", async ({ request }) => {
  const response = await request.get("/api/v1/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", db: "ok", version });
});

test("GET /api/v1/health answers 503 with a reason when the database is down", async ({ request }) => {
  const response = await request.get(`${noDatabaseUrl}/api/v1/health`);
  expect(response.status()).toBe(503);
  const body = await response.json();
  expect(body).toMatchObject({ status: "unavailable", db: "error", version, error: { code: "UNAVAILABLE" } });
  expect(body.reason).toMatch(/^database unreachable: /);
});

test("the sign-in page tells the analyst when the database is unreachable", async ({ page }) => {
  await page.goto(`${noDatabaseUrl}/login`);
  await expect(page.getByRole("status")).toContainText("Database unreachable");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("a page that needs the database explains the failure instead of a blank screen", async ({ page }) => {
  await page.goto(`${noDatabaseUrl}/signals`);
  await expect(page.getByRole("heading", { name: "This page could not load" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Try again" })).toBeVisible();
});

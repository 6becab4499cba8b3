#!/usr/bin/env node
// Screenshots for the README and for reviewing UI work, from a running server:
//   EMAIL=… PASSWORD=… PAGES=signals,audit node scripts/screenshots.mjs [baseUrl] [outDir] [--wide] [--full]
// (defaults: http://127.0.0.1:3000, docs, PAGES=signals). It signs in with EMAIL/PASSWORD when given.
// Each page is taken in the light and dark themes, at 1280 px (and 1920 px with --wide).
// A page may name a state after a colon: signals:panel (the side panel on the second signal),
// signals:bulk (two signals selected), signals:help (the shortcuts), signal (the first signal's page),
// investigate:principal, investigate:ip and investigate:key (the most denied of each). --full takes the
// whole page rather than the first screen; --height=1800 makes the screen that tall (default 760).
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "./chromium.mjs";

const args = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const baseUrl = args[0] ?? "http://127.0.0.1:3000";
const outDir = args[1] ?? "docs";
const widths = process.argv.includes("--wide") ? [1280, 1920] : [1280];
const pages = (process.env.PAGES ?? "signals").split(",");

mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch(chromiumLaunchOptions);
const signIn = async (context) => {
  if (!process.env.EMAIL) return;
  const response = await context.request.post(`${baseUrl}/api/v1/auth/login`, {
    data: { email: process.env.EMAIL, password: process.env.PASSWORD },
    headers: { origin: baseUrl },
  });
  if (!response.ok()) throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
};
/** Brings a page into the state its name asks for; answers the path to open first. */
const states = {
  "signals:panel": async (page) => {
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("o");
    await page
      .getByRole("complementary", { name: /Denied/ })
      .getByRole("region", { name: "Related signals" })
      .waitFor();
  },
  "signals:bulk": async (page) => {
    const rows = page.getByRole("table", { name: "Signals" }).locator("tbody tr");
    await rows.nth(0).getByRole("checkbox").check();
    await rows.nth(2).getByRole("checkbox").check();
    await page.evaluate(() => window.scrollTo(0, 0));
  },
  "signals:help": async (page) => {
    await page.keyboard.press("?");
  },
  signal: async (page) => {
    await page.getByRole("table", { name: "Signals" }).getByRole("link").first().click();
    await page.getByRole("region", { name: "Related signals" }).waitFor();
  },
  // The investigation views, opened from the Investigate page's most denied of each kind.
  "investigate:principal": (page) => openMostDenied(page, "Principals"),
  "investigate:ip": (page) => openMostDenied(page, "Source IPs"),
  "investigate:key": (page) => openMostDenied(page, "Access keys"),
};
async function openMostDenied(page, list) {
  await page.getByRole("region", { name: list }).getByRole("link").first().click();
  await page.getByRole("region", { name: "Relationships" }).waitFor();
  await page.getByTestId("activity-chart").locator(".recharts-bar-rectangle").first().waitFor();
}
const pathOf = (name) => (name === "signal" ? "signals" : name.split(":")[0]);
const isFullPage = process.argv.includes("--full");
const height = Number(process.argv.find((arg) => arg.startsWith("--height="))?.slice("--height=".length) ?? 760);

for (const name of pages) {
  for (const theme of ["light", "dark"]) {
    for (const width of widths) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme: theme });
      await signIn(context);
      const page = await context.newPage();
      await page.goto(`${baseUrl}/${pathOf(name)}`, { waitUntil: "networkidle" });
      // A dev server's indicator is not part of the product.
      await page.addStyleTag({ content: "nextjs-portal { display: none !important; }" });
      if (states[name]) {
        await states[name](page);
        await page.waitForLoadState("networkidle");
        await page.waitForTimeout(300);
      }
      // No tooltip or hover state left where the last click was.
      await page.mouse.move(0, 0);
      const suffix = widths.length > 1 ? `-${width}` : "";
      const file = path.join(outDir, `${name.replace(":", "-")}-${theme}${suffix}.png`);
      await page.screenshot({ path: file, fullPage: isFullPage });
      console.log(file);
      await context.close();
    }
  }
}
await browser.close();

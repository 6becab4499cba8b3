#!/usr/bin/env node
// Screenshots for the README and for reviewing UI work, from a running server:
//   EMAIL=… PASSWORD=… PAGES=signals,audit node scripts/screenshots.mjs [baseUrl] [outDir] [--wide]
// (defaults: http://127.0.0.1:3000, docs, PAGES=signals). It signs in with EMAIL/PASSWORD when given.
// Each page is taken in the light and dark themes, at 1280 px (and 1920 px with --wide).
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
for (const name of pages) {
  for (const theme of ["light", "dark"]) {
    for (const width of widths) {
      const context = await browser.newContext({ viewport: { width, height: 760 }, colorScheme: theme });
      await signIn(context);
      const page = await context.newPage();
      await page.goto(`${baseUrl}/${name}`, { waitUntil: "networkidle" });
      const suffix = widths.length > 1 ? `-${width}` : "";
      const file = path.join(outDir, `${name}-${theme}${suffix}.png`);
      await page.screenshot({ path: file });
      console.log(file);
      await context.close();
    }
  }
}
await browser.close();

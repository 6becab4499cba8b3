import { chromium } from "@playwright/test";
import { chromiumLaunchOptions } from "./chromium.mjs";
const B = "http://127.0.0.1:3300";
const [width = "1280", theme = "light", scenario = "list"] = process.argv.slice(2);
const browser = await chromium.launch(chromiumLaunchOptions);
const context = await browser.newContext({ viewport: { width: Number(width), height: 900 }, colorScheme: theme });
await context.request.post(`${B}/api/v1/auth/login`, { data: { email: "ada@example.com", password: "correct horse battery staple" }, headers: { origin: B } });
const page = await context.newPage();
page.on("console", (m) => { if (m.type() === "error") console.log("console:", m.text()); });
await page.addStyleTag({ content: "nextjs-portal{display:none!important}" }).catch(() => {});
await page.goto(`${B}/signals`, { waitUntil: "load" });
await page.getByRole("table", { name: "Signals" }).waitFor();
await page.addStyleTag({ content: "nextjs-portal{display:none!important}" });
const shot = async (name) => { await page.waitForTimeout(600); await page.screenshot({ path: `/tmp/shots/${scenario}-${name}-${theme}-${width}.png` }); console.log(name); };
if (scenario === "list") await shot("list");
if (scenario === "panel") { await page.keyboard.press("j"); await page.keyboard.press("j"); await page.keyboard.press("o"); await page.getByRole("dialog").getByRole("region", { name: "Triage" }).waitFor(); await shot("panel"); }
if (scenario === "bulk") { const boxes = page.getByRole("checkbox"); await boxes.nth(1).check(); await boxes.nth(3).check(); await shot("bulk"); await page.getByRole("checkbox", { name: "Select every signal on this page" }).check(); await shot("bulk-all"); }
if (scenario === "help") { await page.keyboard.press("?"); await shot("help"); }
if (scenario === "archive") { await page.keyboard.press("j"); await page.keyboard.press("e"); await shot("archive"); }
if (scenario === "signal") { await page.getByRole("table", { name: "Signals" }).getByRole("link").first().click(); await page.getByRole("region", { name: "Related signals" }).waitFor(); await page.waitForLoadState("networkidle"); await shot("signal"); await page.screenshot({ path: `/tmp/shots/signal-full-${theme}-${width}.png`, fullPage: true }); }
await browser.close();

// Debian's Chromium, launched the way these offline machines need (../shared/ENVIRONMENT.md):
// Playwright's own browser download cannot work here, and without the background-networking flags
// Chromium keeps trying to reach Google's hosts. Shared by playwright.config.ts and the screenshot script.
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

// Must match playwright.config.ts.
export const appUrl = "http://127.0.0.1:3100";
export const noDatabaseUrl = "http://127.0.0.1:3101";

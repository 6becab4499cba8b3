// Must match playwright.config.ts. TT_E2E_PORT moves both servers (it and the next port), so two
// checkouts can run their e2e suites side by side.
const base = Number(process.env.TT_E2E_PORT ?? 3100);
export const appUrl = `http://127.0.0.1:${base}`;
export const noDatabaseUrl = `http://127.0.0.1:${base + 1}`;

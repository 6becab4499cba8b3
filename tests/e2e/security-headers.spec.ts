import { expect, test } from "@playwright/test";
import { anonymousApi, createActiveUser, sameOrigin } from "./support";

test("pages carry a nonce-based CSP with no inline scripts allowed, and the other security headers", async ({
  page,
}) => {
  const response = await page.goto("/signals");
  const headers = response?.headers() ?? {};
  const csp = headers["content-security-policy"] ?? "";
  const scriptSrc = csp.split(";").find((directive) => directive.trim().startsWith("script-src")) ?? "";
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");

  // Every script the page runs carries this response's nonce (so the page works under the policy).
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
  const scripts = await page
    .locator("script")
    .evaluateAll((nodes) => nodes.map((node) => (node as HTMLScriptElement).nonce));
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.every((value) => value === nonce)).toBe(true);

  const second = (await page.request.get("/signals")).headers()["content-security-policy"];
  expect(second).not.toBe(csp);
});

test("the session cookie is HttpOnly and SameSite=Lax, and Secure when served over HTTPS", async () => {
  const user = await createActiveUser("viewer", "cookie");
  await user.api.dispose();
  const api = await anonymousApi();
  const login = (headers: Record<string, string>) =>
    api.post("/api/v1/auth/login", {
      data: { email: user.email, password: user.password },
      headers: { ...sameOrigin, ...headers },
    });

  const plain = (await login({})).headers()["set-cookie"] ?? "";
  expect(plain).toMatch(/^tt_session=[A-Za-z0-9_-]{43};/);
  expect(plain).toMatch(/HttpOnly/i);
  expect(plain).toMatch(/SameSite=Lax/i);
  expect(plain).not.toMatch(/Secure/i);

  // Behind a TLS-terminating proxy, which says so with X-Forwarded-Proto.
  const secure = (await login({ "x-forwarded-proto": "https" })).headers()["set-cookie"] ?? "";
  expect(secure).toMatch(/; Secure/i);
  await api.dispose();
});

test("the upload route, which the proxy leaves out, carries the security headers too (issue 15, finding 9)", async ({
  page,
}) => {
  for (const response of [
    await page.request.get("/api/v1/uploads"),
    await page.request.post("/api/v1/uploads", { headers: sameOrigin, data: "" }),
  ]) {
    const headers = response.headers();
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["referrer-policy"]).toBe("same-origin");
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["cache-control"]).toBe("no-store");
  }
});

import { expect, test } from "@playwright/test";
import { adminApi, anonymousApi, createActiveUser, createUser, sameOrigin, uniqueEmail } from "./support";
import { appUrl } from "./urls";

test.describe("signed out", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("a wrong password is refused; the right one leads where the analyst was going", async ({ page }) => {
    // Their own password: a temporary one is sent to /settings first (the test below).
    const analyst = await createActiveUser("analyst", "login");
    await analyst.api.dispose();
    await page.goto("/events");
    await expect(page).toHaveURL(/\/login\?next=%2Fevents$/);

    await page.getByLabel("Email").fill(analyst.email);
    await page.getByLabel("Password").fill("not the password at all");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "The email or password is incorrect." })).toBeVisible();
    await expect(page).toHaveURL(/\/login/);

    await page.getByLabel("Password").fill(analyst.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/events$/);
    await expect(page.getByRole("heading", { level: 1, name: "Events" })).toBeVisible();
  });

  test("a sign-in link cannot send the analyst to another site", async ({ page }) => {
    const analyst = await createActiveUser("analyst", "redirect");
    await analyst.api.dispose();
    // The last four landed on http://evil.example before issue 15 (finding 1).
    for (const next of [
      "//evil.example/x",
      "/\\evil.example/x",
      "https://evil.example/x",
      "/.//evil.example/pwn",
      "/..//evil.example/pwn",
      "/%2e//evil.example/pwn",
      "/./\\evil.example/pwn",
    ]) {
      await page.goto(`/login?next=${encodeURIComponent(next)}`);
      await page.getByLabel("Email").fill(analyst.email);
      await page.getByLabel("Password").fill(analyst.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page).toHaveURL(`${appUrl}/signals`);
      await page.request.post("/api/v1/auth/logout", { headers: sameOrigin });
    }
  });

  test("a temporary password must be replaced; signing out ends the session", async ({ page }) => {
    const analyst = await createUser("analyst", "temp");
    await page.goto("/login");
    await page.getByLabel("Email").fill(analyst.email);
    await page.getByLabel("Password").fill(analyst.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Every page sends a temporary password to be replaced first, as the API refuses it (issue 15, finding 7).
    await expect(page).toHaveURL(/\/settings$/);
    await expect(
      page.getByText("Your password was set by an admin. Choose your own before you continue."),
    ).toBeVisible();
    for (const path of [
      "/signals",
      "/rules",
      "/events",
      "/signals/00000000-0000-4000-8000-000000000000",
      "/settings/tokens",
    ]) {
      await page.goto(path);
      await expect(page, path).toHaveURL(/\/settings$/);
    }
    await expect(page.getByRole("link", { name: "Choose a new password" })).toBeVisible();
    await page.getByLabel("Current password").fill(analyst.password);
    await page.getByLabel("New password", { exact: true }).fill("my own long password");
    await page.getByLabel("New password, again").fill("my own long password");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Password changed" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Choose a new password" })).toHaveCount(0);
    await page.goto("/rules");
    await expect(page).toHaveURL(/\/rules$/);

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/signals");
    await expect(page).toHaveURL(/\/login\?next=%2Fsignals$/);
  });
});

test("a client's own X-Forwarded-For does not choose the address that is audited (issue 15, finding 3)", async () => {
  const api = await anonymousApi();
  const email = uniqueEmail("forged-ip");
  const refused = await api.post("/api/v1/auth/login", {
    data: { email, password: "a guess" },
    headers: { ...sameOrigin, "x-forwarded-for": "198.18.0.1" },
  });
  expect(refused.status()).toBe(401);
  await api.dispose();
  const admin = await adminApi();
  const audit = await (await admin.get("/api/v1/audit?action=auth.login.failed&pageSize=100")).json();
  const entry = (audit.data as { ip: string | null; details: { email?: string } }[]).find(
    (row) => row.details.email === email,
  );
  // No TRUSTED_PROXIES is set for the e2e server: the TCP peer (this machine) is the client.
  expect(entry?.ip).toBe("127.0.0.1");
  await admin.dispose();
});

test.describe("a viewer", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("sees no admin pages and cannot reach admin APIs", async ({ page }) => {
    const viewer = await createActiveUser("viewer");
    await viewer.api.dispose();
    // Signing in through the API; the login form has its own tests.
    const login = await page.request.post("/api/v1/auth/login", {
      data: { email: viewer.email, password: viewer.password },
      headers: sameOrigin,
    });
    expect(login.status()).toBe(200);

    await page.goto("/signals");
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Signals" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Audit" })).toHaveCount(0);

    for (const path of ["/audit", "/settings/users", "/settings/tokens"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { name: "Only for the admin role" })).toBeVisible();
      await expect(page.getByRole("table")).toHaveCount(0);
    }
    await page.goto("/settings");
    const tabs = page.getByRole("navigation", { name: "Settings" }).getByRole("link");
    await expect(tabs).toHaveText(["Your account"]);

    expect((await page.request.get("/api/v1/users")).status()).toBe(403);
    expect((await page.request.get("/api/v1/audit")).status()).toBe(403);
  });
});

test.describe("an admin", () => {
  test("adds a user, who appears in the list with a temporary password", async ({ page }) => {
    const email = `added-${Date.now()}@example.test`;
    await page.goto("/settings/users");
    const form = page.locator("form").filter({ has: page.getByRole("heading", { name: "Add a user" }) });
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Name").fill("Added Analyst");
    await form.getByLabel("Role").selectOption("analyst");
    await form.getByRole("button", { name: "Generate" }).click();
    await expect(form.getByLabel("Temporary password")).not.toHaveValue("");
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByRole("status").filter({ hasText: `${email} can now sign in` })).toBeVisible();
    const row = page.getByRole("row").filter({ hasText: email });
    await expect(row).toContainText("Temporary password");
    await expect(row.getByRole("combobox")).toHaveValue("analyst");
  });

  test("creates an API token that is shown once, and revokes it", async ({ page }) => {
    const name = `shipper ${Date.now()}`;
    await page.goto("/settings/tokens");
    await page.getByLabel("Name").fill(name);
    await page.getByRole("checkbox", { name: /ingest/ }).check();
    await page.getByRole("button", { name: "Create token" }).click();
    const shown = page.getByTestId("new-api-token");
    await expect(shown).toHaveText(/^tt_[A-Za-z0-9_-]{43}$/);
    const token = (await shown.textContent()) ?? "";

    const whoami = await page.request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
    expect(await whoami.json()).toMatchObject({ kind: "token", name, scopes: ["ingest", "read"] });

    page.once("dialog", (dialog) => dialog.accept());
    await page.getByRole("button", { name: `Revoke ${name}` }).click();
    await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Revoked");
    const after = await page.request.get("/api/v1/me", { headers: { authorization: `Bearer ${token}` } });
    expect(after.status()).toBe(401);

    await page.reload();
    await expect(page.getByText(token)).toHaveCount(0);
  });

  test("reads the audit log, filters it by action and exports it as CSV", async ({ page }) => {
    const created = await createUser("viewer", "audited");
    await page.goto("/audit");
    await expect(page.getByRole("table", { name: "Audit log" })).toContainText(created.email);

    await page.getByLabel("Action").selectOption("user.created");
    await expect(page).toHaveURL(/action=user\.created/);
    const rows = page.getByRole("table", { name: "Audit log" }).locator("tbody tr");
    await expect(rows.filter({ hasText: "user.created" }).first()).toBeVisible();
    await expect(rows.filter({ hasNotText: "user.created" })).toHaveCount(0);

    const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    const csv = await page.request.get(href ?? "");
    expect(csv.headers()["content-type"]).toContain("text/csv");
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toBe("id,at,actor_type,actor_id,actor,action,target_type,target_id,ip,details");
    expect(text).toContain(created.email);
    expect(text).not.toContain("auth.setup");
  });
});

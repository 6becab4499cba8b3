import { randomBytes } from "node:crypto";
import { type APIRequestContext, expect, request } from "@playwright/test";
import { appUrl } from "./urls";

// Shared by the e2e specs: the admin made by auth.setup.ts, and accounts and tokens made through the API.

export const adminStatePath = "test-results/.auth/admin.json";
export const admin = { email: "admin@example.test", name: "Ada Admin", password: "e2e admin password, long enough" };
/** Same-origin requests, as the app's own pages send them (state changes need it: CSRF defence). */
export const sameOrigin = { origin: appUrl };
/** New request contexts would otherwise inherit the project's admin storage state. */
export const signedOut = { cookies: [], origins: [] };

export function anonymousApi(headers: Record<string, string> = sameOrigin): Promise<APIRequestContext> {
  return request.newContext({ baseURL: appUrl, storageState: signedOut, extraHTTPHeaders: headers });
}

export type Role = "viewer" | "analyst" | "admin";

export function uniqueEmail(label: string): string {
  return `${label}-${randomBytes(4).toString("hex")}@example.test`;
}

export async function adminApi(): Promise<APIRequestContext> {
  return request.newContext({ baseURL: appUrl, storageState: adminStatePath, extraHTTPHeaders: sameOrigin });
}

/** A user created by the admin with a temporary password, not yet signed in. */
export async function createUser(role: Role, label: string = role) {
  const api = await adminApi();
  const account = {
    email: uniqueEmail(label),
    name: `${label} ${role}`,
    role,
    password: `temporary ${randomBytes(6).toString("hex")}`,
  };
  const response = await api.post("/api/v1/users", { data: account });
  expect(response.status(), await response.text()).toBe(201);
  await api.dispose();
  return account;
}

export async function signIn(api: APIRequestContext, email: string, password: string): Promise<void> {
  const response = await api.post("/api/v1/auth/login", { data: { email, password }, headers: sameOrigin });
  expect(response.status(), await response.text()).toBe(200);
}

/** A user who has signed in and replaced the temporary password: ready to use the app. */
export async function createActiveUser(role: Role, label: string = role) {
  const account = await createUser(role, label);
  const api = await anonymousApi();
  await signIn(api, account.email, account.password);
  const password = `chosen ${randomBytes(8).toString("hex")}`;
  const changed = await api.post("/api/v1/me/password", {
    data: { currentPassword: account.password, newPassword: password },
  });
  expect(changed.status(), await changed.text()).toBe(200);
  return { ...account, password, api };
}

export async function createToken(scopes: ("ingest" | "read" | "write")[], name = `token ${scopes.join("+")}`) {
  const api = await adminApi();
  const response = await api.post("/api/v1/tokens", { data: { name, scopes } });
  expect(response.status(), await response.text()).toBe(201);
  const created = (await response.json()) as { id: string; token: string };
  await api.dispose();
  return created;
}

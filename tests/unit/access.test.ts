import { describe, expect, it } from "vitest";
import { type Access, type Actor, decide, isSameOriginRequest } from "@/lib/auth/access";

const user = (role: "viewer" | "analyst" | "admin"): Actor => ({
  kind: "user",
  userId: "u",
  email: "e@x.io",
  name: "n",
  role,
  sessionId: "s",
  mustChangePassword: false,
});
const token = (...scopes: ("ingest" | "read" | "write")[]): Actor => ({
  kind: "token",
  tokenId: "t",
  name: "t",
  scopes,
});

describe("decide", () => {
  const cases: [Access, Actor | null, string][] = [
    ["public", null, "allow"],
    ["authenticated", null, "unauthenticated"],
    ["authenticated", token("ingest"), "allow"],
    ["session", user("viewer"), "allow"],
    ["session", token("read", "write"), "forbidden"],
    [{ role: "viewer", scope: "read" }, user("viewer"), "allow"],
    [{ role: "viewer", scope: "read" }, token("read"), "allow"],
    [{ role: "viewer", scope: "read" }, token("ingest"), "forbidden"],
    [{ role: "analyst", scope: "write" }, user("viewer"), "forbidden"],
    [{ role: "analyst", scope: "write" }, user("admin"), "allow"],
    [{ role: "admin" }, user("analyst"), "forbidden"],
    [{ role: "admin" }, token("ingest", "read", "write"), "forbidden"],
    [{ role: "admin" }, null, "unauthenticated"],
    [{ role: "viewer", scope: ["read", "ingest"] }, token("ingest"), "allow"],
    [{ role: "viewer", scope: ["read", "ingest"] }, token("read"), "allow"],
    [{ role: "viewer", scope: ["read", "ingest"] }, token("write"), "forbidden"],
  ];
  it.each(cases)("%j for %j is %s", (access, actor, expected) => {
    expect(decide(access, actor)).toBe(expected);
  });
});

describe("isSameOriginRequest", () => {
  const base = { host: "localhost:3000", origin: null, referer: null };
  it("lets safe methods through without an Origin", () => {
    expect(isSameOriginRequest({ ...base, method: "GET" })).toBe(true);
  });
  it("accepts a state change from the same origin", () => {
    expect(isSameOriginRequest({ ...base, method: "POST", origin: "http://localhost:3000" })).toBe(true);
  });
  it("refuses a state change from another site, or from nowhere", () => {
    expect(isSameOriginRequest({ ...base, method: "POST", origin: "https://evil.example" })).toBe(false);
    expect(isSameOriginRequest({ ...base, method: "DELETE", origin: "http://localhost:3001" })).toBe(false);
    expect(isSameOriginRequest({ ...base, method: "PATCH" })).toBe(false);
    expect(isSameOriginRequest({ ...base, method: "POST", origin: "null" })).toBe(false);
  });
  it("falls back to the Referer when the Origin is missing", () => {
    expect(isSameOriginRequest({ ...base, method: "POST", referer: "http://localhost:3000/settings" })).toBe(true);
    expect(isSameOriginRequest({ ...base, method: "POST", referer: "http://evil.example/x" })).toBe(false);
  });
});

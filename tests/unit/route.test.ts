import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toJson } from "@/lib/api/json";
import { withRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { pageQuerySchema } from "@/lib/page";

const noParams = { params: Promise.resolve({}) };

const sameOrigin = { host: "localhost", origin: "http://localhost" };

function request(url: string, init?: { method?: string; body?: string; headers?: Record<string, string> }) {
  return new NextRequest(new URL(url, "http://localhost"), init);
}

describe("withRoute", () => {
  const handler = withRoute(
    { access: "public", query: pageQuerySchema.extend({ q: z.string().optional() }) },
    async ({ query }) => ({ data: [], total: 0, page: query.page, pageSize: query.pageSize }),
  );

  it("parses and defaults the query with zod", async () => {
    const response = await handler(request("/api/v1/things?page=3"), noParams);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: [], total: 0, page: 3, pageSize: 50 });
  });

  it("answers bad input with 400 and the envelope, naming the field", async () => {
    const response = await handler(request("/api/v1/things?pageSize=100000"), noParams);
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body).toEqual({
      error: { code: "INVALID_INPUT", message: expect.stringMatching(/^Invalid query: pageSize: /) },
    });
  });

  it("answers invalid JSON bodies with 400", async () => {
    const post = withRoute({ access: "public", body: z.object({ name: z.string() }) }, async ({ body }) => body);
    const response = await post(request("/x", { method: "POST", body: "{not json", headers: sameOrigin }), noParams);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe("The request body is not valid JSON.");
  });

  it("refuses a cross-site state change before reading its body", async () => {
    const post = withRoute({ access: "public", body: z.object({ name: z.string() }) }, async ({ body }) => body);
    const response = await post(
      request("/x", {
        method: "POST",
        body: '{"name":"x"}',
        headers: { host: "localhost", origin: "https://evil.example" },
      }),
      noParams,
    );
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toMatch(/Cross-site request refused/);
  });

  it("maps AppError codes to their HTTP status", async () => {
    const missing = withRoute({ access: "public" }, async () => {
      throw new AppError("NOT_FOUND", "No signal with id 42.");
    });
    const response = await missing(request("/x"), noParams);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "NOT_FOUND", message: "No signal with id 42." } });
  });

  it("hides unexpected errors behind a 500 with no stack trace", async () => {
    const broken = withRoute({ access: "public" }, async () => {
      throw new Error("connection string postgres://secret@db leaked?");
    });
    const response = await broken(request("/x"), noParams);
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("secret");
    expect(JSON.parse(text).error.code).toBe("INTERNAL");
  });
});

describe("toJson", () => {
  it("writes BigInt values as numbers when exact and as strings beyond 2^53", () => {
    expect(toJson({ id: 12n, big: 2n ** 60n })).toBe('{"id":12,"big":"1152921504606846976"}');
  });

  it("refuses a NUL byte the schema let through, naming where it is, however deep (issue 15, finding 4)", async () => {
    const post = withRoute({ access: "public", body: z.record(z.string(), z.unknown()) }, async () => ({ ok: true }));
    let nested: unknown = "x\u0000";
    for (let i = 0; i < 1000; i++) nested = { a: [nested] };
    const response = await post(
      request("/x", { method: "POST", body: JSON.stringify({ fine: "yes", deep: nested }), headers: sameOrigin }),
      noParams,
    );
    expect(response.status).toBe(400);
    const message: string = (await response.json()).error.message;
    expect(message).toMatch(/^Invalid body: deep\.a\.0\.a\.0\..*: must not contain a NUL byte$/);
    const key = await post(
      request("/x", { method: "POST", body: JSON.stringify({ "na\u0000me": 1 }), headers: sameOrigin }),
      noParams,
    );
    expect((await key.json()).error.message).toBe("Invalid body: na\\0me: must not contain a NUL byte");
  });

  it("lets a schema strip or refuse a NUL first, with its own message", async () => {
    const get = withRoute(
      { access: "public", query: z.object({ name: z.string().transform((v) => v.replaceAll("\u0000", "")) }) },
      async ({ query }) => query,
    );
    expect(await (await get(request("/x?name=a%00b"), noParams)).json()).toEqual({ name: "ab" });
  });

  it("answers a NUL in a path id with the 404 every malformed id gets", async () => {
    const get = withRoute({ access: "public", params: z.object({ id: z.string().max(200) }) }, async () => ({}));
    const response = await get(request("/x"), { params: Promise.resolve({ id: "rule\u0000x" }) });
    expect(response.status).toBe(404);
    expect((await response.json()).error.message).toBe("Invalid path: id: must not contain a NUL byte");
  });
});

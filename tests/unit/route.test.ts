import { NextRequest } from "next/server";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { toJson } from "@/lib/api/json";
import { created, noContent, type ResultOf, reply } from "@/lib/api/reply";
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

describe("withRoute builds every response from the handler's result (lib/api/reply.ts)", () => {
  const get = (handler: ReturnType<typeof withRoute>) => handler(request("/x", { headers: sameOrigin }), noParams);

  it("a value is a 200 JSON answer, never cached; a created one a 201; nothing to say a 204", async () => {
    const plain = await get(withRoute({ access: "public" }, async () => ({ id: "a", count: 10n })));
    expect(plain.status).toBe(200);
    expect(plain.headers.get("cache-control")).toBe("no-store");
    expect(await plain.json()).toEqual({ id: "a", count: 10 });

    const made = await get(withRoute({ access: "public" }, async () => created({ id: "b" })));
    expect(made.status).toBe(201);
    expect(await made.json()).toEqual({ id: "b" });

    const gone = await get(withRoute({ access: "public" }, async () => noContent()));
    expect(gone.status).toBe(204);
    expect(await gone.text()).toBe("");
    expect(gone.headers.get("cache-control")).toBe("no-store");
  });

  it("a session change sets or clears the HttpOnly cookie, Secure over HTTPS", async () => {
    const expiresAt = new Date(Date.now() + 3_600_000);
    const signIn = withRoute({ access: "public" }, async () =>
      reply({ userId: "u" }, { session: { set: { token: "secret-token", expiresAt } } }),
    );
    const set = await get(signIn);
    expect(set.headers.get("set-cookie")).toMatch(/^tt_session=secret-token;.*HttpOnly/i);
    expect(set.headers.get("set-cookie")).not.toMatch(/Secure/i);
    const overTls = await signIn(request("https://localhost/x", { headers: sameOrigin }), noParams);
    expect(overTls.headers.get("set-cookie")).toMatch(/; Secure/i);

    const signOut = await get(withRoute({ access: "public" }, async () => reply({}, { session: { clear: true } })));
    expect(signOut.headers.get("set-cookie")).toMatch(/^tt_session=;.*Max-Age=0/i);
  });

  it("a download's own Response goes out as it is", async () => {
    const file = await get(
      withRoute({ access: "public" }, async () => new Response("a,b\n", { headers: { "content-type": "text/csv" } })),
    );
    expect(file.headers.get("content-type")).toBe("text/csv");
    expect(await file.text()).toBe("a,b\n");
  });

  it("the body's type travels with the route, as the browser receives it", () => {
    const detail = withRoute({ access: "public" }, async () => ({ at: new Date(), count: 1n, tags: ["x"] }));
    expectTypeOf<ResultOf<typeof detail>>().toEqualTypeOf<{ at: string; count: number; tags: string[] }>();
    const made = withRoute({ access: "public" }, async () => created({ id: "b" }));
    expectTypeOf<ResultOf<typeof made>>().toEqualTypeOf<{ id: string }>();
    const deletion = withRoute({ access: "public" }, async () => noContent());
    expectTypeOf<ResultOf<typeof deletion>>().toEqualTypeOf<null>();
  });
});

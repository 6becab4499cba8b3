import { describe, expect, it } from "vitest";
import { arnResource } from "@/lib/cloudtrail/arn";
import { eventFiltersSchema, eventQuerySchema, eventSearchParams, eventSearchSchema } from "@/lib/events/filters";

describe("event filters for the API", () => {
  it("trims exact-match values and treats blank ones as no filter", () => {
    expect(eventFiltersSchema.parse({ principal: "  arn:aws:iam::1:user/a ", ip: "", errorCode: "   " })).toEqual({
      principal: "arn:aws:iam::1:user/a",
    });
  });

  it("refuses an unknown credential type, an upload that is not a UUID, and a reversed time range", () => {
    for (const input of [
      { credentialType: "root" },
      { upload: "42" },
      { from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" },
      { from: "yesterday" },
    ]) {
      expect(eventFiltersSchema.safeParse(input).success, JSON.stringify(input)).toBe(false);
    }
  });

  it("refuses a NUL byte in a text filter, naming the filter (PostgreSQL cannot compare one)", () => {
    const result = eventFiltersSchema.safeParse({ ip: "203.0.113.7", errorCode: "Access\u0000Denied" });
    expect(result.error?.issues.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["errorCode", "must not contain a NUL byte"],
    ]);
  });

  it("pages with the shared defaults and limits", () => {
    expect(eventQuerySchema.parse({})).toMatchObject({ page: 1, pageSize: 50 });
    expect(eventQuerySchema.safeParse({ pageSize: "501" }).success).toBe(false);
  });
});

describe("event filters in the page URL", () => {
  it("drops values that do not parse instead of failing, keeping the rest", () => {
    expect(
      eventSearchSchema.parse({ credentialType: "bogus", from: "soon", page: "-2", upload: "x", ip: "203.0.113.7" }),
    ).toEqual({ ip: "203.0.113.7", page: 1 });
  });

  it("round-trips through a query string, dates as ISO instants", () => {
    const search = eventSearchSchema.parse({
      principal: "arn:aws:sts::1:assumed-role/R/s@example.com",
      from: "2026-01-14T15:00:00.000Z",
      credentialType: "temporary",
      page: "3",
    });
    const query = eventSearchParams(search);
    expect(query).toBe(
      "principal=arn%3Aaws%3Asts%3A%3A1%3Aassumed-role%2FR%2Fs%40example.com&credentialType=temporary&from=2026-01-14T15%3A00%3A00.000Z&page=3",
    );
    expect(eventSearchSchema.parse(Object.fromEntries(new URLSearchParams(query)))).toEqual(search);
  });
});

describe("ARN display", () => {
  it("shows the resource part, keeping colons inside it", () => {
    expect(arnResource("arn:aws:iam::111122223333:user/path/ana")).toBe("user/path/ana");
    expect(arnResource("arn:aws:sts::111122223333:assumed-role/R/a:b")).toBe("assumed-role/R/a:b");
    expect(arnResource("not-an-arn")).toBe("not-an-arn");
    expect(arnResource("a:b:c:d:e:f")).toBe("a:b:c:d:e:f");
  });
});

import { createLoader, createSerializer } from "nuqs/server";
import { describe, expect, it } from "vitest";
import { arnResource } from "@/lib/cloudtrail/arn";
import { eventFilterShape, eventFiltersSchema, eventQuerySchema } from "@/lib/events/filters";
import {
  eventSearchChanges,
  eventSearchOf,
  eventSearchParsers,
  eventSearchUrlKeys,
  loadEventSearch,
  noEventFilters,
} from "@/lib/events/search-params";

/** Every filter absent, as nuqs reads an empty URL. */
const nothing = Object.fromEntries(Object.keys(eventFilterShape).map((key) => [key, null]));

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

describe("event filters in the page URL (one nuqs parser map)", () => {
  const serialize = createSerializer(eventSearchParsers);

  it("has a parser for every filter the API takes, and the page", () => {
    expect(Object.keys(eventSearchParsers)).toEqual([...Object.keys(eventFilterShape), "page"]);
  });

  it("drops what the API would refuse instead of failing, keeping the rest", () => {
    const query = [
      "credentialType=bogus&from=soon&page=-2&upload=x&principal=a%00b&ip=%20203.0.113.7%20&errorCode=",
      `awsRegion=eu-west-1&q=${"x".repeat(201)}`,
    ].join("&");
    expect(loadEventSearch(query)).toEqual({ ...nothing, ip: "203.0.113.7", awsRegion: "eu-west-1", page: 1 });
    expect(loadEventSearch("q=%00").q).toBeNull();
    for (const page of ["0", "2.5", "x", ""]) expect(loadEventSearch(`page=${page}`).page, page).toBe(1);
    expect(loadEventSearch("page=3").page).toBe(3);
  });

  it("writes dates as ISO instants and leaves the first page out, and reads back what it wrote", () => {
    const values = {
      principal: "arn:aws:sts::1:assumed-role/R/s@example.com",
      from: new Date("2026-01-14T15:00:00Z"),
      credentialType: "temporary" as const,
      page: 1,
    };
    const query = serialize(values);
    expect(new URLSearchParams(query).toString()).toBe(
      "principal=arn%3Aaws%3Asts%3A%3A1%3Aassumed-role%2FR%2Fs%40example.com&credentialType=temporary&from=2026-01-14T15%3A00%3A00.000Z",
    );
    expect(loadEventSearch(query)).toEqual({ ...nothing, ...values });
    expect(loadEventSearch(serialize({ ...values, page: 3 })).page).toBe(3);
  });

  it("keeps free text as typed, LIKE's wildcards and a plus sign included", () => {
    const q = "Denied_Bedrock 100% a+b & c=d";
    const query = serialize({ q });
    expect(loadEventSearch(query).q).toBe(q);
    expect(new URLSearchParams(query).get("q")).toBe(q);
  });

  it("reads dates the way the API does", () => {
    expect(loadEventSearch("to=2026-01-14").to).toEqual(new Date("2026-01-14T00:00:00Z"));
  });

  it("can live under a prefix beside another screen's query", () => {
    const urlKeys = eventSearchUrlKeys("events");
    const load = createLoader(eventSearchParsers, { urlKeys });
    const query = "principal=arn%3Aaws%3Aiam%3A%3A1%3Auser%2Fa&events.ip=203.0.113.7&events.page=2";
    expect(load(query)).toEqual({ ...nothing, ip: "203.0.113.7", page: 2 });
    expect(createSerializer(eventSearchParsers, { urlKeys })({ eventName: "ListModels", page: 4 })).toBe(
      "?events.eventName=ListModels&events.page=4",
    );
  });

  it("lays a screen's fixed filters over the URL's: they apply, but the URL neither sets nor clears them", () => {
    const principal = "arn:aws:iam::111122223333:user/a";
    const state = loadEventSearch("principal=arn%3Aaws%3Aiam%3A%3A1%3Auser%2Fother&ip=203.0.113.7&page=2");
    expect(eventSearchOf(state, { principal })).toEqual({
      own: { ip: "203.0.113.7" },
      filters: { ip: "203.0.113.7", principal },
      search: { ip: "203.0.113.7", principal, page: 2 },
    });
    expect(eventSearchOf(state).own).toEqual({ principal: "arn:aws:iam::1:user/other", ip: "203.0.113.7" });

    expect(eventSearchChanges({ principal: "x", ip: undefined, eventName: "ListModels" }, { principal })).toEqual({
      ip: null,
      eventName: "ListModels",
      page: null,
    });
    const cleared = eventSearchChanges(noEventFilters, { principal });
    expect(Object.keys(cleared).sort()).toEqual(
      [...Object.keys(nothing).filter((key) => key !== "principal"), "page"].sort(),
    );
    expect(Object.values(cleared).every((value) => value === null)).toBe(true);
  });

  it("renders the server page again only when the upload changes (its chip is named there)", () => {
    expect(eventSearchParsers.upload.shallow).toBe(false);
    expect(eventSearchParsers.principal.shallow).toBeUndefined();
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

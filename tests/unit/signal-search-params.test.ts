import { createSerializer } from "nuqs/server";
import { describe, expect, it } from "vitest";
import { signalFilterShape } from "@/lib/signals/filters";
import { normalizeViewQuery } from "@/lib/signals/saved-views";
import { loadSignalSearch, signalSearchParsers, toSignalSearch, viewQueryOf } from "@/lib/signals/search-params";

// The Signals page's URL state (one nuqs parser map) and the saved views it must recognise.

const fromUrl = (query: string) => toSignalSearch(loadSignalSearch(new URLSearchParams(query)));

describe("signal filters in the page URL", () => {
  it("has a parser for every filter the API takes, then the order and the page", () => {
    expect(Object.keys(signalSearchParsers)).toEqual([...Object.keys(signalFilterShape), "sort", "page"]);
  });

  it("drops what the API would refuse, keeping the rest; no order means the default one", () => {
    expect(
      fromUrl("status=open,bogus&severity=high,low&assignee=someone&sort=loudest&page=0&q=%20denied%20&ruleId=a%00"),
    ).toEqual({ severity: ["high", "low"], q: "denied", page: 1 });
  });

  it("opens a saved view as the same view: what the page would save again is what was saved", () => {
    for (const query of [
      "",
      "sort=-lastSeen",
      "status=archived,open&severity=critical,low&sort=eventCount",
      "assignee=me&principal=arn:aws:iam::111122223333:user/a b&q=Denied_Bedrock 100%",
      "ruleId=bedrock-denied&upload=0b7e0c9e-52f4-4e8a-9a55-2f1d1f3c6a10&from=2026-01-14T15:00:00Z&to=2026-01-15",
    ]) {
      const saved = normalizeViewQuery(query);
      expect(viewQueryOf(fromUrl(saved)), query).toBe(saved);
      // The page writes its URL through nuqs; read back, it is still the same view.
      const written = createSerializer(signalSearchParsers)(loadSignalSearch(new URLSearchParams(saved)));
      expect(viewQueryOf(fromUrl(written.slice(1))), query).toBe(saved);
    }
  });

  it("leaves the page out of a view", () => {
    expect(viewQueryOf(fromUrl("q=x&page=4"))).toBe("q=x");
  });

  it("renders the server page again only when the rule or the upload changes (their chips are named there)", () => {
    const notShallow = Object.entries(signalSearchParsers).filter(([, parser]) => parser.shallow === false);
    expect(notShallow.map(([key]) => key)).toEqual(["ruleId", "upload"]);
  });
});

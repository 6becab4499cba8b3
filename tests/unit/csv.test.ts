import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "@/lib/export/csv";

describe("CSV export", () => {
  it("neutralises cells a spreadsheet would run as a formula", () => {
    for (const evil of ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"]) {
      expect(csvCell(evil).replace(/^"/, "").startsWith("'")).toBe(true);
    }
  });

  it("quotes commas, quotes and line breaks, and leaves plain text alone", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvRow([1, null, new Date("2026-01-01T00:00:00Z"), { a: 1 }])).toBe(
      '1,,2026-01-01T00:00:00.000Z,"{""a"":1}"\r\n',
    );
  });
});

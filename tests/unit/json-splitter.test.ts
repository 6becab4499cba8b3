import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonArraySplitter, type SplitterEnd } from "@/lib/ingest/json-splitter";

// The splitter finds the elements of one array in a JSON document fed in byte chunks. Whatever the chunk
// boundaries (inside strings, escapes, multi-byte characters), the elements must be exactly the ones
// JSON.parse finds, in order, numbered from 1.

interface Split {
  elements: { text: string; index: number }[];
  oversize: { index: number; size: number }[];
  end: SplitterEnd;
}

/** Feeds `document` cut at `cuts` (byte offsets, any order, duplicates allowed). */
function split(document: string | Buffer, options: { key?: string | null; max?: number; cuts?: number[] } = {}): Split {
  const bytes = typeof document === "string" ? Buffer.from(document, "utf8") : document;
  const result: Split = { elements: [], oversize: [], end: { found: false, truncated: false, elements: 0 } };
  const splitter = new JsonArraySplitter(options.key === undefined ? "Records" : options.key, options.max ?? 1 << 20, {
    element: (element, index) => result.elements.push({ text: element.toString("utf8"), index }),
    oversize: (index, size) => result.oversize.push({ index, size }),
  });
  const cuts = [...new Set((options.cuts ?? []).map((cut) => Math.min(Math.max(cut, 0), bytes.length)))].sort(
    (a, b) => a - b,
  );
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    splitter.push(Buffer.from(bytes.subarray(from, cut)));
    from = cut;
  }
  result.end = splitter.end();
  return result;
}

const parsedElements = (result: Split) => result.elements.map((element) => JSON.parse(element.text));
const byteByByte = (document: string) => Array.from({ length: Buffer.byteLength(document) }, (_, i) => i);

/** JSON values whose strings use all of Unicode (astral characters, so 4-byte UTF-8 sequences). */
const anyJson = fc.jsonValue({ stringUnit: "binary", maxDepth: 4 });
/** Strings made of the characters that matter to a scanner: quotes, escapes, brackets, multi-byte. */
const trickyString = fc.string({
  unit: fc.constantFrom('"', "\\", "[", "]", "{", "}", ",", ":", " ", "\n", "é", "€", "😀", "R", "Records", "a"),
  maxLength: 40,
});
const trickyJson = fc.oneof(anyJson, trickyString, fc.dictionary(trickyString, fc.oneof(trickyString, anyJson)));
const cutPoints = fc.array(fc.nat({ max: 1_000_000 }), { maxLength: 30 });

describe("JsonArraySplitter: every chunking gives the elements JSON.parse gives", () => {
  it("the Records array, behind decoys, with any indentation and any chunk boundaries", () => {
    fc.assert(
      fc.property(
        fc.array(trickyJson, { maxLength: 12 }),
        trickyJson,
        trickyJson,
        fc.constantFrom(undefined, 2, "\t"),
        cutPoints,
        (records, decoy, after, indent, rawCuts) => {
          const document = JSON.stringify(
            {
              // "Records" nested, and as a string value, and inside strings: none is the top-level key.
              meta: { Records: [decoy, { Records: [1, 2] }] },
              note: '"Records":[{"eventID":"decoy"}]',
              label: "Records",
              nested: [[{ Records: [decoy] }]],
              Records: records,
              after,
            },
            null,
            indent,
          );
          const length = Buffer.byteLength(document);
          const result = split(document, { cuts: rawCuts.map((cut) => cut % (length + 1)) });
          expect(parsedElements(result)).toEqual(JSON.parse(document).Records);
          expect(result.elements.map((element) => element.index)).toEqual(records.map((_, i) => i + 1));
          expect(result.end).toEqual({ found: true, truncated: false, elements: records.length });
          expect(result.oversize).toEqual([]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("a bare top-level array (key null), nested arrays included", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(trickyJson, fc.array(trickyJson, { maxLength: 3 })), { maxLength: 12 }),
        fc.constantFrom(undefined, 1, 4),
        cutPoints,
        (elements, indent, rawCuts) => {
          const document = JSON.stringify(elements, null, indent);
          const length = Buffer.byteLength(document);
          const result = split(document, { key: null, cuts: rawCuts.map((cut) => cut % (length + 1)) });
          expect(parsedElements(result)).toEqual(JSON.parse(document));
          expect(result.end).toEqual({ found: true, truncated: false, elements: elements.length });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a document cut anywhere inside the array: the whole elements before the cut, in order, and a cut reported", () => {
    fc.assert(
      fc.property(fc.array(trickyJson, { minLength: 1, maxLength: 10 }), fc.nat(), cutPoints, (records, at, cuts) => {
        const document = JSON.stringify({ Records: records });
        const bytes = Buffer.from(document);
        const arrayStart = bytes.indexOf("[") + 1;
        const arrayEnd = bytes.length - 2; // the closing bracket of Records
        const cutAt = arrayStart + (at % (arrayEnd - arrayStart));
        const truncated = bytes.subarray(0, cutAt);
        const result = split(truncated, { cuts: cuts.map((cut) => cut % (cutAt + 1)) });
        const parsed = parsedElements(result);
        expect(parsed).toEqual(JSON.parse(document).Records.slice(0, parsed.length));
        expect(result.end.found).toBe(true);
        expect(result.end.truncated).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("JsonArraySplitter at chunk boundaries that matter", () => {
  const awkward = [
    { eventID: "quote", note: 'he said "]}" and left' },
    { eventID: "backslash-end", path: "C:\\logs\\" },
    { eventID: "escaped-quote-then-brace", text: '\\"}],{"Records":[' },
    { eventID: "unicode", user: "José 😀 €", emoji: "🧪🧪" },
    { eventID: "nested", tags: [[1, [2, [3]]], { a: [{ b: "]" }] }] },
    { eventID: "empty", values: [[], {}, "", 0, null, false] },
  ];

  it.each([
    ["compact", JSON.stringify({ Records: awkward })],
    ["pretty", JSON.stringify({ Records: awkward }, null, 2)],
    ["S3 style, one record per line", `{"Records":[\n${awkward.map((r) => JSON.stringify(r)).join(",\n")}\n]}`],
  ])("%s, fed one byte at a time", (_name, document) => {
    const result = split(document, { cuts: byteByByte(document) });
    expect(parsedElements(result)).toEqual(awkward);
    expect(result.end).toEqual({ found: true, truncated: false, elements: awkward.length });
  });

  it("every single cut position in a document of escapes and multi-byte characters", () => {
    const records = [{ a: '\\"\\\\"' }, { b: "\\" }, "\\\\", '"', { c: "😀é\\u0041" }, ["]", "[", "}"]];
    const document = JSON.stringify({ Records: records });
    for (const cut of byteByByte(document)) {
      expect(parsedElements(split(document, { cuts: [cut] })), `cut at byte ${cut}`).toEqual(records);
    }
  });

  it("a backslash as the last byte of a chunk escapes the first byte of the next", () => {
    const document = '{"Records":[{"eventID":"a\\"]},{"},{"eventID":"b"}]}';
    const backslash = Buffer.from(document).indexOf("\\");
    const result = split(document, { cuts: [backslash + 1] });
    expect(parsedElements(result)).toEqual([{ eventID: 'a"]},{' }, { eventID: "b" }]);
  });

  it("the element bytes are the document's own (a 4-byte character cut in every place survives)", () => {
    const document = '{"Records":[{"user":"😀"},{"user":"x"}]}';
    const emoji = Buffer.from(document).indexOf(Buffer.from("😀"));
    for (const offset of [1, 2, 3]) {
      const result = split(document, { cuts: [emoji + offset] });
      expect(result.elements.map((element) => element.text)).toEqual(['{"user":"😀"}', '{"user":"x"}']);
    }
  });
});

describe("JsonArraySplitter finds the right array", () => {
  it("takes Records only as a top-level key whose value is an array", () => {
    const document = JSON.stringify({
      Records: { Records: [{ eventID: "nested" }] },
      other: [{ eventID: "other" }],
    });
    const result = split(document);
    expect(result.elements).toEqual([]);
    expect(result.end.found).toBe(false);
  });

  it("ignores a string value that reads Records, and Records-like text inside strings", () => {
    const document = `{"kind":"Records","text":"\\"Records\\": [1,2,3]","Records":[{"eventID":"real"}]}`;
    expect(parsedElements(split(document, { cuts: byteByByte(document) }))).toEqual([{ eventID: "real" }]);
  });

  it("does not take a later array once the target array closed", () => {
    const document = '{"Records":[{"eventID":"1"}],"Records2":[{"eventID":"2"}],"x":{"Records":[3]}}';
    const result = split(document);
    expect(parsedElements(result)).toEqual([{ eventID: "1" }]);
    expect(result.end).toEqual({ found: true, truncated: false, elements: 1 });
  });

  it("reports a document without the array as not found", () => {
    expect(split('{"foo":1}').end).toEqual({ found: false, truncated: false, elements: 0 });
    expect(split("[1,2]").end.found).toBe(false);
    expect(split('{"Records":"not an array"}').end.found).toBe(false);
  });

  it("finds other keys (Events, QueryResultRows) the same way", () => {
    const document = JSON.stringify({ NextToken: "Events", Events: [{ EventId: "1" }, { EventId: "2" }] });
    expect(parsedElements(split(document, { key: "Events", cuts: [5, 17, 30] }))).toEqual([
      { EventId: "1" },
      { EventId: "2" },
    ]);
  });
});

describe("JsonArraySplitter limits and cuts", () => {
  it("reports an element over the record limit with its position, without handing it on, and keeps the rest", () => {
    const big = { eventID: "big", padding: "x".repeat(500) };
    const records = [{ eventID: "1" }, big, { eventID: "3" }, { ...big, eventID: "big-again" }, { eventID: "5" }];
    const document = JSON.stringify({ Records: records });
    for (const cuts of [[], byteByByte(document), [20, 100, 300, 600, 900]]) {
      const result = split(document, { max: 200, cuts });
      expect(parsedElements(result)).toEqual([{ eventID: "1" }, { eventID: "3" }, { eventID: "5" }]);
      expect(result.elements.map((element) => element.index)).toEqual([1, 3, 5]);
      expect(result.oversize.map((entry) => entry.index)).toEqual([2, 4]);
      for (const entry of result.oversize) expect(entry.size).toBeGreaterThan(200);
      expect(result.end).toEqual({ found: true, truncated: false, elements: 5 });
    }
  });

  it("an element exactly at the limit is kept, one byte more is not, however it is chunked", () => {
    const element = JSON.stringify({ eventID: "x".repeat(50) });
    const size = Buffer.byteLength(element);
    const document = `{"Records":[${element},{"eventID":"y"}]}`;
    for (const cuts of [[], byteByByte(document), [15, 40]]) {
      const atLimit = split(document, { max: size, cuts });
      expect(atLimit.elements.map((e) => e.index)).toEqual([1, 2]);
      expect(atLimit.oversize).toEqual([]);
      const overLimit = split(document, { max: size - 1, cuts });
      expect(overLimit.elements.map((e) => e.index)).toEqual([2]);
      expect(overLimit.oversize).toEqual([{ index: 1, size }]);
    }
  });

  it.each([
    ["inside an element", '{"Records":[{"eventID":"1"},{"eventID":"2"},{"eventI', 2, 3],
    ["between elements", '{"Records":[{"eventID":"1"},{"eventID":"2"},', 2, 2],
    ["inside a string", '{"Records":[{"eventID":"1"},{"eventID":"2 ]}', 1, 2],
    ["before the closing bracket", '{"Records":[{"eventID":"1"},{"eventID":"2"}', 2, 2],
  ])("a document cut %s: the whole elements before the cut, and truncated", (_name, document, whole, seen) => {
    const result = split(document, { cuts: [7, 19, 33] });
    expect(result.elements).toHaveLength(whole);
    expect(result.end).toEqual({ found: true, truncated: true, elements: seen });
  });
});

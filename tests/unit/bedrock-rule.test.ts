import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyCredential } from "@/lib/cloudtrail/credentials";
import { evaluateBedrockRule, type RuleInput } from "@/lib/detection/bedrock-rule";
import { sessionize } from "@/lib/detection/sessions";

const iamUserKey = classifyCredential({ identityType: "IAMUser", accessKeyId: "AKIAIOSFODNN7EXAMPLE" });
const input = (overrides: Partial<RuleInput> = {}): RuleInput => ({
  eventName: "ListFoundationModels",
  eventSource: "bedrock.amazonaws.com",
  errorCode: "AccessDeniedException",
  credential: iamUserKey,
  ...overrides,
});

describe("the Bedrock discovery rule", () => {
  it.each([
    ["ListModels", "sagemaker.amazonaws.com"],
    ["DescribeTrainingJob", "sagemaker.amazonaws.com"],
    ["ListModels", "bedrock-mantle.amazonaws.com"],
    ["ListFoundationModels", "bedrock.amazonaws.com"],
    ["GetModelCustomizationJob", "bedrock.amazonaws.com"],
  ])("matches a denied %s on %s with a long-term key, and says why", (eventName, eventSource) => {
    const result = evaluateBedrockRule(input({ eventName, eventSource }));
    expect(result.matched).toBe(true);
    expect(result.conditions.map((c) => [c.condition, c.held])).toEqual([
      ["event", true],
      ["denial", true],
      ["credential", true],
    ]);
    expect(result.conditions[2]?.detail).toMatch(/AKIA… access key of a IAMUser identity/);
  });

  it.each([
    ["a Bedrock-native name on SageMaker", input({ eventSource: "sagemaker.amazonaws.com" }), "event"],
    ["another API, denied", input({ eventName: "ListBuckets", eventSource: "s3.amazonaws.com" }), "event"],
    ["ValidationException", input({ errorCode: "ValidationException" }), "denial"],
    ["a successful call", input({ errorCode: null }), "denial"],
    [
      "a temporary key, denied",
      input({ credential: classifyCredential({ identityType: "AssumedRole", accessKeyId: "ASIAEXAMPLE" }) }),
      "credential",
    ],
    [
      "a masked AKIA key on an assumed role (identity type wins)",
      input({ credential: classifyCredential({ identityType: "AssumedRole", accessKeyId: "AKIA****************" }) }),
      "credential",
    ],
    [
      "a console session",
      input({ credential: classifyCredential({ identityType: "Root", isConsoleSession: true }) }),
      "credential",
    ],
  ])("does not match %s, and names the condition that failed", (_name, value, failing) => {
    const result = evaluateBedrockRule(value);
    expect(result.matched).toBe(false);
    expect(result.conditions.filter((c) => !c.held).map((c) => c.condition)).toEqual([failing]);
  });

  it("matches a Bedrock API key and a console-CSV row that carries only an AKIA key", () => {
    expect(
      evaluateBedrockRule(input({ credential: classifyCredential({ identityType: "IAMUser", isBearerToken: true }) }))
        .matched,
    ).toBe(true);
    expect(
      evaluateBedrockRule(input({ credential: classifyCredential({ accessKeyId: "AKIAIOSFODNN7EXAMPLE" }) })).matched,
    ).toBe(true);
  });
});

describe("sessionize", () => {
  const hour = 3_600_000;
  const windows = { keepAliveMs: hour, maxDurationMs: 24 * hour };
  const at = (id: string, ms: number) => ({ id, time: new Date(Date.UTC(2026, 0, 1) + ms) });
  const ids = (sessions: { id: string }[][]) => sessions.map((session) => session.map((match) => match.id));

  it("starts a new session after a gap longer than the keep-alive, not at exactly the keep-alive", () => {
    expect(ids(sessionize([at("a", 0), at("b", hour), at("c", 2 * hour + 1)], windows))).toEqual([["a", "b"], ["c"]]);
  });

  it("starts a new session when one has lasted longer than the maximum duration", () => {
    const steady = Array.from({ length: 50 }, (_, i) => at(`m${String(i).padStart(2, "0")}`, i * 0.5 * hour));
    const sessions = sessionize(steady, windows);
    expect(sessions.map((session) => session.length)).toEqual([49, 1]);
  });

  const matchSet = fc.uniqueArray(
    fc.record({ id: fc.integer({ min: 0, max: 10_000 }).map(String), ms: fc.integer({ min: 0, max: 72 * hour }) }),
    { selector: (match) => match.id, maxLength: 60 },
  );

  it("gives the same sessions for the same matches in any order, split, or duplicated", () => {
    fc.assert(
      fc.property(matchSet, fc.func(fc.boolean()), (raw, pick) => {
        const matches = raw.map((match) => at(match.id, match.ms));
        const reference = ids(sessionize(matches, windows));
        const shuffled = [...matches].reverse();
        const duplicated = [...matches, ...matches.filter((_, i) => pick(i))];
        expect(ids(sessionize(shuffled, windows))).toEqual(reference);
        expect(ids(sessionize(duplicated, windows))).toEqual(reference);
        // Split into two uploads and merged again: the union is what counts.
        const first = matches.filter((_, i) => pick(i));
        const second = matches.filter((_, i) => !pick(i));
        expect(ids(sessionize([...second, ...first], windows))).toEqual(reference);
      }),
    );
  });
});

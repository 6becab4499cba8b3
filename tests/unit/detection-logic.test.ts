import fc from "fast-check";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";
import { describe, expect, it } from "vitest";
import { normalizeConsoleCsvRow } from "@/lib/cloudtrail/console-csv";
import { type NormalizedEvent, normalizeEvent } from "@/lib/cloudtrail/normalize";
import { evaluateBedrockRule } from "@/lib/detection/bedrock-rule";
import { planGroup } from "@/lib/detection/plan";
import { type PlaybookValues, renderMarkdownTemplate, renderPlainTemplate } from "@/lib/detection/playbook";
import {
  applyConfigPatch,
  defaultBedrockRuleConfig,
  matchingPart,
  RuleConfigError,
  ruleConfigPatchSchema,
  ruleConfigSchema,
  ruleUpdateSchema,
} from "@/lib/detection/rule-config";
import { type MatchedEvent, signalSeverity, summarize } from "@/lib/detection/summary";
import { ACCOUNT, call } from "@/tests/support/detection-events";
import { SPEC_BEDROCK_NAMES, SPEC_SEED_NAMES, SPEC_SEED_SOURCES } from "@/tests/support/rule-spec";

// The rule's decisions, each reached through normalizeEvent on event JSON shaped as CloudTrail writes
// it, so a field the normaliser fails to carry across (say, additionalEventData) shows up here as a
// wrong verdict rather than passing unnoticed in a test that builds the classifier's input by hand.

const t0 = "2026-02-01T10:00:00Z";
let counter = 0;
const denied = (extra: Record<string, unknown> = {}, spec: Partial<Parameters<typeof call>[0]> = {}) =>
  call({ prefix: "c0ffee00", index: ++counter, time: t0, extra, ...spec });

function normalized(raw: unknown): NormalizedEvent {
  const result = normalizeEvent(raw);
  if (!result.ok) throw new Error(result.reason);
  return result.event;
}
const verdict = (event: NormalizedEvent) => evaluateBedrockRule(event, matchingPart(defaultBedrockRuleConfig));
const identity = (fields: Record<string, unknown>) => ({ userIdentity: { accountId: ACCOUNT, ...fields } });
const roleArn = `arn:aws:sts::${ACCOUNT}:assumed-role/ml-reader/session-1`;

describe("the credential condition, on events as CloudTrail writes them", () => {
  const cases = [
    ["an IAM user's AKIA key", denied(), "long_term_key", /AKIA… access key of a IAMUser identity/],
    [
      "the root user's AKIA key",
      denied(identity({ type: "Root", arn: `arn:aws:iam::${ACCOUNT}:root`, accessKeyId: "AKIAROOTEXAMPLE00001" })),
      "long_term_key",
      /of a Root identity/,
    ],
    [
      "an AKIA key with no identity type",
      denied(identity({ accessKeyId: "AKIAIOSFODNN7EXAMPLE" })),
      "long_term_key",
      /no identity type/,
    ],
    [
      "a Bedrock API key (additionalEventData.callWithBearerToken)",
      denied(
        {
          ...identity({
            type: "IAMUser",
            arn: `arn:aws:iam::${ACCOUNT}:user/BedrockAPIKey-x1y2`,
            userName: "BedrockAPIKey-x1y2",
          }),
          additionalEventData: { callWithBearerToken: true },
        },
        { accessKeyId: null },
      ),
      "bedrock_api_key",
      /Bedrock API key/,
    ],
    [
      "a Bedrock API key on bedrock-mantle (requestParameters.callWithBearerToken)",
      denied(
        {
          ...identity({ type: "IAMUser", arn: `arn:aws:iam::${ACCOUNT}:user/BedrockAPIKey-m3`, accessKeyId: "ABSKm3" }),
          requestParameters: { callWithBearerToken: "true" },
        },
        { eventSource: "bedrock-mantle.amazonaws.com", eventName: "ListModels" },
      ),
      "bedrock_api_key",
      /callWithBearerToken is true/,
    ],
    [
      "an assumed role's ASIA key",
      denied(identity({ type: "AssumedRole", arn: roleArn, accessKeyId: "ASIAEXAMPLEROLE00001" })),
      "temporary",
      /identity type AssumedRole uses temporary credentials$/,
    ],
    [
      "a masked AKIA**** key on an assumed role (redacted datasets)",
      denied(identity({ type: "AssumedRole", arn: roleArn, accessKeyId: "AKIA****************" })),
      "temporary",
      /AKIA… key prefix is ignored because the identity type wins/,
    ],
    [
      "AWS's example AKIA key on an assumed role (Elastic's fixture)",
      denied(identity({ type: "AssumedRole", arn: roleArn, accessKeyId: "AKIAIOSFODNN7EXAMPLE" })),
      "temporary",
      /identity type wins/,
    ],
    ...(["FederatedUser", "WebIdentityUser", "SAMLUser"] as const).map(
      (type) =>
        [
          `a ${type}`,
          denied(identity({ type, accessKeyId: "ASIAFEDERATED000001" })),
          "temporary",
          /temporary/,
        ] as const,
    ),
    [
      "an AWS service acting for the account (type AWSService)",
      denied(identity({ type: "AWSService", invokedBy: "sagemaker.amazonaws.com" })),
      "aws_service",
      /invokedBy sagemaker.amazonaws.com/,
    ],
    [
      "an IAM user's key used by a service on its behalf (invokedBy)",
      denied(
        identity({ type: "IAMUser", accessKeyId: "AKIAIOSFODNN7EXAMPLE", invokedBy: "cloudformation.amazonaws.com" }),
      ),
      "aws_service",
      /an AWS service made the call/,
    ],
    ["the root user in the console (no key)", denied(identity({ type: "Root" })), "console_session", /console session/],
  ] as const;
  it.each(cases.map(([name, raw, type, reason]) => [name, type, raw, reason] as const))(
    "%s is %s, and the rule says so",
    (_name, type, raw, reason) => {
      const event = normalized(raw);
      expect(event.credential.type).toBe(type);
      const isLongTerm = type === "long_term_key" || type === "bedrock_api_key";
      const result = verdict(event);
      expect(result.conditions[2]).toEqual({
        condition: "credential",
        held: isLongTerm,
        detail: event.credential.reason,
      });
      expect(result.conditions[2]?.detail).toMatch(reason);
      // The other two conditions hold for every case above, so the credential alone decides.
      expect(result.conditions.slice(0, 2).map((condition) => condition.held)).toEqual([true, true]);
      expect(result.matched).toBe(isLongTerm);
    },
  );

  it("takes callWithBearerToken false for what it says: the IAM user's AKIA key stays a plain long-term key", () => {
    const event = normalized(denied({ additionalEventData: { callWithBearerToken: false } }));
    expect(event.credential.type).toBe("long_term_key");
  });

  it("an IAM user's console session (ASIA key, sessionCredentialFromConsole) does not match", () => {
    const raw = denied({ sessionCredentialFromConsole: "true" }, { accessKeyId: "ASIATFQR7NSCVDQK5XKV" });
    const event = normalized(raw);
    expect(["temporary", "console_session"]).toContain(event.credential.type);
    expect(verdict(event).matched).toBe(false);
  });

  // DOMAIN.md: a console session is recognised by sessionCredentialFromConsole, and redacted datasets
  // mask every key as AKIA****. A masked console session must therefore not pass for a long-term key,
  // or every redacted export of a user opening the Bedrock console without permission raises a signal.
  it("a masked AKIA**** key on an IAM user's console session is a console session, not a long-term key", () => {
    const event = normalized(denied({ sessionCredentialFromConsole: "true" }, { accessKeyId: "AKIA****************" }));
    expect(event.credential.type).toBe("console_session");
    expect(verdict(event).matched).toBe(false);
  });

  it("a console CSV row that carries only an AKIA key is a long-term key, grouped under that key", () => {
    const result = normalizeConsoleCsvRow({
      "User name": "",
      "AWS access key": "AKIAIOSFODNN7EXAMPLE",
      "Event time": t0,
      "Event source": "sagemaker.amazonaws.com",
      "Event name": "ListTrainingJobs",
      "Error code": "AccessDenied",
      "Event ID": "7d3e1c9a-0000-4000-8000-000000000001",
      "Recipient Account Id": ACCOUNT,
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.event).toMatchObject({
      principalArn: null,
      principalType: null,
      credential: { type: "long_term_key" },
    });
    expect(verdict(result.event)).toMatchObject({ matched: true });
  });
});

describe("the event and denial conditions", () => {
  const seedNames = SPEC_SEED_NAMES;
  const seedSources = SPEC_SEED_SOURCES;
  const bedrockNames = SPEC_BEDROCK_NAMES;

  const eventCondition = (eventName: string, eventSource: string) =>
    verdict(normalized(denied({}, { eventName, eventSource }))).conditions[0];

  it.each(seedSources.flatMap((source) => seedNames.map((name) => [name, source])))(
    "%s on %s is one of the rule's discovery calls",
    (name, source) => {
      expect(eventCondition(name, source)).toEqual({
        condition: "event",
        held: true,
        detail: `${name} on ${source} is one of the rule's discovery calls`,
      });
    },
  );

  it.each(bedrockNames)("%s counts on bedrock.amazonaws.com only", (name) => {
    expect(eventCondition(name, "bedrock.amazonaws.com")).toMatchObject({
      held: true,
      detail: `${name} on bedrock.amazonaws.com is a Bedrock model discovery call`,
    });
    for (const other of ["sagemaker.amazonaws.com", "bedrock-mantle.amazonaws.com"]) {
      expect(eventCondition(name, other)).toEqual({
        condition: "event",
        held: false,
        detail: `${name} on ${other}: the name is listed, but not for this source`,
      });
    }
  });

  it("a seed name on another service, an unlisted name, and a missing source all fail, each saying why", () => {
    expect(eventCondition("ListModels", "s3.amazonaws.com")?.detail).toBe(
      "ListModels on s3.amazonaws.com: the name is listed, but not for this source",
    );
    expect(eventCondition("InvokeModel", "bedrock.amazonaws.com")?.detail).toBe(
      "InvokeModel on bedrock.amazonaws.com is not a discovery call",
    );
    const { eventSource: _source, ...sourceless } = denied();
    expect(verdict(normalized(sourceless)).conditions[0]).toEqual({
      condition: "event",
      held: false,
      detail: "ListFoundationModels on an unknown source: the name is listed, but not for this source",
    });
  });

  it.each([
    ["AccessDenied", true, "denied with AccessDenied"],
    ["AccessDeniedException", true, "denied with AccessDeniedException"],
    ["ValidationException", false, "ValidationException is not an access denial"],
    ["ResourceNotFoundException", false, "ResourceNotFoundException is not an access denial"],
    ["ThrottlingException", false, "ThrottlingException is not an access denial"],
    ["Client.UnauthorizedOperation", false, "Client.UnauthorizedOperation is not an access denial"],
    [null, false, "the call succeeded (no errorCode)"],
  ])("errorCode %s: denial held %s", (errorCode, held, detail) => {
    const result = verdict(normalized(denied({}, { errorCode })));
    expect(result.conditions[1]).toEqual({ condition: "denial", held, detail });
    expect(result.matched).toBe(held);
  });

  it("a new name added by a configuration change matches, on the sources that version lists", () => {
    const config = applyConfigPatch(defaultBedrockRuleConfig, { seedNames: [...seedNames, "GetModel"] });
    const event = normalized(denied({}, { eventName: "GetModel", eventSource: "bedrock-mantle.amazonaws.com" }));
    expect(evaluateBedrockRule(event, matchingPart(config)).matched).toBe(true);
    expect(verdict(event).matched).toBe(false);
  });
});

describe("planGroup: which existing signal continues as which session", () => {
  const s = (...ids: string[]) => ids.map((id) => ({ id }));
  /** Created at `minute`; first seen at the same minute unless a test sets it apart. */
  const signal = (id: string, minute: number, ...eventIds: string[]) => ({
    id,
    createdAt: new Date(Date.UTC(2026, 1, 1, 0, minute)),
    firstSeen: new Date(Date.UTC(2026, 1, 1, 0, minute)),
    eventIds: new Set(eventIds),
  });
  const owners = (plan: ReturnType<typeof planGroup>) => plan.sessions.map((session) => session.signalId);

  it("with no signals yet, every session is a new signal", () => {
    expect(planGroup([s("a"), s("b")], [])).toEqual({
      sessions: [
        { events: s("a"), signalId: null },
        { events: s("b"), signalId: null },
      ],
      merged: [],
      retired: [],
    });
  });

  it("a signal whose session grew continues as it; a session beside it is new", () => {
    const plan = planGroup([s("a", "b", "c"), s("d")], [signal("X", 0, "a", "b")]);
    expect(owners(plan)).toEqual(["X", null]);
    expect(plan.merged).toEqual([]);
  });

  it("a filled gap merges the newer signal into the older, even when the newer holds more of the session", () => {
    const plan = planGroup([s("a", "b", "c", "d", "e")], [signal("new", 5, "b", "c", "d", "e"), signal("old", 1, "a")]);
    expect(owners(plan)).toEqual(["old"]);
    expect(plan.merged).toEqual([{ signalId: "new", intoSession: 0 }]);
  });

  // Signals created in one regrouping share created_at (one transaction's now()): the one first seen
  // earlier is the older, and only then the id decides, so the plan never depends on input order.
  it("equal creation times are ordered by first seen, then by id, whatever the input order", () => {
    const sessions = [s("a", "b")];
    const early = { ...signal("z-early", 1, "b"), firstSeen: new Date(Date.UTC(2026, 0, 1)) };
    const forward = planGroup(sessions, [signal("a-late", 1, "a"), early]);
    expect(forward).toEqual(planGroup(sessions, [early, signal("a-late", 1, "a")]));
    expect(owners(forward)).toEqual(["z-early"]);
    const tied = planGroup(sessions, [signal("q", 1, "b"), signal("p", 1, "a")]);
    expect(tied).toEqual(planGroup(sessions, [signal("p", 1, "a"), signal("q", 1, "b")]));
    expect(owners(tied)).toEqual(["p"]);
  });

  it("a split signal keeps the session with most of its events (ties: the earlier); the rest is new", () => {
    expect(owners(planGroup([s("a"), s("b", "c")], [signal("X", 0, "a", "b", "c")]))).toEqual([null, "X"]);
    expect(owners(planGroup([s("a"), s("b")], [signal("X", 0, "a", "b")]))).toEqual(["X", null]);
  });

  it("a younger signal takes the free session when the older one took its favourite", () => {
    const plan = planGroup([s("a", "b"), s("c", "d")], [signal("old", 0, "a", "b", "c"), signal("young", 3, "d")]);
    expect(owners(plan)).toEqual(["old", "young"]);
  });

  it("a signal whose events went to two sessions older signals took is merged into the one holding most", () => {
    const plan = planGroup(
      [s("a", "b"), s("c", "c2", "d")],
      [signal("A", 0, "a"), signal("C", 1, "d"), signal("B", 2, "b", "c", "c2")],
    );
    expect(owners(plan)).toEqual(["A", "C"]);
    expect(plan.merged).toEqual([{ signalId: "B", intoSession: 1 }]);
  });

  it("a signal none of whose events still match is retired; the others carry on", () => {
    const plan = planGroup([s("a")], [signal("gone", 0, "z"), signal("kept", 1, "a")]);
    expect(plan).toMatchObject({ retired: ["gone"], merged: [] });
    expect(owners(plan)).toEqual(["kept"]);
  });
});

describe("summarize and severity", () => {
  const match = (i: number, minute: number, fields: Partial<MatchedEvent> = {}): MatchedEvent => ({
    id: String(i),
    time: new Date(Date.UTC(2026, 1, 1, 10, minute)),
    eventName: i % 3 === 0 ? "ListModels" : "ListFoundationModels",
    eventSource: i % 3 === 0 ? "sagemaker.amazonaws.com" : "bedrock.amazonaws.com",
    awsRegion: i % 2 ? "us-east-1" : "eu-west-1",
    sourceIp: `203.0.113.${i % 4}`,
    userAgent: i % 5 ? "boto3/1.34" : null,
    errorCode: i % 3 === 0 ? "AccessDenied" : "AccessDeniedException",
    principalArn: `arn:aws:iam::${ACCOUNT}:user/leaky`,
    accountId: ACCOUNT,
    accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    ...fields,
  });

  it("gives first/last seen, the count and most-frequent-first values, ties in code-point order", () => {
    const summary = summarize([match(1, 30), match(2, 5), match(3, 50), match(4, 10)]);
    expect(summary).toMatchObject({
      firstSeen: new Date(Date.UTC(2026, 1, 1, 10, 5)),
      lastSeen: new Date(Date.UTC(2026, 1, 1, 10, 50)),
      eventCount: 4,
      eventNames: ["ListFoundationModels", "ListModels"],
      regions: ["eu-west-1", "us-east-1"],
      sourceIps: ["203.0.113.0", "203.0.113.1", "203.0.113.2", "203.0.113.3"],
      userAgents: ["boto3/1.34"],
    });
    expect(() => summarize([])).toThrow(/at least one/);
  });

  it("is the same for the same matches in any order", () => {
    const permuted = fc
      .uniqueArray(fc.integer({ min: 0, max: 500 }), { minLength: 1, maxLength: 30 })
      .chain((ids) => fc.tuple(fc.constant(ids), fc.shuffledSubarray(ids, { minLength: ids.length })));
    fc.assert(
      fc.property(permuted, ([ids, order]) => {
        // Two keys and two principals at equal counts now and then, so the tie order is exercised too.
        const event = (i: number) =>
          match(i, (i * 7) % 240, {
            accessKeyId: i % 4 ? "AKIAIOSFODNN7EXAMPLE" : "AKIAI44QH8DHBEXAMPLE",
            principalArn: i % 2 ? `arn:aws:iam::${ACCOUNT}:user/leaky` : `arn:aws:iam::${ACCOUNT}:user/other`,
          });
        expect(summarize(order.map(event))).toEqual(summarize(ids.map(event)));
      }),
    );
  });

  it("raises to high on follow-up activity, and never lowers a higher severity", () => {
    expect(signalSeverity("medium", 0)).toEqual({ severity: "medium", isRaised: false });
    expect(signalSeverity("medium", 2)).toEqual({ severity: "high", isRaised: true });
    expect(signalSeverity("low", 1)).toEqual({ severity: "high", isRaised: true });
    expect(signalSeverity("high", 1)).toEqual({ severity: "high", isRaised: false });
    expect(signalSeverity("critical", 1)).toEqual({ severity: "critical", isRaised: false });
  });
});

describe("playbook rendering", () => {
  const values = (fields: Partial<PlaybookValues> = {}): PlaybookValues => ({
    principalArn: `arn:aws:iam::${ACCOUNT}:user/leaky`,
    accountId: ACCOUNT,
    eventNames: ["ListFoundationModels", "ListModels"],
    eventSources: ["bedrock.amazonaws.com", "sagemaker.amazonaws.com"],
    sourceIps: ["203.0.113.10"],
    userAgents: ["boto3/1.34"],
    accessKeyIds: ["AKIAIOSFODNN7EXAMPLE"],
    regions: ["us-east-1"],
    errorCodes: ["AccessDeniedException"],
    firstEvent: { requestParameters: { modelId: "anthropic.claude-v2", filter: { byProvider: "meta" } } },
    ...fields,
  });
  /** The Markdown as the app renders it (components/ui/markdown.tsx: GitHub-flavoured, no raw HTML). */
  const html = (markdown: string) =>
    renderToStaticMarkup(createElement(ReactMarkdown, { remarkPlugins: [remarkGfm], skipHtml: true }, markdown));
  const links = (markup: string) => [...markup.matchAll(/<a [^>]*href="([^"]*)"/g)].map((m) => m[1]);

  it("fills Datadog's names and CloudTrail's own with the signal's values, as plain text in the title", () => {
    const title = "{{@evt.name}} on {{@eventSource}} by {{@userIdentity.arn}} from {{ @network.client.ip }}";
    expect(renderPlainTemplate(title, values())).toBe(
      `ListFoundationModels, ListModels on bedrock.amazonaws.com, sagemaker.amazonaws.com by arn:aws:iam::${ACCOUNT}:user/leaky from 203.0.113.10`,
    );
  });

  it("reads any other path from the first event, says (none) when it is absent, and shows at most five values", () => {
    const many = values({ sourceIps: ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5", "6.6.6.6", "7.7.7.7"] });
    expect(renderPlainTemplate("{{@requestParameters.modelId}} | {{@requestParameters.filter}}", many)).toBe(
      'anthropic.claude-v2 | {"byProvider":"meta"}',
    );
    expect(
      renderPlainTemplate("{{@requestParameters.nothing}} {{@userIdentity.arn}}", values({ principalArn: null })),
    ).toBe("(none) (none)");
    expect(renderPlainTemplate("{{@sourceIPAddress}}", many)).toBe(
      "1.1.1.1, 2.2.2.2, 3.3.3.3, 4.4.4.4, 5.5.5.5 and 2 more",
    );
    expect(html(renderMarkdownTemplate("Model: {{@requestParameters.nothing}}", many))).toBe(
      "<p>Model: <em>(none)</em></p>",
    );
  });

  it("links the principal, each IP and each key to their investigation views", () => {
    const markup = html(
      renderMarkdownTemplate(
        "{{@userIdentity.arn}} {{@sourceIPAddress}} {{@userIdentity.accessKeyId}}",
        values({ sourceIps: ["203.0.113.10", "198.51.100.7"] }),
      ),
    );
    expect(links(markup)).toEqual([
      `/investigate/principals/arn%3Aaws%3Aiam%3A%3A${ACCOUNT}%3Auser%2Fleaky`,
      "/investigate/ips/203.0.113.10",
      "/investigate/ips/198.51.100.7",
      "/investigate/keys/AKIAIOSFODNN7EXAMPLE",
    ]);
    // Names are not entities: no link.
    expect(links(html(renderMarkdownTemplate("{{@evt.name}}", values())))).toEqual([]);
  });

  it("shows a hostile ARN and user agent as text: no script, image, emphasis or link of their own", () => {
    const arn = "arn:aws:iam::1:user/a`b](javascript:alert(1))<img src=x onerror=alert(1)>";
    // URLs are left to the autolink case below.
    const agent = "*bold* _it_ [click](javascript:alert(1)) <b>x</b> # h ~~gone~~ | a | b |";
    const markup = html(
      renderMarkdownTemplate(
        "{{@userIdentity.arn}} with {{@http.useragent}}",
        values({ principalArn: arn, userAgents: [agent] }),
      ),
    );
    expect(links(markup)).toEqual([
      "/investigate/principals/arn%3Aaws%3Aiam%3A%3A1%3Auser%2Fa%60b%5D%28javascript%3Aalert%281%29%29%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E",
    ]);
    expect(markup).not.toMatch(/<(img|em|strong|b|script|del|table)\b/);
    expect(markup).toContain(
      "<code>arn:aws:iam::1:user/a`b](javascript:alert(1))&lt;img src=x onerror=alert(1)&gt;</code>",
    );
    expect(markup).toContain("*bold* _it_ [click](javascript:alert(1)) &lt;b&gt;x&lt;/b&gt; # h ~~gone~~ | a | b |");
  });

  // The module promises "an ARN cannot inject Markdown". A blank line inside a linked value ends the
  // paragraph, and with it the code span and the link text, so what follows is parsed as Markdown.
  it("a hostile ARN with a blank line cannot break out of its link into a live link", () => {
    const arn = "arn:aws:iam::1:user/x\n\n[evil](http://evil.example)";
    const markup = html(renderMarkdownTemplate("Who: {{@userIdentity.arn}}", values({ principalArn: arn })));
    expect(links(markup).filter((href) => !href?.startsWith("/investigate/principals/"))).toEqual([]);
  });

  // The user agent is whatever the holder of a leaked key sends. Escaping the Markdown specials does not
  // stop GitHub-flavoured Markdown from turning a bare domain or address in it into a live link.
  it("a hostile user agent does not become a live link through GFM's autolinks", () => {
    const agent = "see http://evil.example/login, www.evil.example or help@evil.example";
    const markup = html(renderMarkdownTemplate("Agent: {{@http.useragent}}", values({ userAgents: [agent] })));
    expect(links(markup)).toEqual([]);
  });
});

describe("rule configuration", () => {
  const config = defaultBedrockRuleConfig;
  const issues = (value: unknown) => {
    const result = ruleConfigSchema.safeParse(value);
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  };

  it("accepts the shipped configuration", () => {
    expect(issues(config)).toEqual([]);
  });

  it.each([
    [{ keepAliveMinutes: 61, maxDurationHours: 1 }, /keepAliveMinutes: the keep-alive cannot be longer/],
    [{ keepAliveMinutes: 0 }, /keepAliveMinutes/],
    [{ keepAliveMinutes: 24 * 60 + 1 }, /keepAliveMinutes/],
    [{ keepAliveMinutes: 30.5 }, /keepAliveMinutes/],
    [{ maxDurationHours: 0 }, /maxDurationHours/],
    [{ maxDurationHours: 7 * 24 + 1 }, /maxDurationHours/],
    [{ seedNames: [], bedrockNames: [] }, /seedNames: name at least one event/],
    [{ seedNames: ["ListModels", "   "] }, /seedNames\.1/],
    [{ errorCodes: [] }, /errorCodes: name at least one denial error code/],
    [{ bedrockSource: "bedrock.evil.example" }, /bedrockSource: must be an AWS service host/],
    [{ severity: "urgent" }, /severity/],
  ])("refuses %j", (change, message) => {
    expect(issues({ ...config, ...change }).join("; ")).toMatch(message);
  });

  it("applies a change over the current version, trims names, and leaves the current one as it was", () => {
    const before = structuredClone(config);
    const next = applyConfigPatch(config, { seedNames: [" ListModels "], bedrockNames: [], keepAliveMinutes: 30 });
    expect(next).toMatchObject({
      seedNames: ["ListModels"],
      bedrockNames: [],
      keepAliveMinutes: 30,
      maxDurationHours: 24,
    });
    expect(config).toEqual(before);
  });

  it("validates the result as a whole: a change that is fine alone can break the windows' order", () => {
    const short = applyConfigPatch(config, { maxDurationHours: 2 });
    expect(() => applyConfigPatch(short, { keepAliveMinutes: 121 })).toThrow(RuleConfigError);
    expect(() => applyConfigPatch(short, { keepAliveMinutes: 121 })).toThrow(
      "keepAliveMinutes: the keep-alive cannot be longer than the maximum duration",
    );
    expect(applyConfigPatch(short, { keepAliveMinutes: 120 }).keepAliveMinutes).toBe(120);
  });

  it("refuses unknown settings and an update that changes nothing but the comment", () => {
    expect(ruleConfigPatchSchema.safeParse({ keepAlive: 5 }).success).toBe(false);
    expect(ruleUpdateSchema.safeParse({ comment: "tidy" }).success).toBe(false);
    expect(ruleUpdateSchema.safeParse({ comment: "tidy", severity: "high" }).success).toBe(true);
  });
});

import { mulberry32, pick, type Random, randomChars, randomHex, randomInt } from "@/bench/prng";
import { ACCOUNT, call, userArn } from "@/tests/support/detection-events";
import type { CloudTrailEvent } from "@/tests/support/fixtures";
import { SPEC_DISCOVERY_CALLS } from "@/tests/support/rule-spec";

// A seeded corpus for detection tests: a few thousand background events shaped like call()'s, with
// attacks planted in it whose signals the generator knows from its own plan (bursts it laid out, and
// the follow-up calls it placed), never by running the engine. Near misses sit beside them: events one
// condition short of a match, which must produce nothing.

export interface ExpectedSignal {
  label: string;
  groupKey: string;
  principalArn: string | null;
  firstSeen: string;
  lastSeen: string;
  eventCount: number;
  severity: "medium" | "high";
  /** CloudTrail eventIDs, sorted. */
  eventIds: string[];
}

export interface AttackCorpus {
  /** Events written as CloudTrail JSON (S3 files, JSON Lines, gzip). */
  events: CloudTrailEvent[];
  /** Events that exist only as console CSV rows (the format has no userIdentity, so no ARN). */
  csvEvents: CloudTrailEvent[];
  expected: ExpectedSignal[];
  /** eventIDs of events one condition short of a match. */
  nearMissIds: string[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const KEEP_ALIVE_MIN = 60;
const MAX_DURATION_MIN = 24 * 60;

const DISCOVERY = SPEC_DISCOVERY_CALLS;
const DISCOVERY_NAMES = new Set(DISCOVERY.map(([name]) => name));

/** Everyday calls; the discovery names among them only ever succeed in the background. */
const BENIGN: [string, string][] = [
  ["GetObject", "s3.amazonaws.com"],
  ["PutObject", "s3.amazonaws.com"],
  ["ListBuckets", "s3.amazonaws.com"],
  ["DescribeInstances", "ec2.amazonaws.com"],
  ["DescribeSecurityGroups", "ec2.amazonaws.com"],
  ["ListUsers", "iam.amazonaws.com"],
  ["GetUser", "iam.amazonaws.com"],
  ["GetCallerIdentity", "sts.amazonaws.com"],
  ["AssumeRole", "sts.amazonaws.com"],
  ["Decrypt", "kms.amazonaws.com"],
  ["InvokeModel", "bedrock.amazonaws.com"],
  ["Converse", "bedrock.amazonaws.com"],
  ["ListEndpoints", "sagemaker.amazonaws.com"],
  ["ListFoundationModels", "bedrock.amazonaws.com"],
  ["ListModels", "sagemaker.amazonaws.com"],
];
const AGENTS = [
  "aws-cli/2.15.0 Python/3.11.6",
  "Boto3/1.34.11 Python/3.12.1",
  "aws-sdk-js/3.450.0",
  "python-requests/2.31.0",
];
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];

const akia = (random: Random) => `AKIA${randomChars(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`;
const asia = (random: Random) => `ASIA${randomChars(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}`;
const at = (base: number, minutes: number) => new Date(base + minutes * MINUTE);

interface Attacker {
  label: string;
  user: string;
  key: string | null;
  ip: string;
  /** The call's credential evidence beyond an IAM user's key, by event source. */
  extra?: (eventSource: string) => CloudTrailEvent;
  isCsv?: boolean;
  /** The first calls' name and source, before random ones. */
  pinned?: [string, string][];
  /** Each burst's call times: calls within a burst are at most the keep-alive apart. */
  bursts: Date[][];
  /** Successful calls by the same key after (or before) the denials. */
  successes?: { time: Date; ip: string }[];
}

export function buildAttackCorpus(seed: number): AttackCorpus {
  const random = mulberry32(seed);
  const prefix = randomHex(random, 8);
  let index = 0;
  const next = () => ++index;
  const start = Date.UTC(2026, 2, 2); // five days from here
  const events: CloudTrailEvent[] = [];
  const csvEvents: CloudTrailEvent[] = [];
  const expected: ExpectedSignal[] = [];
  const nearMissIds: string[] = [];

  // ----- attackers, and the signals their plan implies -----
  /** A burst of `count` calls from `from`, each 1 to 55 min after the previous (under the keep-alive). */
  const burst = (from: Date, count: number) => {
    const times = [from];
    for (let i = 1; i < count; i++) times.push(at((times.at(-1) as Date).getTime(), randomInt(random, 1, 55)));
    return times;
  };
  /** Bursts separated by more than the keep-alive (61 min to 10 h after the previous burst's last call). */
  const bursts = (from: Date, n: number) => {
    const out: Date[][] = [];
    let cursor = from;
    for (let i = 0; i < n; i++) {
      const times = burst(cursor, randomInt(random, 2, 8));
      out.push(times);
      cursor = at((times.at(-1) as Date).getTime(), randomInt(random, KEEP_ALIVE_MIN + 1, 600));
    }
    return out;
  };
  const attackers: Attacker[] = [];
  const day = (d: number, hour: number) => new Date(start + d * 24 * HOUR + hour * HOUR);
  for (let i = 0; i < 4; i++) {
    attackers.push({
      label: `leaked key ${i}`,
      user: `svc-deploy-${i}`,
      key: akia(random),
      ip: `198.51.100.${10 + i}`,
      bursts: bursts(day(i % 4, randomInt(random, 0, 12)), randomInt(random, 1, 3)),
    });
  }
  // The keep-alive's edge, exactly: a 60 min gap stays in the signal, a 61 min gap starts a new one.
  const edge = day(1, 2);
  attackers.push({
    label: "keep-alive edge",
    user: "etl-runner",
    key: akia(random),
    ip: "198.51.100.30",
    bursts: [
      [edge, at(edge.getTime(), 60), at(edge.getTime(), 120)],
      [at(edge.getTime(), 181), at(edge.getTime(), 200)],
    ],
  });
  // A call every 40 min for 30 h: one session by the keep-alive, cut at the 24 h maximum duration.
  // The first signal keeps every call up to and including 24 h after its first, floor(1440 / 40) + 1.
  const steadyFrom = day(0, 6);
  const steady = Array.from({ length: (30 * 60) / 40 + 1 }, (_, k) => at(steadyFrom.getTime(), k * 40));
  const perSignal = Math.floor(MAX_DURATION_MIN / 40) + 1;
  attackers.push({
    label: "steady scanner",
    user: "scanner",
    key: akia(random),
    ip: "198.51.100.40",
    bursts: [steady.slice(0, perSignal), steady.slice(perSignal)],
  });
  attackers.push({
    label: "Bedrock API key",
    user: `BedrockAPIKey-${randomHex(random, 4)}`,
    key: null,
    ip: "198.51.100.50",
    // bedrock-mantle says so in requestParameters; the other services in additionalEventData.
    extra: (source) =>
      source === "bedrock-mantle.amazonaws.com"
        ? { requestParameters: { callWithBearerToken: true } }
        : { additionalEventData: { callWithBearerToken: true } },
    pinned: [
      ["ListModels", "bedrock-mantle.amazonaws.com"],
      ["ListFoundationModels", "bedrock.amazonaws.com"],
    ],
    bursts: bursts(day(2, 9), 1),
  });
  const csvFirst = burst(day(1, 13), 4);
  const csvLater = burst(at((csvFirst[0] as Date).getTime(), 30 * 60), 3);
  attackers.push({
    label: "console CSV rows (key only)",
    user: "legacy-user",
    key: akia(random),
    ip: "198.51.100.60",
    isCsv: true,
    bursts: [csvFirst, csvLater],
    // Within 24 h of the first burst's start; before the second burst began, so it does not count there.
    successes: [{ time: at((csvFirst[0] as Date).getTime(), 120), ip: "198.51.100.60" }],
  });
  const followed = burst(day(3, 4), 5);
  attackers.push({
    label: "followed by success, same IP",
    user: "ci-bot",
    key: akia(random),
    ip: "198.51.100.70",
    bursts: [followed],
    successes: [{ time: at((followed[0] as Date).getTime(), 3 * 60), ip: "198.51.100.70" }],
  });
  const otherIp = burst(day(3, 10), 4);
  const late = burst(day(2, 20), 3);
  const early = burst(day(0, 15), 3);
  attackers.push(
    {
      label: "success from another IP",
      user: "analytics",
      key: akia(random),
      ip: "198.51.100.80",
      bursts: [otherIp],
      successes: [{ time: at((otherIp[0] as Date).getTime(), 60), ip: "192.0.2.80" }],
    },
    {
      label: "success after 24 h",
      user: "reporting",
      key: akia(random),
      ip: "198.51.100.90",
      bursts: [late],
      successes: [{ time: at((late[0] as Date).getTime(), 24 * 60 + 10), ip: "198.51.100.90" }],
    },
    {
      label: "success before the first denial",
      user: "backup",
      key: akia(random),
      ip: "198.51.100.100",
      bursts: [early],
      successes: [{ time: at((early[0] as Date).getTime(), -30), ip: "198.51.100.100" }],
    },
  );

  for (const attacker of attackers) {
    const agent = pick(random, AGENTS);
    const out = attacker.isCsv ? csvEvents : events;
    const base = { prefix, user: attacker.user, accessKeyId: attacker.key, ip: attacker.ip, userAgent: agent };
    for (const [b, times] of attacker.bursts.entries()) {
      const ids: string[] = [];
      for (const time of times) {
        const [eventName, eventSource] = attacker.pinned?.shift() ?? pick(random, DISCOVERY);
        const event = call({
          ...base,
          index: next(),
          time,
          eventName,
          eventSource,
          errorCode: eventSource === "sagemaker.amazonaws.com" ? "AccessDenied" : "AccessDeniedException",
          region: pick(random, REGIONS),
          extra: attacker.extra?.(eventSource),
        });
        out.push(event);
        ids.push(String(event.eventID));
      }
      const first = times[0] as Date;
      const isFollowed = (attacker.successes ?? []).some(
        (success) =>
          success.ip === attacker.ip &&
          success.time.getTime() >= first.getTime() &&
          success.time.getTime() <= first.getTime() + 24 * HOUR,
      );
      expected.push({
        label: `${attacker.label}, burst ${b + 1}`,
        groupKey: attacker.isCsv ? (attacker.key as string) : userArn(attacker.user),
        principalArn: attacker.isCsv ? null : userArn(attacker.user),
        firstSeen: first.toISOString(),
        lastSeen: (times.at(-1) as Date).toISOString(),
        eventCount: times.length,
        severity: isFollowed ? "high" : "medium",
        eventIds: ids.sort(),
      });
    }
    for (const success of attacker.successes ?? []) {
      out.push(
        call({
          ...base,
          index: next(),
          time: success.time,
          ip: success.ip,
          eventName: "GetObject",
          eventSource: "s3.amazonaws.com",
          errorCode: null,
        }),
      );
    }
  }

  // ----- near misses: each one condition short; each principal its own, so a wrong match shows -----
  const nearMiss = (spec: Partial<Parameters<typeof call>[0]>, count = 2) => {
    for (let i = 0; i < count; i++) {
      const event = call({
        prefix,
        index: next(),
        time: day(randomInt(random, 0, 4), randomInt(random, 0, 23)),
        ...spec,
      });
      events.push(event);
      nearMissIds.push(String(event.eventID));
    }
  };
  const roleArn = (name: string) => `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/session`;
  nearMiss({ user: "nm-temp", identityType: "AssumedRole", arn: roleArn("nm-temp"), accessKeyId: asia(random) }, 3);
  nearMiss({ user: "nm-allowed", accessKeyId: akia(random), errorCode: null }, 3);
  nearMiss({
    user: "nm-other-api",
    eventName: "GetObject",
    eventSource: "s3.amazonaws.com",
    errorCode: "AccessDenied",
  });
  nearMiss({
    user: "nm-other-api",
    eventName: "ListUsers",
    eventSource: "iam.amazonaws.com",
    errorCode: "AccessDenied",
  });
  nearMiss({ user: "nm-validation", errorCode: "ValidationException" });
  nearMiss({ user: "nm-validation", eventName: "GetCustomModel", errorCode: "ResourceNotFoundException" });
  nearMiss({ user: "nm-validation", errorCode: "ThrottlingException" });
  nearMiss(
    { user: "nm-masked", identityType: "AssumedRole", arn: roleArn("nm-masked"), accessKeyId: "AKIA****************" },
    3,
  );
  nearMiss({
    user: "nm-example",
    identityType: "AssumedRole",
    arn: roleArn("nm-example"),
    accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  });
  nearMiss({ user: "nm-wrong-source", eventName: "ListFoundationModels", eventSource: "sagemaker.amazonaws.com" });
  nearMiss({
    user: "nm-service",
    extra: { userIdentity: { type: "AWSService", invokedBy: "sagemaker.amazonaws.com" } },
    eventName: "ListModels",
    eventSource: "sagemaker.amazonaws.com",
    errorCode: "AccessDenied",
  });

  // ----- background: other principals going about their day -----
  const users = Array.from({ length: 20 }, (_, i) => ({ user: `app-${i}`, key: akia(random), type: "IAMUser" }));
  const roles = Array.from({ length: 10 }, (_, i) => ({ user: `role-${i}`, key: asia(random), type: "AssumedRole" }));
  for (let i = 0; i < 3000; i++) {
    const who = random() < 0.6 ? pick(random, users) : pick(random, roles);
    const [eventName, eventSource] = pick(random, BENIGN);
    // Denials only on APIs the rule does not list, so no background event can match.
    const isDenied = !DISCOVERY_NAMES.has(eventName) && random() < 0.08;
    events.push(
      call({
        prefix,
        index: next(),
        time: new Date(start + Math.floor(random() * 5 * 24 * 60) * MINUTE + randomInt(random, 0, 59) * 1000),
        user: who.user,
        identityType: who.type,
        ...(who.type === "AssumedRole" ? { arn: roleArn(who.user) } : {}),
        accessKeyId: who.key,
        eventName,
        eventSource,
        errorCode: isDenied ? pick(random, ["AccessDenied", "AccessDeniedException"]) : null,
        ip: `10.0.${randomInt(random, 0, 3)}.${randomInt(random, 1, 254)}`,
        userAgent: pick(random, AGENTS),
        region: pick(random, REGIONS),
      }),
    );
  }
  return { events, csvEvents, expected, nearMissIds };
}

/** Seeded Fisher-Yates: a different, reproducible order. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

import { mulberry32, type Random } from "@/bench/prng";
import { type CloudTrailEvent, syntheticEventId } from "@/tests/support/fixtures";

// A seeded corpus for the investigation views, skewed the way real CloudTrail is: one principal and one
// IP with a large share of the events, a middle band, and a long tail with a handful each; IAM users with
// long-term keys (one user name in two accounts), assumed roles with temporary keys, console CSV rows
// without an ARN, IPv4 and IPv6 addresses, an AWS service name and "AWS Internal" as source addresses;
// denials, other errors and successes over three days.
//
// Every event carries its own truth (`facts`), set by the generator, so tests count what the views
// should show without going through the code under test.

export interface EventFacts {
  eventId: string;
  time: Date;
  /** null for console CSV rows, which carry no ARN. */
  principalArn: string | null;
  userName: string | null;
  accountId: string;
  accessKeyId: string | null;
  credentialType: "long_term_key" | "temporary" | "console_session";
  ip: string;
  eventName: string;
  eventSource: string;
  region: string;
  userAgent: string;
  errorCode: string | null;
  isDenied: boolean;
  /** Uploaded as a console CSV row (else as JSON). */
  isCsv: boolean;
}

export interface EntityCorpus {
  events: { json: CloudTrailEvent; facts: EventFacts }[];
  heavyPrincipal: string;
  heavyIp: string;
  /** A user name that exists in two accounts. */
  sharedUserName: string;
}

const ACCOUNTS = ["111122223333", "444455556666"];
const DENIED = ["AccessDenied", "AccessDeniedException", "Client.UnauthorizedOperation"];
const OTHER_ERRORS = ["ValidationException", "ThrottlingException", "NoSuchBucket"];
const CALLS: [string, string][] = [
  ["ListFoundationModels", "bedrock.amazonaws.com"],
  ["GetFoundationModel", "bedrock.amazonaws.com"],
  ["ListModels", "sagemaker.amazonaws.com"],
  ["ListModels", "bedrock-mantle.amazonaws.com"],
  ["GetObject", "s3.amazonaws.com"],
  ["ListBuckets", "s3.amazonaws.com"],
  ["DescribeInstances", "ec2.amazonaws.com"],
  ["GetCallerIdentity", "sts.amazonaws.com"],
];
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];
const AGENTS = [
  "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64",
  "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1",
  "console.amazonaws.com",
  `Mozilla/5.0 ${"(very long agent) ".repeat(40)}end`,
];
const START = Date.UTC(2026, 2, 1, 0, 0, 0);
const SPAN_MS = 3 * 24 * 3600 * 1000;

interface Principal {
  arn: string | null;
  userName: string | null;
  accountId: string;
  type: "IAMUser" | "AssumedRole" | null;
  keys: string[];
  ips: string[];
  weight: number;
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const keyOf = (random: Random, prefix: string) =>
  `${prefix}${Array.from({ length: 16 }, () => "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[Math.floor(random() * 32)]).join("")}`;

function makeIps(random: Random, n: number): string[] {
  return Array.from({ length: n }, (_, i) =>
    i % 3 === 1
      ? `2001:db8:${Math.floor(random() * 0xffff).toString(16)}::${(i + 1).toString(16)}`
      : `198.51.100.${Math.floor(random() * 250) + 1}`,
  );
}

function makePrincipals(random: Random): Principal[] {
  const principals: Principal[] = [];
  const user = (name: string, accountId: string, weight: number): Principal => ({
    arn: `arn:aws:iam::${accountId}:user/${name}`,
    userName: name,
    accountId,
    type: "IAMUser",
    keys: [keyOf(random, "AKIA"), keyOf(random, "AKIA")],
    ips: makeIps(random, 3),
    weight,
  });
  principals.push(user("build-bot", ACCOUNTS[0] as string, 600)); // the heavy one
  principals.push(user("ana", ACCOUNTS[0] as string, 60));
  principals.push(user("ana", ACCOUNTS[1] as string, 12)); // the same name in another account
  for (let i = 0; i < 20; i++)
    principals.push(user(`svc-${i}`, pick(random, ACCOUNTS), 20 + Math.floor(random() * 60)));
  for (let i = 0; i < 8; i++) {
    const accountId = pick(random, ACCOUNTS);
    principals.push({
      arn: `arn:aws:sts::${accountId}:assumed-role/app-role-${i}/i-0${i}abc`,
      userName: null,
      accountId,
      type: "AssumedRole",
      keys: [keyOf(random, "ASIA"), keyOf(random, "ASIA"), keyOf(random, "ASIA")],
      ips: makeIps(random, 2),
      weight: 10 + Math.floor(random() * 40),
    });
  }
  for (let i = 0; i < 120; i++)
    principals.push(user(`tail-${i}`, pick(random, ACCOUNTS), 1 + Math.floor(random() * 5)));
  // Console CSV rows: a user name and key, no ARN.
  for (let i = 0; i < 6; i++) {
    principals.push({ ...user(`csv-${i}`, ACCOUNTS[0] as string, 3 + i), arn: null, type: null });
  }
  return principals;
}

function toJson(facts: EventFacts, index: number, principal: Principal): CloudTrailEvent {
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: principal.type,
      principalId: "AIDAEXAMPLE",
      arn: facts.principalArn,
      accountId: facts.accountId,
      ...(facts.accessKeyId ? { accessKeyId: facts.accessKeyId } : {}),
      ...(facts.userName ? { userName: facts.userName } : {}),
    },
    eventTime: facts.time.toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: facts.eventSource,
    eventName: facts.eventName,
    awsRegion: facts.region,
    sourceIPAddress: facts.ip,
    userAgent: facts.userAgent,
    ...(facts.errorCode ? { errorCode: facts.errorCode, errorMessage: "no" } : {}),
    requestParameters: null,
    responseElements: null,
    requestID: `req-${index}`,
    eventID: facts.eventId,
    readOnly: true,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: facts.accountId,
    eventCategory: "Management",
  };
}

export function buildEntityCorpus(seed: number, prefix: string): EntityCorpus {
  const random = mulberry32(seed);
  const principals = makePrincipals(random);
  const heavyIp = "203.0.113.7";
  const events: EntityCorpus["events"] = [];
  let index = 0;
  for (const principal of principals) {
    for (let n = 0; n < principal.weight; n++) {
      const roll = random();
      const [eventName, eventSource] = pick(random, CALLS);
      const denied = roll < 0.25;
      const errorCode = denied ? pick(random, DENIED) : roll < 0.35 ? pick(random, OTHER_ERRORS) : null;
      const ipRoll = random();
      const ip =
        ipRoll < 0.3
          ? heavyIp
          : ipRoll < 0.33
            ? "bedrock.amazonaws.com"
            : ipRoll < 0.35
              ? "AWS Internal"
              : pick(random, principal.ips);
      const usesKey = principal.arn === null || random() < 0.95;
      const facts: EventFacts = {
        eventId: syntheticEventId(prefix, index),
        // Whole seconds: every export format keeps them.
        time: new Date(START + Math.floor(random() * (SPAN_MS / 1000)) * 1000),
        principalArn: principal.arn,
        userName: principal.userName,
        accountId: principal.accountId,
        accessKeyId: usesKey ? pick(random, principal.keys) : null,
        credentialType: principal.type === "AssumedRole" ? "temporary" : usesKey ? "long_term_key" : "console_session",
        ip,
        eventName,
        eventSource,
        region: pick(random, REGIONS),
        userAgent: pick(random, AGENTS),
        errorCode,
        isDenied: denied,
        isCsv: principal.arn === null,
      };
      events.push({ json: toJson(facts, index, principal), facts });
      index++;
    }
  }
  return {
    events,
    heavyPrincipal: principals[0]?.arn as string,
    heavyIp,
    sharedUserName: "ana",
  };
}

export function shuffle<T>(items: readonly T[], seed: number): T[] {
  const random = mulberry32(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

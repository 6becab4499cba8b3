import type { BaseEvents, Json } from "@/bench/base-events";
import { pick, type Random, randomChars, randomInt, randomMask48, randomUuid, uniqueUuid } from "@/bench/prng";

// One generated event: a resampled base event with a fresh unique eventID and requestID, its time, region
// and recipient account set by the file it goes in, and its caller (identity, access key, source IP)
// drawn from a seeded pool, so per-principal, per-key and per-IP indexes see realistic cardinalities.

const KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const WORDS = ["alice", "bob", "carol", "deploy", "ci", "backup", "etl", "ops", "data", "svc", "audit", "dev"];
export const REGIONS = [
  "us-east-1",
  "us-east-1",
  "us-east-1",
  "us-west-2",
  "us-west-2",
  "eu-west-1",
  "eu-central-1",
  "ap-northeast-1",
  "ap-southeast-2",
];

interface Identity {
  account: string;
  name: string;
  arn: string;
  principalId: string;
  longTermKey: string;
  sessionKey: string;
  issuerArn: string;
}

export interface Pools {
  accounts: string[];
  users: Identity[];
  roles: Identity[];
  ips: string[];
}

export function createPools(random: Random): Pools {
  const accounts = Array.from({ length: 4 }, () => String(randomInt(random, 100_000_000_000, 999_999_999_999)));
  const users: Identity[] = [];
  const roles: Identity[] = [];
  for (const account of accounts) {
    for (let i = 0; i < 60; i++) {
      const name = `${pick(random, WORDS)}-${randomChars(random, "abcdefghijklmnopqrstuvwxyz0123456789", 5)}`;
      users.push({
        account,
        name,
        arn: `arn:aws:iam::${account}:user/${name}`,
        principalId: `AIDA${randomChars(random, KEY_CHARS, 17)}`,
        longTermKey: `AKIA${randomChars(random, KEY_CHARS, 16)}`,
        sessionKey: `ASIA${randomChars(random, KEY_CHARS, 16)}`,
        issuerArn: `arn:aws:iam::${account}:user/${name}`,
      });
    }
    for (let i = 0; i < 30; i++) {
      const role = `${pick(random, WORDS)}-role-${randomChars(random, "abcdefghijklmnopqrstuvwxyz", 4)}`;
      const session = `i-0${randomChars(random, "0123456789abcdef", 16)}`;
      const roleId = `AROA${randomChars(random, KEY_CHARS, 17)}`;
      roles.push({
        account,
        name: role,
        arn: `arn:aws:sts::${account}:assumed-role/${role}/${session}`,
        principalId: `${roleId}:${session}`,
        longTermKey: `ASIA${randomChars(random, KEY_CHARS, 16)}`,
        sessionKey: `ASIA${randomChars(random, KEY_CHARS, 16)}`,
        issuerArn: `arn:aws:iam::${account}:role/${role}`,
      });
    }
  }
  const ips = Array.from({ length: 3000 }, () =>
    random() < 0.9
      ? `${randomInt(random, 1, 223)}.${randomInt(random, 0, 255)}.${randomInt(random, 0, 255)}.${randomInt(random, 1, 254)}`
      : `2001:db8:${randomInt(random, 0, 0xffff).toString(16)}::${randomInt(random, 1, 0xffff).toString(16)}`,
  );
  return { accounts, users, roles, ips };
}

/** `obj` with the keys of `patch` that it already has replaced, keeping AWS's key order. */
function replaceExisting(obj: Json, patch: Json): Json {
  const out: Json = { ...obj };
  for (const [key, value] of Object.entries(patch)) if (key in out) out[key] = value;
  return out;
}

const isIp = (value: unknown) => typeof value === "string" && /^([0-9.]+|[0-9a-fA-F:]+)$/.test(value);

function identityFor(random: Random, pools: Pools, original: unknown): unknown {
  if (typeof original !== "object" || original === null) return original;
  const ui = original as Json;
  const key = typeof ui.accessKeyId === "string" ? ui.accessKeyId : "";
  if (ui.type === "IAMUser" || ui.type === "AssumedRole") {
    const who = pick(random, ui.type === "IAMUser" ? pools.users : pools.roles);
    const out = replaceExisting(ui, {
      arn: who.arn,
      principalId: who.principalId,
      accountId: who.account,
      userName: who.name,
      accessKeyId: key.startsWith("AKIA") ? who.longTermKey : who.sessionKey,
    });
    const context = ui.sessionContext as Json | undefined;
    const issuer = context?.sessionIssuer as Json | undefined;
    if (context && issuer && typeof issuer === "object") {
      out.sessionContext = {
        ...context,
        sessionIssuer: replaceExisting(issuer, { arn: who.issuerArn, accountId: who.account, userName: who.name }),
      };
    }
    return out;
  }
  if (ui.type === "Root") {
    const account = pick(random, pools.accounts);
    return replaceExisting(ui, {
      arn: `arn:aws:iam::${account}:root`,
      principalId: account,
      accountId: account,
      accessKeyId: key ? `${key.slice(0, 4)}${randomChars(random, KEY_CHARS, 16)}` : key,
    });
  }
  return ui;
}

export interface EventFactory {
  /** The JSON text of the `index`-th event of the corpus (one line, AWS's compact form). */
  event(index: number, time: Date, region: string, account: string): string;
  /** How many planted attack events (true positives of the Bedrock rule) it has made so far. */
  readonly planted: number;
}

/** One event in this many is a planted attack, so detection's regrouping is measured too, not only matching. */
const ATTACK_EVERY = 2000;
const ATTACK_CALLS: [string, string, string][] = [
  ["bedrock.amazonaws.com", "ListFoundationModels", "AccessDeniedException"],
  ["bedrock.amazonaws.com", "GetFoundationModel", "AccessDeniedException"],
  ["bedrock.amazonaws.com", "ListCustomModels", "AccessDeniedException"],
  ["sagemaker.amazonaws.com", "ListModels", "AccessDenied"],
  ["sagemaker.amazonaws.com", "ListTrainingJobs", "AccessDenied"],
];

/** A denied model-discovery call by one of a few IAM users with their long-term key, from a few IPs. */
function attackEvent(random: Random, pools: Pools, index: number, mask: bigint, time: Date, region: string): Json {
  const who = pools.users[randomInt(random, 0, 11)] as Identity;
  const [eventSource, eventName, errorCode] = pick(random, ATTACK_CALLS);
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: "IAMUser",
      principalId: who.principalId,
      arn: who.arn,
      accountId: who.account,
      accessKeyId: who.longTermKey,
      userName: who.name,
    },
    eventTime: `${time.toISOString().slice(0, 19)}Z`,
    eventSource,
    eventName,
    awsRegion: region,
    sourceIPAddress: pools.ips[randomInt(random, 0, 5)],
    userAgent: "Boto3/1.34.0 md/Botocore#1.34.0 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.6",
    errorCode,
    errorMessage: `User: ${who.arn} is not authorized to perform: ${eventSource.split(".")[0]}:${eventName}`,
    requestParameters: null,
    responseElements: null,
    requestID: randomUuid(random),
    eventID: uniqueUuid(random, index, mask),
    readOnly: true,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: who.account,
    eventCategory: "Management",
  };
}

export function createEventFactory(base: BaseEvents, random: Random): EventFactory {
  const pools = createPools(random);
  const mask = randomMask48(random);
  let planted = 0;
  return {
    get planted() {
      return planted;
    },
    event(index, time, region, account) {
      if (random() * ATTACK_EVERY < 1) {
        planted++;
        return JSON.stringify(attackEvent(random, pools, index, mask, time, region));
      }
      const source = pick(random, base.events);
      const event: Json = {
        ...source,
        eventTime: `${time.toISOString().slice(0, 19)}Z`,
        awsRegion: region,
        eventID: uniqueUuid(random, index, mask),
        recipientAccountId: account,
      };
      if ("userIdentity" in source) event.userIdentity = identityFor(random, pools, source.userIdentity);
      if (isIp(source.sourceIPAddress)) event.sourceIPAddress = pick(random, pools.ips);
      if ("requestID" in source) event.requestID = randomUuid(random);
      return JSON.stringify(event);
    },
  };
}

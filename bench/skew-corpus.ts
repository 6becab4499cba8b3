import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { type BaseEvents, type Json, loadBaseEvents } from "@/bench/base-events";
import { onCleanup } from "@/bench/cleanup";
import type { Corpus, CorpusFile } from "@/bench/corpus";
import {
  mulberry32,
  pick,
  type Random,
  randomChars,
  randomInt,
  randomMask48,
  randomUuid,
  uniqueUuid,
} from "@/bench/prng";

// The investigation benchmark's corpus: the ingest benchmark's resampled real events, but with the callers
// skewed the way real accounts are. Three IAM users and three source addresses (NAT gateways every
// principal shares) each carry a tenth of all events; two hundred principals share three tenths; the
// rest is a long tail of role sessions with a handful of events each, every one with its own temporary
// key and address. Thirty days of activity, time-ordered S3 delivery files of ~3,500 events, and one
// planted denied-discovery attack in 2,000 events, by the busiest users, so their views have signals.

const VERSION = 1;
const gzipAsync = promisify(gzip);
const START = Date.UTC(2026, 1, 1);
const SPAN_MS = 30 * 24 * 3600 * 1000;
const EVENTS_PER_FILE = 3_500;
const TAIL_EVENTS_EACH = 5;
const ATTACK_EVERY = 2000;
const KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const REGIONS = ["us-east-1", "us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-northeast-1"];

export interface SkewedCorpus extends Corpus {
  /** The planted heavy hitters, so the benchmark knows whom to ask about. */
  heavy: { principals: string[]; ips: string[] };
}

interface Caller {
  type: "IAMUser" | "AssumedRole";
  account: string;
  name: string;
  arn: string;
  keys: string[];
  ips: string[];
}

function makeCaller(random: Random, account: string, index: number, kind: "user" | "role"): Caller {
  const name =
    kind === "user" ? `svc-${index}-${randomChars(random, "abcdefghijklmnopqrstuvwxyz", 4)}` : `app-role-${index % 40}`;
  const session = `i-0${randomChars(random, "0123456789abcdef", 16)}`;
  return {
    type: kind === "user" ? "IAMUser" : "AssumedRole",
    account,
    name,
    arn:
      kind === "user"
        ? `arn:aws:iam::${account}:user/${name}`
        : `arn:aws:sts::${account}:assumed-role/${name}/${session}`,
    keys: Array.from(
      { length: kind === "user" ? 2 : 1 },
      () => `${kind === "user" ? "AKIA" : "ASIA"}${randomChars(random, KEY_CHARS, 16)}`,
    ),
    ips: Array.from(
      { length: 3 },
      () =>
        `${randomInt(random, 11, 199)}.${randomInt(random, 0, 255)}.${randomInt(random, 0, 255)}.${randomInt(random, 1, 254)}`,
    ),
  };
}

/** Tail caller `index`: derived from the index, so the tail needs no memory however long it is. */
function tailCaller(accounts: string[], index: number): Caller {
  const account = accounts[index % accounts.length] as string;
  const key = `ASIA${index.toString(32).toUpperCase().padStart(16, "Q")}`;
  const ip = `100.${64 + ((index >>> 16) & 63)}.${(index >>> 8) & 255}.${index & 255}`;
  return {
    type: "AssumedRole",
    account,
    name: `batch-role-${index % 97}`,
    arn: `arn:aws:sts::${account}:assumed-role/batch-role-${index % 97}/job-${index}`,
    keys: [key],
    ips: [ip],
  };
}

export async function ensureSkewedCorpus(options: {
  outputDir: string;
  sharedDataDir: string;
  seed: number;
  events: number;
  log: (message: string) => void;
}): Promise<SkewedCorpus> {
  const base: BaseEvents = await loadBaseEvents(options.sharedDataDir);
  const suffix = base.source === "synthetic" ? "-synthetic" : "";
  const dir = path.join(options.outputDir, `skewed-${options.seed}-${options.events}${suffix}`);
  const manifestText = await readFile(path.join(dir, "manifest.json"), "utf8").catch(() => null);
  if (manifestText) {
    const manifest = JSON.parse(manifestText) as SkewedCorpus;
    if (manifest.version === VERSION) return { ...manifest, dir, cached: true };
  }
  options.log(`Generating ${options.events.toLocaleString("en")} skewed events into ${dir} (${base.description})…`);
  const started = performance.now();
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  const removeTmp = onCleanup(() => rm(tmp, { recursive: true, force: true }));

  const random = mulberry32(options.seed ^ 0x51ee_d0c5);
  const mask = randomMask48(random);
  const accounts = Array.from({ length: 4 }, () => String(randomInt(random, 100_000_000_000, 999_999_999_999)));
  const heavyCallers = [0, 1, 2].map((i) => makeCaller(random, accounts[i % accounts.length] as string, i, "user"));
  const mediumCallers = Array.from({ length: 200 }, (_, i) =>
    makeCaller(random, pick(random, accounts), 100 + i, i % 3 === 0 ? "role" : "user"),
  );
  const heavyIps = ["52.94.133.131", "3.5.140.2", "2600:1f18:4a2:7d00::1"];
  const tailCount = Math.max(1, Math.round((options.events * 0.4) / TAIL_EVENTS_EACH));

  const files: CorpusFile[] = [];
  let planted = 0;
  let writing: Promise<void> = Promise.resolve();
  const fileCount = Math.ceil(options.events / EVENTS_PER_FILE);
  for (let f = 0; f < fileCount; f++) {
    const first = f * EVENTS_PER_FILE;
    const count = Math.min(EVENTS_PER_FILE, options.events - first);
    const windowStart = START + Math.floor((f / fileCount) * SPAN_MS);
    const windowMs = SPAN_MS / fileCount;
    const region = pick(random, REGIONS);
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      const index = first + i;
      const time = new Date(windowStart + Math.floor(((i + random()) * windowMs) / count));
      const roll = random();
      const caller =
        roll < 0.3
          ? (heavyCallers[Math.floor(roll * 10)] as Caller)
          : roll < 0.6
            ? pick(random, mediumCallers)
            : tailCaller(accounts, Math.floor(random() * tailCount));
      const ip = random() < 0.3 ? pick(random, heavyIps) : pick(random, caller.ips);
      const isAttack = caller.type === "IAMUser" && roll < 0.3 && random() * ATTACK_EVERY * 0.3 < 1;
      const source: Json = isAttack
        ? {
            eventVersion: "1.09",
            eventSource: "bedrock.amazonaws.com",
            eventName: pick(random, ["ListFoundationModels", "GetFoundationModel", "ListCustomModels"]),
            errorCode: "AccessDeniedException",
            errorMessage: "not authorized",
            readOnly: true,
            eventType: "AwsApiCall",
            managementEvent: true,
            eventCategory: "Management",
            requestParameters: null,
            responseElements: null,
          }
        : (pick(random, base.events) as Json);
      if (isAttack) planted++;
      const { invokedBy: _invokedBy, ...identity } = (source.userIdentity ?? {}) as Json;
      const event: Json = {
        ...source,
        userIdentity: {
          ...identity,
          type: caller.type,
          principalId: `AIDA${caller.name.length}`,
          arn: caller.arn,
          accountId: caller.account,
          accessKeyId: pick(random, caller.keys),
          ...(caller.type === "IAMUser" ? { userName: caller.name } : {}),
        },
        eventTime: `${time.toISOString().slice(0, 19)}Z`,
        awsRegion: region,
        sourceIPAddress: ip,
        userAgent:
          caller.type === "IAMUser" ? "aws-cli/2.15.0 Python/3.11.6 Linux/6.1" : "Boto3/1.34.0 Botocore/1.34.0",
        eventID: uniqueUuid(random, index, mask),
        requestID: randomUuid(random),
        recipientAccountId: caller.account,
      };
      // A credential flag from the resampled event would override the caller's own credential type.
      delete event.additionalEventData;
      delete event.sessionCredentialFromConsole;
      parts.push(JSON.stringify(event));
    }
    const text = Buffer.from(`{"Records":[${parts.join(",")}]}`, "utf8");
    const account = accounts[f % accounts.length] as string;
    const stamp = new Date(windowStart).toISOString().replace(/[-:]/g, "").slice(0, 13);
    const name = `AWSLogs/${account}/CloudTrail/${region}/${account}_CloudTrail_${region}_${stamp}Z_${f}.json.gz`;
    await writing;
    writing = gzipAsync(text).then(async (compressed) => {
      const file = path.join(tmp, name);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, compressed);
      files.push({ path: name, events: count, bytes: compressed.length, uncompressedBytes: text.length });
    });
    if (f % 200 === 199) options.log(`  ${(first + count).toLocaleString("en")} events generated`);
  }
  await writing;
  const manifest: Omit<SkewedCorpus, "dir"> = {
    version: VERSION,
    seed: options.seed,
    events: options.events,
    bytes: files.reduce((sum, file) => sum + file.bytes, 0),
    uncompressedBytes: files.reduce((sum, file) => sum + file.uncompressedBytes, 0),
    base: { source: base.source, description: base.description },
    generationSeconds: (performance.now() - started) / 1000,
    plantedMatches: planted,
    files,
    heavy: { principals: heavyCallers.map((caller) => caller.arn), ips: heavyIps },
  };
  await writeFile(path.join(tmp, "manifest.json"), `${JSON.stringify(manifest)}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
  removeTmp();
  return { ...manifest, dir, cached: false };
}

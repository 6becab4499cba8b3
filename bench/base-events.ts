import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";

// The events the corpus is resampled from: the real public CloudTrail samples in ../shared/data (S3
// delivery files from a SANS lab, Invictus IR's and Stratus Red Team's detonations), so the corpus has
// real shapes, sizes and key orders. Without that folder, a small built-in template stands in.

export type Json = Record<string, unknown>;

export interface BaseEvents {
  source: "real" | "synthetic";
  /** Where they came from, for the report. */
  description: string;
  events: Json[];
}

const SOURCES = ["sans504_s3_ransomware_lab", "invictus-ir_aws_dataset", "stratus-red-team_detonation-logs"];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.json(\.gz)?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

function recordsOf(document: unknown): Json[] {
  const list = Array.isArray(document) ? document : (document as { Records?: unknown }).Records;
  return Array.isArray(list) ? list.filter((item): item is Json => typeof item === "object" && item !== null) : [];
}

export async function loadBaseEvents(sharedDataDir: string): Promise<BaseEvents> {
  if (!existsSync(sharedDataDir)) return syntheticBase(`${sharedDataDir} not found`);
  const events: Json[] = [];
  const used: string[] = [];
  for (const source of SOURCES) {
    const dir = path.join(sharedDataDir, source);
    if (!existsSync(dir)) continue;
    let count = 0;
    for (const file of await filesUnder(dir)) {
      let bytes = await readFile(file);
      if (file.endsWith(".gz")) bytes = gunzipSync(bytes);
      for (const event of recordsOf(JSON.parse(bytes.toString("utf8")))) {
        if (typeof event.eventName === "string" && typeof event.eventTime === "string") {
          events.push(event);
          count++;
        }
      }
    }
    used.push(`${source} (${count})`);
  }
  if (events.length === 0) return syntheticBase(`no events in ${sharedDataDir}`);
  return { source: "real", description: `${events.length} real events from ${used.join(", ")}`, events };
}

function syntheticBase(why: string): BaseEvents {
  const identity = (type: string, key: string) => ({
    type,
    principalId: "AIDAEXAMPLEEXAMPLE01",
    arn: "arn:aws:iam::111122223333:user/template",
    accountId: "111122223333",
    accessKeyId: key,
    userName: "template",
  });
  const common = {
    eventVersion: "1.09",
    eventTime: "2025-01-01T00:00:00Z",
    awsRegion: "us-east-1",
    sourceIPAddress: "198.51.100.7",
    userAgent: "aws-cli/2.15.0 Python/3.11.6 Linux/6.5 exe/x86_64",
    requestID: "00000000-0000-4000-8000-000000000000",
    eventID: "00000000-0000-4000-8000-000000000000",
    readOnly: true,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: "111122223333",
    eventCategory: "Management",
    tlsDetails: { tlsVersion: "TLSv1.3", cipherSuite: "TLS_AES_128_GCM_SHA256", clientProvidedHostHeader: "x" },
  };
  const events: Json[] = [
    {
      ...common,
      userIdentity: identity("IAMUser", "AKIAEXAMPLEEXAMPLE01"),
      // Succeeded: true positives are planted by the generator (bench/synth.ts), which counts them.
      eventSource: "bedrock.amazonaws.com",
      eventName: "ListFoundationModels",
      requestParameters: null,
      responseElements: null,
    },
    {
      ...common,
      userIdentity: identity("IAMUser", "AKIAEXAMPLEEXAMPLE01"),
      eventSource: "s3.amazonaws.com",
      eventName: "ListBuckets",
      requestParameters: { Host: "s3.amazonaws.com" },
      responseElements: null,
    },
    {
      ...common,
      userIdentity: {
        ...identity("AssumedRole", "ASIAEXAMPLEEXAMPLE01"),
        arn: "arn:aws:sts::111122223333:assumed-role/app/i-0abc",
      },
      eventSource: "sts.amazonaws.com",
      eventName: "GetCallerIdentity",
      requestParameters: null,
      responseElements: null,
    },
    {
      ...common,
      userIdentity: { type: "AWSService", invokedBy: "cloudtrail.amazonaws.com" },
      sourceIPAddress: "cloudtrail.amazonaws.com",
      userAgent: "cloudtrail.amazonaws.com",
      eventSource: "s3.amazonaws.com",
      eventName: "GetBucketAcl",
      requestParameters: { bucketName: "trail-bucket", Host: "trail-bucket.s3.amazonaws.com", acl: "" },
      responseElements: null,
      readOnly: true,
      eventType: "AwsApiCall",
    },
  ];
  return { source: "synthetic", description: `built-in synthetic template (${why})`, events };
}

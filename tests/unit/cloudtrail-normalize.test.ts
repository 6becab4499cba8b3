import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { classifyCredential } from "@/lib/cloudtrail/credentials";
import { normalizeEvent } from "@/lib/cloudtrail/normalize";
import { parseEventTime } from "@/lib/cloudtrail/time";
import { hasSharedData, noSharedDataReason, sharedDataDir } from "@/tests/support/shared-data";

describe("classifyCredential", () => {
  it.each([
    [{ identityType: "IAMUser", accessKeyId: "AKIAEXAMPLE1" }, "long_term_key"],
    [{ identityType: "Root", accessKeyId: "AKIAEXAMPLE1" }, "long_term_key"],
    [{ accessKeyId: "AKIAEXAMPLE1" }, "long_term_key"],
    [{ identityType: "Unknown", accessKeyId: "AKIAEXAMPLE1" }, "long_term_key"],
    [{ identityType: "AssumedRole", accessKeyId: "AKIA****************" }, "temporary"],
    [{ identityType: "AssumedRole", accessKeyId: "AKIAIOSFODNN7EXAMPLE" }, "temporary"],
    [{ identityType: "IAMUser", accessKeyId: "ASIAEXAMPLE1" }, "temporary"],
    [{ identityType: "AWSService", invokedBy: "ec2.amazonaws.com" }, "aws_service"],
    [{ identityType: "IAMUser", accessKeyId: "ABSKexample", isBearerToken: true }, "bedrock_api_key"],
    [{ identityType: "IAMUser" }, "console_session"],
    [{ identityType: "AssumedRole", accessKeyId: "ASIAX", isConsoleSession: true }, "temporary"],
    [{ identityType: "AWSAccount", accessKeyId: "AKIAEXAMPLE1" }, "unknown"],
    [{}, "unknown"],
  ] as const)("%j is %s", (evidence, expected) => {
    expect(classifyCredential(evidence).type).toBe(expected);
  });

  it("says why the identity type won over a key prefix", () => {
    expect(classifyCredential({ identityType: "AssumedRole", accessKeyId: "AKIA****" }).reason).toMatch(
      /identity type wins/,
    );
  });
});

describe("parseEventTime", () => {
  it.each([
    ["2023-07-10T11:45:12Z", "2023-07-10T11:45:12.000Z", false],
    ["2023-07-10T13:45:12+02:00", "2023-07-10T11:45:12.000Z", false],
    ["2025-01-21 17:49:47.000000000", "2025-01-21T17:49:47.000Z", true],
    ["2025-01-21 17:49:47", "2025-01-21T17:49:47.000Z", true],
    ["2020-05-13, 04:52:01 PM", "2020-05-13T16:52:01.000Z", true],
    ["2020-05-13, 12:05:00 AM", "2020-05-13T00:05:00.000Z", true],
  ])("%s is %s", (value, iso, isZoneAssumed) => {
    expect(parseEventTime(value)).toEqual({ date: new Date(iso), isZoneAssumed });
  });

  it.each([[""], ["yesterday"], ["2023-13-45T99:00:00Z"], [12345], [null]])("%j is not a time", (value) => {
    expect(parseEventTime(value)).toBeNull();
  });
});

describe("normalizeEvent", () => {
  const denied = {
    eventVersion: "1.09",
    userIdentity: {
      type: "IAMUser",
      arn: "arn:aws:iam::111122223333:user/leaky",
      accountId: "111122223333",
      accessKeyId: "AKIAEXAMPLEKEY00001",
      userName: "leaky",
    },
    eventTime: "2026-01-05T10:00:00Z",
    eventSource: "bedrock.amazonaws.com",
    eventName: "ListFoundationModels",
    awsRegion: "us-east-1",
    sourceIPAddress: "203.0.113.9",
    userAgent: "aws-cli/2.15",
    errorCode: "AccessDeniedException",
    errorMessage: "User is not authorized",
    requestID: "req-1",
    eventID: "8f2c3c51-0000-4000-8000-000000000001",
    readOnly: true,
    eventType: "AwsApiCall",
    recipientAccountId: "111122223333",
  };

  it("types every field the views filter on, and keys the event on account and eventID", () => {
    const result = normalizeEvent(denied);
    if (!result.ok) throw new Error(result.reason);
    expect(result.event).toMatchObject({
      eventKey: "111122223333:8f2c3c51-0000-4000-8000-000000000001",
      eventTime: new Date("2026-01-05T10:00:00Z"),
      eventSource: "bedrock.amazonaws.com",
      principalArn: "arn:aws:iam::111122223333:user/leaky",
      principalName: "leaky",
      accessKeyId: "AKIAEXAMPLEKEY00001",
      credential: { type: "long_term_key" },
      errorCode: "AccessDeniedException",
      sourceIp: "203.0.113.9",
      readOnly: true,
    });
  });

  it("leaves missing fields null instead of inventing them", () => {
    const { userIdentity: _identity, recipientAccountId: _recipient, awsRegion: _region, ...bare } = denied;
    const result = normalizeEvent(bare);
    if (!result.ok) throw new Error(result.reason);
    expect(result.event).toMatchObject({
      eventKey: denied.eventID,
      principalArn: null,
      accountId: null,
      awsRegion: null,
    });
  });

  it("explains why a record cannot be stored", () => {
    expect(normalizeEvent([])).toEqual({ ok: false, reason: "the record is not a JSON object" });
    expect(normalizeEvent({ ...denied, eventID: "" })).toEqual({ ok: false, reason: "the record has no eventID" });
    expect(normalizeEvent({ ...denied, eventTime: "soon" })).toEqual({
      ok: false,
      reason: 'eventTime "soon" is not a time',
    });
  });
});

describe.skipIf(!hasSharedData)(
  hasSharedData
    ? "normalizeEvent on real exports (../shared/data)"
    : `normalizeEvent on real exports: skipped, ${noSharedDataReason}`,
  () => {
    it("normalises every event of the invictus-ir S3 files, as many as jq counts", () => {
      const dir = path.join(sharedDataDir, "invictus-ir_aws_dataset", "CloudTrail");
      const files = readdirSync(dir)
        .filter((name) => name.endsWith(".json"))
        .map((name) => path.join(dir, name));
      const jqCount = Number(
        execFileSync("/usr/bin/jq", ["-s", "map(.Records | length) | add", ...files], { encoding: "utf8" }),
      );
      let normalised = 0;
      for (const file of files) {
        for (const record of JSON.parse(readFileSync(file, "utf8")).Records) {
          const result = normalizeEvent(record);
          if (!result.ok) throw new Error(`${path.basename(file)}: ${result.reason}`);
          normalised++;
        }
      }
      expect(jqCount).toBeGreaterThan(0);
      expect(normalised).toBe(jqCount);
    });

    it("does not call the AKIA example key on an AssumedRole a long-term key (Elastic's trap)", () => {
      const file = path.join(
        sharedDataDir,
        "elastic-integrations_cloudtrail-pipeline-tests",
        "test-console-login-json.log",
      );
      const trapped = readFileSync(file, "utf8")
        .split("\n")
        .filter((line) => line.includes("AKIAIOSFODNN7EXAMPLE"))
        .map((line) => normalizeEvent(JSON.parse(line)));
      expect(trapped.length).toBeGreaterThan(0);
      for (const result of trapped) {
        if (!result.ok) throw new Error(result.reason);
        expect(result.event.credential.type).toBe("temporary");
      }
    });
  },
);

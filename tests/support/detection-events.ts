import { type CloudTrailEvent, syntheticEventId } from "@/tests/support/fixtures";

// CloudTrail events for detection tests, each described by what matters to the rule: who called, with
// which credential, what, when, from where, and whether AWS denied it.

export interface CallSpec {
  prefix: string;
  index: number;
  time: Date | string;
  /** An IAM user name in account 111122223333 (its ARN is built from it), unless `arn` is given. */
  user?: string;
  arn?: string;
  identityType?: string;
  accessKeyId?: string | null;
  eventName?: string;
  eventSource?: string;
  errorCode?: string | null;
  ip?: string;
  userAgent?: string;
  region?: string;
  extra?: CloudTrailEvent;
}

export const ACCOUNT = "111122223333";
export const userArn = (user: string) => `arn:aws:iam::${ACCOUNT}:user/${user}`;

export function call(spec: CallSpec): CloudTrailEvent {
  const user = spec.user ?? "leaky";
  const type = spec.identityType ?? "IAMUser";
  const arn = spec.arn ?? userArn(user);
  const errorCode = spec.errorCode === undefined ? "AccessDeniedException" : spec.errorCode;
  const time = typeof spec.time === "string" ? new Date(spec.time) : spec.time;
  return {
    eventVersion: "1.09",
    userIdentity: {
      type,
      principalId: "AIDAEXAMPLEPRINCIPAL1",
      arn,
      accountId: ACCOUNT,
      ...(spec.accessKeyId === null ? {} : { accessKeyId: spec.accessKeyId ?? "AKIAIOSFODNN7EXAMPLE" }),
      ...(type === "IAMUser" ? { userName: user } : {}),
    },
    eventTime: time.toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource: spec.eventSource ?? "bedrock.amazonaws.com",
    eventName: spec.eventName ?? "ListFoundationModels",
    awsRegion: spec.region ?? "us-east-1",
    sourceIPAddress: spec.ip ?? "203.0.113.10",
    userAgent: spec.userAgent ?? "python-requests/2.31.0",
    ...(errorCode ? { errorCode, errorMessage: "not authorized" } : {}),
    requestParameters: null,
    responseElements: null,
    requestID: `req-${spec.prefix}-${spec.index}`,
    eventID: syntheticEventId(spec.prefix, spec.index),
    readOnly: true,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: ACCOUNT,
    eventCategory: "Management",
    ...spec.extra,
  };
}

export const minutes = (base: Date, n: number) => new Date(base.getTime() + n * 60_000);

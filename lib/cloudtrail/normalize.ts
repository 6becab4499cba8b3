import { type CredentialClassification, classifyCredential } from "@/lib/cloudtrail/credentials";
import { parseEventTime } from "@/lib/cloudtrail/time";

// One CloudTrail event (the JSON AWS writes) to the typed row the events table stores. Missing fields
// stay null: nothing is invented. The event itself is kept as it came, for display.

export interface NormalizedEvent {
  /** eventID, qualified by recipientAccountId when present: storage keeps one row per key. */
  eventKey: string;
  eventId: string;
  recipientAccountId: string | null;
  eventTime: Date;
  eventSource: string | null;
  eventName: string;
  awsRegion: string | null;
  sourceIp: string | null;
  userAgent: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  principalArn: string | null;
  principalType: string | null;
  principalName: string | null;
  accountId: string | null;
  accessKeyId: string | null;
  credential: CredentialClassification;
  readOnly: boolean | null;
  eventType: string | null;
  requestId: string | null;
  /** The time had no zone and was read as UTC. */
  isTimeZoneAssumed: boolean;
}

export type NormalizeResult = { ok: true; event: NormalizedEvent } | { ok: false; reason: string };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function text(value: unknown): string | null {
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return null;
}

function flag(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "True") return true;
  if (value === "false" || value === "False") return false;
  return null;
}

export function eventKeyOf(eventId: string, recipientAccountId: string | null): string {
  return recipientAccountId ? `${recipientAccountId}:${eventId}` : eventId;
}

export function normalizeEvent(raw: unknown): NormalizeResult {
  if (!isObject(raw)) return { ok: false, reason: "the record is not a JSON object" };
  const eventId = text(raw.eventID);
  const eventName = text(raw.eventName);
  if (!eventId) return { ok: false, reason: "the record has no eventID" };
  if (!eventName) return { ok: false, reason: "the record has no eventName" };
  // Log shippers sometimes move eventTime: Logstash's CloudTrail codec to @timestamp, Panther to
  // p_event_time. Those hold the same instant; they are used only when eventTime itself is absent.
  const time = parseEventTime(raw.eventTime ?? raw["@timestamp"] ?? raw.p_event_time);
  if (!time) return { ok: false, reason: `eventTime ${JSON.stringify(raw.eventTime ?? null)} is not a time` };

  const identity = isObject(raw.userIdentity) ? raw.userIdentity : {};
  const session = isObject(identity.sessionContext) ? identity.sessionContext : {};
  const issuer = isObject(session.sessionIssuer) ? session.sessionIssuer : {};
  const additional = isObject(raw.additionalEventData) ? raw.additionalEventData : {};
  const request = isObject(raw.requestParameters) ? raw.requestParameters : {};
  const recipientAccountId = text(raw.recipientAccountId);
  const accessKeyId = text(identity.accessKeyId);

  return {
    ok: true,
    event: {
      eventKey: eventKeyOf(eventId, recipientAccountId),
      eventId,
      recipientAccountId,
      eventTime: time.date,
      eventSource: text(raw.eventSource),
      eventName,
      awsRegion: text(raw.awsRegion),
      sourceIp: text(raw.sourceIPAddress),
      userAgent: text(raw.userAgent),
      errorCode: text(raw.errorCode),
      errorMessage: text(raw.errorMessage),
      principalArn: text(identity.arn),
      principalType: text(identity.type),
      principalName: text(identity.userName) ?? text(issuer.userName),
      accountId: text(identity.accountId) ?? recipientAccountId,
      accessKeyId,
      credential: classifyCredential({
        identityType: text(identity.type),
        accessKeyId,
        invokedBy: text(identity.invokedBy),
        isBearerToken: flag(additional.callWithBearerToken) === true || flag(request.callWithBearerToken) === true,
        isConsoleSession:
          flag(identity.sessionCredentialFromConsole) === true || flag(raw.sessionCredentialFromConsole) === true,
      }),
      readOnly: flag(raw.readOnly),
      eventType: text(raw.eventType),
      requestId: text(raw.requestID),
      isTimeZoneAssumed: time.isZoneAssumed,
    },
  };
}

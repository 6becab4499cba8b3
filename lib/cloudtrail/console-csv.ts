import { classifyCredential } from "@/lib/cloudtrail/credentials";
import { eventKeyOf, type NormalizeResult } from "@/lib/cloudtrail/normalize";
import { parseEventTime } from "@/lib/cloudtrail/time";

// A row of the console's Event history CSV to an event row. The CSV has no userIdentity: no ARN, no
// identity type, no account of the caller. Those stay null; nothing is invented from the user name.
// Spreadsheet round-trips turn account ids into numbers like 5.28758E+11: such ids are dropped (the
// digits are gone), so those rows are keyed on eventID alone.

export type ConsoleCsvRow = Record<string, string | undefined>;

function cell(row: ConsoleCsvRow, column: string): string | null {
  const value = row[column];
  return value === undefined || value.trim() === "" ? null : value.trim();
}

function accountIdOf(value: string | null): string | null {
  if (!value || /e\+/i.test(value) || !/^\d+$/.test(value)) return null;
  return value;
}

function readOnlyOf(value: string | null): boolean | null {
  const lower = value?.toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : null;
}

export function normalizeConsoleCsvRow(row: ConsoleCsvRow): NormalizeResult {
  const eventId = cell(row, "Event ID");
  const eventName = cell(row, "Event name");
  if (!eventId) return { ok: false, reason: "the row has no Event ID" };
  if (!eventName) return { ok: false, reason: "the row has no Event name" };
  const time = parseEventTime(cell(row, "Event time"));
  if (!time) return { ok: false, reason: `Event time ${JSON.stringify(row["Event time"] ?? "")} is not a time` };
  const recipientAccountId = accountIdOf(cell(row, "Recipient Account Id"));
  const accessKeyId = cell(row, "AWS access key");
  return {
    ok: true,
    event: {
      eventKey: eventKeyOf(eventId, recipientAccountId),
      eventId,
      recipientAccountId,
      eventTime: time.date,
      eventSource: cell(row, "Event source"),
      eventName,
      awsRegion: cell(row, "AWS region"),
      sourceIp: cell(row, "Source IP address"),
      userAgent: cell(row, "User agent"),
      errorCode: cell(row, "Error code"),
      errorMessage: null,
      principalArn: null,
      principalType: null,
      principalName: cell(row, "User name"),
      accountId: recipientAccountId,
      accessKeyId,
      credential: classifyCredential({ identityType: null, accessKeyId }),
      readOnly: readOnlyOf(cell(row, "Read-only")),
      eventType: cell(row, "Event type"),
      requestId: cell(row, "Request ID"),
      isTimeZoneAssumed: time.isZoneAssumed,
    },
  };
}

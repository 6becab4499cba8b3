import { withRoute } from "@/lib/api/route";
import type { EventFilters } from "@/lib/events/filters";
import { eventExportQuerySchema } from "@/lib/events/filters";
import { csvRow } from "@/lib/export/csv";
import { downloadResponse, exportStamp } from "@/lib/export/download";
import { eventRowsForExport, rawEventsForExport } from "@/lib/server/event-export";

const columns = [
  "id",
  "event_time",
  "event_id",
  "event_source",
  "event_name",
  "aws_region",
  "source_ip",
  "user_agent",
  "error_code",
  "principal_arn",
  "principal_type",
  "account_id",
  "access_key_id",
  "credential_type",
];

async function* csvLines(filters: EventFilters) {
  yield csvRow(columns);
  for await (const e of eventRowsForExport(filters)) {
    yield csvRow([
      e.id,
      e.eventTime,
      e.eventId,
      e.eventSource,
      e.eventName,
      e.awsRegion,
      e.sourceIp,
      e.userAgent,
      e.errorCode,
      e.principalArn,
      e.principalType,
      e.accountId,
      e.accessKeyId,
      e.credentialType,
    ]);
  }
}

/** The events as stored, one JSON object per line, in storage order: what jq or a SIEM reads back. */
async function* jsonLines(filters: EventFilters) {
  for await (const line of rawEventsForExport(filters)) yield `${line}\n`;
}

export const GET = withRoute(
  { access: { role: "viewer", scope: "read" }, query: eventExportQuerySchema },
  async ({ query }) => {
    const { format, ...filters } = query;
    const filename = `trailtriage-events-${exportStamp()}.${format}`;
    return format === "jsonl"
      ? downloadResponse(jsonLines(filters), { filename, contentType: "application/x-ndjson; charset=utf-8" })
      : downloadResponse(csvLines(filters), { filename, contentType: "text/csv; charset=utf-8" });
  },
);

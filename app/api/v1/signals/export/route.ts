import { withRoute } from "@/lib/api/route";
import { csvRow } from "@/lib/export/csv";
import { downloadResponse, exportStamp } from "@/lib/export/download";
import { signalsForExport } from "@/lib/server/signals";
import { signalExportQuerySchema } from "@/lib/signals/filters";
import type { SignalListItem } from "@/lib/signals/types";

// The signals matching the list's filters, in its order, as CSV (safe against formula injection:
// lib/export/csv.ts) or as a JSON array of the API's signal objects, streamed.

const columns = [
  "id",
  "severity",
  "status",
  "title",
  "principal_arn",
  "account_id",
  "first_seen",
  "last_seen",
  "event_count",
  "calls",
  "source_ips",
  "access_key_ids",
  "regions",
  "follow_up_success_count",
  "assignee",
  "archive_reason",
  "rule_id",
];

const list = (values: readonly string[]) => values.join(" ");

async function* csvLines(signals: AsyncIterable<SignalListItem>) {
  yield csvRow(columns);
  for await (const s of signals) {
    yield csvRow([
      s.id,
      s.severity,
      s.status,
      s.title,
      s.principalArn,
      s.accountId,
      s.firstSeen,
      s.lastSeen,
      s.eventCount,
      list(s.calls.map((call) => `${call.eventName}@${call.eventSource ?? "?"}×${call.count}`)),
      list(s.sourceIps),
      list(s.accessKeyIds),
      list(s.regions),
      s.followUpSuccessCount,
      s.assignee?.email ?? "",
      s.archiveReason,
      s.ruleId,
    ]);
  }
}

async function* jsonArray(signals: AsyncIterable<SignalListItem>) {
  let first = true;
  yield "[";
  for await (const signal of signals) {
    yield `${first ? "" : ","}\n${JSON.stringify(signal)}`;
    first = false;
  }
  yield "\n]\n";
}

export const GET = withRoute(
  { access: { role: "viewer", scope: "read" }, query: signalExportQuerySchema },
  async ({ query, actor }) => {
    const { format, sort, ...filters } = query;
    // Built here, not inside the stream, so a filter it refuses (assignee=me from a token) is a 400.
    const signals = signalsForExport({
      filters,
      sort,
      viewer: { userId: actor.kind === "user" ? actor.userId : null },
    });
    const filename = `trailtriage-signals-${exportStamp()}.${format}`;
    return format === "json"
      ? downloadResponse(jsonArray(signals), { filename, contentType: "application/json; charset=utf-8" })
      : downloadResponse(csvLines(signals), { filename, contentType: "text/csv; charset=utf-8" });
  },
);

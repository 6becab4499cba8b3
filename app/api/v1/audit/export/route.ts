import { withRoute } from "@/lib/api/route";
import { auditFiltersSchema } from "@/lib/audit/filters";
import { csvRow } from "@/lib/export/csv";
import { downloadResponse, exportStamp } from "@/lib/export/download";
import { auditEntriesForExport } from "@/lib/server/audit-log";

const columns = ["id", "at", "actor_type", "actor_id", "actor", "action", "target_type", "target_id", "ip", "details"];

async function* csvLines(entries: ReturnType<typeof auditEntriesForExport>) {
  yield csvRow(columns);
  for await (const e of entries) {
    yield csvRow([
      e.id,
      e.at,
      e.actorType,
      e.actorId,
      e.actorLabel,
      e.action,
      e.targetType,
      e.targetId,
      e.ip,
      e.details,
    ]);
  }
}

export const GET = withRoute({ access: { role: "admin" }, query: auditFiltersSchema }, async ({ query }) =>
  downloadResponse(csvLines(auditEntriesForExport(query)), {
    filename: `trailtriage-audit-${exportStamp()}.csv`,
    contentType: "text/csv; charset=utf-8",
  }),
);

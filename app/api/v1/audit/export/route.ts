import { withRoute } from "@/lib/api/route";
import { csvRow } from "@/lib/audit/csv";
import { auditFiltersSchema } from "@/lib/audit/filters";
import { auditEntriesForExport } from "@/lib/server/audit-log";

const columns = ["id", "at", "actor_type", "actor_id", "actor", "action", "target_type", "target_id", "ip", "details"];

export const GET = withRoute({ access: { role: "admin" }, query: auditFiltersSchema }, async ({ query }) => {
  const encoder = new TextEncoder();
  const entries = auditEntriesForExport(query);
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvRow(columns)));
    },
    async pull(controller) {
      const next = await entries.next();
      if (next.done) return controller.close();
      const e = next.value;
      controller.enqueue(
        encoder.encode(
          csvRow([
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
          ]),
        ),
      );
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "");
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="trailtriage-audit-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
});

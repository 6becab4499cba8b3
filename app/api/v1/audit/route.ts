import { withRoute } from "@/lib/api/route";
import { auditQuerySchema } from "@/lib/audit/filters";
import { listAuditEntries } from "@/lib/server/audit-log";

export const GET = withRoute({ access: { role: "admin" }, query: auditQuerySchema }, async ({ query }) => {
  const { page, pageSize, ...filters } = query;
  return listAuditEntries({ filters, page: { page, pageSize } });
});

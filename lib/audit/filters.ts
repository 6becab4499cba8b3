import { z } from "zod";
import { auditActions } from "@/lib/auth/audit";
import { instantFilter } from "@/lib/filters/fields";
import { pageQuerySchema } from "@/lib/page";

/** Shared by the audit API, its CSV export and the audit page's filter controls. */
export const auditFiltersSchema = z.object({
  action: z.enum(auditActions).optional(),
  actor: z.string().trim().max(200).optional(),
  from: instantFilter,
  to: instantFilter,
});
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export const auditQuerySchema = auditFiltersSchema.extend(pageQuerySchema.shape);

import { z } from "zod";
import { listOf } from "@/lib/api/json";
import { reply } from "@/lib/api/reply";
import { withRoute } from "@/lib/api/route";
import { withSecurityHeaders } from "@/lib/api/security-headers";
import { withoutControlCharacters } from "@/lib/format";
import { pageQuerySchema } from "@/lib/page";
import { receiveUpload } from "@/lib/server/receive-upload";
import { listUploads } from "@/lib/server/uploads";

// Left out of proxy.ts (it would buffer each upload in memory), so the route sets the security headers.
export const GET = withSecurityHeaders(
  withRoute(
    {
      access: { role: "viewer", scope: ["read", "ingest"] },
      query: pageQuerySchema.extend({ status: z.enum(["queued", "processing", "done", "failed"]).optional() }),
    },
    async ({ query }) => {
      const { status, ...page } = query;
      return listUploads({ page, status });
    },
  ),
);

export const POST = withSecurityHeaders(
  withRoute(
    {
      access: { role: "analyst", scope: "ingest" },
      query: z.object({
        // Free text, shown and stored: control characters (a NUL among them) are removed, not refused.
        filename: z.string().max(1000).transform(withoutControlCharacters).optional(),
        /** A folder's name: every file of the form becomes one upload holding them all. */
        bundle: z
          .string()
          .max(1000)
          .transform(withoutControlCharacters)
          .pipe(z.string().trim().min(1, "name the folder").max(255))
          .optional(),
      }),
    },
    async ({ req, actor, ip, query }) => {
      const accepted = await receiveUpload({ req, actor, ip, filename: query.filename, bundle: query.bundle });
      // 202: stored, to be read by a worker.
      return reply(
        listOf(accepted.map(({ id, filename, status, failureReason }) => ({ id, filename, status, failureReason }))),
        { status: 202 },
      );
    },
  ),
);

import "server-only";
import type { Actor } from "@/lib/auth/access";
import { auditActorOf } from "@/lib/auth/audit";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { AcceptedUpload } from "@/lib/ingest/accept";
import { ingestLimits } from "@/lib/ingest/limits";
import { type ReceiveQuery, receiveRequest } from "@/lib/ingest/receive";
import { getQueue } from "@/lib/jobs/queue";

// POST /api/v1/uploads with this server's database, queue and upload store (lib/ingest/receive.ts).

interface ReceiveOptions extends ReceiveQuery {
  req: Request;
  actor: Actor;
  ip: string | null;
}

export async function receiveUpload({ req, actor, ip, ...query }: ReceiveOptions): Promise<AcceptedUpload[]> {
  if (!env.DATABASE_URL) throw new AppError("UNAVAILABLE", "The database is not configured.");
  return receiveRequest(
    req,
    {
      db: getDb(),
      queue: await getQueue(env.DATABASE_URL),
      dataDir: env.dataDir,
      maxUploadBytes: ingestLimits().maxUploadBytes,
      origin: actor.kind === "user" ? "browser" : "api",
      actor: auditActorOf(actor),
      createdById: actor.kind === "user" ? actor.userId : null,
      ip,
    },
    query,
  );
}

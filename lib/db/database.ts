import { type EmbeddedOptions, startEmbeddedDatabase } from "@/lib/db/embedded";
import type { Env } from "@/lib/env";

// One way to get "the database" for every entry point (server, CLI): DATABASE_URL when given,
// the embedded cluster under DATA_DIR otherwise.

export interface ResolvedDatabase {
  url: string;
  kind: "external" | "embedded";
  /** Whether this process started the embedded cluster (and must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

export async function resolveDatabase(
  env: Pick<Env, "DATABASE_URL" | "dataDir">,
  logs: Pick<EmbeddedOptions, "log" | "postgresLog"> = {},
): Promise<ResolvedDatabase> {
  if (env.DATABASE_URL) {
    return { url: env.DATABASE_URL, kind: "external", owned: false, stop: async () => undefined };
  }
  const embedded = await startEmbeddedDatabase({ dataDir: env.dataDir, ...logs });
  return { url: embedded.url, kind: "embedded", owned: embedded.owned, stop: embedded.stop };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "****";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

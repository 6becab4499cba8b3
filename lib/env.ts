import path from "node:path";
import { z } from "zod";
import { parseTrustedProxies } from "@/lib/auth/client-ip";

// The only module that reads process.env. Parsed once, at first import: a bad value stops
// the process with a message naming the variable.

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => /^postgres(ql)?:\/\//.test(value), {
    message: "must be a postgres:// or postgresql:// URL",
  });

export const envSchema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: z.string().trim().min(1).default("./.data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  /** Creates the first admin at start when there are no users, instead of the setup page. */
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().optional(),
  ADMIN_NAME: z.string().trim().min(1).default("Administrator"),
  /** A session ends after this long without a request… */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .default(8 * 60),
  /** …and in any case this long after login. */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .default(7 * 24),
  /** The largest file one upload may be. */
  MAX_UPLOAD_MB: z.coerce.number().int().min(1).default(4096),
  /** The most one upload may decompress to, over every archive layer. */
  MAX_EXPANDED_MB: z.coerce
    .number()
    .int()
    .min(1)
    .default(64 * 1024),
  /** Decompressing more than this many bytes per compressed byte is treated as a decompression bomb. */
  MAX_EXPANSION_RATIO: z.coerce.number().min(2).default(200),
  /** The largest single record (event, line or CSV row). */
  MAX_RECORD_KB: z.coerce.number().int().min(1).default(1024),
  MAX_ARCHIVE_ENTRIES: z.coerce.number().int().min(1).default(200_000),
  /**
   * "off" runs a worker that only ingests: no matching, no signals (the benchmark's baseline). Events it
   * stores are not matched later either, short of a rule change, so leave it on in production.
   */
  DETECTION: z.enum(["on", "off"]).default("on"),
  /**
   * Ingest worker processes `trailtriage start` runs beside the web server. More can run anywhere with
   * `trailtriage worker` on the same database (and the same DATA_DIR/uploads: docs/scaling.md).
   */
  WORKERS: z.coerce.number().int().min(0).max(32).default(1),
  /**
   * The nice value ingest workers run at, and their PostgreSQL backends when the database is local
   * (lib/worker/priority.ts): browsing comes first on a busy machine. 0 turns it off.
   */
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /**
   * Which reverse proxies' X-Forwarded-For to believe for the client's address (lib/auth/client-ip.ts):
   * unset, the TCP peer's address is used whatever the headers say. A hop count ("1"), or a comma-separated
   * list of addresses, CIDR ranges and the names loopback, private and linklocal.
   */
  TRUSTED_PROXIES: z
    .string()
    .trim()
    .optional()
    .superRefine((value, context) => {
      try {
        parseTrustedProxies(value);
      } catch (error) {
        context.addIssue({ code: "custom", message: (error as Error).message });
      }
    }),
});

export type Env = z.infer<typeof envSchema> & { dataDir: string };

export class EnvError extends Error {
  override name = "EnvError";
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable means "not set", as in most shells' `VAR= cmd`.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment: ${problems.join("; ")}`);
  }
  const data = result.data;
  if (Boolean(data.ADMIN_EMAIL) !== Boolean(data.ADMIN_PASSWORD)) {
    throw new EnvError("Invalid environment: ADMIN_EMAIL and ADMIN_PASSWORD must be set together.");
  }
  return { ...data, dataDir: path.resolve(data.DATA_DIR) };
}

export const env: Env = parseEnv(process.env);

/** The environment for a child process (the web server), with overrides. */
export function childProcessEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}

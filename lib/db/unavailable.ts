// Whether an error means the database is not answering (stopped, restarting, unreachable), as opposed to a
// bug: the API then answers 503 and asks to try again, rather than 500. Prisma, its pg adapter and pg wrap
// the cause differently, so the whole cause chain is searched for the codes and messages they use.

const CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  // Prisma: can't reach the server, timed out, closed the connection.
  "P1001",
  "P1002",
  "P1017",
  // PostgreSQL: shutting down, starting up, crash recovery; connection exceptions (class 08).
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08006",
]);

const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Can't reach database server/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /terminating connection due to administrator command/i,
  /Client has encountered a connection error/i,
  /connect ECONNREFUSED/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current; depth++) {
    if (typeof current !== "object") return false;
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; kind?: unknown };
    if (typeof candidate.code === "string" && CODES.has(candidate.code)) return true;
    if (
      typeof candidate.message === "string" &&
      MESSAGES.some((pattern) => pattern.test(candidate.message as string))
    ) {
      return true;
    }
    current = candidate.cause;
  }
  return false;
}

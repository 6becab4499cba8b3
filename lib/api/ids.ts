import { z } from "zod";

// The one rule for ids in paths: an id that cannot name anything (not a UUID, not a row number, far too long)
// is a 404, as one that names nothing stored is. Each route's param schema says it; withRoute answers a
// path that fails its schema with 404 and this message.

const notFound = (what: string) => (issue: { input?: unknown }) =>
  `No ${what} with id ${String(issue.input ?? "").slice(0, 200)}.`;

/** A UUID id. */
export const uuidId = (what: string) => z.uuid({ error: notFound(what) });

const MAX_BIGINT = 2n ** 63n - 1n;

/** A bigint row id (events), as a BigInt. */
export const rowId = (what: string) =>
  z
    .string()
    .refine((value) => /^\d{1,19}$/.test(value) && BigInt(value) <= MAX_BIGINT, { error: notFound(what) })
    .transform((value) => BigInt(value));

/** A text id (rules): at most 200 characters. */
export const textId = (what: string) => z.string().max(200, { error: notFound(what) });

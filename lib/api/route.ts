import type { NextRequest } from "next/server";
import type { z } from "zod";
import { AppError } from "@/lib/api/errors";
import { jsonResponse } from "@/lib/api/json";
import { logger } from "@/lib/logger";

// The typed wrapper every route handler goes through: it parses params, query and body with zod,
// runs the handler, and maps every failure to one envelope `{ error: { code, message } }`.
// Handlers throw AppError; they never build error responses themselves.

type Schema = z.ZodType | undefined;
type Infer<S extends Schema> = S extends z.ZodType ? z.infer<S> : undefined;

/**
 * Who may call the route. Only "public" exists until accounts land (issue 3); declaring it on every
 * route now keeps the authorisation decision explicit and greppable.
 */
export type Access = "public";

export interface RouteConfig<Q extends Schema, B extends Schema, P extends Schema> {
  access: Access;
  query?: Q;
  body?: B;
  params?: P;
}

export interface RouteInput<Q extends Schema, B extends Schema, P extends Schema> {
  req: NextRequest;
  query: Infer<Q>;
  body: Infer<B>;
  params: Infer<P>;
}

interface RouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

function describeIssues(error: z.ZodError, where: string): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length ? issue.path.join(".") : where;
      return `${field}: ${issue.message}`;
    })
    .join("; ");
}

function parseWith(schema: Schema, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError("INVALID_INPUT", `Invalid ${where}: ${describeIssues(result.error, where)}`);
  return result.data;
}

function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    out[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return out;
}

async function readJsonBody(req: NextRequest): Promise<unknown> {
  const text = await req.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("INVALID_INPUT", "The request body is not valid JSON.");
  }
}

export function errorResponse(error: unknown, req?: NextRequest): Response {
  if (error instanceof AppError) return jsonResponse(error.toBody(), { status: error.status });
  logger.error({ err: error, path: req?.nextUrl.pathname }, "unhandled error in route handler");
  const internal = new AppError("INTERNAL", "Something went wrong on our side. The error has been logged.");
  return jsonResponse(internal.toBody(), { status: internal.status });
}

export function withRoute<Q extends Schema = undefined, B extends Schema = undefined, P extends Schema = undefined>(
  config: RouteConfig<Q, B, P>,
  handler: (input: RouteInput<Q, B, P>) => Promise<unknown>,
): (req: NextRequest, context: RouteContext) => Promise<Response> {
  return async (req, context) => {
    try {
      // Each value was produced by its own schema, so the casts only restate what zod checked.
      const params = parseWith(config.params, await context.params, "path") as Infer<P>;
      const query = parseWith(config.query, queryObject(req.nextUrl), "query") as Infer<Q>;
      const body = parseWith(config.body, config.body ? await readJsonBody(req) : undefined, "body") as Infer<B>;
      const result = await handler({ req, query, body, params });
      return result instanceof Response ? result : jsonResponse(result);
    } catch (error) {
      return errorResponse(error, req);
    }
  };
}

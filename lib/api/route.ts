import { type NextRequest, NextResponse } from "next/server";
import type { z } from "zod";
import { jsonResponse } from "@/lib/api/json";
import { type BodyOf, isReply, type Reply, type RouteHandler } from "@/lib/api/reply";
import {
  type Access,
  type Actor,
  decide,
  describeAccess,
  isSameOriginRequest,
  type UserActor,
} from "@/lib/auth/access";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { authenticate, clientIp, isHttps } from "@/lib/server/request-auth";
import { clearSessionCookie, withSessionCookie } from "@/lib/server/session-cookie";

// The typed wrapper every route handler goes through. In order: authenticate (Bearer token or session
// cookie), authorise against the route's declared Access, refuse cross-site state changes, parse params,
// query and body with zod, run the handler, and map every failure to one envelope
// `{ error: { code, message } }`. Handlers throw AppError; they never build error responses themselves.

type Schema = z.ZodType | undefined;
type Infer<S extends Schema> = S extends z.ZodType ? z.infer<S> : undefined;
type ActorFor<A extends Access> = A extends "public" ? Actor | null : A extends "session" ? UserActor : Actor;

/** A user holding a temporary password may only reach their own account until they replace it. */
const allowedWithTemporaryPassword = new Set<Access>(["public", "authenticated", "session"]);

export interface RouteConfig<A extends Access, Q extends Schema, B extends Schema, P extends Schema> {
  access: A;
  query?: Q;
  body?: B;
  params?: P;
}

export interface RouteInput<A extends Access, Q extends Schema, B extends Schema, P extends Schema> {
  req: NextRequest;
  actor: ActorFor<A>;
  ip: string | null;
  userAgent: string | null;
  query: Infer<Q>;
  body: Infer<B>;
  params: Infer<P>;
}

/** The response withRoute builds from what a handler returned (lib/api/reply.ts). */
function responseFor(result: unknown, req: NextRequest): Response {
  if (result instanceof Response) return result; // a file download
  if (!isReply(result)) return jsonResponse(result);
  const response =
    result.status === 204
      ? new NextResponse(null, { status: 204, headers: { "cache-control": "no-store" } })
      : jsonResponse(result.body, { status: result.status });
  const secure = isHttps(req);
  if (result.session && "set" in result.session) withSessionCookie(response, result.session.set, { secure });
  if (result.session && "clear" in result.session) clearSessionCookie(response, { secure });
  return response;
}

function describeIssues(error: z.ZodError, where: string): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.length ? issue.path.join(".") : where;
      return `${field}: ${issue.message}`;
    })
    .join("; ");
}

/**
 * The path of the first string (or object key) holding a NUL byte, or null. PostgreSQL's text cannot hold
 * one, so any that reached a query would fail there as a 500; refusing it here covers every route at once.
 * Walked with a stack rather than recursion: a body nested 100,000 deep must not overflow the call stack.
 */
export function nulBytePath(value: unknown): string | null {
  const stack: { value: unknown; path: string }[] = [{ value, path: "" }];
  while (stack.length > 0) {
    const { value: current, path } = stack.pop() as { value: unknown; path: string };
    if (typeof current === "string") {
      if (current.includes("\0")) return path;
    } else if (Array.isArray(current)) {
      for (const [index, item] of current.entries()) {
        stack.push({ value: item, path: path ? `${path}.${index}` : String(index) });
      }
    } else if (current !== null && typeof current === "object") {
      for (const [key, item] of Object.entries(current)) {
        const itemPath = path ? `${path}.${key.replaceAll("\0", "\\0")}` : key.replaceAll("\0", "\\0");
        if (key.includes("\0")) return itemPath;
        stack.push({ value: item, path: itemPath });
      }
    }
  }
  return null;
}

/**
 * The request's part through its schema. A NUL byte still in what the schema returns is refused here, for
 * every route at once; a schema may refuse one first with its own message, or strip it from free text.
 */
function parseWith(
  schema: Schema,
  value: unknown,
  where: string,
  failure: "INVALID_INPUT" | "NOT_FOUND" = "INVALID_INPUT",
): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) {
    if (failure === "NOT_FOUND") {
      throw new AppError("NOT_FOUND", [...new Set(result.error.issues.map((issue) => issue.message))].join("; "));
    }
    throw new AppError("INVALID_INPUT", `Invalid ${where}: ${describeIssues(result.error, where)}`);
  }
  const nul = nulBytePath(result.data);
  // In a path it is an id that names nothing: the same 404 as any malformed id.
  if (nul !== null) throw new AppError(failure, `Invalid ${where}: ${nul || where}: must not contain a NUL byte`);
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
  if (error instanceof AppError) {
    const headers = error.options.retryAfterSeconds
      ? { "retry-after": String(error.options.retryAfterSeconds) }
      : undefined;
    return jsonResponse(error.toBody(), { status: error.status, headers });
  }
  if (isDatabaseUnavailable(error)) {
    logger.warn({ err: error, path: req?.nextUrl.pathname }, "the database is not answering");
    const unavailable = new AppError("UNAVAILABLE", "The database is not answering. Try again in a moment.");
    return jsonResponse(unavailable.toBody(), { status: unavailable.status, headers: { "retry-after": "5" } });
  }
  logger.error({ err: error, path: req?.nextUrl.pathname }, "unhandled error in route handler");
  const internal = new AppError("INTERNAL", "Something went wrong on our side. The error has been logged.");
  return jsonResponse(internal.toBody(), { status: internal.status });
}

async function authorise(req: NextRequest, access: Access): Promise<Actor | null> {
  // Public routes skip authentication (health must answer without the database), but a request that
  // carries an Authorization header is still not a browser's ambient-credential request.
  const { actor, isBearer } =
    access === "public" ? { actor: null, isBearer: req.headers.has("authorization") } : await authenticate(req);
  if (!isBearer) {
    const sameOrigin = isSameOriginRequest({
      method: req.method,
      host: req.headers.get("host"),
      origin: req.headers.get("origin"),
      referer: req.headers.get("referer"),
    });
    if (!sameOrigin) {
      throw new AppError("FORBIDDEN", "Cross-site request refused: the Origin header does not match this server.");
    }
  }
  const decision = decide(access, actor);
  if (decision === "unauthenticated")
    throw new AppError("UNAUTHORIZED", "Sign in, or send an API token as `Authorization: Bearer …`.");
  if (decision === "forbidden") throw new AppError("FORBIDDEN", `This needs ${describeAccess(access)}.`);
  if (actor?.kind === "user" && actor.mustChangePassword && !allowedWithTemporaryPassword.has(access)) {
    throw new AppError("FORBIDDEN", "Choose a new password first: your current one is temporary.");
  }
  return actor;
}

export function withRoute<
  A extends Access,
  Q extends Schema = undefined,
  B extends Schema = undefined,
  P extends Schema = undefined,
  R = unknown,
>(
  config: RouteConfig<A, Q, B, P>,
  /** The body itself (200), a Reply (another status, a session cookie), or a download's own Response. */
  handler: (input: RouteInput<A, Q, B, P>) => Promise<R | Reply<R> | Response>,
): RouteHandler<BodyOf<R>> {
  return async (req, context) => {
    try {
      const actor = (await authorise(req, config.access)) as ActorFor<A>;
      // Each value was produced by its own schema, so the casts only restate what zod checked.
      // A path that fails its schema names nothing: 404 (lib/api/ids.ts), not 400.
      const params = parseWith(config.params, await context.params, "path", "NOT_FOUND") as Infer<P>;
      const query = parseWith(config.query, queryObject(req.nextUrl), "query") as Infer<Q>;
      const body = parseWith(config.body, config.body ? await readJsonBody(req) : undefined, "body") as Infer<B>;
      const ip = clientIp(req.headers);
      const userAgent = req.headers.get("user-agent");
      return responseFor(await handler({ req, actor, ip, userAgent, query, body, params }), req);
    } catch (error) {
      return errorResponse(error, req);
    }
  };
}

// What a route handler answers, as data: withRoute (lib/api/route.ts) builds every response from it. A
// handler returns the body itself for a 200, or a Reply for another status or a session cookie; only a file
// download (a streamed CSV or JSON export) is a Response of its own. The body's type travels with the route
// (`RouteHandler<T>`), so the browser's apiFetch names the same type (`ResultOf<typeof GET>`).

const REPLY = Symbol("reply");

/** Set or end the browser's session cookie (lib/server/session-cookie.ts). */
export type SessionChange = { set: { token: string; expiresAt: Date } } | { clear: true };

export interface Reply<T> {
  readonly [REPLY]: true;
  readonly body: T;
  readonly status: number;
  readonly session?: SessionChange;
}

export function reply<T>(body: T, options: { status?: number; session?: SessionChange } = {}): Reply<T> {
  return { [REPLY]: true, body, status: options.status ?? 200, session: options.session };
}

/** 201: the new resource itself. */
export const created = <T>(body: T, options: { session?: SessionChange } = {}): Reply<T> =>
  reply(body, { ...options, status: 201 });

/** 204: done, nothing to say (a deletion). */
export const noContent = (): Reply<null> => reply(null, { status: 204 });

export function isReply(value: unknown): value is Reply<unknown> {
  return typeof value === "object" && value !== null && REPLY in value;
}

/** What JSON makes of a value on its way to the browser: dates become strings, BigInts numbers (lib/api/json.ts). */
export type Wire<T> = T extends Date
  ? string
  : T extends bigint
    ? number
    : T extends (infer U)[]
      ? Wire<U>[]
      : T extends object
        ? { [K in keyof T]: Wire<T[K]> }
        : T;

/** The body a handler's result stands for: a Reply's body, the value itself, nothing for a download. */
export type BodyOf<R> = R extends Reply<infer T> ? T : R extends Response ? never : R;

declare const RESULT: unique symbol;

/** A route handler as Next.js calls it, carrying the type of its body for the client. */
export type RouteHandler<T> = ((
  req: import("next/server").NextRequest,
  context: { params: Promise<Record<string, string | string[] | undefined>> },
) => Promise<Response>) & { readonly [RESULT]?: T };

/** The JSON body a route answers with, as the browser receives it. */
export type ResultOf<H> = H extends { readonly [RESULT]?: infer T } ? Wire<T> : never;

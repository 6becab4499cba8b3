import "server-only";
import type { NextRequest } from "next/server";
import type { Actor } from "@/lib/auth/access";
import { validateApiToken } from "@/lib/auth/api-tokens";
import { type ProxyTrust, parseTrustedProxies, resolveClientIp } from "@/lib/auth/client-ip";
import { SESSION_COOKIE, type SessionPolicy, validateSession } from "@/lib/auth/sessions";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { peerAddress } from "@/lib/server/peer";

export function sessionPolicy(): SessionPolicy {
  return { idleMs: env.SESSION_IDLE_MINUTES * 60_000, maxMs: env.SESSION_MAX_HOURS * 3_600_000 };
}

let trust: ProxyTrust | undefined;

/**
 * The client's address: the TCP peer's, as the web server (lib/cli/serve.ts) passed it on, or, behind
 * proxies TRUSTED_PROXIES names, the address the nearest untrusted hop was seen at. Null when the request
 * did not come through that server (a route called directly, as tests do).
 */
export function clientIp(headers: Headers): string | null {
  const peer = peerAddress(headers);
  if (!peer) return null;
  trust ??= parseTrustedProxies(env.TRUSTED_PROXIES);
  return resolveClientIp(peer, headers.get("x-forwarded-for"), trust);
}

export function isHttps(req: NextRequest): boolean {
  return req.headers.get("x-forwarded-proto") === "https" || req.nextUrl.protocol === "https:";
}

export interface Authentication {
  actor: Actor | null;
  /** Bearer tokens carry no ambient credential, so they need no CSRF check. */
  isBearer: boolean;
}

export async function authenticate(req: NextRequest): Promise<Authentication> {
  const header = req.headers.get("authorization");
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw new AppError("UNAUTHORIZED", "The Authorization header must be `Bearer <token>`.");
    const actor = await validateApiToken(getDb(), match[1]);
    if (!actor) throw new AppError("UNAUTHORIZED", "The API token is invalid, expired or revoked.");
    return { actor, isBearer: true };
  }
  const cookie = req.cookies.get(SESSION_COOKIE)?.value;
  const actor = cookie ? await validateSession(getDb(), { token: cookie, policy: sessionPolicy() }) : null;
  return { actor, isBearer: false };
}

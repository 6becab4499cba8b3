import type { Role, TokenScope } from "@/lib/generated/prisma/enums";

// Who may do what, as data. Every route declares one Access; lib/api/route.ts enforces it.

export type UserActor = {
  kind: "user";
  userId: string;
  email: string;
  name: string;
  role: Role;
  sessionId: string;
  mustChangePassword: boolean;
};

export type TokenActor = {
  kind: "token";
  tokenId: string;
  name: string;
  scopes: TokenScope[];
};

export type Actor = UserActor | TokenActor;

/**
 * - "public": anyone (health, login, first-run setup).
 * - "authenticated": any signed-in user or any valid token (who am I).
 * - "session": any signed-in person, never a token (their own account).
 * - { role, scope }: a user with at least `role`, or a token holding `scope` (or one of them). No scope:
 *   users only.
 */
export type Access = "public" | "authenticated" | "session" | { role: Role; scope?: TokenScope | TokenScope[] };

const scopesOf = (scope: TokenScope | TokenScope[] | undefined): TokenScope[] =>
  scope === undefined ? [] : Array.isArray(scope) ? scope : [scope];

const roleRank: Record<Role, number> = { viewer: 0, analyst: 1, admin: 2 };

export function hasRole(role: Role, needed: Role): boolean {
  return roleRank[role] >= roleRank[needed];
}

export type Decision = "allow" | "unauthenticated" | "forbidden";

export function decide(access: Access, actor: Actor | null): Decision {
  if (access === "public") return "allow";
  if (!actor) return "unauthenticated";
  if (access === "authenticated") return "allow";
  if (access === "session") return actor.kind === "user" ? "allow" : "forbidden";
  if (actor.kind === "user") return hasRole(actor.role, access.role) ? "allow" : "forbidden";
  return scopesOf(access.scope).some((scope) => actor.scopes.includes(scope)) ? "allow" : "forbidden";
}

export function describeAccess(access: Access): string {
  if (access === "public") return "anyone";
  if (access === "authenticated") return "a signed-in user or an API token";
  if (access === "session") return "a signed-in user (API tokens cannot do this)";
  const who = `the ${access.role} role`;
  const scopes = scopesOf(access.scope);
  return scopes.length > 0 ? `${who} or a token with the ${scopes.join(" or ")} scope` : who;
}

const unsafeMethods = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * CSRF defence for requests that carry ambient credentials (the session cookie) or log in: a state
 * change must come from a page of this same origin, as the browser's Origin (or Referer) header says.
 */
export function isSameOriginRequest(request: {
  method: string;
  host: string | null;
  origin: string | null;
  referer: string | null;
}): boolean {
  if (!unsafeMethods.has(request.method.toUpperCase())) return true;
  const source = request.origin && request.origin !== "null" ? request.origin : request.referer;
  if (!source || !request.host) return false;
  try {
    return new URL(source).host === request.host;
  } catch {
    return false;
  }
}

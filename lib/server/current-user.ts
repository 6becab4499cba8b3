import "server-only";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { hasRole, type UserActor } from "@/lib/auth/access";
import { SESSION_COOKIE, validateSession } from "@/lib/auth/sessions";
import { isSetupNeeded } from "@/lib/auth/setup";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { sessionPolicy } from "@/lib/server/request-auth";

/** The signed-in user for this request (once per render), or null. */
export const getCurrentUser = cache(async (): Promise<UserActor | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!token) return null;
  return validateSession(getDb(), { token, policy: sessionPolicy() });
});

/** Where a user holding a temporary password is sent, and the one page they may see until they replace it. */
export const PASSWORD_CHANGE_PAGE = "/settings";

/**
 * For pages: the signed-in user, or a redirect to sign in (or to first-run setup when nobody exists yet).
 * A user holding a temporary password is sent to choose their own, from every page but that one: the API
 * refuses them the same way (lib/api/route.ts), so no page shows what the API would not.
 */
export async function requireUser(): Promise<UserActor> {
  const user = await getCurrentUser();
  const here = (await headers()).get("x-pathname");
  if (user) {
    const path = here ? new URL(here, "http://trailtriage.invalid").pathname : null;
    if (user.mustChangePassword && path !== PASSWORD_CHANGE_PAGE) redirect(PASSWORD_CHANGE_PAGE);
    return user;
  }
  if (await isSetupNeeded(getDb())) redirect("/setup");
  redirect(here && here !== "/" ? `/login?next=${encodeURIComponent(here)}` : "/login");
}

export async function currentUserHasRole(role: Role): Promise<boolean> {
  const user = await getCurrentUser();
  return Boolean(user && hasRole(user.role, role));
}

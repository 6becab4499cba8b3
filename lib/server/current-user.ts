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

/** For pages: the signed-in user, or a redirect to sign in (or to first-run setup when nobody exists yet). */
export async function requireUser(): Promise<UserActor> {
  const user = await getCurrentUser();
  if (user) return user;
  if (await isSetupNeeded(getDb())) redirect("/setup");
  const here = (await headers()).get("x-pathname");
  redirect(here && here !== "/" ? `/login?next=${encodeURIComponent(here)}` : "/login");
}

export async function currentUserHasRole(role: Role): Promise<boolean> {
  const user = await getCurrentUser();
  return Boolean(user && hasRole(user.role, role));
}

import { randomBytes } from "node:crypto";
import { systemActor } from "@/lib/auth/audit";
import { createUser } from "@/lib/auth/users";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";

export const TEST_PASSWORD = "a long enough test password";

export function uniqueEmail(label = "user"): string {
  return `${label}-${randomBytes(5).toString("hex")}@example.test`;
}

export async function makeUser(db: Db, options: { role?: Role; email?: string; password?: string } = {}) {
  return createUser(db, {
    user: {
      email: options.email ?? uniqueEmail(options.role),
      name: `Test ${options.role ?? "viewer"}`,
      role: options.role ?? "viewer",
      password: options.password ?? TEST_PASSWORD,
    },
    mustChangePassword: false,
    actor: systemActor("test"),
  });
}

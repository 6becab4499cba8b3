import type { z } from "zod";
import { createApiToken, newApiTokenSchema } from "@/lib/auth/api-tokens";
import { systemActor } from "@/lib/auth/audit";
import { createUser, newUserSchema } from "@/lib/auth/users";
import { readSecret } from "@/lib/cli/read-secret";
import { withDatabase } from "@/lib/cli/with-database";

const cliActor = systemActor("cli");

function parseOrExplain<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "value"} ${issue.message}`);
  throw new Error(problems.join("; "));
}

export async function runUsersCreate(options: { email: string; name: string; role: string }): Promise<void> {
  const password = await readSecret("Password: ");
  const user = parseOrExplain(newUserSchema, { ...options, password });
  const created = await withDatabase((db) =>
    db.$transaction((tx) => createUser(tx, { user, mustChangePassword: false, actor: cliActor })),
  );
  process.stdout.write(`Created ${created.role} ${created.email} (${created.id})\n`);
}

export async function runTokensCreate(options: { name: string; scope: string[]; expires?: string }): Promise<void> {
  const scopes = options.scope
    .flatMap((scope) => scope.split(","))
    .map((scope) => scope.trim())
    .filter(Boolean);
  const token = parseOrExplain(newApiTokenSchema, {
    name: options.name,
    scopes,
    expiresInDays: options.expires === undefined ? null : Number(options.expires),
  });
  const created = await withDatabase((db) =>
    db.$transaction((tx) => createApiToken(tx, { token, createdById: null, actor: cliActor })),
  );
  // Only the token on stdout, so `TOKEN=$(npx trailtriage tokens create …)` works.
  process.stdout.write(`${created.token}\n`);
}

import { z } from "zod";
import { created } from "@/lib/api/reply";
import { withRoute } from "@/lib/api/route";
import { login } from "@/lib/auth/login";
import { completeSetup, isSetupNeeded } from "@/lib/auth/setup";
import { newUserSchema } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { env } from "@/lib/env";
import { sessionPolicy } from "@/lib/server/request-auth";

export const GET = withRoute({ access: "public" }, async () => ({ needed: await isSetupNeeded(getDb()) }));

const setupSchema = newUserSchema.omit({ role: true }).extend({ code: z.string().trim().min(1, "is required") });

export const POST = withRoute({ access: "public", body: setupSchema }, async ({ body, ip, userAgent }) => {
  const { code, ...user } = body;
  const admin = await completeSetup(getDb(), { code, user, dataDir: env.dataDir, ip });
  const session = await login(getDb(), {
    email: user.email,
    password: user.password,
    ip,
    userAgent,
    policy: sessionPolicy(),
  });
  return created(admin, { session: { set: session } });
});

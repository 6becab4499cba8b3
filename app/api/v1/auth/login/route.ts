import { z } from "zod";
import { reply } from "@/lib/api/reply";
import { withRoute } from "@/lib/api/route";
import { login } from "@/lib/auth/login";
import { getDb } from "@/lib/db/client";
import { sessionPolicy } from "@/lib/server/request-auth";

const loginSchema = z.object({
  email: z.string().trim().min(1, "is required"),
  password: z.string().min(1, "is required"),
});

export const POST = withRoute({ access: "public", body: loginSchema }, async ({ body, ip, userAgent }) => {
  const session = await login(getDb(), { ...body, ip, userAgent, policy: sessionPolicy() });
  return reply({ userId: session.userId }, { session: { set: session } });
});

import { z } from "zod";
import { jsonResponse } from "@/lib/api/json";
import { withRoute } from "@/lib/api/route";
import { login } from "@/lib/auth/login";
import { getDb } from "@/lib/db/client";
import { isHttps, sessionPolicy } from "@/lib/server/request-auth";
import { withSessionCookie } from "@/lib/server/session-cookie";

const loginSchema = z.object({
  email: z.string().trim().min(1, "is required"),
  password: z.string().min(1, "is required"),
});

export const POST = withRoute({ access: "public", body: loginSchema }, async ({ req, body, ip, userAgent }) => {
  const session = await login(getDb(), { ...body, ip, userAgent, policy: sessionPolicy() });
  return withSessionCookie(jsonResponse({ userId: session.userId }), session, { secure: isHttps(req) });
});

import "server-only";
import type { NextResponse } from "next/server";
import { SESSION_COOKIE } from "@/lib/auth/sessions";

export function withSessionCookie(
  response: NextResponse,
  session: { token: string; expiresAt: Date },
  options: { secure: boolean },
): NextResponse {
  response.cookies.set(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: "lax",
    secure: options.secure,
    path: "/",
    expires: session.expiresAt,
  });
  return response;
}

export function clearSessionCookie(response: NextResponse, options: { secure: boolean }): NextResponse {
  response.cookies.set(SESSION_COOKIE, "", {
    httpOnly: true,
    sameSite: "lax",
    secure: options.secure,
    path: "/",
    maxAge: 0,
  });
  return response;
}

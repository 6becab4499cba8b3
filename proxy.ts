import { type NextRequest, NextResponse } from "next/server";
import { setSecurityHeaders } from "@/lib/api/security-headers";
import { env } from "@/lib/env";

// Security headers on every response, and a fresh CSP nonce per request so that no inline script runs
// unless Next.js (or next-themes) rendered it with that nonce: no 'unsafe-inline' for scripts.

function contentSecurityPolicy(nonce: string): string {
  const isDev = env.NODE_ENV === "development";
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    // React and Tailwind set style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  // Lets a page send the user back where they were after signing in.
  requestHeaders.set("x-pathname", `${request.nextUrl.pathname}${request.nextUrl.search}`);

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  setSecurityHeaders(response.headers, csp);
  return response;
}

export const config = {
  // Not the upload route: a proxy makes Next.js buffer each request body in memory and cut it at 10 MB,
  // and uploads are streamed to disk whatever their size. That route sets the same headers itself.
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|api/v1/uploads$).*)" }],
};

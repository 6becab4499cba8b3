// The security headers every response carries. proxy.ts sets them (with a per-request CSP) on everything it
// matches; the upload route is left out of the proxy (a proxy would buffer each upload in memory), so it sets
// them itself through `withSecurityHeaders`.

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
  "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
};

/** For responses that are data, never a page: nothing may load from them or frame them. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

export function setSecurityHeaders(headers: Headers, csp: string): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
  headers.set("content-security-policy", csp);
}

/** A route handler whose every response (answers and errors alike) carries the security headers. */
export function withSecurityHeaders<H extends (...args: never[]) => Promise<Response>>(handler: H): H {
  const wrapped = async (...args: Parameters<H>) => {
    const response = await handler(...args);
    setSecurityHeaders(response.headers, API_CONTENT_SECURITY_POLICY);
    return response;
  };
  // The same function type, so the body type a route handler carries (lib/api/reply.ts) is kept.
  return wrapped as unknown as H;
}

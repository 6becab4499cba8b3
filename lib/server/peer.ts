import { randomBytes, timingSafeEqual } from "node:crypto";

// The TCP peer's address, passed from the web server (lib/cli/serve.ts) to the app in the same process.
// Route handlers see only headers, and a client can send any header; so the server strips both headers below
// from every request, sets the peer's address, and proves it set it with a secret made at start that only
// this process knows. A request that did not pass through it has no trustworthy peer address.

export const PEER_HEADER = "x-trailtriage-peer";
export const PEER_PROOF_HEADER = "x-trailtriage-peer-proof";
const PROOF = Symbol.for("trailtriage.peer-proof");

type WithProof = typeof globalThis & { [PROOF]?: string };

/** Made once, by the web server, before it takes requests. */
export function peerProof(): string {
  const holder = globalThis as WithProof;
  holder[PROOF] ??= randomBytes(32).toString("base64url");
  return holder[PROOF];
}

export function peerAddress(headers: Headers): string | null {
  const expected = (globalThis as WithProof)[PROOF];
  const proof = headers.get(PEER_PROOF_HEADER);
  if (!expected || !proof || proof.length !== expected.length) return null;
  if (!timingSafeEqual(Buffer.from(proof), Buffer.from(expected))) return null;
  return headers.get(PEER_HEADER);
}

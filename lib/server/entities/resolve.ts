import "server-only";
import { sourceAddressCandidates } from "@/lib/entities/params";
import { AppError } from "@/lib/errors";

// Finding the stored spelling of a source address named in a URL: 2001:DB8::1 finds 2001:db8::1. A value
// that is no address at all is still looked up as it is (logs hold "redacted" and the like); only when
// nothing is stored under it does the answer say why it could not be an address.

export async function resolveSourceAddress<T>(ip: string, read: (value: string) => Promise<T | null>): Promise<T> {
  const { candidates, problem } = sourceAddressCandidates(ip);
  for (const candidate of candidates) {
    const found = await read(candidate);
    if (found) return found;
  }
  if (problem) throw new AppError("INVALID_INPUT", `Invalid path: ip: ${problem}.`);
  throw new AppError("NOT_FOUND", `No stored event comes from ${ip}.`);
}

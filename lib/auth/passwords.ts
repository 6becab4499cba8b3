import { hash, verify } from "@node-rs/argon2";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/auth/password-rules";

// @node-rs/argon2 ships prebuilt binaries per platform with no install script; the `argon2` package's
// prebuilt binary crashed on these machines unless compiled from source at install time.

export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH };

/** OWASP's argon2id baseline (m=19 MiB, t=2, p=1): about 50 ms here, so sign-in stays quick and guessing slow. */
// `algorithm: 2` is Algorithm.Argon2id, a const enum that isolatedModules cannot import.
const ARGON2ID = 2;
const options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this when the account does not exist keeps "no such user" as slow as "wrong password".
let decoy: Promise<string> | undefined;
export async function verifyDecoy(password: string): Promise<void> {
  decoy ??= hashPassword("decoy password that matches nothing");
  await verifyPassword(await decoy, password);
}

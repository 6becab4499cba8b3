import { existsSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "@/tests/support/databases";

/**
 * The real public CloudTrail samples beside the repository (../shared/data). CI and the developers'
 * machines have them; a user's clone does not, so tests that read them skip with this reason.
 */
export const sharedDataDir = path.resolve(repoRoot, "..", "shared", "data");
export const hasSharedData = existsSync(sharedDataDir);
export const noSharedDataReason = `real samples not found at ${sharedDataDir}`;

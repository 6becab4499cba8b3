import type { CredentialType } from "@/lib/generated/prisma/enums";

// How the caller authenticated, from userIdentity (../shared/DOMAIN.md §1). The identity type wins over
// the key prefix: redacted datasets mask every key as AKIA****, even on assumed roles.

export interface CredentialEvidence {
  identityType?: string | null;
  accessKeyId?: string | null;
  invokedBy?: string | null;
  /** additionalEventData.callWithBearerToken (or requestParameters on bedrock-mantle). */
  isBearerToken?: boolean;
  /** sessionContext.sessionCredentialFromConsole, or another sign of a console session. */
  isConsoleSession?: boolean;
}

export interface CredentialClassification {
  type: CredentialType;
  /** Why, in words an analyst can check against the event. */
  reason: string;
}

const TEMPORARY_IDENTITIES = new Set([
  "AssumedRole",
  "FederatedUser",
  "WebIdentityUser",
  "SAMLUser",
  "IdentityCenterUser",
  "Role",
]);
const LONG_TERM_IDENTITIES = new Set(["IAMUser", "Root"]);

const isUnknownType = (type: string | null | undefined) => !type || type === "Unknown";

export function classifyCredential(evidence: CredentialEvidence): CredentialClassification {
  const type = evidence.identityType?.trim() || null;
  const key = evidence.accessKeyId?.trim() || null;

  if (type === "AWSService" || evidence.invokedBy) {
    return {
      type: "aws_service",
      reason: `an AWS service made the call${evidence.invokedBy ? ` (invokedBy ${evidence.invokedBy})` : ""}`,
    };
  }
  if (evidence.isBearerToken) {
    return {
      type: "bedrock_api_key",
      reason: "a Bedrock API key (callWithBearerToken is true): a long-term credential",
    };
  }
  if (type && TEMPORARY_IDENTITIES.has(type)) {
    const note = key?.startsWith("AKIA")
      ? `; the ${key.slice(0, 4)}… key prefix is ignored because the identity type wins`
      : "";
    return { type: "temporary", reason: `identity type ${type} uses temporary credentials${note}` };
  }
  // A console session's credentials are temporary; redacted exports still show the key as AKIA****.
  if (evidence.isConsoleSession) {
    return {
      type: "console_session",
      reason: `a console session (sessionCredentialFromConsole)${key?.startsWith("AKIA") ? "; the AKIA… key prefix is ignored because the console flag wins" : ""}`,
    };
  }
  if (key?.startsWith("ASIA")) {
    return { type: "temporary", reason: "an ASIA… access key: temporary STS credentials" };
  }
  if (key?.startsWith("AKIA")) {
    if (type && LONG_TERM_IDENTITIES.has(type)) {
      return { type: "long_term_key", reason: `an AKIA… access key of a ${type} identity: a long-term key` };
    }
    if (isUnknownType(type)) {
      return {
        type: "long_term_key",
        reason: "an AKIA… access key and no identity type (as in console CSV rows): a long-term key",
      };
    }
    return { type: "unknown", reason: `an AKIA… access key on an unexpected identity type ${type}` };
  }
  if (!key && type && LONG_TERM_IDENTITIES.has(type)) {
    return { type: "console_session", reason: "a console session (no access key)" };
  }
  return {
    type: "unknown",
    reason: key
      ? `an access key with an unrecognised prefix (${key.slice(0, 4)}…)`
      : "no access key and no identity type",
  };
}

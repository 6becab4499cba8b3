import { classifySourceAddress } from "@/lib/ip/classify";

// What an analyst pasted into the investigation search box: a principal ARN, a source address, an access
// key id, a CloudTrail event id or a user name. Pure, so the box can say what it understood as they type,
// and the server looks the value up the same way.

export type Recognised =
  | { kind: "arn"; value: string }
  | { kind: "ip"; value: string }
  | { kind: "access_key"; value: string }
  | { kind: "event_id"; value: string }
  | { kind: "user_name"; value: string }
  | { kind: "none"; value: string; reason: string };

/** Access key ids: AKIA (long-term), ASIA (temporary), ABIA and ACCA (service-specific); redacted ones keep the prefix. */
const ACCESS_KEY = /^A(KIA|SIA|BIA|CCA)[A-Z0-9*]{4,124}$/;
const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** IAM user names: letters, digits and + = , . @ _ - (up to 64). */
const USER_NAME = /^[\w+=,.@-]{1,64}$/;

export const SEARCH_MAX_LENGTH = 2048;

export function recognise(input: string): Recognised {
  const value = input.trim();
  if (value === "")
    return { kind: "none", value, reason: "Type an ARN, an IP address, an access key id, a user name or an event id." };
  if (value.length > SEARCH_MAX_LENGTH) {
    return {
      kind: "none",
      value: value.slice(0, 64),
      reason: `That is ${value.length} characters long; at most ${SEARCH_MAX_LENGTH} are searched.`,
    };
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused.
  if (/[\u0000-\u001f\u007f]/.test(value)) return { kind: "none", value, reason: "That holds a control character." };
  if (value.startsWith("arn:")) return { kind: "arn", value };
  if (ACCESS_KEY.test(value)) return { kind: "access_key", value };
  if (EVENT_ID.test(value)) return { kind: "event_id", value: value.toLowerCase() };
  // Addresses, address lists, AWS service names (bedrock.amazonaws.com) and "AWS Internal".
  const address = classifySourceAddress(value).kind;
  if (address !== "unrecognized" && address !== "hostname") return { kind: "ip", value };
  if (USER_NAME.test(value)) return { kind: "user_name", value };
  return {
    kind: "none",
    value,
    reason: "That is not an ARN, an IP address, an access key id, a user name or an event id.",
  };
}

/** For a role ARN (arn:aws:iam::123:role/Name), the prefix its sessions' ARNs share in CloudTrail. */
export function assumedRolePrefix(arn: string): string | null {
  const match = arn.match(/^arn:(aws[\w-]*):iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/);
  return match ? `arn:${match[1]}:sts::${match[2]}:assumed-role/${match[3]}/` : null;
}

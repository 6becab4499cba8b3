import type ipaddr from "ipaddr.js";
import picomatch from "picomatch";
import { z } from "zod";
import { parseAddress } from "@/lib/ip/classify";

// A suppression's conditions: `{ field, operator, values }`, ANDed; a condition holds when any of its
// values does. What each field and operator means, and how case is treated:
//
// - principalArn `equals` / `glob`, accessKeyId, eventName, awsRegion, accountId `equals`: exact and
//   case-sensitive, as AWS treats them (an ARN's path and user name are case-sensitive).
// - A glob (picomatch, bash rules): `*` any run of characters, `/` included, so `…:user/ci-*` covers
//   `user/ci-bot` and `user/ci/bot`; `?` one character; `[abc]`, `[a-z]` one of a set; `{a,b}` either.
//   Escape a special character with `\`.
// - sourceIp `equals`: an address equals another spelling of itself (`2001:DB8::1`, `::ffff:10.0.0.1` is
//   `10.0.0.1`); anything else CloudTrail puts there (an AWS service name such as bedrock.amazonaws.com,
//   "AWS Internal") is compared without regard to case. `cidr`: IPv4 or IPv6 networks; an IPv4-mapped IPv6
//   address is the IPv4 address it maps; a service name is in no network.
// - userAgent `contains` / `glob`: without regard to case (agents differ only in case across versions).

export const SUPPRESSION_FIELDS = {
  principalArn: { label: "principal ARN", operators: ["equals", "glob"] },
  accessKeyId: { label: "access key", operators: ["equals"] },
  sourceIp: { label: "source IP", operators: ["equals", "cidr"] },
  userAgent: { label: "user agent", operators: ["contains", "glob"] },
  eventName: { label: "event name", operators: ["equals"] },
  awsRegion: { label: "region", operators: ["equals"] },
  accountId: { label: "account", operators: ["equals"] },
} as const;

export type SuppressionField = keyof typeof SUPPRESSION_FIELDS;
export const SUPPRESSION_OPERATORS = ["equals", "glob", "cidr", "contains"] as const;
export type SuppressionOperator = (typeof SUPPRESSION_OPERATORS)[number];

export interface SuppressionCondition {
  field: SuppressionField;
  operator: SuppressionOperator;
  values: string[];
}

export const MAX_CONDITIONS = 20;
export const MAX_VALUES = 500;
export const MAX_VALUE_LENGTH = 2048;

const FIELD_NAMES = Object.keys(SUPPRESSION_FIELDS) as [SuppressionField, ...SuppressionField[]];
// Control characters (NUL included) are never part of a CloudTrail value an analyst means to match.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find them
const CONTROL = /[\u0000-\u001f\u007f]/;

const GLOB_OPTIONS = { bash: true, dot: true, strictBrackets: true } as const;
const PATTERNS: Partial<Record<SuppressionField, RegExp>> = {
  accessKeyId: /^[A-Za-z0-9]{4,128}$/,
  eventName: /^[A-Za-z0-9_]{1,128}$/,
  awsRegion: /^[a-z0-9-]{2,32}$/,
  accountId: /^\d{12}$/,
};
const PATTERN_HINTS: Partial<Record<SuppressionField, string>> = {
  accessKeyId: "an access key id is letters and digits, such as AKIAIOSFODNN7EXAMPLE",
  eventName: "an event name is letters and digits, such as ListFoundationModels",
  awsRegion: "a region is lower-case letters, digits and dashes, such as us-east-1",
  accountId: "an account id is 12 digits",
};

/** A network `value` denotes, IPv4-mapped IPv6 networks as their IPv4 network; null when malformed. */
export function parseCidr(value: string): { kind: "ipv4" | "ipv6"; range: [ipaddr.IPv4 | ipaddr.IPv6, number] } | null {
  const slash = value.indexOf("/");
  if (slash < 0 || !/^\d{1,3}$/.test(value.slice(slash + 1))) return null;
  const parsed = parseAddress(value.slice(0, slash));
  if (!parsed) return null;
  const bits = Number(value.slice(slash + 1));
  if (parsed.isIpv4Mapped) {
    if (bits < 96 || bits > 128) return null;
    return { kind: "ipv4", range: [parsed.address, bits - 96] };
  }
  const max = parsed.address.kind() === "ipv4" ? 32 : 128;
  if (bits > max) return null;
  return { kind: parsed.address.kind(), range: [parsed.address, bits] };
}

/** Why `value` is not valid for the field and operator, or null. */
function valueProblem(field: SuppressionField, operator: SuppressionOperator, value: string): string | null {
  if (value.length === 0) return "is empty";
  if (value.length > MAX_VALUE_LENGTH) return `is longer than ${MAX_VALUE_LENGTH} characters`;
  if (CONTROL.test(value)) return "contains a control character";
  if (value.trim() !== value) return "starts or ends with a space";
  if (operator === "cidr") {
    return parseCidr(value) ? null : `"${value}" is not a network such as 10.0.0.0/8 or 2001:db8::/32`;
  }
  if (operator === "glob") {
    try {
      picomatch.makeRe(value, GLOB_OPTIONS);
      return null;
    } catch (error) {
      return `"${value}" is not a valid glob: ${(error as Error).message}`;
    }
  }
  const pattern = operator === "equals" ? PATTERNS[field] : undefined;
  if (pattern && !pattern.test(value)) return `"${value}" is not valid: ${PATTERN_HINTS[field]}`;
  return null;
}

export const conditionSchema = z
  .object({
    field: z.enum(FIELD_NAMES, {
      error: () => `unknown field; use one of ${FIELD_NAMES.join(", ")}`,
    }),
    operator: z.enum(SUPPRESSION_OPERATORS, {
      error: () => `unknown operator; use one of ${SUPPRESSION_OPERATORS.join(", ")}`,
    }),
    values: z
      .array(z.string({ error: "must be text" }), { error: "must be a list of values" })
      .min(1, "give at least one value")
      .max(MAX_VALUES, `at most ${MAX_VALUES} values per condition`),
  })
  .strict()
  .superRefine((condition, context) => {
    const allowed = SUPPRESSION_FIELDS[condition.field].operators as readonly string[];
    if (!allowed.includes(condition.operator)) {
      context.addIssue({
        code: "custom",
        path: ["operator"],
        message: `${condition.field} takes ${allowed.join(" or ")}, not ${condition.operator}`,
      });
      return;
    }
    condition.values.forEach((value, index) => {
      const problem = valueProblem(condition.field, condition.operator, value);
      if (problem) context.addIssue({ code: "custom", path: ["values", index], message: problem });
    });
  });

/** Whether one value of the condition covers every event that has the field at all. */
function isUniversal(condition: SuppressionCondition): boolean {
  return condition.values.some((value) => {
    if (condition.operator === "glob") return /^\*+$/.test(value);
    if (condition.operator === "cidr") return parseCidr(value)?.range[1] === 0;
    return false;
  });
}

/** Null, or why the conditions cannot make a suppression (a suppression of everything is refused). */
export function conditionsProblem(conditions: readonly SuppressionCondition[]): string | null {
  if (conditions.length === 0) return "add at least one condition";
  if (conditions.every(isUniversal)) {
    return "these conditions match every event: narrow them to a principal, key, address or agent";
  }
  return null;
}

export const conditionsSchema = z
  .array(conditionSchema)
  .min(1, "add at least one condition")
  .max(MAX_CONDITIONS, `at most ${MAX_CONDITIONS} conditions`)
  .superRefine((conditions, context) => {
    const problem = conditionsProblem(conditions as SuppressionCondition[]);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

const quoted = (values: string[]) => {
  const shown = values.slice(0, 5).map((value) => (value.length > 80 ? `${value.slice(0, 77)}…` : value));
  const more = values.length > 5 ? ` or ${values.length - 5} more` : "";
  return shown.length > 1 ? `${shown.slice(0, -1).join(", ")} or ${shown.at(-1)}${more}` : `${shown[0]}${more}`;
};

const VERBS: Record<SuppressionOperator, string> = {
  equals: "is",
  glob: "matches",
  cidr: "is in",
  contains: "contains",
};

/** The conditions in words: "principal ARN matches arn:…:user/ci-* and source IP is in 10.0.0.0/8". */
export function describeConditions(conditions: readonly SuppressionCondition[]): string {
  return conditions
    .map(
      (condition) =>
        `${SUPPRESSION_FIELDS[condition.field].label} ${VERBS[condition.operator]} ${quoted(condition.values)}`,
    )
    .join(" and ");
}

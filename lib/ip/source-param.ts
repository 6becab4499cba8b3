import { AWS_INTERNAL, classifySourceAddress, parseAddress, type SourceClassification } from "./classify";

// What may name an IP entity in a URL or the API (/api/v1/ips/{ip}). The value stays as given (trimmed):
// events are found by exact match on the stored sourceIPAddress, so rewriting it would miss rows stored
// in another spelling. `candidates` lists the spellings worth looking up instead: the text as given plus
// the canonical forms, so 2001:DB8::1 finds 2001:db8::1, and 1.2.3.4 finds ::ffff:1.2.3.4 (which
// classify.ts reports as the same IPv4 address).

export const MAX_SOURCE_ADDRESS_LENGTH = 255;

export type SourceAddressParam =
  | { ok: true; value: string; classification: SourceClassification; candidates: string[] }
  | { ok: false; message: string };

/** Control, format (bidi overrides, zero-width) and line/paragraph separator characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

const codePoint = (character: string) =>
  `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

function candidatesFor(value: string, classification: SourceClassification): string[] {
  const spellings = [value];
  switch (classification.kind) {
    case "ipv4":
      spellings.push(classification.address, `::ffff:${classification.address}`);
      break;
    case "ipv6":
      spellings.push(classification.address);
      break;
    case "multiple": {
      const addresses = classification.addresses.map((entry) => entry.address);
      spellings.push(addresses.join(", "), addresses.join(","));
      break;
    }
    case "aws-service":
      spellings.push(classification.host);
      break;
    case "aws-internal":
      spellings.push(AWS_INTERNAL);
      break;
  }
  return [...new Set(spellings)];
}

function rejection(value: string): string {
  const parts = value.split(",").map((part) => part.trim());
  const bad = parts.find((part) => parseAddress(part) === null);
  if (parts.length > 1 && bad === "") return `\`${value}\` has an empty entry; a list may hold only addresses`;
  if (parts.length > 1 && bad !== undefined) {
    return `\`${bad}\` in \`${value}\` is not an IPv4 or IPv6 address; a list may hold only addresses`;
  }
  return `\`${value}\` is not an IPv4 or IPv6 address or an AWS service name`;
}

export function parseSourceAddressParam(raw: string): SourceAddressParam {
  // Length first: nothing below should run over a megabyte of input.
  if (raw.length > MAX_SOURCE_ADDRESS_LENGTH) {
    return {
      ok: false,
      message: `The source address is ${raw.length} characters long; at most ${MAX_SOURCE_ADDRESS_LENGTH} are allowed`,
    };
  }
  const invisible = INVISIBLE.exec(raw);
  if (invisible) {
    return { ok: false, message: `The source address contains a control character (${codePoint(invisible[0])})` };
  }
  const value = raw.trim();
  if (value === "") return { ok: false, message: "The source address is empty" };
  const classification = classifySourceAddress(value);
  if (classification.kind === "hostname" || classification.kind === "unrecognized") {
    return { ok: false, message: rejection(value) };
  }
  return { ok: true, value, classification, candidates: candidatesFor(value, classification) };
}

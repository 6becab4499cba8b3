import ipaddr from "ipaddr.js";
import { awsServiceHost, awsServiceName } from "./aws-services";
import { type AddressScope, scopeLabel, scopeOf } from "./scope";

// What a CloudTrail sourceIPAddress holds: an IPv4 or IPv6 address, a service endpoint name
// (bedrock.amazonaws.com) when a service called on the principal's behalf, "AWS Internal", or, in some
// exports, two addresses joined by a comma. Pure: the stored text in, a description out, so the UI, the
// API and the CLI agree on what a value is. Scopes and their labels are in scope.ts.
//
// Stricter than ipaddr.js's parse on purpose: it takes "1.2.3", "127.1", "0x7f.0.0.1" and "2130706433" as
// IPv4 (inet_aton forms) that CloudTrail never writes and an analyst would not read as addresses, so only
// the four-part decimal form counts. Zone ids (fe80::1%eth0) are local to a host and are refused too.

export type { AddressScope } from "./scope";

export interface AddressClassification {
  kind: "ipv4" | "ipv6";
  /** Canonical text: a dotted quad, or RFC 5952 (lower case, the longest zero run as ::). */
  address: string;
  scope: AddressScope;
  /** Written as ::ffff:a.b.c.d (an IPv4-mapped IPv6 address) and reported as the IPv4 address. */
  isIpv4Mapped: boolean;
  label: string;
  /** Public: the only scope whose owner and country mean something. */
  isRoutable: boolean;
}

export interface AwsServiceClassification {
  kind: "aws-service";
  /** The endpoint name, lower-cased: bedrock.amazonaws.com. */
  host: string;
  /** "Amazon Bedrock", or null for a service without a friendly name in aws-services.ts. */
  serviceName: string | null;
  label: string;
  isRoutable: false;
}

export interface AwsInternalClassification {
  kind: "aws-internal";
  label: string;
  isRoutable: false;
}

export interface MultipleClassification {
  kind: "multiple";
  addresses: AddressClassification[];
  label: string;
  /** False: the value as a whole is not one address; each entry of `addresses` says for itself. */
  isRoutable: false;
}

export interface HostnameClassification {
  kind: "hostname";
  host: string;
  label: string;
  isRoutable: false;
}

/** Anything else (empty, "1.2.3", control characters): stored data can hold it, so it is described, not thrown. */
export interface UnrecognizedClassification {
  kind: "unrecognized";
  label: string;
  isRoutable: false;
}

export type SourceClassification =
  | AddressClassification
  | AwsServiceClassification
  | AwsInternalClassification
  | MultipleClassification
  | HostnameClassification
  | UnrecognizedClassification;

export const AWS_INTERNAL = "AWS Internal";

/** ipaddr.js reads "::1.2.3.4" (IPv4-compatible, deprecated) as "::ffff:1.2.3.4", a different address. */
const IPV4_COMPATIBLE = /^::(\d+\.\d+\.\d+\.\d+)$/;
const IPV6_CHARACTERS = /^[0-9a-f:.]+$/i;
const HOSTNAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** The address `text` denotes, IPv4-mapped IPv6 unwrapped; null when it is not one address. */
export function parseAddress(text: string): { address: ipaddr.IPv4 | ipaddr.IPv6; isIpv4Mapped: boolean } | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return { address: ipaddr.IPv4.parse(text), isIpv4Mapped: false };
  if (!IPV6_CHARACTERS.test(text) || !ipaddr.IPv6.isValid(text)) return null;
  if (text.includes(".") && !ipaddr.IPv4.isValidFourPartDecimal(text.slice(text.lastIndexOf(":") + 1))) return null;
  const compatible = IPV4_COMPATIBLE.exec(text);
  const address = ipaddr.IPv6.parse(compatible ? `0:0:0:0:0:0:${compatible[1]}` : text);
  if (address.isIPv4MappedAddress()) return { address: address.toIPv4Address(), isIpv4Mapped: true };
  return { address, isIpv4Mapped: false };
}

function classifyAddress(text: string): AddressClassification | null {
  const parsed = parseAddress(text);
  if (!parsed) return null;
  const kind = parsed.address.kind();
  const scope = scopeOf(parsed.address);
  return {
    kind,
    address: parsed.address.toString(),
    scope: scope.scope,
    isIpv4Mapped: parsed.isIpv4Mapped,
    label: scopeLabel(kind, scope),
    isRoutable: scope.scope === "public",
  };
}

export function classifySourceAddress(value: string): SourceClassification {
  const text = value.trim();
  const address = classifyAddress(text);
  if (address) return address;
  if (text.toLowerCase() === AWS_INTERNAL.toLowerCase()) {
    return { kind: "aws-internal", label: AWS_INTERNAL, isRoutable: false };
  }
  const host = awsServiceHost(text);
  if (host) {
    const serviceName = awsServiceName(host);
    const label = serviceName ? `AWS service: ${serviceName} (${host})` : `AWS service (${host})`;
    return { kind: "aws-service", host, serviceName, label, isRoutable: false };
  }
  if (text.includes(",")) {
    const parts = text.split(",").map((part) => classifyAddress(part.trim()));
    if (parts.every((part) => part !== null)) {
      return { kind: "multiple", addresses: parts, label: `Multiple addresses (${parts.length})`, isRoutable: false };
    }
  }
  if (HOSTNAME.test(text))
    return { kind: "hostname", host: text.toLowerCase(), label: `Host name (${text})`, isRoutable: false };
  return { kind: "unrecognized", label: "Not an address or AWS service name", isRoutable: false };
}

import { entityHref, type LinkKind } from "@/lib/detection/links";

// Renders a rule's playbook for one signal. Variables use Datadog's syntax, `{{@attribute}}`: the
// standard names Datadog maps CloudTrail to (evt.name, network.client.ip, http.useragent…) and the
// CloudTrail fields themselves stand for the signal's values (every distinct one); any other path is read
// from the signal's first matched event, e.g. `{{@requestParameters.modelId}}`. In the message, every
// value is inline code (an attacker chooses user agents and session names: nothing in them may become
// Markdown or a link), and principals, IPs and keys link to their investigation.

export interface PlaybookValues {
  principalArn: string | null;
  accountId: string | null;
  eventNames: readonly string[];
  eventSources: readonly string[];
  sourceIps: readonly string[];
  userAgents: readonly string[];
  accessKeyIds: readonly string[];
  regions: readonly string[];
  errorCodes: readonly string[];
  /** The first matched event as it came, for any other attribute. */
  firstEvent: unknown;
}

interface Attribute {
  values: (v: PlaybookValues) => readonly string[];
  link?: LinkKind;
}

const principal: Attribute = { values: (v) => (v.principalArn ? [v.principalArn] : []), link: "principal" };
const ips: Attribute = { values: (v) => v.sourceIps, link: "ip" };
const keys: Attribute = { values: (v) => v.accessKeyIds, link: "accessKeyId" };
const names: Attribute = { values: (v) => v.eventNames };
const sources: Attribute = { values: (v) => v.eventSources };
const agents: Attribute = { values: (v) => v.userAgents };
const regions: Attribute = { values: (v) => v.regions };
const codes: Attribute = { values: (v) => v.errorCodes };
const account: Attribute = { values: (v) => (v.accountId ? [v.accountId] : []) };

/** Names that stand for a signal-wide value (Datadog's standard attributes, then CloudTrail's own). */
export const SIGNAL_ATTRIBUTES: Record<string, Attribute> = {
  "evt.name": names,
  "network.client.ip": ips,
  "http.useragent": agents,
  "userIdentity.arn": principal,
  "userIdentity.accessKeyId": keys,
  "userIdentity.accountId": account,
  "cloud.region": regions,
  eventName: names,
  eventSource: sources,
  sourceIPAddress: ips,
  userAgent: agents,
  awsRegion: regions,
  errorCode: codes,
  recipientAccountId: account,
};

const VARIABLE = /\{\{\s*@([A-Za-z0-9_.-]+)\s*\}\}/g;

/** Whether a template reads an attribute from the first event (so its raw JSON must be loaded). */
export function readsFirstEvent(template: string): boolean {
  return [...template.matchAll(VARIABLE)].some((match) => !((match[1] as string) in SIGNAL_ATTRIBUTES));
}
const SHOWN_VALUES = 5;

function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split(".")) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function asText(value: unknown): string | null {
  if (value === undefined || value === null || value === "") return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The values a variable stands for; unknown paths are read from the first event. */
export function variableValues(path: string, values: PlaybookValues): { values: readonly string[]; link?: LinkKind } {
  const attribute = SIGNAL_ATTRIBUTES[path];
  if (attribute) return { values: attribute.values(values), link: attribute.link };
  const text = asText(readPath(values.firstEvent, path));
  return { values: text === null ? [] : [text] };
}

/** One line: a value with a line break could end its inline code and start live Markdown. */
const oneLine = (value: string) => value.replace(/[\r\n\u2028\u2029]+/g, " ");

/**
 * A value as inline code: nothing in it is Markdown, and GFM does not turn URLs or e-mail addresses in it
 * into links (a user agent is whatever the caller chose). Backticks inside become a longer fence.
 */
export function inlineCode(value: string): string {
  const text = oneLine(value);
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") || text.trim() === "" ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

function joinValues(parts: string[], total: number): string {
  const more = total - parts.length;
  return more > 0 ? `${parts.join(", ")} and ${more} more` : parts.join(", ");
}

/** The title: plain text, no links. */
export function renderPlainTemplate(template: string, values: PlaybookValues): string {
  return template.replace(VARIABLE, (_all, path: string) => {
    const found = variableValues(path, values).values;
    return found.length === 0 ? "(none)" : joinValues(found.slice(0, SHOWN_VALUES).map(oneLine), found.length);
  });
}

/** The message: Markdown, with values escaped and entities linked. */
export function renderMarkdownTemplate(template: string, values: PlaybookValues): string {
  return template.replace(VARIABLE, (_all, path: string) => {
    const { values: found, link } = variableValues(path, values);
    if (found.length === 0) return "*(none)*";
    const shown = found.slice(0, SHOWN_VALUES).map((value) => {
      const code = inlineCode(value);
      return link ? `[${code}](${entityHref(link, value)})` : code;
    });
    return joinValues(shown, found.length);
  });
}

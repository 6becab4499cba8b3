import { clsx } from "clsx";
import type { CredentialType } from "@/lib/generated/prisma/enums";

const badge =
  "inline-block max-w-full truncate rounded-md px-1.5 py-0.5 align-middle font-medium text-xs ring-1 ring-inset";

export const credentialLabels: Record<CredentialType, string> = {
  long_term_key: "long-term key",
  bedrock_api_key: "Bedrock API key",
  temporary: "temporary",
  console_session: "console",
  aws_service: "AWS service",
  unknown: "unknown",
};

const credentialTitles: Record<CredentialType, string> = {
  long_term_key: "A long-term IAM access key (AKIA…)",
  bedrock_api_key: "A Bedrock API key: a long-term credential",
  temporary: "Temporary STS credentials (an assumed role or federated session)",
  console_session: "A console sign-in session",
  aws_service: "An AWS service acting on the account's behalf",
  unknown: "The credential could not be classified from the event",
};

// Long-term credentials are what the detection is about, so they stand out; the rest stay quiet.
const credentialColours: Record<CredentialType, string> = {
  long_term_key:
    "bg-rose-50 text-rose-700 ring-rose-600/20 dark:bg-rose-500/10 dark:text-rose-300 dark:ring-rose-400/30",
  bedrock_api_key:
    "bg-orange-50 text-orange-700 ring-orange-600/20 dark:bg-orange-500/10 dark:text-orange-300 dark:ring-orange-400/30",
  temporary: "bg-sky-50 text-sky-700 ring-sky-600/20 dark:bg-sky-500/10 dark:text-sky-300 dark:ring-sky-400/30",
  console_session:
    "bg-violet-50 text-violet-700 ring-violet-600/20 dark:bg-violet-500/10 dark:text-violet-300 dark:ring-violet-400/30",
  aws_service: "bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-600/40",
  unknown: "bg-zinc-50 text-zinc-500 ring-zinc-400/30 dark:bg-zinc-900 dark:text-zinc-400 dark:ring-zinc-600/40",
};

export function CredentialBadge({ type }: { type: CredentialType }) {
  return (
    <span className={clsx(badge, credentialColours[type])} title={credentialTitles[type]}>
      {credentialLabels[type]}
    </span>
  );
}

/** Denials in red (what the detection looks for), other errors (validation, throttling…) in amber. */
export function ErrorBadge({ code }: { code: string | null }) {
  if (!code) return <span className="text-zinc-400 dark:text-zinc-600">—</span>;
  const isDenial = /AccessDenied|UnauthorizedOperation/i.test(code);
  return (
    <span
      title={code}
      className={clsx(
        badge,
        isDenial
          ? "bg-red-50 text-red-700 ring-red-600/20 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/30"
          : "bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/30",
      )}
    >
      {code}
    </span>
  );
}

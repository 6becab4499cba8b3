import type { Remediation } from "@/lib/entities/types";
import type { CredentialType } from "@/lib/generated/prisma/enums";

// What an analyst runs about a leaked key, filled in with this key and its user, ready to copy. Every
// value comes from uploaded logs, so each is quoted for a POSIX shell: a user name such as
// `bob; curl evil` must stay one argument. IAM user names and key ids have a known alphabet; a value
// outside it is still quoted, and flagged so nobody runs the command without looking.

const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/;
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;

/** One shell word: bare when it is plainly safe, else single-quoted with embedded quotes escaped. */
export function shellQuote(value: string): string {
  return /^[\w+=,.@:/-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The user name of an IAM user ARN (`arn:aws:iam::123:user/path/name` → `name`); null for other ARNs. */
export function userNameOfArn(arn: string | null): string | null {
  const match = arn?.match(/^arn:aws[\w-]*:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/);
  return match?.[1] ?? null;
}

/** The role name of an assumed-role session ARN (`…:assumed-role/Role/session` → `Role`). */
export function roleNameOfArn(arn: string | null): string | null {
  const match = arn?.match(/^arn:aws[\w-]*:sts::\d{12}:assumed-role\/([^/]+)\//);
  return match?.[1] ?? null;
}

export function remediationFor(key: {
  id: string;
  credentialType: CredentialType | null;
  principalArn: string | null;
  userName: string | null;
  accountId: string | null;
}): Remediation {
  const caveats: string[] = [];
  const id = shellQuote(key.id);
  if (!ACCESS_KEY_ID.test(key.id)) {
    caveats.push(
      `The key id "${key.id}" is not in AWS's format (it may be redacted in this export): look the key up before running these.`,
    );
  }
  // Account ids come from the logs too: only a well-formed one goes into the (comment) text.
  const profile = key.accountId && /^\d{12}$/.test(key.accountId) ? ` # in account ${key.accountId}` : "";
  if (key.credentialType === "temporary") {
    const role = roleNameOfArn(key.principalArn);
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { DateLessThan: { "aws:TokenIssueTime": now } },
        },
      ],
    });
    return {
      summary:
        "A temporary (STS) key cannot be deactivated; it expires on its own. To cut it off now, revoke the role's sessions issued until now, then find how the role was assumed.",
      commands: role
        ? [
            {
              label: "Revoke every session of the role issued until now",
              command: `aws iam put-role-policy --role-name ${shellQuote(role)} --policy-name AWSRevokeOlderSessions --policy-document ${shellQuote(policy)}${profile}`,
            },
            {
              label: "Who assumed the role (CloudTrail lookup)",
              command: `aws cloudtrail lookup-events --lookup-attributes AttributeKey=ResourceName,AttributeValue=${shellQuote(role)} --max-results 50`,
            },
          ]
        : [],
      caveats: role ? caveats : [...caveats, "No role is known for this key, so no revocation is filled in."],
    };
  }
  const userName = key.userName ?? userNameOfArn(key.principalArn);
  const isRoot = key.principalArn?.endsWith(":root") ?? false;
  if (userName && !IAM_USER_NAME.test(userName)) {
    caveats.push(`The user name "${userName}" is not a valid IAM user name: check it before running these.`);
  }
  const user = userName && !isRoot ? ` --user-name ${shellQuote(userName)}` : "";
  if (isRoot)
    caveats.push(
      "This is a root user's key: run these signed in as the root user, or delete the key from the console.",
    );
  if (!userName && !isRoot)
    caveats.push("No user is known for this key, so the commands act on the caller's own keys: add --user-name.");
  return {
    summary:
      "Deactivate the key first (it can be re-activated if this was a mistake), then check the user's other keys and when this one was last used.",
    commands: [
      {
        label: "Deactivate the key",
        command: `aws iam update-access-key --access-key-id ${id} --status Inactive${user}${profile}`,
      },
      { label: "List the user's keys", command: `aws iam list-access-keys${user}${profile}` },
      {
        label: "When and where the key was last used",
        command: `aws iam get-access-key-last-used --access-key-id ${id}`,
      },
    ],
    caveats,
  };
}

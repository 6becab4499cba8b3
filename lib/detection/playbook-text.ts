// The rule's own playbook, in TrailTriage's words. Variables use Datadog's syntax (`{{@attribute}}`);
// lib/detection/playbook.ts says which names it knows and how values are shown.

export const DEFAULT_PLAYBOOK = {
  title: "Denied Bedrock discovery by long-term key: {{@userIdentity.arn}}",
  message: `## What happened
{{@userIdentity.arn}} tried to find out which machine-learning models and training jobs this account has
({{@evt.name}} on {{@eventSource}}), using the long-term access key {{@userIdentity.accessKeyId}}.
AWS refused with {{@errorCode}}. The calls came from {{@network.client.ip}} ({{@http.useragent}}).

## Why it matters
Listing models and training jobs is how someone holding a leaked key learns where the valuable data is:
the datasets and buckets behind a model come next. A denial means this key lacks the permission, not that
the attempt was harmless: the same key may be trying other doors.

## What to check
1. **Is this expected?** Does {{@userIdentity.arn}} normally call these APIs, from {{@network.client.ip}},
   with this user agent? A new tool or pipeline being set up explains many of these.
2. **What else did the key do?** Open the principal and the IP and look at their other calls. Any
   *successful* call from the same IP right after the denials is listed under "Follow-up activity", and
   raises the signal to high.
3. **Where did the key come from?** Long-term keys leak through source code, CI logs and laptops. Find
   where {{@userIdentity.accessKeyId}} is used.

## What to do
- **Legitimate:** archive the signal as testing or maintenance, and add a narrow suppression (this
  principal, this IP) with an expiry date rather than disabling the rule.
- **Not legitimate:** deactivate the access key, review the user's policies and recent activity, and
  open a case. Archive as a true positive once it is contained.`,
};

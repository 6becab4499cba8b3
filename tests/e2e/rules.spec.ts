import { type APIRequestContext, expect, test } from "@playwright/test";
import { ACCOUNT, minutes } from "../support/detection-events";
import { uniquePrefix } from "../support/fixtures";
import { denialBy, plantEvents } from "./plant";
import { createActiveUser, sameOrigin, signIn } from "./support";

// The Rules page: an admin previews a change to the rule, is refused when someone else saved first, and
// saves; a viewer only reads. A saved change re-evaluates every stored event for every test sharing the
// database, so the only changes saved here are to the playbook message (no signal changes because of it);
// the change that would move signals is previewed, never saved.

const RULE = "bedrock-discovery-long-term-key";
const arnOf = (prefix: string, name: string) => `arn:aws:iam::${ACCOUNT}:user/e2e-rules/${name}-${prefix}`;

interface RuleState {
  currentVersion: number;
  isEvaluating: boolean;
  config: { bedrockNames: string[]; playbook: { title: string; message: string } };
}

async function signalCount(request: APIRequestContext, arn: string): Promise<number> {
  return (await (await request.get(`/api/v1/signals?principal=${encodeURIComponent(arn)}`)).json()).total;
}

async function ruleState(request: APIRequestContext): Promise<RuleState> {
  return (await request.get(`/api/v1/rules/${RULE}`)).json();
}

test("an admin previews a change, is stopped by a newer version, then saves; the history shows it", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const prefix = uniquePrefix();
  const onlyListing = arnOf(prefix, "lister");
  const listingAndMore = arnOf(prefix, "prober");
  const start = new Date("2026-02-06T09:00:00Z");
  await plantEvents(request, `rules-${prefix}.json`, [
    denialBy(prefix, 0, { time: start, arn: onlyListing, eventName: "ListFoundationModels" }),
    denialBy(prefix, 1, { time: start, arn: listingAndMore, eventName: "ListFoundationModels", ip: "192.0.2.90" }),
    denialBy(prefix, 2, {
      time: minutes(start, 5),
      arn: listingAndMore,
      eventName: "ListCustomModels",
      ip: "192.0.2.90",
    }),
  ]);
  await expect.poll(() => signalCount(request, onlyListing), { timeout: 60_000 }).toBe(1);
  await expect.poll(() => signalCount(request, listingAndMore), { timeout: 60_000 }).toBe(1);
  const before = await ruleState(request);
  const version = before.currentVersion;

  await page.goto("/rules");
  const rule = page.getByRole("article", { name: "Amazon Bedrock discovery attempt by long-term access key" });
  await expect(rule.getByText("def-000-an8")).toBeVisible();
  await expect(rule.getByRole("link", { name: /T1526 Cloud Service Discovery/ })).toHaveAttribute(
    "href",
    "https://attack.mitre.org/techniques/T1526/",
  );
  await rule.getByRole("button", { name: "Edit" }).click();

  // Without ListFoundationModels, the first principal's signal goes and the second one shrinks.
  const names = rule.getByLabel("Bedrock calls");
  await expect(names).toHaveValue(before.config.bedrockNames.join("\n"));
  await names.fill(before.config.bedrockNames.filter((name) => name !== "ListFoundationModels").join("\n"));
  await rule.getByRole("button", { name: "Preview" }).click();
  const preview = rule.getByRole("region", { name: "Preview" });
  await expect(preview.getByRole("region", { name: "Removed signals" })).toContainText(`lister-${prefix}`);
  const changed = preview.getByRole("listitem").filter({ hasText: `prober-${prefix}` });
  await expect(changed).toContainText("2 → 1 events");
  // Nothing was saved by the preview.
  expect((await ruleState(request)).currentVersion).toBe(version);

  // Back to the shipped names; the change to save is the playbook's message.
  await names.fill(before.config.bedrockNames.join("\n"));
  await expect(preview).toContainText("The form has changed since this preview");
  const message = rule.getByLabel("Playbook message");
  await message.fill(`${before.config.playbook.message}\n\n_Reviewed in e2e run ${prefix}._`);
  await rule.getByLabel("Comment").fill(`e2e ${prefix}: a note for reviewers`);

  // Meanwhile another admin saves a version: this form's save is refused, and says why.
  const elsewhere = await request.patch(`/api/v1/rules/${RULE}`, {
    headers: sameOrigin,
    data: {
      playbook: { ...before.config.playbook, message: `${before.config.playbook.message}\n\n_Also ${prefix}._` },
    },
  });
  expect(elsewhere.status(), await elsewhere.text()).toBe(200);
  await rule.getByRole("button", { name: `Save as version ${version + 1}` }).click();
  const conflict = rule.getByRole("alert").filter({ hasText: "someone else changed the rule first" });
  await expect(conflict).toContainText(`version ${version + 1} now`);
  await conflict.getByRole("button", { name: "Reload and start over" }).click();

  // Starting over from the newer version, the save goes through.
  await expect(message).toHaveValue(new RegExp(`Also ${prefix}`));
  await message.fill(`${before.config.playbook.message}\n\n_Reviewed in e2e run ${prefix}._`);
  await rule.getByLabel("Comment").fill(`e2e ${prefix}: a note for reviewers`);
  await rule.getByRole("button", { name: `Save as version ${version + 2}` }).click();

  const history = rule.getByRole("list", { name: "Version history" });
  const saved = history.getByRole("listitem", { name: `Version ${version + 2}` });
  await expect(saved).toContainText(`e2e ${prefix}: a note for reviewers`);
  await expect(saved).toContainText("playbook message");
  await expect(saved).toContainText("current");
  await expect(history.getByRole("listitem", { name: `Version ${version + 1}` })).toBeVisible();
  // The page follows the re-evaluation to its end.
  await expect(rule.getByRole("status").filter({ hasText: `Version ${version + 2} evaluated` })).toBeVisible({
    timeout: 60_000,
  });
  expect(await signalCount(request, onlyListing)).toBe(1);
});

test("a viewer reads the rule and its configuration but is offered no edit", async ({ browser }) => {
  const viewer = await createActiveUser("viewer", "rules-viewer");
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await signIn(context.request, viewer.email, viewer.password);
  const page = await context.newPage();
  await page.goto("/rules");
  await expect(page.getByRole("heading", { level: 1, name: "Rules" })).toBeVisible();
  const rule = page.getByRole("article", { name: "Amazon Bedrock discovery attempt by long-term access key" });
  await expect(rule.getByRole("region", { name: "Configuration" })).toContainText("Only admins can change it");
  await expect(rule.getByRole("region", { name: "Configuration" })).toContainText("AccessDeniedException");
  await expect(rule.getByRole("region", { name: "Version history" })).toContainText("Version 1");
  await expect(page.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Edit the rule" })).toHaveCount(0);
  // The API agrees: a viewer cannot even preview.
  const response = await context.request.post(`/api/v1/rules/${RULE}/preview`, { headers: sameOrigin, data: {} });
  expect(response.status()).toBe(403);
  await context.close();
});

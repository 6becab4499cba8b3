import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { ACCOUNT, minutes } from "../support/detection-events";
import { uniquePrefix } from "../support/fixtures";
import { denialBy, plantEvents } from "./plant";

// The analyst's reading of signals: the list with its filters in the URL, one signal with why it fired,
// what followed and its history, and the redirect left behind when a new event merges two signals.
// Each test plants its own attack under its own principals, so tests can share the database.

const arnOf = (prefix: string, name: string) =>
  `arn:aws:iam::${ACCOUNT}:user/e2e/teams/ml-platform/service-accounts/${name}-${prefix}-with-a-long-name`;
const resourceOf = (arn: string) => arn.split(":").slice(5).join(":");

/** The live signals of one principal, once detection has caught up with what was planted. */
async function signalsOf(request: APIRequestContext, arn: string, expected: number) {
  let signals: { id: string; eventCount: number; severity: string }[] = [];
  await expect
    .poll(
      async () => {
        const page = await (await request.get(`/api/v1/signals?principal=${encodeURIComponent(arn)}`)).json();
        signals = page.data;
        return page.total;
      },
      { timeout: 60_000 },
    )
    .toBe(expected);
  return signals;
}

function rowOf(page: Page, arn: string) {
  return page
    .getByRole("table", { name: "Signals" })
    .getByRole("row")
    .filter({ hasText: resourceOf(arn) });
}

test("the list shows a planted signal, and its filters narrow it and live in the URL", async ({ page, request }) => {
  const prefix = uniquePrefix();
  const leaky = arnOf(prefix, "leaky");
  const other = arnOf(prefix, "other");
  const start = new Date("2026-02-03T10:00:00Z");
  const filename = `signals-list-${prefix}.json`;
  const upload = await plantEvents(request, filename, [
    denialBy(prefix, 0, { time: start, arn: leaky, user: "leaky" }),
    denialBy(prefix, 1, {
      time: minutes(start, 4),
      arn: leaky,
      eventName: "ListModels",
      eventSource: "sagemaker.amazonaws.com",
      errorCode: "AccessDenied",
    }),
    denialBy(prefix, 2, { time: minutes(start, 9), arn: leaky, eventName: "GetFoundationModel" }),
    denialBy(prefix, 3, { time: minutes(start, 5), arn: other, ip: "192.0.2.77" }),
  ]);
  await signalsOf(request, leaky, 1);
  await signalsOf(request, other, 1);

  // Free text finds both of this test's principals.
  await page.goto("/signals");
  await expect(page.getByRole("heading", { level: 1, name: "Signals" })).toBeVisible();
  await page.getByRole("searchbox", { name: "Search" }).fill(prefix);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]q=${prefix}`));
  const table = page.getByRole("table", { name: "Signals" });
  await expect(table.getByRole("row")).toHaveCount(3);

  // The principal filter keeps one: three denied calls, medium; the calls cell names each call's service.
  await page.getByLabel("Principal ARN").fill(leaky);
  await page.getByRole("button", { name: "Apply" }).click();
  // nuqs leaves an ARN's colons and slashes readable in the address bar.
  await expect(page).toHaveURL(/[?&]principal=arn:aws:iam::111122223333:user\//);
  await expect(table.getByRole("row")).toHaveCount(2);
  // The export takes the same filters: what it downloads is this list, one row.
  const exportHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  expect(exportHref).toMatch(/^\/api\/v1\/signals\/export\?.*principal=arn%3Aaws%3Aiam/);
  const exported = await (await request.get(exportHref as string)).text();
  expect(exported.trim().split("\r\n")).toHaveLength(2);
  expect(exported).toContain(leaky);
  const row = rowOf(page, leaky);
  await expect(row.getByRole("cell").nth(1)).toHaveText("medium");
  await expect(row.getByRole("cell").nth(5)).toHaveText("3");
  const calls = row.getByRole("cell").nth(4);
  await expect(calls).toContainText("GetFoundationModel");
  await expect(calls).toContainText("+2");
  await expect(calls).toContainText("bedrock");
  await expect(calls.locator("[title]").first()).toHaveAttribute(
    "title",
    [
      "GetFoundationModel on bedrock.amazonaws.com × 1",
      "ListFoundationModels on bedrock.amazonaws.com × 1",
      "ListModels on sagemaker.amazonaws.com × 1",
    ].join("\n"),
  );
  await expect(row.getByRole("cell").nth(7)).toContainText("open");

  // Status tabs: by default what needs triage (open and under review), counted under the other filters.
  // Archived hides it; All brings it back; the URL holds the tab.
  const tabs = page.getByRole("tablist", { name: "Signal status" });
  await expect(tabs.getByRole("tab", { name: /^Needs triage/ })).toHaveAttribute("aria-selected", "true");
  await expect(tabs.getByRole("tab", { name: /^Needs triage/ })).toContainText("1");
  await expect(tabs.getByRole("tab", { name: /^Archived/ })).toContainText("0");
  await tabs.getByRole("tab", { name: /^Archived/ }).click();
  await expect(page).toHaveURL(/[?&]status=archived(&|$)/);
  await expect(page.getByRole("heading", { name: "No signals match these filters" })).toBeVisible();
  await tabs.getByRole("tab", { name: /^All/ }).click();
  await expect(page).toHaveURL(/[?&]status=open,under_review,archived(&|$)/);
  await expect(rowOf(page, leaky)).toHaveCount(1);

  // A reload (or a shared link) shows the same view.
  await page.reload();
  await expect(page.getByLabel("Principal ARN")).toHaveValue(leaky);
  await expect(tabs.getByRole("tab", { name: /^All/ })).toHaveAttribute("aria-selected", "true");
  await expect(rowOf(page, leaky)).toHaveCount(1);

  // From the Uploads page: the upload's signals, with a chip that names the file and clears the filter.
  await page.goto(`/signals?upload=${upload}`);
  await expect(page.getByText(`From upload ${filename}`)).toBeVisible();
  await expect(table.getByRole("row")).toHaveCount(3);
  await page.getByRole("button", { name: "Remove the upload filter" }).click();
  await expect(page).not.toHaveURL(/upload=/);
});

test("a signal shows why it fired, the successful call that followed, and its history", async ({ page, request }) => {
  const prefix = uniquePrefix();
  const arn = arnOf(prefix, "followed");
  const start = new Date("2026-02-04T08:00:00Z");
  const ip = "198.51.100.61";
  await plantEvents(request, `signal-page-${prefix}.json`, [
    denialBy(prefix, 0, { time: start, arn, ip, eventName: "ListFoundationModels" }),
    denialBy(prefix, 1, {
      time: minutes(start, 3),
      arn,
      ip,
      eventName: "ListTrainingJobs",
      eventSource: "sagemaker.amazonaws.com",
      errorCode: "AccessDenied",
    }),
    // The key gets in: a successful call from the same IP soon after.
    denialBy(prefix, 2, {
      time: minutes(start, 20),
      arn,
      ip,
      eventName: "ListBuckets",
      eventSource: "s3.amazonaws.com",
      errorCode: null,
    }),
  ]);
  const [signal] = await signalsOf(request, arn, 1);
  expect(signal).toMatchObject({ eventCount: 2, severity: "high" });

  await page.goto(`/signals?principal=${encodeURIComponent(arn)}`);
  await expect(rowOf(page, arn).getByRole("cell").nth(1)).toContainText("1 follow-up");
  await rowOf(page, arn).getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/signals/${signal?.id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(arn);
  await expect(page.getByRole("link", { name: arn }).first()).toHaveAttribute(
    "href",
    `/investigate/principals/${encodeURIComponent(arn)}`,
  );

  // Why it fired: the first event is open with the three conditions held; the second opens on demand.
  const matched = page.getByRole("table", { name: "Matched events" });
  await expect(matched.getByRole("img", { name: "held", exact: true })).toHaveCount(3);
  await expect(matched).toContainText("Discovery call");
  await expect(matched).toContainText("denied with AccessDeniedException");
  await expect(matched).toContainText("Long-term credential");
  await matched.getByRole("button", { name: /^Why ListTrainingJobs at/ }).click();
  await expect(matched.getByRole("img", { name: "held", exact: true })).toHaveCount(6);
  await expect(matched).toContainText("sagemaker.amazonaws.com");

  const followUp = page.getByRole("region", { name: "Follow-up activity" });
  await expect(followUp).toContainText("1 successful call followed");
  await expect(followUp).toContainText("ListBuckets");
  await expect(followUp).toContainText("s3.amazonaws.com");

  const history = page.getByRole("region", { name: "History" });
  await expect(history).toContainText("Created from 2 events under rule version");
  await expect(history).toContainText("Severity medium → high");

  await expect(
    page.getByRole("region", { name: "Playbook" }).getByRole("heading", { name: "What happened" }),
  ).toBeVisible();

  // An event opens in the Events page's drawer, with the event as stored.
  await matched.getByRole("button", { name: "ListFoundationModels", exact: true }).click();
  const drawer = page.getByRole("dialog", { name: "ListFoundationModels" });
  await expect(drawer.getByRole("heading", { name: "Raw event" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(drawer).toHaveCount(0);
});

test("a signal absorbed by a merge leads to the one that absorbed it, whose history says so", async ({
  page,
  request,
}) => {
  const prefix = uniquePrefix();
  const arn = arnOf(prefix, "gappy");
  const start = new Date("2026-02-05T06:00:00Z");
  // Two sessions, 100 minutes apart (the keep-alive is an hour): two signals.
  await plantEvents(request, `merge-a-${prefix}.json`, [
    denialBy(prefix, 0, { time: start, arn }),
    denialBy(prefix, 1, { time: minutes(start, 10), arn }),
    denialBy(prefix, 2, { time: minutes(start, 110), arn }),
  ]);
  const before = await signalsOf(request, arn, 2);
  // A later upload fills the gap: one signal.
  await plantEvents(request, `merge-b-${prefix}.json`, [denialBy(prefix, 3, { time: minutes(start, 60), arn })]);
  const [survivor] = await signalsOf(request, arn, 1);
  const absorbed = before.find((signal) => signal.id !== survivor?.id);
  expect(absorbed).toBeDefined();

  await page.goto(`/signals/${absorbed?.id}`);
  await expect(page).toHaveURL(new RegExp(`/signals/${survivor?.id}$`));
  await expect(page.getByRole("region", { name: "History" })).toContainText(
    `Merged signal ${absorbed?.id.slice(0, 8)} into this one`,
  );
  const followUp = page.getByRole("region", { name: "Follow-up activity" });
  await expect(followUp).toContainText("No successful call followed");
});

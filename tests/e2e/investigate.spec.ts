import { type APIRequestContext, expect, type Page, test } from "@playwright/test";
import { ACCOUNT, minutes } from "../support/detection-events";
import { uniquePrefix } from "../support/fixtures";
import { denialBy, plantEvents } from "./plant";
import { createActiveUser, signIn } from "./support";

// The investigation views in Chromium: from a signal to its principal, zoom the activity chart, follow an
// IP, open its events and an event's JSON, then back; the graph opens a node's view; the search box finds
// by keyboard. The same views as a viewer.

interface Planted {
  arn: string;
  ips: string[];
  key: string;
  signalId: string;
}

/** An attacker's denied discovery, then successful calls from two IPs over two days, under this test's own names. */
async function plant(request: APIRequestContext, label: string): Promise<Planted> {
  const prefix = uniquePrefix();
  const arn = `arn:aws:iam::${ACCOUNT}:user/e2e-investigate/${label}-${prefix}`;
  const key = `AKIA${prefix.toUpperCase()}00000000`;
  const ips = [`198.51.100.${(Number.parseInt(prefix.slice(0, 2), 16) % 200) + 20}`, "2001:db8::77"];
  const start = new Date("2026-04-10T08:00:00Z");
  const events = [
    denialBy(prefix, 0, { time: start, arn, ip: ips[0] }),
    denialBy(prefix, 1, { time: minutes(start, 5), arn, ip: ips[0], eventName: "GetFoundationModel" }),
    ...Array.from({ length: 20 }, (_, i) =>
      denialBy(prefix, 2 + i, {
        time: minutes(start, 60 + i * 120),
        arn,
        ip: ips[i % 2],
        eventName: i % 3 === 0 ? "ListBuckets" : "GetObject",
        eventSource: "s3.amazonaws.com",
        errorCode: i % 4 === 0 ? "AccessDenied" : null,
      }),
    ),
  ];
  await plantEvents(request, `investigate-${prefix}.json`, events);
  const signals = await (await request.get(`/api/v1/signals?principal=${encodeURIComponent(arn)}`)).json();
  expect(signals.total).toBe(1);
  return { arn, ips: ips as string[], key, signalId: signals.data[0].id };
}

async function dragAcrossChart(page: Page) {
  const chart = page.getByTestId("activity-chart").locator(".recharts-wrapper");
  const box = await chart.boundingBox();
  if (!box) throw new Error("no chart");
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.15, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.4, y, { steps: 8 });
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 8 });
  await page.mouse.up();
}

test("from a signal to its principal, zoom, follow an IP to its events and JSON, and back", async ({
  page,
  request,
}) => {
  const planted = await plant(request, "flow");
  await page.goto(`/signals/${planted.signalId}`);
  await page.getByRole("link", { name: planted.arn }).first().click();

  await expect(page).toHaveURL(/\/investigate\/principals\//);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`e2e-investigate/flow-`);
  // The numbers the planted events make: 22 calls, 2 discovery denials and 5 S3 denials.
  const totals = page.getByLabel("Totals");
  await expect(totals).toContainText(/Calls\s*22(?!\d)/);
  await expect(totals).toContainText(/Denied\s*7(?!\d)/);
  await expect(page.getByRole("region", { name: "Signals" })).toContainText("1 in all");
  await expect(page.getByRole("region", { name: "Success after denial" })).toContainText(
    "followed by successful calls",
  );

  await dragAcrossChart(page);
  await expect(page).toHaveURL(/[?&]from=.*&to=/);
  await expect(page.getByRole("button", { name: "Whole history" }).first()).toHaveAttribute("aria-pressed", "false");
  const zoomed = page.url();

  const ips = page.getByRole("region", { name: "Source IPs" });
  await ips.getByRole("link", { name: planted.ips[1] as string }).click();
  await expect(page).toHaveURL(/\/investigate\/ips\/2001%3Adb8%3A%3A77\?from=/);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("2001:db8::77");
  await expect(page.getByRole("region", { name: "What this address is" })).toContainText("Documentation");

  const events = page.getByRole("region", { name: "Events" });
  // The time cell: the others hold values that filter the table when clicked.
  await events.getByRole("table", { name: "Events" }).locator("tbody tr").first().locator("td").first().click();
  const drawer = page.getByRole("dialog");
  await expect(drawer).toContainText('"sourceIPAddress"');
  await drawer.getByRole("button", { name: "Close event details" }).click();

  await page.goBack();
  await expect(page).toHaveURL(zoomed);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`e2e-investigate/flow-`);
});

test("the relationship graph opens a neighbour's view, and every count has its table", async ({ page, request }) => {
  const planted = await plant(request, "graph");
  await page.goto(`/investigate/principals/${encodeURIComponent(planted.arn)}`);
  const graph = page.getByTestId("relationship-graph");
  const nodes = graph.locator(".react-flow__node");
  await expect(nodes.getByRole("link")).toHaveCount(3); // one key, two IPs; services filter instead
  await nodes.getByRole("link", { name: new RegExp(planted.key) }).click();
  await expect(page).toHaveURL(new RegExp(`/investigate/keys/${planted.key}$`));
  await expect(page.getByRole("region", { name: "Remediation" })).toContainText(
    `aws iam update-access-key --access-key-id ${planted.key} --status Inactive`,
  );
  // A service node filters the key's events table to that service.
  await page.getByTestId("relationship-graph").getByRole("button", { name: /s3/ }).click();
  await expect(page).toHaveURL(/events\.eventSource=s3\.amazonaws\.com/);
  await expect(page.getByRole("region", { name: "Events" }).locator("tbody tr")).toHaveCount(20);
});

test("the search box works from the keyboard: one match opens its view, several are listed", async ({
  page,
  request,
}) => {
  const planted = await plant(request, "search");
  await page.goto("/investigate");
  await page.keyboard.press("Tab");
  const box = page.getByRole("textbox", { name: /ARN, IP, access key/ });
  await box.focus();
  await box.pressSequentially(planted.key);
  await expect(page.getByText("Looks like an access key id.")).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/investigate/keys/${planted.key}$`));

  // One user name in two accounts: both are listed, each opens its own view.
  const name = `twin-${uniquePrefix()}`;
  const twins = ["111122223333", "444455556666"].map((account) => `arn:aws:iam::${account}:user/${name}`);
  await plantEvents(
    request,
    `${name}.json`,
    twins.map((arn, i) =>
      denialBy(name, i, { time: new Date("2026-04-12T00:00:00Z"), arn, user: name, errorCode: null }),
    ),
  );
  await page.goto("/investigate");
  await page.getByRole("textbox", { name: /ARN, IP, access key/ }).fill(name.toUpperCase());
  await page.keyboard.press("Enter");
  const matches = page.getByRole("list", { name: "Matches" });
  await expect(matches.getByRole("link")).toHaveCount(2);
  await expect(matches).toContainText(twins[0] as string);
  await expect(matches).toContainText(twins[1] as string);
  await matches.getByRole("link").nth(1).click();
  await expect(page).toHaveURL(/\/investigate\/principals\/arn%3Aaws%3Aiam%3A%3A/);

  await page.goto("/investigate");
  await page.getByRole("textbox", { name: /ARN, IP, access key/ }).fill("no-such-user-anywhere");
  await page.keyboard.press("Enter");
  await expect(page.getByText("No stored principal or key of a user with this name.")).toBeVisible();

  // Keyboard through the graph: its nodes are links in the tab order.
  await page.goto(`/investigate/principals/${encodeURIComponent(planted.arn)}`);
  const ipLink = page
    .getByTestId("relationship-graph")
    .getByRole("link", { name: new RegExp(planted.ips[0] as string) });
  await ipLink.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/investigate\/ips\//);
});

test("a viewer investigates the same way", async ({ browser, request }) => {
  const planted = await plant(request, "viewer");
  const viewer = await createActiveUser("viewer", "investigator");
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  await signIn(context.request, viewer.email, viewer.password);
  const page = await context.newPage();
  await page.goto(`/investigate/principals/${encodeURIComponent(planted.arn)}`);
  await expect(page.getByRole("region", { name: "Signals" })).toContainText("1 in all");
  await page.getByRole("region", { name: "Access keys" }).getByRole("link", { name: planted.key }).first().click();
  await expect(page.getByRole("region", { name: "Remediation" })).toBeVisible();
  await page.goto(`/investigate/ips/${encodeURIComponent("203.0.113.250")}`);
  await expect(page.getByRole("heading", { name: "Nothing stored for this source address" })).toBeVisible();
  await context.close();
  await viewer.api.dispose();
});

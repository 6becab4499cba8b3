import { describe, expect, it } from "vitest";
import { eventArrayKey, lakeRow, unwrap } from "@/lib/cloudtrail/envelope";

// The CloudTrail envelopes by themselves (the readers' tests cover them through whole files).

describe("CloudTrail envelopes", () => {
  it("a Lake row's dotted columns nest, and JSON cells are parsed", () => {
    expect(
      lakeRow([{ eventName: "ListModels" }, { "userIdentity.arn": "arn:x" }, { requestParameters: '{"a":1}' }]),
    ).toEqual({ eventName: "ListModels", userIdentity: { arn: "arn:x" }, requestParameters: { a: 1 } });
  });

  it("a Lake column naming __proto__ or constructor is dropped and never reaches Object.prototype", () => {
    const event = lakeRow([
      { "__proto__.polluted": "yes" },
      { "constructor.prototype.polluted": "yes" },
      { eventName: "ListModels" },
    ]) as Record<string, unknown>;
    expect(event).toEqual({ eventName: "ListModels" });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("unwraps EventBridge, lookup-events and CloudWatch envelopes; leaves an event as it is", () => {
    expect(unwrap({ "detail-type": "AWS API Call via CloudTrail", detail: { eventName: "A" } })).toEqual({
      value: { eventName: "A" },
      text: null,
    });
    expect(unwrap({ CloudTrailEvent: '{"eventName":"B"}' })).toEqual({
      value: { eventName: "B" },
      text: '{"eventName":"B"}',
    });
    expect(unwrap({ message: "not json" })).toEqual({ error: "its message is not JSON" });
    expect(unwrap({ eventID: "x", message: "kept" })).toEqual({ value: { eventID: "x", message: "kept" }, text: null });
  });

  it("names the array each format keeps its events in", () => {
    expect(eventArrayKey("s3-records")).toBe("Records");
    expect(eventArrayKey("lake-results")).toBe("QueryResultRows");
    expect(eventArrayKey("json-array")).toBeNull();
  });
});

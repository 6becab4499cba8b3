import { describe, expect, it } from "vitest";
import { recordOwnVersion, versionToSend } from "@/components/signals/own-versions";

describe("versionToSend", () => {
  it("sends the version seen when this tab has written nothing since", () => {
    expect(versionToSend("a", 3)).toBe(3);
    recordOwnVersion("a", 2);
    expect(versionToSend("a", 3)).toBe(3);
  });

  it("follows this tab's own chain of writes from the version seen", () => {
    recordOwnVersion("b", 2);
    recordOwnVersion("b", 3);
    expect(versionToSend("b", 1)).toBe(3);
    expect(versionToSend("b", 2)).toBe(3);
  });

  it("keeps the version seen when someone else wrote in between, so the server refuses the change", () => {
    recordOwnVersion("c", 2);
    recordOwnVersion("c", 4); // version 3 was someone else's
    expect(versionToSend("c", 1)).toBe(1);
    expect(versionToSend("c", 3)).toBe(4);
  });
});

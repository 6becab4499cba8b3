import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

describe("environment", () => {
  it("has working defaults: embedded database in ./.data, port 3000 on loopback", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
    expect(env.HOST).toBe("127.0.0.1");
    expect(env.dataDir).toBe(path.resolve(".data"));
  });

  it("treats an empty variable as unset", () => {
    const env = parseEnv({ DATABASE_URL: "", PORT: "" });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PORT).toBe(3000);
  });

  it("accepts postgres URLs and resolves DATA_DIR to an absolute path", () => {
    const env = parseEnv({
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/postgres",
      DATA_DIR: "rel/dir",
      PORT: "8080",
    });
    expect(env.DATABASE_URL).toBe("postgresql://postgres@127.0.0.1:5432/postgres");
    expect(env.dataDir).toBe(path.resolve("rel/dir"));
    expect(env.PORT).toBe(8080);
  });

  it("names each bad variable in one message", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x", PORT: "http", LOG_LEVEL: "loud" })).toThrow(
      /DATABASE_URL: must be a postgres.*PORT: .*LOG_LEVEL: /,
    );
  });

  it("reads TRUSTED_PROXIES as a hop count or ranges, and names a bad one", () => {
    expect(parseEnv({ TRUSTED_PROXIES: "1" }).TRUSTED_PROXIES).toBe("1");
    expect(parseEnv({ TRUSTED_PROXIES: "10.0.0.0/8, loopback" }).TRUSTED_PROXIES).toBe("10.0.0.0/8, loopback");
    expect(() => parseEnv({ TRUSTED_PROXIES: "10.0.0.0/40" })).toThrow(/TRUSTED_PROXIES: "10.0.0.0\/40" is not/);
  });
});

// Settings read from the environment: proxy hops and session limits, with a message for a value that makes no sense.
import { describe, expect, it } from "vitest";
import { pageToOpen, serverConfigFromEnv } from "./bootstrap";

describe("serverConfigFromEnv", () => {
  it("defaults to no trusted proxy, 30 minutes idle and 12 hours at most per session", () => {
    expect(serverConfigFromEnv({})).toMatchObject({
      trustProxy: 0,
      sessionIdleSeconds: 30 * 60,
      sessionAbsoluteSeconds: 12 * 3600,
    });
  });
  it("reads TRUST_PROXY as a number of hops and SESSION_IDLE_MINUTES / SESSION_MAX_HOURS", () => {
    expect(
      serverConfigFromEnv({ TRUST_PROXY: "2", SESSION_IDLE_MINUTES: "15", SESSION_MAX_HOURS: "8" }),
    ).toMatchObject({ trustProxy: 2, sessionIdleSeconds: 900, sessionAbsoluteSeconds: 8 * 3600 });
    expect(serverConfigFromEnv({ TRUST_PROXY: "true" }).trustProxy).toBe(1);
  });
  it("refuses values that are not positive numbers, naming the variable", () => {
    expect(() => serverConfigFromEnv({ SESSION_IDLE_MINUTES: "0" })).toThrow(/SESSION_IDLE_MINUTES/);
    expect(() => serverConfigFromEnv({ SESSION_MAX_HOURS: "twelve" })).toThrow(/SESSION_MAX_HOURS/);
    expect(() => serverConfigFromEnv({ TRUST_PROXY: "yes" })).toThrow(/TRUST_PROXY/);
  });
});

describe("pageToOpen", () => {
  it("sends a newcomer to the setup page while there is no administrator", () => {
    expect(pageToOpen("http://127.0.0.1:3000", true)).toEqual({
      url: "http://127.0.0.1:3000/setup",
      text: "Open http://127.0.0.1:3000/setup in a browser to create the first administrator.",
    });
  });
  it("sends everyone else to the sign-in, under the public URL's path", () => {
    expect(pageToOpen("https://register.example.rw/ubufatanye/", false)).toEqual({
      url: "https://register.example.rw/ubufatanye/",
      text: "Open https://register.example.rw/ubufatanye/ in a browser to sign in.",
    });
  });
});

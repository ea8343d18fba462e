// Which address counts for rate limits behind N trusted proxies: never one the client wrote itself.
import { describe, expect, it } from "vitest";
import { clientAddressOf, trustedProxyHopsFromEnv } from "./client-address";

describe("clientAddressOf", () => {
  it("takes the socket address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddressOf("203.0.113.9", "10.0.0.2", 0)).toBe("10.0.0.2");
  });
  it("takes the right-most entry behind one proxy, so spoofed left entries never count", () => {
    expect(clientAddressOf("203.0.113.9", "10.0.0.2", 1)).toBe("203.0.113.9");
    expect(clientAddressOf("1.1.1.1, 2.2.2.2, 203.0.113.9", "10.0.0.2", 1)).toBe("203.0.113.9");
  });
  it("takes the N-th entry from the right behind N proxies", () => {
    expect(clientAddressOf("1.1.1.1, 203.0.113.9, 10.0.0.7", "10.0.0.2", 2)).toBe("203.0.113.9");
  });
  it("falls back to the socket when the header is shorter than the proxy chain or not an address", () => {
    expect(clientAddressOf("203.0.113.9", "10.0.0.2", 2)).toBe("10.0.0.2");
    expect(clientAddressOf("1.1.1.1, not-an-ip", "10.0.0.2", 1)).toBe("10.0.0.2");
    expect(clientAddressOf(undefined, "10.0.0.2", 1)).toBe("10.0.0.2");
  });
  it("drops a port some proxies append", () => {
    expect(clientAddressOf("203.0.113.9:5123", undefined, 1)).toBe("203.0.113.9");
    expect(clientAddressOf("[2001:db8::1]:443", undefined, 1)).toBe("2001:db8::1");
    expect(clientAddressOf("2001:db8::1", undefined, 1)).toBe("2001:db8::1");
  });
});

describe("trustedProxyHopsFromEnv", () => {
  it("reads a count, keeps true as one proxy, and refuses anything else", () => {
    expect([undefined, "", "0", "false", "1", "true", "2"].map(trustedProxyHopsFromEnv)).toEqual([
      0, 0, 0, 0, 1, 1, 2,
    ]);
    expect(() => trustedProxyHopsFromEnv("yes")).toThrow(/TRUST_PROXY/);
  });
});

// The client address of a request, from the socket or from a trusted proxy's X-Forwarded-For (rate limits need it).
import { isIP } from "node:net";

/**
 * The address `hops` proxies away: each proxy appends the address it received the request from to
 * X-Forwarded-For, so with N proxies of ours in front, the N-th entry from the right is the address our outermost
 * proxy saw, and everything left of it is whatever the client chose to send. 0 hops: the socket's address.
 * A header shorter than N entries, or an entry that is not an IP address, does not count: the socket's address is
 * used (one bucket for such requests rather than one of the client's choosing).
 */
export function clientAddressOf(
  forwardedFor: string | undefined,
  socketAddress: string | undefined,
  hops: number,
): string | undefined {
  if (hops <= 0 || !forwardedFor) return socketAddress;
  const entries = forwardedFor
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  const entry = entries[entries.length - hops];
  if (entry === undefined) return socketAddress;
  // "[2001:db8::1]:443" and "192.0.2.1:443" as some proxies write them: the address without the port.
  const address = entry
    .replace(/^\[([^\]]+)\](?::\d+)?$/, "$1")
    .replace(/^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/, "$1");
  return isIP(address) ? address : socketAddress;
}

/**
 * TRUST_PROXY: how many proxies of ours stand in front of the app. Unset, "0" or "false": none. "true" stays
 * accepted as one proxy (the usual single load balancer) — it used to mean "trust the left-most entry", which any
 * client could forge.
 */
export function trustedProxyHopsFromEnv(value: string | undefined): number {
  const v = value?.trim().toLowerCase();
  if (!v || v === "0" || v === "false") return 0;
  if (v === "true") return 1;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  throw new Error(`TRUST_PROXY must be the number of proxies in front of the app (e.g. 1), not "${value}".`);
}

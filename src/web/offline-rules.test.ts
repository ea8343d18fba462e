import { describe, expect, it } from "vitest";
import { networkFirst, ruleFor } from "./offline-rules";

const origin = "https://ubufatanye.example";
const get = (path: string, mode = "cors") =>
  ruleFor({ method: "GET", mode, url: `${origin}${path}` }, origin);
const id = "0b9c3f1e-8f5d-4c3a-9a55-2f4f9f3f0a01";

describe("what the service worker keeps", () => {
  it("pages and hashed assets are the shell; the report form's answers are kept", () => {
    expect(get(`/reports/${id}`, "navigate")).toBe("page");
    expect(get("/assets/index-D3KGwIW0.js")).toBe("asset");
    expect(get("/favicon.svg")).toBe("asset");
    for (const path of [
      "/api/session",
      `/api/submissions/${id}`,
      "/api/reporting-bodies",
      "/api/themes",
      "/api/places?kind=district&limit=100",
      `/api/places?kind=sector&parentId=${id}&limit=200`,
    ]) {
      expect(get(path), path).toBe("api");
    }
  });

  it("never answers the public portal's pages with the app's shell", () => {
    for (const path of ["/public", "/public/3w", "/public/agreements?lang=rw"])
      expect(get(path, "navigate"), path).toBe("network");
    expect(get("/publications", "navigate")).toBe("page");
  });

  it("keeps nothing else: other answers, confidential records, downloads, writes and other origins", () => {
    for (const path of [
      "/api/submissions",
      `/api/submissions/${id}/export?format=docx`,
      `/api/incidents/${id}`,
      "/api/incidents",
      "/api/organisations",
      "/api/places?q=Musanze",
      "/api/places?kind=sector",
      "/api/audit",
      // The browser asks /api/session; these two are for other clients.
      "/api/me",
      "/api/setup",
      "/sw.js",
    ]) {
      expect(get(path), path).toBe("network");
    }
    // A download opened as a page is not a page of the app.
    expect(get(`/api/submissions/${id}/export?format=pdf`, "navigate")).toBe("network");
    expect(ruleFor({ method: "PATCH", mode: "cors", url: `${origin}/api/submissions/${id}` }, origin)).toBe(
      "network",
    );
    expect(ruleFor({ method: "GET", mode: "cors", url: "https://elsewhere.example/api/me" }, origin)).toBe(
      "network",
    );
  });
});

describe("confidential cases", () => {
  it("never keeps an incident, a person in one or a referral, whatever their path or query", () => {
    for (const path of [
      "/api/incidents",
      "/api/incidents?kind=trafficking&limit=25",
      `/api/incidents/${id}`,
      `/api/incidents/${id}/access-log`,
      `/api/incidents/${id}/attachments/${id}`,
      `/api/incidents/${id}/referrals`,
      "/api/incidents/statistics?districtId=x",
      "/api/incident-persons/P-7K3Q9M/subject-access",
      "/api/referrals?direction=received",
      `/api/referrals/${id}`,
      "/API/Incidents/x",
    ]) {
      expect(get(path), path).toBe("network");
      // Opened as a page (a download, a typed address), it is not the app's shell either.
      expect(get(path, "navigate"), path).toBe("network");
    }
    // The pages themselves are the shell (no data in it): they load their records from the network.
    expect(get(`/incidents/${id}`, "navigate")).toBe("page");
    expect(get(`/referrals/${id}`, "navigate")).toBe("page");
  });
});

describe("network first", () => {
  const kept = new Response("kept");
  const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(resolve, ms, value));

  it("answers with the network when it answers in time, else the kept answer, else waits or fails", async () => {
    const fresh = new Response("fresh");
    expect(await networkFirst(Promise.resolve(fresh), async () => kept, 50)).toBe(fresh);
    // Offline: the kept answer; nothing kept: the failure.
    expect(await networkFirst(Promise.reject(new TypeError("offline")), async () => kept, 50)).toBe(kept);
    await expect(
      networkFirst(Promise.reject(new TypeError("offline")), async () => undefined, 50),
    ).rejects.toThrow("offline");
    // A silent link: the kept answer after the wait; with nothing kept, the late answer.
    expect(await networkFirst(later(200, fresh), async () => kept, 20)).toBe(kept);
    expect(await networkFirst(later(60, fresh), async () => undefined, 20)).toBe(fresh);
  });
});

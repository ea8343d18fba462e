import { describe, expect, it } from "vitest";
import { ruleFor } from "./offline-rules";

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
      "/api/setup",
      "/api/me",
      `/api/submissions/${id}`,
      "/api/reporting-bodies",
      "/api/themes",
      "/api/places?kind=district&limit=100",
      `/api/places?kind=sector&parentId=${id}&limit=200`,
    ]) {
      expect(get(path), path).toBe("api");
    }
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

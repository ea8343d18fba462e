// The Word, Excel and PDF writers run in a worker: a report past the worker's memory or time is refused by name
// (422 at the request's `format`), and the server that asked goes on (a whole register as Word once took it down).
import { describe, expect, it } from "vitest";
import { AppError } from "../../shared/app-errors";
import { paragraph, type ReportDocument, writeReportDocx, writeReportPdf, writeReportXlsx } from ".";

function report(rows: number): ReportDocument {
  return {
    title: "Status report",
    subtitle: ["As of 7 December 2026"],
    language: "en",
    sections: [
      {
        title: "1. MoUs with local partners",
        sheetName: "1. Local partners",
        columns: [
          { header: "S/N", width: 1 },
          { header: "Partner", width: 4 },
          { header: "Achievements", width: 6 },
        ],
        rows: Array.from({ length: rows }, (_, i) => [
          [paragraph(String(i + 1))],
          [paragraph(`Partner organisation ${i + 1}`, true)],
          [
            {
              kind: "bullets" as const,
              items: Array.from({ length: 4 }, (_, k) => [
                { text: `Trained ${i + k} paralegals in legal aid for detainees in Musanze and Huye` },
              ]),
            },
          ],
        ]),
        emptyText: "None.",
      },
    ],
  };
}

async function refusal(write: Promise<Uint8Array>): Promise<AppError> {
  const error = await write.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("report writers in a worker", () => {
  it("write a small report in each format", async () => {
    const small = report(3);
    const [docx, xlsx, pdf] = await Promise.all([
      writeReportDocx(small),
      writeReportXlsx(small),
      writeReportPdf(small),
    ]);
    expect(Buffer.from(docx.subarray(0, 2)).toString()).toBe("PK");
    expect(Buffer.from(xlsx.subarray(0, 2)).toString()).toBe("PK");
    expect(Buffer.from(pdf.subarray(0, 5)).toString()).toBe("%PDF-");
  });

  it("refuse a report past the worker's memory, naming the format and the limit, and go on", async () => {
    const error = await refusal(writeReportDocx(report(3_000), { timeoutMs: 60_000, heapMb: 24 }));
    expect(error.kind).toBe("validation");
    expect(error.errors).toEqual([
      expect.objectContaining({
        path: "format",
        code: "export_memory_limit",
        params: { format: "Word", limit: 24 },
        in: "query",
      }),
    ]);
    expect(error.message).toContain("more than 24 MB of memory to write as Word");
    // The same writer, within its usual limits, still works: the refusal cost a worker, not the process.
    expect((await writeReportDocx(report(2))).byteLength).toBeGreaterThan(1_000);
  });

  it("refuse a report that takes longer than the worker's time", async () => {
    const error = await refusal(writeReportPdf(report(2_000), { timeoutMs: 20, heapMb: 256 }));
    expect(error.errors).toEqual([
      expect.objectContaining({
        path: "format",
        code: "export_time_limit",
        params: { format: "PDF", limit: 1 },
      }),
    ]);
  });
});

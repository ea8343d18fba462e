// The zip check behind docx and xlsx: too many entries or too many declared bytes are refused from the central
// directory; an entry that inflates past the size it declares is caught while streaming, before any parser sees it.
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { hostileZip } from "../../../tests/hostile-files";
import { AppError } from "../../shared/app-errors";
import { withLimits } from "./file-limits";
import { assertZipWithinLimits, UnreadableZipError } from "./zip-limits";

const target = { file: "bomb.docx", field: "file" };

describe("assertZipWithinLimits", () => {
  it("passes an ordinary zip, with its real inflated size", async () => {
    const zip = new JSZip();
    zip.file("word/document.xml", "<w:document/>".repeat(100));
    const bytes = await zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
    expect(await assertZipWithinLimits(bytes, target)).toEqual({ entries: 2, uncompressedBytes: 1_300 }); // the folder "word/" and its file;
  });

  it("refuses more entries than the limit, naming it", async () => {
    const bytes = await hostileZip({ entries: 12 });
    const error = await assertZipWithinLimits(bytes, target, withLimits({ zipEntries: 10 })).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).errors[0]).toMatchObject({
      path: "file",
      code: "file_too_many_entries",
      params: { file: "bomb.docx", limit: 10 },
    });
  });

  it("refuses a bomb on its declared size, before inflating it", async () => {
    const bytes = await hostileZip({ inflatedMb: 80 });
    expect(bytes.byteLength).toBeLessThan(400_000);
    const started = performance.now();
    const error = await assertZipWithinLimits(bytes, target).catch((e) => e);
    // Inflating 80 MB takes far longer than reading a directory.
    expect(performance.now() - started).toBeLessThan(150);
    expect((error as AppError).errors[0]).toMatchObject({
      code: "file_uncompressed_too_large",
      params: { limit: 64 },
    });
  });

  it("catches an entry inflating past the size its directory declares (a lie)", async () => {
    const bytes = await hostileZip({ inflatedMb: 80, declaredBytes: 1_000 });
    const error = await assertZipWithinLimits(bytes, target).catch((e) => e);
    expect(error).toBeInstanceOf(UnreadableZipError);
    expect((error as Error).message).toMatch(/too many bytes/);
  });

  it("refuses a total past the limit when each entry's declared size is small", async () => {
    const bytes = await hostileZip({ inflatedMb: 80, declaredBytes: 1_000 });
    const error = await assertZipWithinLimits(bytes, target, withLimits({ uncompressedBytes: 500 })).catch(
      (e) => e,
    );
    expect((error as AppError).errors[0]?.code).toBe("file_uncompressed_too_large");
  });

  it("says a file that is no zip is unreadable", async () => {
    const error = await assertZipWithinLimits(new TextEncoder().encode("PK not a zip"), target).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(UnreadableZipError);
  });
});

// Issue 20, "the embedded database never stalls": the app's compiled server on the embedded database (10,000
// agreements, 2,000 organisations), asked for a page of the agreement list every LIST_EVERY_MS by two readers while
// (1) nothing else runs, (2) the whole status report is exported (XLSX, then Word, then CSV), one after the other,
// (3) a 2,000-row status report is imported. Prints, per phase, how long the export or import took, how long the
// readers' pages waited (p50, p99, the longest, how many over 1 s) and the server's peak resident memory during the
// phase, then PASS or the gap against the issue's targets: no page waits > 1 s, p99 < 500 ms under an export,
// 2,000 rows imported < 3 s, any export of 10,000 agreements ≤ 400 MB. A report: it always exits 0.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { percentile } from "../bench-kit";
import { generatedWorkbook } from "../status-report-workbook";
import { AGREEMENTS, get, note, type Server, seedDataFolder, startApp } from "./servers";

const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 2_000);
const LIST_EVERY_MS = 50;
const READERS = 2;
const TARGETS = { longestWaitMs: 1_000, p99UnderExportMs: 500, importMs: 3_000, exportPeakMb: 400 };

/** The server's resident memory now, in MB (from /proc). */
function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0; // the server is gone (its output says why)
  }
}

type Probe = { waits: number[]; errors: number; peakMb: number; firstError?: string };

/** Readers asking for list pages, and a memory sampler, until `stop` is called; what they saw. */
function probe(server: Server, paths: readonly string[]): { stop(): Promise<Probe> } {
  const agent = new Agent({ keepAlive: true, maxSockets: READERS });
  const result: Probe = { waits: [], errors: 0, peakMb: rssMb(server.pid) };
  let running = true;
  let next = 0;
  const sampler = setInterval(() => {
    result.peakMb = Math.max(result.peakMb, rssMb(server.pid));
  }, 20);
  const readers = Array.from({ length: READERS }, async () => {
    while (running) {
      const t0 = performance.now();
      const res = await get(agent, server, paths[next++ % paths.length] ?? "").catch((error: unknown) => ({
        status: 0,
        body: String(error),
      }));
      result.waits.push(performance.now() - t0);
      if (res.status !== 200) {
        result.errors++;
        result.firstError ??= `${res.status} ${res.body.slice(0, 300)}`;
      }
      await new Promise((r) => setTimeout(r, LIST_EVERY_MS));
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(readers);
      clearInterval(sampler);
      result.peakMb = Math.max(result.peakMb, rssMb(server.pid));
      agent.destroy();
      return result;
    },
  };
}

type Row = {
  label: string;
  ms: number;
  bytes: number;
  probe: Probe;
  exported: boolean;
  imported: boolean;
  /** What went wrong when the export or import did not finish. */
  failed?: string;
};

async function phase(
  server: Server,
  paths: readonly string[],
  label: string,
  work: () => Promise<number>,
  kind: { exported?: boolean; imported?: boolean } = {},
): Promise<Row> {
  note(label);
  const readers = probe(server, paths);
  await new Promise((r) => setTimeout(r, 300)); // the readers are in their stride before the work starts
  const t0 = performance.now();
  let bytes = 0;
  let failed: string | undefined;
  try {
    bytes = await work();
  } catch (error) {
    failed = error instanceof Error ? error.message : String(error);
  }
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 300));
  return {
    label,
    ms,
    bytes,
    ...(failed ? { failed } : {}),
    probe: await readers.stop(),
    exported: kind.exported ?? false,
    imported: kind.imported ?? false,
  };
}

async function download(server: Server, path: string): Promise<number> {
  const res = await fetch(`${server.url}${path}`, { headers: server.headers });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${(await res.text()).slice(0, 500)}`);
  return (await res.arrayBuffer()).byteLength;
}

async function importWorkbook(server: Server, bytes: Uint8Array): Promise<number> {
  const form = new FormData();
  form.set("file", new File([new Uint8Array(bytes)], "generated.xlsx"));
  form.set("options", JSON.stringify({ institution: "Rwanda Correctional Service" }));
  const res = await fetch(`${server.url}/api/imports/status-report`, {
    method: "POST",
    headers: { ...server.headers, origin: server.url },
    body: form,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`POST /api/imports/status-report: ${res.status} ${text.slice(0, 500)}`);
  return bytes.byteLength;
}

function print(rows: readonly Row[]): void {
  console.log("");
  console.log(
    `${"phase".padEnd(40)} ${"took".padStart(8)} ${"size".padStart(8)} ${"pages".padStart(6)} ${"p50".padStart(7)} ${"p99".padStart(7)} ${"longest".padStart(8)} ${"> 1 s".padStart(6)} ${"peak RSS".padStart(9)}`,
  );
  for (const r of rows) {
    const sorted = [...r.probe.waits].sort((a, b) => a - b);
    const over = sorted.filter((w) => w > 1_000).length;
    console.log(
      `${r.label.padEnd(40)} ${r.failed ? "FAILED".padStart(8) : `${(r.ms / 1000).toFixed(2)} s`.padStart(8)} ${`${(r.bytes / 1024 / 1024).toFixed(1)} MB`.padStart(8)} ${String(sorted.length).padStart(6)} ${percentile(sorted, 50).toFixed(0).padStart(5)}ms ${percentile(sorted, 99).toFixed(0).padStart(5)}ms ${(sorted.at(-1) ?? 0).toFixed(0).padStart(6)}ms ${String(over).padStart(6)} ${`${r.probe.peakMb.toFixed(0)} MB`.padStart(9)}${r.probe.errors ? `  ${r.probe.errors} errors, the first: ${r.probe.firstError}` : ""}`,
    );
  }
  console.log("");
  const verdict = (ok: boolean, gap: string) => (ok ? "PASS" : `gap ${gap}`);
  for (const r of rows) {
    const sorted = [...r.probe.waits].sort((a, b) => a - b);
    const longest = sorted.at(-1) ?? 0;
    const checks: string[] = [];
    if (r.exported || r.imported) {
      checks.push(
        `longest wait ${longest.toFixed(0)} ms (target ≤ ${TARGETS.longestWaitMs}): ${verdict(longest <= TARGETS.longestWaitMs, `${(longest - TARGETS.longestWaitMs).toFixed(0)} ms`)}`,
      );
    }
    if (r.exported) {
      const p99 = percentile(sorted, 99);
      checks.push(
        `p99 ${p99.toFixed(0)} ms (target < ${TARGETS.p99UnderExportMs}): ${verdict(p99 < TARGETS.p99UnderExportMs, `${(p99 - TARGETS.p99UnderExportMs).toFixed(0)} ms`)}`,
        `peak ${r.probe.peakMb.toFixed(0)} MB (target ≤ ${TARGETS.exportPeakMb}): ${verdict(r.probe.peakMb <= TARGETS.exportPeakMb, `${(r.probe.peakMb - TARGETS.exportPeakMb).toFixed(0)} MB`)}`,
      );
    }
    if (r.imported) {
      checks.push(
        `took ${(r.ms / 1000).toFixed(2)} s (target < ${TARGETS.importMs / 1000} s): ${verdict(r.ms < TARGETS.importMs, `${((r.ms - TARGETS.importMs) / 1000).toFixed(2)} s`)}`,
      );
    }
    if (r.failed) checks.unshift(`FAILED after ${(r.ms / 1000).toFixed(1)} s: ${r.failed}`);
    if (checks.length) console.log(`  ${r.label}: ${checks.join("; ")}`);
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "ubuf-stall-"));
  let app: Server | null = null;
  try {
    note("seeding a data folder");
    const seeded = await seedDataFolder(dataDir);
    const workbook = await generatedWorkbook(IMPORT_ROWS);
    if (process.env.BENCH_KEEP_WORKBOOK) writeFileSync(process.env.BENCH_KEEP_WORKBOOK, workbook);
    note("starting the app");
    app = await startApp({ UBUFATANYE_DATA_DIR: dataDir });
    const server = app;
    const paths = seeded.districts.map((d) => `/api/agreements?placeId=${d}&status=active&limit=50`);
    const rows: Row[] = [];
    rows.push(
      await phase(server, paths, "quiet (list pages only, 3 s)", async () => {
        await new Promise((r) => setTimeout(r, 3_000));
        return 0;
      }),
    );
    const exportPhase = (format: string) =>
      phase(
        server,
        paths,
        `status report export, ${format}`,
        () => download(server, `/api/reports/status-report?format=${format}&lang=en`),
        { exported: true },
      );
    const alive = () => rssMb(server.pid) > 0;
    for (const format of ["xlsx", "csv"]) if (alive()) rows.push(await exportPhase(format));
    if (alive())
      rows.push(
        await phase(
          server,
          paths,
          `status report import, ${IMPORT_ROWS} rows`,
          () => importWorkbook(server, workbook),
          {
            imported: true,
          },
        ),
      );
    // Last: the formats that have taken the whole server down.
    for (const format of ["pdf", "docx"]) if (alive()) rows.push(await exportPhase(format));
    if (!alive()) console.log(`The server stopped; its last output:\n${server.output().slice(-3_000)}`);
    console.log(
      `Embedded database under an export or an import (issue 20): ${AGREEMENTS.toLocaleString("en")} agreements, ${READERS} readers asking for a list page every ${LIST_EVERY_MS} ms`,
    );
    print(rows);
  } catch (error) {
    if (app) console.log(`The server's last output:\n${app.output().slice(-4_000)}`);
    throw error;
  } finally {
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  console.log(`\n*** the stall benchmark failed: ${error instanceof Error ? error.stack : String(error)}`);
}

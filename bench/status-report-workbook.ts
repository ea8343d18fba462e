// A generated status-report spreadsheet for the import benchmarks.
import ExcelJS from "exceljs";

const DISTRICTS = [
  "Musanze",
  "Huye",
  "Nyarugenge",
  "Rwamagana",
  "Gicumbi",
  "Nyagatare",
  "Rubavu",
  "Ngoma",
  "Muhanga",
];
const ACTIVITIES = [
  "Provision of legal aid services to detainees",
  "Vocational training (TVET) for inmates in tailoring and carpentry",
  "Psycho-social support and counselling",
  "Prevention of gender-based violence (SGBV) through staff training",
  "Health and mental services for elderly inmates",
  "Peace building and reconciliation dialogues",
];

/** A spreadsheet of `rows` partners, shaped like the status report (bullets, several places, contacts). */
export async function generatedWorkbook(rows: number): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("1. MoUs with Local Partners");
  sheet.addRow([
    "S/N",
    "Partner names",
    "Field activities",
    "Date of signature",
    "Area(s) for implementation",
    "Achievements",
    "Ongoing/planned activities",
  ]);
  for (let i = 1; i <= rows; i++) {
    const d = (k: number) => DISTRICTS[(i + k) % DISTRICTS.length];
    sheet.addRow([
      `${i}.`,
      `Partner Organisation ${i} (PO${i}) info${i}@partner${i}.rw 0788${String(100000 + i).padStart(6, "0")}`,
      `• ${ACTIVITIES[i % ACTIVITIES.length]}\n• ${ACTIVITIES[(i + 2) % ACTIVITIES.length]}`,
      `${1 + (i % 28)}/${1 + (i % 12)}/${2010 + (i % 14)}`,
      `${d(0)}, ${d(3)} and ${d(5)} facilities`,
      `• Trained ${i % 90} inmates\n• Equipped one workshop`,
      i % 3 === 0 ? "The next phase is planned for 2025." : "Activities are ongoing",
    ]);
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}

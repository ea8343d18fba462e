// Files for the library's tests, made when asked: a French PDF with a phrase to find, a Word file, a PDF locked with
// a password, a Word file behind a password, and a damaged PDF (pdfmake and docx, as the app's exports use them).
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Document, Packer, Paragraph } from "docx";
import pdfMake from "pdfmake";
import type { TDocumentDefinitions } from "pdfmake/interfaces";

const fontFolder = dirname(
  createRequire(import.meta.url).resolve("pdfmake/build/fonts/Roboto/Roboto-Regular.ttf"),
);
pdfMake.setFonts({
  Roboto: {
    normal: join(fontFolder, "Roboto-Regular.ttf"),
    bold: join(fontFolder, "Roboto-Medium.ttf"),
    italics: join(fontFolder, "Roboto-Italic.ttf"),
    bolditalics: join(fontFolder, "Roboto-MediumItalic.ttf"),
  },
});
pdfMake.setUrlAccessPolicy(() => false);
pdfMake.setLocalAccessPolicy((path) => path.startsWith(fontFolder));

/** A phrase only the French evaluation holds (page 2). */
export const FRENCH_PHRASE = "la guérison des traumatismes communautaires";

async function pdf(definition: TDocumentDefinitions): Promise<Uint8Array> {
  return new Uint8Array(await pdfMake.createPdf(definition).getBuffer());
}

const FRENCH_PAGES = [
  "Rapport d'évaluation du programme de paix et de réconciliation, district de Musanze, 2025.",
  `Les groupes de dialogue ont montré que ${FRENCH_PHRASE} demande un accompagnement de longue durée par des animateurs formés dans chaque cellule.`,
];

export function frenchEvaluationPdf(): Promise<Uint8Array> {
  return pdf({
    info: { title: "Évaluation" },
    content: FRENCH_PAGES.map((text, i) => ({ text, ...(i > 0 ? { pageBreak: "before" as const } : {}) })),
  });
}

/** The same text behind a password: stored, but its text is not read. */
export function encryptedPdf(): Promise<Uint8Array> {
  return pdf({
    userPassword: "secret",
    ownerPassword: "owner",
    content: FRENCH_PAGES.map((text) => ({ text })),
  });
}

/**
 * A Word file saved with a password (fixtures/evaluation-protected.docx: a one-paragraph French evaluation made with
 * docx and encrypted by officecrypto-tool 0.0.19, AES agile encryption as Word 2013+ writes it; the password is
 * "Ubufatanye-2026"). An OLE compound file, not a zip.
 */
export function passwordProtectedDocx(): Promise<Uint8Array> {
  return readFile(new URL("../fixtures/evaluation-protected.docx", import.meta.url)).then(
    (b) => new Uint8Array(b),
  );
}

/** A PDF's header and the start of its body, then nothing: damaged in transit. */
export async function corruptPdf(): Promise<Uint8Array> {
  const whole = await frenchEvaluationPdf();
  const broken = whole.slice(0, 400);
  return broken;
}

export async function kinyarwandaDocx(text: string): Promise<Uint8Array> {
  const document = new Document({ sections: [{ children: [new Paragraph(text)] }] });
  return new Uint8Array(await Packer.toBuffer(document));
}

// Pieces the library's pages share: a highlighted extract (text only, never HTML from a document) and the state of
// a file's text in words.
import { useTranslation } from "react-i18next";
import type { ExtractPart, TextNotExtractedReason, TextStatus } from "../../modules/library/library.schema";

export function Extract({ parts }: { parts: readonly ExtractPart[] }) {
  if (parts.length === 0) return null;
  return (
    <p className="library-extract">
      {parts.map((p, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one extract never move
        p.match ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>,
      )}
    </p>
  );
}

export function TextState({ status, reason }: { status: TextStatus; reason: TextNotExtractedReason | null }) {
  const { t } = useTranslation();
  if (status === "extracted") return null;
  if (status === "pending") return <p className="muted">{t("library.text.pending")}</p>;
  return (
    <p className="library-no-text">
      {t("library.text.notExtracted", { reason: t(`library.text.reason.${reason ?? "corrupt"}`) })}
    </p>
  );
}

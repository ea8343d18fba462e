// An indicator's reported results, each deletable unless it came from an event.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ProgrammeDetail, Result } from "../../modules/programmes/programmes.schema";
import { formatDate } from "../../shared/dates";
import { client, expectOk, ifMatch, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";
import { formatNumber } from "./ProgrammeBits";

/** An indicator's reported results; those not from an event can be deleted here (an event's go with the event). */
export function ResultList({
  programme,
  indicatorId,
  onChanged,
  onClose,
}: {
  programme: ProgrammeDetail;
  indicatorId: string;
  onChanged(): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const indicator = programme.indicators.find((i) => i.id === indicatorId);
  const results = useAsync(
    () =>
      unwrap(
        client.api.programmes[":id"].indicators[":indicatorId"].results.$get({
          param: { id: programme.id, indicatorId },
        }),
      ),
    [programme.id, indicatorId, programme.version],
  );
  const [error, setError] = useState<string | null>(null);
  const shownValue = (r: Result) =>
    r.valueKind === "exact" && r.value !== null
      ? formatNumber(r.value, locale)
      : r.valueKind === "lower_bound" && r.value !== null
        ? t("programmes.atLeast", { value: formatNumber(r.value, locale) })
        : r.valueKind === "qualitative"
          ? (r.text ?? "")
          : t("programmes.notReported");
  const period = (r: Result) => `${formatDate(r.periodStart, locale)} – ${formatDate(r.periodEnd, locale)}`;
  const remove = async (r: Result) => {
    setError(null);
    if (
      !window.confirm(
        t("programmes.editing.deleteResultConfirm", { value: shownValue(r), period: period(r) }),
      )
    )
      return;
    try {
      await expectOk(
        client.api.programmes[":id"].results[":resultId"].$delete({
          param: { id: programme.id, resultId: r.id },
          header: ifMatch(r.version),
        }),
      );
      onChanged();
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  if (!indicator) return null;
  return (
    <section
      className="form-inline-card"
      aria-label={t("programmes.editing.resultsOf", { name: indicator.title })}
    >
      <h3>{t("programmes.editing.resultsOf", { name: indicator.title })}</h3>
      {error ? (
        <p className="alert alert-error" role="alert">
          {error}
        </p>
      ) : null}
      {results.data && results.data.items.length === 0 ? (
        <p className="muted">{t("programmes.noResults")}</p>
      ) : null}
      <ul className="plain-list result-list">
        {results.data?.items.map((r) => (
          <li key={r.id} data-testid="result-entry">
            <span>{period(r)}</span>
            {r.place ? <span className="muted"> · {r.place.name}</span> : null}
            <strong> · {shownValue(r)}</strong>
            {r.eventId ? (
              <span className="tag tag-quiet">{t("programmes.editing.fromEvent")}</span>
            ) : r.submissionId ? (
              // Changed only through the report: a reviewer reopens it (decision 017).
              <a className="tag tag-quiet" href={`/reports/${r.submissionId}`}>
                {t("programmes.editing.fromReport")}
              </a>
            ) : programme.canEdit ? (
              <>
                {" "}
                <button type="button" className="link-button danger" onClick={() => void remove(r)}>
                  {t("common.delete")}
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      <button type="button" className="link-button" onClick={onClose}>
        {t("programmes.editing.close")}
      </button>
    </section>
  );
}

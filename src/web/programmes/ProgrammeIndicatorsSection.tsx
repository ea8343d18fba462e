// A programme's indicators: the table, the add and edit forms, an indicator's results, and reporting a result.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Indicator, ProgrammeDetail } from "../../modules/programmes/programmes.schema";
import { client, expectOk, ifMatch, unwrap } from "../api";
import { errorText } from "../ui/errors";
import { IndicatorForm } from "./IndicatorForm";
import { IndicatorTable } from "./IndicatorTable";
import { ResultForm } from "./ResultForm";
import { ResultList } from "./ResultList";

export function ProgrammeIndicatorsSection({
  programme: p,
  onChanged,
}: {
  programme: ProgrammeDetail;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [editingIndicator, setEditingIndicator] = useState<string | null>(null);
  const [openResults, setOpenResults] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  const deleteIndicator = async (indicator: Indicator) => {
    setFailure(null);
    try {
      const results = await unwrap(
        client.api.programmes[":id"].indicators[":indicatorId"].results.$get({
          param: { id: p.id, indicatorId: indicator.id },
        }),
      );
      const question = t("programmes.editing.deleteIndicatorConfirm", {
        title: indicator.title,
        count: results.items.length,
      });
      if (!window.confirm(question)) return;
      await expectOk(
        client.api.programmes[":id"].indicators[":indicatorId"].$delete({
          param: { id: p.id, indicatorId: indicator.id },
          header: ifMatch(indicator.version),
        }),
      );
      if (openResults === indicator.id) setOpenResults(null);
      onChanged();
    } catch (error) {
      setFailure(error);
    }
  };

  return (
    <section>
      <h2>{t("programmes.indicators")}</h2>
      {failure ? (
        <p className="alert alert-error" role="alert">
          {errorText(t, failure)}
        </p>
      ) : null}
      <IndicatorTable
        programme={p}
        openResults={openResults}
        onEdit={(i) => setEditingIndicator(i.id)}
        onToggleResults={(i) => setOpenResults(openResults === i.id ? null : i.id)}
        onDelete={(i) => void deleteIndicator(i)}
      />
      {openResults ? (
        <ResultList
          programme={p}
          indicatorId={openResults}
          onChanged={onChanged}
          onClose={() => setOpenResults(null)}
        />
      ) : null}
      {p.canEdit && editingIndicator ? (
        <IndicatorForm
          key={editingIndicator}
          programme={p}
          indicator={p.indicators.find((i) => i.id === editingIndicator)}
          onSaved={() => {
            setEditingIndicator(null);
            onChanged();
          }}
          onCancel={() => setEditingIndicator(null)}
        />
      ) : null}
      {p.canEdit && !editingIndicator ? (
        adding ? (
          <IndicatorForm
            programme={p}
            onSaved={() => {
              setAdding(false);
              onChanged();
            }}
            onCancel={() => setAdding(false)}
          />
        ) : (
          <button type="button" className="button" onClick={() => setAdding(true)}>
            {t("programmes.addIndicator")}
          </button>
        )
      ) : null}
      {p.canEdit && p.indicators.length > 0 ? <ResultForm programme={p} onSaved={onChanged} /> : null}
    </section>
  );
}

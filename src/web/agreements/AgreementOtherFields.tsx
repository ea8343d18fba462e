// The fields an import found no column for ("Focal person"), as the file gave them: header and text.
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import type { AgreementDetail } from "../../modules/agreements/agreements.schema";

export function AgreementOtherFields({ agreement: a }: { agreement: AgreementDetail }) {
  const { t } = useTranslation();
  if (a.otherFields.length === 0) return null;
  return (
    <section aria-labelledby="agreement-other-fields">
      <h2 id="agreement-other-fields">{t("agreements.otherFieldsTitle")}</h2>
      <dl className="facts agreement-other-fields">
        {a.otherFields.map((f) => (
          <Fragment key={f.id}>
            <dt>{f.label}</dt>
            {/* A cell's lines stay lines (.prose keeps them). */}
            <dd className="prose">{f.value}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}

// Whom each logframe activity's events reached, by category, under the double-counting rule.
import { useTranslation } from "react-i18next";
import type { ProgrammeDetail } from "../../modules/programmes/programmes.schema";
import { client, unwrap } from "../api";
import { useUiLocale } from "../ui/locale";
import { scrollRegion } from "../ui/scroll-region";
import { useAsync } from "../ui/useAsync";
import { formatNumber } from "./ProgrammeBits";
import { sayStoredText } from "./stored-texts";

export function PeopleReachedSection({ programme }: { programme: ProgrammeDetail }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const reachTable = useAsync(
    () => unwrap(client.api.programmes[":id"]["people-reached"].$get({ param: { id: programme.id } })),
    [programme.id, programme.version],
  );
  return (
    <section>
      <h2>{t("programmes.peopleReachedTable")}</h2>
      <p className="muted rule">{t("programmes.doubleCountingRule")}</p>
      <div className="table-scroll" {...scrollRegion(t("programmes.peopleReachedTable"))}>
        <table className="data-table" data-testid="people-reached-table">
          <thead>
            <tr>
              <th scope="col">{t("programmes.activity")}</th>
              <th scope="col">{t("programmes.peopleReached")}</th>
            </tr>
          </thead>
          <tbody>
            {reachTable.data?.items.map((r) => (
              <tr key={r.activityId}>
                <th scope="row">{r.activity}</th>
                <td>
                  {[
                    ...r.counts.map(
                      (c) => `${formatNumber(c.people, locale)} ${t(`programmes.categories.${c.category}`)}`,
                    ),
                    ...r.notes.map((n) => sayStoredText(n, t, locale)),
                  ].join(" / ") || "—"}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// The line under a map of real shapes saying whose boundaries they are: the built-in set's licence (CC BY 4.0) asks
// for the credit wherever it is shown; an administrator's file is named.
import { useTranslation } from "react-i18next";
import { BUILT_IN_BOUNDARIES } from "../../modules/places/boundary-credit";
import type { DistrictBoundaries } from "../../modules/places/place-boundaries.schema";

export function MapCredit({ boundaries }: { boundaries: DistrictBoundaries }) {
  const { t } = useTranslation();
  if (boundaries.source === "loaded") {
    return (
      <p className="map-credit">
        {t("coordination.districtMap.creditLoaded", { name: boundaries.sourceName ?? "" })}
      </p>
    );
  }
  // The licence's name is a link wherever the language puts it in the sentence.
  const MARK = "\u0001";
  const [before = "", after = ""] = t("coordination.districtMap.credit", { licence: MARK }).split(MARK);
  return (
    <p className="map-credit" title={boundaries.attribution ?? undefined}>
      {before}
      <a href={BUILT_IN_BOUNDARIES.licenceUrl} rel="license noopener" target="_blank">
        {BUILT_IN_BOUNDARIES.licence}
      </a>
      {after}
    </p>
  );
}

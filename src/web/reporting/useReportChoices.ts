// What the report's pickers offer: the districts of the bodies it is addressed to with their sectors, and themes.
import { client, unwrap } from "../api";
import { type UiLocale, useUiLocale } from "../ui/locale";
import { useAsync } from "../ui/useAsync";

export type PlaceChoice = { id: string; name: string; group: string };
export type ReportChoices = {
  places: PlaceChoice[];
  themes: { code: string; name: string }[];
  placeName(id: string): string;
  themeName(code: string | null | undefined): string;
};

async function loadChoices(bodyIds: readonly string[], locale: UiLocale) {
  const [bodies, districts, themes] = await Promise.all([
    unwrap(client.api["reporting-bodies"].$get({ query: {} })),
    unwrap(client.api.places.$get({ query: { kind: "district", limit: "100" } })),
    unwrap(client.api.themes.$get()),
  ]);
  const districtIds = [
    ...new Set(
      bodies.filter((b) => bodyIds.includes(b.id) && b.districtId).map((b) => b.districtId as string),
    ),
  ];
  const sectors = await Promise.all(
    districtIds.map((parentId) =>
      unwrap(client.api.places.$get({ query: { kind: "sector", parentId, limit: "200" } })),
    ),
  );
  const own = districts.items.filter((d) => districtIds.includes(d.id));
  const places: PlaceChoice[] = [
    ...own.flatMap((d) => [
      { id: d.id, name: d.names[locale] || d.name, group: d.names[locale] || d.name },
      ...(sectors[districtIds.indexOf(d.id)]?.items ?? []).map((s) => ({
        id: s.id,
        name: s.names[locale] || s.name,
        group: d.names[locale] || d.name,
      })),
    ]),
    ...districts.items
      .filter((d) => !districtIds.includes(d.id))
      .map((d) => ({ id: d.id, name: d.names[locale] || d.name, group: "" })),
  ];
  return {
    places,
    themes: themes.items.map((th) => ({ code: th.code, name: th.names[locale] || th.names.en })),
  };
}

export function useReportChoices(bodyIds: readonly string[]): ReportChoices {
  const locale = useUiLocale();
  const key = [...bodyIds].sort().join(",");
  const loaded = useAsync(() => loadChoices(bodyIds, locale), [key, locale]);
  const places = loaded.data?.places ?? [];
  const themes = loaded.data?.themes ?? [];
  return {
    places,
    themes,
    placeName: (id) => places.find((p) => p.id === id)?.name ?? "…",
    themeName: (code) => (code ? (themes.find((th) => th.code === code)?.name ?? code) : ""),
  };
}

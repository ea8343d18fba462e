// Timeliness lookups: districts with their provinces (for the totals by district and province).
import { aliasedTable, eq } from "drizzle-orm";
import type { Executor } from "../../db/client";
import { placeTable } from "../places/places.table";

const province = aliasedTable(placeTable, "province");

export type DistrictRow = {
  id: string;
  name: string;
  provinceId: string | null;
  provinceName: string | null;
};

export async function selectDistrictsWithProvinces(db: Executor): Promise<DistrictRow[]> {
  return db
    .select({
      id: placeTable.id,
      name: placeTable.name,
      provinceId: province.id,
      provinceName: province.name,
    })
    .from(placeTable)
    .leftJoin(province, eq(province.id, placeTable.parentId))
    .where(eq(placeTable.kind, "district"));
}

// Example data for referrals: the three service providers that IOM Rwanda's counter-trafficking programme trained
// (seed 001: Isange One Stop Centre, Strive Foundation Rwanda, Handicap International Rwanda), written through the
// organisations' and the directory's own use cases. Plain facts only: no capacity figures, no phone numbers, contact
// addresses at example.org.
import { inTransaction, isAllowed, type ServiceContext } from "../../kernel";
import { AppError } from "../../shared/app-errors";
import { createOrganisation, findOrganisationByName, type OrganisationKind } from "../organisations";
import { listPlaces } from "../places";
import type { Service } from "./incidents.schema";
import { createServiceProvider, listServiceProviders } from "./service-providers.service";

type DemoProvider = {
  name: string;
  kind: OrganisationKind;
  services: Service[];
  /** District names; none for a nationwide provider. */
  districts: string[];
  contactEmail: string;
};

const SOURCE =
  "Named as a victim-assistance service provider in IOM Rwanda's counter-trafficking programme (2011–2012).";

const PROVIDERS: DemoProvider[] = [
  {
    // The one-stop centres for survivors of gender-based violence and child abuse, in hospitals across the country.
    name: "Isange One Stop Centre",
    kind: "government",
    services: ["medical", "psychosocial", "legal_aid"],
    districts: [],
    contactEmail: "isange.referrals@example.org",
  },
  {
    name: "Strive Foundation Rwanda",
    kind: "local_cso",
    services: ["reintegration", "livelihood", "psychosocial"],
    districts: ["Nyarugenge", "Gasabo", "Kicukiro"],
    contactEmail: "strive.referrals@example.org",
  },
  {
    name: "Handicap International Rwanda",
    kind: "international_ngo",
    // Rehabilitation and psychosocial support for persons with disabilities.
    services: ["medical", "psychosocial"],
    districts: [],
    contactEmail: "hi.referrals@example.org",
  },
];

export type IncidentsDemoResult = { organisations: number; providers: number };

const mayLoad = (ctx: ServiceContext) =>
  isAllowed(ctx.actor, "service_provider", "create") && isAllowed(ctx.actor, "organisation", "create");

/** Offered while the directory is empty, to those who may add providers and register organisations. */
export async function isIncidentsDemoAvailable(ctx: ServiceContext): Promise<boolean> {
  if (!mayLoad(ctx)) return false;
  return (await listServiceProviders(ctx, {})).length === 0;
}

/** Loads the example providers; all or nothing. Organisations already registered under the same name are reused. */
export async function loadIncidentsDemo(ctx: ServiceContext): Promise<IncidentsDemoResult> {
  if (!mayLoad(ctx))
    throw new AppError(
      "forbidden",
      "Loading the example data needs a national coordinator or administrator role.",
    );
  return inTransaction(ctx, async (tx) => {
    if ((await listServiceProviders(tx, {})).length > 0)
      throw new AppError(
        "conflict",
        "The directory of service providers is not empty: the example data is for an empty directory.",
      );
    const districts = new Map(
      (await listPlaces(tx, { kind: "district", limit: 100 })).items.map((p) => [p.name, p.id]),
    );
    const result: IncidentsDemoResult = { organisations: 0, providers: 0 };
    for (const p of PROVIDERS) {
      let organisation = await findOrganisationByName(tx, p.name);
      if (!organisation) {
        organisation = await createOrganisation(tx, {
          name: p.name,
          kind: p.kind,
          countryCode: "RW",
          description: `${SOURCE} (example data)`,
        });
        result.organisations++;
      }
      await createServiceProvider(tx, {
        organisationId: organisation.id,
        services: p.services,
        nationwide: p.districts.length === 0,
        districtIds: p.districts.map((name) => {
          const id = districts.get(name);
          if (!id) throw new Error(`the district ${name} is not among the reference places`);
          return id;
        }),
        contactEmail: p.contactEmail,
        acceptingReferrals: true,
      });
      result.providers++;
    }
    return result;
  });
}

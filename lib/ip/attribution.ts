// Whom the IP data comes from, as the UI must credit it (docs/ip-data.md). Kept apart from enrich.ts so
// a client component can import it without pulling in node:fs.
//
// DB-IP's licence (node_modules/@ip-location-db/asn/DBIP-LICENSE) asks web applications for a link back
// to DB-IP.com "on pages that display or use results from the database": every page showing an ASN or
// organisation must render `required`. RouteViews and the NRO ask for attribution too (CC BY 4.0).

export interface IpDataSource {
  name: string;
  /** What the source contributes, for the "About this data" text. */
  provides: string;
  licence: string;
  licenceUrl: string;
  url: string;
}

const CC_BY_4 = { licence: "CC BY 4.0", licenceUrl: "https://creativecommons.org/licenses/by/4.0/" } as const;

export const IP_DATA_ATTRIBUTION = {
  /** The link DB-IP requires, in its own suggested wording. */
  required: { text: "IP Geolocation by DB-IP", url: "https://db-ip.com" },
  sources: [
    {
      name: "DB-IP IP to ASN Lite",
      provides: "most organisation names, and AS numbers where the registries have none",
      url: "https://db-ip.com",
      ...CC_BY_4,
    },
    {
      name: "RouteViews",
      provides: "IPv4 AS numbers (announced routes)",
      url: "https://www.routeviews.org/routeviews/",
      ...CC_BY_4,
    },
    {
      name: "Number Resource Organization (NRO)",
      provides: "the regional registries' delegation and WHOIS data behind AS numbers and countries",
      url: "https://www.nro.net/",
      ...CC_BY_4,
    },
    {
      name: "ip-location-db",
      provides: "the merged ASN (@ip-location-db/asn) and country (@ip-location-db/geo-whois-asn-country-mmdb) tables",
      url: "https://github.com/sapics/ip-location-db",
      ...CC_BY_4,
    },
  ] satisfies IpDataSource[],
  /** One line for a page footer, beside the `required` link. */
  summary:
    "ASN and country data: DB-IP (db-ip.com), RouteViews and the NRO, via ip-location-db; CC BY 4.0. " +
    "A snapshot from the installed package, not live: it can be wrong or out of date.",
} as const;

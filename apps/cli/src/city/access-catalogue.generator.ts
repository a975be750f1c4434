// The demo city's access rules (identity's rules file), licence catalogue (licence's products,
// contracts and substitute pools) and device fee table (device's offerings), written beside the
// HR snapshot so the whole chain, from HR through roles, licences and devices to the invoice,
// runs on generated data. The rules follow how a Swedish city licenses its staff: frontline care
// on F3, school staff on A3, administration and managers on E3 with a PC.
import { stringify } from 'yaml';
import { areaKind, JOBS } from './area-kinds.data';
import type { Customer, Job } from './city.model';
import { csvLine } from './city-files.writer';

/** The local stack's directory (deploy/local/stack.sh provisions DC=itops,DC=test). */
export const DEMO_BASE_DN = 'DC=itops,DC=test';
export const GROUPS_OU = `OU=Groups,OU=itops,${DEMO_BASE_DN}`;
export const LICENCES_OU = `OU=Licences,OU=itops,${DEMO_BASE_DN}`;

const codes = (jobs: readonly Job[]): string[] => [...new Set(jobs.map((j) => j.code))].sort();
const jobsWhere = (test: (code: string) => boolean): Job[] => Object.values(JOBS).filter((j) => test(j.code));

// Job families by the leading digits of the befattningskod (area-kinds.data.ts).
const MANAGERS = jobsWhere((c) => /^10[123]/.test(c));
const CARE = jobsWhere((c) => /^52[123]/.test(c));
const SOCIAL = jobsWhere((c) => c.startsWith('531'));
const SCHOOL = jobsWhere((c) => /^34[12345]/.test(c));
const ADMINISTRATION = jobsWhere((c) => /^24[1-6]/.test(c));
const FINANCE = jobsWhere((c) => c.startsWith('242'));
const OTHER_STAFF = Object.values(JOBS).filter(
  (j) => ![MANAGERS, CARE, SOCIAL, SCHOOL, ADMINISTRATION].some((family) => family.includes(j)),
);

interface GroupEntry {
  key: string;
  cn: string;
  owner: string;
  policy: 'enforce' | 'report' | 'ignore';
  requestable: boolean;
  maxDays: number;
}

const GROUPS: readonly GroupEntry[] = [
  { key: 'alla-medarbetare', cn: 'G-Alla-Medarbetare', owner: 'owner-it', policy: 'enforce', requestable: false, maxDays: 365 },
  { key: 'vard-journal', cn: 'G-Vard-Journal', owner: 'owner-vard', policy: 'enforce', requestable: true, maxDays: 180 },
  { key: 'social-dokumentation', cn: 'G-Social-Dokumentation', owner: 'owner-social', policy: 'enforce', requestable: true, maxDays: 180 },
  { key: 'skolplattform', cn: 'G-Skolplattform', owner: 'owner-skola', policy: 'enforce', requestable: true, maxDays: 365 },
  { key: 'ekonomisystem', cn: 'G-Ekonomisystem', owner: 'owner-ekonomi', policy: 'enforce', requestable: true, maxDays: 365 },
  { key: 'chefsstod', cn: 'G-Chefsstod', owner: 'owner-hr', policy: 'enforce', requestable: false, maxDays: 365 },
  // Kept by hand by the facilities team: reconciliation reports nothing and changes nothing here.
  { key: 'passersystem', cn: 'G-Passersystem', owner: 'owner-fastighet', policy: 'ignore', requestable: false, maxDays: 365 },
];

export function groupDn(cn: string): string {
  return `CN=${cn},${GROUPS_OU}`;
}

/** The access rules file (identity, docs/access.md). */
export function accessRulesYaml(): string {
  const doc = {
    groups: GROUPS.map((g) => ({ key: g.key, dn: groupDn(g.cn), owner: g.owner, policy: g.policy, requestable: g.requestable, maxDays: g.maxDays })),
    roles: [
      { key: 'chef', name: 'Chef', when: { jobCodes: codes(MANAGERS) }, grants: { groups: ['alla-medarbetare', 'chefsstod'], licences: ['M365-E3'], devices: ['PC'] } },
      { key: 'vard-omsorg', name: 'Vård och omsorg', when: { jobCodes: codes(CARE), forms: ['PERMANENT', 'FIXED_TERM'] }, grants: { groups: ['alla-medarbetare', 'vard-journal'], licences: ['M365-F3'] } },
      { key: 'vard-vikarie', name: 'Vård och omsorg, vikarie och timanställd', when: { jobCodes: codes(CARE), forms: ['SUBSTITUTE', 'HOURLY'] }, grants: { groups: ['vard-journal'], licences: ['M365-F3'] } },
      { key: 'socialtjanst', name: 'Socialtjänst', when: { jobCodes: codes(SOCIAL) }, grants: { groups: ['alla-medarbetare', 'social-dokumentation'], licences: ['M365-E3'], devices: ['PC'] } },
      { key: 'skola', name: 'Skola och förskola', when: { jobCodes: codes(SCHOOL) }, grants: { groups: ['alla-medarbetare', 'skolplattform'], licences: ['M365-A3'] } },
      { key: 'larare-dator', name: 'Lärare med dator', when: { jobCodes: codes(SCHOOL.filter((j) => /^34[234]/.test(j.code))), forms: ['PERMANENT', 'FIXED_TERM'] }, grants: { devices: ['PC'] } },
      { key: 'administration', name: 'Administration', when: { jobCodes: codes(ADMINISTRATION) }, grants: { groups: ['alla-medarbetare'], licences: ['M365-E3'], devices: ['PC'] } },
      { key: 'ekonomi', name: 'Ekonomi', when: { jobCodes: codes(FINANCE) }, grants: { groups: ['ekonomisystem'] } },
      { key: 'ovriga', name: 'Övriga medarbetare', when: { jobCodes: codes(OTHER_STAFF) }, grants: { groups: ['alla-medarbetare'], licences: ['M365-F3'] } },
    ],
  };
  return `# The demo city's business roles (docs/access.md): itops access rules validate|import <file>\n${stringify(doc, { lineWidth: 0 })}`;
}

interface Product {
  code: string;
  name: string;
  monthlyPriceSek: string;
  servesAs?: string;
  addon?: boolean;
  activityService?: string;
}

const PRODUCTS: readonly Product[] = [
  { code: 'M365-E5', name: 'Microsoft 365 E5', monthlyPriceSek: '570.00', servesAs: 'M365-E3' },
  { code: 'M365-E3', name: 'Microsoft 365 E3', monthlyPriceSek: '389.00', servesAs: 'M365-F3' },
  { code: 'M365-F3', name: 'Microsoft 365 F3', monthlyPriceSek: '87.50' },
  { code: 'M365-A3', name: 'Microsoft 365 A3', monthlyPriceSek: '36.25' },
  { code: 'COPILOT', name: 'Microsoft 365 Copilot', monthlyPriceSek: '315.00', addon: true, activityService: 'copilot' },
];

/** The licence catalogue (licence, docs/licence.md): products, contracts, substitute pools. */
export function licenceCatalogueYaml(customers: readonly Customer[], start: string): string {
  const year = Number(start.slice(0, 4));
  // Enterprise agreements run three years from March; the yearly true-up is on the anniversary.
  const contractStart = `${year - 1}-03-01`;
  const contractEnd = `${year + 2}-02-28`;
  const trueUp = `${start < `${year}-03-01` ? year : year + 1}-03-01`;
  const frontline = customers.filter(isFrontlineBoard);
  const doc = {
    products: PRODUCTS.map((p) => ({ ...p, groupDn: `CN=LIC-${p.code},${LICENCES_OU}` })),
    contracts: [
      { reference: `MS-EA-${year - 1}-E3`, supplier: 'Microsoft (återförsäljare)', productCode: 'M365-E3', quantity: 20000, unitPriceSek: '350.00', startsOn: contractStart, endsOn: contractEnd, trueUpOn: trueUp },
      { reference: `MS-EA-${year - 1}-F3`, supplier: 'Microsoft (återförsäljare)', productCode: 'M365-F3', quantity: 30000, unitPriceSek: '80.00', startsOn: contractStart, endsOn: contractEnd, trueUpOn: trueUp },
      { reference: `MS-EES-${year - 1}-A3`, supplier: 'Microsoft (återförsäljare)', productCode: 'M365-A3', quantity: 20000, unitPriceSek: '32.50', startsOn: contractStart, endsOn: contractEnd, trueUpOn: trueUp },
    ],
    // Vikariepaket: cheap licences a welfare or school board keeps for its substitutes.
    pools: frontline.map((c) => ({ code: `VIK-${c.code}`, customerCode: c.code, productCode: 'M365-F3', kind: 'substitute', size: Math.max(5, Math.round(c.headcount * 0.02)) })),
  };
  return `# The demo city's licence catalogue (docs/licence.md): itops licence products|contracts|pools import <file>\n${stringify(doc, { lineWidth: 0 })}`;
}

/** A welfare or school board: most of its staff work in care, social services or schools. */
export function isFrontlineBoard(customer: Customer): boolean {
  const [main] = [...customer.profile.kinds].sort((a, b) => b[1] - a[1]);
  return main !== undefined && ['welfare', 'school'].includes(areaKind(main[0]).segment);
}

/** The device fee table (device, docs/device.md): the city's Klient som tjänst prices. */
export function deviceFeesCsv(): string {
  const rows = [
    ['KST-PC', 'PC', '', '389.50'],
    ['KST-PC-PLUS', 'PC', 'Lenovo ThinkPad P16s Gen 3', '529.00'],
  ];
  return csvLine(['offering_code', 'device_type', 'model', 'monthly_fee_sek']) + rows.map((r) => csvLine(r)).join('');
}

/** Every AD group the rules and the catalogue name, for creating them in the demo directory. */
export function demoGroupDns(): string[] {
  return [...GROUPS.map((g) => groupDn(g.cn)), ...PRODUCTS.map((p) => `CN=LIC-${p.code},${LICENCES_OU}`)];
}

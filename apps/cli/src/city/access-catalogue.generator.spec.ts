import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { JOBS } from './area-kinds.data';
import { accessRulesYaml, demoGroupDns, deviceFeesCsv, GROUPS_OU, isFrontlineBoard, LICENCES_OU, licenceCatalogueYaml } from './access-catalogue.generator';
import { generateCity } from './city.generator';

interface Rules {
  groups: { key: string; dn: string; policy: string }[];
  roles: { key: string; when: { jobCodes?: string[]; forms?: string[] }; grants: { groups?: string[]; licences?: string[]; devices?: string[] } }[];
}

interface Catalogue {
  products: { code: string; groupDn: string; servesAs?: string }[];
  contracts: { productCode: string; startsOn: string; endsOn: string; trueUpOn: string }[];
  pools: { customerCode: string; productCode: string; kind: string; size: number }[];
}

describe('the demo city access rules, licence catalogue and device fees', () => {
  const rules = parseYaml(accessRulesYaml()) as Rules;
  const city = generateCity({ employees: 3000, seed: 'catalogue', start: '2026-11-22' });
  const catalogue = parseYaml(licenceCatalogueYaml(city.city.customers, '2026-11-22')) as Catalogue;

  it('gives every job of the city a licence: no employee is left without one', () => {
    for (const job of Object.values(JOBS)) {
      const licensed = rules.roles.filter((r) => r.when.jobCodes?.includes(job.code) && (r.grants.licences ?? []).length > 0);
      expect({ job: job.code, licensed: licensed.length > 0 }).toEqual({ job: job.code, licensed: true });
    }
  });

  it('grants only catalogued groups and products, and keeps all groups in the managed tree', () => {
    const groupKeys = new Set(rules.groups.map((g) => g.key));
    const products = new Set(catalogue.products.map((p) => p.code));
    for (const role of rules.roles) {
      for (const group of role.grants.groups ?? []) expect(groupKeys).toContain(group);
      for (const licence of role.grants.licences ?? []) expect(products).toContain(licence);
    }
    for (const group of rules.groups) expect(group.dn.endsWith(`,${GROUPS_OU}`)).toBe(true);
    for (const product of catalogue.products) expect(product.groupDn).toBe(`CN=LIC-${product.code},${LICENCES_OU}`);
    expect(new Set(demoGroupDns()).size).toBe(rules.groups.length + catalogue.products.length);
    // One hand-managed group shows the policy that leaves a group alone.
    expect(rules.groups.filter((g) => g.policy === 'ignore').map((g) => g.key)).toEqual(['passersystem']);
  });

  it('gives substitute pools to the welfare and school boards only, and true-ups after the snapshot date', () => {
    const frontline = city.city.customers.filter(isFrontlineBoard).map((c) => c.code);
    // The city's social and education boards (socialförvaltningar, förskola, grundskola, ...) among them.
    expect(frontline).toEqual(expect.arrayContaining(['N138']));
    expect(frontline.length).toBeLessThan(city.city.customers.length);
    expect(catalogue.pools.map((p) => p.customerCode).sort()).toEqual([...frontline].sort());
    for (const pool of catalogue.pools) expect(pool).toMatchObject({ productCode: 'M365-F3', kind: 'substitute', size: expect.any(Number) });
    for (const contract of catalogue.contracts) {
      expect(contract.startsOn <= '2026-11-22' && '2026-11-22' <= contract.endsOn).toBe(true);
      expect(contract.trueUpOn).toBe('2027-03-01');
    }
  });

  it('writes the device fee table in the columns device imports', () => {
    const rows = parseCsv(deviceFeesCsv(), { delimiter: ';', columns: true }) as Record<string, string>[];
    expect(rows).toEqual([
      { offering_code: 'KST-PC', device_type: 'PC', model: '', monthly_fee_sek: '389.50' },
      { offering_code: 'KST-PC-PLUS', device_type: 'PC', model: 'Lenovo ThinkPad P16s Gen 3', monthly_fee_sek: '529.00' },
    ]);
  });
});

import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import Personnummer from 'personnummer';
import { CliException } from '../cli.exception';
import { CITY_FILES, generateCity, summariseCity, writeCity, type CitySummary } from './city.generator';
import type { NextMonthChanges } from './next-month.generator';

/** Coordination numbers (day + 60) are valid identities in an HR export; interim numbers are not. */
const PNR_OPTIONS = { allowCoordinationNumber: true, allowInterimNumber: false };

type Row = Record<string, string>;

const START = '2026-11-22';
const EMPLOYEES = 4000;

const written: string[] = [];
afterAll(() => {
  for (const dir of written) rmSync(dir, { recursive: true, force: true });
});

function generateInto(seed: string, employees = EMPLOYEES, start = START): { dir: string; summary: CitySummary } {
  const dir = mkdtempSync(join(tmpdir(), 'itops-city-'));
  written.push(dir);
  const generated = generateCity({ employees, seed, start });
  return { dir, summary: summariseCity(generated, writeCity(dir, generated)) };
}

const read = (dir: string, file: string): Row[] => parse(readFileSync(join(dir, file), 'utf8'), { delimiter: ';', columns: true }) as Row[];
const share = (part: number, whole: number): number => part / whole;
const countBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};

describe('itops city generate (the synthetic city)', () => {
  let dir: string;
  let summary: CitySummary;
  let customers: Row[];
  let rows: Row[];
  let nextRows: Row[];
  let changes: NextMonthChanges;

  beforeAll(() => {
    ({ dir, summary } = generateInto('1'));
    customers = read(dir, CITY_FILES.customers);
    rows = read(dir, CITY_FILES.snapshot);
    nextRows = read(dir, CITY_FILES.nextSnapshot);
    changes = JSON.parse(readFileSync(join(dir, CITY_FILES.changes), 'utf8')) as NextMonthChanges;
  });

  describe('reproducibility', () => {
    it('writes byte-identical files for the same seed, employees and start', () => {
      const again = generateInto('1').dir;
      for (const file of Object.values(CITY_FILES)) {
        expect(readFileSync(join(again, file)).equals(readFileSync(join(dir, file)))).toBe(true);
      }
    });

    it('writes another city for another seed', () => {
      const other = generateInto('2').dir;
      expect(readFileSync(join(other, CITY_FILES.snapshot)).equals(readFileSync(join(dir, CITY_FILES.snapshot)))).toBe(false);
      expect(readFileSync(join(other, CITY_FILES.changes)).equals(readFileSync(join(dir, CITY_FILES.changes)))).toBe(false);
    });

    it('writes exactly the five files', () => {
      expect(readdirSync(dir).sort()).toEqual(Object.values(CITY_FILES).sort());
    });

    it.each([
      [{ employees: 0, seed: '1', start: START }, 'employees 0 is out of range'],
      [{ employees: 1.5, seed: '1', start: START }, 'employees 1.5 is out of range'],
      [{ employees: 10, seed: '', start: START }, 'seed is empty'],
      [{ employees: 10, seed: '1', start: '2026-02-30' }, "start '2026-02-30' is not a date"],
    ])('refuses %j', (options, message) => {
      expect(() => generateCity(options)).toThrow(CliException);
      expect(() => generateCity(options)).toThrow(message);
    });
  });

  describe('customers.csv', () => {
    it('has the header billing imports and about 25 administrations and 37 companies and federations', () => {
      expect(readFileSync(join(dir, CITY_FILES.customers), 'utf8').split('\n')[0]).toBe('kundkod;namn;typ;kostnadsstallen');
      const types = countBy(customers, (c) => c.typ);
      expect((types.get('forvaltning') ?? 0) + (types.get('namnd') ?? 0)).toBe(25);
      expect((types.get('bolag') ?? 0) + (types.get('forbund') ?? 0)).toBe(37);
      expect([...types.keys()].sort()).toEqual(['bolag', 'forbund', 'forvaltning', 'namnd']);
    });

    it('gives every customer a unique code of one upper-case letter and three digits', () => {
      for (const c of customers) expect(c.kundkod).toMatch(/^[A-Z]\d{3}$/);
      expect(new Set(customers.map((c) => c.kundkod)).size).toBe(customers.length);
      expect(customers.map((c) => c.kundkod)).toEqual(expect.arrayContaining(['N138', 'B110', 'K171', 'I060']));
    });

    it('gives every cost centre to exactly one customer', () => {
      const all = customers.flatMap((c) => c.kostnadsstallen.split(','));
      for (const costCentre of all) expect(costCentre).toMatch(/^[A-Za-z0-9._-]{1,20}$/);
      expect(new Set(all).size).toBe(all.length);
    });
  });

  describe('price-list.csv', () => {
    const priceList = () => read(dir, CITY_FILES.priceList);

    it('prices the account, the PC, the licences, a fixed and a headcount-shared item for the start year', () => {
      const byCode = new Map(priceList().map((p) => [p.tjanstekod, p]));
      expect(byCode.get('KONTO')?.matt).toBe('antal-vid-manadsslut');
      expect(byCode.get('KST-PC')?.matt).toBe('dagar-proportionellt');
      for (const code of ['M365-E3', 'M365-F3', 'M365-A3']) expect(byCode.get(code)?.matt).toBe('vidarefakturering');
      expect(priceList().map((p) => p.matt)).toEqual(expect.arrayContaining(['fast', 'fordelning-antal-anstallda']));
      for (const p of priceList()) {
        expect(p.pris_sek).toMatch(/^\d+,\d{2}$/);
        expect([p.giltig_fran, p.giltig_till]).toEqual(['2026-01-01', '2026-12-31']);
        expect(['bas', 'tillagg', 'specialist', 'digital-infrastruktur']).toContain(p.typ);
      }
    });
  });

  describe('hr-snapshot.csv', () => {
    it('has the HR export header and one row per employment', () => {
      expect(readFileSync(join(dir, CITY_FILES.snapshot), 'utf8').split('\n')[0]).toBe(
        'anstallningsnr;personnr;fornamn;efternamn;organisationskod;enhetskod;enhetsnamn;ansvar;befattningskod;befattning;anstallningsform;sysselsattningsgrad;startdatum;slutdatum;chef_anstallningsnr;skyddad_identitet',
      );
      expect(rows).toHaveLength(summary.employments);
      expect(new Set(rows.map((r) => r.personnr)).size).toBe(EMPLOYEES);
    });

    it('has unique anstallningsnr, each the person number and a running number', () => {
      expect(new Set(rows.map((r) => r.anstallningsnr)).size).toBe(rows.length);
      for (const r of rows) expect(r.anstallningsnr).toMatch(/^\d{6}-0[1-9]$/);
      const numbersOf = new Map<string, Set<string>>();
      for (const r of rows) numbersOf.set(r.personnr, (numbersOf.get(r.personnr) ?? new Set()).add(r.anstallningsnr.split('-')[0]));
      for (const numbers of numbersOf.values()) expect(numbers.size).toBe(1);
    });

    it('has only valid personnummer, a few of them samordningsnummer, the birth number matching the sex by name', () => {
      const coordination = rows.filter((r) => {
        expect(Personnummer.valid(r.personnr, PNR_OPTIONS)).toBe(true);
        return Personnummer.parse(r.personnr, PNR_OPTIONS).isCoordinationNumber();
      });
      expect(coordination.length).toBeGreaterThan(0);
      expect(share(new Set(coordination.map((r) => r.personnr)).size, EMPLOYEES)).toBeLessThan(0.01);
      const women = rows.filter((r) => r.fornamn === 'Anna');
      for (const r of women) expect(Personnummer.parse(r.personnr, PNR_OPTIONS).isFemale()).toBe(true);
    });

    it('puts every employment at a known customer, on one of that customer\'s cost centres', () => {
      const costCentres = new Map(customers.map((c) => [c.kundkod, new Set(c.kostnadsstallen.split(','))]));
      for (const r of [...rows, ...nextRows]) {
        expect(costCentres.has(r.organisationskod)).toBe(true);
        expect(costCentres.get(r.organisationskod)?.has(r.ansvar)).toBe(true);
        expect(r.enhetskod.startsWith(`${r.organisationskod}-`)).toBe(true);
      }
    });

    it('keeps units a tree: one name, cost centre and customer per unit code, names unique per customer', () => {
      const units = new Map<string, string>();
      for (const r of rows) {
        const unit = `${r.enhetsnamn}|${r.ansvar}|${r.organisationskod}`;
        expect(units.get(r.enhetskod) ?? unit).toBe(unit);
        units.set(r.enhetskod, unit);
        expect(r.enhetskod).toMatch(/^[A-Z]\d{3}-\d{2}(-\d{2})?$/);
      }
      const names = [...units.values()].map((unit) => unit.split('|')).map(([name, , customer]) => `${customer}|${name}`);
      expect(new Set(names).size).toBe(names.length);
    });

    it('gives every employment a manager who exists: staff the head of their unit, a head the head of the area above', () => {
      const byId = new Map(rows.map((r) => [r.anstallningsnr, r]));
      const withoutManager = rows.filter((r) => r.chef_anstallningsnr === '');
      expect(withoutManager.length).toBeLessThanOrEqual(customers.length);
      for (const r of withoutManager) expect(r.enhetskod).toMatch(/-00$/);
      for (const r of rows.filter((row) => row.chef_anstallningsnr !== '')) {
        const manager = byId.get(r.chef_anstallningsnr);
        expect(manager).toBeDefined();
        if (manager === undefined) continue;
        const leaf = /^[A-Z]\d{3}-\d{2}-\d{2}$/.test(r.enhetskod);
        const area = /^[A-Z]\d{3}-(0[1-9]|[1-9]\d)$/.test(r.enhetskod);
        if (leaf && manager.enhetskod === r.enhetskod) {
          expect(['Enhetschef', 'Rektor']).toContain(manager.befattning);
        } else if (leaf) {
          // The head of a unit reports to the verksamhetschef of its area.
          expect(['Enhetschef', 'Rektor']).toContain(r.befattning);
          expect(manager.befattning).toBe('Verksamhetschef');
          expect(manager.enhetskod).toBe(r.enhetskod.slice(0, -3));
        } else if (area) {
          expect(r.befattning).toBe('Verksamhetschef');
          expect(manager.enhetskod).toBe(`${r.organisationskod}-00`);
        }
        expect(manager.anstallningsform).toBe('TV');
      }
      expect(rows.some((r) => r.befattning === 'Rektor')).toBe(true);
    });

    it('writes the same name, personnummer and protection on every employment of a person', () => {
      const person = new Map<string, string>();
      for (const r of rows) {
        const details = `${r.fornamn}|${r.efternamn}|${r.skyddad_identitet}`;
        expect(person.get(r.personnr) ?? details).toBe(details);
        person.set(r.personnr, details);
      }
    });

    it('gives about 8 % of the persons several employments, the second at a lower rate elsewhere', () => {
      const byPerson = countBy(rows, (r) => r.personnr);
      const several = [...byPerson.values()].filter((count) => count > 1).length;
      expect(share(several, EMPLOYEES)).toBeGreaterThan(0.065);
      expect(share(several, EMPLOYEES)).toBeLessThan(0.095);
      const seconds = rows.filter((r) => r.anstallningsnr.endsWith('-02'));
      const firsts = new Map(rows.filter((r) => r.anstallningsnr.endsWith('-01')).map((r) => [r.anstallningsnr.split('-')[0], r]));
      for (const second of seconds) {
        const first = firsts.get(second.anstallningsnr.split('-')[0]);
        expect(second.enhetskod).not.toBe(first?.enhetskod);
        expect(Number(second.sysselsattningsgrad)).toBeLessThanOrEqual(Math.max(0, Number(first?.sysselsattningsgrad) - 5));
      }
      expect(seconds.some((r) => r.organisationskod !== firsts.get(r.anstallningsnr.split('-')[0])?.organisationskod)).toBe(true);
    });

    it('has substitutes and hourly staff in realistic shares, hourly at rate 0 and fixed terms with an end date', () => {
      const forms = countBy(rows, (r) => r.anstallningsform);
      expect(share(forms.get('VIK') ?? 0, rows.length)).toBeGreaterThan(0.05);
      expect(share(forms.get('VIK') ?? 0, rows.length)).toBeLessThan(0.15);
      expect(share(forms.get('TIM') ?? 0, rows.length)).toBeGreaterThan(0.08);
      expect(share(forms.get('TIM') ?? 0, rows.length)).toBeLessThan(0.25);
      expect(share(forms.get('TV') ?? 0, rows.length)).toBeGreaterThan(0.6);
      for (const r of rows) {
        expect(['TV', 'VI', 'VIK', 'TIM']).toContain(r.anstallningsform);
        if (r.anstallningsform === 'TIM') expect(r.sysselsattningsgrad).toBe('0');
        else expect(Number(r.sysselsattningsgrad)).toBeGreaterThan(0);
        if (r.anstallningsform === 'VI' || r.anstallningsform === 'VIK') expect(r.slutdatum).not.toBe('');
        if (r.anstallningsform === 'TV') expect(r.slutdatum).toBe('');
      }
    });

    it('has about 0.1 % protected identities', () => {
      const protectedPersons = new Set(rows.filter((r) => r.skyddad_identitet === 'J').map((r) => r.personnr)).size;
      expect(protectedPersons).toBe(Math.round(EMPLOYEES * 0.001));
      for (const r of rows) expect(['J', 'N']).toContain(r.skyddad_identitet);
    });

    it('spreads start dates over the years, with a few future starts and end dates never before the start', () => {
      const years = new Set(rows.map((r) => r.startdatum.slice(0, 4)));
      expect(years.size).toBeGreaterThan(20);
      const future = rows.filter((r) => r.startdatum > START);
      expect(future.length).toBeGreaterThan(0);
      expect(share(future.length, rows.length)).toBeLessThan(0.02);
      for (const r of rows) {
        expect(r.startdatum).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (r.slutdatum !== '') expect(r.slutdatum >= r.startdatum && r.slutdatum >= START).toBe(true);
      }
    });

    it('has the names of a Swedish register: å/ä/ö and é, hyphens, several given names, namesakes, other origins', () => {
      const names = rows.map((r) => `${r.fornamn} ${r.efternamn}`);
      expect(names.some((n) => /[åäöÅÄÖ]/.test(n))).toBe(true);
      expect(names.some((n) => /é/.test(n))).toBe(true);
      expect(rows.some((r) => r.fornamn.includes('-'))).toBe(true);
      expect(rows.some((r) => r.efternamn.includes('-'))).toBe(true);
      expect(rows.some((r) => r.fornamn.includes(' '))).toBe(true);
      expect(new Set(rows.filter((r) => r.fornamn === 'Anna' && r.efternamn === 'Andersson').map((r) => r.personnr)).size).toBeGreaterThanOrEqual(3);
      expect(rows.some((r) => ['Mohammed', 'Ahmed', 'Ali', 'Hassan', 'Nguyen', 'Virtanen', 'Yilmaz'].includes(r.efternamn))).toBe(true);
      expect(Math.max(...names.map((n) => n.length))).toBeGreaterThan(25);
    });

    it('puts most staff in welfare and school', () => {
      const welfareAndSchool = /^(Undersköterska|Vårdbiträde|Sjuksköterska|Personlig assistent|Stödassistent|Boendestödjare|Socialsekreterare|Familjebehandlare|Behandlingsassistent|Biståndshandläggare|Förskollärare|Barnskötare|Lärare|Lärare i fritidshem|Gymnasielärare|Elevassistent|Speciallärare)$/;
      expect(share(rows.filter((r) => welfareAndSchool.test(r.befattning)).length, rows.length)).toBeGreaterThan(0.5);
      for (const title of ['Undersköterska', 'Socialsekreterare', 'Förskollärare', 'Barnskötare', 'Lärare', 'Enhetschef']) {
        expect(rows.some((r) => r.befattning === title)).toBe(true);
      }
      for (const r of rows) expect(r.befattningskod).toMatch(/^\d{6}$/);
    });
  });

  describe('hr-snapshot-next.csv and changes.json', () => {
    /** The diff hr-feed makes: joiners, movers (place changed), leavers (end date set or row gone), other updates. */
    function diff(before: Row[], after: Row[]) {
      const old = new Map(before.map((r) => [r.anstallningsnr, r]));
      const now = new Map(after.map((r) => [r.anstallningsnr, r]));
      const result = { joiners: [] as string[], movers: [] as string[], leavers: [] as string[], updated: [] as string[], endDateSet: [] as string[] };
      for (const [id, r] of now) {
        const o = old.get(id);
        if (o === undefined) result.joiners.push(id);
        else if (o.slutdatum === '' && r.slutdatum !== '') result.endDateSet.push(id);
        else if (['organisationskod', 'enhetskod', 'befattningskod', 'ansvar'].some((f) => o[f] !== r[f])) result.movers.push(id);
        else if (Object.keys(r).some((f) => o[f] !== r[f])) result.updated.push(id);
      }
      const removed = [...old.keys()].filter((id) => !now.has(id));
      result.leavers = [...result.endDateSet, ...removed];
      return { ...result, removed };
    }
    const ids = (list: { anstallningsnr: string }[]) => list.map((c) => c.anstallningsnr).sort();

    it('lists exactly the joiners, movers, leavers and updates a diff of the two files finds', () => {
      const found = diff(rows, nextRows);
      expect(ids(changes.joiners)).toEqual(found.joiners.sort());
      expect(ids(changes.movers)).toEqual(found.movers.sort());
      expect(ids(changes.leavers)).toEqual(found.leavers.sort());
      expect(ids(changes.updated)).toEqual(found.updated.sort());
      expect(ids(changes.leavers.filter((l) => l.reason === 'REMOVED_FROM_SNAPSHOT'))).toEqual(found.removed.sort());
      expect(changes.nextSnapshotDate).toBe('2026-12-22');
    });

    it('changes realistic shares of the employments in a month, each kind present', () => {
      const total = rows.length;
      expect(share(changes.joiners.length, total)).toBeCloseTo(0.015, 3);
      expect(share(changes.movers.length, total)).toBeCloseTo(0.01, 2);
      expect(share(changes.leavers.length, total)).toBeCloseTo(0.012, 3);
      expect(changes.updated.length).toBeGreaterThan(0);
      expect(changes.leavers.map((l) => l.reason)).toEqual(expect.arrayContaining(['END_DATE_SET', 'REMOVED_FROM_SNAPSHOT']));
      expect(changes.joiners.some((j) => !j.newPerson)).toBe(true);
      expect(changes.movers.some((m) => m.from.organisationskod !== m.to.organisationskod)).toBe(true);
      expect(changes.movers.some((m) => m.from.organisationskod === m.to.organisationskod)).toBe(true);
    });

    it('sets leavers\' end dates within the month and starts joiners after the first snapshot', () => {
      const next = new Map(nextRows.map((r) => [r.anstallningsnr, r]));
      for (const leaver of changes.leavers.filter((l) => l.reason === 'END_DATE_SET')) {
        expect(next.get(leaver.anstallningsnr)?.slutdatum).toBe(leaver.slutdatum);
        const endDate = leaver.slutdatum ?? '';
        expect(endDate > START && endDate <= changes.nextSnapshotDate).toBe(true);
      }
      for (const joiner of changes.joiners) expect(next.get(joiner.anstallningsnr)?.startdatum).toBe(joiner.startdatum);
      for (const joiner of changes.joiners) expect(joiner.startdatum > START).toBe(true);
    });

    it('keeps every manager of the next snapshot in it, and movers under the head of their new unit', () => {
      const byId = new Map(nextRows.map((r) => [r.anstallningsnr, r]));
      for (const r of nextRows.filter((row) => row.chef_anstallningsnr !== '')) expect(byId.has(r.chef_anstallningsnr)).toBe(true);
      for (const mover of changes.movers) {
        const r = byId.get(mover.anstallningsnr);
        expect(r?.enhetskod).toBe(mover.to.enhetskod);
        expect(byId.get(r?.chef_anstallningsnr ?? '')?.enhetskod).toBe(mover.to.enhetskod);
      }
      expect(new Set(nextRows.map((r) => r.anstallningsnr)).size).toBe(nextRows.length);
      for (const r of nextRows) expect(Personnummer.valid(r.personnr, PNR_OPTIONS)).toBe(true);
    });
  });

  it('scales down: a city of 40 still gives every employment a known customer and a manager', () => {
    const small = generateInto('small', 40).dir;
    const smallRows = read(small, CITY_FILES.snapshot);
    const ids = new Set(smallRows.map((r) => r.anstallningsnr));
    expect(new Set(smallRows.map((r) => r.personnr)).size).toBe(40);
    for (const r of smallRows) if (r.chef_anstallningsnr !== '') expect(ids.has(r.chef_anstallningsnr)).toBe(true);
    expect(read(small, CITY_FILES.customers)).toHaveLength(62);
  });
});

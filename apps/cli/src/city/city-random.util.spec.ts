import { CityRandom, WeightedTable } from './city-random.util';

const draws = (random: CityRandom, count: number): number[] => Array.from({ length: count }, () => random.next());

describe('CityRandom (the seeded generator behind the synthetic city)', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    expect(draws(new CityRandom('1'), 50)).toEqual(draws(new CityRandom('1'), 50));
    expect(draws(new CityRandom('1'), 50)).not.toEqual(draws(new CityRandom('2'), 50));
  });

  it('gives fixed numbers for a seed, so the files stay identical across machines and Node versions', () => {
    const random = new CityRandom('itops');
    expect([random.int(0, 999_999), random.int(0, 999_999), random.int(0, 999_999)]).toEqual([245072, 457141, 983970]);
    expect(new CityRandom('1').fork('names').int(0, 999_999)).toBe(942866);
  });

  it('forks streams that depend on the label, not on what the parent drew since', () => {
    const parent = new CityRandom('1');
    const fork = draws(parent.fork('names'), 5);
    expect(draws(new CityRandom('1').fork('names'), 5)).toEqual(fork);
    expect(draws(new CityRandom('1').fork('dates'), 5)).not.toEqual(fork);
  });

  it('keeps numbers in range and covers it', () => {
    const random = new CityRandom('range');
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i += 1) {
      const value = random.int(3, 7);
      expect(value).toBeGreaterThanOrEqual(3);
      expect(value).toBeLessThanOrEqual(7);
      seen.add(value);
      const unit = random.next();
      expect(unit >= 0 && unit < 1).toBe(true);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('samples distinct elements in list order', () => {
    const list = Array.from({ length: 100 }, (_, index) => index);
    const sample = new CityRandom('sample').sample(list, 10);
    expect(new Set(sample).size).toBe(10);
    expect([...sample].sort((a, b) => a - b)).toEqual(sample);
    expect(new CityRandom('sample').sample(list, 500)).toHaveLength(100);
  });

  it('picks by weight', () => {
    const table = new WeightedTable<string>([
      ['often', 9],
      ['rarely', 1],
      ['never', 0],
    ]);
    const random = new CityRandom('weights');
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i += 1) {
      const value = table.pick(random);
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    expect(counts.get('never')).toBeUndefined();
    expect((counts.get('often') ?? 0) / 10_000).toBeCloseTo(0.9, 1);
  });

  it('weights by rank: the first of a list is the most common', () => {
    const table = WeightedTable.byRank(['Anna', 'Eva', 'Maria', 'Karin'], 1);
    const random = new CityRandom('rank');
    const counts = new Map<string, number>();
    for (let i = 0; i < 10_000; i += 1) {
      const name = table.pick(random);
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    expect(counts.get('Anna') ?? 0).toBeGreaterThan(counts.get('Karin') ?? 0);
  });
});

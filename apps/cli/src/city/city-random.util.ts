// The city's only source of chance. A seeded generator (sfc32, seeded through cyrb128) instead
// of Math.random, so the same seed gives the same city, byte for byte, on every machine and
// Node version. Each part of the generator draws from its own stream (fork), so a change in how
// one part draws does not reshuffle the others.

export class CityRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(seed);
    // The first outputs of sfc32 still echo the seed; skip them.
    for (let i = 0; i < 15; i += 1) this.next();
  }

  /** An independent stream for one part of the generator, derived from this stream's seed and a label. */
  fork(label: string): CityRandom {
    return new CityRandom(`${this.a}:${this.b}:${this.c}:${this.d}:${label}`);
  }

  /** A number in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** A whole number from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }

  /** Shuffles in place (Fisher-Yates) and returns the list. */
  shuffle<T>(list: T[]): T[] {
    for (let i = list.length - 1; i > 0; i -= 1) {
      const j = Math.floor(this.next() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    return list;
  }

  /** `count` distinct elements of the list, in the list's order. */
  sample<T>(list: readonly T[], count: number): T[] {
    const indexes = this.shuffle(list.map((_, index) => index)).slice(0, Math.min(count, list.length));
    return indexes.sort((x, y) => x - y).map((index) => list[index]);
  }
}

/** Picks values by weight in O(log n): the cumulative weights are searched by bisection. */
export class WeightedTable<T> {
  private readonly values: T[] = [];
  private readonly cumulative: number[] = [];
  private total = 0;

  constructor(entries: Iterable<readonly [T, number]> = []) {
    for (const [value, weight] of entries) this.add(value, weight);
  }

  /** Zipf-like weights for a list in order of frequency: the first is the most common. */
  static byRank<T>(values: readonly T[], flatten = 2): WeightedTable<T> {
    return new WeightedTable(values.map((value, rank) => [value, 1 / (rank + flatten)] as const));
  }

  add(value: T, weight: number): void {
    if (!(weight > 0)) return;
    this.total += weight;
    this.values.push(value);
    this.cumulative.push(this.total);
  }

  get size(): number {
    return this.values.length;
  }

  pick(random: CityRandom): T {
    if (this.values.length === 0) throw new Error('WeightedTable.pick: the table is empty');
    const target = random.next() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle] > target) high = middle;
      else low = middle + 1;
    }
    return this.values[low];
  }
}

/** A 128-bit hash of a text (cyrb128), as four 32-bit seeds for sfc32. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i += 1) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

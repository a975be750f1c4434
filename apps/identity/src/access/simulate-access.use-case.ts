import { Inject, Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { RoleIndex, SimulatedIdentity, SimulationReport, simulateRuleChange, stockholmDate } from '@itops/identity/domain';
import { DataSource } from '@itops/shared/persistence';
import { AccessException, AccessExceptionCode } from './access.exception';
import { ACCESS_OPTIONS, AccessOptions } from './access.options';
import { AccessRules } from './access-rules.use-case';
import { DesiredAccessService, holderOf } from './desired-access.service';

export interface ProductPrice {
  code: string;
  monthlyPriceSek: string;
}

export interface SimulationResult extends SimulationReport {
  /** The active version compared with; null before the first import. */
  currentVersion: number | null;
  ms: { load: number; evaluate: number };
}

/**
 * What a proposed rule set would change over the whole population, from identity's database
 * alone (no AD): loaded in one query, evaluated in memory. Nothing is stored. Prices (product
 * code to monthly SEK) come from the licence service through the caller; without them the report
 * has counts only.
 */
@Injectable()
export class SimulateAccess {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: AccessRules,
    private readonly desired: DesiredAccessService,
    @Inject(ACCESS_OPTIONS) private readonly options: AccessOptions,
  ) {}

  async execute(yaml: unknown, prices: unknown): Promise<SimulationResult> {
    const proposedRules = this.rules.parse(yaml);
    const priceMap = pricesFrom(prices);
    const today = stockholmDate(this.options.now());
    const t0 = Date.now();
    const state = await this.desired.load(this.dataSource.manager, today);
    const t1 = Date.now();
    const population: SimulatedIdentity[] = state.rows
      .filter((row) => row.enabled)
      .map((row) => ({ accountId: row.accountId, samAccountName: row.samAccountName, customerCode: row.customerCode, holder: holderOf(row, today, state.grants.get(row.accountId) ?? []) }));
    const proposed = new RoleIndex({ version: (state.ruleSet?.version ?? 0) + 1, rules: proposedRules });
    const report = simulateRuleChange(population, state.index, proposed, priceMap);
    return { ...report, currentVersion: state.ruleSet?.version ?? null, ms: { load: t1 - t0, evaluate: Date.now() - t1 } };
  }
}

function pricesFrom(prices: unknown): Map<string, string> | null {
  if (prices === undefined || prices === null) return null;
  if (!Array.isArray(prices)) throw new AccessException(AccessExceptionCode.INVALID_SIMULATION, 'prices must be a list of {code, monthlyPriceSek} as GET /v1/products of the licence service answers');
  const map = new Map<string, string>();
  prices.forEach((p: unknown, i) => {
    const item = p as Partial<ProductPrice> | null;
    const price = item?.monthlyPriceSek;
    if (typeof item?.code !== 'string' || (typeof price !== 'string' && typeof price !== 'number') || !isDecimal(String(price))) {
      throw new AccessException(AccessExceptionCode.INVALID_SIMULATION, `prices[${i}] must have a code and monthlyPriceSek as a decimal, e.g. {"code": "M365-E3", "monthlyPriceSek": "349.00"}`);
    }
    map.set(item.code, new Decimal(String(price)).toFixed());
  });
  return map;
}

function isDecimal(text: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(text.trim());
}

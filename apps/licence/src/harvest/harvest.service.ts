import { Inject, Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { stockholmDate } from '@itops/shared/calendar';
import { DataSource } from '@itops/shared/persistence';
import { AssignmentRepository, CatalogueRepository, LicenceAuditRepository, LicenceHolderRepository } from '@itops/licence/data-access';
import {
  CustomerTotal,
  harvest,
  HarvestCandidate,
  HarvestReason,
  HolderSignals,
  Product,
  Saving,
  savings,
  totalsPerCustomer,
} from '@itops/licence/domain';
import { LicenceAssignments } from '../assignments/licence-assignments.service';
import { LICENCE_OPTIONS, LicenceOptions } from '../licence.config';

export interface HarvestAnswer {
  today: string;
  inactiveDays: number;
  candidates: HarvestCandidate[];
  totals: CustomerTotal[];
}

export interface AppliedCandidate {
  assignmentId: string;
  account: string;
  product: string;
  reason: HarvestReason;
  outcome: 'released' | 'downgraded' | 'already-gone';
  downgradeTo: string | null;
}

/** Finds harvest candidates from the database's signals, applies them through the licence groups, and exports them. */
@Injectable()
export class HarvestService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly assignments: AssignmentRepository,
    private readonly holders: LicenceHolderRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly audit: LicenceAuditRepository,
    private readonly licences: LicenceAssignments,
    @Inject(LICENCE_OPTIONS) private readonly options: LicenceOptions,
  ) {}

  async candidates(customerCode?: string, today = stockholmDate(this.options.now())): Promise<HarvestAnswer> {
    const manager = this.dataSource.manager;
    const [held, holders, needs, products] = await Promise.all([
      this.assignments.held(manager, customerCode),
      this.holders.signals(manager, customerCode),
      this.assignments.roleNeeds(manager, customerCode),
      this.catalogue.products(manager),
    ]);
    const catalogue = new Map<string, Product>(products.map((p) => [p.code, p]));
    const signals = new Map<string, HolderSignals>();
    for (const h of holders) {
      const activity = h.activity ?? {};
      const days = [h.lastLogonOn, ...Object.values(activity)].filter((d): d is string => !!d).sort();
      signals.set(h.accountId, {
        accountId: h.accountId,
        samAccountName: h.samAccountName,
        leftOn: h.leftOn,
        // AD's reading wins when there is one; an account identity created ahead of its start is not "disabled".
        enabled: h.adEnabled !== false,
        lastSeen: days[days.length - 1] ?? null,
        serviceActivity: activity,
        roleNeeds: needs.get(h.accountId) ?? [],
      });
    }
    // Role needs of accounts without a holder row (identity's account event not here yet).
    for (const [accountId, roleNeeds] of needs) {
      if (!signals.has(accountId)) signals.set(accountId, { accountId, samAccountName: null, leftOn: null, enabled: true, lastSeen: null, serviceActivity: {}, roleNeeds, observed: false });
    }
    const costs = new Map(held.map((h) => [h.productCode, h.unitCostSek ?? catalogue.get(h.productCode)?.monthlyPriceSek ?? '0']));
    const cost = (code: string) => costs.get(code) ?? catalogue.get(code)?.monthlyPriceSek ?? '0';
    const candidates = harvest(
      held.map((h) => ({
        assignmentId: h.id,
        accountId: h.accountId,
        customerCode: h.customerCode,
        productCode: h.productCode,
        source: h.source,
        fromDate: h.fromDate,
        contract: h.contractReference && h.trueUpOn && h.endsOn ? { reference: h.contractReference, trueUpOn: h.trueUpOn, endsOn: h.endsOn } : null,
      })),
      signals,
      catalogue,
      { today, inactiveDays: this.options.inactiveDays },
      cost,
    );
    return { today, inactiveDays: this.options.inactiveDays, candidates, totals: totalsPerCustomer(candidates) };
  }

  async savings(customerCode?: string, today = stockholmDate(this.options.now())): Promise<{ today: string; savings: Saving[] }> {
    const { candidates } = await this.candidates(customerCode, today);
    return { today, savings: savings(candidates, today) };
  }

  /**
   * Applies candidates of a fresh harvest run: releases each licence through its group, or for a
   * downgrade gives the smaller product first and then takes the bigger one. One transaction per
   * licence, audited with the actor; a licence that changed since is skipped.
   */
  async apply(actor: string, filter: { customerCode?: string; reasons?: HarvestReason[]; assignmentIds?: string[] }): Promise<AppliedCandidate[]> {
    const today = stockholmDate(this.options.now());
    const { candidates } = await this.candidates(filter.customerCode, today);
    const chosen = candidates.filter((c) => (!filter.reasons || filter.reasons.includes(c.reason)) && (!filter.assignmentIds || filter.assignmentIds.includes(c.assignmentId)));
    const applied: AppliedCandidate[] = [];
    for (const c of chosen) {
      const outcome = await this.dataSource.transaction(async (manager): Promise<AppliedCandidate['outcome']> => {
        const change = { manager, actor, correlationId: '', causationId: '' };
        const assignment = await this.assignments.findById(manager, c.assignmentId);
        if (!assignment || assignment.toDate) return 'already-gone';
        const holder = await this.holders.find(manager, c.account);
        const sam = holder?.samAccountName ?? (await this.assignments.entitlementsOf(manager, c.account))[0]?.samAccountName ?? null;
        await this.licences.release(change, assignment, sam, today, `harvest:${c.reason}`);
        // A downgrade: the smaller product the role needs comes into force under its own entitlement.
        if (c.downgradeTo && sam) {
          const given = await this.licences.realiseCovered(change, assignment, sam, today);
          if (!given.some((g) => g.productCode === c.downgradeTo)) {
            await this.licences.assign(change, { accountId: c.account, customerCode: c.customer, productCode: c.downgradeTo, samAccountName: sam, source: 'harvest', cause: `harvest:downgrade from ${c.product}`, onDate: today });
          }
        }
        await this.audit.append(manager, {
          actor,
          action: c.downgradeTo ? 'downgraded' : 'released',
          accountId: c.account,
          productCode: c.product,
          cause: `harvest:${c.reason}`,
          detail: { assignmentId: c.assignmentId, downgradeTo: c.downgradeTo, monthlySavingSek: c.monthlySavingSek, countsFrom: c.countsFrom },
        });
        return c.downgradeTo ? 'downgraded' : 'released';
      });
      applied.push({ assignmentId: c.assignmentId, account: c.account, product: c.product, reason: c.reason, outcome, downgradeTo: c.downgradeTo });
    }
    return applied;
  }

  /** The harvest as a workbook for the board's decision: candidates, totals per customer, savings per customer and product. */
  async workbook(customerCode?: string): Promise<Buffer> {
    const today = stockholmDate(this.options.now());
    const answer = await this.candidates(customerCode, today);
    const book = new ExcelJS.Workbook();
    book.creator = 'itops licence';
    book.created = this.options.now();
    const money = '#,##0.00';
    const list = book.addWorksheet('Candidates');
    list.columns = [
      { header: 'Customer', key: 'customer', width: 10 },
      { header: 'Account', key: 'samAccountName', width: 22 },
      { header: 'Account id', key: 'account', width: 38 },
      { header: 'Product', key: 'product', width: 14 },
      { header: 'Reason', key: 'reason', width: 18 },
      { header: 'Downgrade to', key: 'downgradeTo', width: 14 },
      { header: 'Monthly saving (SEK)', key: 'monthlySavingSek', width: 20, style: { numFmt: money } },
      { header: 'Counts from', key: 'countsFrom', width: 12 },
      { header: 'Decision', key: 'decision', width: 12 },
    ];
    for (const c of answer.candidates) list.addRow({ ...c, samAccountName: c.samAccountName ?? '', downgradeTo: c.downgradeTo ?? '', monthlySavingSek: Number(c.monthlySavingSek), decision: '' });
    list.getRow(1).font = { bold: true };
    list.views = [{ state: 'frozen', ySplit: 1 }];
    const totals = book.addWorksheet('Totals');
    totals.columns = [
      { header: 'Customer', key: 'customer', width: 10 },
      { header: 'Candidates', key: 'candidates', width: 12 },
      { header: 'Monthly saving (SEK)', key: 'monthlySavingSek', width: 20, style: { numFmt: money } },
    ];
    for (const t of answer.totals) totals.addRow({ ...t, monthlySavingSek: Number(t.monthlySavingSek) });
    totals.getRow(1).font = { bold: true };
    const sheet = book.addWorksheet('Savings');
    sheet.columns = [
      { header: 'Customer', key: 'customer', width: 10 },
      { header: 'Product', key: 'product', width: 14 },
      { header: 'Licences', key: 'licences', width: 10 },
      { header: 'Per month (SEK)', key: 'monthlySek', width: 16, style: { numFmt: money } },
      { header: 'Per year (SEK)', key: 'yearlySek', width: 16, style: { numFmt: money } },
      { header: 'Next 12 months (SEK)', key: 'next12MonthsSek', width: 20, style: { numFmt: money } },
      { header: 'Counts from', key: 'countsFrom', width: 12 },
    ];
    for (const s of savings(answer.candidates, today)) sheet.addRow({ ...s, monthlySek: Number(s.monthlySek), yearlySek: Number(s.yearlySek), next12MonthsSek: Number(s.next12MonthsSek) });
    sheet.getRow(1).font = { bold: true };
    return Buffer.from(await book.xlsx.writeBuffer());
  }
}

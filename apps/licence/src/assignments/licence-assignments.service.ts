import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { create, LicenceAction, LicenceAssignmentChangedSchema, newEnvelope, Topics } from '@itops/shared/contracts';
import { EventPublisher } from '@itops/shared/messaging';
import type { EntityManager } from '@itops/shared/persistence';
import { Assignment, AssignmentRepository, AssignmentSource, CatalogueRepository, LicenceAuditRepository } from '@itops/licence/data-access';
import { covers, LicenceException, LicenceExceptionCode, Product } from '@itops/licence/domain';
import { LicenceGroupsGateway } from '../directory/licence-groups.gateway';

/** The transaction a change is written in, who or what asked for it, and the event or request behind it. */
export interface ChangeContext {
  manager: EntityManager;
  /** A subject (JWT sub) or "licence" for the service's own rules. */
  actor: string;
  correlationId: string;
  causationId: string;
}

export interface NewAssignment {
  accountId: string;
  customerCode: string;
  productCode: string;
  samAccountName: string;
  source: AssignmentSource;
  cause: string;
  /** First day held, YYYY-MM-DD (Stockholm). */
  onDate: string;
  poolCode?: string | null;
  overflow?: boolean;
  bookingId?: string | null;
}

/**
 * The one way a licence is given or taken: the product's licence group in AD, the assignment
 * row, an audit entry and licence.assignment.v1 (the usage fact metering bills at cost), all
 * for one change. AD goes first: when it refuses, nothing is recorded and the event is retried;
 * when the database then fails, the retry finds the membership already there (idempotent).
 */
@Injectable()
export class LicenceAssignments {
  constructor(
    private readonly assignments: AssignmentRepository,
    private readonly catalogue: CatalogueRepository,
    private readonly groups: LicenceGroupsGateway,
    private readonly audit: LicenceAuditRepository,
    private readonly publisher: EventPublisher,
  ) {}

  /**
   * Gives the account the product unless it holds it already (then the open assignment is returned
   * as it is) or holds a bigger product that serves as it (E3 held, F3 entitled: nothing is added,
   * `coveredBy` names E3; the F3 follows when E3 goes, see realiseCovered).
   */
  async assign(ctx: ChangeContext, a: NewAssignment): Promise<{ assignment: Assignment | undefined; created: boolean; coveredBy?: string }> {
    const { manager } = ctx;
    const product = await this.catalogue.product(manager, a.productCode);
    if (!product) {
      throw new LicenceException(LicenceExceptionCode.UNKNOWN_PRODUCT, `product "${a.productCode}" is not in the catalogue; import it with "itops licence products import" first`);
    }
    const open = await this.assignments.findOpen(manager, a.accountId, a.productCode);
    if (open) return { assignment: open, created: false };
    if (a.source !== 'substitute-pool') {
      const catalogue = await this.catalogueMap(ctx);
      const bigger = (await this.assignments.openOf(manager, a.accountId)).find((held) => covers(held.productCode, a.productCode, catalogue));
      if (bigger) return { assignment: undefined, created: false, coveredBy: bigger.productCode };
    }
    const contract = await this.catalogue.pickContract(manager, a.productCode, a.onDate);
    // A licence given by a role or request counts against the customer's (else the city-wide)
    // standard pool of the product when there is one; beyond its size it is still given, flagged.
    let poolCode = a.poolCode ?? null;
    let overflow = a.overflow ?? false;
    if (poolCode === null && a.source !== 'substitute-pool') {
      const pool = await this.catalogue.pickPool(manager, a.customerCode, 'standard', a.productCode);
      if (pool) {
        poolCode = pool.code;
        overflow = pool.used >= pool.size;
      }
    }
    if (product.groupDn) await this.groups.add(a.samAccountName, product.groupDn);
    const assignment: Assignment = {
      id: uuidv7(),
      accountId: a.accountId,
      customerCode: a.customerCode,
      productCode: a.productCode,
      source: a.source,
      cause: a.cause,
      contractReference: contract?.reference ?? null,
      poolCode,
      overflow,
      bookingId: a.bookingId ?? null,
      // Passed on at cost: the contract's unit price; the list price when no contract covers the day.
      unitCostSek: contract?.unitPriceSek ?? product.monthlyPriceSek,
      fromDate: a.onDate,
      toDate: null,
      releasedReason: null,
    };
    await this.assignments.insert(manager, assignment);
    await this.audit.append(manager, {
      actor: ctx.actor,
      action: 'assigned',
      accountId: a.accountId,
      productCode: a.productCode,
      cause: a.cause,
      detail: { assignmentId: assignment.id, source: a.source, contract: assignment.contractReference, pool: assignment.poolCode, overflow: assignment.overflow, group: product.groupDn },
    });
    await this.announce(ctx, assignment, LicenceAction.ASSIGNED, a.onDate);
    return { assignment, created: true };
  }

  /**
   * Takes the licence back from `onDate` (the first day without it; the assignment's last day is
   * the day before). Returns false when it was already released.
   */
  async release(ctx: ChangeContext, assignment: Assignment, samAccountName: string | null, onDate: string, reason: string): Promise<boolean> {
    const { manager } = ctx;
    const product = await this.catalogue.product(manager, assignment.productCode);
    if (product?.groupDn && samAccountName) await this.groups.remove(samAccountName, product.groupDn);
    const lastDay = new Date(`${onDate}T00:00:00Z`);
    lastDay.setUTCDate(lastDay.getUTCDate() - 1);
    if (!(await this.assignments.close(manager, assignment.id, lastDay.toISOString().slice(0, 10), reason))) return false;
    await this.audit.append(manager, {
      actor: ctx.actor,
      action: 'released',
      accountId: assignment.accountId,
      productCode: assignment.productCode,
      cause: reason,
      detail: { assignmentId: assignment.id, source: assignment.source, group: product?.groupDn ?? null },
    });
    await this.announce(ctx, assignment, LicenceAction.RELEASED, onDate);
    return true;
  }

  /**
   * After `released` went (revoked or harvested), gives the account what its remaining
   * entitlements still need and the released product had covered: E3 requested and revoked, F3
   * from the role comes back into force.
   */
  async realiseCovered(ctx: ChangeContext, released: Assignment, samAccountName: string, onDate: string): Promise<Assignment[]> {
    const catalogue = await this.catalogueMap(ctx);
    const given: Assignment[] = [];
    const remaining = await this.assignments.entitlementsOf(ctx.manager, released.accountId);
    // Biggest first, so F3 is not added when E3 is still entitled as well.
    const order = (p: string) => -[...catalogue.keys()].filter((q) => covers(p, q, catalogue)).length;
    for (const e of [...remaining].sort((x, y) => order(x.productCode) - order(y.productCode))) {
      if (!covers(released.productCode, e.productCode, catalogue)) continue;
      const result = await this.assign(ctx, { accountId: e.accountId, customerCode: e.customerCode, productCode: e.productCode, samAccountName, source: e.source, cause: e.cause, onDate });
      if (result.created && result.assignment) given.push(result.assignment);
    }
    return given;
  }

  private async catalogueMap(ctx: ChangeContext): Promise<Map<string, Product>> {
    return new Map((await this.catalogue.products(ctx.manager)).map((p) => [p.code, p]));
  }

  private async announce(ctx: ChangeContext, a: Assignment, action: LicenceAction, effectiveDate: string): Promise<void> {
    await this.publisher.publish(
      ctx.manager,
      Topics.licenceAssignment,
      create(LicenceAssignmentChangedSchema, {
        envelope: newEnvelope({ source: 'licence', eventType: Topics.licenceAssignment.eventType, correlationId: ctx.correlationId, causationId: ctx.causationId }),
        assignmentId: a.id,
        accountId: a.accountId,
        customerCode: a.customerCode,
        productCode: a.productCode,
        action,
        effectiveDate,
        unitCostSek: a.unitCostSek ?? '',
        source: a.source === 'manual' ? 'request' : a.source,
      }),
    );
  }
}

import { Body, Controller, Get, Put, Query, UseInterceptors } from '@nestjs/common';
import { AuthUser, CurrentUser, Role, Roles } from '@itops/shared/auth';
import { DataSource } from '@itops/shared/persistence';
import { DomainCodes } from '@itops/shared/service';
import { CatalogueRepository, ContractUsage, LicenceAuditRepository, PoolUsage } from '@itops/licence/data-access';
import { checkContracts, checkPools, checkProducts, Product } from '@itops/licence/domain';
import { licenceStatusByCode, optionalCustomer } from '../licence-error-status';

const READERS = [Role.LicenceManager, Role.Operator, Role.Admin, Role.Auditor, Role.ServiceDesk] as const;

/**
 * Products (with their licence group and what they serve as), supplier contracts and pools, as
 * licence managers keep them. An import upserts by code or reference and is audited.
 */
@Controller('v1')
@UseInterceptors(new DomainCodes(licenceStatusByCode))
export class CatalogueController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueRepository,
    private readonly audit: LicenceAuditRepository,
  ) {}

  @Get('products')
  @Roles(...READERS)
  products(): Promise<Product[]> {
    return this.catalogue.products();
  }

  @Put('products')
  @Roles(Role.LicenceManager, Role.Admin)
  async importProducts(@CurrentUser() user: AuthUser, @Body() body: unknown): Promise<{ imported: number; products: Product[] }> {
    const products = checkProducts(listOf(body, 'products'));
    await this.dataSource.transaction(async (manager) => {
      await this.catalogue.saveProducts(manager, products);
      await this.audit.append(manager, { actor: user.subject, action: 'imported', accountId: null, productCode: null, cause: 'products import', detail: { codes: products.map((p) => p.code) } });
    });
    return { imported: products.length, products: await this.catalogue.products() };
  }

  @Get('contracts')
  @Roles(...READERS)
  contracts(): Promise<ContractUsage[]> {
    return this.catalogue.contracts();
  }

  @Put('contracts')
  @Roles(Role.LicenceManager, Role.Admin)
  async importContracts(@CurrentUser() user: AuthUser, @Body() body: unknown): Promise<{ imported: number; contracts: ContractUsage[] }> {
    const codes = new Set((await this.catalogue.products()).map((p) => p.code));
    const contracts = checkContracts(listOf(body, 'contracts'), codes);
    await this.dataSource.transaction(async (manager) => {
      await this.catalogue.saveContracts(manager, contracts);
      await this.audit.append(manager, { actor: user.subject, action: 'imported', accountId: null, productCode: null, cause: 'contracts import', detail: { references: contracts.map((c) => c.reference) } });
    });
    return { imported: contracts.length, contracts: await this.catalogue.contracts() };
  }

  /** Pools with the licences taken from them now; `overflow` counts bookings served beyond the size. */
  @Get('pools')
  @Roles(...READERS)
  pools(@Query('customer') customer?: string): Promise<PoolUsage[]> {
    return this.catalogue.pools(undefined, optionalCustomer(customer));
  }

  @Put('pools')
  @Roles(Role.LicenceManager, Role.Admin)
  async importPools(@CurrentUser() user: AuthUser, @Body() body: unknown): Promise<{ imported: number; pools: PoolUsage[] }> {
    const codes = new Set((await this.catalogue.products()).map((p) => p.code));
    const pools = checkPools(listOf(body, 'pools'), codes);
    await this.dataSource.transaction(async (manager) => {
      await this.catalogue.savePools(manager, pools);
      await this.audit.append(manager, { actor: user.subject, action: 'imported', accountId: null, productCode: null, cause: 'pools import', detail: { codes: pools.map((p) => p.code) } });
    });
    return { imported: pools.length, pools: await this.catalogue.pools() };
  }
}

/** The list of an import body: the list itself, or `{ <name>: [...] }` as the YAML files have it. */
function listOf(body: unknown, name: string): unknown {
  if (Array.isArray(body)) return body;
  return (body as Record<string, unknown> | null)?.[name];
}

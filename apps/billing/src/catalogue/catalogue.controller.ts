import { BadRequestException, Body, Controller, Get, HttpCode, Post, Query, UseInterceptors } from '@nestjs/common';
import { Role, Roles } from '@itops/shared/auth';
import { DomainCodes } from '@itops/shared/service';
import { Agreement, AgreementImport, Customer, CustomerImport, parseAgreements, parseCustomers, parsePriceList, PriceListImport } from '@itops/billing/domain';
import { BillingRepository } from '@itops/billing/data-access';
import { BILLING_HTTP_STATUS } from '../billing-http.codes';

function csvBody(body: unknown, what: string): Buffer {
  if (!Buffer.isBuffer(body) || body.length === 0) throw new BadRequestException(`send the ${what} as the request body with Content-Type: text/csv`);
  return body;
}

function csvEncoding(encoding: string | undefined): 'utf8' | 'latin1' {
  if (encoding === undefined || encoding === 'utf8' || encoding === 'latin1') return encoding ?? 'utf8';
  throw new BadRequestException(`encoding "${encoding}" is not supported; expected utf8 or latin1`);
}

/** The catalogue billing prices from: the price list (prislista), customers (kunder) and agreements (kundavtal). */
@Controller('v1')
@UseInterceptors(new DomainCodes(BILLING_HTTP_STATUS))
export class CatalogueController {
  constructor(private readonly billing: BillingRepository) {}

  /** Imports a price list CSV; bad rows are reported with line and reason, good rows are kept. */
  @Post('price-lists')
  @HttpCode(200)
  @Roles(Role.Admin)
  async importPriceList(@Body() body: unknown, @Query('encoding') encoding?: string): Promise<{ accepted: number; rejected: PriceListImport['rejected'] }> {
    const { entries, rejected } = parsePriceList(csvBody(body, 'price list'), { encoding: csvEncoding(encoding) });
    await this.billing.savePriceList(entries);
    return { accepted: entries.length, rejected };
  }

  /** Imports the customer file (kundkod;namn;typ;kostnadsstallen); bad rows are reported, good rows kept. */
  @Post('customers')
  @HttpCode(200)
  @Roles(Role.Admin)
  async importCustomers(@Body() body: unknown, @Query('encoding') encoding?: string): Promise<{ accepted: number; rejected: CustomerImport['rejected'] }> {
    const { customers, rejected } = parseCustomers(csvBody(body, 'customer file'), { encoding: csvEncoding(encoding) });
    await this.billing.saveCustomers(customers);
    return { accepted: customers.length, rejected };
  }

  @Get('customers')
  @Roles(Role.Admin, Role.ServiceDesk, Role.Auditor, Role.Operator)
  async customers(): Promise<{ customers: Customer[] }> {
    return { customers: await this.billing.customers() };
  }

  /**
   * Imports agreements (kundkod;tjanstekod;giltig_fran;giltig_till): each row's customer must
   * be in the customer register and its offering in the price list; bad rows are reported,
   * good rows kept.
   */
  @Post('agreements')
  @HttpCode(200)
  @Roles(Role.Admin)
  async importAgreements(@Body() body: unknown, @Query('encoding') encoding?: string): Promise<{ accepted: number; rejected: AgreementImport['rejected'] }> {
    const bytes = csvBody(body, 'agreement file');
    const [customers, priceList] = await Promise.all([this.billing.customers(), this.billing.priceList()]);
    const { agreements, rejected } = parseAgreements(bytes, {
      encoding: csvEncoding(encoding),
      knownCustomerCodes: customers.map((customer) => customer.code),
      knownOfferingCodes: priceList.map((entry) => entry.offeringCode),
    });
    await this.billing.saveAgreements(agreements);
    return { accepted: agreements.length, rejected };
  }

  @Get('agreements')
  @Roles(Role.Admin, Role.ServiceDesk, Role.Auditor)
  async agreements(): Promise<{ agreements: Agreement[] }> {
    return { agreements: await this.billing.agreements() };
  }
}

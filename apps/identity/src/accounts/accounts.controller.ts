import { BadRequestException, Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { Role, Roles } from '@itops/shared/auth';
import { AccountRepository } from '@itops/identity/data-access';
import { AccountView, accountView } from './account.view';

const SAM_ACCOUNT_NAME = /^[A-Za-z0-9._-]{1,20}$/;
const PERSON_ID = /^[A-Za-z0-9._:-]{1,100}$/;

@Controller('v1/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountRepository) {}

  /** One account by its name (sAMAccountName), in any case. */
  @Get(':sam')
  @Roles(Role.Operator, Role.ServiceDesk, Role.Auditor)
  async bySamAccountName(@Param('sam') sam: string): Promise<AccountView> {
    if (!SAM_ACCOUNT_NAME.test(sam)) {
      throw new BadRequestException(`sam "${sam}" is not an account name; expected 1-20 letters, digits, '.', '_' or '-', e.g. anna.svensson`);
    }
    const account = await this.accounts.findBySamAccountName(sam);
    if (!account) throw new NotFoundException(`no account named "${sam}"`);
    return accountView(account);
  }

  /** The accounts of a person, by the pseudonymous person id: at most one live, and the deleted ones as records. */
  @Get()
  @Roles(Role.Operator, Role.ServiceDesk, Role.Auditor)
  async byPerson(@Query('personId') personId?: string): Promise<{ personId: string; accounts: AccountView[] }> {
    if (!personId || !PERSON_ID.test(personId)) {
      throw new BadRequestException(`personId "${personId ?? ''}" is not a person id; expected the pseudonymous id of hr.employment events (1-100 letters, digits, '.', '_', ':' or '-')`);
    }
    const accounts = await this.accounts.allOfPerson(personId);
    return { personId, accounts: accounts.map(accountView) };
  }
}

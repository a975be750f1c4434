import { Logger } from '@nestjs/common';
import { QueryErrorLogger } from './query-error.logger';

describe('QueryErrorLogger', () => {
  it('logs the failing statement, the error code and message, and none of the parameters', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const error = Object.assign(new Error('duplicate key value violates unique constraint "account_sam_account_name"'), { code: '23505' });
    new QueryErrorLogger().logQueryError(error, 'INSERT INTO "account"("sam_account_name", "dn")\n   VALUES ($1, $2)', ['annsve01', 'CN=Anna Svensson,OU=N138']);
    expect(warn).toHaveBeenCalledTimes(1);
    const [line] = warn.mock.calls[0] as [Record<string, unknown>];
    expect(line).toEqual({
      msg: 'query failed',
      statement: 'INSERT INTO "account"("sam_account_name", "dn") VALUES ($1, $2)',
      code: '23505',
      err: 'duplicate key value violates unique constraint "account_sam_account_name"',
    });
    expect(JSON.stringify(line)).not.toMatch(/annsve01|Svensson/);
    warn.mockRestore();
  });
});

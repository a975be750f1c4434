import { BillingExceptionCode } from '../billing.exception';
import { parseCostEntry } from './cost-entry.model';

const body = { offering: 'M365-E3', period: '2026-03', amountSek: '125000.5', source: 'licence-contract', note: 'EA 2026-118' };

describe('parseCostEntry', () => {
  it('reads a cost entry with its amount in öre', () => {
    expect(parseCostEntry(body)).toEqual({ offeringCode: 'M365-E3', period: '2026-03', amountSek: '125000.50', source: 'licence-contract', note: 'EA 2026-118' });
  });

  it('takes a supplier credit and no note', () => {
    expect(parseCostEntry({ ...body, amountSek: '-1200', source: 'device-lease', note: undefined })).toMatchObject({ amountSek: '-1200.00', note: null });
  });

  it.each([
    ['offering', { offering: '' }, 'is not an offering code'],
    ['period', { period: '2026-13' }, 'is not a month; expected YYYY-MM'],
    ['amountSek', { amountSek: 125000.5 }, 'a JSON number is refused'],
    ['amountSek', { amountSek: '1 250,00' }, 'is not an amount'],
    ['amountSek', { amountSek: '10.005' }, 'at most 2 decimals'],
    ['source', { source: 'invoice' }, 'use one of licence-contract, device-lease, entered'],
    ['note', { note: 'x'.repeat(501) }, 'at most 500 characters'],
    ['note', { note: 17 }, 'must be text'],
  ])('refuses a bad %s, naming the field', (field, change, says) => {
    expect(() => parseCostEntry({ ...body, ...change })).toThrow(
      expect.objectContaining({ code: BillingExceptionCode.INVALID_COST, message: expect.stringMatching(new RegExp(`^${field}: .*${says.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)) }),
    );
  });
});

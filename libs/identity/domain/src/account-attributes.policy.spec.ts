import { AccountEmployment, AccountHolder, accountAttributesFor, employeeIdOf } from './account-attributes.policy';
import { IdentityExceptionCode } from './identity.exception';

const employment: AccountEmployment = {
  employmentId: '10001',
  rate: 100,
  startDate: '2026-01-01',
  endDate: null,
  customerCode: 'N138',
  unitName: 'Hemtjänst Centrum',
  jobTitle: 'Undersköterska',
};
const anna: AccountHolder = { givenName: 'Åsa', surname: 'Öberg*)(', protectedIdentity: false };

describe('accountAttributesFor', () => {
  it('gives a person their names, unit, title, customer and employment id as HR spells them', () => {
    expect(accountAttributesFor(anna, employment, 'asa.oberg')).toEqual({
      cn: 'Åsa Öberg*)(',
      cnIfTaken: 'Åsa Öberg*)( (asa.oberg)',
      displayName: 'Åsa Öberg*)(',
      givenName: 'Åsa',
      sn: 'Öberg*)(',
      department: 'Hemtjänst Centrum',
      title: 'Undersköterska',
      company: 'N138',
      employeeID: '10001',
      hiddenFromAddressLists: false,
    });
  });

  it('names the manager’s account when the manager has one', () => {
    const manager = 'CN=Karin Berg,OU=N138,OU=itops,DC=itops,DC=test';
    expect(accountAttributesFor(anna, employment, 'asa.oberg', manager).manager).toBe(manager);
    expect(accountAttributesFor(anna, employment, 'asa.oberg', null)).not.toHaveProperty('manager');
  });

  it('gives a protected identity the account name and employment id only: no manager, hidden from address lists', () => {
    const hidden: AccountHolder = { givenName: null, surname: null, protectedIdentity: true };
    const manager = 'CN=Karin Berg,OU=N138,OU=itops,DC=itops,DC=test';
    expect(accountAttributesFor(hidden, { ...employment, unitName: null }, 'u10001', manager)).toEqual({
      cn: 'u10001',
      cnIfTaken: 'u10001',
      displayName: 'u10001',
      employeeID: '10001',
      hiddenFromAddressLists: true,
    });
  });

  it('leaves out what HR left empty', () => {
    const attributes = accountAttributesFor(anna, { ...employment, unitName: ' ', jobTitle: null }, 'asa.oberg');
    expect(attributes.department).toBeUndefined();
    expect(attributes.title).toBeUndefined();
  });

  it.each([
    ['cn', 64],
    ['cnIfTaken', 64],
    ['department', 64],
    ['title', 128],
  ] as const)('cuts %s to AD’s upper range of %i', (attribute, max) => {
    const long = 'Å'.repeat(300);
    const attributes = accountAttributesFor({ ...anna, givenName: long }, { ...employment, unitName: long, jobTitle: long }, 'asa.oberg');
    expect([...(attributes[attribute] ?? '')]).toHaveLength(max);
  });

  it('keeps the account name whole in the CN for a namesake', () => {
    const attributes = accountAttributesFor({ ...anna, givenName: 'B'.repeat(80) }, employment, 'bbbbbbbb.oberg2');
    expect(attributes.cnIfTaken).toMatch(/ \(bbbbbbbb\.oberg2\)$/);
  });
});

describe('employeeIdOf', () => {
  it.each(['1', '1234567890123456'])('takes %j as it is', (id) => {
    expect(employeeIdOf(id)).toBe(id);
  });

  it.each(['', '12345678901234567'])('refuses %j, which does not fit AD', (id) => {
    expect(() => employeeIdOf(id)).toThrow(expect.objectContaining({ code: IdentityExceptionCode.INVALID_ARGUMENT }));
  });
});

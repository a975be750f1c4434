import { type AuthUser, canViewCustomer } from './auth-user.model';
import { Role } from './role.enum';

const user = (roles: Role[], customers: string[] = []): AuthUser => ({ subject: 's', roles, customers });

describe('canViewCustomer', () => {
  it.each([
    ['customer viewer, own organisation', user([Role.CustomerViewer], ['N138', 'B110']), 'B110', true],
    ['customer viewer, other organisation', user([Role.CustomerViewer], ['N138']), 'K171', false],
    ['customer viewer without organisations', user([Role.CustomerViewer]), 'N138', false],
    ['customer viewer who is also service desk', user([Role.CustomerViewer, Role.ServiceDesk], ['N138']), 'K171', true],
    ['service desk', user([Role.ServiceDesk]), 'K171', true],
    ['operator', user([Role.Operator]), 'I060', true],
    ['licence manager', user([Role.LicenceManager]), 'I060', true],
    ['auditor', user([Role.Auditor]), 'I060', true],
    ['admin', user([Role.Admin]), 'I060', true],
    ['no roles, organisation listed', user([], ['N138']), 'N138', false],
  ])('%s sees %s: %s', (_case, caller, customer, expected) => {
    expect(canViewCustomer(caller, customer)).toBe(expected);
  });
});

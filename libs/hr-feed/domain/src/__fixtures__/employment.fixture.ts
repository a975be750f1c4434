import { Employment } from '../employment.model';

/**
 * An ordinary open-ended, full-time permanent employment as HR exports it (the same person and
 * unit as the good row in the snapshot specs); a spec states only the fields its case is about.
 */
export const employmentWith = (overrides: Partial<Employment> = {}): Employment => ({
  employmentId: '1001',
  personnummer: '198507099805',
  givenName: 'Anna',
  surname: 'Svensson',
  customerCode: 'N138',
  unitCode: 'U100',
  unitName: 'Hemtjänst Centrum',
  costCentre: '4711',
  jobCode: 'AID123',
  jobTitle: 'Undersköterska',
  form: 'TV',
  rate: 100,
  startDate: '2024-01-15',
  endDate: null,
  managerEmploymentId: '9001',
  protectedIdentity: false,
  ...overrides,
});

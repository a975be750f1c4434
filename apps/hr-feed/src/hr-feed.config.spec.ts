import { ConfigException, isSecretVariable, loadConfig } from '@itops/shared/config';
import { hrFeedConfigSchema, LOCAL_ONLY_PERSON_ID_SECRET } from './hr-feed.config';

describe('hr-feed config', () => {
  it('has the local-stack defaults', () => {
    expect(loadConfig(hrFeedConfigSchema, {})).toMatchObject({
      ITOPS_HTTP_PORT: 3101,
      ITOPS_PG_DATABASE: 'itops_hr_feed',
      ITOPS_HR_PERSON_ID_SECRET: LOCAL_ONLY_PERSON_ID_SECRET,
      ITOPS_HR_MAX_LEAVER_SHARE: 0.05,
    });
  });

  it('reads the leaver share as a number', () => {
    expect(loadConfig(hrFeedConfigSchema, { ITOPS_HR_MAX_LEAVER_SHARE: '0.1' }).ITOPS_HR_MAX_LEAVER_SHARE).toBe(0.1);
  });

  it.each([
    ['ITOPS_HR_PERSON_ID_SECRET', 'too-short', /ITOPS_HR_PERSON_ID_SECRET: must be at least 16 characters.*\(value hidden\)/],
    ['ITOPS_HR_MAX_LEAVER_SHARE', '5', /ITOPS_HR_MAX_LEAVER_SHARE: must be a number from 0 to 1/],
    ['ITOPS_HR_MAX_LEAVER_SHARE', '-0.1', /ITOPS_HR_MAX_LEAVER_SHARE: must be a number from 0 to 1/],
    ['ITOPS_HR_MAX_LEAVER_SHARE', 'five percent', /ITOPS_HR_MAX_LEAVER_SHARE: must be a number from 0 to 1/],
  ])('refuses %s=%s, naming the variable', (name, value, message) => {
    expect(() => loadConfig(hrFeedConfigSchema, { [name]: value })).toThrow(ConfigException);
    expect(() => loadConfig(hrFeedConfigSchema, { [name]: value })).toThrow(message);
  });

  it('treats the person id secret as a secret', () => {
    expect(isSecretVariable('ITOPS_HR_PERSON_ID_SECRET')).toBe(true);
  });
});

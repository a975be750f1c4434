// The workspace's projects, their folders and their Nx tags (scope and type).
// tools/scaffold.mjs writes project.json files and tsconfig paths from this list.
export const services = ['hr-feed', 'identity', 'licence', 'device', 'metering', 'billing'];

export const projects = [
  ...services.map((s) => ({ name: s, root: `apps/${s}`, scope: s, type: 'app' })),
  { name: 'cli', root: 'apps/cli', scope: 'cli', type: 'app' },
  { name: 'shared-calendar', root: 'libs/shared/calendar', scope: 'shared', type: 'util', alias: '@itops/shared/calendar' },
  { name: 'shared-config', root: 'libs/shared/config', scope: 'shared', type: 'util', alias: '@itops/shared/config' },
  { name: 'shared-contracts', root: 'libs/shared/contracts', scope: 'shared', type: 'contracts', alias: '@itops/shared/contracts' },
  { name: 'shared-messaging', root: 'libs/shared/messaging', scope: 'shared', type: 'data-access', alias: '@itops/shared/messaging' },
  { name: 'shared-persistence', root: 'libs/shared/persistence', scope: 'shared', type: 'data-access', alias: '@itops/shared/persistence' },
  { name: 'shared-telemetry', root: 'libs/shared/telemetry', scope: 'shared', type: 'util', alias: '@itops/shared/telemetry' },
  { name: 'shared-auth', root: 'libs/shared/auth', scope: 'shared', type: 'feature', alias: '@itops/shared/auth' },
  { name: 'shared-ldap', root: 'libs/shared/ldap', scope: 'shared', type: 'util', alias: '@itops/shared/ldap' },
  { name: 'shared-service', root: 'libs/shared/service', scope: 'shared', type: 'feature', alias: '@itops/shared/service' },
  { name: 'shared-testing', root: 'libs/shared/testing', scope: 'shared', type: 'data-access', alias: '@itops/shared/testing' },
  { name: 'hr-feed-domain', root: 'libs/hr-feed/domain', scope: 'hr-feed', type: 'domain', alias: '@itops/hr-feed/domain' },
  { name: 'hr-feed-data-access', root: 'libs/hr-feed/data-access', scope: 'hr-feed', type: 'data-access', alias: '@itops/hr-feed/data-access' },
  { name: 'identity-domain', root: 'libs/identity/domain', scope: 'identity', type: 'domain', alias: '@itops/identity/domain' },
  { name: 'identity-data-access', root: 'libs/identity/data-access', scope: 'identity', type: 'data-access', alias: '@itops/identity/data-access' },
  { name: 'licence-domain', root: 'libs/licence/domain', scope: 'licence', type: 'domain', alias: '@itops/licence/domain' },
  { name: 'licence-data-access', root: 'libs/licence/data-access', scope: 'licence', type: 'data-access', alias: '@itops/licence/data-access' },
  { name: 'device-domain', root: 'libs/device/domain', scope: 'device', type: 'domain', alias: '@itops/device/domain' },
  { name: 'device-data-access', root: 'libs/device/data-access', scope: 'device', type: 'data-access', alias: '@itops/device/data-access' },
  { name: 'metering-domain', root: 'libs/metering/domain', scope: 'metering', type: 'domain', alias: '@itops/metering/domain' },
  { name: 'metering-data-access', root: 'libs/metering/data-access', scope: 'metering', type: 'data-access', alias: '@itops/metering/data-access' },
  { name: 'billing-domain', root: 'libs/billing/domain', scope: 'billing', type: 'domain', alias: '@itops/billing/domain' },
  { name: 'billing-data-access', root: 'libs/billing/data-access', scope: 'billing', type: 'data-access', alias: '@itops/billing/data-access' },
];

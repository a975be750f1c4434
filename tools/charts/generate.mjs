#!/usr/bin/env node
// Generates the six thin service charts (Chart.yaml, values.yaml, values.schema.json,
// templates/), the umbrella chart's Chart.yaml, values.yaml, values.schema.json and NOTES.txt,
// and the value tables in charts/README.md, all from the single value specification below, so
// the documented values, their defaults and their JSON Schema cannot drift apart.
//
//   node tools/charts/generate.mjs           write the files
//   node tools/charts/generate.mjs --check   exit 1 (listing the files) when any is out of date
//
// Plain ESM, Node >= 20, no dependencies.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CHARTS = join(ROOT, 'charts');

const CHART_VERSION = '0.1.0';
const APP_VERSION = '0.1.0';
const LIB = { name: 'itops-lib', version: CHART_VERSION };

/** The services; `ldap` marks those that talk to Active Directory (identity: accounts; licence: licence groups). */
const SERVICES = [
  { name: 'hr-feed', db: 'hr_feed', summary: 'HR snapshots and employments; emits hr.employment events' },
  { name: 'identity', db: 'identity', ldap: true, summary: 'persons, accounts, roles, access requests and AD reconciliation over LDAPS' },
  { name: 'licence', db: 'licence', ldap: true, summary: 'licence products, contracts, pools, assignments (group-based licensing in AD over LDAPS) and harvesting' },
  { name: 'device', db: 'device', summary: 'PCs, iPads and mobiles: leasing, assignment, return and reuse' },
  { name: 'metering', db: 'metering', summary: 'append-only usage ledger and volumes per customer, offering and period' },
  { name: 'billing', db: 'billing', summary: 'price lists, agreements, billing runs, invoices and exports' },
];

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'];
/** SASL mechanisms the services' Kafka client accepts (kafkaSchema in libs/shared/config). */
const SASL_MECHANISMS = ['scram-sha-512', 'scram-sha-256', 'plain'];
/** Empty, or `host:port` entries separated by commas. */
const BROKERS = '^$|^[^,\\s]+:[0-9]+(,[^,\\s]+:[0-9]+)*$';
/** An http(s) URL (the services check `z.string().url()`; OIDC endpoints are http(s)). */
const HTTP_URL = '^https?://[^\\s]+$';
/** A lower-case PostgreSQL identifier, as postgresSchema requires of ITOPS_PG_DATABASE. */
const PG_IDENTIFIER = '^[a-z_][a-z0-9_]*$';
/**
 * A DN of OU=, CN=, O= and DC= parts, as identity.config.ts checks them (its regex is
 * case-insensitive; JSON Schema patterns have no flags, hence the character classes).
 */
const DN = String.raw`^(?:(?:[Oo][Uu]|[Dd][Cc]|[Cc][Nn]|[Oo])=(?:\\.|[^,=\\])+)(?:,(?:[Oo][Uu]|[Dd][Cc]|[Cc][Nn]|[Oo])=(?:\\.|[^,=\\])+)*$`;

// ---------------------------------------------------------------------------------------------
// Specification nodes
//   obj(key, desc, children, opts)   a map of documented values (additionalProperties: false
//                                    unless opts.open); opts.required lists required children
//   val(key, desc, default, schema, opts)
//                                    one value; `schema` is its JSON Schema (without description)
//
// A service's own settings (those of apps/<svc>/src/<svc>.config.ts beyond the common schema) are
// rendered by a template generated into the service chart (templates/_env.tpl, see envTemplate):
//   val(..., { env: 'ITOPS_X' })                 plain variable in the ConfigMap; the value must be
//                                                set (not empty, not null)
//   val(..., { env: 'ITOPS_X', optional: true }) the same, but not set at all when the value is
//                                                empty, so the service's own default applies
//   secretRef(key, desc, env, secretName, key)   an object {existingSecret, key}: the variable
//                                                comes from that Secret (secretKeyRef), never
//                                                from a literal value
// The common variables (HTTP, PostgreSQL, Kafka, OIDC, OTel, LDAP connection) are rendered by
// the library chart itops-lib, because they fall back to `global` values.
// ---------------------------------------------------------------------------------------------
const obj = (key, desc, children, opts = {}) => ({ key, desc, children, ...opts });
const val = (key, desc, def, schema, opts = {}) => ({ key, desc, def, schema, ...opts });

const str = (extra = {}) => ({ type: 'string', ...extra });
const bool = () => ({ type: 'boolean' });
const int = (extra = {}) => ({ type: 'integer', ...extra });
const num = (extra = {}) => ({ type: 'number', ...extra });
const port = () => int({ minimum: 1, maximum: 65535 });
const nullable = (s) => ({ ...s, type: [...[s.type].flat(), 'null'] });
const strMap = () => ({ type: 'object', additionalProperties: { type: 'string' } });
const anyObj = () => ({ type: 'object' });
const arr = (items) => ({ type: 'array', ...(items ? { items } : {}) });
const intOrStr = () => ({ type: ['integer', 'string'] });
const peers = () => arr(anyObj());
const secretRef = (key, desc, env, secretName, secretKey) =>
  obj(key, `${desc} Taken from an existing Secret (\`${env}\`); the chart never takes the value itself.`, [
    val('existingSecret', 'Name of the existing Secret.', secretName, str({ minLength: 1 })),
    val('key', 'Key of the value in `existingSecret`.', secretKey, str({ minLength: 1 })),
  ], { required: ['existingSecret', 'key'], secretEnv: env });

/** Values shared through `global` (service charts: defaults for standalone installs). */
function globalNodes() {
  return [
    obj('image', 'Container images of all services.', [
      val('registry', 'Registry host (and optional path) put in front of every service\'s `image.repository`, e.g. `registry.example.org/itops`. Empty: no prefix.', '', str()),
      val('tag', 'Image tag for every service whose `image.tag` is empty. Empty: each chart\'s appVersion.', '', str()),
    ]),
    val('imagePullSecrets', 'Names of existing Secrets (type kubernetes.io/dockerconfigjson) added to every pod to pull images.', [], arr(str({ minLength: 1 }))),
    val('logLevel', 'Log level for every service whose `config.logLevel` is empty. Empty: info.', '', str({ enum: ['', ...LOG_LEVELS] })),
    obj('postgres', 'PostgreSQL server. Every service has its own database on it (or its own server via `config.postgres.host`).', [
      val('host', 'Host name for every service whose `config.postgres.host` is empty. The default is the read-write Service of a CloudNativePG cluster named `itops-pg` in the release namespace.', 'itops-pg-rw', str()),
      val('port', 'Port for every service whose `config.postgres.port` is null.', 5432, port()),
      val('ssl', 'Connect over TLS (`ITOPS_PG_SSL`) for every service whose `config.postgres.ssl` is null.', true, bool()),
    ]),
    obj('kafka', 'Kafka cluster.', [
      val('brokers', 'Comma-separated bootstrap brokers (`host:port,...`) for every service whose `config.kafka.brokers` is empty. The default is the bootstrap Service of a Strimzi cluster named `itops`.', 'itops-kafka-bootstrap:9092', str({ pattern: BROKERS })),
      val('ssl', 'Use TLS to the brokers (`ITOPS_KAFKA_SSL`) for every service whose `config.kafka.ssl` is null.', false, bool()),
      obj('sasl', 'SASL authentication to the brokers. User names and passwords are per service (`config.kafka.sasl`).', [
        val('enabled', 'Authenticate with SASL for every service whose `config.kafka.sasl.enabled` is null.', false, bool()),
        val('mechanism', 'SASL mechanism (`ITOPS_KAFKA_SASL_MECHANISM`). `plain` sends the password as it is: use it only with `ssl`.', 'scram-sha-512', str({ enum: SASL_MECHANISMS })),
      ]),
    ]),
    obj('oidc', 'OpenID Connect provider that issues the JWTs every HTTP endpoint checks. The defaults are placeholders: set them for a real installation.', [
      val('issuer', 'Expected `iss` of access tokens (`ITOPS_OIDC_ISSUER`), an http(s) URL. Empty: every service must set `config.oidc.issuer`.', 'https://login.itops.example/realms/itops', str({ pattern: `^$|${HTTP_URL}` })),
      val('audience', 'Expected `aud` of access tokens (`ITOPS_OIDC_AUDIENCE`).', 'itops-api', str()),
      val('jwksUrl', 'http(s) URL of the provider\'s JSON Web Key Set (`ITOPS_OIDC_JWKS_URL`). Empty: every service must set `config.oidc.jwksUrl`.', 'https://login.itops.example/realms/itops/protocol/openid-connect/certs', str({ pattern: `^$|${HTTP_URL}` })),
    ]),
    obj('otel', 'OpenTelemetry export.', [
      val('endpoint', 'OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`), e.g. `http://otel-collector.observability:4318`. Empty: the variable is not set.', '', str()),
    ]),
  ];
}

/**
 * A service's own settings under `config`: the variables its apps/<svc>/src/<svc>.config.ts reads
 * beyond the common serviceSchema (identity's LDAP settings are under `config.ldap` above). The
 * constraints follow the zod schema there. tools/charts/check-env-coverage.mjs fails when a
 * variable a service reads is not rendered by its chart.
 */
const OWN_CONFIG = {
  'hr-feed': () => [
    secretRef('personIdSecret', 'HMAC key of the pseudonymous person id: at least 16 random characters, the same for the life of the platform (a new key gives every person a new id in every service).', 'ITOPS_HR_PERSON_ID_SECRET', 'itops-hr-feed-person-id', 'secret'),
    val('maxLeaverShare', 'Largest share (0 to 1) of the active employments that may leave in one HR snapshot before the snapshot is held for approval (`ITOPS_HR_MAX_LEAVER_SHARE`).', 0.05, num({ minimum: 0, maximum: 1 }), { env: 'ITOPS_HR_MAX_LEAVER_SHARE' }),
  ],
  identity: () => [
    val('accountLeadDays', 'Days before the first day of work that the (disabled) AD account is prepared (`ITOPS_IDENTITY_LEAD_DAYS`), 0 to 90.', 14, int({ minimum: 0, maximum: 90 }), { env: 'ITOPS_IDENTITY_LEAD_DAYS' }),
    val('accountRetentionDays', 'Days a leaver\'s disabled AD account is kept after the last day before it is deleted (`ITOPS_IDENTITY_RETENTION_DAYS`), 0 to 3650.', 90, int({ minimum: 0, maximum: 3650 }), { env: 'ITOPS_IDENTITY_RETENTION_DAYS' }),
    val('moverTransitionDays', 'Days a mover keeps the old placement\'s access after moving (`ITOPS_IDENTITY_MOVER_TRANSITION_DAYS`), 0 to 365.', 30, int({ minimum: 0, maximum: 365 }), { env: 'ITOPS_IDENTITY_MOVER_TRANSITION_DAYS' }),
    val('bookingLeadMinutes', 'Minutes before a substitute or hourly booking starts that its account is enabled (`ITOPS_IDENTITY_BOOKING_LEAD_MINUTES`), 0 to 1440.', 60, int({ minimum: 0, maximum: 1440 }), { env: 'ITOPS_IDENTITY_BOOKING_LEAD_MINUTES' }),
    val('bookingGraceMinutes', 'Minutes after a booking ends that its account stays enabled before it expires by itself (`ITOPS_IDENTITY_BOOKING_GRACE_MINUTES`), 0 to 1440.', 60, int({ minimum: 0, maximum: 1440 }), { env: 'ITOPS_IDENTITY_BOOKING_GRACE_MINUTES' }),
    val('lifecycleIntervalSeconds', 'Seconds between runs of the account lifecycle (starts, ends of last days, bookings, retention reached) (`ITOPS_IDENTITY_LIFECYCLE_INTERVAL_SECONDS`), 0 to 86400; 0 runs it only on demand (`POST /v1/lifecycle/runs`). Every replica has the timer; an advisory lock lets one run at a time.', 60, int({ minimum: 0, maximum: 86400 }), { env: 'ITOPS_IDENTITY_LIFECYCLE_INTERVAL_SECONDS' }),
    val('reconcileMaxRemovalShare', 'Share of the accounts read (0 to 1) that one reconciliation may take access from or disable before the run is held for approval (`ITOPS_IDENTITY_RECONCILE_MAX_REMOVAL_SHARE`); see docs/access.md.', 0.05, num({ minimum: 0, maximum: 1 }), { env: 'ITOPS_IDENTITY_RECONCILE_MAX_REMOVAL_SHARE' }),
    val('reconcileIntervalSeconds', 'Seconds between scheduled reconciliations with AD, applied (`ITOPS_IDENTITY_RECONCILE_INTERVAL_SECONDS`), 0 to 604800; 0 runs it only on demand (`itops access reconcile`). The chart runs it daily (the service alone defaults to 0, for a local stack shared with tests). Every replica has the timer; an advisory lock lets one run at a time; a run that would remove more than `reconcileMaxRemovalShare` is held for approval.', 86400, int({ minimum: 0, maximum: 604800 }), { env: 'ITOPS_IDENTITY_RECONCILE_INTERVAL_SECONDS' }),
  ],
  licence: () => [
    val('leaverGraceDays', 'Days a leaver keeps the licences after identity disabled the account, before they are released from the licence groups (`ITOPS_LICENCE_LEAVER_GRACE_DAYS`), 0 to 365.', 30, int({ minimum: 0, maximum: 365 }), { env: 'ITOPS_LICENCE_LEAVER_GRACE_DAYS' }),
    val('inactiveDays', 'Days without any sign-in or activity (AD, Entra, Microsoft 365 usage exports) after which a licence is an "inactive" harvest candidate (`ITOPS_LICENCE_INACTIVE_DAYS`), 7 to 730.', 90, int({ minimum: 7, maximum: 730 }), { env: 'ITOPS_LICENCE_INACTIVE_DAYS' }),
    val('releaseIntervalSeconds', 'Seconds between release runs: leavers after the grace period, ended substitute bookings (`ITOPS_LICENCE_RELEASE_INTERVAL_SECONDS`), 0 to 86400; 0 runs them only on demand (`itops licence releases run`). Every replica has the timer; an advisory lock lets one run at a time.', 300, int({ minimum: 0, maximum: 86400 }), { env: 'ITOPS_LICENCE_RELEASE_INTERVAL_SECONDS' }),
  ],
  device: () => [
    val('inactiveDays', 'Days a billed device may go without checking in before it is listed as inactive (`ITOPS_DEVICE_INACTIVE_DAYS`), 1 to 3650.', 60, int({ minimum: 1, maximum: 3650 }), { env: 'ITOPS_DEVICE_INACTIVE_DAYS' }),
    val('leaseWarningDays', 'Devices whose lease ends within this many days are flagged for replacement or extension (`ITOPS_DEVICE_LEASE_WARNING_DAYS`), 0 to 730.', 90, int({ minimum: 0, maximum: 730 }), { env: 'ITOPS_DEVICE_LEASE_WARNING_DAYS' }),
    val('leaseCheckIntervalSeconds', 'Seconds between runs of the lease-end check (`ITOPS_DEVICE_LEASE_CHECK_INTERVAL_SECONDS`), 0 to 604800; 0 runs it only on demand (`POST /v1/lease-checks`). Every replica has the timer; an advisory lock lets one run at a time.', 86400, int({ minimum: 0, maximum: 604800 }), { env: 'ITOPS_DEVICE_LEASE_CHECK_INTERVAL_SECONDS' }),
  ],
  metering: () => [
    val('accountOffering', 'Offering (tjänstekod in the price list) that an enabled user account is metered as (`ITOPS_METERING_ACCOUNT_OFFERING`): 2 to 20 of A-Z, 0-9 and -.', 'KONTO', str({ pattern: '^[A-Z0-9-]{2,20}$' }), { env: 'ITOPS_METERING_ACCOUNT_OFFERING' }),
    val('headcountOffering', 'Offering (tjänstekod in the price list) that a person employed by a customer is metered as, the headcount per customer (`ITOPS_METERING_HEADCOUNT_OFFERING`): 2 to 20 of A-Z, 0-9 and -.', 'ANSTALLDA', str({ pattern: '^[A-Z0-9-]{2,20}$' }), { env: 'ITOPS_METERING_HEADCOUNT_OFFERING' }),
    val('licenceOfferings', 'Licence products metered as another offering than their own product code (`ITOPS_METERING_LICENCE_OFFERINGS`): comma-separated `PRODUCT=OFFERING` pairs, e.g. `M365-E3=M365-E3-EDU`; empty: the variable is not set and every licence is metered as its product code (M365-E3 as M365-E3).', '', str({ pattern: '^([A-Z0-9-]{1,32}=[A-Z0-9-]{2,20}(,[A-Z0-9-]{1,32}=[A-Z0-9-]{2,20})*)?$' }), { env: 'ITOPS_METERING_LICENCE_OFFERINGS', optional: true }),
    val('deviceOfferings', 'Device types that are metered while ASSIGNED or REASSIGNED, and as which offering (`ITOPS_METERING_DEVICE_OFFERINGS`): comma-separated `TYPE=OFFERING` pairs; a type not listed is not metered.', 'PC=KST-PC', str({ pattern: '^([A-Z0-9-]{1,32}=[A-Z0-9-]{2,20}(,[A-Z0-9-]{1,32}=[A-Z0-9-]{2,20})*)?$' }), { env: 'ITOPS_METERING_DEVICE_OFFERINGS' }),
    val('consumerBatchSize', 'Events of one Kafka partition that metering handles in one database transaction (`ITOPS_METERING_CONSUMER_BATCH_SIZE`), 1 to 1000; 1 handles each event in a transaction of its own. A batch that fails is rolled back and handled again event by event, so retries and the DLQ stay per event.', 200, int({ minimum: 1, maximum: 1000 }), { env: 'ITOPS_METERING_CONSUMER_BATCH_SIZE' }),
  ],
  billing: () => [
    val('headcountOffering', 'Offering (tjänstekod) whose ledger items from metering are the headcount per customer, the allocation key of costs shared by headcount (`ITOPS_BILLING_HEADCOUNT_OFFERING`): 2 to 20 of A-Z, 0-9 and -. Must match metering\'s `config.headcountOffering`. Its items are not billed unless the price list has the offering.', 'ANSTALLDA', str({ pattern: '^[A-Z0-9-]{2,20}$' }), { env: 'ITOPS_BILLING_HEADCOUNT_OFFERING' }),
  ],
};

/** Full value specification of one service chart. */
function serviceSpec(svc) {
  const ldapNodes = svc.ldap
    ? [
        obj('ldap', 'Active Directory over LDAPS (identity and licence).', [
          val('url', 'LDAPS URL of the domain controllers, `ldaps://<host>[:<port>]` (`ITOPS_LDAP_URL`); plain ldap:// is refused. The NetworkPolicy opens its port (636 when none is given).', 'ldaps://ad.itops.example:636', str({ pattern: String.raw`^[Ll][Dd][Aa][Pp][Ss]://[^\s/:]+(:[0-9]{1,5})?/?$` })),
          val('bindDn', 'DN the service binds as (`ITOPS_LDAP_BIND_DN`), of OU=, CN=, O= and DC= parts.', `CN=svc-itops-${svc.name},OU=Service Accounts,DC=ad,DC=itops,DC=example`, str({ pattern: DN })),
          val('baseDn', 'Base DN of the managed directory tree (`ITOPS_LDAP_BASE_DN`), of OU=, CN=, O= and DC= parts.', 'DC=ad,DC=itops,DC=example', str({ pattern: DN })),
          val('managedOu', 'The subtree identity manages, one OU per customer below it (`ITOPS_LDAP_MANAGED_OU`); must be below `baseDn`. Empty: the variable is not set and the service uses `OU=itops,<baseDn>`.', '', str({ pattern: `^$|${DN}` }), { env: 'ITOPS_LDAP_MANAGED_OU', optional: true }),
          val('tlsServername', 'Name the domain controllers\' certificate is issued to, when `url` reaches them by another name or by IP address (`ITOPS_LDAP_TLS_SERVERNAME`). Empty: the variable is not set and the host of `url` is checked.', '', str({ pattern: '^$|^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$' }), { env: 'ITOPS_LDAP_TLS_SERVERNAME', optional: true }),
          ...(svc.name === 'identity'
            ? [val('upnDomain', 'UPN suffix of the accounts identity creates, `<sAMAccountName>@<upnDomain>` (`ITOPS_AD_UPN_DOMAIN`); a lower-case DNS name.', 'itops.example', str({ pattern: '^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$' }), { env: 'ITOPS_AD_UPN_DOMAIN' })]
            : []),
          val('existingSecret', 'Name of an existing Secret holding the bind password (`ITOPS_LDAP_BIND_PASSWORD`).', `itops-${svc.name}-ldap`, str({ minLength: 1 })),
          val('passwordKey', 'Key of the bind password in `existingSecret`.', 'password', str({ minLength: 1 })),
          obj('ca', 'CA bundle that signs the domain controllers\' certificates, mounted read-only under /etc/itops/ldap-ca; `ITOPS_LDAP_CA_FILE` points at it. Leave both names empty to use the image\'s trust store.', [
            val('existingSecret', 'Secret holding the bundle (set this or `existingConfigMap`).', '', str()),
            val('existingConfigMap', 'ConfigMap holding the bundle (set this or `existingSecret`).', '', str()),
            val('key', 'Key of the PEM bundle in the Secret or ConfigMap.', 'ca.crt', str({ minLength: 1 })),
          ]),
        ], { required: ['url', 'bindDn', 'baseDn', ...(svc.name === 'identity' ? ['upnDomain'] : []), 'existingSecret'] }),
      ]
    : [];
  const own = OWN_CONFIG[svc.name]?.() ?? [];

  const children = [
    obj('global', 'Values shared by all itops charts. When this chart is installed through the umbrella chart `itops`, the umbrella\'s `global` replaces these defaults. A service\'s own setting under `config` or `image` wins over the global one when it is set (not empty, not null).', globalNodes(), { open: true }),
    val('enabled', 'Whether the umbrella chart `itops` installs this service (its dependency condition). Not used when this chart is installed on its own.', true, bool()),
    val('nameOverride', 'Replaces the chart name in resource names and the `app.kubernetes.io/name` label.', '', str()),
    val('fullnameOverride', 'Replaces the full resource name (default `<release>-<chart>`, or the release name when it contains the chart name). At most 52 characters are used.', '', str()),
    val('replicaCount', 'Number of pods when autoscaling is disabled. The pods of a service share its topics\' partitions through one Kafka consumer group, so pods beyond the partition count stay idle.', 2, int({ minimum: 0 })),
    val('revisionHistoryLimit', 'Old ReplicaSets kept for rollback.', 5, int({ minimum: 0 })),
    obj('rollingUpdate', 'Rolling update of the Deployment.', [
      val('maxSurge', 'Pods created above the desired count during an update (number or percentage).', 1, intOrStr()),
      val('maxUnavailable', 'Pods that may be unavailable during an update (number or percentage).', 0, intOrStr()),
    ]),
    obj('image', 'Container image. The command is `node dist/apps/' + svc.name + '/src/main.js` (and `src/migrate.js` for the migration Job).', [
      val('registry', 'Registry host; overrides `global.image.registry` when set.', '', str()),
      val('repository', 'Image repository (without registry).', `itops/${svc.name}`, str({ minLength: 1 })),
      val('tag', 'Image tag; overrides `global.image.tag`. Empty: `global.image.tag`, then the chart\'s appVersion.', '', str()),
      val('digest', 'Image digest (`sha256:...`); when set it is used instead of the tag.', '', str({ pattern: '^(sha256:[a-f0-9]{64})?$' })),
      val('pullPolicy', 'Image pull policy.', 'IfNotPresent', str({ enum: ['Always', 'IfNotPresent', 'Never'] })),
    ], { required: ['repository'] }),
    val('imagePullSecrets', 'Names of existing Secrets used to pull the image, in addition to `global.imagePullSecrets`.', [], arr(str({ minLength: 1 }))),
    obj('serviceAccount', 'ServiceAccount of the service\'s pods.', [
      val('create', 'Create a ServiceAccount for the service.', true, bool()),
      val('name', 'Its name. Empty: the full name when `create`, else the namespace\'s `default`.', '', str()),
      val('annotations', 'Annotations of the ServiceAccount (e.g. for workload identity).', {}, strMap()),
      val('automountToken', 'Mount a Kubernetes API token into the pods. The services do not call the Kubernetes API.', false, bool()),
    ]),
    val('podAnnotations', 'Extra annotations on the pods (Deployment and migration Job).', {}, strMap()),
    val('podLabels', 'Extra labels on the pods; must not repeat the chart\'s `app.kubernetes.io/*` labels.', {}, strMap()),
    obj('podSecurityContext', 'User and groups the containers run as. The chart always sets runAsNonRoot, a read-only root file system, no privilege escalation, no capabilities and the RuntimeDefault seccomp profile.', [
      val('runAsUser', 'UID of the container processes (never 0).', 1000, int({ minimum: 1 })),
      val('runAsGroup', 'GID of the container processes (never 0).', 1000, int({ minimum: 1 })),
      val('fsGroup', 'Group owning mounted volumes.', 1000, int({ minimum: 1 })),
    ]),
    val('tmpVolumeSizeLimit', 'Size limit of the writable emptyDir mounted at /tmp (the root file system is read-only).', '64Mi', str({ minLength: 1 })),
    val('resources', 'CPU and memory requests and limits of the service container.', { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } }, anyObj()),
    val('terminationGracePeriodSeconds', 'Time a pod gets to finish in-flight requests and commit Kafka offsets after SIGTERM.', 30, int({ minimum: 0 })),
    val('nodeSelector', 'Node selector of the pods.', {}, strMap()),
    val('tolerations', 'Tolerations of the pods.', [], arr(anyObj())),
    val('affinity', 'Affinity of the service\'s pods.', {}, anyObj()),
    val('priorityClassName', 'PriorityClass of the pods. Empty: none.', '', str()),
    obj('topologySpread', 'Spreading of the service\'s pods.', [
      val('enabled', 'Add a topology spread constraint over `topologyKey`.', true, bool()),
      val('topologyKey', 'Node label to spread over.', 'kubernetes.io/hostname', str({ minLength: 1 })),
      val('whenUnsatisfiable', 'What the scheduler does when the spread cannot be met.', 'ScheduleAnyway', str({ enum: ['ScheduleAnyway', 'DoNotSchedule'] })),
    ]),
    obj('service', 'Kubernetes Service in front of the HTTP port.', [
      val('type', 'Service type.', 'ClusterIP', str({ enum: ['ClusterIP', 'NodePort', 'LoadBalancer'] })),
      val('port', 'Service port (forwarded to the container\'s `http` port).', 80, port()),
      val('annotations', 'Annotations of the Service.', {}, strMap()),
    ]),
    obj('ingress', 'Ingress for the HTTP API (networking.k8s.io/v1).', [
      val('enabled', 'Create an Ingress.', false, bool()),
      val('className', 'IngressClass name. Empty: the cluster default.', '', str()),
      val('annotations', 'Annotations of the Ingress.', {}, strMap()),
      val('hosts', 'Hosts and paths: a list of `{host, paths: [{path, pathType}]}`; pathType defaults to Prefix.', [], arr({
        type: 'object', additionalProperties: false, required: ['host', 'paths'],
        properties: {
          host: str({ minLength: 1 }),
          paths: arr({ type: 'object', additionalProperties: false, required: ['path'], properties: { path: str({ pattern: '^/' }), pathType: str({ enum: ['Prefix', 'Exact', 'ImplementationSpecific'] }) } }),
        },
      })),
      val('tls', 'TLS: a list of `{secretName, hosts: [...]}`.', [], arr({
        type: 'object', additionalProperties: false, required: ['secretName', 'hosts'],
        properties: { secretName: str({ minLength: 1 }), hosts: arr(str({ minLength: 1 })) },
      })),
    ]),
    obj('probes', 'Health probes. Liveness and startup use `/health/live`, readiness uses `/health/ready`, all on the `http` port.', [
      obj('startup', 'Startup probe: holds off the other probes while the service connects to PostgreSQL and Kafka.', [
        val('enabled', 'Use a startup probe.', true, bool()),
        val('periodSeconds', 'Seconds between checks.', 5, int({ minimum: 1 })),
        val('timeoutSeconds', 'Seconds before a check times out.', 3, int({ minimum: 1 })),
        val('failureThreshold', 'Failed checks before the container is restarted (period x threshold = start-up budget).', 30, int({ minimum: 1 })),
      ]),
      obj('liveness', 'Liveness probe.', [
        val('initialDelaySeconds', 'Seconds before the first check.', 0, int({ minimum: 0 })),
        val('periodSeconds', 'Seconds between checks.', 10, int({ minimum: 1 })),
        val('timeoutSeconds', 'Seconds before a check times out.', 3, int({ minimum: 1 })),
        val('failureThreshold', 'Failed checks before the container is restarted.', 3, int({ minimum: 1 })),
      ]),
      obj('readiness', 'Readiness probe.', [
        val('initialDelaySeconds', 'Seconds before the first check.', 0, int({ minimum: 0 })),
        val('periodSeconds', 'Seconds between checks.', 5, int({ minimum: 1 })),
        val('timeoutSeconds', 'Seconds before a check times out.', 3, int({ minimum: 1 })),
        val('failureThreshold', 'Failed checks before the pod leaves the Service endpoints.', 3, int({ minimum: 1 })),
      ]),
    ]),
    obj('metrics', 'Prometheus metrics, served on the HTTP port.', [
      val('enabled', 'Add the `prometheus.io/scrape`, `port`, `path` annotations to the pods.', true, bool()),
      val('path', 'Metrics path.', '/metrics', str({ pattern: '^/' })),
    ]),
    obj('config', 'Environment of the service (`ITOPS_*`, `OTEL_*`). Plain settings go into a ConfigMap; passwords come only from existing Secrets named here.', [
      val('httpPort', 'HTTP port in the container (`ITOPS_HTTP_PORT`).', 3000, port()),
      val('logLevel', 'Log level (`ITOPS_LOG_LEVEL`). Empty: `global.logLevel`, then info.', '', str({ enum: ['', ...LOG_LEVELS] })),
      obj('postgres', 'The service\'s own PostgreSQL database.', [
        val('host', 'Host (`ITOPS_PG_HOST`). Empty: `global.postgres.host`.', '', str()),
        val('port', 'Port (`ITOPS_PG_PORT`). Null: `global.postgres.port`, then 5432.', null, nullable(port())),
        val('ssl', 'Use TLS (`ITOPS_PG_SSL`). Null: `global.postgres.ssl`, then true.', null, nullable(bool())),
        val('database', 'Database name (`ITOPS_PG_DATABASE`), a lower-case PostgreSQL identifier.', svc.db, str({ pattern: PG_IDENTIFIER })),
        val('user', 'User name (`ITOPS_PG_USER`).', svc.db, str({ minLength: 1 })),
        val('existingSecret', 'Name of an existing Secret holding the password (`ITOPS_PG_PASSWORD`), e.g. the `<cluster>-app` Secret of a CloudNativePG cluster.', `itops-${svc.name}-pg`, str({ minLength: 1 })),
        val('passwordKey', 'Key of the password in `existingSecret`.', 'password', str({ minLength: 1 })),
      ], { required: ['database', 'user', 'existingSecret'] }),
      obj('kafka', 'Kafka client settings.', [
        val('brokers', 'Comma-separated bootstrap brokers (`ITOPS_KAFKA_BROKERS`). Empty: `global.kafka.brokers`.', '', str({ pattern: BROKERS })),
        val('clientId', 'Kafka client id (`ITOPS_KAFKA_CLIENT_ID`). Empty: the chart name.', '', str()),
        val('ssl', 'Use TLS (`ITOPS_KAFKA_SSL`). Null: `global.kafka.ssl`, then false.', null, nullable(bool())),
        obj('sasl', 'SASL authentication (`ITOPS_KAFKA_SASL_*`).', [
          val('enabled', 'Authenticate with SASL. Null: `global.kafka.sasl.enabled`, then false.', null, nullable(bool())),
          val('mechanism', 'Mechanism (`ITOPS_KAFKA_SASL_MECHANISM`). Empty: `global.kafka.sasl.mechanism`, then scram-sha-512. `plain` sends the password as it is: use it only with TLS.', '', str({ enum: ['', ...SASL_MECHANISMS] })),
          val('username', 'User name (`ITOPS_KAFKA_SASL_USERNAME`), e.g. the name of a Strimzi KafkaUser. Required when SASL is enabled.', '', str()),
          val('existingSecret', 'Name of an existing Secret holding the password (`ITOPS_KAFKA_SASL_PASSWORD`), e.g. the Secret of a Strimzi KafkaUser. Required when SASL is enabled.', '', str()),
          val('passwordKey', 'Key of the password in `existingSecret`.', 'password', str({ minLength: 1 })),
        ]),
      ]),
      obj('oidc', 'OpenID Connect token validation. Empty values fall back to `global.oidc`.', [
        val('issuer', 'Expected issuer (`ITOPS_OIDC_ISSUER`), an http(s) URL.', '', str({ pattern: `^$|${HTTP_URL}` })),
        val('audience', 'Expected audience (`ITOPS_OIDC_AUDIENCE`).', '', str()),
        val('jwksUrl', 'JWKS URL (`ITOPS_OIDC_JWKS_URL`), an http(s) URL.', '', str({ pattern: `^$|${HTTP_URL}` })),
      ]),
      obj('otel', 'OpenTelemetry.', [
        val('endpoint', 'OTLP endpoint (`OTEL_EXPORTER_OTLP_ENDPOINT`). Empty: `global.otel.endpoint`; when both are empty the variable is not set.', '', str()),
        val('serviceName', 'Service name in traces and metrics (`OTEL_SERVICE_NAME`). Empty: the chart name.', '', str()),
      ]),
      ...ldapNodes,
      ...own,
      val('extra', 'Further plain environment variables for the ConfigMap (`NAME: value`). Names the chart sets itself are refused.', {}, {
        type: 'object', propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }, additionalProperties: { type: ['string', 'number', 'boolean'] },
      }),
    ], { required: ['httpPort', 'postgres', 'kafka', 'oidc', ...(svc.ldap ? ['ldap'] : []), ...own.filter((n) => !n.optional).map((n) => n.key)] }),
    val('extraEnv', 'Further container environment entries (Kubernetes EnvVar objects, e.g. with `valueFrom.secretKeyRef`), for the service and the migration Job.', [], arr({ type: 'object', required: ['name'], properties: { name: str({ minLength: 1 }) } })),
    obj('migrations', 'Database migration Job (`node dist/apps/' + svc.name + '/src/migrate.js`), a Helm hook run before install and before every upgrade.', [
      val('enabled', 'Run the migration hook.', true, bool()),
      val('serviceAccountName', 'ServiceAccount of the Job. Empty: the namespace\'s `default` (the chart\'s own ServiceAccount does not exist yet when a pre-install hook runs).', '', str()),
      val('backoffLimit', 'Retries before the Job (and so the install or upgrade) fails.', 2, int({ minimum: 0 })),
      val('activeDeadlineSeconds', 'Upper bound on the Job\'s run time.', 600, int({ minimum: 1 })),
      val('resources', 'Requests and limits of the migration container.', { requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '512Mi' } }, anyObj()),
    ]),
    obj('autoscaling', 'HorizontalPodAutoscaler (autoscaling/v2). Keep `maxReplicas` at or below the partition count of the topics the service consumes.', [
      val('enabled', 'Create a HorizontalPodAutoscaler; `replicaCount` is then not set on the Deployment.', false, bool()),
      val('minReplicas', 'Lowest number of pods.', 2, int({ minimum: 1 })),
      val('maxReplicas', 'Highest number of pods.', 6, int({ minimum: 1 })),
      val('targetCPUUtilizationPercentage', 'Average CPU utilisation (of requests) to aim for. Null: not a metric.', 70, nullable(int({ minimum: 1 }))),
      val('targetMemoryUtilizationPercentage', 'Average memory utilisation (of requests) to aim for. Null: not a metric.', null, nullable(int({ minimum: 1 }))),
      val('behavior', 'Scaling behaviour (HorizontalPodAutoscalerBehavior), passed through.', {}, anyObj()),
    ]),
    obj('podDisruptionBudget', 'PodDisruptionBudget (policy/v1). Set at most one of `minAvailable` and `maxUnavailable`; with neither, `maxUnavailable` is 1.', [
      val('enabled', 'Create a PodDisruptionBudget.', true, bool()),
      val('minAvailable', 'Pods that must stay available (number or percentage). Null: not used.', null, nullable(intOrStr())),
      val('maxUnavailable', 'Pods that may be unavailable (number or percentage). Null: not used (1 when `minAvailable` is null too).', null, nullable(intOrStr())),
      val('unhealthyPodEvictionPolicy', 'When unhealthy pods may be evicted: AlwaysAllow lets a drain proceed past pods that are not ready. Empty: the cluster default.', 'AlwaysAllow', str({ enum: ['', 'IfHealthyBudget', 'AlwaysAllow'] })),
    ]),
    obj('networkPolicy', 'NetworkPolicy for the service\'s pods: everything not listed is denied. A `to` list left empty allows the ports to any destination; fill it (NetworkPolicyPeer objects) to narrow it.', [
      val('enabled', 'Create a NetworkPolicy.', false, bool()),
      obj('ingress', 'Who may reach the HTTP port (API, health and /metrics). Nothing listed: no ingress at all.', [
        val('namespaces', 'Names of namespaces whose pods are allowed (e.g. the ingress controller\'s and monitoring).', [], arr(str({ minLength: 1 }))),
        val('podSelectors', 'Label selectors of pods in the release namespace that are allowed. The default admits every pod labelled `app.kubernetes.io/part-of: itops` (the other itops services).', [{ matchLabels: { 'app.kubernetes.io/part-of': 'itops' } }], arr(anyObj())),
        val('extraFrom', 'Further NetworkPolicyPeer objects (e.g. ipBlock, or namespaceSelector with podSelector).', [], peers()),
      ]),
      obj('egress', 'Where the pods may connect.', [
        obj('dns', 'DNS (port 53, UDP and TCP).', [
          val('enabled', 'Allow DNS.', true, bool()),
          val('to', 'Peers serving DNS. The default is kube-dns/CoreDNS in kube-system.', [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], peers()),
        ]),
        obj('kafka', 'Kafka brokers.', [
          val('ports', 'Broker ports. Empty: the ports in the broker list (9092 when none is given).', [], arr(port())),
          val('to', 'Peers of the brokers.', [], peers()),
        ]),
        obj('postgres', 'PostgreSQL, on the configured port.', [
          val('to', 'Peers of the database server.', [], peers()),
        ]),
        obj('oidc', 'The OIDC provider, for its JWKS.', [
          val('enabled', 'Allow connections to the OIDC provider.', true, bool()),
          val('ports', 'Its ports.', [443], arr(port())),
          val('to', 'Its peers.', [], peers()),
        ]),
        obj('otel', 'The OTLP collector (only when an OTLP endpoint is configured).', [
          val('enabled', 'Allow connections to the collector.', true, bool()),
          val('ports', 'Its ports (OTLP gRPC and HTTP).', [4317, 4318], arr(port())),
          val('to', 'Its peers.', [], peers()),
        ]),
        ...(svc.ldap
          ? [obj('ldap', 'The domain controllers over LDAPS, on the port of `config.ldap.url`.', [val('to', 'Peers of the domain controllers.', [], peers())])]
          : []),
        val('extra', 'Further NetworkPolicyEgressRule objects.', [], arr(anyObj())),
      ]),
    ]),
  ];
  return obj('', '', children, { required: ['image', 'config'] });
}

/** Value specification of the umbrella chart. */
function umbrellaSpec() {
  const children = [
    obj('global', 'Settings passed down to every service chart. A service\'s own setting (under `<service>.config` or `<service>.image`) wins over these when set.', globalNodes()),
    ...SERVICES.map((s) =>
      obj(s.name, `The ${s.name} service (${s.summary}). Any value of the \`${s.name}\` chart can be set here; see its values.yaml.`, [
        val('enabled', `Install ${s.name}.`, true, bool()),
      ], { open: true }),
    ),
  ];
  return obj('', '', children);
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------
const PLAIN_KEY = /^[A-Za-z0-9_./-]+$/;
const yKey = (k) => (PLAIN_KEY.test(k) ? k : JSON.stringify(k));

/** Whether a string must be quoted to stay a string in YAML (1.1 and 1.2). */
function needsQuotes(s) {
  return (
    s === '' ||
    s !== s.trim() ||
    /^(?:true|false|yes|no|on|off|y|n|null|~)$/i.test(s) ||
    /^[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9]+)(?:e[-+]?[0-9]+)?$/i.test(s) ||
    /^(?:0x[0-9a-f]+|0o[0-7]+|[-+]?\.(?:inf|nan))$/i.test(s) ||
    /^[0-9][0-9.]*$/.test(s) || // versions such as 0.1.0 or 1.10, quoted by convention
    /^[-?:,[\]{}#&*!|>'"%@`]/.test(s) ||
    /: |:$| #|[\n\t]/.test(s)
  );
}

function yScalar(v) {
  if (v === null) return 'null';
  if (typeof v === 'string') return needsQuotes(v) ? JSON.stringify(v) : v;
  return String(v);
}

/** Block YAML of plain data, each line indented by `ind` spaces. */
function yBlock(v, ind) {
  const pad = ' '.repeat(ind);
  const out = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      if (item !== null && typeof item === 'object' && !isEmpty(item)) {
        const lines = yBlock(item, ind + 2);
        out.push(pad + '- ' + lines[0].slice(ind + 2), ...lines.slice(1));
      } else out.push(pad + '- ' + yInline(item));
    }
  } else {
    for (const [k, x] of Object.entries(v)) {
      if (x !== null && typeof x === 'object' && !isEmpty(x)) out.push(`${pad}${yKey(k)}:`, ...yBlock(x, ind + 2));
      else out.push(`${pad}${yKey(k)}: ${yInline(x)}`);
    }
  }
  return out;
}
const isEmpty = (v) => (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);
const yInline = (v) => (Array.isArray(v) && v.length === 0 ? '[]' : v !== null && typeof v === 'object' && isEmpty(v) ? '{}' : yScalar(v));

function wrap(text, width) {
  const words = text.split(/\s+/).filter(Boolean);
  const lines = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines;
}

function valuesYaml(spec, header) {
  const out = header.map((l) => (l ? `# ${l}` : '#'));
  const walk = (node, ind, top) => {
    const pad = ' '.repeat(ind);
    if (top) out.push('');
    for (const l of wrap(node.desc, 98 - ind)) out.push(`${pad}# ${l}`);
    if (node.children) {
      out.push(`${pad}${yKey(node.key)}:`);
      node.children.forEach((c) => walk(c, ind + 2, false));
    } else if (node.def !== null && typeof node.def === 'object' && !isEmpty(node.def)) {
      out.push(`${pad}${yKey(node.key)}:`, ...yBlock(node.def, ind + 2));
    } else out.push(`${pad}${yKey(node.key)}: ${yInline(node.def)}`);
  };
  spec.children.forEach((c) => walk(c, 0, true));
  return out.join('\n') + '\n';
}

function schemaOf(node, root = false) {
  if (!node.children) return { description: node.desc, ...node.schema, default: node.def };
  const s = root
    ? { $schema: 'http://json-schema.org/draft-07/schema#', title: node.title, type: 'object' }
    : { description: node.desc, type: 'object' };
  s.additionalProperties = !!node.open;
  if (node.required?.length) s.required = node.required;
  s.properties = Object.fromEntries(node.children.map((c) => [c.key, schemaOf(c)]));
  return s;
}

const typeName = (node) => {
  if (node.children) return 'object';
  const t = node.schema.type ?? 'string';
  return Array.isArray(t) ? t.join(' \\| ') : t;
};

/** Markdown table rows of the documented values below `node` whose path `keep` accepts. */
function tableRows(node, prefix, keep = () => true) {
  const rows = [];
  for (const c of node.children) {
    const path = prefix ? `${prefix}.${c.key}` : c.key;
    const desc = c.desc.replace(/\|/g, '\\|');
    if (c.children) {
      if (keep(path)) rows.push(`| \`${path}\` | object | | ${desc} |`);
      rows.push(...tableRows(c, path, keep));
    } else if (keep(path)) {
      const enumText = c.schema.enum ? ` One of: ${c.schema.enum.map((e) => (e === '' ? '""' : e)).join(', ')}.` : '';
      rows.push(`| \`${path}\` | ${typeName(c)} | \`${JSON.stringify(c.def).replace(/\|/g, '\\|')}\` | ${desc}${enumText} |`);
    }
  }
  return rows;
}
const table = (rows) => ['| value | type | default | description |', '| --- | --- | --- | --- |', ...rows].join('\n');

function chartYaml(fields) {
  return valuesLike(fields);
}
function valuesLike(data) {
  return yBlock(data, 0).join('\n') + '\n';
}

const TEMPLATES = {
  'serviceaccount.yaml': 'itops-lib.serviceaccount',
  'configmap.yaml': 'itops-lib.configmap',
  'deployment.yaml': 'itops-lib.deployment',
  'service.yaml': 'itops-lib.service',
  'ingress.yaml': 'itops-lib.ingress',
  'hpa.yaml': 'itops-lib.hpa',
  'pdb.yaml': 'itops-lib.pdb',
  'networkpolicy.yaml': 'itops-lib.networkpolicy',
  'migration-job.yaml': 'itops-lib.migrationJob',
};

/** The generated template with the service's own variables (see envTemplate). */
const ENV_TEMPLATE = '_env.tpl';

/** The `config` values of a service spec that the chart's own env template renders, with paths. */
function ownEnvNodes(spec) {
  const found = [];
  const walk = (node, path) => {
    for (const c of node.children) {
      const p = `${path}.${c.key}`;
      if (c.env || c.secretEnv) found.push({ path: p, node: c });
      if (c.children) walk(c, p);
    }
  };
  walk(spec.children.find((c) => c.key === 'config'), 'config');
  return found;
}

/**
 * templates/_env.tpl of a service chart: `<chart>.env` renders the plain variables of the service's
 * own settings as a YAML map, `<chart>.secretEnv` the EnvVar entries taken from Secrets.
 * itops-lib.envConfig and itops-lib.secretEnv include them (named after .Chart.Name, so the six
 * charts' definitions do not clash inside the umbrella chart).
 */
function envTemplate(svc, spec) {
  const nodes = ownEnvNodes(spec);
  const ref = (path) => `.Values.${path}`;
  const plain = nodes.filter((n) => n.node.env).flatMap(({ path, node }) =>
    node.optional
      ? [
          `{{- with include "itops-lib.pick" (list ${ref(path)}) }}`,
          `${node.env}: {{ quote . }}`,
          '{{- end }}',
        ]
      : [`${node.env}: {{ include "itops-lib.pick" (list ${ref(path)}) | required "${path} is required (${node.env})" | quote }}`],
  );
  const secret = nodes.filter((n) => n.node.secretEnv).flatMap(({ path, node }) => [
    `- name: ${node.secretEnv}`,
    '  valueFrom:',
    '    secretKeyRef:',
    `      name: {{ required "${path}.existingSecret is required (${node.secretEnv})" ${ref(path)}.existingSecret }}`,
    `      key: {{ required "${path}.key is required (${node.secretEnv})" ${ref(path)}.key }}`,
  ]);
  return [
    `{{- /* ${GENERATED} */ -}}`,
    '',
    `{{/* Plain environment of ${svc.name}'s own settings, a YAML map that itops-lib.envConfig adds to the ConfigMap. */}}`,
    `{{- define "${svc.name}.env" -}}`,
    ...plain,
    '{{- end -}}',
    '',
    `{{/* Environment entries of ${svc.name}'s own settings that come from existing Secrets (itops-lib.secretEnv). */}}`,
    `{{- define "${svc.name}.secretEnv" -}}`,
    ...secret,
    '{{- end -}}',
    '',
  ].join('\n');
}

const HELMIGNORE = ['.DS_Store', '.git/', '.gitignore', '*.swp', '*.bak', '*.tmp', '*.orig', '*~', ''].join('\n');
const GENERATED = 'Generated by tools/charts/generate.mjs from its value specification; edit that, then rerun it.';

function serviceFiles(svc) {
  const dir = join(CHARTS, svc.name);
  const spec = serviceSpec(svc);
  spec.title = `Values of the itops ${svc.name} chart`;
  const files = {};
  files[join(dir, 'Chart.yaml')] = chartYaml({
    apiVersion: 'v2',
    name: svc.name,
    description: `itops ${svc.name}: ${svc.summary}.`,
    type: 'application',
    version: CHART_VERSION,
    appVersion: APP_VERSION,
    keywords: ['itops', svc.name],
    dependencies: [{ name: LIB.name, version: LIB.version, repository: `file://../${LIB.name}` }],
  });
  files[join(dir, 'values.yaml')] = valuesYaml(spec, [
    `Values of the itops ${svc.name} chart (${svc.summary}).`,
    GENERATED,
    'Every value is described in charts/README.md and checked by values.schema.json.',
  ]);
  const schema = schemaOf(spec, true);
  // Helm adds an (empty) entry for the library dependency to the chart's values.
  schema.properties[LIB.name] = { description: 'Set by Helm for the library dependency; not a setting.', type: 'object' };
  files[join(dir, 'values.schema.json')] = JSON.stringify(schema, null, 2) + '\n';
  files[join(dir, '.helmignore')] = HELMIGNORE;
  for (const [file, tpl] of Object.entries(TEMPLATES)) {
    files[join(dir, 'templates', file)] = `{{- /* ${GENERATED} */ -}}\n{{- include "${tpl}" . }}\n`;
  }
  files[join(dir, 'templates', ENV_TEMPLATE)] = envTemplate(svc, spec);
  return files;
}

function umbrellaFiles() {
  const dir = join(CHARTS, 'itops');
  const spec = umbrellaSpec();
  spec.title = 'Values of the itops umbrella chart';
  const files = {};
  files[join(dir, 'Chart.yaml')] = chartYaml({
    apiVersion: 'v2',
    name: 'itops',
    description: 'itops: all six services (hr-feed, identity, licence, device, metering, billing) in one release.',
    type: 'application',
    version: CHART_VERSION,
    appVersion: APP_VERSION,
    keywords: ['itops'],
    dependencies: SERVICES.map((s) => ({ name: s.name, version: CHART_VERSION, repository: `file://../${s.name}`, condition: `${s.name}.enabled` })),
  });
  files[join(dir, 'values.yaml')] = valuesYaml(spec, [
    'Values of the itops umbrella chart: all six services in one release.',
    GENERATED,
    'Every value is described in charts/README.md and checked by values.schema.json (the',
    'values under each service key are checked by that service chart\'s own schema).',
  ]);
  files[join(dir, 'values.schema.json')] = JSON.stringify(schemaOf(spec, true), null, 2) + '\n';
  files[join(dir, '.helmignore')] = HELMIGNORE;
  files[join(dir, 'templates', 'NOTES.txt')] = [
    'itops {{ .Chart.AppVersion }} is installed as release {{ .Release.Name }} in namespace {{ .Release.Namespace }}.',
    '',
    'Database migrations ran as pre-install/pre-upgrade hook Jobs (<release>-<service>-migrate).',
    'Services:',
    ...SERVICES.map((s) => `{{- if (index .Values "${s.name}").enabled }}\n  ${s.name}: http://{{ include "itops.serviceName" (list . "${s.name}") }}.{{ .Release.Namespace }}.svc{{ end }}`),
    '',
    'Check the rollout with:',
    '  kubectl -n {{ .Release.Namespace }} get pods -l app.kubernetes.io/instance={{ .Release.Name }}',
    '',
  ].join('\n');
  files[join(dir, 'templates', '_helpers.tpl')] = [
    `{{- /* ${GENERATED} */ -}}`,
    '{{/* Service name of a sub-chart, as the library names it (without overrides). Args: root, chart name. */}}',
    '{{- define "itops.serviceName" -}}',
    '{{- $root := index . 0 -}}',
    '{{- $name := index . 1 -}}',
    '{{- $vals := index $root.Values $name -}}',
    '{{- if $vals.fullnameOverride -}}',
    '{{- $vals.fullnameOverride | trunc 52 | trimSuffix "-" -}}',
    '{{- else -}}',
    '{{- $n := default $name $vals.nameOverride -}}',
    '{{- if contains $n $root.Release.Name -}}',
    '{{- $root.Release.Name | trunc 52 | trimSuffix "-" -}}',
    '{{- else -}}',
    '{{- printf "%s-%s" $root.Release.Name $n | trunc 52 | trimSuffix "-" -}}',
    '{{- end -}}',
    '{{- end -}}',
    '{{- end -}}',
    '',
  ].join('\n');
  return files;
}

function readmeFile(files) {
  const path = join(CHARTS, 'README.md');
  if (!existsSync(path)) throw new Error(`${relative(ROOT, path)} is missing`);
  let text = readFileSync(path, 'utf8');
  const common = serviceSpec({ name: '<service>', db: '<database>' });
  const commonPaths = new Set(tableRows(common, '').map((r) => r.split('`')[1]));
  const notGlobal = (p) => p !== 'global' && !p.startsWith('global.');
  // Per service, the values the common table does not have (identity's LDAP, each one's own settings).
  const own = SERVICES.flatMap((s) => {
    const rows = tableRows(serviceSpec(s), '', (p) => notGlobal(p) && !commonPaths.has(p));
    return rows.length ? [`#### ${s.name}`, '', table(rows), ''] : [];
  });
  const ownEnv = SERVICES.flatMap((s) =>
    ownEnvNodes(serviceSpec(s)).map(({ path, node }) =>
      node.secretEnv
        ? `| ${s.name} | \`${node.secretEnv}\` | Secret \`${path}.existingSecret\`, key \`${path}.key\` |`
        : `| ${s.name} | \`${node.env}\` | \`${path}\`${node.optional ? ' (not set when empty)' : ''} |`,
    ),
  );
  const sections = {
    global: table(tableRows(obj('', '', globalNodes()), 'global')),
    service: table(tableRows(common, '', notGlobal)),
    own: own.join('\n').trimEnd(),
    'own-env': ['| chart | variable | from |', '| --- | --- | --- |', ...ownEnv].join('\n'),
    defaults: [
      '| chart | image.repository | config.postgres.database / user | config.postgres.existingSecret |',
      '| --- | --- | --- | --- |',
      ...SERVICES.map((s) => `| ${s.name} | \`itops/${s.name}\` | \`${s.db}\` | \`itops-${s.name}-pg\` |`),
    ].join('\n'),
    umbrella: table(tableRows(umbrellaSpec(), '', notGlobal)),
  };
  for (const [name, body] of Object.entries(sections)) {
    const re = new RegExp(`(<!-- BEGIN GENERATED ${name} -->\\n)[\\s\\S]*?(<!-- END GENERATED ${name} -->)`);
    if (!re.test(text)) throw new Error(`charts/README.md lacks the markers of section "${name}"`);
    text = text.replace(re, `$1${body}\n$2`);
  }
  files[path] = text;
}

// ---------------------------------------------------------------------------------------------
const files = {};
for (const svc of SERVICES) Object.assign(files, serviceFiles(svc));
Object.assign(files, umbrellaFiles());
readmeFile(files);

const check = process.argv.includes('--check');
const stale = [];
for (const [path, content] of Object.entries(files)) {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : null;
  if (current === content) continue;
  stale.push(relative(ROOT, path));
  if (!check) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
}
// Templates in a generated chart that the generator does not know about are stale too.
for (const svc of SERVICES) {
  const tdir = join(CHARTS, svc.name, 'templates');
  if (!existsSync(tdir)) continue;
  for (const f of readdirSync(tdir)) {
    if (!(f in TEMPLATES) && f !== ENV_TEMPLATE) stale.push(`${relative(ROOT, join(tdir, f))} (not generated; remove it or add it to the generator)`);
  }
}
if (check) {
  if (stale.length) {
    console.error(`out of date (run node tools/charts/generate.mjs):\n  ${stale.join('\n  ')}`);
    process.exit(1);
  }
  console.log(`generated chart files are up to date (${Object.keys(files).length} files)`);
} else {
  console.log(stale.length ? `wrote ${stale.length} files:\n  ${stale.join('\n  ')}` : 'nothing to write');
}

// One valid message per topic, for specs that break one rule at a time.
import { create } from '@bufbuild/protobuf';
import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { newEnvelope } from '../envelope.factory';
import { InvoiceIssuedSchema } from '../gen/itops/billing/v1/invoice_pb';
import { DeviceChangedSchema } from '../gen/itops/device/v1/device_pb';
import { ChangeKind, EmploymentChangedSchema, EmploymentForm } from '../gen/itops/hr/v1/employment_pb';
import { AccountChangedSchema, AccountEvent } from '../gen/itops/identity/v1/account_pb';
import { SignInActivitySchema } from '../gen/itops/identity/v1/activity_pb';
import { EntitlementAction, EntitlementChangedSchema, EntitlementKind } from '../gen/itops/identity/v1/entitlement_pb';
import { MembershipAction, MembershipChangedSchema } from '../gen/itops/identity/v1/membership_pb';
import { LicenceAction, LicenceAssignmentChangedSchema } from '../gen/itops/licence/v1/assignment_pb';
import { UsageRecordedSchema } from '../gen/itops/metering/v1/usage_pb';

function envelopeFor(schema: DescMessage, source: string) {
  return newEnvelope({ source, eventType: schema.typeName });
}

export function validEmploymentChanged() {
  return create(EmploymentChangedSchema, {
    envelope: envelopeFor(EmploymentChangedSchema, 'hr-feed'),
    employmentId: 'E-100234',
    personId: 'p-7f3c9a1e',
    kind: ChangeKind.JOINER,
    givenName: 'Åsa',
    surname: 'Öberg',
    protectedIdentity: false,
    customerCode: 'N138',
    unitCode: 'U4711',
    unitName: 'Hisingens förskolor',
    costCentre: '41230',
    jobCode: 'AID-2311',
    jobTitle: 'Förskollärare',
    form: EmploymentForm.PERMANENT,
    employmentRate: 100,
    startDate: '2025-08-01',
    endDate: '',
    managerEmploymentId: 'E-100001',
    snapshotId: 'snap-2025-07-30',
  });
}

export function validAccountChanged() {
  return create(AccountChangedSchema, {
    envelope: envelopeFor(AccountChangedSchema, 'identity'),
    accountId: 'a-5512',
    personId: 'p-7f3c9a1e',
    kind: AccountEvent.ENABLED,
    samAccountName: 'asaobe01',
    userPrincipalName: 'asa.oberg@example.goteborg.se',
    customerCode: 'N138',
    enabled: true,
    effectiveDate: '2025-08-01',
  });
}

export function validMembershipChanged() {
  return create(MembershipChangedSchema, {
    envelope: envelopeFor(MembershipChangedSchema, 'identity'),
    accountId: 'a-5512',
    groupDn: 'CN=G-Forskola-Personal,OU=Groups,DC=itops,DC=local',
    action: MembershipAction.ADDED,
    cause: 'role:preschool-teacher@v3',
  });
}

export function validEntitlementChanged() {
  return create(EntitlementChangedSchema, {
    envelope: envelopeFor(EntitlementChangedSchema, 'identity'),
    accountId: 'a-5512',
    customerCode: 'N138',
    kind: EntitlementKind.LICENCE,
    code: 'M365-E3',
    action: EntitlementAction.GRANTED,
    cause: 'role:preschool-teacher@v3',
    effectiveDate: '2025-08-01',
    samAccountName: 'asaobe01',
  });
}

export function validSignInActivity() {
  return create(SignInActivitySchema, {
    envelope: envelopeFor(SignInActivitySchema, 'identity'),
    accountId: 'a-5512',
    samAccountName: 'asaobe01',
    lastSignInDate: '2025-09-14',
    enabled: true,
    observedDate: '2025-09-20',
  });
}

export function validLicenceAssignmentChanged() {
  return create(LicenceAssignmentChangedSchema, {
    envelope: envelopeFor(LicenceAssignmentChangedSchema, 'licence'),
    assignmentId: 'la-901',
    accountId: 'a-5512',
    customerCode: 'N138',
    productCode: 'M365-E3',
    action: LicenceAction.ASSIGNED,
    effectiveDate: '2025-08-01',
    unitCostSek: '389.00',
    source: 'role',
  });
}

export function validDeviceChanged() {
  return create(DeviceChangedSchema, {
    envelope: envelopeFor(DeviceChangedSchema, 'device'),
    deviceId: 'd-33001',
    serialNumber: '5CG1234XYZ',
    deviceType: 'PC',
    customerCode: 'N138',
    accountId: 'a-5512',
    status: 'ASSIGNED',
    model: 'Lenovo ThinkPad T14 Gen 5',
    effectiveDate: '2025-08-01',
  });
}

export function validUsageRecorded() {
  return create(UsageRecordedSchema, {
    envelope: envelopeFor(UsageRecordedSchema, 'metering'),
    ledgerItemId: 'li-000017',
    customerCode: 'N138',
    offeringCode: 'KST-PC-BAS',
    subjectType: 'DEVICE',
    subjectId: 'd-33001',
    quantity: '1',
    validFrom: '2025-08-01',
    validTo: '',
    kind: 'open',
  });
}

export function validInvoiceIssued() {
  return create(InvoiceIssuedSchema, {
    envelope: envelopeFor(InvoiceIssuedSchema, 'billing'),
    invoiceId: 'inv-2025-08-N138',
    customerCode: 'N138',
    period: '2025-08',
    totalSek: '1234567.50',
  });
}

/** A valid message of each topic's schema, by the topic's name. */
export const validEventsByTopic: Record<string, () => MessageShape<DescMessage>> = {
  'hr.employment.v1': validEmploymentChanged,
  'identity.account.v1': validAccountChanged,
  'identity.membership.v1': validMembershipChanged,
  'identity.entitlement.v1': validEntitlementChanged,
  'identity.activity.v1': validSignInActivity,
  'licence.assignment.v1': validLicenceAssignmentChanged,
  'device.device.v1': validDeviceChanged,
  'metering.usage.v1': validUsageRecorded,
  'billing.invoice.v1': validInvoiceIssued,
};

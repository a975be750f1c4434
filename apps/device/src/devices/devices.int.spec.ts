import { Role } from '@itops/shared/auth';
import { AccountEvent, EntitlementAction } from '@itops/shared/contracts';
import { DeviceTestApp, TODAY } from '../__fixtures__/device.test-app';

const HEADER = 'Device name,Serial number,Primary user UPN,Last check-in,OS,OS version,Manufacturer,Model';
const FEES = 'offering_code;device_type;model;monthly_fee_sek\nKST-PC;PC;;389,50\nKST-PC-PRO;PC;ThinkPad X1;612.00\nKST-IPAD;IPAD;;199.00\nKST-MOBIL;MOBILE;;129.00\n';

describe('device: imports, lifecycle on identity\'s events, reuse, lease end and the inactive list (real PostgreSQL)', () => {
  let device: DeviceTestApp;
  /** A serial number of this run (the database is fresh, but serials read better unique). */
  const sn = (name: string) => `${name}${Date.now().toString(36)}`.toUpperCase();

  beforeAll(async () => {
    device = await DeviceTestApp.start();
    const http = await device.http();
    const fees = await http.csv('/v1/offerings', FEES);
    expect(fees.status).toBe(200);
    expect(fees.body).toEqual({ accepted: 4, rejected: [] });
  });

  afterAll(async () => {
    await device?.close();
  });

  const show = async (idOrSerial: string) => {
    const res = await (await device.http()).get(`/v1/devices/${idOrSerial}`);
    expect(res.status).toBe(200);
    return res.body as { device: Record<string, unknown> & { id: string; status: string }; lease: unknown; history: Array<{ status: string; cause: string; effectiveDate: string }> };
  };

  describe('import of a device export (Intune columns)', () => {
    it('keeps good rows, reports bad rows, duplicate serials and unknown users by line, and announces assigned devices', async () => {
      const anna = await device.account({ userPrincipalName: 'anna.import@itops.test', customerCode: 'N138' });
      const bo = await device.account({ userPrincipalName: 'bo.import@itops.test', customerCode: 'B110' });
      const [pc, pad, stock, dup] = [sn('PCA'), sn('PADA'), sn('STK'), sn('DUP')];
      const res = await (await device.http()).csv(
        '/v1/devices/imports',
        [
          HEADER,
          `GBG-PC-1,${pc},Anna.Import@itops.test,2026-11-20 08:15:00,Windows,10.0.22631,Lenovo,ThinkPad X1`,
          `GBG-PAD-1,${pad},bo.import@itops.test,2026-11-21 09:00:00,iPadOS,17.1,Apple,iPad 10th gen`,
          `GBG-PC-2,${stock},,,Windows,10.0.22631,Dell,Latitude 5440`,
          `GBG-PC-3,${sn('GHOST')},ghost@itops.test,2026-11-20 08:00:00,Windows,,,`,
          `GBG-PC-4,${dup},,,Windows,,,`,
          `GBG-PC-5,${dup},,,Windows,,,`,
          'GBG-PC-6,,,,Windows,,,',
          `GBG-TV-1,${sn('TV')},,,Tizen,,,`,
        ].join('\r\n'),
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ accepted: 3, created: 3, delivered: 0, updated: 0, holderDiffers: [] });
      expect(res.body.rejected).toEqual([
        { line: 5, field: 'Primary user UPN', message: 'no account has the UPN ghost@itops.test; fix the primary user in the management system or leave it empty' },
        { line: 6, field: 'Serial number', message: `serial number ${dup} is also on line 7; a serial number may appear once` },
        { line: 7, field: 'Serial number', message: `serial number ${dup} is also on line 6; a serial number may appear once` },
        { line: 8, field: 'Serial number', message: '"" is not a serial number; expected 3-50 letters, digits or -' },
        { line: 9, field: 'OS', message: '"Tizen" is not a supported OS; expected Windows, macOS, iPadOS, iOS or Android' },
      ]);

      const annasPc = (await show(pc)).device;
      expect(annasPc).toMatchObject({ status: 'ASSIGNED', accountId: anna.accountId, customerCode: 'N138', deviceType: 'PC', model: 'ThinkPad X1', timesAssigned: 1, lastSeenAt: '2026-11-20T07:15:00.000Z' });
      expect((await show(pad)).device).toMatchObject({ status: 'ASSIGNED', accountId: bo.accountId, customerCode: 'B110', deviceType: 'IPAD' });
      expect((await show(stock)).device).toMatchObject({ status: 'IN_STOCK', accountId: null, customerCode: null, timesAssigned: 0 });
      // The model's own fee row wins over the type's default.
      expect(await device.holdings(annasPc.id)).toEqual([`N138 KST-PC-PRO ${TODAY}..`]);
      // The event names the offering it is billed as, so metering bills the model's fee.
      expect((await device.deviceEvents(annasPc.id)).map((e) => [e.status, e.serialNumber, e.customerCode, e.accountId, e.deviceType, e.model, e.effectiveDate, e.offeringCode])).toEqual([
        ['ASSIGNED', pc, 'N138', anna.accountId, 'PC', 'ThinkPad X1', TODAY, 'KST-PC-PRO'],
      ]);
      // A device in stock is billed to nobody and not announced until it has a customer.
      const stockId = (await show(stock)).device.id;
      expect(await device.deviceEvents(stockId)).toEqual([]);
    });

    it('updates last check-in on a second import and reports a primary user who is not the holder, without changing the holder', async () => {
      const cecilia = await device.account({ userPrincipalName: 'cecilia.import@itops.test' });
      const david = await device.account({ userPrincipalName: 'david.import@itops.test' });
      const pc = sn('PCB');
      const http = await device.http();
      await http.csv('/v1/devices/imports', `${HEADER}\nPC,${pc},cecilia.import@itops.test,2026-10-01 10:00:00,Windows,,,`).expect(200);
      const again = await http.csv('/v1/devices/imports', `${HEADER}\nPC,${pc},david.import@itops.test,2026-11-21 10:00:00,Windows,,,`);
      expect(again.body).toMatchObject({ accepted: 1, created: 0, updated: 1, rejected: [], holderDiffers: [{ line: 2, serialNumber: pc, exportUser: 'david.import@itops.test', holderAccountId: cecilia.accountId }] });
      expect((await show(pc)).device).toMatchObject({ accountId: cecilia.accountId, lastSeenAt: '2026-11-21T09:00:00.000Z' });
      expect(david.accountId).not.toBe(cecilia.accountId);
    });

    it('refuses a file without the serial number column as a whole, and an import by the service desk', async () => {
      const http = await device.http();
      const res = await http.csv('/v1/devices/imports', 'Device name,OS\nPC-1,Windows\n');
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'BROKEN_FILE', message: expect.stringContaining('has no column "Serial number"') });
      const desk = await device.http(Role.ServiceDesk);
      expect((await desk.csv('/v1/devices/imports', `${HEADER}\n`)).status).toBe(403);
    });
  });

  describe('lifecycle on identity\'s events', () => {
    it('orders a PC for a joiner whose role needs one, once, and delivers it to the account', async () => {
      const joiner = await device.account({ customerCode: 'K171' });
      const grant = device.entitlementEvent(joiner.accountId, { customerCode: 'K171', effectiveDate: '2026-11-23' });
      const first = await device.handleEntitlement(grant);
      expect(first.ordered).toHaveLength(1);
      // Redelivered, or a second role granting a PC: no second order.
      expect(await device.handleEntitlement(device.entitlementEvent(joiner.accountId, { customerCode: 'K171', cause: 'role:other@v2' }))).toEqual({ ordered: [], returnRequested: [] });
      const orderId = first.ordered[0];
      const order = await show(orderId);
      expect(order.device).toMatchObject({ status: 'ORDERED', serialNumber: null, accountId: joiner.accountId, customerCode: 'K171', deviceType: 'PC', orderCause: 'role:preschool-teacher@v1' });
      expect(order.history.map((h) => [h.status, h.effectiveDate, h.cause])).toEqual([['ORDERED', '2026-11-23', 'entitlement:role:preschool-teacher@v1']]);
      // Nothing announced or billed before the device exists.
      expect(await device.deviceEvents(orderId)).toEqual([]);

      const pc = sn('JOIN');
      const delivered = await (await device.http()).post(`/v1/devices/${orderId}/deliver`).send({ serialNumber: pc.toLowerCase(), model: 'Latitude 5440', effectiveDate: '2026-11-23' });
      expect(delivered.status).toBe(200);
      expect(delivered.body).toMatchObject({ status: 'ASSIGNED', serialNumber: pc, accountId: joiner.accountId, timesAssigned: 1 });
      expect(await device.holdings(orderId)).toEqual(['K171 KST-PC 2026-11-23..']);
      expect((await device.deviceEvents(orderId)).map((e) => [e.status, e.serialNumber, e.customerCode, e.effectiveDate])).toEqual([['ASSIGNED', pc, 'K171', '2026-11-23']]);
    });

    it('delivers a joiner\'s order when the device shows up in the export with the joiner as primary user', async () => {
      const joiner = await device.account({ userPrincipalName: 'joiner.export@itops.test', customerCode: 'N138' });
      const [orderId] = (await device.handleEntitlement(device.entitlementEvent(joiner.accountId, { effectiveDate: '2026-11-20' }))).ordered;
      const pc = sn('JEXP');
      const res = await (await device.http()).csv('/v1/devices/imports', `${HEADER}\nGBG-NEW,${pc},joiner.export@itops.test,2026-11-22 07:30,Windows,11,Lenovo,ThinkPad T14`);
      expect(res.body).toMatchObject({ accepted: 1, created: 0, delivered: 1, updated: 0, rejected: [] });
      const { device: d, history } = await show(pc);
      expect(d).toMatchObject({ id: orderId, status: 'ASSIGNED', serialNumber: pc, model: 'ThinkPad T14', deviceName: 'GBG-NEW', accountId: joiner.accountId, lastSeenAt: '2026-11-22T06:30:00.000Z' });
      expect(history.map((h) => h.status)).toEqual(['ORDERED', 'ASSIGNED']);
      expect(await device.holdings(orderId)).toEqual([`N138 KST-PC ${TODAY}..`]);
      expect((await device.deviceEvents(orderId)).map((e) => [e.status, e.serialNumber])).toEqual([['ASSIGNED', pc]]);
    });

    it('requests the return of a leaver\'s devices when the account is disabled, and stops the billed days the day before', async () => {
      const leaver = await device.account({ userPrincipalName: 'leaver.one@itops.test', customerCode: 'N138' });
      const [pc, phone] = [sn('LVPC'), sn('LVPH')];
      await (await device.http()).csv('/v1/devices/imports', `${HEADER}\nA,${pc},leaver.one@itops.test,2026-11-21 08:00,Windows,,,\nB,${phone},leaver.one@itops.test,2026-11-21 08:00,iOS,,,`).expect(200);

      const returned = await device.handleAccount(device.accountChanged(leaver, { kind: AccountEvent.DISABLED, enabled: false, effectiveDate: '2026-12-01' }));
      expect(returned).toHaveLength(2);
      for (const serial of [pc, phone]) {
        const { device: d, history } = await show(serial);
        expect(d).toMatchObject({ status: 'RETURN_REQUESTED', accountId: leaver.accountId, customerCode: 'N138' });
        expect(history.map((h) => [h.status, h.effectiveDate, h.cause]).at(-1)).toEqual(['RETURN_REQUESTED', '2026-12-01', 'account disabled']);
        // The offering is named on every event, billed or not, so metering closes the item it opened.
        expect((await device.deviceEvents(d.id)).map((e) => [e.status, e.effectiveDate, e.offeringCode])).toEqual([
          ['ASSIGNED', TODAY, serial === pc ? 'KST-PC' : 'KST-MOBIL'],
          ['RETURN_REQUESTED', '2026-12-01', serial === pc ? 'KST-PC' : 'KST-MOBIL'],
        ]);
      }
      expect(await device.holdings((await show(pc)).device.id)).toEqual([`N138 KST-PC ${TODAY}..2026-11-30`]);
      expect(await device.holdings((await show(phone)).device.id)).toEqual([`N138 KST-MOBIL ${TODAY}..2026-11-30`]);
    });

    it('requests the return of a revoked device type only', async () => {
      const user = await device.account({ userPrincipalName: 'revoked.one@itops.test' });
      const [pc, pad] = [sn('RVPC'), sn('RVPAD')];
      await (await device.http()).csv('/v1/devices/imports', `${HEADER}\nA,${pc},revoked.one@itops.test,,Windows,,,\nB,${pad},revoked.one@itops.test,,iPadOS,,,`).expect(200);
      const outcome = await device.handleEntitlement(device.entitlementEvent(user.accountId, { code: 'IPAD', action: EntitlementAction.REVOKED, cause: 'review:42' }));
      expect(outcome.returnRequested).toHaveLength(1);
      expect((await show(pad)).device.status).toBe('RETURN_REQUESTED');
      expect((await show(pc)).device.status).toBe('ASSIGNED');
    });
  });

  describe('reuse', () => {
    it('takes a returned PC through refurbishment back to stock and to a new holder as REASSIGNED, counted in circularity', async () => {
      const first = await device.account({ userPrincipalName: 'first.holder@itops.test', customerCode: 'I060' });
      const second = await device.account({ userPrincipalName: 'second.holder@itops.test', customerCode: 'I060' });
      const pc = sn('REUSE');
      const http = await device.http();
      await http.csv('/v1/devices/imports', `${HEADER}\nA,${pc},first.holder@itops.test,2026-11-21 08:00,Windows,,,`).expect(200);

      for (const step of ['request-return', 'return', 'refurbish', 'stock']) {
        const res = await http.post(`/v1/devices/${pc}/${step}`).send({ effectiveDate: '2026-11-24' });
        expect([step, res.status]).toEqual([step, 200]);
      }
      const assigned = await http.post(`/v1/devices/${pc}/assign`).send({ accountId: second.accountId, effectiveDate: '2026-11-25' });
      expect(assigned.status).toBe(200);
      expect(assigned.body).toMatchObject({ status: 'REASSIGNED', accountId: second.accountId, customerCode: 'I060', timesAssigned: 2 });

      const { device: d, history } = await show(pc);
      expect(history.map((h) => h.status)).toEqual(['ASSIGNED', 'RETURN_REQUESTED', 'RETURNED', 'REFURBISHED', 'IN_STOCK', 'REASSIGNED']);
      expect(await device.holdings(d.id)).toEqual([`I060 KST-PC ${TODAY}..2026-11-23`, 'I060 KST-PC 2026-11-25..']);
      expect((await device.deviceEvents(d.id)).map((e) => [e.status, e.accountId])).toEqual([
        ['ASSIGNED', first.accountId],
        ['RETURN_REQUESTED', first.accountId],
        ['RETURNED', ''],
        ['REFURBISHED', ''],
        ['IN_STOCK', ''],
        ['REASSIGNED', second.accountId],
      ]);

      const usage = await http.get('/v1/devices/usage?customer=I060&from=2026-11-01&to=2026-11-30');
      expect(usage.body.assignments.map((u: { deviceId: string; accountId: string; offeringCode: string; validFrom: string; validTo: string | null }) => [u.deviceId, u.accountId, u.offeringCode, u.validFrom, u.validTo])).toEqual([
        [d.id, first.accountId, 'KST-PC', TODAY, '2026-11-23'],
        [d.id, second.accountId, 'KST-PC', '2026-11-25', null],
      ]);
      expect((await http.get('/v1/devices/usage?from=2026-11-01&to=2026-11-30')).status).toBe(400);
      const circularity = await http.get('/v1/devices/circularity?customer=I060');
      expect(circularity.body.customers).toEqual([{ customer: 'I060', devices: 1, reuseRate: 1, averageAgeYears: 0, recycled: 0, reassigned: 1 }]);
      expect(first.accountId).not.toBe(second.accountId);
    });

    it('refuses a step the status does not allow, naming the allowed ones, and an assignment to an unknown account', async () => {
      const pc = sn('STEP');
      const http = await device.http();
      await http.csv('/v1/devices/imports', `${HEADER}\nA,${pc},,,Windows,,,`).expect(200);
      const recycle = await http.post(`/v1/devices/${pc}/refurbish`).send({});
      expect(recycle.status).toBe(409);
      expect(recycle.body).toEqual({ code: 'INVALID_TRANSITION', message: 'a device that is IN_STOCK cannot be given the step "refurbish"; allowed: assign, recycle' });
      const unknown = await http.post(`/v1/devices/${pc}/assign`).send({ accountId: '0190b2a4-0000-7000-8000-000000000000' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.message).toContain('is not an account the device service knows');
      const badType = await http.post(`/v1/devices/${pc}/assign`).send({ accountId: 42 });
      expect(badType.status).toBe(400);
      expect(badType.body.message).toBe('accountId must be a JSON string; got a number');
      expect((await http.post(`/v1/devices/${pc}/recycle`).send({})).body.status).toBe('RECYCLED');
    });
  });

  describe('lease end', () => {
    it('flags devices whose lease ends within the warning days once, lists them, and an extension clears the flag', async () => {
      const http = await device.http();
      const [soon, later] = [sn('LSOON'), sn('LLATE')];
      await http.csv('/v1/devices/imports', `${HEADER}\nA,${soon},,,Windows,,,\nB,${later},,,Windows,,,`).expect(200);
      const leases = await http.csv(
        '/v1/leases',
        `contract_id,supplier,start_date,term_months,serial_number\nL-2023-7,Atea,2023-12-15,36,${soon}\nL-2025-1,Atea,2025-06-01,36,${later}\nL-2025-1,Atea,2025-06-01,36,NOSUCH1\nL-bad,Atea,2025-06-01,0,\n`,
      );
      expect(leases.body).toMatchObject({ accepted: 3, contracts: 2, devices: 2, unknownSerials: [{ serialNumber: 'NOSUCH1', contractId: 'L-2025-1' }] });
      expect(leases.body.rejected).toEqual([{ line: 5, field: 'term_months', message: '"0" is not a term; expected whole months 1-120' }]);

      const check = await http.post('/v1/lease-checks');
      expect(check.body).toMatchObject({ ran: true, asOf: TODAY, until: '2027-02-20' });
      expect(check.body.flagged).toBe(1);
      expect((await show(soon)).device).toMatchObject({ leaseEnd: '2026-12-14', leaseFlaggedOn: TODAY, leaseContractId: 'L-2023-7', inServiceSince: '2023-12-15' });
      expect((await show(later)).device).toMatchObject({ leaseEnd: '2028-05-31', leaseFlaggedOn: null });
      expect((await show(later)).lease).toEqual({ contractId: 'L-2025-1', supplier: 'Atea', startDate: '2025-06-01', termMonths: 36, endDate: '2028-05-31' });
      // A second run flags nothing new.
      expect((await http.post('/v1/lease-checks')).body.flagged).toBe(0);
      // While another replica holds the check's advisory lock, a run does nothing.
      const runner = device.dataSource.createQueryRunner();
      await runner.connect();
      try {
        await runner.query('SELECT pg_advisory_lock(5114)');
        expect((await http.post('/v1/lease-checks')).body).toEqual({ ran: false });
      } finally {
        await runner.query('SELECT pg_advisory_unlock(5114)');
        await runner.release();
      }
      const ending = await http.get('/v1/lease-ending');
      expect(ending.body.devices.map((d: { serialNumber: string }) => d.serialNumber)).toContain(soon);
      expect(ending.body.devices.map((d: { serialNumber: string }) => d.serialNumber)).not.toContain(later);

      const extended = await http.post(`/v1/devices/${soon}/extend-lease`).send({ months: 12 });
      expect(extended.status).toBe(200);
      expect((await show(soon)).device).toMatchObject({ leaseEnd: '2027-12-14', leaseFlaggedOn: null });
      expect((await http.post(`/v1/devices/${soon}/extend-lease`).send({ months: 0 })).status).toBe(400);
    });
  });

  describe('is the subscription really active?', () => {
    it('lists billed devices not seen for 60 days, held by disabled accounts, per customer with the monthly fee at stake', async () => {
      const active = await device.account({ userPrincipalName: 'active.inact@itops.test', customerCode: 'B200' });
      await device.account({ userPrincipalName: 'gone.inact@itops.test', customerCode: 'B200', enabled: false, kind: AccountEvent.UPDATED });
      const [seen, old, never, disabled] = [sn('SEEN'), sn('OLD'), sn('NEVER'), sn('DIS')];
      const http = await device.http();
      const res = await http.csv(
        '/v1/devices/imports',
        [
          HEADER,
          `A,${seen},active.inact@itops.test,2026-11-20 08:00,Windows,,,`,
          `B,${old},active.inact@itops.test,2026-09-23 08:00,Windows,,,`,
          `C,${never},active.inact@itops.test,,Android,,,`,
          `D,${disabled},gone.inact@itops.test,2026-11-21 08:00,iPadOS,,,`,
        ].join('\n'),
      );
      expect(res.body.created).toBe(4);
      // Seen on 2026-09-23, exactly 60 days before 2026-11-22: still in use.
      const report = await http.get('/v1/devices/inactive?customer=B200');
      expect(report.status).toBe(200);
      expect(report.body).toMatchObject({ asOf: TODAY, notSeenDays: 60, monthlyFeeSek: '328.00' });
      expect(report.body.customers.map((c: { customer: string; monthlyFeeSek: string; devices: Array<{ serialNumber: string; reasons: string[]; monthlyFeeSek: string }> }) => [
        c.customer,
        c.monthlyFeeSek,
        c.devices.map((d) => [d.serialNumber, d.reasons, d.monthlyFeeSek]),
      ])).toEqual([
        [
          'B200',
          '328.00',
          [
            [disabled, ['ACCOUNT_DISABLED'], '199.00'],
            [never, ['NOT_SEEN'], '129.00'],
          ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
        ],
      ]);
      // With 30 days, the device last seen in September is inactive too.
      const stricter = await http.get('/v1/devices/inactive?customer=B200&days=30');
      expect(stricter.body.monthlyFeeSek).toBe('717.50');
      expect(active.accountId).toBeTruthy();
    });

    it('shows a customer viewer its own customers only', async () => {
      const own = await device.http(Role.CustomerViewer, ['B200']);
      expect((await own.get('/v1/devices/inactive?customer=B200')).status).toBe(200);
      expect((await own.get('/v1/devices/inactive?customer=N138')).status).toBe(403);
      expect((await own.get('/v1/devices/inactive')).status).toBe(403);
      expect((await own.post(`/v1/devices/${sn('X')}/recycle`).send({})).status).toBe(403);
      const auditor = await device.http(Role.Auditor);
      expect((await auditor.get('/v1/devices/inactive')).status).toBe(200);
    });
  });
});

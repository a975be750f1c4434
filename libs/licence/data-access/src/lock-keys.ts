/**
 * Advisory lock key of the scheduled release run (leavers after grace, ended bookings;
 * RunLockRepository from @itops/shared/persistence); the outbox relay holds 5103.
 */
export const RELEASE_RUN_LOCK_KEY = 5113;

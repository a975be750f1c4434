import { AlreadyExistsError, BusyError, ConstraintViolationError, InsufficientAccessError, UnavailableError } from 'ldapts';
import { classifyDirectoryError, describeDirectoryError } from './directory-error';

const networkError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:636`), { code });

describe('classifyDirectoryError', () => {
  it.each([
    ['connection refused', networkError('ECONNREFUSED'), 'transient'],
    ['connection reset', networkError('ECONNRESET'), 'transient'],
    ['operation timeout', new Error('AddRequest: Operation timed out'), 'transient'],
    ['connect timeout', new Error('Connection timeout'), 'transient'],
    ['connection closed', new Error('Connection closed before message response was received.'), 'transient'],
    ['busy', new BusyError('busy'), 'transient'],
    ['unavailable', new UnavailableError('unavailable'), 'transient'],
    ['constraint violation', new ConstraintViolationError('title too long'), 'refused'],
    ['already exists', new AlreadyExistsError('exists'), 'refused'],
    ['insufficient access', new InsufficientAccessError('no'), 'refused'],
    ['certificate name mismatch', Object.assign(new Error('Hostname/IP does not match'), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }), 'unknown'],
    ['not an error', 'boom', 'unknown'],
  ])('%s is %s', (_what, error, failure) => {
    expect(classifyDirectoryError(error)).toBe(failure);
  });
});

describe('describeDirectoryError', () => {
  it('names the LDAP result without the server text, which may quote names', () => {
    const description = describeDirectoryError(new AlreadyExistsError('Entry CN=Anna Svensson,OU=N138 already exists'));
    expect(description).toBe('AlreadyExistsError (LDAP 68)');
  });

  it('names a network failure by its code', () => {
    expect(describeDirectoryError(networkError('ECONNREFUSED'))).toBe('Error ECONNREFUSED');
  });
});

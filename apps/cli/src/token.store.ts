import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliException, CliExceptionCode } from './cli.exception';
import { stockholmTime } from './output.format';

/** What `itops login` keeps in $ITOPS_STATE/token.json (mode 0600: it is a credential). */
export interface StoredToken {
  accessToken: string;
  role: string;
  subject: string;
  customers?: string[];
  issuer: string;
  /** ISO 8601 instant. */
  expiresAt: string;
}

/** A token this close to its expiry is treated as expired: it would lapse on the way. */
const EXPIRY_MARGIN_MS = 30_000;

export class TokenStore {
  readonly file: string;

  constructor(
    stateDir: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.file = join(stateDir, 'token.json');
  }

  save(token: StoredToken): void {
    mkdirSync(join(this.file, '..'), { recursive: true, mode: 0o700 });
    // Written beside and renamed: a reader never sees half a file, and the new file is 0600
    // from its first byte whatever mode an older token.json had.
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(token, null, 2)}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.file);
  }

  load(): StoredToken | undefined {
    let raw: string;
    try {
      raw = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new CliException(CliExceptionCode.NOT_LOGGED_IN, `cannot read ${this.file}: ${(error as Error).message}`, undefined, { cause: error });
    }
    try {
      const token = JSON.parse(raw) as Partial<StoredToken>;
      if (typeof token.accessToken === 'string' && typeof token.expiresAt === 'string' && typeof token.role === 'string') {
        return token as StoredToken;
      }
    } catch {
      // reported below, like a file with the wrong fields
    }
    throw new CliException(CliExceptionCode.NOT_LOGGED_IN, `${this.file} is not a token file; log in again with "itops login --role <role>"`);
  }

  /** The bearer token for a request: ITOPS_TOKEN when set, else the stored one while it is valid. */
  bearer(override?: string): string {
    if (override) return override;
    const token = this.load();
    if (!token) {
      throw new CliException(CliExceptionCode.NOT_LOGGED_IN, 'not logged in; run "itops login --role <role>" first (or set ITOPS_TOKEN)');
    }
    const expiresAt = new Date(token.expiresAt);
    if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() - EXPIRY_MARGIN_MS <= this.now().getTime()) {
      throw new CliException(
        CliExceptionCode.NOT_LOGGED_IN,
        `the ${token.role} token in ${this.file} expired at ${Number.isNaN(expiresAt.getTime()) ? token.expiresAt : stockholmTime(expiresAt)}; ` +
          `log in again with "itops login --role ${token.role}"`,
      );
    }
    return token.accessToken;
  }
}

import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { validate as isUuid } from 'uuid';
import { SNAPSHOT_SCOPES, type SnapshotEncoding, type SnapshotScope } from '@itops/hr-feed/domain';
import { Snapshot, SnapshotRepository, SnapshotStatus } from '@itops/hr-feed/data-access';
import { AuthUser, CurrentUser, Role, Roles } from '@itops/shared/auth';
import { ApproveSnapshot } from './approve-snapshot.use-case';
import { importResult, ImportResult, RejectedRow } from './import-result.model';
import { ImportSnapshot } from './import-snapshot.use-case';
import { mediaTypeOf, SNAPSHOT_MEDIA_TYPES } from './snapshot-upload.body-parser';

const STATUSES: readonly SnapshotStatus[] = ['applied', 'held', 'rejected', 'dry-run'];

/** A snapshot as GET shows it: the import's answer plus its record. Never its rows. */
export interface SnapshotSummary extends Omit<ImportResult, 'rejected'> {
  status: SnapshotStatus;
  receivedAt: string;
  actor: string;
  encoding: string;
  byteSize: number;
  sha256: string;
  rejectedCount: number;
  heldReason: string | null;
  approvedBy: string | null;
  approvedAt: string | null;
  appliedAt: string | null;
  rejectedReason: string | null;
}

@Controller('v1/snapshots')
export class SnapshotsController {
  constructor(
    private readonly importSnapshot: ImportSnapshot,
    private readonly approveSnapshot: ApproveSnapshot,
    private readonly snapshots: SnapshotRepository,
  ) {}

  /**
   * Imports an HR file: the raw CSV file as the body (`Content-Type: text/csv` or
   * `application/octet-stream`). `scope=full` (default) for a snapshot of every employment,
   * `scope=changes` for a change file of the changed employments only; `dryRun=true` only checks
   * and counts; `encoding` is the file's (utf8 or latin1, default utf8).
   */
  @Post()
  @HttpCode(200)
  @Roles(Role.Operator)
  async import(
    @CurrentUser() user: AuthUser,
    @Body() body: unknown,
    @Headers('content-type') contentType?: string,
    @Query('dryRun') dryRun?: string,
    @Query('encoding') encoding?: string,
    @Query('scope') scope?: string,
  ): Promise<ImportResult> {
    if (!SNAPSHOT_MEDIA_TYPES.includes(mediaTypeOf(contentType))) {
      throw new UnsupportedMediaTypeException({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `Content-Type "${contentType ?? ''}" is not allowed; send the CSV file as the body with Content-Type ${SNAPSHOT_MEDIA_TYPES.join(' or ')}`,
      });
    }
    // An empty body never reaches the raw parser; the parser then says the file is empty.
    const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    return this.importSnapshot.execute({
      bytes,
      encoding: parseEncoding(encoding),
      scope: parseScope(scope),
      dryRun: parseBoolean('dryRun', dryRun),
      actor: user.subject,
    });
  }

  /** Applies a snapshot the mass-leaver brake held, diffed against the employments as they are now. */
  @Post(':id/approve')
  @HttpCode(200)
  @Roles(Role.Operator)
  async approve(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<ImportResult> {
    return this.approveSnapshot.execute(parseSnapshotId(id), user.subject);
  }

  /** The latest snapshots first (at most `limit`, default 20), optionally only those of one status. */
  @Get()
  @Roles(Role.Operator, Role.Auditor)
  async list(@Query('status') status?: string, @Query('limit') limit?: string): Promise<{ snapshots: SnapshotSummary[] }> {
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) {
      throw new BadRequestException(`status "${status}" is not a snapshot status; allowed: ${STATUSES.join(', ')}`);
    }
    const take = limit === undefined ? 20 : Number(limit);
    if (!Number.isInteger(take) || take < 1 || take > 500) {
      throw new BadRequestException(`limit "${limit}" is not allowed; allowed: a whole number from 1 to 500`);
    }
    const rows = await this.snapshots.list({ status: status as SnapshotStatus | undefined, limit: take });
    return { snapshots: rows.map((row) => summaryOf({ ...row, rejections: [] })) };
  }

  /** One snapshot's record with its rejected rows. */
  @Get(':id')
  @Roles(Role.Operator, Role.Auditor)
  async get(@Param('id') id: string): Promise<SnapshotSummary & { rejected: RejectedRow[] }> {
    const snapshot = await this.snapshots.find(parseSnapshotId(id));
    if (!snapshot) throw new NotFoundException({ code: 'SNAPSHOT_NOT_FOUND', message: `snapshot ${id} does not exist` });
    return { ...summaryOf(snapshot), rejected: importResult(resultInput(snapshot)).rejected };
  }
}

function parseBoolean(name: string, value: string | undefined): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new BadRequestException(`${name} "${value}" is not allowed; allowed: true or false`);
}

function parseEncoding(value: string | undefined): SnapshotEncoding {
  if (value === undefined || value === 'utf8') return 'utf8';
  if (value === 'latin1') return 'latin1';
  throw new BadRequestException(`encoding "${value}" is not allowed; allowed: utf8 or latin1 (ISO-8859-1)`);
}

function parseScope(value: string | undefined): SnapshotScope {
  if (value === undefined) return 'full';
  const scope = SNAPSHOT_SCOPES.find((s) => s === value);
  if (scope === undefined) {
    throw new BadRequestException(
      `scope "${value}" is not allowed; allowed: full (a snapshot of every employment) or changes (a change file of the changed employments only)`,
    );
  }
  return scope;
}

function parseSnapshotId(id: string): string {
  if (!isUuid(id)) throw new BadRequestException(`snapshot id "${id}" is not a UUID; use the snapshotId an import answered with`);
  return id.toLowerCase();
}

function resultInput(snapshot: Snapshot) {
  return {
    snapshotId: snapshot.id,
    scope: snapshot.scope,
    accepted: snapshot.accepted,
    rejections: snapshot.rejections,
    counts: snapshot,
    // As the import answered: held, or for a dry run whether it would have been.
    held: snapshot.heldReason !== null && (snapshot.status === 'held' || snapshot.status === 'dry-run'),
    dryRun: snapshot.status === 'dry-run',
  };
}

function summaryOf(snapshot: Snapshot): SnapshotSummary {
  const { snapshotId, scope, accepted, changes, held, dryRun } = importResult(resultInput(snapshot));
  return {
    snapshotId,
    scope,
    accepted,
    changes,
    held,
    dryRun,
    status: snapshot.status,
    receivedAt: snapshot.receivedAt.toISOString(),
    actor: snapshot.actor,
    encoding: snapshot.encoding,
    byteSize: snapshot.byteSize,
    sha256: snapshot.sha256,
    rejectedCount: snapshot.rejectionCount,
    heldReason: snapshot.heldReason,
    approvedBy: snapshot.approvedBy,
    approvedAt: snapshot.approvedAt?.toISOString() ?? null,
    appliedAt: snapshot.appliedAt?.toISOString() ?? null,
    rejectedReason: snapshot.rejectedReason,
  };
}

import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { IncomingMessage } from 'node:http';

/** A full export of about 57,000 employments is 10-20 MB; the limit leaves room for 10x the city. */
export const SNAPSHOT_UPLOAD_LIMIT = '200mb';
export const SNAPSHOT_MEDIA_TYPES: readonly string[] = ['text/csv', 'application/octet-stream'];

/** The media type of a Content-Type header, lower-case and without parameters (`text/csv; charset=...`). */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/**
 * Only a CSV sent to POST /v1/snapshots is read as raw bytes, with the large limit: the file's
 * encoding is declared by the `encoding` query parameter and decoded by the parser, never by
 * Express. Every other route keeps Nest's JSON parser and its small default limit.
 */
export function isSnapshotUpload(request: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): boolean {
  const path = (request.url ?? '').split('?')[0].replace(/\/+$/, '');
  return request.method === 'POST' && path === '/v1/snapshots' && SNAPSHOT_MEDIA_TYPES.includes(mediaTypeOf(request.headers['content-type']));
}

/** Installs the raw body parser for snapshot uploads; call before the app starts listening. */
export function useSnapshotUploadParser(app: INestApplication): void {
  (app as NestExpressApplication).useBodyParser('raw', { type: isSnapshotUpload, limit: SNAPSHOT_UPLOAD_LIMIT });
}

import { isSnapshotUpload, mediaTypeOf } from './snapshot-upload.body-parser';

describe('snapshot upload body parser', () => {
  it.each([
    ['POST', '/v1/snapshots', 'text/csv', true],
    ['POST', '/v1/snapshots?dryRun=true&encoding=latin1', 'text/csv; charset=iso-8859-1', true],
    ['POST', '/v1/snapshots/', 'application/octet-stream', true],
    ['POST', '/v1/snapshots', 'Text/CSV', true],
    ['POST', '/v1/snapshots', 'application/json', false],
    ['POST', '/v1/snapshots', undefined, false],
    ['PUT', '/v1/snapshots', 'text/csv', false],
    ['POST', '/v1/customers', 'text/csv', false],
    ['POST', '/v1/snapshots/0198c1a4-0000-7000-8000-000000000000/approve', 'text/csv', false],
  ])('%s %s as %s -> raw bytes %s', (method, url, contentType, expected) => {
    expect(isSnapshotUpload({ method, url, headers: contentType === undefined ? {} : { 'content-type': contentType } })).toBe(expected);
  });

  it.each([
    ['text/csv; charset=utf-8', 'text/csv'],
    [' APPLICATION/OCTET-STREAM ', 'application/octet-stream'],
    [undefined, ''],
  ])('reads the media type of %j as %j', (header, expected) => {
    expect(mediaTypeOf(header)).toBe(expected);
  });
});

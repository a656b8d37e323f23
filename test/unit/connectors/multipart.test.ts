import { ValidationError } from '../../../core/errors';
import { parseMultipart } from '../../../infra/connectors/http/multipart';

const CT = 'multipart/form-data; boundary=----irmBoundary7MA4YWxk';

function body(parts: string[]): Buffer {
  return Buffer.from(parts.join('\r\n'));
}

describe('parseMultipart', () => {
  it('reads a file field with its name, file name, type and exact bytes', () => {
    const csv = 'EmailAddress,ResignationDate\r\nada@contoso.com,2026-03-01\r\n';
    const parts = parseMultipart(
      body([
        '------irmBoundary7MA4YWxk',
        'Content-Disposition: form-data; name="file"; filename="hr.csv"',
        'Content-Type: text/csv',
        '',
        csv,
        '------irmBoundary7MA4YWxk--',
        '',
      ]),
      CT,
    );
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ name: 'file', filename: 'hr.csv', contentType: 'text/csv' });
    expect(parts[0].data.toString()).toBe(csv);
  });

  it('reads several parts and a quoted boundary', () => {
    const parts = parseMultipart(
      body(['--b1', 'Content-Disposition: form-data; name="jobid"', '', '42', '--b1', 'Content-Disposition: form-data; name="file"; filename="a.csv"', '', 'x,y', '--b1--']),
      'multipart/form-data; boundary="b1"',
    );
    expect(parts.map((p) => [p.name, p.data.toString()])).toEqual([
      ['jobid', '42'],
      ['file', 'x,y'],
    ]);
  });

  it('rejects a content type without a boundary', () => {
    expect(() => parseMultipart(Buffer.from(''), 'multipart/form-data')).toThrow(
      new ValidationError('multipart/form-data request without a boundary parameter in Content-Type'),
    );
  });

  it('rejects a body whose closing boundary is missing', () => {
    expect(() => parseMultipart(body(['------irmBoundary7MA4YWxk', 'Content-Disposition: form-data; name="file"', '', 'data']), CT)).toThrow(
      'malformed multipart/form-data body: the closing boundary is missing',
    );
  });

  it('rejects a part without a name', () => {
    expect(() => parseMultipart(body(['------irmBoundary7MA4YWxk', 'Content-Type: text/csv', '', 'data', '------irmBoundary7MA4YWxk--']), CT)).toThrow(
      'malformed multipart/form-data body: a part has no Content-Disposition name',
    );
  });
});

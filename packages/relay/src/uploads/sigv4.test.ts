import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMPTY_PAYLOAD_HASH, amzDate, signRequest } from './sigv4.js';

// The worked examples of AWS's "Signature Calculations for the Authorization Header" page
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html).
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1' };
const date = '20130524T000000Z';

describe('signRequest', () => {
  it('matches the published GET Object example', () => {
    const signed = signRequest(
      {
        method: 'GET',
        url: new URL('https://examplebucket.s3.amazonaws.com/test.txt'),
        headers: { Range: 'bytes=0-9', 'x-amz-date': date },
        payloadHash: EMPTY_PAYLOAD_HASH,
      },
      credentials,
    );
    expect(signed.stringToSign.split('\n').at(-1)).toBe('7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972');
    expect(signed.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('matches the published PUT Object example, encoding "$" in the key', () => {
    const payloadHash = createHash('sha256').update('Welcome to Amazon S3.').digest('hex');
    expect(payloadHash).toBe('44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072');
    const signed = signRequest(
      {
        method: 'PUT',
        url: new URL('https://examplebucket.s3.amazonaws.com/test$file.text'),
        headers: { Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-date': date, 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
        payloadHash,
      },
      credentials,
    );
    expect(signed.canonicalRequest.split('\n')[1]).toBe('/test%24file.text');
    expect(signed.signature).toBe('98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
    expect(signed.signedHeaders).toBe('date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class');
  });

  it('matches the published examples with query strings (GET Bucket Lifecycle, List Objects)', () => {
    const sign = (url: string) => signRequest({ method: 'GET', url: new URL(url), headers: { 'x-amz-date': date }, payloadHash: EMPTY_PAYLOAD_HASH }, credentials);
    const lifecycle = sign('https://examplebucket.s3.amazonaws.com/?lifecycle');
    expect(lifecycle.canonicalRequest.split('\n')[2]).toBe('lifecycle=');
    expect(lifecycle.signature).toBe('fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
    // Parameters are sorted by name, whatever order they were sent in.
    expect(sign('https://examplebucket.s3.amazonaws.com/?prefix=J&max-keys=2').signature).toBe('34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });

  it('formats x-amz-date and refuses to sign without it', () => {
    expect(amzDate(new Date(Date.UTC(2013, 4, 24, 0, 0, 0)))).toBe(date);
    expect(() => signRequest({ method: 'GET', url: new URL('https://a.example/'), headers: {}, payloadHash: EMPTY_PAYLOAD_HASH }, credentials)).toThrow(/x-amz-date/);
  });
});

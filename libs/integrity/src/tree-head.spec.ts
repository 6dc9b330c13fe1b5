import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { leafHash } from './hashing.js';
import { generateSigningKey, privateKeyPem, signingKeyFromPem, verifyingKeyFromPem } from './signing-key.js';
import { signedTreeHeadSchema, signTreeHead, treeHeadBytes, verifyTreeHead } from './tree-head.js';

const key = generateSigningKey();
const head = signTreeHead({ treeSize: 42, root: leafHash(Buffer.from('root')), timestamp: new Date('2026-01-01T12:00:00Z'), logId: 'goal-ledger-test' }, key);

describe('signed tree heads (Ed25519 over RFC 8785 JSON)', () => {
  it('signs the canonical JSON of size, root, time and log id', () => {
    expect(treeHeadBytes(head).toString()).toBe(`{"logId":"goal-ledger-test","rootHash":"${head.rootHash}","timestamp":"2026-01-01T12:00:00.000Z","treeSize":42}`);
    expect(verifyTreeHead(head, key.publicKey)).toBe(true);
    expect(signedTreeHeadSchema.safeParse(JSON.parse(JSON.stringify(head))).success).toBe(true);
  });

  it('verifies whatever order the JSON keeps its members in', () => {
    const reordered = JSON.parse(JSON.stringify({ signature: head.signature, treeSize: head.treeSize, logId: head.logId, timestamp: head.timestamp, rootHash: head.rootHash }));
    expect(verifyTreeHead(reordered, key.publicKey)).toBe(true);
  });

  it('fails when any signed field changes or under another key', () => {
    const root = Buffer.from(head.rootHash, 'base64');
    root[0] ^= 1;
    for (const change of [{ treeSize: 43 }, { rootHash: root.toString('base64') }, { timestamp: '2026-01-01T12:00:00.001Z' }, { logId: 'another-log' }]) {
      expect(verifyTreeHead({ ...head, ...change }, key.publicKey)).toBe(false);
    }
    const signature = Buffer.from(head.signature, 'base64');
    signature[10] ^= 1;
    expect(verifyTreeHead({ ...head, signature: signature.toString('base64') }, key.publicKey)).toBe(false);
    expect(verifyTreeHead(head, generateSigningKey().publicKey)).toBe(false);
  });

  it('loads the private key back from PEM, and the public key with the same fingerprint', () => {
    const loaded = signingKeyFromPem(privateKeyPem(key));
    expect(loaded.publicKey.fingerprint).toBe(key.publicKey.fingerprint);
    expect(verifyTreeHead(signTreeHead({ treeSize: 1, root: leafHash(Buffer.alloc(0)), timestamp: new Date(), logId: 'l' }, loaded), key.publicKey)).toBe(true);
    const publicKey = verifyingKeyFromPem(key.publicKey.pem);
    expect(publicKey.pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(publicKey.fingerprint).toBe(key.publicKey.fingerprint);
  });

  it('fingerprints a key as the SHA-256 of its SPKI DER encoding, in hex', () => {
    const der = key.publicKey.key.export({ type: 'spki', format: 'der' });
    expect(key.publicKey.fingerprint).toBe(createHash('sha256').update(der).digest('hex'));
    expect(key.publicKey.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses keys that are not Ed25519', () => {
    const ecdsa = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => signingKeyFromPem(ecdsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString())).toThrow('not Ed25519');
    expect(() => verifyingKeyFromPem(ecdsa.publicKey.export({ type: 'spki', format: 'pem' }).toString())).toThrow('not Ed25519');
  });

  it('refuses a tree head with a member that is not signed, or one missing', () => {
    expect(signedTreeHeadSchema.safeParse({ ...head, note: 'unsigned' }).success).toBe(false);
    const { logId: _logId, ...withoutLogId } = head;
    expect(signedTreeHeadSchema.safeParse(withoutLogId).success).toBe(false);
    expect(signedTreeHeadSchema.safeParse({ ...head, rootHash: 'AAAA' }).success).toBe(false);
  });
});

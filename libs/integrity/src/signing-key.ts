import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** A public key that checks tree heads, with the forms an evaluator compares and stores. */
export interface VerifyingKey {
  readonly key: KeyObject;
  /** SPKI PEM, as served by the log and carried in bundles. */
  readonly pem: string;
  /** SHA-256 of the SPKI DER encoding, lower-case hex: what an evaluator pins and compares out of band. */
  readonly fingerprint: string;
}

/** The log's Ed25519 key pair. */
export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: VerifyingKey;
}

export function generateSigningKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return signingKeyOf(privateKey);
}

/** The private key in PKCS#8 PEM, to keep in the data directory or a secret store. */
export function privateKeyPem(key: SigningKey): string {
  return key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Loads a private key from PEM; refuses anything but Ed25519. */
export function signingKeyFromPem(pem: string): SigningKey {
  return signingKeyOf(ed25519(createPrivateKey(pem)));
}

/** Loads a public key from PEM (SPKI); refuses anything but Ed25519. */
export function verifyingKeyFromPem(pem: string): VerifyingKey {
  return verifyingKeyOf(ed25519(createPublicKey(pem)));
}

function signingKeyOf(privateKey: KeyObject): SigningKey {
  return { privateKey, publicKey: verifyingKeyOf(createPublicKey(privateKey)) };
}

function verifyingKeyOf(key: KeyObject): VerifyingKey {
  const der = key.export({ type: 'spki', format: 'der' });
  return { key, pem: key.export({ type: 'spki', format: 'pem' }).toString(), fingerprint: createHash('sha256').update(der).digest('hex') };
}

function ed25519(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the key is ${key.asymmetricKeyType ?? 'not asymmetric'}, not Ed25519`);
  return key;
}

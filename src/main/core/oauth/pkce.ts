/**
 * Proof Key for Code Exchange (RFC 7636): a one-time secret (the verifier) whose SHA-256 hash
 * (the challenge) goes with the authorization request, and the verifier itself with the token
 * request. Another app that intercepts the code on the loopback redirect cannot redeem it
 * without the verifier (RFC 8252 section 8.1).
 */
import { createHash, randomBytes } from 'node:crypto';

/** The only method we send: "plain" gives no protection against an intercepted request. */
export const PKCE_METHOD = 'S256';

/** A verifier and its S256 challenge. */
export interface PkcePair {
  readonly verifier: string;
  readonly challenge: string;
  readonly method: typeof PKCE_METHOD;
}

/** RFC 7636 section 4.1: 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~". */
const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

/** True when `verifier` is a well-formed code verifier. */
export function isValidVerifier(verifier: string): boolean {
  return VERIFIER_PATTERN.test(verifier);
}

/** BASE64URL(SHA256(ASCII(verifier))), without padding (RFC 7636 section 4.2). */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/**
 * A fresh verifier from `bytes` random octets (32 gives the 43-character minimum with 256 bits
 * of entropy, as RFC 7636 section 4.1 recommends; at most 96 fit in 128 characters).
 */
export function createPkcePair(bytes = 32): PkcePair {
  if (!Number.isInteger(bytes) || bytes < 32 || bytes > 96) {
    throw new RangeError('A PKCE verifier needs 32 to 96 random bytes (43 to 128 characters)');
  }
  const verifier = randomBytes(bytes).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: PKCE_METHOD };
}

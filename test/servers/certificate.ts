/** The rig's self-signed certificate, made with the openssl CLI as an operator would. */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface RigCertificate {
  readonly pem: string;
  readonly keyPem: string;
  readonly file: string;
  readonly keyFile: string;
  /** Node's format (AA:BB:...), as tls.TLSSocket#getPeerCertificate().fingerprint256 shows it. */
  readonly fingerprint256: string;
}

/**
 * Writes cert.pem and key.pem into `dir`. The SAN names mail.example.test, localhost and
 * 127.0.0.1 but deliberately not other.example.test, so tests can provoke a hostname mismatch.
 * An EC key keeps generation in the milliseconds where RSA would cost a noticeable part of the
 * rig's start.
 */
export async function makeCertificate(dir: string): Promise<RigCertificate> {
  const file = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '3650',
    '-subj',
    '/CN=mail.example.test/O=mailcrm test rig',
    '-addext',
    'subjectAltName=DNS:mail.example.test,DNS:localhost,IP:127.0.0.1',
    '-keyout',
    keyFile,
    '-out',
    file,
  ]);
  const [pem, keyPem] = await Promise.all([readFile(file, 'utf8'), readFile(keyFile, 'utf8')]);
  const { fingerprint256 } = new X509Certificate(pem);
  return { pem, keyPem, file, keyFile, fingerprint256 };
}

/** Test certificates made with the openssl CLI: an expired one, and a leaf signed by a private CA. */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A certificate with its key, and the trust a draft would store for it. */
export interface TestCertificate {
  readonly key: string;
  readonly cert: string;
  readonly fingerprint256: string;
}

const SAN = 'subjectAltName=DNS:mail.example.test,DNS:localhost,IP:127.0.0.1';
const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** Reads a key and certificate pair written by openssl. */
async function pair(dir: string, name: string): Promise<TestCertificate> {
  const cert = await readFile(join(dir, `${name}.pem`), 'utf8');
  const key = await readFile(join(dir, `${name}.key`), 'utf8');
  return { key, cert, fingerprint256: new X509Certificate(cert).fingerprint256 };
}

/** A self-signed certificate for mail.example.test that expired on 2 January 2020. */
export async function expiredCertificate(parent: string): Promise<TestCertificate> {
  const dir = await mkdtemp(join(parent, 'expired-'));
  // `openssl req -x509` cannot backdate; `openssl ca` takes explicit start and end dates.
  await writeFile(join(dir, 'index.txt'), '');
  await writeFile(
    join(dir, 'ca.cnf'),
    [
      '[ca]',
      'default_ca = expired',
      '[expired]',
      'database = index.txt',
      'new_certs_dir = .',
      'rand_serial = yes',
      'default_md = sha256',
      'policy = anything',
      'copy_extensions = copy',
      '[anything]',
      'commonName = supplied',
    ].join('\n'),
  );
  await run(
    'openssl',
    [
      'req',
      '-new',
      ...EC,
      '-keyout',
      'expired.key',
      '-out',
      'expired.csr',
      '-subj',
      '/CN=mail.example.test',
      '-addext',
      SAN,
    ],
    { cwd: dir },
  );
  await run(
    'openssl',
    [
      'ca',
      '-selfsign',
      '-batch',
      '-notext',
      '-config',
      'ca.cnf',
      '-keyfile',
      'expired.key',
      '-in',
      'expired.csr',
      '-out',
      'expired.pem',
      '-startdate',
      '20200101000000Z',
      '-enddate',
      '20200102000000Z',
    ],
    { cwd: dir },
  );
  return pair(dir, 'expired');
}

/** A private CA and a leaf for mail.example.test signed by it (not self-signed). */
export async function privateCaLeaf(
  parent: string,
): Promise<{ ca: TestCertificate; leaf: TestCertificate }> {
  const dir = await mkdtemp(join(parent, 'private-ca-'));
  await run(
    'openssl',
    [
      'req',
      '-x509',
      ...EC,
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '2',
      '-subj',
      '/CN=Private Test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign',
    ],
    { cwd: dir },
  );
  await run(
    'openssl',
    [
      'req',
      '-new',
      ...EC,
      '-keyout',
      'leaf.key',
      '-out',
      'leaf.csr',
      '-subj',
      '/CN=mail.example.test',
      '-addext',
      SAN,
    ],
    { cwd: dir },
  );
  await run(
    'openssl',
    [
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'leaf.pem',
      '-days',
      '2',
      '-copy_extensions',
      'copy',
    ],
    { cwd: dir },
  );
  return { ca: await pair(dir, 'ca'), leaf: await pair(dir, 'leaf') };
}

/**
 * The CLI bundle loads a command's libraries only when that command runs: `mailcrm sync` starts
 * without the SMTP, keychain, settings and OAuth code (about a third of its start-up time went
 * to loading them). Read from the built bundle's static imports, which are what Node loads
 * before the first line runs; dynamic import() calls load later, on demand.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../outbox/send-harness';

/** `import ... from "x"` and `import "x"` at the start of a line, as Rollup writes them. */
const STATIC_IMPORT = /^import\s+(?:[^'"]*?\s+from\s+)?["']([^"']+)["'];?$/gm;

/** The packages (bare specifiers, node: built-ins left out) `file` loads before it runs. */
async function staticPackages(file: string, seen = new Set<string>()): Promise<Set<string>> {
  const packages = new Set<string>();
  if (seen.has(file)) return packages;
  seen.add(file);
  const source = await readFile(file, 'utf8');
  for (const [, specifier = ''] of source.matchAll(STATIC_IMPORT)) {
    if (specifier.startsWith('.')) {
      for (const name of await staticPackages(resolve(dirname(file), specifier), seen))
        packages.add(name);
    } else if (!specifier.startsWith('node:')) packages.add(specifier);
  }
  return packages;
}

let entry = '';
let chunks: string[] = [];

beforeAll(async () => {
  entry = await buildCli('bundle');
  const assets = join(dirname(entry), '..', 'assets');
  chunks = (await readdir(assets)).map((name) => join(assets, name));
}, 60_000);

function chunk(prefix: string): string {
  const found = chunks.find((file) => file.includes(`/assets/${prefix}-`));
  if (found === undefined) throw new Error(`no ${prefix} chunk among ${chunks.join(', ')}`);
  return found;
}

describe('the CLI bundle', () => {
  it('starts with no mail, keychain or settings library', async () => {
    expect([...(await staticPackages(entry))]).toEqual(['zod']);
  });

  it('mailcrm sync loads IMAP only: no SMTP, keychain, settings store or MIME parser', async () => {
    const packages = [...(await staticPackages(chunk('sync-command')))];
    expect(packages).toContain('imapflow');
    for (const heavy of ['conf', 'keytar', 'mailparser', 'nodemailer']) {
      expect(packages.filter((name) => name.split('/')[0] === heavy)).toEqual(
        heavy === 'nodemailer' ? ['nodemailer/lib/addressparser'] : [],
      );
    }
  });

  it('mailcrm send loads SMTP and the settings store it keeps sign-ins in', async () => {
    const packages = [...(await staticPackages(chunk('send-command')))];
    expect(packages).toEqual(
      expect.arrayContaining(['imapflow', 'nodemailer/lib/smtp-connection', 'conf']),
    );
  });
});

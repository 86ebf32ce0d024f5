/**
 * What the CRM store needs from outside the database: the user's own addresses (to tell sent
 * mail from received) and new ids. The running linker registers the addresses once; store
 * functions called before that see none.
 */
let myAddressesProvider: () => ReadonlySet<string> = () => new Set();

/** Registers where the user's own addresses come from (start-crm.ts and tests). */
export function setMyAddressesProvider(provider: () => ReadonlySet<string>): void {
  myAddressesProvider = provider;
}

/** The user's own addresses, normalized. */
export function currentMyAddresses(): ReadonlySet<string> {
  return myAddressesProvider();
}

/** A new record id. */
export function newId(): string {
  return crypto.randomUUID();
}

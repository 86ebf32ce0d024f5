/**
 * The part of oidc-provider 9 (which ships no type declarations) the rig's authorization server
 * uses: the Provider, its interaction helpers and the Grant model.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** What an interaction (login or consent prompt) is about. */
  export interface InteractionDetails {
    readonly uid: string;
    /** The authorization request's parameters (client_id, scope, login_hint, ...). */
    readonly params: Readonly<Record<string, unknown>>;
    readonly prompt: { readonly name: string; readonly reasons: readonly string[] };
    readonly grantId?: string;
  }

  /** The outcome of an interaction: a login and a consent, or an error for the client. */
  export type InteractionResults =
    | {
        readonly login: { readonly accountId: string };
        readonly consent: { readonly grantId: string };
      }
    | { readonly error: string; readonly error_description?: string };

  /** What the user allowed a client: scopes and claims. */
  export interface Grant {
    addOIDCScope(scope: string): void;
    save(): Promise<string>;
  }

  /** The OpenID provider: a Node request handler plus interaction helpers. */
  export class Provider {
    constructor(issuer: string, configuration: Readonly<Record<string, unknown>>);
    readonly issuer: string;
    readonly Grant: new (init: { accountId: string; clientId: string }) => Grant;
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    interactionDetails(
      request: IncomingMessage,
      response: ServerResponse,
    ): Promise<InteractionDetails>;
    interactionFinished(
      request: IncomingMessage,
      response: ServerResponse,
      result: InteractionResults,
      options?: { readonly mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: 'server_error', listener: (context: unknown, error: Error) => void): this;
  }

  export default Provider;
}

/**
 * The test every IPC message passes before it is parsed: it must come from the main frame of a
 * window we serve, while that frame shows our own page. Kept free of electron imports so the
 * rule is unit-tested in Node.
 */

/** The parts of Electron's WebFrameMain the check reads. */
export interface FrameFacts {
  readonly parent: unknown;
  readonly frameToken: string;
  readonly url: string;
}

/** What the check is given about one IPC message. */
export interface SenderFacts {
  /** The sending web contents is one of our attached windows. */
  readonly attached: boolean;
  /** `event.senderFrame`: null once the frame navigated away or was destroyed. */
  readonly frame: FrameFacts | null;
  /** The frame token of the sending web contents' current main frame. */
  readonly mainFrameToken: string;
}

/** True only for our page in the main frame of an attached window. */
export function isTrustedSender(facts: SenderFacts, isAppUrl: (url: string) => boolean): boolean {
  const { frame } = facts;
  return (
    facts.attached &&
    frame !== null &&
    frame.parent === null &&
    frame.frameToken === facts.mainFrameToken &&
    isAppUrl(frame.url)
  );
}

/**
 * Known tracking pixels: stay blocked even when the user allowed a sender's remote content,
 * because loading them only tells the sender (or a marketing platform) that the mail was read.
 * A short list of common tracker hosts plus the shape of a pixel (an image of 2×2 or less, or
 * hidden), which catches most of the rest.
 */

/** Hosts (and their subdomains) that serve open-tracking beacons. */
const TRACKER_HOSTS: readonly string[] = [
  'google-analytics.com',
  'doubleclick.net',
  'list-manage.com',
  'mandrillapp.com',
  'sendgrid.net',
  'mailtrack.io',
  'hubspotemail.net',
  'track.hubspot.com',
  'exct.net',
  'pixel.wp.com',
  'mailgun.org',
  'sparkpostmail.com',
];

/** True when `host` is a known tracker host or one of its subdomains. */
export function isTrackerHost(host: string): boolean {
  const lower = host.toLowerCase();
  return TRACKER_HOSTS.some((tracker) => lower === tracker || lower.endsWith(`.${tracker}`));
}

/** A CSS or attribute length in pixels, when it is a plain number ("1", "1px", "0"). */
function pixels(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$/i.exec(value);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

function styleValue(style: string, property: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${property}\\s*:\\s*([^;!]+)`, 'i').exec(style);
  return match?.[1]?.trim();
}

/**
 * True when an image element has the shape of a tracking pixel: width and height of at most
 * 2 px (by attribute or inline style; one of them given is enough when it is 0 or 1), or hidden.
 */
export function looksLikePixel(image: Element): boolean {
  const style = image.getAttribute('style') ?? '';
  const width = pixels(image.getAttribute('width')) ?? pixels(styleValue(style, 'width'));
  const height = pixels(image.getAttribute('height')) ?? pixels(styleValue(style, 'height'));
  if (width !== undefined && height !== undefined) return width <= 2 && height <= 2;
  if ((width ?? height) !== undefined && (width ?? height ?? 3) <= 1) return true;
  const display = styleValue(style, 'display');
  const visibility = styleValue(style, 'visibility');
  return display === 'none' || visibility === 'hidden';
}

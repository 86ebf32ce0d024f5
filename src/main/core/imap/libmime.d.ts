/** The part of libmime (no types of its own) that the header pass uses. */
declare module 'libmime' {
  const libmime: {
    /** Decodes RFC 2047 encoded words ("=?UTF-8?B?...?=") in a header value. */
    decodeWords(value: string): string;
  };
  export default libmime;
}

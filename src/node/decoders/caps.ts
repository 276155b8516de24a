/**
 * The caps of the text and CSV decoders: beyond them an input is not what its format says, and
 * stopping there keeps memory flat and a wrong input fast to refuse (`E_FORMAT`).
 * @internal
 */

/**
 * Longest line (text) or field (CSV) read: 1 MiB. A longer one means the input is not what its
 * format says, and memory stays bounded. @internal
 */
export const MAX_LINE = 1 << 20;

/** Longest CSV record (all its fields, quoted line breaks included): 16 MiB. @internal */
export const MAX_RECORD = 16 << 20;

/** Longest CSV header (or first record, while it may be one): 1 MiB. @internal */
export const MAX_HEADER = 1 << 20;

/** Most fields a CSV header (or a first record, while it may be one) may have. @internal */
export const MAX_HEADER_FIELDS = 65_536;

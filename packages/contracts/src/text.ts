import { z } from 'zod';

// C0 control characters and DEL. Postgres cannot store U+0000 in text at all (the insert fails), and the
// others are invisible, corrupt logs, SMS and printed invoices, and are never typed by a person.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
// Multi-line text keeps tab, line feed and carriage return.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTER_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// A high surrogate without its low half, or a low one without its high half: not Unicode text, and Postgres
// refuses it in jsonb ("Unicode low surrogate must follow a high surrogate").
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const codePoint = (character: string) =>
  `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * A free-text field of a request: trimmed, and refusing what no person types and the database cannot store
 * (control characters, unpaired UTF-16 surrogates). `multiline` lets tab and line breaks through, for notes,
 * reasons and descriptions. Chain `.min()`, `.max()`, `.optional()` as on any string.
 */
export function safeText(options: { multiline?: boolean } = {}) {
  const forbidden = options.multiline ? CONTROL_CHARACTER_BUT_LINE_BREAKS : CONTROL_CHARACTER;
  const allowed = options.multiline ? ' (tab and line breaks are fine)' : '';
  return z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const control = forbidden.exec(value);
      if (control) {
        ctx.addIssue({
          code: 'custom',
          message: `must not contain control characters${allowed}; found ${codePoint(control[0])}`,
        });
      }
      const surrogate = LONE_SURROGATE.exec(value);
      if (surrogate) {
        ctx.addIssue({
          code: 'custom',
          message: `must be valid Unicode text; found an unpaired surrogate ${codePoint(surrogate[0])}`,
        });
      }
    });
}

import { describe, expect, it } from 'vitest';
import { safeText } from './text';

const messages = (result: { error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe('safeText', () => {
  it('trims and keeps ordinary text, accents and emoji (surrogate pairs) included', () => {
    expect(safeText().parse('  Sfax, route de Gabès 📦 ')).toBe('Sfax, route de Gabès 📦');
  });

  it('refuses NUL and the other control characters, naming the one found', () => {
    for (const control of ['\u0000', '\u0007', '\u001b', '\u007f', '\t', '\n']) {
      expect(messages(safeText().safeParse(`a${control}b`))[0], JSON.stringify(control)).toMatch(
        /^must not contain control characters; found U\+00[0-7][0-9A-F]$/,
      );
    }
  });

  it('lets multi-line text keep tab and line breaks, and nothing else', () => {
    expect(safeText({ multiline: true }).parse('Canapé\r\n12 cartons\tfragile')).toBe(
      'Canapé\r\n12 cartons\tfragile',
    );
    expect(messages(safeText({ multiline: true }).safeParse('a\u0000b'))).toEqual([
      'must not contain control characters (tab and line breaks are fine); found U+0000',
    ]);
  });

  it('refuses unpaired UTF-16 surrogates, high or low, wherever they are', () => {
    for (const text of ['\ud800', 'a\ud83db', 'a\udce6', '\udce6\ud83d']) {
      expect(messages(safeText().safeParse(text))[0], JSON.stringify(text)).toMatch(
        /unpaired surrogate U\+D/,
      );
    }
  });

  it('lists every issue at once, length included', () => {
    expect(messages(safeText().min(1).max(3).safeParse('\u0000\ud800xyz'))).toHaveLength(3);
  });
});

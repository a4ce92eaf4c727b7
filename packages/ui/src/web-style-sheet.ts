import { StyleSheet } from 'react-native';

/**
 * The CSS react-native-web has generated so far, for a server render to send with the HTML (so the page is
 * styled before its JavaScript runs; the browser's react-native-web adopts the element by its id). Null on a
 * phone, where there is no style sheet.
 */
export function readWebStyleSheet(): { id: string; textContent: string } | null {
  const sheet = (StyleSheet as { getSheet?: () => { id: string; textContent: string } }).getSheet;
  return sheet ? sheet() : null;
}

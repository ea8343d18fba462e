// The text every export test feeds through spreadsheet writers: none of it may come out as a live formula.

/** OWASP's CSV-injection prefixes and classic payloads, and full-width forms East Asian Excel also runs. */
export const FORMULA_PAYLOADS = [
  '=HYPERLINK("http://x","y")',
  "=1+1",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "+1+1",
  "-1+1",
  "-1+1+cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
  "\n=1+1",
  "=cmd|' /C notepad'!A1",
  "＝1+1",
  "＋1",
  "－1+1",
  "＠SUM(A1)",
];

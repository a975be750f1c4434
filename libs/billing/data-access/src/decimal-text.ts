/** PostgreSQL numeric text without trailing zeros: "120.0000" -> "120", "0.5000" -> "0.5", "10" stays "10". */
export function trimDecimal(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') || '0' : text;
}

/**
 * A valid personnummer (12 digits, no separator) for a birth date `YYYYMMDD` and a serial number
 * 0-999, with its Luhn check digit computed over the ten-digit form, as the Tax Agency does.
 */
export function personnummerFor(birthDate: string, serial: number): string {
  const nine = `${birthDate.slice(2)}${String(serial).padStart(3, '0')}`;
  const sum = [...nine].reduce((acc, digit, i) => {
    const product = Number(digit) * (i % 2 === 0 ? 2 : 1);
    return acc + Math.floor(product / 10) + (product % 10);
  }, 0);
  return `${birthDate}${String(serial).padStart(3, '0')}${(10 - (sum % 10)) % 10}`;
}

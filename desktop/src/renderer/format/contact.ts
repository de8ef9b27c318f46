// Postal codes are stored as digits; people read them as 〒880-0001.
export function formatPostalCode(postalCode: string): string {
  const digits = postalCode.normalize('NFKC').replace(/[^0-9]/g, '');
  if (digits.length === 7) return `〒${digits.slice(0, 3)}-${digits.slice(3)}`;
  return postalCode.trim() === '' ? '' : `〒${postalCode.trim()}`;
}

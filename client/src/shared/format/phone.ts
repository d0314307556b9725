/** +33240000116 → 02 40 00 01 16; other numbers as given. */
export function displayPhone(phone: string): string {
  const french = /^\+33(\d{9})$/.exec(phone);
  if (!french) return phone;
  return `0${french[1]}`.replace(/(\d{2})(?=\d)/g, "$1 ");
}

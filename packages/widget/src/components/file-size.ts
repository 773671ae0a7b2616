const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** A size in bytes as the shopper reads it in `lang`: "512 byte", "2.4 kB", "10 MB" (1 kB = 1024 bytes). */
export function formatFileSize(bytes: number, lang: string): string {
  let unit = 0;
  let value = bytes;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(lang, { style: 'unit', unit: UNITS[unit], maximumFractionDigits: 1 }).format(value);
}

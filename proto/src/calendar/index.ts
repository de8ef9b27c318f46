// One calendar for Renkei: calendar days and "today" in Japan, date arithmetic with the civil
// code's period rule, 和暦, and instants in Japan time. The server, the PDFs and the screens all use
// it (browser-safe).
export * from './calendar-day';
export * from './japan-time';
export * from './wareki';
export * from './screen-text';
export * from './day-input';

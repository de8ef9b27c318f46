// Rules of the shared chart that both ends need: the server applies them to what it sends, and the
// screens' test double to what it shows, so neither can contradict the other. Browser-safe.
export * from './instruction-alerts';
export * from './instruction-in-force';
export * from './certification-alert';
export * from './insurance-numbers';
export * from './institution-number';
export * from './vital-signs';

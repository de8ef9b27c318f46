// Shared forms (共有テンプレート), read the same way by the server and the screens: the model of a
// form, the five definitions, the instruction period, validation, the three-way merge, what a new
// form starts with and to whom it goes.
export * from './form-model';
export * from './form-definitions';
export * from './instruction-period';
export * from './visit-marks';
export * from './form-validation';
export * from './form-merge';
export * from './form-prefill';
export * from './form-addressee';

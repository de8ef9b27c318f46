// Shared forms (共有テンプレート), read the same way by the server and the screens: the model of a
// form, the five definitions, the instruction period, validation and the three-way merge.
export * from './form-model';
export * from './form-definitions';
export * from './instruction-period';
export * from './visit-marks';
export * from './form-validation';
export * from './form-merge';
export * from './form-prefill';

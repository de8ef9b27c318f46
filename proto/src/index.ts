// @renkei/proto: the contract between the Renkei desktop and backend.
export * from './load';
export * from './enrollment-code';
export * from './error-reasons';
export * from './field-violations';
export * from './rich-error';
export * from './japanese-search';
export * from './care-team-order';
export * from './labels';
export * from './document-limits';
export * from './regional-number';
export * from './audit-actions';
export * from './password-rule';

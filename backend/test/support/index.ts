// What the desktop's tests and benchmarks use of the backend (`@renkei/backend/test-support`):
// a real server on a temporary data directory, a region to fill it, the document fixtures and the
// document transfer client, and the few domain operations a test does as the regional office
// would. The desktop reaches the backend only through this entry, never into backend/src.
export { approveDevice, revokeDevice } from '../../src/devices/devices';
export { removeCareTeamMember } from '../../src/care-teams/care-teams';
export { requirePasswordChange, setPassword } from '../../src/users/users';
export { archivePatient } from '../../src/patients/patient-archive';
export { setSecondFactorPolicy } from '../../src/auth/second-factor-policy';
export { CallFailed } from './api-client';
export { HOSTILE_FILES, buildDocumentFixtures, defaultFixtureDirectory, makeLargePdf, missingFixtureTools, type DocumentFixtures } from './document-fixtures';
export { closeDocumentClients, downloadDocument, fileDigest, uploadDocument } from './document-transfer';
export { TEST_PASSWORD, TestRegion } from './region';
export { createPostgresDatabase, startTestBackend, type TestBackend } from './test-backend';
export { call } from './api-client';
export { startSecondProcess } from './backend-process';
export { TimelineStream, isPost } from './timeline-stream';
export { setFacilityOnCallPhone } from '../../src/facilities/facilities';
export { fhirErrors } from './fhir-validation';

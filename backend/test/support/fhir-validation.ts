// JP Core 1.1.2 and JP-CLINS 1.5.2 as every test validates against them, offline: the packages in
// test/fixtures/fhir and the project's own validator (src/interop/fhir), loaded once per process
// (reading the packages is the slow part).
import type { FhirJson } from '../../src/interop/fhir/fhir-package';
import { isError, type FhirIssue } from '../../src/interop/fhir/fhir-issue';
import { ProfileRegistry } from '../../src/interop/fhir/profile-registry';
import { FhirValidator } from '../../src/interop/fhir/resource-validator';

export const FHIR_FIXTURES = new URL('../fixtures/fhir/', import.meta.url).pathname;
export const JP_FHIR_PACKAGES = [`${FHIR_FIXTURES}packages_snapshot/jp-core.r4-1.1.2.tgz`, `${FHIR_FIXTURES}packages_snapshot/jp-clins.r4-1.5.2-snap.tgz`];

let shared: FhirValidator | undefined;

export function jpFhirValidator(): FhirValidator {
  shared ??= new FhirValidator(new ProfileRegistry(JP_FHIR_PACKAGES));
  return shared;
}

/** What the profiles refuse in `resource` (errors only), against `profile` or its own meta.profile. */
export function fhirErrors(resource: unknown, profile?: string): FhirIssue[] {
  return jpFhirValidator()
    .validateResource(resource as FhirJson, profile)
    .filter(isError);
}

// The profile rules Medplum's validator leaves unchecked, checked here over the snapshot. Medplum
// checks a profile's top-level elements and the data types below them, but walks into a
// BackboneElement (Composition.section, Bundle.entry, Observation.component, …) and into a slice's
// content with the base R4 definition: a profile's cardinality, fixed and pattern values and
// invariants there are not applied. For those elements this checks each one's cardinality (per
// parent), fixed value, pattern and the profile's own FHIRPath invariants (severity error).
import { evalFhirPathTyped, toTypedValue } from '@medplum/core';
import type { ElementDefinition, StructureDefinition } from '@medplum/fhirtypes';
import { isDeepStrictEqual } from 'node:util';
import type { FhirIssue } from './fhir-issue';
import { includes, valuesAtElement } from './profile-slice-paths';

const BASE = 'http://hl7.org/fhir/StructureDefinition/';

export function checkNestedElementRules(resource: unknown, location: string, definition: StructureDefinition, skipIdPrefixes: string[]): FhirIssue[] {
  const elements = definition.snapshot?.element ?? [];
  const backbonePaths = new Set(
    elements
      .filter((e) => !e.id?.includes(':') && e.type?.some((t) => t.code === 'BackboneElement' || t.code === 'Element') && e.path.includes('.'))
      .map((e) => e.path),
  );
  const issues: FhirIssue[] = [];
  for (const element of elements) {
    const id = element.id ?? element.path;
    if (element.sliceName || skipIdPrefixes.some((prefix) => id.startsWith(prefix))) continue;
    const underBackbone = [...backbonePaths].some((path) => element.path.startsWith(`${path}.`));
    if (!underBackbone && !id.includes(':')) continue; // Medplum's own ground
    if (!hasRules(element)) continue;
    for (const group of valuesAtElement(resource, location, id, definition)) issues.push(...checkElement(element, group, resource));
  }
  return issues;
}

function hasRules(element: ElementDefinition): boolean {
  return (element.min ?? 0) > 0 || element.max !== '*' || fixedOrPattern(element) !== undefined || profileConstraints(element).length > 0;
}

function checkElement(element: ElementDefinition, group: { location: string; values: { value: unknown; location: string }[] }, resource: unknown): FhirIssue[] {
  const issues: FhirIssue[] = [];
  const max = element.max === '*' || element.max === undefined ? Infinity : Number(element.max);
  const count = group.values.length;
  if (count < (element.min ?? 0) || count > max) {
    issues.push({
      severity: 'error',
      location: group.location,
      message:
        count === 0 ? 'Missing required property' : `Invalid number of values: expected ${element.min}..${element.max}, but found ${count} (${element.id})`,
    });
  }
  const specified = fixedOrPattern(element);
  for (const { value, location } of group.values) {
    if (specified && !(specified.kind === 'fixed' ? isDeepStrictEqual(value, specified.value) : includes(value, specified.value))) {
      issues.push({
        severity: 'error',
        location,
        message: `Value did not match expected ${specified.kind} value ${JSON.stringify(specified.value)} (${element.id})`,
      });
    }
    for (const constraint of profileConstraints(element)) {
      if (!holds(constraint.expression ?? '', value, resource)) {
        issues.push({ severity: 'error', location, message: `Constraint ${constraint.key} not met: ${constraint.human}` });
      }
    }
  }
  return issues;
}

function fixedOrPattern(element: ElementDefinition): { kind: 'fixed' | 'pattern'; value: unknown } | undefined {
  for (const [key, value] of Object.entries(element)) {
    if (key.startsWith('fixed')) return { kind: 'fixed', value };
    if (key.startsWith('pattern')) return { kind: 'pattern', value };
  }
  return undefined;
}

/** The invariants a profile adds (the base specification's own are Medplum's). */
function profileConstraints(element: ElementDefinition): NonNullable<ElementDefinition['constraint']> {
  return (element.constraint ?? []).filter((c) => c.severity === 'error' && c.expression && !(c.source ?? BASE).startsWith(BASE));
}

function holds(expression: string, value: unknown, resource: unknown): boolean {
  try {
    const typedResource = toTypedValue(resource);
    const result = evalFhirPathTyped(expression, [toTypedValue(value)], { '%resource': typedResource, '%rootResource': typedResource });
    return result.length === 1 && result[0]?.value === true;
  } catch {
    return false;
  }
}

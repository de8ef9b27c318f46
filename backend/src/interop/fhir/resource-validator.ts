// Validates a FHIR R4 resource against the base specification and the JP Core / JP-CLINS profile it
// claims (meta.profile) or is asked for. Medplum's validator does the structure: cardinality, types
// and primitive formats, fixed and pattern values, slicing by value/pattern/type, and the profiles'
// FHIRPath invariants (severity error), at a profile's top level. What it cannot do is added here:
// slicing by profile (a Bundle's entries, a Composition's section entries, contained resources),
// the profile's rules below backbone elements and inside slices (nested-element-rules.ts),
// validating every Bundle entry and contained resource against its own profile, and resolving a
// document's references.
import { OperationOutcomeError, validateResource as medplumValidate } from '@medplum/core';
import type { OperationOutcomeIssue, Resource, StructureDefinition } from '@medplum/fhirtypes';
import { referencesIn, resolveInBundle, type BundleEntry } from './bundle-references';
import { isError, type FhirIssue } from './fhir-issue';
import type { FhirJson } from './fhir-package';
import type { ProfileRegistry } from './profile-registry';
import { checkNestedElementRules } from './nested-element-rules';
import { matchesValueDiscriminator, valuesAtElement } from './profile-slice-paths';
import { splitProfileSlicings, type CutSlicing } from './profile-slicing';

type Prepared = { profile: StructureDefinition; slicings: CutSlicing[]; source: StructureDefinition };

export class FhirValidator {
  private readonly prepared = new Map<string, Prepared>();

  constructor(private readonly registry: ProfileRegistry) {}

  /**
   * The issues of `resource` against `profileUrl`, or else each profile it claims in meta.profile,
   * or else the base R4 definition of its type. An empty list, or only warnings, means valid.
   */
  validateResource(resource: FhirJson, profileUrl?: string): FhirIssue[] {
    return this.validateAt(resource, resource.resourceType, profileUrl, undefined);
  }

  private validateAt(resource: FhirJson, location: string, profileUrl: string | undefined, bundle: BundleEntry[] | undefined): FhirIssue[] {
    const issues: FhirIssue[] = [];
    const claimed = profileUrl ? [profileUrl] : claimedProfiles(resource);
    const known: Prepared[] = [];
    for (const canonical of claimed) {
      const prepared = this.prepare(canonical);
      if (!prepared) {
        issues.push({
          severity: profileUrl ? 'error' : 'warning',
          location,
          message: `Profile ${canonical} is not known to this validator; checked against the base FHIR R4 ${resource.resourceType} only`,
        });
      } else if (prepared.source.type !== resource.resourceType) {
        issues.push({ severity: 'error', location, message: `Profile ${canonical} is for ${prepared.source.type}, not ${resource.resourceType}` });
      } else {
        known.push(prepared);
      }
    }

    if (known.length === 0) issues.push(...this.medplumIssues(resource, undefined, location));
    for (const prepared of known) {
      issues.push(...this.medplumIssues(resource, prepared.profile, location));
      for (const slicing of prepared.slicings) issues.push(...this.checkCutSlicing(resource, location, prepared.source, slicing, bundle));
      // Rules below backbone elements and inside slices, except below profile-discriminated slices:
      // their values are resources of their own, validated against their own profiles.
      const byProfile = prepared.slicings.filter((s) => s.discriminators.some((d) => d.type === 'profile')).map((s) => `${s.elementId}:`);
      issues.push(...checkNestedElementRules(resource, location, prepared.source, byProfile));
    }

    // Contained resources and Bundle entries are resources of their own: each meets its own profile.
    const contained = (resource.contained ?? []) as FhirJson[];
    contained.forEach((inner, index) => {
      if (claimedProfiles(inner).length > 0) {
        issues.push(...this.validateAt(inner, `${location}.contained[${index}]`, undefined, bundle));
      }
    });
    if (resource.resourceType === 'Bundle') issues.push(...this.validateBundleEntries(resource, location, known));
    return issues;
  }

  private validateBundleEntries(bundle: FhirJson, location: string, bundleProfiles: Prepared[]): FhirIssue[] {
    const issues: FhirIssue[] = [];
    const entries = (bundle.entry ?? []) as BundleEntry[];
    entries.forEach((entry, index) => {
      if (!entry.resource) return;
      // An entry that claims no profile is held to the one the Bundle's entry slicing names for its type.
      const profile = claimedProfiles(entry.resource).length > 0 ? undefined : this.entryProfileFor(entry.resource.resourceType, bundleProfiles);
      issues.push(...this.validateAt(entry.resource, `${location}.entry[${index}].resource`, profile, entries));
    });
    if (bundle.type === 'document') {
      entries.forEach((entry, index) => {
        for (const { location: at, reference } of referencesIn(entry.resource, `${location}.entry[${index}].resource`)) {
          if (!resolveInBundle(entries, reference)) {
            issues.push({ severity: 'error', location: at, message: `Reference ${reference} does not resolve to an entry of this document Bundle` });
          }
        }
      });
    }
    return issues;
  }

  /** The first profile a Bundle profile's `Bundle.entry` slicing names for this resource type. */
  private entryProfileFor(resourceType: string, bundleProfiles: Prepared[]): string | undefined {
    for (const { slicings } of bundleProfiles) {
      const entrySlicing = slicings.find((s) => s.elementId === 'Bundle.entry' && s.discriminators.some((d) => d.type === 'profile'));
      for (const slice of entrySlicing?.slices ?? []) {
        const profile = slice.profiles.find((p) => this.prepare(p)?.source.type === resourceType);
        if (profile) return profile;
      }
    }
    return undefined;
  }

  private checkCutSlicing(
    resource: FhirJson,
    location: string,
    definition: StructureDefinition,
    slicing: CutSlicing,
    bundle: BundleEntry[] | undefined,
  ): FhirIssue[] {
    // References resolve only within a Bundle: a Composition on its own cannot be matched by them.
    if (!bundle && slicing.discriminators.some((d) => d.type === 'profile' && d.path.endsWith('resolve()'))) return [];
    const issues: FhirIssue[] = [];
    for (const group of valuesAtElement(resource, location, slicing.elementId, definition)) {
      const counts = new Map(slicing.slices.map((slice) => [slice.name, 0]));
      for (const { value, location: at } of group.values) {
        const slice = this.sliceOf(value, slicing, definition, bundle, 'claimed') ?? this.sliceOf(value, slicing, definition, bundle, 'conforming');
        if (slice) counts.set(slice, (counts.get(slice) ?? 0) + 1);
        else if (slicing.rules === 'closed') {
          issues.push({
            severity: 'error',
            location: at,
            message: `This value matches none of the slices of ${slicing.elementId}, and that slicing is closed`,
          });
        }
      }
      for (const slice of slicing.slices) {
        const count = counts.get(slice.name) ?? 0;
        if (count < slice.min || count > slice.max) {
          const profiles = slice.profiles.length ? ` (${slice.profiles.join(', ')})` : '';
          issues.push({
            severity: 'error',
            location: group.location,
            message: `Slice '${slice.name}'${profiles} of ${slicing.elementId} needs ${slice.min}..${Number.isFinite(slice.max) ? slice.max : '*'} values, found ${count}`,
          });
        }
      }
    }
    return issues;
  }

  /**
   * The slice a value belongs to: every discriminator holds. A profile discriminator holds when
   * the resource there claims the slice's profile in meta.profile (first pass, `claimed`), or,
   * for values that claim none of them, conforms to it without errors (second pass).
   */
  private sliceOf(
    value: unknown,
    slicing: CutSlicing,
    definition: StructureDefinition,
    bundle: BundleEntry[] | undefined,
    by: 'claimed' | 'conforming',
  ): string | undefined {
    const elements = definition.snapshot?.element ?? [];
    return slicing.slices.find((slice) =>
      slicing.discriminators.every((discriminator) => {
        if (discriminator.type === 'value' || discriminator.type === 'pattern') {
          return matchesValueDiscriminator(value, discriminator, slice.id, elements);
        }
        if (discriminator.type !== 'profile') return true; // type and exists: Medplum checks the types themselves
        const target = sliceTarget(value, discriminator.path, bundle);
        if (!target) return false;
        if (by === 'claimed') {
          const claimed = claimedProfiles(target).map(withoutVersion);
          return slice.profiles.some((p) => claimed.includes(withoutVersion(p)));
        }
        return slice.profiles.some((p) => {
          const prepared = this.prepare(p);
          return prepared?.source.type === target.resourceType && !this.medplumIssues(target, prepared.profile, '').some(isError);
        });
      }),
    )?.name;
  }

  private prepare(canonical: string): Prepared | undefined {
    const cached = this.prepared.get(canonical);
    if (cached) return cached;
    const source = this.registry.find(canonical);
    if (!source) return undefined;
    const prepared = { ...splitProfileSlicings(source), source };
    this.prepared.set(canonical, prepared);
    return prepared;
  }

  private medplumIssues(resource: FhirJson, profile: StructureDefinition | undefined, location: string): FhirIssue[] {
    let issues: OperationOutcomeIssue[];
    try {
      issues = medplumValidate(resource as unknown as Resource, { profile });
    } catch (error) {
      if (!(error instanceof OperationOutcomeError)) throw error;
      issues = error.outcome.issue ?? [];
    }
    return issues
      .filter((issue) => !isUrnReferenceMisreading(issue))
      .map((issue) => ({
        severity: issue.severity === 'fatal' ? 'error' : issue.severity,
        location: relocate(issue.expression?.[0] ?? '', resource.resourceType, location),
        message: issue.details?.text ?? issue.diagnostics ?? issue.code,
      }));
  }
}

/**
 * Medplum reads the resource type of a reference from its text before the first `/`, so every
 * `urn:uuid:` reference (how a document Bundle's entries point at each other) draws a false
 * "Invalid reference" warning. Such references are resolved against the Bundle instead.
 */
function isUrnReferenceMisreading(issue: OperationOutcomeIssue): boolean {
  return issue.severity === 'warning' && (issue.details?.text ?? '').startsWith('Invalid reference: got "urn:');
}

/** The resource a profile discriminator looks at: the value itself, what it references, or its child. */
function sliceTarget(value: unknown, path: string, bundle: BundleEntry[] | undefined): FhirJson | undefined {
  if (!value || typeof value !== 'object') return undefined;
  if (path === '$this') return value as FhirJson;
  if (path === 'resolve()') {
    const reference = (value as { reference?: string }).reference;
    return reference && bundle ? resolveInBundle(bundle, reference) : undefined;
  }
  const child = (value as Record<string, unknown>)[path];
  return child && typeof child === 'object' ? (child as FhirJson) : undefined;
}

function claimedProfiles(resource: FhirJson): string[] {
  return (resource.meta as { profile?: string[] } | undefined)?.profile ?? [];
}

function withoutVersion(canonical: string): string {
  return canonical.split('|')[0] ?? canonical;
}

/** Medplum reports `Patient.name`; inside a Bundle that is `Bundle.entry[2].resource.name`. */
function relocate(path: string, resourceType: string, location: string): string {
  if (path === resourceType) return location;
  if (path.startsWith(`${resourceType}.`)) return location + path.slice(resourceType.length);
  return path ? `${location} ${path}` : location;
}

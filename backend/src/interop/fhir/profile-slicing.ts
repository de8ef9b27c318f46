// Slicings Medplum's validator cannot evaluate, cut out of a profile before Medplum sees it and
// checked by the FhirValidator instead:
//   - a profile discriminator ("this entry is a JP_Patient_eCS", "this section entry resolves to a
//     JP_Organization_eCS"): Medplum refuses such a StructureDefinition outright;
//   - a recursive element inside a slice (JP_Composition_eReferral's
//     `section:compositionSection.section`, sliced again, and `section:referralFromSection.section`,
//     0..0): Medplum takes the inner `section` for a slice of the outer slicing and miscounts both.
//     Such an element is cut with everything below it (nested-element-rules.ts checks what lies
//     there against the full snapshot).
// The FhirValidator matches each value to its slice by the discriminators and checks the slices'
// cardinality and a closed slicing's "nothing else".
import type { ElementDefinition, ElementDefinitionSlicingDiscriminator, StructureDefinition } from '@medplum/fhirtypes';
import { discriminatingValue } from './profile-slice-paths';

export interface CutSlice {
  name: string;
  /** The slice's element id, where its fixed and pattern values are. */
  id: string;
  min: number;
  /** Infinity for `*`. */
  max: number;
  /** Profiles named by a profile discriminator (of the value, what it references, or a child). */
  profiles: string[];
}

export interface CutSlicing {
  /** The sliced element's id, e.g. `Bundle.entry` or `Composition.section:referralFromSection.entry`. */
  elementId: string;
  discriminators: ElementDefinitionSlicingDiscriminator[];
  rules: 'open' | 'closed' | 'openAtEnd';
  slices: CutSlice[];
}

/** The profile without what Medplum cannot evaluate (for Medplum), and what was cut. */
export function splitProfileSlicings(definition: StructureDefinition): {
  profile: StructureDefinition;
  slicings: CutSlicing[];
} {
  const elements = definition.snapshot?.element ?? [];
  const slicings: CutSlicing[] = [];
  const kept: ElementDefinition[] = [];
  const cutPrefixes: string[] = [];
  for (const element of elements) {
    const id = element.id ?? element.path;
    if (cutPrefixes.some((prefix) => id.startsWith(prefix))) continue;
    const slices = elements.filter((candidate) => candidate.sliceName && candidate.id === `${id}:${candidate.sliceName}`);
    const discriminators = element.slicing?.discriminator ?? [];
    const byProfile = discriminators.some((d) => d.type === 'profile');
    // Medplum matches a value discriminator only by a fixed/pattern value at its very path.
    const byChildValues = discriminators.some(
      (d) =>
        (d.type === 'value' || d.type === 'pattern') &&
        slices.some((slice) => {
          const at = d.path === '$this' ? slice.id : `${slice.id}.${d.path}`;
          const own = elements.find((e) => e.id === at);
          return (
            !Object.keys(own ?? {}).some((k) => k.startsWith('fixed') || k.startsWith('pattern')) &&
            discriminatingValue(slice.id ?? '', d.path, elements) !== undefined
          );
        }),
    );
    const recursiveInSlice = id.includes(':') && !element.sliceName && isRecursive(element.path);
    if (recursiveInSlice) {
      cutPrefixes.push(`${id}.`);
    }
    if (!element.slicing || (!byProfile && !byChildValues && !recursiveInSlice)) {
      if (!recursiveInSlice) kept.push(element);
      continue;
    }
    slicings.push({
      elementId: id,
      discriminators,
      rules: element.slicing.rules ?? 'open',
      slices: slices.map((slice) => sliceOf(slice, discriminators, elements)),
    });
    // The slices (and their re-slicings) are checked by the FhirValidator; the element stays, unsliced.
    const { slicing: _slicing, ...unsliced } = element;
    if (!recursiveInSlice) kept.push(unsliced);
    cutPrefixes.push(`${id}:`);
  }
  return { profile: { ...definition, snapshot: { ...definition.snapshot, element: kept } }, slicings };
}

/** `Composition.section.section`, `Questionnaire.item.item`: an element that contains itself. */
function isRecursive(path: string): boolean {
  const segments = path.split('.');
  return segments.length >= 3 && segments.at(-1) === segments.at(-2);
}

function maxOf(max: string | undefined): number {
  return max === '*' || max === undefined ? Infinity : Number(max);
}

function sliceOf(slice: ElementDefinition, discriminators: ElementDefinitionSlicingDiscriminator[], elements: ElementDefinition[]): CutSlice {
  const profiles = discriminators
    .filter((d) => d.type === 'profile')
    .flatMap((d) => {
      // The type that names the profile is the slice's own for `$this` and `resolve()` (a
      // Reference's targetProfile), or its child's for a path such as Bundle.entry's `resource`.
      const typed = d.path === '$this' || d.path === 'resolve()' ? slice : elements.find((e) => e.id === `${slice.id}.${d.path}`);
      return (typed?.type ?? []).flatMap((t) => (t.code === 'Reference' ? (t.targetProfile ?? []) : (t.profile ?? [])));
    });
  return {
    name: slice.sliceName ?? '',
    id: slice.id ?? '',
    min: slice.min ?? 0,
    max: maxOf(slice.max),
    profiles,
  };
}

// One finding of FHIR validation, in the shape the export and its tests read.
export interface FhirIssue {
  severity: 'error' | 'warning' | 'information';
  /** FHIRPath-ish: `Bundle.entry[3].resource.code.coding[0]`. */
  location: string;
  message: string;
}

export function isError(issue: FhirIssue): boolean {
  return issue.severity === 'error';
}

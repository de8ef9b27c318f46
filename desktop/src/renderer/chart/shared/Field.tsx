// A labelled control with its hint and its problems beside it, tied together for screen readers
// (like components/FormField, for any control: textarea, select, date, a group of radios).
import { useId, type ReactNode } from 'react';
import './field.css';

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  problems?: readonly string[] | string | null;
  /** Extra text after the label ("確定時に必須", a count). */
  aside?: ReactNode;
  className?: string;
  /** The control's id, when something else must find it (focus on a problem); generated otherwise. */
  id?: string;
  children(control: ControlProps): ReactNode;
}

export function Field({ label, hint, problems, aside, className, id: wantedId, children }: FieldProps) {
  const generatedId = useId();
  const id = wantedId ?? generatedId;
  const list = problems === null || problems === undefined ? [] : typeof problems === 'string' ? [problems] : problems;
  const describedBy = [hint ? `${id}-hint` : null, list.length > 0 ? `${id}-problem` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${list.length > 0 ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <div className="field__label-row">
        <label htmlFor={id} className="field__label">
          {label}
        </label>
        {aside}
      </div>
      {children({ id, 'aria-describedby': describedBy, ...(list.length > 0 ? { 'aria-invalid': true as const } : {}) })}
      {hint ? (
        <div id={`${id}-hint`} className="field__hint">
          {hint}
        </div>
      ) : null}
      {list.length > 0 ? (
        <div id={`${id}-problem`} className="field__problem">
          {list.map((problem, index) => (
            <div key={index}>{problem}</div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

/** A group of controls (a date range, radios) with one legend and its problems. */
export function FieldGroup({
  legend,
  hint,
  problems,
  className,
  children,
}: {
  legend: ReactNode;
  hint?: ReactNode;
  problems?: readonly string[] | null;
  className?: string;
  children: ReactNode;
}) {
  const id = useId();
  const list = problems ?? [];
  const describedBy = [hint ? `${id}-hint` : null, list.length > 0 ? `${id}-problem` : null].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className={`field field--group${list.length > 0 ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`} aria-describedby={describedBy}>
      <legend className="field__label">{legend}</legend>
      {children}
      {hint ? (
        <div id={`${id}-hint`} className="field__hint">
          {hint}
        </div>
      ) : null}
      {list.length > 0 ? (
        <div id={`${id}-problem`} className="field__problem">
          {list.map((problem, index) => (
            <div key={index}>{problem}</div>
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}

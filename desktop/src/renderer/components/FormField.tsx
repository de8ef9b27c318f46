// A labelled input with its hint and its problem right beside it, tied together for screen readers.
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import './form-field.css';

interface FormFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  label: string;
  hint?: ReactNode;
  problem?: string | null;
}

export function FormField({ label, hint, problem, className, ...input }: FormFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  const describedBy = [hint ? hintId : null, problem ? problemId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`form-field${problem ? ' form-field--invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} className={className} aria-invalid={problem ? true : undefined} aria-describedby={describedBy} {...input} />
      {hint ? (
        <div id={hintId} className="form-field__hint">
          {hint}
        </div>
      ) : null}
      {problem ? (
        <div id={problemId} className="form-field__problem">
          {problem}
        </div>
      ) : null}
    </div>
  );
}

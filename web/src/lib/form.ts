/** A text field of a submitted form ('' when absent; a file field is not text). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

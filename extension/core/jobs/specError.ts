import type { FileLocation } from '../util/fileLocation';

/**
 * A spec that cannot be used. The message starts with the place (`spec.yaml:3:5: …`, as compilers
 * write it, so terminals and the editor can link it) and names the field and what to change;
 * `location` is that place, for an editor to open the file there.
 */
export class JobSpecError extends Error {
  constructor(
    message: string,
    readonly location?: FileLocation,
    /** Where the faulty text ends (1-based, exclusive), for an editor to underline it. */
    readonly end?: { readonly line: number; readonly column: number },
  ) {
    super(message);
    this.name = 'JobSpecError';
  }
}

/**
 * A secret value (private key, password, settings 10 and 13). Wrapping it means that printing,
 * logging or JSON-serialising a biller never shows the value by accident: only `reveal()` does,
 * and only the code that writes to the CRM calls it.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get isEmpty(): boolean {
    return this.#value === '';
  }

  toString(): string {
    return '[secret]';
  }

  toJSON(): string {
    return '[secret]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[secret]';
  }
}

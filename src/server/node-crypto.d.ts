// The one Node API the server helper uses, typed here so that the package compiles without Node's
// types (the browser code must not see them).
declare module 'node:crypto' {
  export function randomUUID(): string;
}

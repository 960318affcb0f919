// Input validation for CDI request bodies and query strings. Every failure is an HttpError with a message that
// names the field, answered as JSON 4xx; nothing a client sends can crash the core.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export function badRequest(message: string): HttpError {
  return new HttpError(400, message);
}

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function missing(field: string): HttpError {
  return badRequest(`Field name '${field}' is missing in JSON input`);
}

function invalid(field: string, expected: string): HttpError {
  return badRequest(`Field name '${field}' is invalid in JSON input: expected ${expected}`);
}

export function stringField(body: JsonObject, field: string): string;
export function stringField(body: JsonObject, field: string, optional: true): string | undefined;
export function stringField(body: JsonObject, field: string, optional = false): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (optional) return undefined;
    throw missing(field);
  }
  if (typeof value !== "string") throw invalid(field, "a string");
  return value;
}

export function nonEmptyStringField(body: JsonObject, field: string): string {
  const value = stringField(body, field);
  if (value.trim() === "") throw invalid(field, "a non-empty string");
  return value;
}

export function booleanField(body: JsonObject, field: string): boolean;
export function booleanField(body: JsonObject, field: string, optional: true): boolean | undefined;
export function booleanField(body: JsonObject, field: string, optional = false): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (optional) return undefined;
    throw missing(field);
  }
  if (typeof value !== "boolean") throw invalid(field, "a boolean");
  return value;
}

export function objectField(body: JsonObject, field: string): JsonObject;
export function objectField(body: JsonObject, field: string, optional: true): JsonObject | undefined;
export function objectField(body: JsonObject, field: string, optional = false): JsonObject | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (optional) return undefined;
    throw missing(field);
  }
  if (!isJsonObject(value)) throw invalid(field, "a JSON object");
  return value;
}

export function stringArrayField(body: JsonObject, field: string, optional: true): string[] | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (optional) return undefined;
    throw missing(field);
  }
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw invalid(field, "an array of strings");
  }
  return value as string[];
}

export type UserIdType = "SUPERTOKENS" | "EXTERNAL" | "ANY";

export function parseUserIdType(value: unknown, where: string): UserIdType {
  if (value === undefined || value === null) return "ANY";
  if (value === "SUPERTOKENS" || value === "EXTERNAL" || value === "ANY") return value;
  throw badRequest(`${where} 'userIdType' must be one of SUPERTOKENS, EXTERNAL, ANY`);
}

export function queryParam(query: URLSearchParams, name: string): string;
export function queryParam(query: URLSearchParams, name: string, optional: true): string | undefined;
export function queryParam(query: URLSearchParams, name: string, optional = false): string | undefined {
  const value = query.get(name);
  if (value === null || value === "") {
    if (optional) return undefined;
    throw badRequest(`Field name '${name}' is missing in GET request`);
  }
  return value;
}

/** Deep equality of JSON values, independent of key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const keysA = Object.keys(a).filter((k) => a[k] !== undefined);
    const keysB = Object.keys(b).filter((k) => b[k] !== undefined);
    return keysA.length === keysB.length && keysA.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

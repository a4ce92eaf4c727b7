import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { type ZodType, z } from 'zod';

type JsonSchema = Record<string, unknown>;
type Serialize = (data: unknown) => string;

// What only validates: a serializer needs types and properties, nothing else.
const VALIDATION_ONLY = new Set([
  '$schema',
  'description',
  'format',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'enum',
  'const',
]);

const isNullSchema = (schema: unknown) => (schema as JsonSchema | undefined)?.type === 'null';

/**
 * The JSON Schema zod writes, reshaped for fast-json-stringify: `anyOf [X, null]` (how zod spells nullable)
 * becomes `type: [X, "null"]`, because fast-json-stringify settles every anyOf by running a validator.
 */
function forSerializer(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(forSerializer);
  if (schema === null || typeof schema !== 'object') return schema;
  const source = schema as JsonSchema;
  const anyOf = source.anyOf as unknown[] | undefined;
  if (anyOf?.length === 2 && anyOf.some(isNullSchema)) {
    const other = forSerializer(anyOf.find((branch) => !isNullSchema(branch))) as JsonSchema;
    if (typeof other.type === 'string') {
      const { anyOf: _nullable, ...rest } = source;
      return { ...(forSerializer(rest) as JsonSchema), ...other, type: [other.type, 'null'] };
    }
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(source)) {
    if (VALIDATION_ONLY.has(key)) continue;
    out[key] = key === 'properties' ? mapValues(value as JsonSchema) : forSerializer(value);
  }
  return out;
}

function mapValues(properties: JsonSchema): JsonSchema {
  return Object.fromEntries(Object.entries(properties).map(([name, value]) => [name, forSerializer(value)]));
}

/** The property every branch of a `oneOf` of objects fixes to its own constant, e.g. `role`. */
function discriminatorOf(branches: JsonSchema[]): string | undefined {
  const first = branches[0]?.properties as Record<string, JsonSchema> | undefined;
  if (!first) return undefined;
  return Object.keys(first).find((key) =>
    branches.every((branch) => {
      const property = (branch.properties as Record<string, JsonSchema> | undefined)?.[key];
      return property !== undefined && 'const' in property;
    }),
  );
}

/**
 * A serializer compiled from a zod schema's JSON Schema: no validation, no intermediate copy. A union of
 * objects told apart by a constant property (a zod discriminated union) gets one compiled serializer per
 * branch. Anything else this does not know how to compile returns undefined.
 */
export function compileSerializer(schema: ZodType): Serialize | undefined {
  const json = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as JsonSchema;
  const branches = json.oneOf as JsonSchema[] | undefined;
  if (!branches) return fastJson(forSerializer(json) as never) as Serialize;
  const key = discriminatorOf(branches);
  if (!key) return undefined;
  const byValue = new Map<unknown, Serialize>();
  for (const branch of branches) {
    const value = (branch.properties as Record<string, JsonSchema>)[key]?.const;
    byValue.set(value, fastJson(forSerializer(branch) as never) as Serialize);
  }
  return (data) => {
    const serialize = byValue.get((data as Record<string, unknown> | null)?.[key]);
    if (!serialize) throw new Error(`no serializer for ${key}=${String((data as JsonSchema)?.[key])}`);
    return serialize(data);
  };
}

/**
 * Route option `serializerCompiler` for hot routes: their 2xx bodies are written by code compiled from the
 * same zod schema (the zod check of each response stays in the tests, compiled-serializer.test.ts); error
 * bodies keep the zod serializer.
 */
export const compiledSerializerCompiler: FastifySerializerCompiler<unknown> = (route) => {
  if (route.httpStatus?.startsWith('2')) {
    const serialize = compileSerializer(route.schema as ZodType);
    if (serialize) return serialize;
  }
  return zodSerializerCompiler(route as never);
};

import fastJson from 'fast-json-stringify';
import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/**
 * Response serialisation from the route's zod schema, compiled once per route (on its first response) into a
 * fast-json-stringify function (several times faster than validating with zod and calling JSON.stringify on every response).
 * The compiled schema is also a whitelist: a property the schema does not name is never sent. Dates
 * are written as ISO 8601 strings.
 */
export function zodSerializerCompiler({ schema }: { schema: unknown }) {
  if (!(schema instanceof z.ZodType)) throw new Error('response schemas must be zod schemas');
  // Compiled on first use: most routes' error bodies are never sent by most processes, and compiling
  // every route × status at start costs start-up time and memory.
  let stringify: ((data: unknown) => string) | null = null;
  return (data: unknown) => (stringify ??= compile(schema))(data);
}

function compile(schema: z.ZodType): (data: unknown) => string {
  const jsonSchema = z.toJSONSchema(schema, {
    target: 'draft-7',
    io: 'output',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema: out }) => {
      const type = zodSchema._zod.def.type;
      if (type === 'date') Object.assign(out, { type: 'string', format: 'date-time' });
      if (type === 'null') Object.assign(out, { type: 'null' });
    },
  }) as JsonSchema;
  return fastJson(jsonSchema);
}

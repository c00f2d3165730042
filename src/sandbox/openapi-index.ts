import { definedFields, isRecord, type Json, pointerEscape } from "./openapi-spec.js";

const METHODS = ["get", "put", "post", "patch", "delete", "head"] as const;

/** One operation of the description, ready for path matching and checks. */
export interface Operation {
  operationId: string;
  method: string;
  template: string;
  segments: string[];
  pointer: string;
  op: Json;
  parameters: Json[];
  bodyFields: Set<string> | undefined;
}

/** Indexes the operations by HTTP method, with parameters resolved and body fields listed. */
export function indexOperations(spec: Json): Map<string, Operation[]> {
  const shared = isRecord(spec.components) && isRecord(spec.components.parameters) ? spec.components.parameters : {};
  const resolveParam = (p: unknown): Json | undefined => {
    if (!isRecord(p)) return undefined;
    return typeof p.$ref === "string" ? resolveParam(shared[p.$ref.split("/").pop() ?? ""]) : p;
  };
  const byMethod = new Map<string, Operation[]>();
  for (const [template, item] of Object.entries(isRecord(spec.paths) ? spec.paths : {})) {
    if (!isRecord(item)) continue;
    const common = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      const op = item[method];
      if (!isRecord(op) || typeof op.operationId !== "string") continue;
      const params = [...common, ...(Array.isArray(op.parameters) ? op.parameters : [])];
      const body =
        isRecord(op.requestBody) && isRecord(op.requestBody.content)
          ? op.requestBody.content["application/json"]
          : undefined;
      const list = byMethod.get(method.toUpperCase()) ?? [];
      list.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        template,
        segments: template.split("/"),
        pointer: `openapi.json#/paths/${pointerEscape(template)}/${method}`,
        op,
        parameters: params.map(resolveParam).filter((p): p is Json => p !== undefined),
        bodyFields: isRecord(body) ? definedFields(spec, body.schema) : undefined,
      });
      byMethod.set(method.toUpperCase(), list);
    }
  }
  return byMethod;
}

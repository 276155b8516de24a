// Summaries typed or pasted by a person: batchstats summary JSON, {count, mean, std|sd|variance},
// or {count, sum, sumOfSquares}; one value, an array, or one JSON value per line.
import { fromMoments, fromSums, Summary } from "batchstats";

export function toSummary(value, where) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new Error(`${where}: expected an object, got ${JSON.stringify(value)}`);
  }
  if ("format" in value) return Summary.fromJSON(value);
  if ("sumOfSquares" in value) return fromSums(value);
  if ("mean" in value && ("std" in value || "sd" in value || "variance" in value)) {
    const moments = { count: value.count ?? value.n, mean: value.mean };
    if ("variance" in value) moments.variance = value.variance;
    else moments.std = value.std ?? value.sd;
    if ("ddof" in value) moments.ddof = value.ddof;
    return fromMoments(moments);
  }
  throw new Error(
    `${where}: expected a batchstats summary, {"count", "mean", "std"} or {"count", "sum", "sumOfSquares"}`,
  );
}

export function parsePasted(text) {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  let values;
  try {
    const parsed = JSON.parse(trimmed);
    values = (Array.isArray(parsed) ? parsed : [parsed]).map((value, i) => ({
      value,
      where: Array.isArray(parsed) ? `item ${i + 1}` : "summary",
    }));
  } catch (error) {
    const lines = trimmed.split(/\r\n|\n|\r/);
    if (lines.length === 1) throw new Error(`not JSON: ${error.message}`);
    values = [];
    lines.forEach((line, i) => {
      if (line.trim() === "") return;
      try {
        values.push({ value: JSON.parse(line), where: `line ${i + 1}` });
      } catch (lineError) {
        throw new Error(`line ${i + 1}: not JSON (${lineError.message})`);
      }
    });
  }
  return values.map(({ value, where }) => {
    try {
      return toSummary(value, where);
    } catch (error) {
      throw new Error(error.message.startsWith(where) ? error.message : `${where}: ${error.message}`);
    }
  });
}

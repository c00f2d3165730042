import assert from "node:assert/strict";
import { test } from "node:test";
import { formatCents, parseCents } from "../src/money.js";

test("formatCents writes dollars and cents", () => {
  assert.equal(formatCents(1234), "$12.34");
  assert.equal(formatCents(5), "$0.05");
  assert.equal(formatCents(-5), "-$0.05");
  assert.throws(() => formatCents(1.5), TypeError);
});

test("parseCents reads what people type", () => {
  assert.equal(parseCents("12.34"), 1234);
  assert.equal(parseCents("$7.5"), 750);
  assert.equal(parseCents(" 3 "), 300);
  assert.throws(() => parseCents("twelve"), RangeError);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { VERSION } from "../src/index.js";

test("the package has a version", () => {
  assert.match(VERSION, /^\d+\.\d+\.\d+$/);
});

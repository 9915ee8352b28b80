#!/usr/bin/env node
// Where Azurite's CPU went, from the CPU profile it writes on exit when started with ONDUTY_AZURITE_CPU_PROFILE_DIR:
//   ONDUTY_AZURITE_CPU_PROFILE_DIR=/tmp/azurite-profile ./bench.sh --quick
//   node scripts/azurite-profile-summary.js /tmp/azurite-profile/*.cpuprofile
// Each sample counts once, for the innermost of these it was in: point lookups (Loki's findOne: reads, and the existence check
// every insert makes), queries (Azurite's whole-table scan with an interpreted filter), $batch handling, garbage collection,
// start-up (loading modules); the rest is per-request HTTP work (routing, middleware, parsing, writing responses). Idle time
// is left out.
"use strict";
const fs = require("fs");

const categories = [
  ["point lookups (findOne)", f => f.functionName === "Collection.findOne" || f.functionName === "queryTableEntitiesWithPartitionAndRowKey"],
  ["queries (whole-table scan)", f => f.functionName === "queryTableEntities" && f.url.endsWith("LokiTableMetadataStore.js")],
  ["$batch handling", f => f.url.endsWith("TableBatchOrchestrator.js") || f.url.endsWith("TableBatchSerialization.js")],
  ["garbage collection", f => f.functionName === "(garbage collector)"],
  ["start-up (loading modules)", f => f.functionName === "Module._load"],
];

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node scripts/azurite-profile-summary.js <file.cpuprofile>...");
  process.exit(2);
}

const totals = new Map(categories.map(([name]) => [name, 0]));
let other = 0;
let busy = 0;
for (const file of files) {
  const profile = JSON.parse(fs.readFileSync(file, "utf8"));
  const nodes = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  // The category of a node: the innermost matching frame on its stack (cached per node).
  const categoryOf = new Map();
  const classify = id => {
    if (categoryOf.has(id)) return categoryOf.get(id);
    const frame = nodes.get(id).callFrame;
    let found = categories.find(([, matches]) => matches(frame))?.[0];
    if (found === undefined && parent.has(id)) found = classify(parent.get(id));
    categoryOf.set(id, found ?? null);
    return found ?? null;
  };
  profile.samples.forEach((id, i) => {
    const name = nodes.get(id).callFrame.functionName;
    if (name === "(idle)" || name === "(program)") return;
    const micros = profile.timeDeltas[i] || 0;
    busy += micros;
    const category = classify(id);
    if (category === null) other += micros; else totals.set(category, totals.get(category) + micros);
  });
}

const seconds = micros => (micros / 1e6).toFixed(1).padStart(7);
const share = micros => `${((100 * micros) / busy).toFixed(1).padStart(5)}%`;
console.log(`Azurite busy ${seconds(busy).trim()} s (idle left out), from ${files.length} ${files.length === 1 ? "profile" : "profiles"}:`);
for (const [name, micros] of totals) console.log(`  ${name.padEnd(30)} ${seconds(micros)} s ${share(micros)}`);
console.log(`  ${"per-request HTTP work, other".padEnd(30)} ${seconds(other)} s ${share(other)}`);

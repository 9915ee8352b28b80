#!/usr/bin/env node
// Where Azurite held its one thread longest, from the CPU profile it writes on exit (ONDUTY_AZURITE_CPU_PROFILE_DIR):
//   ONDUTY_AZURITE_CPU_PROFILE_DIR=/tmp/azurite-profile ./bench.sh
//   node scripts/azurite-profile-stalls.js /tmp/azurite-profile/<file>.cpuprofile [how many, 5]
// Node runs one callback at a time (a timer, an I/O callback, a microtask drain): while one runs, every other request waits.
// Lists the longest such stretches after start-up (consecutive samples under one top-level callback), when each began (seconds
// since Azurite started) and the functions that took most of it — e.g. Azurite's periodic clean-up of deleted queue messages'
// extents (deleteExtents), which rebuilds an index for every extent it removes.
"use strict";
const fs = require("fs");

const [file, howMany = "5"] = process.argv.slice(2);
if (!file) {
  console.error("usage: node scripts/azurite-profile-stalls.js <file.cpuprofile> [how many]");
  process.exit(2);
}

const profile = JSON.parse(fs.readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map(n => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
const root = profile.nodes[0].id;
// A garbage collection or the engine's own work inside a callback belongs to it; idle time ends it.
const within = new Set(["(program)", "(garbage collector)"]);
const name = id => {
  const f = byId.get(id).callFrame;
  return `${f.functionName || "(anonymous)"} ${f.url.split("/").slice(-2).join("/")}:${f.lineNumber}`;
};

// The top-level callback each sample ran under (the root's child), and the stack.
const stretches = [];
let current = null;
let t = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i];
  const dt = profile.timeDeltas[i + 1] ?? 0;
  const stack = [];
  for (let id = profile.samples[i]; id !== undefined && id !== root; id = parent.get(id)) stack.push(id);
  const top = stack[stack.length - 1];
  if (top === undefined || byId.get(top).callFrame.functionName === "(idle)") {
    current = null;
    continue;
  }

  if (within.has(byId.get(top).callFrame.functionName)) {
    if (current) current.ms += dt / 1000;
    continue;
  }

  if (!current || current.top !== top) {
    current = { top, start: t - profile.startTime, ms: 0, functions: new Map() };
    stretches.push(current);
  }

  current.ms += dt / 1000;
  stack.forEach((id, i) => {
    const f = current.functions.get(name(id)) || { ms: 0, depth: stack.length - i };
    if (!f.counted) {
      f.ms += dt / 1000;
    }

    f.counted = true;
    current.functions.set(name(id), f);
  });
  for (const f of current.functions.values()) f.counted = false;
}

const startUp = 5e6; // the first seconds load modules
for (const s of stretches.filter(s => s.start > startUp).sort((a, b) => b.ms - a.ms).slice(0, Number(howMany))) {
  console.log(`${s.ms.toFixed(0).padStart(6)} ms at ${(s.start / 1e6).toFixed(1)} s`);
  // The innermost functions that took at least half of it, innermost first: what it did.
  for (const [f, { ms }] of [...s.functions].filter(([, f]) => f.ms >= s.ms * 0.5).sort((a, b) => b[1].depth - a[1].depth).slice(0, 6)) {
    console.log(`${ms.toFixed(0).padStart(12)} ms  ${f}`);
  }
}

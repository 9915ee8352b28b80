// Keeps local.settings.json in step with local.settings.sample.json (run by scripts/bootstrap.sh; node merge-local-settings.js [dir]).
// No local.settings.json: a copy of the sample. Otherwise a setting the sample brings since this last ran is added, and every
// value the user changed and every setting the user removed stays as it is: local.settings.sample-keys (next to it, not
// committed) lists the sample's settings seen so far, so a removed list entry (Comms__BySeverity__Sev2__1, to shorten a list)
// is not put back. A local.settings.json older than that file gets the missing settings, except entries of a list it already has.
const fs = require("fs");
const path = require("path");

const dir = process.argv[2] || ".";
const samplePath = path.join(dir, "local.settings.sample.json");
const localPath = path.join(dir, "local.settings.json");
const seenPath = path.join(dir, "local.settings.sample-keys");

const sample = JSON.parse(fs.readFileSync(samplePath, "utf8"));
const sampleKeys = Object.keys(sample.Values || {});
const writeSeen = keys => fs.writeFileSync(seenPath, JSON.stringify([...new Set(keys)].sort(), null, 2) + "\n");

if (!fs.existsSync(localPath)) {
  fs.copyFileSync(samplePath, localPath);
  writeSeen(sampleKeys);
  console.log("==> creating local.settings.json from local.settings.sample.json");
  process.exit(0);
}

const local = JSON.parse(fs.readFileSync(localPath, "utf8"));
local.Values = local.Values || {};
const seen = fs.existsSync(seenPath) ? new Set(JSON.parse(fs.readFileSync(seenPath, "utf8"))) : null;

// "Comms__BySeverity__Sev2__1" → "Comms__BySeverity__Sev2__"; null when the setting is not a list entry.
const listOf = key => (/^(.*__)\d+$/.exec(key) || [])[1] || null;
const localLists = new Set(Object.keys(local.Values).map(listOf).filter(Boolean));

const added = sampleKeys.filter(k => {
  if (k in local.Values) return false;
  if (seen) return !seen.has(k);
  const list = listOf(k);
  return !(list && localLists.has(list));
});
for (const k of added) local.Values[k] = sample.Values[k];
if (added.length) {
  fs.writeFileSync(localPath, JSON.stringify(local, null, 2) + "\n");
  console.log("==> local.settings.json: added " + added.join(", ") + " from the sample");
}
writeSeen([...(seen || []), ...sampleKeys]);

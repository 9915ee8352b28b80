#!/usr/bin/env bash
# Runs OnDuty locally: Azurite (Table Storage) + smtp4dev (mail catcher) + the app, with a demo roster.
#   API:   http://127.0.0.1:7071/api/health (details: /api/health/details with x-functions-key)     Inbox: http://127.0.0.1:5000
# Ctrl-C stops everything this script started.
# ONDUTY_PERSIST=1 keeps Azurite's data in .azurite/ between runs (default: in memory).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
bootstrap

LOGS=.run
mkdir -p "$LOGS"
PIDS=()
cleanup() {
  trap - EXIT
  echo
  echo "==> stopping"
  for pid in "${PIDS[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  # Give everything 5 s to stop cleanly, then make sure nothing is left behind.
  for _ in {1..25}; do
    local alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || return 0
    sleep 0.2
  done
  for pid in "${PIDS[@]}"; do
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap "exit 130" INT TERM

for port in 10000 10001 10002 2525 5000 7071; do
  if port_in_use "$port"; then
    echo "error: port $port is already in use (another OnDuty or Azurite/smtp4dev running?)" >&2
    exit 1
  fi
done

AZURITE_ARGS=(--silent --disableTelemetry --skipApiVersionCheck --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1)
if [[ "${ONDUTY_PERSIST:-}" == "1" ]]; then
  AZURITE_ARGS+=(--location .azurite)
else
  AZURITE_ARGS+=(--inMemoryPersistence)
fi
echo "==> starting Azurite (blob 10000, queue 10001, table 10002; log $LOGS/azurite.log)"
setsid node_modules/.bin/azurite "${AZURITE_ARGS[@]}" >"$LOGS/azurite.log" 2>&1 &
PIDS+=($!)

echo "==> starting smtp4dev (inbox http://127.0.0.1:5000, SMTP 2525; log $LOGS/smtp4dev.log)"
# smtp4dev keeps 100 messages by default: a storm's pages would push the earlier mail out of the inbox.
setsid dotnet smtp4dev --urls=http://127.0.0.1:5000 --hostname=localhost --smtpport=2525 \
  --bindaddress=127.0.0.1 --allowremoteconnections- --imapport= --pop3port= --db= --nousersettings \
  --messagestokeep=10000 >"$LOGS/smtp4dev.log" 2>&1 &
PIDS+=($!)

echo "==> building OnDuty"
dotnet build src/OnDuty.LocalHost --nologo -v quiet -clp:ErrorsOnly

wait_for_port 127.0.0.1 10002 60 Azurite
wait_for_port 127.0.0.1 2525 60 smtp4dev

echo "==> OnDuty on http://127.0.0.1:7071 (master key: LocalHost__MasterKey in local.settings.json)"
echo "    Health: http://127.0.0.1:7071/api/health (status); why it is degraded: curl -H \"x-functions-key: <master key>\" http://127.0.0.1:7071/api/health/details"
echo "    PM pages: http://127.0.0.1:7071/api/incidents/new and /api/status (no sign-in locally: Pages__AllowAnonymous=true)"
echo "    Pages by SMS and phone: set a number on /api/status/me; texts and calls arrive in smtp4dev as mail to {number}@sms.localhost and {number}@call.localhost"
echo "    Heartbeats: PUT /api/heartbeats/{name} {\"intervalMinutes\":1}, ping /api/heartbeats/{name}/ping; one that stops pages within two minutes"
# Settings named DOTNET_* are the .NET runtime's, read before the app starts: they are given to it as environment variables,
# as Core Tools does with local.settings.json (DOTNET_GCgen0size: the GC budget the app has in Azure, infra/main.bicep). The
# sample's apply where a local.settings.json made before they existed lacks them; an exported variable wins over both.
while IFS='=' read -r name value; do
  [[ -n "$name" && -z "${!name:-}" ]] && export "$name=$value"
done < <(node -e '
  const values = Object.assign({}, require("./local.settings.sample.json").Values, require("./local.settings.json").Values);
  for (const [name, value] of Object.entries(values)) if (name.startsWith("DOTNET_")) console.log(`${name}=${value}`);')
# Locally nobody signs in (no App Service Authentication here): the pages ask for a name instead. Export
# Pages__AllowAnonymous=false to see the sign-in redirect; outside Development the app refuses true at start.
# Pages by SMS and phone without a provider: texts and calls arrive in smtp4dev as mail to {number}@sms.localhost and
# {number}@call.localhost (LocalHost__SmsToMail=false: off).
LocalHost__SmsToMail="${LocalHost__SmsToMail:-true}" \
Pages__AllowAnonymous="${Pages__AllowAnonymous:-true}" setsid dotnet run --no-build --project src/OnDuty.LocalHost -- --settings "$PWD/local.settings.json" &
PIDS+=($!)
wait "${PIDS[-1]}"

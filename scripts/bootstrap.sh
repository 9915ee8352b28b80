# Shared by run.sh and test.sh: installs what the project needs from its own files.
# Sourced, not executed.

require() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: '$1' is required ($2)" >&2; exit 1; }
}

bootstrap() {
  require dotnet "install the .NET 10 SDK"
  require node "install Node.js 20 or later"
  require npm "it comes with Node.js"

  # Azurite, pinned by package.json + package-lock.json; reinstalled when the lock changes.
  local stamp="node_modules/.onduty-lock-stamp"
  if [[ ! -x node_modules/.bin/azurite-table || ! -f "$stamp" || package-lock.json -nt "$stamp" ]]; then
    echo "==> npm ci (Azurite)"
    npm ci --no-audit --no-fund --loglevel=error
    touch "$stamp"
  fi

  # smtp4dev, pinned by .config/dotnet-tools.json.
  echo "==> dotnet tool restore (smtp4dev)"
  dotnet tool restore >/dev/null

  # local.settings.json: created from the sample, or given the settings a newer sample brings (never one the user removed).
  node scripts/merge-local-settings.js
}

# wait_for_port HOST PORT SECONDS NAME
wait_for_port() {
  local host=$1 port=$2 seconds=$3 name=$4
  for ((i = 0; i < seconds * 5; i++)); do
    if (echo >"/dev/tcp/$host/$port") 2>/dev/null; then
      return 0
    fi
    sleep 0.2
  done
  echo "error: $name did not open $host:$port within ${seconds}s" >&2
  return 1
}

port_in_use() {
  (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

#!/usr/bin/env bash
# Runs the whole test suite. Tests start what they need (Azurite, smtp4dev, loopback fakes) on free
# loopback ports, so nothing needs to be running first. Extra arguments go to `dotnet test`
# (e.g. ./test.sh --filter "FullyQualifiedName~Rotations").
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
bootstrap

# The PM pages' browser test drives Debian's Chromium through chromium-driver (Selenium.WebDriver).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "==> apt-get install chromium chromium-driver fonts-noto-cjk (the PM pages' browser test)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
  else
    echo "error: the PM pages' browser test needs Chromium: sudo apt-get install -y chromium chromium-driver fonts-noto-cjk" >&2
    exit 1
  fi
fi

echo "==> building"
dotnet build Serverless.sln --nologo -v quiet -clp:ErrorsOnly

# A test process that ends before its Azurite's exit handler ran leaves that Azurite orphaned (parent 1): the run's end removes
# such orphans of this checkout (never run.sh's Azurite, whose parent is its shell, nor another checkout's).
reap_test_azurites() {
  ps -eo pid=,ppid=,args= | awk -v bin="$PWD/node_modules/.bin/azurite" '$2 == 1 && index($0, bin) && index($0, "--inMemoryPersistence") { print $1 }' \
    | xargs -r kill -9 2>/dev/null || true
}
trap reap_test_azurites EXIT

echo "==> testing"
start=$SECONDS
dotnet test Serverless.sln --no-build --nologo --logger "console;verbosity=minimal" "$@"
echo "==> all tests passed in $((SECONDS - start))s"

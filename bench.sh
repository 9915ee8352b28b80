#!/usr/bin/env bash
# Measures OnDuty at its busiest (alert storm, open list, on call, schedule, start-up, memory) against raw Table Storage
# inserts measured in the same run. Release build, in-memory Azurite, loopback servers, free ports; leaves nothing running.
# Prints a table and writes artifacts/bench/summary.json.   ./bench.sh [--quick]
set -euo pipefail
cd "$(dirname "$0")"
source scripts/bootstrap.sh
bootstrap

echo "==> building (Release)"
dotnet build src/OnDuty.LocalHost -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet build tests/OnDuty.Benchmarks -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet run -c Release --no-build --project tests/OnDuty.Benchmarks -- scenarios "$@"

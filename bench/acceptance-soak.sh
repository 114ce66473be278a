#!/usr/bin/env bash
# Leak soak of acceptance mode on the twin (issue 11): DEEPTHOUGHT_SOAK_RUNS runs (default 20) of `deepthought run`
# (Gateway + Policy, acceptance) as a real child process attached to an in-process twin — odd runs fail at a random
# step (a twin fault scenario), even runs get SIGINT at a random moment (0.5–20 s) — each checked for objects left
# labelled app.kubernetes.io/managed-by=deepthought-conformance and for the Server/ServerAuthorization being exactly
# as before. Prints one line per run and the SIGINT→exit median and max. Build first (dotnet build).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEEPTHOUGHT_SOAK_RUNS="${DEEPTHOUGHT_SOAK_RUNS:-20}"
export DEEPTHOUGHT_SOAK_SEED="${DEEPTHOUGHT_SOAK_SEED:-11}"
dotnet test tests/Deepthought.Tests --no-build \
  --filter "FullyQualifiedName~InterruptedRunTests.Soak_RunsFailingAtAStepOrInterruptedBySigint_LeaveNothingAndRestoreEverything" \
  --logger "console;verbosity=detailed" | grep -E "run [0-9]+:|soak:|Passed|Failed" | sed 's/^\[xUnit[^]]*\] *//' | awk '!seen[$0]++'

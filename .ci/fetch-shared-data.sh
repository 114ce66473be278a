#!/usr/bin/env bash
# Hosted CI only: writes the fidelity tests' upstream manifests (the ones ../shared/data holds on the project's own
# machines) into the folder given, from tagged upstream releases. Never used where ../shared/data exists.
set -euo pipefail
out=${1:?usage: fetch-shared-data.sh FOLDER}
mkdir -p "$out"
gh=https://github.com
raw=https://raw.githubusercontent.com
curl -fsSL --max-time 60 "$gh/kubernetes-sigs/gateway-api/releases/download/v1.2.1/standard-install.yaml" \
  -o "$out/gateway-api-v1.2.1-standard-install.yaml"
# emojivoto: the rendered deployment the seed pipes into kubectl apply (the repository root emojivoto.yml)
curl -fsSL --max-time 60 "$raw/BuoyantIO/emojivoto/main/emojivoto.yml" -o "$out/emojivoto.yml"
curl -fsSL --max-time 60 "$raw/rook/rook/v1.19.10/deploy/examples/crds.yaml" \
  -o "$out/rook-v1.19.10-cephcluster-cephblockpool-crds.yaml"  # all of Rook's CRDs: a superset of the two the tests read
ls -l "$out"

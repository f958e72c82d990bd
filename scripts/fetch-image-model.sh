#!/usr/bin/env bash
# Fetches the image encoder's weights at setup time (never at run time): the Keras MobileNetV2 that
# the npm package nsfwjs@4.4.0 (MIT) bundles, unpacked into the TF.js layers-model layout
#   $DEST/model.json         (modelTopology + weightsManifest)
#   $DEST/group1-shard1of1   (binary weights, uint8-quantized)
# DEST defaults to ~/.cache/hisam/nsfwjs-4.4.0/mobilenet_v2 (where the encoder and its tests look;
# override with HISAM_IMAGE_MODEL / -Dhisam.image.model). Needs npm, node, tar, sha256sum.
set -euo pipefail
VERSION=4.4.0
SHA256=585cd178f3b994337c4d10a87b080d342fc52f8b9bf0085c4d1f345a3a1c5382
DEST="${1:-${HISAM_IMAGE_MODEL:-$HOME/.cache/hisam/nsfwjs-$VERSION/mobilenet_v2}}"
if [ -s "$DEST/model.json" ] && [ -s "$DEST/group1-shard1of1" ]; then
  echo "image model already present in $DEST"
  exit 0
fi
for tool in npm node tar sha256sum; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed to fetch the image model" >&2; exit 1; }
done
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "nsfwjs@$VERSION" >/dev/null)
TGZ="$WORK/nsfwjs-$VERSION.tgz"
echo "$SHA256  $TGZ" | sha256sum -c --quiet - || { echo "error: checksum mismatch for $TGZ" >&2; exit 1; }
tar -xzf "$TGZ" -C "$WORK" package/dist/models/mobilenet_v2 package/LICENSE
SRC="$WORK/package/dist/models/mobilenet_v2"
mkdir -p "$(dirname "$DEST")"
TMP="$DEST.tmp-$$"
rm -rf "$TMP" && mkdir -p "$TMP"
# the model files are UMD modules exporting the model.json object and the base64 shard string
node -e '
const fs = require("fs"), path = require("path");
const [src, out] = process.argv.slice(1);
const model = require(path.join(src, "model.min.js"));
fs.writeFileSync(path.join(out, "model.json"), JSON.stringify(model));
for (const group of model.weightsManifest) {
  for (const p of group.paths) {
    const b64 = require(path.join(src, p + ".min.js"));
    fs.writeFileSync(path.join(out, p), Buffer.from(b64, "base64"));
  }
}' "$SRC" "$TMP"
cp "$WORK/package/LICENSE" "$TMP/LICENSE.nsfwjs"
rm -rf "$DEST" && mv "$TMP" "$DEST"
echo "image model written to $DEST"

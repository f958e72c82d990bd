// Golden values for the image encoder test, computed by TF.js itself (an independent
// implementation of the same Keras model): pooled out_relu (1280) and block_10_project_BN (96)
// features of a synthetic 224x224 input v(y,x,c) = ((7y + 13x + 29c) mod 256) / 255.
// Test tooling only, never run by the product. Usage:
//   npm install @tensorflow/tfjs@4.22.0   (in some scratch directory; set NODE_PATH to its node_modules)
//   node encode/tools/mobilenet_golden.js <model dir> > encode/src/test/resources/golden/mobilenet_synthetic.json
const tf = require("@tensorflow/tfjs");
const fs = require("fs");
const path = require("path");

async function main() {
  const dir = process.argv[2];
  const json = JSON.parse(fs.readFileSync(path.join(dir, "model.json"), "utf8"));
  const specs = [];
  const buffers = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) buffers.push(fs.readFileSync(path.join(dir, p)));
  }
  const all = Buffer.concat(buffers);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  const model = await tf.loadLayersModel(tf.io.fromMemory(json.modelTopology, specs, weightData));
  const size = 224;
  const data = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++)
      for (let c = 0; c < 3; c++) data[(y * size + x) * 3 + c] = ((7 * y + 13 * x + 29 * c) % 256) / 255;
  const input = tf.tensor4d(data, [1, size, size, 3]);
  const sub = tf.model({
    inputs: model.inputs,
    outputs: [model.getLayer("out_relu").output, model.getLayer("block_10_project_BN").output],
  });
  const [top, mid] = sub.predict(input);
  const pooled = Array.from(top.mean([1, 2]).dataSync());
  const block10 = Array.from(mid.mean([1, 2]).dataSync());
  process.stdout.write(JSON.stringify({ tfjs: tf.version.tfjs, out_relu: pooled, block_10_project_BN: block10 }) + "\n");
}
main();

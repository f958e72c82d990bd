/** Text encoder: in-process ONNX all-MiniLM-L6-v2 (quantized) sentence embeddings. */
package dev.hisam.encode.text;

/** DJL/PyTorch training pieces of the neural tokenizers: parameters, AdamW, residual VQ, losses. */
package dev.hisam.tokenizer.nn;

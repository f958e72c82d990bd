/** The {@code hisam tokenize} command: item embeddings (cached) to semantic IDs with reports. */
package dev.hisam.cli.tokenize;

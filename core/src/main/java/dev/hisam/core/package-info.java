/**
 * What every stage shares: seeds, hashing, JSON, and the errors that name a file, line and field.
 */
package dev.hisam.core;

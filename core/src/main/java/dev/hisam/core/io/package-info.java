/** Run directories and atomic writes: nothing is visible under its final name until complete. */
package dev.hisam.core.io;

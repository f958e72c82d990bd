/** The {@code hisam} command line: argument parsing, progress bars, run directories, exit codes. */
package dev.hisam.cli;

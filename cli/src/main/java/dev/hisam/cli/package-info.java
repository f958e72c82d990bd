/** Module cli. */
package dev.hisam.cli;

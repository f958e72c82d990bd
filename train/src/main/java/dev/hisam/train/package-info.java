/** Module train. */
package dev.hisam.train;
